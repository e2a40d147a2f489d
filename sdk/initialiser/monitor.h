/*
 * The monitor: what the initialiser becomes once the system runs. It takes
 * passive PDs' scheduling contexts after their init() and reports faults of
 * PDs without a parent (name, fault kind, address, registers), leaving
 * that PD stopped while the rest runs on.
 */
#ifndef INIT_MONITOR_H
#define INIT_MONITOR_H

#include "spec.h"

_Noreturn void monitor_run(const spec_t *spec);

#endif /* INIT_MONITOR_H */

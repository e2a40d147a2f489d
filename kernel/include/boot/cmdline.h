/*
 * The kernel command line (Multiboot, QEMU -append): space-separated
 * `name` or `name=value` options. Unknown options are ignored.
 */
#ifndef BOOT_CMDLINE_H
#define BOOT_CMDLINE_H

#include "../types.h"

/*
 * Whether `name` appears as an option; if it has a decimal `=value` and
 * value is not NULL, stores it (0 when missing or not a number).
 */
bool cmdline_option(const char *line, const char *name, word_t *value);

/* Applies the generic options (see docs/architecture.md, "Kernel command line"). */
void cmdline_apply(const char *line);

#endif /* BOOT_CMDLINE_H */

/*
 * Helpers the system tool's unit tests share: parsing and checking a
 * description held in a string, with the diagnostics captured in memory.
 */
#ifndef TESTS_UNIT_SDK_TEST_H
#define TESTS_UNIT_SDK_TEST_H

#include <stdbool.h>

#include "model.h"

/*
 * Parses xml into sys (zeroed first) and, if that succeeds and `check` is
 * set, checks it. Returns the number of errors; the diagnostics are kept
 * for sdk_test_messages().
 */
unsigned sdk_test_load(system_t *sys, const char *xml, bool check);

/* The diagnostics of the last sdk_test_load(), one per line, in line order. */
const char *sdk_test_messages(void);

#endif /* TESTS_UNIT_SDK_TEST_H */

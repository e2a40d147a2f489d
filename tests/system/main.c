/*
 * The system test root task. With no arguments it runs every registered test
 * and ends the machine with the result; with `fault=<case>` it performs one
 * forbidden operation, which the kernel must stop (tools/run-system-tests
 * checks the report).
 */
#include <stdarg.h>

#include <stdio.h>
#include <string.h>

#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "test.h"

extern const systest_t __start_cairn_tests[];
extern const systest_t __stop_cairn_tests[];

static char failure[200];
static int failed;

void systest_fail(const char *file, int line, const char *fmt, ...)
{
    va_list args;

    if (failed) {
        return;
    }
    failed = 1;
    int n = snprintf(failure, sizeof(failure), "%s:%d: ", file, line);
    if (n < 0 || (size_t)n >= sizeof(failure)) {
        return; /* the location alone fills the buffer: report what fitted */
    }
    va_start(args, fmt);
    /* A message too long for the buffer is cut short; its start is enough. */
    (void)vsnprintf(failure + n, sizeof(failure) - (size_t)n, fmt, args);
    va_end(args);
}

enum {
    MAX_COVERED = 512, /* (method, error) pairs; the interface has about 170 */
};

static const char *covered[MAX_COVERED][2];
static unsigned covered_count;

void systest_covered(int label, const char *label_name, const char *error_name)
{
    (void)label; /* only there to make the compiler check the label exists */
    for (unsigned i = 0; i < covered_count; i++) {
        if (strcmp(covered[i][0], label_name) == 0 && strcmp(covered[i][1], error_name) == 0) {
            return;
        }
    }
    if (covered_count < MAX_COVERED) {
        covered[covered_count][0] = label_name;
        covered[covered_count][1] = error_name;
        covered_count++;
    }
}

static void print_covered(void)
{
    for (unsigned i = 0; i < covered_count; i++) {
        printf("covered: %s %s\n", covered[i][0], covered[i][1]);
    }
}

int systest_failed(void)
{
    return failed;
}

enum {
    MAX_TESTS = 512,
};

static const systest_t *order[MAX_TESTS];

/* Registration order depends on the compiler and the link; IDs do not. */
static unsigned sort_by_id(void)
{
    unsigned n = 0;

    /* cppcheck-suppress comparePointers ; ld's __start_/__stop_ bound one section */
    for (const systest_t *t = __start_cairn_tests; t < __stop_cairn_tests && n < MAX_TESTS; t++) {
        unsigned i = n++;
        while (i > 0 && strcmp(order[i - 1]->id, t->id) > 0) {
            order[i] = order[i - 1];
            i--;
        }
        order[i] = t;
    }
    return n;
}

static int run_all(void)
{
    unsigned passed = 0;
    unsigned total = 0;
    unsigned count = sort_by_id();

    printf("systest: %u tests\n", count);
    for (unsigned i = 0; i < count; i++) {
        const systest_t *t = order[i];
        failed = 0;
        t->fn();
        total++;
        if (failed) {
            printf("not ok %u %s - %s\n  # %s\n", total, t->id, t->name, failure);
        } else {
            passed++;
            printf("ok %u %s - %s\n", total, t->id, t->name);
        }
    }
    print_covered();
    printf("%u passed, %u failed\n", passed, total - passed);
    /* cppcheck-suppress comparePointers ; ld's __start_/__stop_ bound one section */
    unsigned registered = (unsigned)(__stop_cairn_tests - __start_cairn_tests);
    return passed == total && total > 0 && count == registered ? 0 : 1;
}

int main(void)
{
    const char *args = sel4_root_args();

    if (strncmp(args, "fault=", 6) == 0) {
        if (!systest_run_fault_case(args + 6)) {
            printf("systest: unknown fault case '%s'\n", args + 6);
            return 1;
        }
        /* The case's forbidden operation returned: the kernel let it through. */
        printf("systest: fault case '%s' survived\n", args + 6);
        return 1;
    }
    return run_all();
}

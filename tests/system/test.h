/*
 * The in-QEMU system test framework. A test is a function registered with
 * DEFINE_TEST under a stable ID; the harness (main.c) runs every test in ID
 * order, prints `ok`/`not ok` per test and ends with "N passed, N failed".
 * CHECK* stop the current test at the first failed condition.
 */
#ifndef SYSTEST_TEST_H
#define SYSTEST_TEST_H

#include <sel4/sel4.h>

typedef struct {
    const char *id;   /* stable: results are compared by it across runs */
    const char *name; /* what the test establishes */
    void (*fn)(void);
} systest_t;

#define DEFINE_TEST(test_id, text)                                    \
    static void test_##test_id(void);                                 \
    static const systest_t systest_##test_id                          \
        __attribute__((used, section("cairn_tests"), aligned(8))) = { \
            #test_id,                                                 \
            text,                                                     \
            test_##test_id,                                           \
        };                                                            \
    static void test_##test_id(void)

/* Records a failure of the running test (first one wins). */
void systest_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* True once the running test has failed. */
int systest_failed(void);

#define CHECK(cond)                                               \
    do {                                                          \
        if (!(cond)) {                                            \
            systest_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
            return;                                               \
        }                                                         \
    } while (0)

#define CHECK_EQ(a, b)                                                                     \
    do {                                                                                   \
        seL4_Word check_a_ = (seL4_Word)(a);                                               \
        seL4_Word check_b_ = (seL4_Word)(b);                                               \
        if (check_a_ != check_b_) {                                                        \
            systest_fail(__FILE__, __LINE__, "%s == %s: 0x%lx != 0x%lx", #a, #b, check_a_, \
                         check_b_);                                                        \
            return;                                                                        \
        }                                                                                  \
    } while (0)

/*
 * Checks that an invocation gave `err`, and records that it provoked that
 * error of method `label` (an invocation label): tools/run-system-tests
 * checks every (method, error) pair the interface lists was provoked.
 */
#define CHECK_ERROR(label, err, expr)                                                         \
    do {                                                                                      \
        seL4_Error check_e_ = (seL4_Error)(expr);                                             \
        if (check_e_ != (err)) {                                                              \
            systest_fail(__FILE__, __LINE__, "%s gave %d, expected %s", #expr, (int)check_e_, \
                         #err);                                                               \
            return;                                                                           \
        }                                                                                     \
        systest_covered((label), #label, #err);                                               \
    } while (0)

/* Records that a (method, error) pair was provoked; printed once after the suite. */
void systest_covered(int label, const char *label_name, const char *error_name);

/* The fault cases (faults.c): runs the one named `name`; false if unknown. */
int systest_run_fault_case(const char *name);

#endif /* SYSTEST_TEST_H */

/*
 * Unit tests for the two-level priority bitmap (kernel/sched/prio_bitmap.c):
 * set, clear and highest across the four 64-priority groups, including the
 * edges 0 and 255.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <cmocka.h>

#include "sched/prio_bitmap.h"

static void test_new_bitmap_is_empty(void **state)
{
    prio_bitmap_t bm = { 0 };

    (void)state;
    assert_true(prio_bitmap_is_empty(&bm));
    for (unsigned p = 0; p < NUM_PRIORITIES; p++) {
        assert_false(prio_bitmap_is_set(&bm, p));
    }
}

static void test_set_and_clear_single_priority(void **state)
{
    prio_bitmap_t bm = { 0 };

    (void)state;
    prio_bitmap_set(&bm, 70);
    assert_true(prio_bitmap_is_set(&bm, 70));
    assert_false(prio_bitmap_is_set(&bm, 69));
    assert_false(prio_bitmap_is_set(&bm, 6));
    assert_false(prio_bitmap_is_empty(&bm));
    assert_int_equal(prio_bitmap_highest(&bm), 70);
    prio_bitmap_clear(&bm, 70);
    assert_false(prio_bitmap_is_set(&bm, 70));
    assert_true(prio_bitmap_is_empty(&bm));
}

static void test_edges_zero_and_255(void **state)
{
    prio_bitmap_t bm = { 0 };

    (void)state;
    prio_bitmap_set(&bm, 0);
    assert_int_equal(prio_bitmap_highest(&bm), 0);
    prio_bitmap_set(&bm, 255);
    assert_int_equal(prio_bitmap_highest(&bm), 255);
    prio_bitmap_clear(&bm, 255);
    assert_int_equal(prio_bitmap_highest(&bm), 0);
    prio_bitmap_clear(&bm, 0);
    assert_true(prio_bitmap_is_empty(&bm));
}

static void test_highest_across_groups(void **state)
{
    prio_bitmap_t bm = { 0 };

    (void)state;
    prio_bitmap_set(&bm, 5);
    prio_bitmap_set(&bm, 64);
    prio_bitmap_set(&bm, 130);
    prio_bitmap_set(&bm, 191);
    assert_int_equal(prio_bitmap_highest(&bm), 191);
    prio_bitmap_clear(&bm, 191);
    assert_int_equal(prio_bitmap_highest(&bm), 130);
    prio_bitmap_clear(&bm, 130);
    assert_int_equal(prio_bitmap_highest(&bm), 64);
    prio_bitmap_clear(&bm, 64);
    assert_int_equal(prio_bitmap_highest(&bm), 5);
}

static void test_group_stays_set_while_any_member_set(void **state)
{
    prio_bitmap_t bm = { 0 };

    (void)state;
    prio_bitmap_set(&bm, 128);
    prio_bitmap_set(&bm, 191);
    prio_bitmap_clear(&bm, 191);
    assert_false(prio_bitmap_is_empty(&bm));
    assert_int_equal(prio_bitmap_highest(&bm), 128);
}

static void test_clear_of_unset_priority_changes_nothing(void **state)
{
    prio_bitmap_t bm = { 0 };

    (void)state;
    prio_bitmap_set(&bm, 100);
    prio_bitmap_clear(&bm, 101);
    prio_bitmap_clear(&bm, 200);
    assert_true(prio_bitmap_is_set(&bm, 100));
    assert_int_equal(prio_bitmap_highest(&bm), 100);
}

static void test_every_priority_is_its_own_highest(void **state)
{
    (void)state;
    for (unsigned p = 0; p < NUM_PRIORITIES; p++) {
        prio_bitmap_t bm = { 0 };
        prio_bitmap_set(&bm, 0);
        prio_bitmap_set(&bm, p);
        assert_int_equal(prio_bitmap_highest(&bm), p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_bitmap_is_empty),
        cmocka_unit_test(test_set_and_clear_single_priority),
        cmocka_unit_test(test_edges_zero_and_255),
        cmocka_unit_test(test_highest_across_groups),
        cmocka_unit_test(test_group_stays_set_while_any_member_set),
        cmocka_unit_test(test_clear_of_unset_priority_changes_nothing),
        cmocka_unit_test(test_every_priority_is_its_own_highest),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

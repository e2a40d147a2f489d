/*
 * Unit tests for the boot free-memory list (kernel/boot/regions.c): add with
 * merging, remove with trimming and splitting (a failed remove changes
 * nothing), highest-fit allocation, totals, and the untyped block split.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "boot/regions.h"

static region_list_t list;
static region_list_t before; /* snapshot for "a failed call changes nothing" */

static int setup(void **state)
{
    (void)state;
    memset(&list, 0, sizeof(list));
    return 0;
}

static void assert_range(unsigned i, paddr_t base, paddr_t end)
{
    assert_true(i < list.count);
    assert_int_equal(list.r[i].base, base);
    assert_int_equal(list.r[i].end, end);
}

/* Fills the list to capacity with disjoint ranges [k*0x10000, k*0x10000 + 0x8000). */
static void fill_list(void)
{
    for (paddr_t k = 1; k <= REGION_LIST_MAX; k++) {
        assert_true(region_list_add(&list, k * 0x10000, k * 0x10000 + 0x8000));
    }
    assert_int_equal(list.count, REGION_LIST_MAX);
}

static void test_add_keeps_sorted(void **state)
{
    (void)state;
    assert_true(region_list_add(&list, 0x5000, 0x6000));
    assert_true(region_list_add(&list, 0x1000, 0x2000));
    assert_true(region_list_add(&list, 0x3000, 0x4000));
    assert_int_equal(list.count, 3);
    assert_range(0, 0x1000, 0x2000);
    assert_range(1, 0x3000, 0x4000);
    assert_range(2, 0x5000, 0x6000);
}

static void test_add_merges_touching_and_overlapping(void **state)
{
    (void)state;
    region_list_add(&list, 0x1000, 0x2000);
    region_list_add(&list, 0x3000, 0x4000);
    region_list_add(&list, 0x6000, 0x7000);
    /* Touches the first, overlaps the second: all three of them merge. */
    assert_true(region_list_add(&list, 0x2000, 0x3800));
    assert_int_equal(list.count, 2);
    assert_range(0, 0x1000, 0x4000);
    /* Covers everything. */
    assert_true(region_list_add(&list, 0x800, 0x8000));
    assert_int_equal(list.count, 1);
    assert_range(0, 0x800, 0x8000);
}

static void test_add_empty_range_is_noop(void **state)
{
    (void)state;
    assert_true(region_list_add(&list, 0x2000, 0x2000));
    assert_true(region_list_add(&list, 0x3000, 0x2000));
    assert_int_equal(list.count, 0);
}

static void test_add_to_full_list_fails_but_merge_succeeds(void **state)
{
    (void)state;
    fill_list();
    assert_false(region_list_add(&list, 0x1000000, 0x1001000));
    assert_int_equal(list.count, REGION_LIST_MAX);
    assert_true(region_list_add(&list, 0x18000, 0x19000));
    assert_range(0, 0x10000, 0x19000);
}

static void test_remove_trims_ends(void **state)
{
    (void)state;
    region_list_add(&list, 0x1000, 0x5000);
    assert_true(region_list_remove(&list, 0x0, 0x2000));
    assert_true(region_list_remove(&list, 0x4000, 0x9000));
    assert_int_equal(list.count, 1);
    assert_range(0, 0x2000, 0x4000);
}

static void test_remove_splits(void **state)
{
    (void)state;
    region_list_add(&list, 0x1000, 0x9000);
    region_list_add(&list, 0x10000, 0x11000);
    assert_true(region_list_remove(&list, 0x3000, 0x4000));
    assert_int_equal(list.count, 3);
    assert_range(0, 0x1000, 0x3000);
    assert_range(1, 0x4000, 0x9000);
    assert_range(2, 0x10000, 0x11000);
}

static void test_remove_covering_gaps(void **state)
{
    (void)state;
    region_list_add(&list, 0x1000, 0x2000);
    region_list_add(&list, 0x3000, 0x4000);
    region_list_add(&list, 0x5000, 0x6000);
    region_list_add(&list, 0x7000, 0x8000);
    assert_true(region_list_remove(&list, 0x1800, 0x5800));
    assert_int_equal(list.count, 3);
    assert_range(0, 0x1000, 0x1800);
    assert_range(1, 0x5800, 0x6000);
    assert_range(2, 0x7000, 0x8000);
}

static void test_remove_outside_changes_nothing(void **state)
{
    (void)state;
    region_list_add(&list, 0x1000, 0x2000);
    assert_true(region_list_remove(&list, 0x2000, 0x3000));
    assert_true(region_list_remove(&list, 0x0, 0x1000));
    assert_int_equal(list.count, 1);
    assert_range(0, 0x1000, 0x2000);
}

static void test_remove_split_of_full_list_fails_unchanged(void **state)
{
    (void)state;
    fill_list();
    before = list;
    assert_false(region_list_remove(&list, 0x11000, 0x12000));
    assert_memory_equal(&list, &before, sizeof(list));
    /* Trimming needs no slot, so it still works on a full list. */
    assert_true(region_list_remove(&list, 0x10000, 0x11000));
    assert_range(0, 0x11000, 0x18000);
}

static void test_alloc_takes_highest_fit(void **state)
{
    (void)state;
    region_list_add(&list, 0x100000, 0x200000);
    region_list_add(&list, 0x400000, 0x402000);
    assert_int_equal(region_list_alloc(&list, 0x1000, 12, ~(paddr_t)0), 0x401000);
    assert_range(1, 0x400000, 0x401000);
    assert_int_equal(region_list_total(&list), 0x101000);
}

static void test_alloc_respects_alignment(void **state)
{
    (void)state;
    region_list_add(&list, 0x100000, 0x2ff000);
    assert_int_equal(region_list_alloc(&list, 0x1000, 21, ~(paddr_t)0), 0x200000);
    /* The aligned block came out of the middle: the range is split. */
    assert_int_equal(list.count, 2);
    assert_range(0, 0x100000, 0x200000);
    assert_range(1, 0x201000, 0x2ff000);
}

static void test_alloc_respects_limit(void **state)
{
    (void)state;
    region_list_add(&list, 0x100000, 0x200000);
    region_list_add(&list, 0x40000000, 0x40100000);
    assert_int_equal(region_list_alloc(&list, 0x1000, 12, 0x180000), 0x17f000);
    assert_int_equal(region_list_alloc(&list, 0x1000, 12, 0x100000), 0);
}

static void test_alloc_skips_ranges_too_small(void **state)
{
    (void)state;
    region_list_add(&list, 0x100000, 0x104000);
    region_list_add(&list, 0x200000, 0x201000);
    assert_int_equal(region_list_alloc(&list, 0x4000, 12, ~(paddr_t)0), 0x100000);
    assert_int_equal(list.count, 1);
    assert_int_equal(region_list_alloc(&list, 0x2000, 12, ~(paddr_t)0), 0);
}

static void test_alloc_never_returns_zero_page(void **state)
{
    (void)state;
    region_list_add(&list, 0x0, 0x1000);
    assert_int_equal(region_list_alloc(&list, 0x1000, 12, ~(paddr_t)0), 0);
    assert_range(0, 0x0, 0x1000);
}

static void test_total(void **state)
{
    (void)state;
    assert_int_equal(region_list_total(&list), 0);
    region_list_add(&list, 0x1000, 0x3000);
    region_list_add(&list, 0x10000, 0x10800);
    assert_int_equal(region_list_total(&list), 0x2800);
}

static void test_split_aligned_range_is_one_block(void **state)
{
    untyped_block_t out[4];

    (void)state;
    assert_int_equal(untyped_split(0x200000, 0x400000, 4, 47, out, 4), 1);
    assert_int_equal(out[0].base, 0x200000);
    assert_int_equal(out[0].size_bits, 21);
}

static void test_split_natural_alignment(void **state)
{
    untyped_block_t out[8];

    (void)state;
    /* [0x3000, 0x10000): 0x3000/12, 0x4000/14, 0x8000/15. */
    assert_int_equal(untyped_split(0x3000, 0x10000, 12, 47, out, 8), 3);
    assert_int_equal(out[0].base, 0x3000);
    assert_int_equal(out[0].size_bits, 12);
    assert_int_equal(out[1].base, 0x4000);
    assert_int_equal(out[1].size_bits, 14);
    assert_int_equal(out[2].base, 0x8000);
    assert_int_equal(out[2].size_bits, 15);
}

static void test_split_drops_pieces_below_min(void **state)
{
    untyped_block_t out[8];

    (void)state;
    /* 0x10..0x100 and 0x1100..0x1180 are smaller than 2^8 blocks. */
    assert_int_equal(untyped_split(0x10, 0x1180, 8, 47, out, 8), 5);
    assert_int_equal(out[0].base, 0x100);
    assert_int_equal(out[0].size_bits, 8);
    assert_int_equal(out[3].base, 0x800);
    assert_int_equal(out[3].size_bits, 11);
    assert_int_equal(out[4].base, 0x1000);
    assert_int_equal(out[4].size_bits, 8);
    assert_int_equal(untyped_split(0x10, 0xf0, 8, 47, out, 8), 0);
}

static void test_split_caps_at_max_bits(void **state)
{
    untyped_block_t out[8];

    (void)state;
    assert_int_equal(untyped_split(0x0, 0x40000, 4, 16, out, 8), 4);
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(out[i].base, (paddr_t)i << 16);
        assert_int_equal(out[i].size_bits, 16);
    }
}

static void test_split_count_above_max_writes_only_max(void **state)
{
    untyped_block_t out[3];

    (void)state;
    memset(out, 0xee, sizeof(out));
    assert_int_equal(untyped_split(0x0, 0x40000, 4, 16, out, 2), 4);
    assert_int_equal(out[1].base, 0x10000);
    assert_int_equal(out[2].size_bits, 0xeeeeeeee);
}

static void test_split_top_of_address_space(void **state)
{
    untyped_block_t out[2];

    (void)state;
    assert_int_equal(untyped_split(0xfffffffffffff000ULL, 0xffffffffffffffffULL, 12, 47, out, 2),
                     0);
    assert_int_equal(untyped_split(0xffffffffffffe000ULL, 0xfffffffffffff000ULL, 12, 47, out, 2),
                     1);
    assert_int_equal(out[0].size_bits, 12);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_add_keeps_sorted, setup),
        cmocka_unit_test_setup(test_add_merges_touching_and_overlapping, setup),
        cmocka_unit_test_setup(test_add_empty_range_is_noop, setup),
        cmocka_unit_test_setup(test_add_to_full_list_fails_but_merge_succeeds, setup),
        cmocka_unit_test_setup(test_remove_trims_ends, setup),
        cmocka_unit_test_setup(test_remove_splits, setup),
        cmocka_unit_test_setup(test_remove_covering_gaps, setup),
        cmocka_unit_test_setup(test_remove_outside_changes_nothing, setup),
        cmocka_unit_test_setup(test_remove_split_of_full_list_fails_unchanged, setup),
        cmocka_unit_test_setup(test_alloc_takes_highest_fit, setup),
        cmocka_unit_test_setup(test_alloc_respects_alignment, setup),
        cmocka_unit_test_setup(test_alloc_respects_limit, setup),
        cmocka_unit_test_setup(test_alloc_skips_ranges_too_small, setup),
        cmocka_unit_test_setup(test_alloc_never_returns_zero_page, setup),
        cmocka_unit_test_setup(test_total, setup),
        cmocka_unit_test_setup(test_split_aligned_range_is_one_block, setup),
        cmocka_unit_test_setup(test_split_natural_alignment, setup),
        cmocka_unit_test_setup(test_split_drops_pieces_below_min, setup),
        cmocka_unit_test_setup(test_split_caps_at_max_bits, setup),
        cmocka_unit_test_setup(test_split_count_above_max_writes_only_max, setup),
        cmocka_unit_test_setup(test_split_top_of_address_space, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

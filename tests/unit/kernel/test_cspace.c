/*
 * Unit tests for CSpace addressing (kernel/cspace/lookup.c,
 * lookup_cnode_slot in kernel/api/invocation.c) and the derivation-tree list
 * operations (kernel/cspace/mdb.c), on hand-built CNodes in fake memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

/* cmocka's fail() macro would hide the kernel's fail() (api/invocation.h). */
#undef fail

#include <sel4/objecttype.h>

#include "cspace/mdb.h"
#include "cspace_fixture.h"
#include "object/object.h"

enum {
    MEM_BITS = 20,
    ROOT_RADIX = 8,
    UT_BITS = 18,
    /* The three-level CSpace built by three_levels(). */
    L1_RADIX = 3,
    L1_GUARD_BITS = 2,
    L1_GUARD = 1,
    L1_SLOT = 5,
    L2_RADIX = 5,
    L2_SLOT = 9,
    L2_EP_SLOT = 3,
    L3_RADIX = 2,
    L3_GUARD_BITS = 3,
    L3_GUARD = 4,
    L3_SLOT = 2,
    LEVEL_BITS = 5, /* each level resolves 5 bits */
};

static cte_t *l1;
static cte_t *l2;
static cte_t *l3;
static cap_t l1_cap;
static uint64_t ep_object[2] __attribute__((aligned(16)));

static int setup(void **state)
{
    (void)state;
    return fx_setup(MEM_BITS, ROOT_RADIX, UT_BITS);
}

static int teardown(void **state)
{
    (void)state;
    fx_teardown();
    return 0;
}

/* L1 (radix 3, guard 0b01) -> L2 (radix 5, no guard) -> L3 (radix 2, guard 0b100). */
static void three_levels(void)
{
    l1 = fx_alloc(L1_RADIX + SLOT_BITS);
    l2 = fx_alloc(L2_RADIX + SLOT_BITS);
    l3 = fx_alloc(L3_RADIX + SLOT_BITS);
    l1_cap = cap_cnode(l1, L1_RADIX, L1_GUARD_BITS, L1_GUARD);
    l1[L1_SLOT].cap = cap_cnode(l2, L2_RADIX, 0, 0);
    l2[L2_SLOT].cap = cap_cnode(l3, L3_RADIX, L3_GUARD_BITS, L3_GUARD);
    l2[L2_EP_SLOT].cap = cap_endpoint(ep_object, 0, RIGHTS_ALL);
    l3[L3_SLOT].cap = cap_endpoint(ep_object, 0, RIGHTS_ALL);
}

static word_t l1_bits(void)
{
    return ((word_t)L1_GUARD << L1_RADIX) | L1_SLOT;
}

/* The full 15-bit address of L3[L3_SLOT]. */
static word_t l3_address(void)
{
    word_t l3_bits = ((word_t)L3_GUARD << L3_RADIX) | L3_SLOT;
    return (((l1_bits() << LEVEL_BITS) | L2_SLOT) << LEVEL_BITS) | l3_bits;
}

static void assert_fault(const lookup_fault_t *f, lookup_failure_type_t type, word_t left,
                         word_t found, word_t guard)
{
    assert_int_equal(f->type, type);
    assert_int_equal(f->bits_left, left);
    assert_int_equal(f->bits_found, found);
    assert_int_equal(f->guard_found, guard);
}

static void test_guard_match_resolves_slot(void **state)
{
    cte_t *slot = NULL;
    unsigned left = 99;
    lookup_fault_t f;

    (void)state;
    three_levels();
    assert_true(cspace_resolve(l1_cap, l1_bits(), L1_RADIX + L1_GUARD_BITS, &slot, &left, &f));
    assert_ptr_equal(slot, &l1[L1_SLOT]);
    assert_int_equal(left, 0);
}

static void test_guard_mismatch_reports_bits(void **state)
{
    cte_t *slot = NULL;
    unsigned left = 0;
    lookup_fault_t f;

    (void)state;
    three_levels();
    /* guard bits 0b10 instead of 0b01 */
    assert_false(cspace_resolve(l1_cap, (2 << L1_RADIX) | L1_SLOT, 5, &slot, &left, &f));
    assert_fault(&f, LOOKUP_GUARD_MISMATCH, 5, L1_GUARD_BITS, L1_GUARD);
}

static void test_depth_shorter_than_guard_is_guard_mismatch(void **state)
{
    cte_t *slot = NULL;
    unsigned left = 0;
    lookup_fault_t f;

    (void)state;
    three_levels();
    assert_false(cspace_resolve(l1_cap, 0, 1, &slot, &left, &f));
    assert_fault(&f, LOOKUP_GUARD_MISMATCH, 1, L1_GUARD_BITS, L1_GUARD);
}

static void test_depth_too_short_for_radix_is_depth_mismatch(void **state)
{
    cte_t *slot = NULL;
    unsigned left = 0;
    lookup_fault_t f;

    (void)state;
    three_levels();
    /* 4 bits: the guard (2) matches, the radix (3) does not fit */
    assert_false(cspace_resolve(l1_cap, (L1_GUARD << 2) | 1, 4, &slot, &left, &f));
    assert_fault(&f, LOOKUP_DEPTH_MISMATCH, 4, L1_RADIX + L1_GUARD_BITS, 0);
}

static void test_three_levels_resolve(void **state)
{
    cte_t *slot = NULL;
    unsigned left = 99;
    lookup_fault_t f;

    (void)state;
    three_levels();
    assert_true(cspace_resolve(l1_cap, l3_address(), 3 * LEVEL_BITS, &slot, &left, &f));
    assert_ptr_equal(slot, &l3[L3_SLOT]);
    assert_int_equal(left, 0);
    /* Depth 10 stops at L2's slot even though it holds a CNode. */
    assert_true(
        cspace_resolve(l1_cap, l3_address() >> LEVEL_BITS, 2 * LEVEL_BITS, &slot, &left, &f));
    assert_ptr_equal(slot, &l2[L2_SLOT]);
    assert_int_equal(left, 0);
}

static void test_bits_exhausted_inside_guard_of_third_level(void **state)
{
    cte_t *slot = NULL;
    unsigned left = 0;
    lookup_fault_t f;

    (void)state;
    three_levels();
    /* 12 bits: 2 left at L3, whose guard alone needs 3 */
    assert_false(cspace_resolve(l1_cap, l3_address() >> 3, 12, &slot, &left, &f));
    assert_fault(&f, LOOKUP_GUARD_MISMATCH, 2, L3_GUARD_BITS, L3_GUARD);
}

static void test_bits_exhausted_inside_radix_of_third_level(void **state)
{
    cte_t *slot = NULL;
    unsigned left = 0;
    lookup_fault_t f;

    (void)state;
    three_levels();
    /* 13 bits: 3 left at L3, the guard matches, the radix does not fit */
    assert_false(cspace_resolve(l1_cap, l3_address() >> 2, 13, &slot, &left, &f));
    assert_fault(&f, LOOKUP_DEPTH_MISMATCH, 3, L3_RADIX + L3_GUARD_BITS, 0);
}

static void test_walk_stops_at_non_cnode_with_bits_left(void **state)
{
    cte_t *slot = NULL;
    unsigned left = 0;
    lookup_fault_t f;
    word_t cptr = (((l1_bits() << LEVEL_BITS) | L2_EP_SLOT) << LEVEL_BITS) | 0x1f;

    (void)state;
    three_levels();
    assert_true(cspace_resolve(l1_cap, cptr, 15, &slot, &left, &f));
    assert_ptr_equal(slot, &l2[L2_EP_SLOT]);
    assert_int_equal(left, LEVEL_BITS);
    /* An empty slot ends the walk the same way. */
    cptr = (((l1_bits() << LEVEL_BITS) | 4) << LEVEL_BITS) | 0x1f;
    assert_true(cspace_resolve(l1_cap, cptr, 15, &slot, &left, &f));
    assert_ptr_equal(slot, &l2[4]);
    assert_int_equal(left, LEVEL_BITS);
}

static void test_invalid_root(void **state)
{
    cte_t *slot = NULL;
    unsigned left = 0;
    lookup_fault_t f;

    (void)state;
    assert_false(cspace_resolve(cap_endpoint(ep_object, 0, RIGHTS_ALL), 0, 64, &slot, &left, &f));
    assert_fault(&f, LOOKUP_INVALID_ROOT, 0, 0, 0);
    assert_false(cspace_resolve(cap_null(), 0, 64, &slot, &left, &f));
    assert_int_equal(f.type, LOOKUP_INVALID_ROOT);
}

static void test_depth_64_root_and_high_bits(void **state)
{
    cap_t root = fx_slot(FX_SLOT_ROOT)->cap;
    cte_t *slot = NULL;
    unsigned left = 0;
    lookup_fault_t f;

    (void)state;
    assert_true(cspace_resolve(root, 17, 64, &slot, &left, &f));
    assert_ptr_equal(slot, fx_slot(17));
    /* At depth 64 every bit counts: a high bit breaks the guard. */
    assert_false(cspace_resolve(root, ((word_t)1 << 63) | 17, 64, &slot, &left, &f));
    assert_fault(&f, LOOKUP_GUARD_MISMATCH, 64, 64 - ROOT_RADIX, 0);
}

static void test_bits_beyond_depth_are_ignored(void **state)
{
    cte_t *slot = NULL;
    unsigned left = 0;
    lookup_fault_t f;

    (void)state;
    three_levels();
    word_t cptr = ((word_t)0xdeadbeef << 40) | l3_address();
    assert_true(cspace_resolve(l1_cap, cptr, 15, &slot, &left, &f));
    assert_ptr_equal(slot, &l3[L3_SLOT]);
}

static void test_guard_only_cnode_does_not_loop(void **state)
{
    cte_t *node = fx_alloc(SLOT_BITS);
    cte_t *slot = NULL;
    unsigned left = 0;
    lookup_fault_t f;

    (void)state;
    node[0].cap = cap_cnode(node, 0, 0, 0); /* radix 0, no guard: resolves nothing */
    assert_false(cspace_resolve(node[0].cap, 0, 64, &slot, &left, &f));
    assert_fault(&f, LOOKUP_DEPTH_MISMATCH, 64, 0, 0);
}

static void test_lookup_cnode_slot_rules(void **state)
{
    static invocation_t inv;
    cte_t *slot = NULL;

    (void)state;
    three_levels();
    memset(&inv, 0, sizeof(inv));
    assert_int_equal(lookup_cnode_slot(&inv, true, l1_cap, 0, 0, &slot), EXC_SYSCALL_ERROR);
    assert_int_equal(inv.error.type, seL4_RangeError);
    assert_int_equal(inv.error.range_min, 1);
    assert_int_equal(inv.error.range_max, 64);
    memset(&inv, 0, sizeof(inv));
    assert_int_equal(lookup_cnode_slot(&inv, true, l1_cap, 0, 65, &slot), EXC_SYSCALL_ERROR);
    assert_int_equal(inv.error.type, seL4_RangeError);
    /* A walk ending early at an endpoint leaves bits: depth mismatch. */
    word_t cptr = (((l1_bits() << LEVEL_BITS) | L2_EP_SLOT) << LEVEL_BITS) | 0x1f;
    memset(&inv, 0, sizeof(inv));
    assert_int_equal(lookup_cnode_slot(&inv, false, l1_cap, cptr, 15, &slot), EXC_SYSCALL_ERROR);
    assert_int_equal(inv.error.type, seL4_FailedLookup);
    assert_false(inv.error.lookup_source);
    assert_fault(&inv.error.lookup, LOOKUP_DEPTH_MISMATCH, LEVEL_BITS, 0, 0);
    /* Not a CNode: invalid root, before the depth is looked at. */
    memset(&inv, 0, sizeof(inv));
    assert_int_equal(lookup_cnode_slot(&inv, true, cap_null(), 0, 0, &slot), EXC_SYSCALL_ERROR);
    assert_int_equal(inv.error.type, seL4_FailedLookup);
    assert_true(inv.error.lookup_source);
    assert_int_equal(inv.error.lookup.type, LOOKUP_INVALID_ROOT);
    memset(&inv, 0, sizeof(inv));
    assert_int_equal(lookup_cnode_slot(&inv, true, l1_cap, l3_address(), 15, &slot), EXC_NONE);
    assert_ptr_equal(slot, &l3[L3_SLOT]);
}

static void test_thread_lookup_accepts_early_stop(void **state)
{
    cte_t *slot = NULL;
    lookup_fault_t f;

    (void)state;
    three_levels();
    fx_slot(40)->cap = l1_cap;
    /* All 64 bits from the root: 56 guard + 8 radix bits reach slot 40. */
    assert_true(cspace_lookup_slot(fx_slot(FX_SLOT_ROOT)->cap, 40, &slot, &f));
    assert_ptr_equal(slot, fx_slot(40));
    fx_slot(40)->cap = cap_null();
}

/* --- Derivation tree ---------------------------------------------------- */

static void test_copies_are_children_of_the_original(void **state)
{
    (void)state;
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, 20, 1), seL4_NoError);
    assert_int_equal(fx_copy(21, 20, RIGHTS_ALL), seL4_NoError);
    assert_true(mdb_is_parent_of(fx_slot(20), fx_slot(21)));
    assert_false(mdb_is_final(fx_slot(20)));
    assert_false(mdb_has_children(fx_slot(21)));
    assert_true(fx_has_children(FX_SLOT_UNTYPED));
    fx_assert_mdb();
    assert_int_equal(fx_revoke(20), seL4_NoError);
    assert_true(cap_is_null(fx_slot(21)->cap));
    assert_true(mdb_is_final(fx_slot(20)));
    fx_assert_mdb();
}

static void test_badged_subtree_revoke_keeps_other_badges(void **state)
{
    (void)state;
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, 20, 1), seL4_NoError);
    assert_int_equal(fx_mint(21, 20, RIGHTS_ALL, 5), seL4_NoError);
    assert_int_equal(fx_mint(22, 20, RIGHTS_ALL, 6), seL4_NoError);
    assert_int_equal(fx_copy(23, 21, RIGHTS_ALL), seL4_NoError);
    assert_int_equal(fx_copy(24, 22, RIGHTS_ALL), seL4_NoError);
    fx_assert_mdb();
    assert_true(fx_has_children(21));
    assert_int_equal(fx_revoke(21), seL4_NoError);
    assert_true(cap_is_null(fx_slot(23)->cap));
    assert_false(cap_is_null(fx_slot(24)->cap));
    assert_false(cap_is_null(fx_slot(22)->cap));
    fx_assert_mdb();
    /* Deleting badge 6's first capability leaves its copy first of that badge. */
    assert_int_equal(fx_delete(22), seL4_NoError);
    assert_true(mdb_first_badged(fx_slot(24)));
    fx_assert_mdb();
}

static void test_swap_neighbours_keeps_links(void **state)
{
    (void)state;
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, 20, 1), seL4_NoError);
    assert_int_equal(fx_copy(21, 20, RIGHTS_ALL), seL4_NoError);
    cap_t a = fx_slot(20)->cap;
    cap_t b = fx_slot(21)->cap;
    assert_ptr_equal(mdb_next(fx_slot(20)), fx_slot(21));
    mdb_swap(fx_slot(20), b, fx_slot(21), a);
    assert_ptr_equal(mdb_next(fx_slot(21)), fx_slot(20));
    assert_ptr_equal(mdb_prev(fx_slot(20)), fx_slot(21));
    fx_assert_mdb();
}

static void test_checker_catches_broken_link(void **state)
{
    (void)state;
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, 20, 2), seL4_NoError);
    assert_null(fx_check_mdb());
    cte_t *saved = fx_slot(21)->mdb.prev;
    fx_slot(21)->mdb.prev = NULL;
    assert_non_null(fx_check_mdb());
    fx_slot(21)->mdb.prev = saved;
    /* A capability inside the untyped but outside its subtree. */
    fx_slot(30)->cap = cap_endpoint((void *)(fx.ut_base + 0x1000), 0, RIGHTS_ALL);
    fx_slot(30)->mdb.next_flags = MDB_REVOCABLE;
    assert_non_null(fx_check_mdb());
    fx_slot(30)->cap = cap_null();
    fx_slot(30)->mdb.next_flags = 0;
    assert_null(fx_check_mdb());
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    static const struct CMUnitTest tests[] = {
        T(test_guard_match_resolves_slot),
        T(test_guard_mismatch_reports_bits),
        T(test_depth_shorter_than_guard_is_guard_mismatch),
        T(test_depth_too_short_for_radix_is_depth_mismatch),
        T(test_three_levels_resolve),
        T(test_bits_exhausted_inside_guard_of_third_level),
        T(test_bits_exhausted_inside_radix_of_third_level),
        T(test_walk_stops_at_non_cnode_with_bits_left),
        T(test_invalid_root),
        T(test_depth_64_root_and_high_bits),
        T(test_bits_beyond_depth_are_ignored),
        T(test_guard_only_cnode_does_not_loop),
        T(test_lookup_cnode_slot_rules),
        T(test_thread_lookup_accepts_early_stop),
        T(test_copies_are_children_of_the_original),
        T(test_badged_subtree_revoke_keeps_other_badges),
        T(test_swap_neighbours_keeps_links),
        T(test_checker_catches_broken_link),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

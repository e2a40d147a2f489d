/*
 * Unit tests for deletion and revocation (kernel/cspace/delete.c): nested
 * and cyclic CNodes destroyed through zombies, with and without forced
 * preemption, and a revoke of a very deep chain of untypeds. Every test
 * ends with the derivation-tree checker and an untyped with no children.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

/* cmocka's fail() macro would hide the kernel's fail() (api/invocation.h). */
#undef fail

#include <arch/host.h>
#include <invocation_labels.h>
#include <sel4/objecttype.h>

#include "cspace/delete.h"
#include "cspace/mdb.h"
#include "cspace_fixture.h"
#include "object/object.h"
#include "state.h"

enum {
    MEM_BITS = 20,
    ROOT_RADIX = 8,
    UT_BITS = 19,
    NEST_DEPTH = 50,
    NEST_RADIX = 2,
    NEST_FIRST = 20, /* root slots of the nested CNodes while building */
    NEST_EPS = 100,  /* ... and of their endpoints */
    NEST_TCB = 80,   /* the thread put in the innermost CNode */
    NEST_TCB_CNODE = 81,
    CHAIN_LENGTH = 10000,
    CHAIN_ROOT_RADIX = 14,
    CHAIN_MEM_BITS = 21,
    CHAIN_UT_BITS = 12,
    MAX_ATTEMPTS = 1000000,
};

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

/* CNode Move on the CNode at root slot `via`: dest (index, depth) from a root slot. */
static int move_into(word_t via, word_t dest_index, word_t dest_depth, word_t src)
{
    fx_call_t call = { CNodeMove, via,
                       4,         { dest_index, dest_depth, src, FX_ROOT_DEPTH },
                       1,         { FX_SLOT_ROOT, 0, 0 } };

    return fx_call(&call, &fx_last);
}

/* Every root slot but the fixture's own is empty, and nothing is left behind. */
static void assert_all_gone(void)
{
    for (word_t i = FX_FIRST_FREE; i < ((word_t)1 << fx.root_radix); i++) {
        if (!cap_is_null(fx_slot(i)->cap)) {
            FX_FAIL("root slot %lu still holds a capability", i);
        }
    }
    assert_null(ks_delete_active);
    assert_false(fx_has_children(FX_SLOT_UNTYPED));
    fx_assert_mdb();
}

/*
 * C0 (root slot NEST_FIRST) holds the only capability to C1 in slot 0, C1
 * holds C2, ... C49; each holds an endpoint in slot 1, and C49 holds a
 * thread whose CSpace root is the only capability to one more CNode.
 */
static void build_nest(void)
{
    assert_int_equal(
        fx_retype(FX_SLOT_UNTYPED, seL4_CapTableObject, NEST_RADIX, NEST_FIRST, NEST_DEPTH),
        seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, NEST_EPS, NEST_DEPTH),
                     seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_TCBObject, 0, NEST_TCB, 1), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_CapTableObject, 3, NEST_TCB_CNODE, 1),
                     seL4_NoError);
    tcb_t *tcb = cap_ptr(fx_slot(NEST_TCB)->cap);
    mdb_move(fx_slot(NEST_TCB_CNODE), &tcb_slots(tcb)[TCB_SLOT_CSPACE],
             fx_slot(NEST_TCB_CNODE)->cap);
    word_t last = NEST_FIRST + NEST_DEPTH - 1;
    assert_int_equal(move_into(last, 2, NEST_RADIX, NEST_TCB), seL4_NoError);
    for (word_t i = 0; i < NEST_DEPTH; i++) {
        assert_int_equal(move_into(NEST_FIRST + i, 1, NEST_RADIX, NEST_EPS + i), seL4_NoError);
    }
    for (word_t i = last; i > NEST_FIRST; i--) {
        assert_int_equal(move_into(i - 1, 0, NEST_RADIX, i), seL4_NoError);
    }
    fx_assert_mdb();
    assert_true(mdb_is_final(fx_slot(NEST_FIRST)));
}

static void test_delete_nested_cnodes(void **state)
{
    (void)state;
    build_nest();
    assert_int_equal(fx_delete(NEST_FIRST), seL4_NoError);
    assert_all_gone();
}

static void test_delete_nested_cnodes_preempted(void **state)
{
    (void)state;
    build_nest();
    host_set_interrupt_every(1);
    assert_int_equal(fx_delete(NEST_FIRST), seL4_NoError);
    host_set_interrupt_every(0);
    assert_true(fx.preemptions > 1);
    assert_all_gone();
}

static void test_revoke_untyped_under_nested_cnodes_preempted(void **state)
{
    (void)state;
    build_nest();
    host_set_interrupt_every(2);
    assert_int_equal(fx_revoke(FX_SLOT_UNTYPED), seL4_NoError);
    host_set_interrupt_every(0);
    assert_true(fx.preemptions > 1);
    assert_all_gone();
    /* The untyped starts over at its base. */
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, 20, 1), seL4_NoError);
    assert_ptr_equal(cap_ptr(fx_slot(20)->cap), (void *)fx.ut_base);
}

/*
 * A (root slot 20) and B (21), radix 2, each with an endpoint in slot 1;
 * then B[0] holds the only capability to A and A[0] the only one to B.
 * Returns B[0].
 */
static cte_t *build_cycle(void)
{
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_CapTableObject, 2, 20, 2), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, 30, 2), seL4_NoError);
    assert_int_equal(move_into(20, 1, 2, 30), seL4_NoError);
    assert_int_equal(move_into(21, 1, 2, 31), seL4_NoError);
    cte_t *b = cnode_slots(fx_slot(21)->cap);
    assert_int_equal(move_into(21, 0, 2, 20), seL4_NoError);
    /* B[0] -> A[0], 4 bits from B. */
    assert_int_equal(move_into(21, 0, 4, 21), seL4_NoError);
    assert_true(cap_is_null(fx_slot(20)->cap));
    assert_true(cap_is_null(fx_slot(21)->cap));
    assert_true(mdb_is_final(&b[0]));
    assert_int_equal(cap_type(cnode_slots(b[0].cap)[0].cap), CAP_CNODE);
    return &b[0];
}

static void delete_to_completion(cte_t *slot, bool check_between)
{
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
        if (cte_delete(slot) == EXC_NONE) {
            return;
        }
        if (check_between) {
            fx_assert_mdb();
        }
    }
    FX_FAIL("delete never completed");
}

static void test_delete_cycle_from_inside(void **state)
{
    (void)state;
    delete_to_completion(build_cycle(), true);
    assert_all_gone();
}

static void test_delete_cycle_from_inside_preempted(void **state)
{
    (void)state;
    cte_t *slot = build_cycle();
    host_set_interrupt_every(1);
    delete_to_completion(slot, false);
    host_set_interrupt_every(0);
    assert_all_gone();
}

static void test_leaked_cycle_reclaimed_by_revoke(void **state)
{
    (void)state;
    (void)build_cycle();
    fx_assert_mdb();
    assert_true(fx_has_children(FX_SLOT_UNTYPED));
    host_set_interrupt_every(1);
    assert_int_equal(fx_revoke(FX_SLOT_UNTYPED), seL4_NoError);
    host_set_interrupt_every(0);
    assert_all_gone();
}

static void test_cnode_holding_its_own_last_cap(void **state)
{
    (void)state;
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_CapTableObject, 2, 20, 1), seL4_NoError);
    cte_t *a = cnode_slots(fx_slot(20)->cap);
    assert_int_equal(move_into(20, 3, 2, 20), seL4_NoError);
    assert_true(mdb_is_final(&a[3]));
    delete_to_completion(&a[3], true);
    assert_all_gone();
}

static int chain_setup(void **state)
{
    (void)state;
    return fx_setup(CHAIN_MEM_BITS, CHAIN_ROOT_RADIX, CHAIN_UT_BITS);
}

/* Each untyped retyped from the previous one at the same size; revoke the root. */
static void test_revoke_deep_untyped_chain_preempted(void **state)
{
    (void)state;
    word_t prev = FX_SLOT_UNTYPED;
    for (word_t i = 0; i < CHAIN_LENGTH; i++) {
        word_t slot = FX_FIRST_FREE + i;
        assert_int_equal(fx_retype(prev, seL4_UntypedObject, CHAIN_UT_BITS, slot, 1), seL4_NoError);
        prev = slot;
    }
    assert_true(fx_has_children(FX_SLOT_UNTYPED));
    host_set_interrupt_every(3);
    fx_call_t call = { CNodeRevoke, FX_SLOT_ROOT, 2, { FX_SLOT_UNTYPED, FX_ROOT_DEPTH }, 0, { 0 } };
    int attempts = 0;
    exception_t status = EXC_PREEMPTED;
    while (status == EXC_PREEMPTED && attempts++ < MAX_ATTEMPTS) {
        status = fx_invoke_once(&call, &fx_last);
    }
    host_set_interrupt_every(0);
    assert_int_equal(status, EXC_NONE);
    assert_true(attempts > 1); /* it was preempted at least once */
    assert_all_gone();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    static const struct CMUnitTest tests[] = {
        T(test_delete_nested_cnodes),
        T(test_delete_nested_cnodes_preempted),
        T(test_revoke_untyped_under_nested_cnodes_preempted),
        T(test_delete_cycle_from_inside),
        T(test_delete_cycle_from_inside_preempted),
        T(test_leaked_cycle_reclaimed_by_revoke),
        T(test_cnode_holding_its_own_last_cap),
        cmocka_unit_test_setup_teardown(test_revoke_deep_untyped_chain_preempted, chain_setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Budget arithmetic of scheduling contexts (kernel/sched/budget.c): charging,
 * depletion into the release list, top-ups, round robin, deadlines for the
 * one-shot timer, and the edge cases (tiny budgets, huge charges).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#undef fail

#include "cspace_fixture.h"
#include "object/ipc.h"
#include "object/object.h"
#include "sched/budget.h"
#include "sched/sched.h"
#include "state.h"

enum {
    MEM_BITS = 18,
    ROOT_RADIX = 4,
    UT_BITS = 12,
    SC_BITS = 7,
    PRIO = 20,
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

/* A running thread on a fresh SC of budget/period at time 0. */
static tcb_t *thread_with(word_t budget, word_t period, sched_context_t **sc_out)
{
    tcb_t *t = fx_alloc(TCB_SIZE_BITS);
    sched_context_t *sc = fx_alloc(SC_BITS);

    tcb_init(t);
    t->tcb_priority = PRIO;
    sc_configure(sc, budget, period, 0);
    tcb_bind_sc(t, sc);
    thread_set_state(t, THREAD_RUNNING);
    *sc_out = sc;
    return t;
}

static void test_unconfigured_sc_cannot_run(void **state)
{
    tcb_t *t = fx_alloc(TCB_SIZE_BITS);
    sched_context_t *sc = fx_alloc(SC_BITS);

    (void)state;
    tcb_init(t);
    tcb_bind_sc(t, sc);
    thread_set_state(t, THREAD_RUNNING);
    assert_false(sc_has_budget(sc));
    assert_null(sched_choose());
}

static void test_charge_within_budget(void **state)
{
    sched_context_t *sc = NULL;
    tcb_t *t = thread_with(100, 1000, &sc);

    (void)state;
    sc_charge(sc, 30, 30);
    assert_int_equal(sc->sc_remaining, 70);
    assert_int_equal(sc->sc_consumed, 30);
    assert_ptr_equal(sched_choose(), t);
}

static void test_depleted_waits_for_refill(void **state)
{
    sched_context_t *sc = NULL;
    tcb_t *t = thread_with(100, 1000, &sc);

    (void)state;
    sc_charge(sc, 100, 100);
    assert_false(sc_has_budget(sc));
    assert_null(sched_choose());
    assert_ptr_equal(ks_release_head, sc);
    sc_release_due(999);
    assert_null(sched_choose());
    sc_release_due(1000);
    assert_true(sc_has_budget(sc));
    assert_int_equal(sc->sc_remaining, 100);
    assert_int_equal(sc->sc_refill_time, 2000);
    assert_ptr_equal(sched_choose(), t);
    assert_null(ks_release_head);
}

static void test_overcharge_clamps(void **state)
{
    sched_context_t *sc = NULL;
    (void)thread_with(100, 1000, &sc);

    (void)state;
    sc_charge(sc, (word_t)1 << 63, 500);
    assert_int_equal(sc->sc_remaining, 0);
    assert_ptr_equal(ks_release_head, sc);
    /* Far past several periods: the next top-up is one period from now, not in the past. */
    sc_release_due(1000000);
    assert_int_equal(sc->sc_remaining, 100);
    assert_int_equal(sc->sc_refill_time, 1001000);
}

static void test_round_robin_rotates(void **state)
{
    sched_context_t *a_sc = NULL;
    sched_context_t *b_sc = NULL;
    tcb_t *a = thread_with(50, 50, &a_sc);
    tcb_t *b = thread_with(50, 50, &b_sc);

    (void)state;
    assert_ptr_equal(sched_choose(), a);
    sc_charge(a_sc, 50, 50);
    assert_true(sc_has_budget(a_sc));
    assert_int_equal(a_sc->sc_remaining, 50);
    assert_ptr_equal(sched_choose(), b);
    assert_null(ks_release_head);
}

static void test_tiny_budget(void **state)
{
    sched_context_t *sc = NULL;
    (void)thread_with(1, 1000000, &sc);

    (void)state;
    assert_true(sc_has_budget(sc));
    sc_charge(sc, 1, 1);
    assert_false(sc_has_budget(sc));
    assert_int_equal(sc_next_deadline(NULL, 1), 1000000);
}

static void test_release_list_ordered(void **state)
{
    sched_context_t *s[3] = { NULL, NULL, NULL };
    static const word_t periods[3] = { 3000, 1000, 2000 };

    (void)state;
    for (unsigned i = 0; i < 3; i++) {
        (void)thread_with(10, periods[i], &s[i]);
        sc_charge(s[i], 10, 10);
    }
    assert_ptr_equal(ks_release_head, s[1]);
    assert_ptr_equal(ks_release_head->sc_release_next, s[2]);
    assert_ptr_equal(ks_release_head->sc_release_next->sc_release_next, s[0]);
    sc_release_remove(s[2]);
    assert_ptr_equal(ks_release_head->sc_release_next, s[0]);
    sc_release_due(3000);
    assert_null(ks_release_head);
}

static void test_deadline_is_earliest(void **state)
{
    sched_context_t *run = NULL;
    sched_context_t *waiting = NULL;

    (void)state;
    (void)thread_with(500, 10000, &run);
    (void)thread_with(10, 800, &waiting);
    sc_charge(waiting, 10, 10);
    /* The running budget ends at 500 but the waiting top-up comes at 800. */
    assert_int_equal(sc_next_deadline(run, 0), 500);
    assert_int_equal(sc_next_deadline(run, 400), 800);
    assert_int_equal(sc_next_deadline(NULL, 0), 800);
}

static void test_reconfigure_releases(void **state)
{
    sched_context_t *sc = NULL;
    tcb_t *t = thread_with(10, 1000, &sc);

    (void)state;
    sc_charge(sc, 10, 10);
    assert_null(sched_choose());
    sc_configure(sc, 20, 20, 15);
    assert_null(ks_release_head);
    assert_ptr_equal(sched_choose(), t);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unconfigured_sc_cannot_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_charge_within_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depleted_waits_for_refill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overcharge_clamps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_robin_rotates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tiny_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_release_list_ordered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deadline_is_earliest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reconfigure_releases, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Budgets of scheduling contexts (kernel/sched/budget.c, refill.c): the
 * sporadic-server refill queue (splitting, merging, the minimum head),
 * the release list, round robin, Yield, reconfiguration, deadlines for the
 * one-shot timer, time near UINT64_MAX, ConfigureFlags' extra_refills
 * check, and the bound itself: random runs checked for any window of
 * length period holding more than the budget.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#undef fail

#include <arch/host.h>
#include <invocation_labels.h>
#include <sel4/objecttype.h>

#include "cspace_fixture.h"
#include "object/ipc.h"
#include "object/object.h"
#include "sched/budget.h"
#include "sched/refill.h"
#include "sched/sched.h"
#include "state.h"

enum {
    MEM_BITS = 18,
    ROOT_RADIX = 4,
    UT_BITS = 12,
    SC_BITS = 7,     /* MIN_REFILLS refills */
    SC_BITS_BIG = 9, /* 26 refills */
    PRIO = 20,
    KHZ_MIN_10 = 1000, /* one tick per microsecond: MIN_BUDGET is 10 ticks */
    SCHED_CONTROL = 5, /* root slots for the ConfigureFlags tests */
    SC_SMALL = 6,
    SC_LARGE = 7,
};

#define NEVER (~(uint64_t)0)

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

/* A running thread on a fresh SC of 2^bits bytes: budget/period, max refills, at time 0. */
static tcb_t *thread_on(unsigned bits, word_t budget, word_t period, word_t refills,
                        sched_context_t **sc_out)
{
    tcb_t *t = fx_alloc(TCB_SIZE_BITS);
    sched_context_t *sc = fx_alloc(bits);

    tcb_init(t);
    t->tcb_priority = PRIO;
    sc_configure(sc, budget, period, refills, 0);
    tcb_bind_sc(t, sc);
    thread_set_state(t, THREAD_RUNNING);
    *sc_out = sc;
    return t;
}

static tcb_t *thread_with(word_t budget, word_t period, sched_context_t **sc_out)
{
    return thread_on(SC_BITS, budget, period, MIN_REFILLS, sc_out);
}

/* The i-th refill from the head. */
static refill_t nth(const sched_context_t *sc, word_t i)
{
    return sc->sc_refills[(sc->sc_refill_head + i) % sc->sc_refill_max];
}

static void assert_refill(const sched_context_t *sc, word_t i, uint64_t time, uint64_t amount)
{
    refill_t r = nth(sc, i);

    if (i >= sc->sc_refill_count || r.refill_time != time || r.refill_amount != amount) {
        FX_FAIL("refill %lu of %lu is (%lu, %lu), expected (%lu, %lu)", i, sc->sc_refill_count,
                r.refill_time, r.refill_amount, time, amount);
    }
}

/* The queue's invariants: the budget split exactly, refills in order and not overlapping. */
static void assert_queue_sound(const sched_context_t *sc)
{
    uint64_t sum = 0;

    assert_true(sc->sc_refill_count >= 1 && sc->sc_refill_count <= sc->sc_refill_max);
    assert_true(nth(sc, 0).refill_amount >= sc->sc_refill_min);
    for (word_t i = 0; i < sc->sc_refill_count; i++) {
        refill_t r = nth(sc, i);
        assert_true(r.refill_amount > 0);
        if (i > 0) {
            refill_t before = nth(sc, i - 1);
            /* Both may have saturated at the end of time. */
            assert_true(r.refill_time == NEVER ||
                        r.refill_time > before.refill_time + before.refill_amount);
        }
        sum += r.refill_amount;
    }
    assert_int_equal(sum, sc->sc_budget);
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

static void test_capacity_follows_object_size(void **state)
{
    (void)state;
    assert_int_equal(refill_capacity(MIN_SCHED_CONTEXT_BITS), MIN_REFILLS);
    assert_int_equal(refill_capacity(8), (256 - 96) / 16);
    assert_int_equal(refill_capacity(12), (4096 - 96) / 16);
    assert_int_equal(refill_capacity(6), 0);
    assert_int_equal(refill_capacity(64), 0);
}

static void test_charge_splits_head(void **state)
{
    sched_context_t *sc = NULL;
    tcb_t *t = thread_with(100, 1000, &sc);

    (void)state;
    assert_false(sc_charge(sc, 30, 30));
    /* The head keeps 70 from 30 on; the 30 used in [0, 30) come back at 0 + period. */
    assert_refill(sc, 0, 30, 70);
    assert_refill(sc, 1, 1000, 30);
    assert_int_equal(sc->sc_consumed, 30);
    assert_ptr_equal(sched_choose(), t);
}

static void test_used_refill_dates_from_use(void **state)
{
    sched_context_t *sc = NULL;
    (void)thread_on(SC_BITS_BIG, 100, 1000, 4, &sc);

    (void)state;
    sc_charge(sc, 10, 10);
    /* Idle (blocked or preempted) until 500, then 20 ticks: they come back at 1500. */
    sc_charge(sc, 20, 520);
    assert_int_equal(sc->sc_refill_count, 3);
    assert_refill(sc, 0, 30, 70);
    assert_refill(sc, 1, 1000, 10);
    assert_refill(sc, 2, 1500, 20);
}

static void test_consecutive_charges_merge(void **state)
{
    sched_context_t *sc = NULL;
    (void)thread_on(SC_BITS_BIG, 100, 1000, 4, &sc);

    (void)state;
    sc_charge(sc, 10, 10);
    sc_charge(sc, 15, 25); /* [10, 25) touches [0, 10): one refill */
    assert_int_equal(sc->sc_refill_count, 2);
    assert_refill(sc, 1, 1000, 25);
}

static void test_full_queue_merges_into_tail(void **state)
{
    sched_context_t *sc = NULL;
    (void)thread_with(100, 1000, &sc); /* two refills: head and one more */

    (void)state;
    sc_charge(sc, 10, 10);
    sc_charge(sc, 10, 110);
    /* (1000, 10) and (1100, 10) become one that ends where the later one did. */
    assert_int_equal(sc->sc_refill_count, 2);
    assert_refill(sc, 0, 20, 80);
    assert_refill(sc, 1, 1090, 20);
    assert_queue_sound(sc);
}

static void test_short_refill_merges_when_it_is_head(void **state)
{
    sched_context_t *sc = NULL;

    (void)state;
    host_set_tsc_khz(KHZ_MIN_10);
    (void)thread_on(SC_BITS_BIG, 100, 1000, 10, &sc);
    assert_int_equal(sc->sc_refill_min, 10);
    sc_charge(sc, 20, 20);
    sc_charge(sc, 3, 103); /* 3 < MIN_BUDGET, but queued as it is */
    sc_charge(sc, 77, 300);
    assert_int_equal(sc->sc_refill_count, 3);
    assert_refill(sc, 0, 1000, 20);
    assert_refill(sc, 1, 1100, 3);
    assert_refill(sc, 2, 1223, 77);
    sc_release_due(1000);
    /* Once the 3 are at the head they are too short to run on: they join the next refill. */
    assert_true(sc_charge(sc, 20, 1020));
    assert_refill(sc, 0, 1220, 80);
    assert_refill(sc, 1, 2000, 20);
    assert_queue_sound(sc);
}

static void test_short_head_merges_into_next(void **state)
{
    sched_context_t *sc = NULL;

    (void)state;
    host_set_tsc_khz(KHZ_MIN_10);
    tcb_t *t = thread_on(SC_BITS_BIG, 100, 1000, 10, &sc);
    /* 5 ticks would be left: too little to run on, so they wait with the next refill. */
    assert_true(sc_charge(sc, 95, 95));
    assert_int_equal(sc->sc_refill_count, 1);
    assert_refill(sc, 0, 995, 100);
    assert_null(sched_choose());
    sc_release_due(994);
    assert_null(sched_choose());
    sc_release_due(995);
    assert_ptr_equal(sched_choose(), t);
}

static void test_depleted_waits_for_refill(void **state)
{
    sched_context_t *sc = NULL;
    tcb_t *t = thread_with(100, 1000, &sc);

    (void)state;
    assert_true(sc_charge(sc, 100, 100));
    assert_false(sc_has_budget(sc));
    assert_null(sched_choose());
    assert_ptr_equal(ks_release_head, sc);
    sc_release_due(999);
    assert_null(sched_choose());
    sc_release_due(1000);
    assert_true(sc_has_budget(sc));
    assert_refill(sc, 0, 1000, 100);
    assert_ptr_equal(sched_choose(), t);
    assert_null(ks_release_head);
}

static void test_overrun_is_paid_for(void **state)
{
    sched_context_t *sc = NULL;
    (void)thread_with(100, 1000, &sc);

    (void)state;
    /* Far more than the budget: all of it comes back a period after the last budget's worth. */
    assert_true(sc_charge(sc, (word_t)1 << 40, 500));
    assert_refill(sc, 0, 1400, 100);
    assert_int_equal(sc->sc_consumed, (word_t)1 << 40);
    sc_release_due(1399);
    assert_false(sc_has_budget(sc));
    sc_release_due(1400);
    assert_true(sc_has_budget(sc));
    /* A smaller overrun past the head eats into the next refill, which is delayed. */
    sc_charge(sc, 40, 1440);
    sc_charge(sc, 70, 1600); /* ran 70 in [1530, 1600) with only 60 left */
    assert_queue_sound(sc);
    assert_false(sc_has_budget(sc));
}

static void test_overrun_dated_from_when_due(void **state)
{
    sched_context_t *sc = NULL;
    (void)thread_on(SC_BITS_BIG, 100, 1000, 4, &sc);

    (void)state;
    sc_charge(sc, 50, 50);
    /* From 500 it ran 60 with 50 left: 10 of (1000, 50) were used before they were due. */
    assert_true(sc_charge(sc, 60, 560));
    assert_int_equal(sc->sc_refill_count, 3);
    assert_refill(sc, 0, 1010, 40);
    assert_refill(sc, 1, 1500, 50); /* used on time: a period after it was used */
    assert_refill(sc, 2, 2000, 10); /* used early: a period after it was due */
    assert_queue_sound(sc);
    /* Overrunning everything: dated from when the last refill would have run out. */
    sched_context_t *other = NULL;
    (void)thread_on(SC_BITS_BIG, 100, 1000, 4, &other);
    sc_charge(other, 50, 50);
    sc_charge(other, 200, 700);
    assert_int_equal(other->sc_refill_count, 1);
    assert_refill(other, 0, 1950, 100);
}

static void test_round_robin_rotates(void **state)
{
    sched_context_t *a_sc = NULL;
    sched_context_t *b_sc = NULL;
    tcb_t *a = thread_with(50, 50, &a_sc);
    tcb_t *b = thread_with(50, 50, &b_sc);

    (void)state;
    assert_ptr_equal(sched_choose(), a);
    assert_false(sc_charge(a_sc, 20, 20));
    assert_refill(a_sc, 0, 0, 30); /* part of a slice: keeps its place */
    assert_ptr_equal(sched_choose(), a);
    assert_false(sc_charge(a_sc, 30, 50));
    assert_true(sc_has_budget(a_sc));
    assert_refill(a_sc, 0, 50, 50);
    assert_ptr_equal(sched_choose(), b);
    assert_null(ks_release_head);
    /* However much it overran, round robin never waits. */
    assert_false(sc_charge(b_sc, (word_t)1 << 40, 100));
    assert_true(sc_has_budget(b_sc));
}

static void test_round_robin_ignores_extra_refills(void **state)
{
    sched_context_t *sc = NULL;
    (void)thread_on(SC_BITS_BIG, 100, 100, 20, &sc);

    (void)state;
    assert_int_equal(sc->sc_refill_max, MIN_REFILLS);
    assert_int_equal(sc->sc_refill_count, 1);
}

static void test_tiny_budget(void **state)
{
    sched_context_t *sc = NULL;

    (void)state;
    host_set_tsc_khz(KHZ_MIN_10);
    (void)thread_with(1, 1000000, &sc);
    /* Below MIN_BUDGET (only the kernel's own callers can ask): run whole. */
    assert_int_equal(sc->sc_refill_min, 1);
    assert_true(sc_has_budget(sc));
    assert_int_equal(sc_next_deadline(sc, 0), 1);
    assert_true(sc_charge(sc, 1, 1));
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
    /* The running head ends 500 after it started; the waiting refill comes at 800. */
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
    sc_configure(sc, 20, 20, MIN_REFILLS, 15);
    assert_null(ks_release_head);
    assert_ptr_equal(sched_choose(), t);
}

static void test_reconfigure_in_use_keeps_head(void **state)
{
    sched_context_t *sc = NULL;
    tcb_t *t = thread_on(SC_BITS_BIG, 100, 1000, 4, &sc);

    (void)state;
    sc_charge(sc, 60, 60);
    /* What is left of the head stays; the rest of the new budget comes a new period later. */
    sc_configure(sc, 50, 2000, 3, 70);
    assert_int_equal(sc->sc_refill_max, 3);
    assert_refill(sc, 0, 70, 40);
    assert_refill(sc, 1, 2070, 10);
    assert_ptr_equal(sched_choose(), t);
    /* A head larger than the new budget is cut to it. */
    sc_configure(sc, 30, 2000, 3, 80);
    assert_int_equal(sc->sc_refill_count, 1);
    assert_refill(sc, 0, 80, 30);
    /* A context that is not in use starts afresh. */
    thread_set_state(t, THREAD_INACTIVE);
    sc_charge(sc, 30, 110);
    sc_configure(sc, 50, 1000, 2, 120);
    assert_refill(sc, 0, 120, 50);
    assert_null(ks_release_head);
}

static void test_yield_gives_up_head(void **state)
{
    sched_context_t *sc = NULL;
    sched_context_t *other_sc = NULL;
    tcb_t *t = thread_with(100, 1000, &sc);
    tcb_t *other = thread_with(100, 100, &other_sc);

    (void)state;
    sc_charge(sc, 30, 30);
    sc_yield(sc, 30);
    /* (30, 70) given up as if used from 30: it joins (1000, 30) as (1000, 100). */
    assert_int_equal(sc->sc_refill_count, 1);
    assert_refill(sc, 0, 1000, 100);
    assert_false(sc_has_budget(sc));
    assert_int_equal(sc->sc_consumed, 30);
    assert_ptr_equal(sched_choose(), other);
    /* Round robin: a fresh slice, behind its equals. */
    sc_release_due(1000);
    sc_charge(other_sc, 40, 1040);
    assert_ptr_equal(sched_choose(), other);
    sc_yield(other_sc, 1040);
    assert_refill(other_sc, 0, 1040, 100);
    assert_ptr_equal(sched_choose(), t);
    assert_int_equal(other_sc->sc_consumed, 40);
}

static void test_deleted_sc_leaves_release_list(void **state)
{
    sched_context_t *sc = NULL;
    tcb_t *t = thread_with(100, 1000, &sc);

    (void)state;
    sc_charge(sc, 100, 100);
    sc_finalise(sc);
    assert_null(ks_release_head);
    assert_null(t->tcb_sc);
    assert_null(sched_choose());
}

/* Leaves the kernel through sched_run into whichever thread it picks. */
static void run_at(uint64_t now)
{
    jmp_buf env;

    host_set_timestamp(now);
    host_expect_restore(&env);
    if (setjmp(env) == 0) {
        sched_run();
    }
}

static void test_charges_follow_without_gaps(void **state)
{
    sched_context_t *sc = NULL;
    tcb_t *t = thread_on(SC_BITS_BIG, 100, 1000, 4, &sc);

    (void)state;
    run_at(0);
    assert_ptr_equal(ks_cur_thread, t);
    assert_int_equal(host_timeout(), 100); /* the head refill's end */
    host_set_timestamp(30);
    assert_false(sched_account()); /* a kernel entry at 30 ... */
    run_at(34);                    /* ... that took until 34 to leave */
    /* The thread pays from 30 on, so its timer still ends the budget at 100. */
    assert_int_equal(ks_switch_time, 30);
    assert_int_equal(host_timeout(), 100);
    host_set_timestamp(60);
    assert_false(sched_account());
    /* [0, 30) and [30, 60) are one stretch of use: one refill, not two. */
    assert_int_equal(sc->sc_refill_count, 2);
    assert_refill(sc, 1, 1000, 60);
    assert_int_equal(sc->sc_consumed, 60);
}

/* The timer is programmed only when the deadline changes, and again once it has fired. */
static void test_timer_rearmed_only_for_a_new_deadline(void **state)
{
    sched_context_t *sc = NULL;
    tcb_t *t = thread_on(SC_BITS_BIG, 100, 1000, 4, &sc);

    (void)state;
    run_at(0);
    assert_ptr_equal(ks_cur_thread, t);
    assert_int_equal(host_timeout(), 100);
    unsigned writes = host_timeout_writes();
    host_set_timestamp(30);
    assert_false(sched_account());
    run_at(34); /* the same thread on the same budget: the same deadline */
    assert_int_equal(host_timeout_writes(), writes);
    /* A tick before the deadline (the timer never waits more than 10 ms): armed again. */
    sched_timer_fired();
    host_set_timestamp(40);
    assert_false(sched_account());
    run_at(41);
    assert_int_equal(host_timeout_writes(), writes + 1);
    assert_int_equal(host_timeout(), 100);
    assert_int_equal(ks_deadline, 100);
}

/* --- Time near the end of the 64-bit clock -------------------------------- */

static void test_times_saturate_instead_of_wrapping(void **state)
{
    sched_context_t *sc = NULL;
    tcb_t *t = thread_with(100, 1000, &sc);
    uint64_t start = NEVER - 500;

    (void)state;
    sc_configure(sc, 100, 1000, MIN_REFILLS, start);
    assert_ptr_equal(sched_choose(), t);
    /* A running head that would end past the end of time ends at the end of time. */
    assert_int_equal(sc_next_deadline(sc, NEVER - 10), NEVER);
    assert_false(sc_charge(sc, 40, start + 40));
    assert_refill(sc, 0, start + 40, 60);
    assert_refill(sc, 1, NEVER, 40);
    assert_true(sc_charge(sc, 60, start + 100));
    /* start + period does not exist: never, rather than a time in the past. */
    assert_refill(sc, 0, NEVER, 100);
    sc_release_due(start + 200);
    sc_release_due(NEVER - 1);
    assert_false(sc_has_budget(sc));
    assert_int_equal(sc_next_deadline(NULL, NEVER - 1), NEVER);
    assert_int_equal(refill_time_add(NEVER - 1, 5), NEVER);
    assert_int_equal(refill_time_add(5, 6), 11);
}

/* --- The bound, on random runs --------------------------------------------- */

enum {
    MAX_RUNS = 3000,
};

typedef struct {
    uint64_t start;
    uint64_t length;
    uint64_t overrun; /* ran past the deadline the timer was armed for */
} run_t;

static run_t runs[MAX_RUNS];
static uint64_t rng_state;

static uint64_t rng_below(uint64_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return n == 0 ? 0 : rng_state % n;
}

typedef struct {
    word_t budget;
    word_t period;
    word_t refills;
    uint32_t khz;
    unsigned block_percent;   /* after a run, how often the thread blocks or is preempted */
    unsigned overrun_percent; /* how often the timer fires late (by up to MAX_LATE) */
} pattern_t;

enum {
    MAX_LATE = 30,
};

/*
 * Runs a thread as the kernel would: only while its context has budget, at
 * most until the deadline the timer would be armed for, charged for each
 * run; sometimes it stops early and stays off for a while. Returns how many
 * runs there were and the time at the end.
 */
static size_t simulate(sched_context_t *sc, const pattern_t *p, uint64_t start, uint64_t *end)
{
    uint64_t now = start;
    size_t n = 0;

    while (n < MAX_RUNS && now != NEVER) {
        sc_release_due(now);
        if (!sc_has_budget(sc)) {
            uint64_t next = sc_next_deadline(NULL, now);
            assert_true(next > now);
            if (next == NEVER) {
                break;
            }
            now = next;
            continue;
        }
        uint64_t limit = sc_next_deadline(sc, now) - now;
        assert_true(limit > 0);
        uint64_t length = rng_below(3) == 0 ? limit : 1 + rng_below(limit);
        uint64_t late = rng_below(100) < p->overrun_percent ? 1 + rng_below(MAX_LATE) : 0;
        length = length == limit ? length + late : length;
        length = length > NEVER - now ? NEVER - now : length;
        runs[n].start = now;
        runs[n].overrun = length > limit ? length - limit : 0;
        runs[n++].length = length;
        now += length;
        bool out = sc_charge(sc, length, now);
        assert_queue_sound(sc);
        if (!out && rng_below(100) < p->block_percent) {
            uint64_t off = rng_below(2 * (uint64_t)p->period);
            now = off > NEVER - now ? NEVER : now + off;
        }
    }
    *end = now;
    return n;
}

typedef struct {
    uint64_t used;     /* run time inside the window */
    uint64_t overruns; /* overruns of the runs that overlap it */
} window_t;

/* Use in [from, from + length), clamped at the end of time; runs are in time order. */
static window_t window_at(size_t n, uint64_t from, uint64_t length)
{
    uint64_t to = from > NEVER - length ? NEVER : from + length;
    window_t w = { 0, 0 };
    size_t lo = 0;
    size_t hi = n;

    while (lo < hi) { /* the first run that ends after `from` */
        size_t mid = lo + (hi - lo) / 2;
        if (runs[mid].start + runs[mid].length <= from) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    for (size_t i = lo; i < n && runs[i].start < to; i++) {
        uint64_t a = runs[i].start > from ? runs[i].start : from;
        uint64_t b = runs[i].start + runs[i].length < to ? runs[i].start + runs[i].length : to;
        w.used += b - a;
        w.overruns += runs[i].overrun;
    }
    return w;
}

/*
 * The most a window of one period holds beyond the budget and the overruns
 * inside it (the busiest window starts where a run starts or ends where
 * one ends): an overrun may not be prevented, but it must not be gained.
 */
static uint64_t worst_excess(size_t n, const pattern_t *p)
{
    uint64_t worst = 0;

    for (size_t i = 0; i < n; i++) {
        uint64_t end = runs[i].start + runs[i].length;
        uint64_t from[2] = { runs[i].start, end > p->period ? end - p->period : 0 };
        for (unsigned k = 0; k < 2; k++) {
            window_t w = window_at(n, from[k], p->period);
            uint64_t allowed = p->budget + w.overruns;
            worst = w.used > allowed && w.used - allowed > worst ? w.used - allowed : worst;
        }
    }
    return worst;
}

static void check_pattern(const pattern_t *p, uint64_t start, uint64_t seed)
{
    sched_context_t *sc = NULL;
    uint64_t end = 0;

    fx_teardown();
    fx_setup(MEM_BITS, ROOT_RADIX, UT_BITS);
    host_set_tsc_khz(p->khz);
    rng_state = seed;
    (void)thread_on(SC_BITS_BIG, p->budget, p->period, p->refills, &sc);
    sc_configure(sc, p->budget, p->period, p->refills, start);
    size_t n = simulate(sc, p, start, &end);
    uint64_t excess = worst_excess(n, p);
    if (excess > 0) {
        FX_FAIL("budget %lu period %lu refills %lu seed %lu: %lu over the budget in one period",
                p->budget, p->period, p->refills, seed, excess);
    }
    /*
     * Never blocking, it gets its share: the bound is not met by starving
     * it. Per period it may lose a head refill left below the minimum, and
     * late timers shift its refills a little.
     */
    if (p->block_percent == 0 && end - start > 4 * (uint64_t)p->period) {
        uint64_t periods = (end - start) / p->period;
        uint64_t total = window_at(n, start, end - start).used;
        if (total < (periods - 1) * (p->budget - sc->sc_refill_min) / 100 * 95) {
            FX_FAIL("budget %lu period %lu: only %lu used in %lu periods", p->budget, p->period,
                    total, periods);
        }
    }
}

static const pattern_t patterns[] = {
    { 100, 1000, 2, 0, 30, 0 },      { 100, 1000, 10, 1000, 30, 0 }, { 333, 1000, 5, 1000, 50, 0 },
    { 999, 1000, 3, 0, 20, 0 },      { 7, 50, 10, 1000, 40, 0 },     { 500, 1000, 26, 1000, 70, 0 },
    { 100, 1000, 10, 1000, 0, 0 },   { 250, 600, 2, 0, 0, 0 },       { 40, 5000, 26, 1000, 90, 0 },
    { 100, 1000, 10, 1000, 30, 50 }, { 300, 1000, 26, 1000, 0, 80 }, { 50, 400, 2, 0, 50, 30 },
};

static void test_no_window_exceeds_budget(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
        for (uint64_t seed = 1; seed <= 24; seed++) {
            check_pattern(&patterns[i], 0, seed * 0x9e3779b97f4a7c15ull);
        }
    }
}

static void test_no_window_exceeds_budget_near_end_of_time(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
        check_pattern(&patterns[i], NEVER - 40 * (uint64_t)patterns[i].period, i + 1);
    }
}

/* --- ConfigureFlags: how many refills fit -------------------------------- */

static fx_call_t configure_call(word_t sc_slot, word_t extra_refills)
{
    fx_call_t call = { SchedControlConfigureFlags, SCHED_CONTROL, 5, { 0 }, 1, { sc_slot, 0, 0 } };

    call.words[ARG_SchedControlConfigureFlags_budget] = 1000;
    call.words[ARG_SchedControlConfigureFlags_period] = 10000;
    call.words[ARG_SchedControlConfigureFlags_extra_refills] = extra_refills;
    return call;
}

/* extra_refills beyond what the object holds is a RangeError that changes nothing. */
static void expect_too_many(word_t sc_slot, word_t extra_refills, word_t most)
{
    fx_call_t call = configure_call(sc_slot, extra_refills);
    fx_snapshot_t snap = { NULL, NULL };

    fx_snapshot_take(&snap);
    assert_int_equal(fx_invoke_once(&call, &fx_last), EXC_SYSCALL_ERROR);
    assert_int_equal(fx_last.error.type, seL4_RangeError);
    assert_int_equal(fx_last.error.range_min, 0);
    assert_int_equal(fx_last.error.range_max, most);
    fx_assert_unchanged(&snap);
}

static void test_extra_refills_limited_by_object_size(void **state)
{
    (void)state;
    host_set_tsc_khz(KHZ_MIN_10);
    fx_put_root_cap(fx_slot(SCHED_CONTROL), cap_sched_control(0));
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_SchedContextObject, 7, SC_SMALL, 1), 0);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_SchedContextObject, 8, SC_LARGE, 1), 0);
    expect_too_many(SC_SMALL, 1, 0);
    expect_too_many(SC_SMALL, ~(word_t)0, 0);
    expect_too_many(SC_LARGE, 9, 8);
    fx_call_t call = configure_call(SC_LARGE, 8);
    assert_int_equal(fx_call(&call, &fx_last), seL4_NoError);
    const sched_context_t *sc = cap_ptr(fx_slot(SC_LARGE)->cap);
    assert_int_equal(sc->sc_refill_max, 10);
    call = configure_call(SC_SMALL, 0);
    assert_int_equal(fx_call(&call, &fx_last), seL4_NoError);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    static const struct CMUnitTest tests[] = {
        T(test_unconfigured_sc_cannot_run),
        T(test_capacity_follows_object_size),
        T(test_charge_splits_head),
        T(test_used_refill_dates_from_use),
        T(test_consecutive_charges_merge),
        T(test_full_queue_merges_into_tail),
        T(test_short_refill_merges_when_it_is_head),
        T(test_short_head_merges_into_next),
        T(test_depleted_waits_for_refill),
        T(test_overrun_is_paid_for),
        T(test_overrun_dated_from_when_due),
        T(test_round_robin_rotates),
        T(test_round_robin_ignores_extra_refills),
        T(test_tiny_budget),
        T(test_release_list_ordered),
        T(test_deadline_is_earliest),
        T(test_reconfigure_releases),
        T(test_reconfigure_in_use_keeps_head),
        T(test_yield_gives_up_head),
        T(test_deleted_sc_leaves_release_list),
        T(test_charges_follow_without_gaps),
        T(test_timer_rearmed_only_for_a_new_deadline),
        T(test_times_saturate_instead_of_wrapping),
        T(test_no_window_exceeds_budget),
        T(test_no_window_exceeds_budget_near_end_of_time),
        T(test_extra_refills_limited_by_object_size),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

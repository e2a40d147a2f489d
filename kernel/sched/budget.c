/*
 * Budget enforcement (see budget.h): when a context may run, the release
 * list of contexts waiting for their head refill, and the deadlines the
 * one-shot timer is armed for. The refill arithmetic is in refill.c.
 */
#include "sched/budget.h"

#include "arch.h"
#include "sched/refill.h"
#include "sched/sched.h"
#include "state.h"

static bool is_round_robin(const sched_context_t *sc)
{
    return sc->sc_budget >= sc->sc_period;
}

void sc_release_remove(sched_context_t *sc)
{
    sched_context_t **link = &ks_release_head;

    if (!sc->sc_depleted) {
        return;
    }
    while (*link != NULL && *link != sc) {
        link = &(*link)->sc_release_next;
    }
    if (*link == sc) {
        *link = sc->sc_release_next;
    }
    sc->sc_release_next = NULL;
    sc->sc_depleted = 0;
}

/* Parks a context whose head refill is not due, in order of its time, and stops its thread. */
static void release_insert(sched_context_t *sc)
{
    sched_context_t **link = &ks_release_head;
    uint64_t time = refill_head(sc)->refill_time;

    while (*link != NULL && refill_head(*link)->refill_time <= time) {
        link = &(*link)->sc_release_next;
    }
    sc->sc_release_next = *link;
    *link = sc;
    sc->sc_depleted = 1;
    if (sc->sc_tcb != NULL) {
        sched_dequeue(sc->sc_tcb);
    }
}

/* After the refills changed: into or out of the release list, as the head refill says. */
static void settle(sched_context_t *sc, uint64_t now)
{
    bool was_depleted = sc->sc_depleted != 0;

    sc_release_remove(sc);
    if (!refill_ready(sc, now)) {
        release_insert(sc);
    } else if (was_depleted && sc->sc_tcb != NULL) {
        thread_set_state(sc->sc_tcb, sc->sc_tcb->tcb_state);
    }
}

void sc_configure(sched_context_t *sc, word_t budget, word_t period, word_t max_refills,
                  uint64_t now)
{
    word_t min = us_to_ticks(MIN_BUDGET_US);
    bool in_use =
        sc->sc_budget != 0 && sc->sc_tcb != NULL && sc->sc_tcb->tcb_state == THREAD_RUNNING;

    sc_release_remove(sc);
    sc->sc_budget = budget;
    sc->sc_period = period;
    /* A budget below the minimum (only the kernel's own callers) is run whole. */
    min = min < budget ? min : budget;
    max_refills = max_refills < MIN_REFILLS ? MIN_REFILLS : max_refills;
    if (is_round_robin(sc)) {
        refill_new(sc, MIN_REFILLS, min, now);
    } else if (in_use) {
        refill_update(sc, max_refills, min, now);
    } else {
        refill_new(sc, max_refills, min, now);
    }
    settle(sc, now);
    if (!sc->sc_depleted && sc->sc_tcb != NULL) {
        thread_set_state(sc->sc_tcb, sc->sc_tcb->tcb_state);
    }
}

bool sc_charge(sched_context_t *sc, word_t used, uint64_t now)
{
    sc->sc_consumed += used;
    if (sc->sc_budget == 0 || used == 0) {
        return false;
    }
    if (is_round_robin(sc)) {
        /* Round robin: a new slice at once, behind the thread's equals. */
        if (refill_charge_round_robin(sc, used, now) && sc->sc_tcb != NULL &&
            sc->sc_tcb->tcb_state == THREAD_RUNNING) {
            sched_rotate(sc->sc_tcb);
        }
        return false;
    }
    bool was_depleted = sc->sc_depleted != 0;
    refill_charge(sc, used, now);
    settle(sc, now);
    return !was_depleted && sc->sc_depleted;
}

void sc_yield(sched_context_t *sc, uint64_t now)
{
    if (sc->sc_budget == 0) {
        return;
    }
    refill_yield(sc, now);
    if (!is_round_robin(sc)) {
        settle(sc, now);
    }
    if (!sc->sc_depleted && sc->sc_tcb != NULL && sc->sc_tcb->tcb_state == THREAD_RUNNING) {
        sched_rotate(sc->sc_tcb);
    }
}

word_t ticks_to_us(word_t ticks)
{
    word_t khz = arch_tsc_khz();

    if (khz == 0) {
        return 0;
    }
    return (ticks / khz) * 1000 + (ticks % khz) * 1000 / khz;
}

word_t us_to_ticks(word_t us)
{
    return us * arch_tsc_khz() / 1000;
}

void sc_release_due(uint64_t now)
{
    while (ks_release_head != NULL && refill_ready(ks_release_head, now)) {
        sched_context_t *sc = ks_release_head;
        ks_release_head = sc->sc_release_next;
        sc->sc_release_next = NULL;
        sc->sc_depleted = 0;
        if (sc->sc_tcb != NULL) {
            thread_set_state(sc->sc_tcb, sc->sc_tcb->tcb_state);
        }
    }
}

uint64_t sc_next_deadline(const sched_context_t *running, uint64_t start)
{
    uint64_t deadline = ~(uint64_t)0;

    if (running != NULL && sc_has_budget(running)) {
        deadline = refill_time_add(start, refill_head(running)->refill_amount);
    }
    if (ks_release_head != NULL && refill_head(ks_release_head)->refill_time < deadline) {
        deadline = refill_head(ks_release_head)->refill_time;
    }
    return deadline;
}

bool sc_release_pending(void)
{
    return ks_release_head != NULL;
}

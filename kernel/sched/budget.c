/*
 * Budget enforcement (see budget.h). One top-up per period, of the whole
 * budget: simpler than seL4's sporadic-server refill list and with the same
 * bound, no more than `budget` ticks in any period (docs/deviations.md).
 */
#include "sched/budget.h"

#include "arch.h"
#include "sched/sched.h"
#include "state.h"

bool sc_has_budget(const sched_context_t *sc)
{
    return sc->sc_budget != 0 && sc->sc_remaining != 0;
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

/* Parks a depleted context, in order of top-up time, and stops its thread. */
static void release_insert(sched_context_t *sc)
{
    sched_context_t **link = &ks_release_head;

    while (*link != NULL && (*link)->sc_refill_time <= sc->sc_refill_time) {
        link = &(*link)->sc_release_next;
    }
    sc->sc_release_next = *link;
    *link = sc;
    sc->sc_depleted = 1;
    if (sc->sc_tcb != NULL) {
        sched_dequeue(sc->sc_tcb);
    }
}

static void top_up(sched_context_t *sc, uint64_t now)
{
    sc->sc_remaining = sc->sc_budget;
    sc->sc_refill_time += sc->sc_period;
    if (sc->sc_refill_time <= now) {
        sc->sc_refill_time = now + sc->sc_period;
    }
}

void sc_configure(sched_context_t *sc, word_t budget, word_t period, uint64_t now)
{
    sc_release_remove(sc);
    sc->sc_budget = budget;
    sc->sc_period = period;
    sc->sc_remaining = budget;
    sc->sc_refill_time = now + period;
    if (sc->sc_tcb != NULL) {
        thread_set_state(sc->sc_tcb, sc->sc_tcb->tcb_state);
    }
}

bool sc_charge(sched_context_t *sc, word_t used, uint64_t now)
{
    sc->sc_consumed += used;
    if (sc->sc_budget == 0 || sc->sc_depleted) {
        return false;
    }
    sc->sc_remaining = used >= sc->sc_remaining ? 0 : sc->sc_remaining - used;
    if (sc->sc_remaining != 0) {
        if (now >= sc->sc_refill_time) {
            top_up(sc, now);
        }
        return false;
    }
    if (sc->sc_budget >= sc->sc_period) {
        /* Round robin: a new slice at once, behind the thread's equals. */
        top_up(sc, now);
        if (sc->sc_tcb != NULL && sc->sc_tcb->tcb_state == THREAD_RUNNING) {
            sched_rotate(sc->sc_tcb);
        }
        return false;
    }
    release_insert(sc);
    return true;
}

word_t ticks_to_us(word_t ticks)
{
    word_t khz = arch_tsc_khz();

    if (khz == 0) {
        return 0;
    }
    return (ticks / khz) * 1000 + (ticks % khz) * 1000 / khz;
}

void sc_release_due(uint64_t now)
{
    while (ks_release_head != NULL && ks_release_head->sc_refill_time <= now) {
        sched_context_t *sc = ks_release_head;
        ks_release_head = sc->sc_release_next;
        sc->sc_release_next = NULL;
        sc->sc_depleted = 0;
        top_up(sc, now);
        if (sc->sc_tcb != NULL) {
            thread_set_state(sc->sc_tcb, sc->sc_tcb->tcb_state);
        }
    }
}

uint64_t sc_next_deadline(const sched_context_t *running, uint64_t now)
{
    uint64_t deadline = ~(uint64_t)0;

    if (running != NULL && running->sc_budget != 0) {
        deadline = now + running->sc_remaining;
        if (running->sc_refill_time < deadline) {
            deadline = running->sc_refill_time;
        }
    }
    if (ks_release_head != NULL && ks_release_head->sc_refill_time < deadline) {
        deadline = ks_release_head->sc_refill_time;
    }
    return deadline;
}

bool sc_release_pending(void)
{
    return ks_release_head != NULL;
}

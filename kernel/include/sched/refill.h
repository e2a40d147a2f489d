/*
 * The sporadic-server refill queue of one scheduling context (seL4 manual,
 * "Scheduling Contexts"): pure arithmetic on the queue inside the object,
 * no globals and no clock. kernel/sched/budget.c decides when to call it
 * and keeps the release list and the ready queues in step.
 */
#ifndef SCHED_REFILL_H
#define SCHED_REFILL_H

#include "../object/ipc.h"

enum {
    MIN_REFILLS = 2, /* seL4's base: extra_refills are added to it */
};

/* How many refills a scheduling context object of 2^size_bits bytes can hold. */
word_t refill_capacity(unsigned size_bits);

/*
 * Starts a fresh queue of at most max_refills (>= MIN_REFILLS) refills: the
 * whole budget available at `now`. `min` is the smallest head the context
 * may run on (callers pass MIN_BUDGET in ticks, or the budget if smaller).
 */
void refill_new(sched_context_t *sc, word_t max_refills, word_t min, uint64_t now);

/*
 * Reconfigures a context that is in use without handing out new time at
 * once (as seL4's refill_update): what is left of its head refill stays,
 * cut to the new budget, and the rest of the new budget comes a new period
 * after the head. sc_budget and sc_period must already hold the new
 * values. The sliding-window bound holds for windows after the change.
 */
void refill_update(sched_context_t *sc, word_t max_refills, word_t min, uint64_t now);

/* The head refill: the one the thread consumes now or waits for. */
const refill_t *refill_head(const sched_context_t *sc);

/* Whether the head refill is due at `now` (it always holds at least sc_refill_min). */
bool refill_ready(const sched_context_t *sc, uint64_t now);

/*
 * Sporadic contexts (budget < period): `used` ticks were consumed in
 * [now - used, now). They are taken from the front of the queue and come
 * back as one refill a period after that interval began.
 */
void refill_charge(sched_context_t *sc, word_t used, uint64_t now);

/*
 * Round-robin contexts (budget == period): takes `used` from the one
 * refill; true when that left less than sc_refill_min, and then the
 * context has a whole fresh budget from `now` (a new time slice).
 */
bool refill_charge_round_robin(sched_context_t *sc, word_t used, uint64_t now);

/*
 * seL4_Yield: the head refill is given up as if it had been used from its
 * release time (round robin: a fresh slice from `now`).
 */
void refill_yield(sched_context_t *sc, uint64_t now);

/* `t + d`, or the largest time if that does not fit (never wraps to the past). */
uint64_t refill_time_add(uint64_t t, uint64_t d);

#endif /* SCHED_REFILL_H */

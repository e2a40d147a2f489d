/*
 * Budgets of scheduling contexts (MCS): a thread runs only while its
 * scheduling context has budget left in the current period. A context whose
 * budget equals its period just rotates its thread behind its equals when
 * the budget is used (round robin); one with less waits in the release list
 * until its next top-up. The one-shot timer is armed for whichever comes
 * first: the running budget's end or the earliest top-up.
 */
#ifndef SCHED_BUDGET_H
#define SCHED_BUDGET_H

#include "../object/ipc.h"

/* Whether the context can run a thread now (configured, budget left). */
bool sc_has_budget(const sched_context_t *sc);

/* Sets budget and period (ticks) and starts a fresh period at `now`. */
void sc_configure(sched_context_t *sc, word_t budget, word_t period, uint64_t now);

/* Charges `used` ticks of running to the context; true if that used up a limited budget. */
bool sc_charge(sched_context_t *sc, word_t used, uint64_t now);

/* Microseconds of TSC ticks (the API's unit). */
word_t ticks_to_us(word_t ticks);

/* Tops up every depleted context whose time has come; their threads may run again. */
void sc_release_due(uint64_t now);

/* Takes a context out of the release list (it is configured again or deleted). */
void sc_release_remove(sched_context_t *sc);

/* The next moment the timer must fire for `running` (NULL: idle) and the release list. */
uint64_t sc_next_deadline(const sched_context_t *running, uint64_t now);

/* Whether something will be released later (then idling must wait for it). */
bool sc_release_pending(void);

#endif /* SCHED_BUDGET_H */

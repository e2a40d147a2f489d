/*
 * Budgets of scheduling contexts (MCS): a thread runs only while the head
 * refill of its scheduling context is due. A context whose budget equals
 * its period round-robins: its thread goes behind its equals with a fresh
 * slice when the budget is used. Any other is a sporadic server
 * (kernel/sched/refill.c): used time comes back a period after it was used,
 * and a context whose head refill is not due waits in the release list.
 * The one-shot timer is armed for whichever comes first: the running head
 * refill's end or the earliest release.
 */
#ifndef SCHED_BUDGET_H
#define SCHED_BUDGET_H

#include "../object/ipc.h"

enum {
    /*
     * The smallest budget ConfigureFlags accepts, and the smallest head
     * refill a context runs on (seL4's MIN_BUDGET): shorter pieces are
     * merged into later refills.
     */
    MIN_BUDGET_US = 10,
};

/* Whether the context can run a thread now (configured, head refill due). */
static inline bool sc_has_budget(const sched_context_t *sc)
{
    return sc->sc_budget != 0 && !sc->sc_depleted;
}

/*
 * Sets budget and period (ticks) and the refill queue's capacity
 * (MIN_REFILLS + extra_refills, which the object must hold; ignored for
 * round robin). A context in use by a runnable thread keeps what is left of
 * its head refill (seL4's refill_update); any other starts afresh at `now`.
 */
void sc_configure(sched_context_t *sc, word_t budget, word_t period, word_t max_refills,
                  uint64_t now);

/*
 * Charges `used` ticks, run in [now - used, now), to the context; true if
 * that left a limited (sporadic) context without a due refill: its thread
 * then waits in the release list.
 */
bool sc_charge(sched_context_t *sc, word_t used, uint64_t now);

/*
 * seL4_Yield on the context: the rest of its head refill is given up (a
 * round-robin context gets a fresh slice) and its thread goes behind its
 * equals, or waits for its next refill. Not counted as consumed.
 */
void sc_yield(sched_context_t *sc, uint64_t now);

/* Microseconds of TSC ticks (the API's unit). */
word_t ticks_to_us(word_t ticks);

/* TSC ticks of microseconds (budgets and periods are at most an hour). */
word_t us_to_ticks(word_t us);

/* Releases every depleted context whose head refill is due; their threads may run again. */
void sc_release_due(uint64_t now);

/* Takes a context out of the release list (it is configured again or deleted). */
void sc_release_remove(sched_context_t *sc);

/*
 * The next moment the timer must fire: the end of `running`'s head refill
 * when it started running at `start` (NULL: idle), or the release list's
 * earliest refill.
 */
uint64_t sc_next_deadline(const sched_context_t *running, uint64_t start);

/* Whether something will be released later (then idling must wait for it). */
bool sc_release_pending(void);

#endif /* SCHED_BUDGET_H */

/*
 * The scheduler: one FIFO ready queue per priority and a two-level bitmap,
 * so choosing the next thread is O(1). Single core.
 */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include "../object/tcb.h"
#include "prio_bitmap.h"

typedef struct {
    tcb_t *head;
    tcb_t *tail;
} tcb_queue_t;

/* Appends a runnable thread to its priority's ready queue. */
void sched_enqueue(tcb_t *tcb);

/* Puts a runnable thread first in its priority's ready queue (YieldTo). */
void sched_enqueue_head(tcb_t *tcb);

/* Removes a thread from its ready queue if it is in one. */
void sched_dequeue(tcb_t *tcb);

/* The highest-priority ready thread (left queued), or NULL if none. */
tcb_t *sched_choose(void);

/* Moves the current thread behind its equals (end of time slice). */
void sched_rotate(tcb_t *tcb);

/*
 * seL4_Yield: the thread gives up the rest of its head refill and goes
 * behind its equals, or waits for its next refill (sc_yield). Not named
 * sched_yield: that is POSIX's, which the host sanitizers call.
 */
void sched_thread_yield(tcb_t *tcb);

/*
 * Charges the time since the last switch to the current thread's
 * scheduling context; every kernel entry calls it first. True when that
 * used up the thread's budget (it then waits for its next refill).
 */
bool sched_account(void);

/* Leaves the kernel into the chosen thread, or idles. Does not return. */
NORETURN void sched_run(void);

/*
 * Arms the timer for `deadline` and records it in ks_deadline, unless it is
 * armed for that already: reprogramming it (a division and an APIC write)
 * would change nothing, and most exits keep the deadline they came in with.
 */
void sched_arm_timer(uint64_t deadline);

/* The timer fired: nothing is armed any more (the next sched_arm_timer arms it). */
void sched_timer_fired(void);

#endif /* SCHED_SCHED_H */

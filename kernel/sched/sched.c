/*
 * Ready queues: a FIFO per priority plus the priority bitmap, so enqueue,
 * dequeue and choose are O(1). Threads are linked through tcb_sched_next/prev.
 */
#include "sched/sched.h"

#include "arch.h"
#include "kernel.h"
#include "object/ipc.h"
#include "object/irq.h"
#include "printf.h"
#include "sched/budget.h"
#include "state.h"

static bool is_queued(const tcb_t *tcb)
{
    const tcb_queue_t *q = &ks_ready_queues[tcb->tcb_priority];
    return tcb->tcb_sched_prev != NULL || q->head == tcb;
}

void sched_enqueue(tcb_t *tcb)
{
    tcb_queue_t *q = &ks_ready_queues[tcb->tcb_priority];

    if (is_queued(tcb)) {
        return;
    }
    tcb->tcb_sched_next = NULL;
    tcb->tcb_sched_prev = q->tail;
    if (q->tail != NULL) {
        q->tail->tcb_sched_next = tcb;
    } else {
        q->head = tcb;
    }
    q->tail = tcb;
    prio_bitmap_set(&ks_ready_bitmap, tcb->tcb_priority);
}

void sched_enqueue_head(tcb_t *tcb)
{
    tcb_queue_t *q = &ks_ready_queues[tcb->tcb_priority];

    sched_dequeue(tcb);
    tcb->tcb_sched_prev = NULL;
    tcb->tcb_sched_next = q->head;
    if (q->head != NULL) {
        q->head->tcb_sched_prev = tcb;
    } else {
        q->tail = tcb;
    }
    q->head = tcb;
    prio_bitmap_set(&ks_ready_bitmap, tcb->tcb_priority);
}

void sched_dequeue(tcb_t *tcb)
{
    tcb_queue_t *q = &ks_ready_queues[tcb->tcb_priority];

    if (!is_queued(tcb)) {
        return;
    }
    if (tcb->tcb_sched_prev != NULL) {
        tcb->tcb_sched_prev->tcb_sched_next = tcb->tcb_sched_next;
    } else {
        q->head = tcb->tcb_sched_next;
    }
    if (tcb->tcb_sched_next != NULL) {
        tcb->tcb_sched_next->tcb_sched_prev = tcb->tcb_sched_prev;
    } else {
        q->tail = tcb->tcb_sched_prev;
    }
    tcb->tcb_sched_next = NULL;
    tcb->tcb_sched_prev = NULL;
    if (q->head == NULL) {
        prio_bitmap_clear(&ks_ready_bitmap, tcb->tcb_priority);
    }
}

tcb_t *sched_choose(void)
{
    if (prio_bitmap_is_empty(&ks_ready_bitmap)) {
        return NULL;
    }
    return ks_ready_queues[prio_bitmap_highest(&ks_ready_bitmap)].head;
}

void sched_rotate(tcb_t *tcb)
{
    sched_dequeue(tcb);
    sched_enqueue(tcb);
}

void sched_thread_yield(tcb_t *tcb)
{
    if (tcb->tcb_sc != NULL) {
        sc_yield(tcb->tcb_sc, ks_switch_time);
    } else {
        sched_rotate(tcb);
    }
}

bool sched_account(void)
{
    uint64_t now = arch_timestamp();
    tcb_t *cur = ks_cur_thread;
    bool ran_out = false;

    if (cur != NULL && cur->tcb_sc != NULL) {
        ran_out = sc_charge(cur->tcb_sc, now - ks_switch_time, now);
    }
    ks_switch_time = now;
    return ran_out;
}

void sched_run(void)
{
    uint64_t now = arch_timestamp();

    /*
     * Time is charged without gaps: whoever runs next pays from this entry's
     * charge on, kernel time included (as in seL4), so one thread's
     * consecutive charges are one interval to the refill queue. Only after
     * boot or idling is there nothing to continue from.
     */
    if (ks_cur_thread == NULL) {
        ks_switch_time = now;
    }
    sc_release_due(now);
    tcb_t *next = sched_choose();
    if (next == NULL) {
        ks_cur_thread = NULL;
        /* Only a refill or an interrupt can wake a thread now; without them nothing will. */
        if (sc_release_pending() || irq_any_handled()) {
            sched_arm_timer(sc_next_deadline(NULL, now));
            arch_idle();
        }
        kputs("cairn: no runnable threads, halting\n");
        arch_system_exit(SYSTEM_EXIT_IDLE);
    }
    ks_cur_thread = next;
    sched_arm_timer(sc_next_deadline(next->tcb_sc, ks_switch_time));
    arch_restore_user(next);
}

void sched_arm_timer(uint64_t deadline)
{
    if (deadline != ks_deadline) {
        ks_deadline = deadline;
        arch_set_timeout(deadline);
    }
}

void sched_timer_fired(void)
{
    ks_deadline = 0;
}

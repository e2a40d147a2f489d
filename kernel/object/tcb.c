/*
 * Thread control blocks: naming and stopping. Creation and the TCB
 * invocations arrive with the capability system.
 */
#include "object/tcb.h"

#include "kstring.h"
#include "object/ipc.h"
#include "printf.h"
#include "sched/budget.h"
#include "sched/sched.h"

_Static_assert(TCB_SLOTS_OFFSET + TCB_SLOT_COUNT * sizeof(cte_t) <= (1u << 11),
               "a TCB object fits seL4_TCBBits");

void tcb_init(tcb_t *tcb)
{
    /* User segments, flags and a clean FPU state: ready for WriteRegisters and Resume. */
    arch_context_init(&tcb->tcb_arch, 0, 0, 0);
    tcb->tcb_state = THREAD_INACTIVE;
    tcb_set_name(tcb, "thread");
}

void tcb_finalise(tcb_t *tcb)
{
    ipc_cancel(tcb);
    if (tcb->tcb_bound != NULL) {
        tcb->tcb_bound->ntfn_bound = NULL;
        tcb->tcb_bound = NULL;
    }
    if (tcb->tcb_sc != NULL) {
        tcb->tcb_sc->sc_tcb = NULL;
        tcb->tcb_sc = NULL;
    }
    thread_set_state(tcb, THREAD_INACTIVE);
}

void thread_set_state(tcb_t *thread, thread_state_t state)
{
    thread->tcb_state = state;
    if (state == THREAD_RUNNING && thread->tcb_sc != NULL && sc_has_budget(thread->tcb_sc)) {
        sched_enqueue(thread);
    } else {
        sched_dequeue(thread);
    }
}

void ipc_cancel(tcb_t *thread)
{
    switch (thread->tcb_state) {
    case THREAD_BLOCKED_ON_SEND:
    case THREAD_BLOCKED_ON_RECEIVE:
        ep_dequeue(thread->tcb_blocked_on, thread);
        break;
    case THREAD_BLOCKED_ON_NOTIFICATION: {
        notification_t *ntfn = thread->tcb_blocked_on;
        queue_remove(&ntfn->ntfn_waiting, thread);
        thread->tcb_blocked_on = NULL;
        break;
    }
    case THREAD_BLOCKED_ON_REPLY:
        reply_cancel(thread->tcb_reply);
        break;
    case THREAD_INACTIVE:
    case THREAD_RUNNING:
        break;
    }
    thread->tcb_fault_type = 0; /* a fault it was waiting to deliver is dropped */
    thread_set_state(thread, THREAD_INACTIVE);
}

void tcb_set_name(tcb_t *tcb, const char *name)
{
    kstrlcpy(tcb->tcb_name, name, sizeof(tcb->tcb_name));
}

void tcb_stop(tcb_t *tcb)
{
    ipc_cancel(tcb);
    kprintf("cairn: thread '%s' stopped\n", tcb->tcb_name);
}

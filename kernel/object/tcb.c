/*
 * Thread control blocks: naming and stopping. Creation and the TCB
 * invocations arrive with the capability system.
 */
#include "object/tcb.h"

#include "kstring.h"
#include "printf.h"
#include "sched/sched.h"

_Static_assert(TCB_SLOTS_OFFSET + TCB_SLOT_COUNT * sizeof(cte_t) <= (1u << 11),
               "a TCB object fits seL4_TCBBits");

void tcb_init(tcb_t *tcb)
{
    tcb->tcb_state = THREAD_INACTIVE;
    tcb_set_name(tcb, "thread");
}

void tcb_finalise(tcb_t *tcb)
{
    sched_dequeue(tcb);
    tcb->tcb_state = THREAD_INACTIVE;
}

void tcb_set_name(tcb_t *tcb, const char *name)
{
    kstrlcpy(tcb->tcb_name, name, sizeof(tcb->tcb_name));
}

void tcb_stop(tcb_t *tcb)
{
    sched_dequeue(tcb);
    tcb->tcb_state = THREAD_INACTIVE;
    kprintf("cairn: thread '%s' stopped\n", tcb->tcb_name);
}

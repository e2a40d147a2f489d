/*
 * Test threads (thread.h): created with the libsel4 TCB, SchedControl and
 * SchedContext calls exactly as seL4 user code creates them.
 */
#include "thread.h"

#include <sel4/runtime.h>

#include "cspace.h"

enum {
    STACK_BYTES = 8192,
    MAX_THREADS = 64, /* stacks are never reused: one per thread the suite starts */
    BUDGET_US = 1000,
};

static unsigned char stacks[MAX_THREADS][STACK_BYTES] __attribute__((aligned(16)));
static unsigned next_stack;

/* A notification nobody signals: parked threads wait on it until destroyed. */
static seL4_CPtr park_ntfn;

int thread_start(test_thread_t *t, void (*fn)(seL4_Word), seL4_Word arg, seL4_Word prio)
{
    return thread_start_handled(t, fn, arg, prio, seL4_CapNull);
}

int thread_start_handled(test_thread_t *t, void (*fn)(seL4_Word), seL4_Word arg, seL4_Word prio,
                         seL4_CPtr fault_ep)
{
    seL4_CPtr sched_control = seL4_GetBootInfo()->schedcontrol.start;

    if (park_ntfn == 0) {
        park_ntfn = cs_new(seL4_NotificationObject, 0);
    }
    if (next_stack == MAX_THREADS || park_ntfn == 0) {
        return -1;
    }
    t->tcb = cs_new(seL4_TCBObject, 0);
    t->sc = cs_new(seL4_SchedContextObject, 8);
    if (t->tcb == 0 || t->sc == 0 ||
        seL4_SchedControl_ConfigureFlags(sched_control, t->sc, BUDGET_US, BUDGET_US, 0, 0, 0) ||
        seL4_TCB_Configure(t->tcb, ROOT, 0, seL4_CapInitThreadVSpace, 0, 0, seL4_CapNull) ||
        seL4_TCB_SetSchedParams(t->tcb, seL4_CapInitThreadTCB, prio, prio, t->sc, fault_ep)) {
        return -1;
    }
    t->stack_top = (seL4_Word)&stacks[next_stack++][STACK_BYTES];
    return thread_restart(t, fn, arg);
}

int thread_restart(test_thread_t *t, void (*fn)(seL4_Word), seL4_Word arg)
{
    seL4_UserContext regs = { 0 };

    regs.rip = (seL4_Word)fn;
    /* At a function's entry the SysV ABI wants rsp + 8 aligned to 16. */
    regs.rsp = t->stack_top - 8;
    regs.rdi = arg;
    if (seL4_TCB_Suspend(t->tcb) != seL4_NoError) {
        return -1;
    }
    return seL4_TCB_WriteRegisters(t->tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs) != 0;
}

int thread_make_passive(test_thread_t *t)
{
    return seL4_SchedContext_Unbind(t->sc) != seL4_NoError;
}

void thread_destroy(test_thread_t *t)
{
    seL4_TCB_Suspend(t->tcb);
    seL4_CNode_Delete(ROOT, t->tcb, DEPTH);
    seL4_CNode_Delete(ROOT, t->sc, DEPTH);
}

_Noreturn void thread_park(void)
{
    for (;;) {
        seL4_Word badge = 0;
        seL4_Wait(park_ntfn, &badge);
    }
}

/* Four IPC buffers in one page of this image; its frame capability comes from BootInfo. */
static seL4_IPCBuffer buffers[4] __attribute__((aligned(4096)));

seL4_IPCBuffer *thread_set_buffer(test_thread_t *t, unsigned which)
{
    const seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word page = (seL4_Word)&buffers[0];
    enum {
        IMAGE_BASE = 0x400000, /* lib/sel4/user.ld */
    };
    seL4_CPtr frame = bi->userImageFrames.start + (page - IMAGE_BASE) / 4096;

    if (which >= 4 || frame >= bi->userImageFrames.end ||
        seL4_TCB_SetIPCBuffer(t->tcb, (seL4_Word)&buffers[which], frame) != seL4_NoError) {
        return 0;
    }
    return &buffers[which];
}

/*
 * Thread control blocks: the generic part of a thread (state, priority,
 * scheduler links, name); the machine registers live in tcb_arch.
 */
#ifndef OBJECT_TCB_H
#define OBJECT_TCB_H

#include "../arch.h"
#include "cnode.h"

enum {
    TCB_NAME_MAX = 16,
};

/* The capability slots every TCB object carries after its tcb_t. */
enum {
    TCB_SLOT_CSPACE,  /* CSpace root */
    TCB_SLOT_VSPACE,  /* VSpace root */
    TCB_SLOT_BUFFER,  /* IPC buffer frame */
    TCB_SLOT_FAULT,   /* fault endpoint */
    TCB_SLOT_TIMEOUT, /* timeout fault endpoint (MCS) */
    TCB_SLOT_COUNT,
};

/*
 * Progress of a preempted retype's clearing, so a restarted call goes on
 * where it stopped instead of starting over (kernel/object/untyped.c).
 */
typedef struct {
    const cte_t *untyped;
    uintptr_t start;
    uintptr_t end;
    uintptr_t cleared; /* [start, cleared) is zero */
    word_t epoch;      /* ks_object_epoch when it was recorded */
} retype_progress_t;

typedef enum {
    THREAD_INACTIVE = 0, /* stopped: never runs until resumed */
    THREAD_RUNNING,      /* runnable, in a ready queue or current */
} thread_state_t;

typedef struct tcb {
    arch_tcb_t tcb_arch;
    thread_state_t tcb_state;
    unsigned tcb_priority;
    paddr_t tcb_vspace_root; /* address-space root (physical) */
    struct tcb *tcb_sched_next;
    struct tcb *tcb_sched_prev;
    void *tcb_ipc_buffer; /* kernel view of the IPC buffer, or NULL */
    retype_progress_t tcb_retype;
    char tcb_name[TCB_NAME_MAX];
} tcb_t;

/* Offset of the slots in a TCB object: after the tcb_t, slot-aligned. */
#define TCB_SLOTS_OFFSET ((sizeof(tcb_t) + sizeof(cte_t) - 1) & ~(sizeof(cte_t) - 1))

static inline cte_t *tcb_slots(tcb_t *tcb)
{
    return (cte_t *)(void *)((char *)tcb + TCB_SLOTS_OFFSET);
}

/* The CSpace root capability of a thread (null if it has none). */
static inline cap_t tcb_cspace_root(tcb_t *tcb)
{
    return tcb_slots(tcb)[TCB_SLOT_CSPACE].cap;
}

/* Sets up a TCB object in cleared memory: inactive, priority 0, no name. */
void tcb_init(tcb_t *tcb);

/* Stops a thread that is being destroyed: it never runs again. */
void tcb_finalise(tcb_t *tcb);

/* Gives a thread a debug name (truncated to TCB_NAME_MAX - 1 bytes). */
void tcb_set_name(tcb_t *tcb, const char *name);

/*
 * Stops a thread for good: it leaves the ready queue and never runs again
 * until resumed. Used when a fault has no handler.
 */
void tcb_stop(tcb_t *tcb);

#endif /* OBJECT_TCB_H */

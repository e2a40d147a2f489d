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
    THREAD_INACTIVE = 0,            /* stopped: never runs until resumed */
    THREAD_RUNNING,                 /* runnable (when it has a scheduling context) */
    THREAD_BLOCKED_ON_RECEIVE,      /* in an endpoint's queue, receiving */
    THREAD_BLOCKED_ON_SEND,         /* in an endpoint's queue, sending */
    THREAD_BLOCKED_ON_REPLY,        /* called; waits for the reply object */
    THREAD_BLOCKED_ON_NOTIFICATION, /* in a notification's queue */
} thread_state_t;

/* How a blocked sender sends (tcb_ipc_flags). */
enum {
    IPC_CAN_GRANT = 1 << 0,
    IPC_CAN_GRANT_REPLY = 1 << 1,
    IPC_IS_CALL = 1 << 2,
};

struct reply;
struct sched_context;
struct notification;

typedef struct tcb {
    arch_tcb_t tcb_arch;
    thread_state_t tcb_state;
    unsigned tcb_priority;
    unsigned tcb_mcp;           /* the highest priority it may give any thread */
    unsigned tcb_ipc_flags;     /* IPC_* while blocked sending */
    void *tcb_blocked_on;       /* the endpoint or notification whose queue it is in */
    word_t tcb_ipc_badge;       /* badge of the capability it sends through */
    struct reply *tcb_reply;    /* receiving: the reply object to use; called: the one awaited */
    struct tcb *tcb_queue_next; /* endpoint or notification queue */
    struct tcb *tcb_queue_prev;
    struct sched_context *tcb_sc;
    struct notification *tcb_bound; /* bound notification */
    word_t tcb_fault_type;          /* FAULT_* while a fault awaits its handler */
    word_t tcb_fault_data[4];       /* the fault's own words (address, code, ...) */
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

/*
 * Thread control blocks: the generic part of a thread (state, priority,
 * scheduler links, name); the machine registers live in tcb_arch.
 */
#ifndef OBJECT_TCB_H
#define OBJECT_TCB_H

#include "../arch.h"

enum {
    TCB_NAME_MAX = 16,
};

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
    char tcb_name[TCB_NAME_MAX];
} tcb_t;

/* Gives a thread a debug name (truncated to TCB_NAME_MAX - 1 bytes). */
void tcb_set_name(tcb_t *tcb, const char *name);

/*
 * Stops a thread for good: it leaves the ready queue and never runs again
 * until resumed. Used when a fault has no handler.
 */
void tcb_stop(tcb_t *tcb);

#endif /* OBJECT_TCB_H */

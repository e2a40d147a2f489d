/*
 * Preemption points for long operations (revoke, delete, retype's
 * clearing). The kernel is not preemptible, so a long operation polls for a
 * pending interrupt every PREEMPT_WORK_UNITS steps and, if there is one,
 * stops with EXC_PREEMPTED: the system call is restarted once the interrupt
 * has been handled, and the operation goes on from the state it left.
 */
#ifndef API_PREEMPT_H
#define API_PREEMPT_H

#include "../types.h"

typedef enum {
    EXC_NONE = 0,      /* done */
    EXC_SYSCALL_ERROR, /* refused; the reply carries the error */
    EXC_PREEMPTED,     /* stopped at a preemption point; restart the call */
    EXC_FAULT,         /* the thread faulted (bad capability) */
} exception_t;

enum {
    PREEMPT_WORK_UNITS = 64,
};

/* Counts one unit of work; EXC_PREEMPTED when an interrupt is waiting. */
exception_t preemption_point(void);

#endif /* API_PREEMPT_H */

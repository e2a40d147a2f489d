/*
 * The IPC fastpath (kernel/api/fastpath.c). Each function either leaves
 * the kernel into the thread the call switches to, or returns having
 * changed nothing, and the slowpath handles the system call.
 * CONFIG_FASTPATH=0 compiles the fastpath out (make FASTPATH=0); the
 * system tests run against both kernels.
 */
#ifndef API_FASTPATH_H
#define API_FASTPATH_H

#include "arch.h"
#include "object/tcb.h"

#ifndef CONFIG_FASTPATH
#define CONFIG_FASTPATH 1
#endif

/* seL4_Call on an endpoint where a passive server waits. */
void fastpath_call(tcb_t *cur);

/* seL4_ReplyRecv from a passive server back to its caller. */
void fastpath_reply_recv(tcb_t *cur);

/* seL4_Signal waking a higher-priority waiter that has its own scheduling context. */
void fastpath_signal(tcb_t *cur);

/* System calls the fastpath completed (reported when the system ends). */
extern word_t ks_fastpath_count;

/*
 * seL4_BenchmarkNullSyscall: straight back to the caller, kernel entry and
 * exit only. Nothing changes, so nothing needs deciding, not even past the
 * armed deadline: the timer interrupt is then pending and is taken before
 * the caller's next instruction, where the kernel charges and decides what
 * the slowpath would have at the end of this call.
 */
static inline void fastpath_null(tcb_t *cur)
{
    ks_fastpath_count++;
    arch_resume_user(cur);
}

#endif /* API_FASTPATH_H */

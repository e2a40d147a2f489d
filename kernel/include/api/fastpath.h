/*
 * The IPC fastpath (kernel/api/fastpath.c). Each function either leaves
 * the kernel into the thread the call switches to, or returns having
 * changed nothing, and the slowpath handles the system call.
 * CONFIG_FASTPATH=0 compiles the fastpath out (make FASTPATH=0); the
 * system tests run against both kernels.
 */
#ifndef API_FASTPATH_H
#define API_FASTPATH_H

#include "types.h"

#ifndef CONFIG_FASTPATH
#define CONFIG_FASTPATH 1
#endif

/*
 * The architecture's system call entry calls these, once it has saved the
 * caller's context, with the caller's capability and message-info
 * registers as they stand (the null system call it handles itself).
 */

/* seL4_Call on an endpoint where a passive server waits. */
void fastpath_call(word_t cptr, word_t info);

/* seL4_ReplyRecv from a passive server back to its caller. */
void fastpath_reply_recv(word_t cptr, word_t info);

/* seL4_Signal waking a higher-priority waiter that has its own scheduling context. */
void fastpath_signal(word_t cptr);

/* System calls the fastpath completed (reported when the system ends). */
extern word_t ks_fastpath_count;

#endif /* API_FASTPATH_H */

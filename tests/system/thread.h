/*
 * Test threads in the root task's own address space: each gets a TCB, a
 * stack, and (unless passive) a scheduling context, and starts at fn(arg).
 * They have no IPC buffer, so they pass at most four message words.
 */
#ifndef SYSTEST_THREAD_H
#define SYSTEST_THREAD_H

#include <sel4/sel4.h>

typedef struct {
    seL4_CPtr tcb;
    seL4_CPtr sc;        /* 0 for a thread started passive */
    seL4_Word stack_top; /* where its stack starts, for thread_restart */
} test_thread_t;

/*
 * Creates and starts a thread at `prio`; with `passive` it gets a
 * scheduling context only until it first blocks in NBSendRecv (see
 * thread_make_passive). Returns 0 on success.
 */
int thread_start(test_thread_t *t, void (*fn)(seL4_Word), seL4_Word arg, seL4_Word prio);

/* The same, with faults sent to the endpoint `fault_ep` (a badged copy tells threads apart). */
int thread_start_handled(test_thread_t *t, void (*fn)(seL4_Word), seL4_Word arg, seL4_Word prio,
                         seL4_CPtr fault_ep);

/* Stops the thread wherever it is and starts it again at fn(arg) on its own stack. */
int thread_restart(test_thread_t *t, void (*fn)(seL4_Word), seL4_Word arg);

/* Takes the thread's scheduling context away (it then runs only on lent ones). */
int thread_make_passive(test_thread_t *t);

/*
 * Gives the thread its own IPC buffer (one of four 1 KiB buffers in this
 * image, `which` < 4) and returns it; NULL on failure. The thread then
 * writes message words past the fourth and extra caps there itself.
 */
seL4_IPCBuffer *thread_set_buffer(test_thread_t *t, unsigned which);

/* Stops the thread for good and frees its objects' capabilities. */
void thread_destroy(test_thread_t *t);

/* A thread that has nothing left to do. */
_Noreturn void thread_park(void);

#endif /* SYSTEST_THREAD_H */

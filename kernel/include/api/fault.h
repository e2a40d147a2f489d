/*
 * Faults as messages (seL4 manual, "Faults"): a thread that faults sends a
 * fault message to the endpoint in its TCB's fault slot as if it had
 * called it, and waits; the handler's reply restarts it (label 0,
 * optionally with new registers) or leaves it stopped. Without a handler
 * the kernel prints a report and stops only that thread.
 */
#ifndef API_FAULT_H
#define API_FAULT_H

#include "../object/tcb.h"

/* Fault labels, numbered as libsel4's seL4_FaultType (MCS). */
enum {
    FAULT_NONE = 0,
    FAULT_CAP = 1,
    FAULT_UNKNOWN_SYSCALL = 2,
    FAULT_USER_EXCEPTION = 3,
    FAULT_TIMEOUT = 5,
    FAULT_VM = 6,
};

/* A capability fault: cptr could not be looked up (lookup failure type and bits). */
void fault_capability(tcb_t *tcb, word_t cptr, bool in_receive, unsigned lookup_type,
                      word_t bits_left);

/* A system call number the kernel does not know. */
void fault_unknown_syscall(tcb_t *tcb, sword_t number);

/* A CPU exception other than a page fault (`name` is for the report). */
void fault_user_exception(tcb_t *tcb, const char *name, word_t vector, word_t code);

/* A page fault at addr; `fsr` is the architecture's fault status (x86: error code). */
void fault_vm(tcb_t *tcb, word_t addr, bool instruction, word_t fsr);

/*
 * The thread's budget ran out: with a timeout handler (TCB timeout slot) it
 * sends a Timeout fault (its context's badge, time consumed) and waits for
 * the reply; without one it just waits for its next refill.
 */
void fault_timeout(tcb_t *tcb);

/*
 * Charging the time up to a system call used up the caller's budget: the
 * call runs again after its next refill, with a Timeout fault first if the
 * thread has a timeout handler. Leaves through the scheduler.
 */
NORETURN void fault_out_of_budget(tcb_t *cur);

/* The words of a pending fault's message; returns its length. */
word_t fault_message(tcb_t *faulter, word_t *words);

/*
 * The handler answered the fault through a reply object: label 0 restarts
 * the thread after taking new registers from the reply words where the
 * fault type allows (UnknownSyscall, UserException, Timeout: the manual's
 * reply layouts, as many as the reply's length); any other label leaves it
 * stopped.
 */
void fault_reply(tcb_t *faulter, tcb_t *handler);

#endif /* API_FAULT_H */

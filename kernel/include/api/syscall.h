/*
 * Kernel entry points the architecture's trap code calls once it has saved
 * the user context of ks_cur_thread. None of them return: each ends by
 * leaving the kernel through the scheduler.
 */
#ifndef API_SYSCALL_H
#define API_SYSCALL_H

#include "../types.h"

/* A syscall instruction; the number is in USER_REG_SYSNO. */
NORETURN void handle_syscall(void);

/*
 * A CPU exception raised by user code, other than a page fault: `name` is
 * the architecture's mnemonic (e.g. "#GP") for reports.
 */
NORETURN void handle_user_exception(const char *name, word_t vector, word_t error);

/* A page fault in user code at addr (instruction fetch or data; fsr: the CPU's code). */
NORETURN void handle_vm_fault(word_t addr, bool instruction, word_t fsr);

/* User IRQ `irq` arrived (its line is already masked): signal its notification. */
NORETURN void handle_interrupt(unsigned irq);

/* A timer tick. */
NORETURN void handle_timer_tick(void);

/*
 * Any other interrupt from a thread (spurious or unexpected): nothing to
 * do but charge the time, as every kernel entry must before leaving.
 */
NORETURN void handle_other_interrupt(void);

#endif /* API_SYSCALL_H */

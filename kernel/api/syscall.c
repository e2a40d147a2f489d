/*
 * System call dispatch and the handling of user faults. Until fault endpoints
 * exist, a fault stops the faulting thread with a report on the console and
 * the rest of the system runs on (docs/deviations.md).
 */
#include "api/syscall.h"

#include <sel4/syscall_numbers.h>

#include "arch.h"
#include "kernel.h"
#include "printf.h"
#include "sched/sched.h"
#include "state.h"

static void report_fault_head(const tcb_t *tcb)
{
    kprintf("cairn: fault: thread '%s' ", tcb->tcb_name);
}

static void fault_unknown_syscall(tcb_t *tcb, sword_t number)
{
    report_fault_head(tcb);
    kprintf("UnknownSyscall number %ld rip 0x%lx\n", number,
            arch_get_register(&tcb->tcb_arch, USER_REG_IP));
    tcb_stop(tcb);
}

static NORETURN void debug_exit(const tcb_t *tcb, word_t code)
{
    kprintf("cairn: thread '%s' ended the system with code %lu\n", tcb->tcb_name, code);
    arch_system_exit(code == 0 ? SYSTEM_EXIT_PASS : SYSTEM_EXIT_FAIL);
}

void handle_syscall(void)
{
    tcb_t *cur = ks_cur_thread;
    sword_t number = (sword_t)arch_get_register(&cur->tcb_arch, USER_REG_SYSNO);
    word_t arg = arch_get_register(&cur->tcb_arch, USER_REG_CAP);

    switch (number) {
    case seL4_SysDebugPutChar:
        arch_console_putc((char)(arg & 0xff));
        break;
    case seL4_SysDebugHalt:
        kprintf("cairn: seL4_DebugHalt called by thread '%s'\n", cur->tcb_name);
        arch_system_exit(SYSTEM_EXIT_HALT);
    case seL4_SysCairnDebugExit:
        debug_exit(cur, arg);
    case seL4_SysYield:
        sched_rotate(cur);
        break;
    default:
        fault_unknown_syscall(cur, number);
        break;
    }
    sched_run();
}

void handle_user_exception(const char *name, word_t vector, word_t error, word_t addr)
{
    tcb_t *cur = ks_cur_thread;

    report_fault_head(cur);
    kprintf("%s vector %lu error 0x%lx rip 0x%lx cr2 0x%lx\n", name, vector, error,
            arch_get_register(&cur->tcb_arch, USER_REG_IP), addr);
    tcb_stop(cur);
    sched_run();
}

void handle_timer_tick(void)
{
    ks_ticks++;
    if (ks_cur_thread != NULL) {
        sched_rotate(ks_cur_thread);
    }
    sched_run();
}

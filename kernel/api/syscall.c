/*
 * System call dispatch and the handling of user faults. Until fault endpoints
 * exist, a fault stops the faulting thread with a report on the console and
 * the rest of the system runs on (docs/deviations.md).
 */
#include "api/syscall.h"

#include <sel4/syscall_numbers.h>

#include "api/invocation.h"
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

static word_t restarts; /* system calls restarted after a preemption point */

static NORETURN void debug_exit(const tcb_t *tcb, word_t code)
{
    kprintf("cairn: thread '%s' ended the system with code %lu (%lu restarted calls)\n",
            tcb->tcb_name, code, restarts);
    arch_system_exit(code == 0 ? SYSTEM_EXIT_PASS : SYSTEM_EXIT_FAIL);
}

static invocation_t current; /* too big for the kernel stack; one core, one at a time */

static void fault_capability(tcb_t *tcb, word_t cptr, const lookup_fault_t *fault)
{
    report_fault_head(tcb);
    kprintf("CapFault cptr 0x%lx lookup failure %u bits left %lu rip 0x%lx\n", cptr,
            (unsigned)fault->type, fault->bits_left,
            arch_get_register(&tcb->tcb_arch, USER_REG_IP));
    tcb_stop(tcb);
}

/* Reads message word i: the first few travel in registers, the rest in the IPC buffer. */
static word_t message_word(tcb_t *tcb, word_t i)
{
    static const user_reg_t regs[MSG_REGISTERS] = { USER_REG_MR0, USER_REG_MR1, USER_REG_MR2,
                                                    USER_REG_MR3 };
    const word_t *buffer = tcb->tcb_ipc_buffer;

    if (i < MSG_REGISTERS) {
        return arch_get_register(&tcb->tcb_arch, regs[i]);
    }
    return buffer[IPC_BUFFER_MSG + i];
}

static void set_message_word(tcb_t *tcb, word_t i, word_t value)
{
    static const user_reg_t regs[MSG_REGISTERS] = { USER_REG_MR0, USER_REG_MR1, USER_REG_MR2,
                                                    USER_REG_MR3 };
    word_t *buffer = tcb->tcb_ipc_buffer;

    if (i < MSG_REGISTERS) {
        arch_set_register(&tcb->tcb_arch, regs[i], value);
    } else if (buffer != NULL) {
        buffer[IPC_BUFFER_MSG + i] = value;
    }
}

/* Gathers the message of an invocation; false after a capability fault. */
static bool gather_invocation(tcb_t *tcb, invocation_t *inv, bool report)
{
    word_t info = arch_get_register(&tcb->tcb_arch, USER_REG_MSGINFO);
    word_t cptr = arch_get_register(&tcb->tcb_arch, USER_REG_CAP);
    const word_t *buffer = tcb->tcb_ipc_buffer;
    lookup_fault_t fault;

    inv->thread = tcb;
    inv->label = info >> MSGINFO_LABEL_SHIFT;
    inv->length = info & MSGINFO_LENGTH_MASK;
    inv->extra_count = (info >> MSGINFO_EXTRA_CAPS_SHIFT) & MSGINFO_EXTRA_CAPS_MASK;
    inv->length = inv->length > MSG_MAX_LENGTH ? MSG_MAX_LENGTH : inv->length;
    if (buffer == NULL) {
        inv->length = inv->length > MSG_REGISTERS ? MSG_REGISTERS : inv->length;
        inv->extra_count = 0;
    }
    for (word_t i = 0; i < inv->length; i++) {
        inv->words[i] = message_word(tcb, i);
    }
    inv->reply_length = 0;
    if (!cspace_lookup_slot(tcb_cspace_root(tcb), cptr, &inv->slot, &fault)) {
        if (report) {
            fault_capability(tcb, cptr, &fault);
        }
        return false;
    }
    inv->cap = inv->slot->cap;
    for (word_t i = 0; i < inv->extra_count && buffer != NULL; i++) {
        word_t extra = buffer[IPC_BUFFER_CAPS + i];
        if (!cspace_lookup_slot(tcb_cspace_root(tcb), extra, &inv->extra_slots[i], &fault)) {
            if (report) {
                fault_capability(tcb, extra, &fault);
            }
            return false;
        }
    }
    return true;
}

static void reply(tcb_t *tcb, word_t label, const word_t *words, word_t length)
{
    for (word_t i = 0; i < length; i++) {
        set_message_word(tcb, i, words[i]);
    }
    arch_set_register(&tcb->tcb_arch, USER_REG_MSGINFO, (label << MSGINFO_LABEL_SHIFT) | length);
    arch_set_register(&tcb->tcb_arch, USER_REG_CAP, 0);
}

/*
 * Send, NBSend and Call on a capability. A bad capability is a fault for
 * the blocking forms; only Call gets a reply.
 */
static void handle_invocation(tcb_t *tcb, bool is_call, bool is_blocking)
{
    invocation_t *inv = &current;
    word_t words[MSG_REPLY_MAX];

    if (!gather_invocation(tcb, inv, is_blocking)) {
        return;
    }
    exception_t status = invoke(inv);
    if (status == EXC_PREEMPTED) {
        arch_restart_syscall(&tcb->tcb_arch);
        restarts++;
    } else if (is_call && status == EXC_SYSCALL_ERROR) {
        word_t n = error_reply(&inv->error, words);
        reply(tcb, inv->error.type, words, n);
    } else if (is_call) {
        reply(tcb, seL4_NoError, inv->reply, inv->reply_length);
    }
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
    case seL4_SysCall:
        handle_invocation(cur, true, true);
        break;
    case seL4_SysSend:
        handle_invocation(cur, false, true);
        break;
    case seL4_SysNBSend:
        handle_invocation(cur, false, false);
        break;
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

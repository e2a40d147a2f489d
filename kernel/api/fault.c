/*
 * Fault delivery (see fault.h). A fault is recorded in the TCB; the
 * message is built when a handler receives it, from the record and the
 * thread's registers, so a fault waiting in an endpoint queue costs no
 * extra memory.
 */
#include "api/fault.h"

#include "api/message.h"
#include "arch.h"
#include "object/ipc.h"
#include "printf.h"
#include "sched/budget.h"
#include "sched/sched.h"

enum {
    /* seL4_UserContext positions (arch_user_context_get). */
    UC_RIP = 0,
    UC_RSP = 1,
    UC_RFLAGS = 2,
    UC_FIRST_GPR = 3, /* rax .. r15 follow */
    UC_LAST_GPR = 17,
    UNKNOWN_SYSCALL_WORDS = 19,
    /* Registers a reply may set (libsel4's *Reply_Length on x86_64). */
    UNKNOWN_SYSCALL_REPLY_WORDS = 18,
    USER_EXCEPTION_REPLY_WORDS = 3,
    TIMEOUT_REPLY_WORDS = 19,
};

static bool has_handler_in(tcb_t *tcb, unsigned slot)
{
    cap_t cap = tcb_slots(tcb)[slot].cap;

    return cap_type(cap) == CAP_ENDPOINT && (cap_rights(cap) & RIGHT_WRITE) != 0 &&
           (cap_rights(cap) & (RIGHT_GRANT | RIGHT_GRANT_REPLY)) != 0;
}

static void report_head(const tcb_t *tcb)
{
    kprintf("cairn: fault: thread '%s' ", tcb->tcb_name);
}

/* Sends the recorded fault to the handler in `slot` as a Call; false if there is none. */
static bool deliver_to(tcb_t *tcb, word_t type, unsigned slot)
{
    if (!has_handler_in(tcb, slot)) {
        return false;
    }
    cap_t cap = tcb_slots(tcb)[slot].cap;
    unsigned flags = IPC_IS_CALL | IPC_CAN_GRANT_REPLY;
    flags |= (cap_rights(cap) & RIGHT_GRANT) != 0 ? IPC_CAN_GRANT : 0;
    tcb->tcb_fault_type = type;
    ep_send(cap_ptr(cap), tcb, cap_badge(cap), flags, true);
    return true;
}

static bool deliver(tcb_t *tcb, word_t type)
{
    return deliver_to(tcb, type, TCB_SLOT_FAULT);
}

void fault_timeout(tcb_t *tcb)
{
    const sched_context_t *sc = tcb->tcb_sc;

    tcb->tcb_fault_data[0] = sc != NULL ? sc->sc_badge : 0;
    tcb->tcb_fault_data[1] = sc != NULL ? ticks_to_us(sc->sc_consumed) : 0;
    /* Without a timeout handler the thread just waits for its next refill. */
    (void)deliver_to(tcb, FAULT_TIMEOUT, TCB_SLOT_TIMEOUT);
}

void fault_out_of_budget(tcb_t *cur)
{
    arch_restart_syscall(&cur->tcb_arch);
    fault_timeout(cur);
    sched_run();
}

void fault_capability(tcb_t *tcb, word_t cptr, bool in_receive, unsigned lookup_type,
                      word_t bits_left)
{
    tcb->tcb_fault_data[0] = cptr;
    tcb->tcb_fault_data[1] = in_receive ? 1 : 0;
    tcb->tcb_fault_data[2] = lookup_type;
    tcb->tcb_fault_data[3] = bits_left;
    /* Resuming the thread repeats the system call, as in seL4. */
    arch_restart_syscall(&tcb->tcb_arch);
    if (!deliver(tcb, FAULT_CAP)) {
        report_head(tcb);
        kprintf("CapFault cptr 0x%lx lookup failure %u bits left %lu rip 0x%lx\n", cptr,
                lookup_type, bits_left, arch_get_register(&tcb->tcb_arch, USER_REG_IP));
        tcb_stop(tcb);
    }
}

void fault_unknown_syscall(tcb_t *tcb, sword_t number)
{
    tcb->tcb_fault_data[0] = (word_t)number;
    arch_restart_syscall(&tcb->tcb_arch);
    if (!deliver(tcb, FAULT_UNKNOWN_SYSCALL)) {
        report_head(tcb);
        kprintf("UnknownSyscall number %ld rip 0x%lx\n", number,
                arch_get_register(&tcb->tcb_arch, USER_REG_IP));
        tcb_stop(tcb);
    }
}

void fault_user_exception(tcb_t *tcb, const char *name, word_t vector, word_t code)
{
    tcb->tcb_fault_data[0] = vector;
    tcb->tcb_fault_data[1] = code;
    if (!deliver(tcb, FAULT_USER_EXCEPTION)) {
        report_head(tcb);
        kprintf("%s vector %lu error 0x%lx rip 0x%lx cr2 0x0\n", name, vector, code,
                arch_get_register(&tcb->tcb_arch, USER_REG_IP));
        tcb_stop(tcb);
    }
}

void fault_vm(tcb_t *tcb, word_t addr, bool instruction, word_t fsr)
{
    tcb->tcb_fault_data[0] = addr;
    tcb->tcb_fault_data[1] = instruction ? 1 : 0;
    tcb->tcb_fault_data[2] = fsr;
    if (!deliver(tcb, FAULT_VM)) {
        report_head(tcb);
        kprintf("#PF vector 14 error 0x%lx rip 0x%lx cr2 0x%lx\n", fsr,
                arch_get_register(&tcb->tcb_arch, USER_REG_IP), addr);
        tcb_stop(tcb);
    }
}

word_t fault_message(tcb_t *f, word_t *w)
{
    const word_t *d = f->tcb_fault_data;
    word_t ip = arch_user_context_get(f, UC_RIP);

    switch (f->tcb_fault_type) {
    case FAULT_CAP:
        w[0] = ip;
        w[1] = d[0];
        w[2] = d[1];
        w[3] = d[2];
        w[4] = d[3];
        return 5;
    case FAULT_UNKNOWN_SYSCALL:
        for (unsigned i = UC_FIRST_GPR; i <= UC_LAST_GPR; i++) {
            w[i - UC_FIRST_GPR] = arch_user_context_get(f, i);
        }
        w[15] = ip;
        w[16] = arch_user_context_get(f, UC_RSP);
        w[17] = arch_user_context_get(f, UC_RFLAGS);
        w[18] = d[0];
        return UNKNOWN_SYSCALL_WORDS;
    case FAULT_TIMEOUT:
        w[0] = d[0];
        w[1] = d[1];
        return 2;
    case FAULT_USER_EXCEPTION:
        w[0] = ip;
        w[1] = arch_user_context_get(f, UC_RSP);
        w[2] = arch_user_context_get(f, UC_RFLAGS);
        w[3] = d[0];
        w[4] = d[1];
        return 5;
    default: /* FAULT_VM */
        w[0] = ip;
        w[1] = d[0];
        w[2] = d[1];
        w[3] = d[2];
        return 4;
    }
}

/* How many registers a reply to this fault may set: the length of its reply layout. */
static word_t reply_registers(word_t type)
{
    switch (type) {
    case FAULT_UNKNOWN_SYSCALL:
        return UNKNOWN_SYSCALL_REPLY_WORDS;
    case FAULT_USER_EXCEPTION:
        return USER_EXCEPTION_REPLY_WORDS;
    case FAULT_TIMEOUT:
        return TIMEOUT_REPLY_WORDS;
    default:
        return 0;
    }
}

/* The register (seL4_UserContext index) that word i of a fault reply sets. */
static unsigned reply_register(word_t type, word_t i)
{
    if (type == FAULT_UNKNOWN_SYSCALL) {
        return i < 15 ? (unsigned)(UC_FIRST_GPR + i) : (unsigned)(UC_RIP + (i - 15));
    }
    /*
     * UserException (FaultIP, SP, FLAGS) and TimeoutReply (FaultIP, RSP,
     * FLAGS, RAX .. R15, TLS_BASE, the FS base) are seL4_UserContext's order.
     */
    return (unsigned)(UC_RIP + i);
}

void fault_reply(tcb_t *f, tcb_t *handler)
{
    msginfo_t info = msg_info(handler);
    word_t type = f->tcb_fault_type;
    word_t settable = reply_registers(type);

    f->tcb_fault_type = FAULT_NONE;
    if (info.label != 0) {
        thread_set_state(f, THREAD_INACTIVE);
        return;
    }
    for (word_t i = 0; i < info.length && i < settable; i++) {
        arch_user_context_set(f, reply_register(type, i), msg_get(handler, i));
    }
    thread_set_state(f, THREAD_RUNNING);
}

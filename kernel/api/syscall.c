/*
 * System call dispatch and the handling of user faults. Until fault endpoints
 * exist, a fault stops the faulting thread with a report on the console and
 * the rest of the system runs on (docs/deviations.md).
 */
#include "api/syscall.h"

#include <sel4/syscall_numbers.h>

#include "api/fastpath.h"
#include "api/fault.h"
#include "api/invocation.h"
#include "arch.h"
#include "kernel.h"
#include "object/ipc.h"
#include "object/irq.h"
#include "printf.h"
#include "sched/sched.h"
#include "state.h"

static word_t restarts; /* system calls restarted after a preemption point */

static NORETURN void debug_exit(const tcb_t *tcb, word_t code)
{
    kprintf("cairn: thread '%s' ended the system with code %lu (%lu restarted calls, %lu by the "
            "fastpath)\n",
            tcb->tcb_name, code, restarts, ks_fastpath_count);
    arch_system_exit(code == 0 ? SYSTEM_EXIT_PASS : SYSTEM_EXIT_FAIL);
}

/* seL4_DebugCapIdentify: the type of the capability at the cptr in rdi (Cairn's numbering), 0 if
 * none. */
static void debug_cap_identify(tcb_t *tcb, word_t cptr)
{
    lookup_fault_t fault;
    cte_t *slot = NULL;
    word_t type = 0;

    if (cspace_lookup_slot(tcb_cspace_root(tcb), cptr, &slot, &fault)) {
        type = cap_type(slot->cap);
    }
    arch_set_register(&tcb->tcb_arch, USER_REG_CAP, type);
}

/* seL4_DebugNameThread: names the TCB at the cptr in rdi; the name is in the IPC buffer. */
static void debug_name_thread(tcb_t *tcb, word_t cptr)
{
    lookup_fault_t fault;
    cte_t *slot = NULL;
    char name[TCB_NAME_MAX];

    if (tcb->tcb_ipc_buffer == NULL ||
        !cspace_lookup_slot(tcb_cspace_root(tcb), cptr, &slot, &fault) ||
        cap_type(slot->cap) != CAP_THREAD) {
        return;
    }
    const char *src = (const char *)tcb->tcb_ipc_buffer + sizeof(word_t); /* msg[0] */
    for (word_t i = 0; i + 1 < sizeof(name); i++) {
        name[i] = src[i];
    }
    name[sizeof(name) - 1] = '\0';
    tcb_set_name(cap_ptr(slot->cap), name);
}

static invocation_t current; /* too big for the kernel stack; one core, one at a time */

/* Gathers the message of an invocation; false after a capability fault. */
static bool gather_invocation(tcb_t *tcb, invocation_t *inv, word_t cptr, bool report)
{
    msginfo_t info = msg_info(tcb);
    lookup_fault_t fault;

    inv->thread = tcb;
    inv->label = info.label;
    inv->length = info.length;
    inv->extra_count = info.extra_caps;
    for (word_t i = 0; i < inv->length; i++) {
        inv->words[i] = msg_get(tcb, i);
    }
    inv->reply_length = 0;
    if (!cspace_lookup_slot(tcb_cspace_root(tcb), cptr, &inv->slot, &fault)) {
        if (report) {
            fault_capability(tcb, cptr, false, fault.type, fault.bits_left);
        }
        return false;
    }
    inv->cap = inv->slot->cap;
    for (word_t i = 0; i < inv->extra_count; i++) {
        word_t extra = msg_buffer_word(tcb, IPC_BUFFER_CAPS + i);
        if (!cspace_lookup_slot(tcb_cspace_root(tcb), extra, &inv->extra_slots[i], &fault)) {
            if (report) {
                fault_capability(tcb, extra, false, fault.type, fault.bits_left);
            }
            return false;
        }
    }
    return true;
}

static void reply(tcb_t *tcb, word_t label, const word_t *words, word_t length)
{
    msginfo_t info = { label, length, 0, 0 };

    for (word_t i = 0; i < length; i++) {
        msg_set(tcb, i, words[i]);
    }
    arch_set_register(&tcb->tcb_arch, USER_REG_MSGINFO, msginfo_word(info));
    arch_set_register(&tcb->tcb_arch, USER_REG_CAP, 0);
}

/* Decodes and performs an invocation of the capability at cptr; only Call gets a reply. */
static void handle_invocation(tcb_t *tcb, word_t cptr, bool is_call, bool is_blocking)
{
    invocation_t *inv = &current;
    word_t words[MSG_REPLY_MAX];

    if (!gather_invocation(tcb, inv, cptr, is_blocking)) {
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

/*
 * The send phase of Send, NBSend, Call, NBSendRecv and NBSendWait: IPC on
 * an endpoint, a signal on a notification, else an object invocation.
 */
static void do_send(tcb_t *tcb, user_reg_t cap_reg, bool is_call, bool blocking)
{
    word_t cptr = arch_get_register(&tcb->tcb_arch, cap_reg);
    lookup_fault_t fault;
    cte_t *slot = NULL;

    if (!cspace_lookup_slot(tcb_cspace_root(tcb), cptr, &slot, &fault)) {
        if (blocking) {
            fault_capability(tcb, cptr, false, fault.type, fault.bits_left);
        }
        return;
    }
    cap_t cap = slot->cap;
    bool can_send = (cap_rights(cap) & RIGHT_WRITE) != 0;
    if (cap_type(cap) == CAP_ENDPOINT && can_send) {
        unsigned flags = is_call ? IPC_IS_CALL : 0;
        flags |= (cap_rights(cap) & RIGHT_GRANT) != 0 ? IPC_CAN_GRANT : 0;
        flags |= (cap_rights(cap) & RIGHT_GRANT_REPLY) != 0 ? IPC_CAN_GRANT_REPLY : 0;
        ep_send(cap_ptr(cap), tcb, cap_badge(cap), flags, blocking);
    } else if (cap_type(cap) == CAP_REPLY) {
        reply_send(cap_ptr(cap), tcb); /* Send on a reply object answers its call (MCS) */
    } else if (cap_type(cap) == CAP_NOTIFICATION && can_send) {
        ntfn_signal(cap_ptr(cap), cap_badge(cap));
        if (is_call) {
            reply(tcb, seL4_NoError, NULL, 0);
        }
    } else {
        handle_invocation(tcb, cptr, is_call, blocking);
    }
}

/* A capability of `type` with the Read right at cptr, or a receive-phase fault. */
static void *receive_object(tcb_t *tcb, word_t cptr, cap_type_t type, cap_type_t alt,
                            cap_type_t *found)
{
    lookup_fault_t fault = { LOOKUP_MISSING_CAPABILITY, WORD_BITS, 0, 0 };
    cte_t *slot = NULL;

    if (cspace_lookup_slot(tcb_cspace_root(tcb), cptr, &slot, &fault)) {
        cap_t cap = slot->cap;
        bool readable = cap_type(cap) == CAP_REPLY || (cap_rights(cap) & RIGHT_READ) != 0;
        if ((cap_type(cap) == type || cap_type(cap) == alt) && readable) {
            *found = cap_type(cap);
            return cap_ptr(cap);
        }
        fault.type = LOOKUP_MISSING_CAPABILITY;
        fault.bits_left = 0;
    }
    fault_capability(tcb, cptr, true, fault.type, fault.bits_left);
    return NULL;
}

/* The receive phase of Recv, NBRecv, Wait, NBWait, ReplyRecv, NBSendRecv, NBSendWait. */
static void do_receive(tcb_t *tcb, bool blocking, bool with_reply)
{
    word_t cptr = arch_get_register(&tcb->tcb_arch, USER_REG_CAP);
    cap_type_t type = CAP_NULL;
    void *object = receive_object(tcb, cptr, CAP_ENDPOINT, CAP_NOTIFICATION, &type);

    if (object == NULL) {
        return;
    }
    if (type == CAP_NOTIFICATION) {
        notification_t *ntfn = object;
        if (ntfn->ntfn_bound != NULL && ntfn->ntfn_bound != tcb) {
            lookup_fault_t fault = { LOOKUP_MISSING_CAPABILITY, 0, 0, 0 };
            fault_capability(tcb, cptr, true, fault.type, fault.bits_left);
            return;
        }
        ntfn_wait(ntfn, tcb, blocking);
        return;
    }
    reply_t *reply_object = NULL;
    if (with_reply) {
        word_t rcptr = arch_get_register(&tcb->tcb_arch, USER_REG_REPLY);
        reply_object = receive_object(tcb, rcptr, CAP_REPLY, CAP_REPLY, &type);
        if (reply_object == NULL) {
            return;
        }
    }
    ep_receive(object, tcb, reply_object, blocking);
}

/* The reply phase of ReplyRecv: answers the call pending on the reply object, if any. */
static void do_reply(tcb_t *tcb)
{
    word_t rcptr = arch_get_register(&tcb->tcb_arch, USER_REG_REPLY);
    lookup_fault_t fault;
    cte_t *slot = NULL;

    if (cspace_lookup_slot(tcb_cspace_root(tcb), rcptr, &slot, &fault) &&
        cap_type(slot->cap) == CAP_REPLY) {
        reply_send(cap_ptr(slot->cap), tcb);
    }
}

/* Every system call the architecture's entry did not hand to a fastpath, or that one gave back. */
void handle_syscall(void)
{
    tcb_t *cur = ks_cur_thread;
    sword_t number = (sword_t)arch_get_register(&cur->tcb_arch, USER_REG_SYSNO);

    if (sched_account()) {
        fault_out_of_budget(cur);
    }
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
    case seL4_SysDebugCapIdentify:
        debug_cap_identify(cur, arg);
        break;
    case seL4_SysDebugNameThread:
        debug_name_thread(cur, arg);
        break;
    case seL4_SysCall:
        do_send(cur, USER_REG_CAP, true, true);
        break;
    case seL4_SysSend:
        do_send(cur, USER_REG_CAP, false, true);
        break;
    case seL4_SysNBSend:
        do_send(cur, USER_REG_CAP, false, false);
        break;
    case seL4_SysRecv:
        do_receive(cur, true, true);
        break;
    case seL4_SysNBRecv:
        do_receive(cur, false, true);
        break;
    case seL4_SysWait:
        do_receive(cur, true, false);
        break;
    case seL4_SysNBWait:
        do_receive(cur, false, false);
        break;
    case seL4_SysReplyRecv:
        do_reply(cur);
        do_receive(cur, true, true);
        break;
    case seL4_SysNBSendRecv:
        do_send(cur, USER_REG_DEST, false, false);
        do_receive(cur, true, true);
        break;
    case seL4_SysNBSendWait:
        do_send(cur, USER_REG_DEST, false, false);
        do_receive(cur, true, false);
        break;
    case seL4_SysYield:
        sched_thread_yield(cur);
        break;
    case seL4_SysBenchmarkNullSyscall:
        break; /* only the entry and exit around it: what `make bench` measures */
    default:
        fault_unknown_syscall(cur, number);
        break;
    }
    sched_run();
}

void handle_user_exception(const char *name, word_t vector, word_t error)
{
    sched_account();
    fault_user_exception(ks_cur_thread, name, vector, error);
    sched_run();
}

void handle_vm_fault(word_t addr, bool instruction, word_t fsr)
{
    sched_account();
    fault_vm(ks_cur_thread, addr, instruction, fsr);
    sched_run();
}

void handle_interrupt(unsigned irq)
{
    tcb_t *cur = ks_cur_thread;

    if (sched_account()) {
        fault_timeout(cur);
    }
    irq_signal(irq);
    sched_run();
}

/* The one-shot timer: budgets were charged and refills are released on the way out. */
void handle_timer_tick(void)
{
    tcb_t *cur = ks_cur_thread;

    sched_timer_fired();
    if (sched_account()) {
        fault_timeout(cur);
    }
    ks_ticks++;
    sched_run();
}

void handle_other_interrupt(void)
{
    tcb_t *cur = ks_cur_thread;

    if (sched_account()) {
        fault_timeout(cur);
    }
    sched_run();
}

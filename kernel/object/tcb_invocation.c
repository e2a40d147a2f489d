/*
 * TCB methods (seL4 manual, "Thread Control Blocks", MCS). Each decoder
 * checks its arguments in the manual's order and changes nothing before
 * the last check. Capabilities a thread keeps (CSpace and VSpace roots,
 * IPC buffer frame, fault and timeout endpoints) are copies in the TCB's
 * own slots, so deleting the originals does not pull them from under it.
 */
#include <invocation_labels.h>
#include <sel4/constants.h>

#include "api/invocation.h"
#include "arch.h"
#include "cspace/delete.h"
#include "cspace/mdb.h"
#include "object/ipc.h"
#include "object/object.h"
#include "sched/sched.h"

enum {
    IPC_BUFFER_ALIGN_BITS = 10, /* seL4_IPCBufferSizeBits */
};

static tcb_t *target(const invocation_t *inv)
{
    return cap_ptr(inv->cap);
}

static cte_t *extra(const invocation_t *inv, word_t i)
{
    return inv->extra_slots[i];
}

/* A fault or timeout handler must be an endpoint that can send and grant, or nothing. */
static bool valid_handler(cap_t cap)
{
    unsigned r = cap_rights(cap);

    return cap_is_null(cap) || (cap_type(cap) == CAP_ENDPOINT && (r & RIGHT_WRITE) != 0 &&
                                (r & (RIGHT_GRANT | RIGHT_GRANT_REPLY)) != 0);
}

/* Installs a copy of src's capability (if it is still cap) in the TCB's slot. */
static exception_t install(tcb_t *tcb, unsigned index, cte_t *src, cap_t cap)
{
    cte_t *slot = &tcb_slots(tcb)[index];
    exception_t status = cte_delete(slot);

    if (status != EXC_NONE) {
        return status;
    }
    cap_t copy = cap;
    if (src != NULL && !cap_is_null(cap) && cap_same_object_as(src->cap, cap) &&
        cap_derive(src, cap, &copy) == seL4_NoError) {
        mdb_insert_derived(src, slot, copy);
    }
    return EXC_NONE;
}

/* Checks an IPC buffer address and frame; NULL frame means "no buffer". */
static exception_t check_buffer(invocation_t *inv, word_t addr, cap_t frame)
{
    if (addr == 0) {
        return EXC_NONE;
    }
    if (!is_aligned(addr, IPC_BUFFER_ALIGN_BITS)) {
        return fail_error(inv, seL4_AlignmentError);
    }
    /* The kernel writes the buffer through its window, which holds RAM only. */
    if (cap_type(frame) != CAP_FRAME || cap_frame_is_device(frame)) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    return EXC_NONE;
}

static exception_t set_buffer(tcb_t *tcb, word_t addr, cte_t *frame_slot)
{
    cap_t frame = frame_slot->cap;
    exception_t status = install(tcb, TCB_SLOT_BUFFER, addr != 0 ? frame_slot : NULL, frame);

    if (status != EXC_NONE) {
        return status;
    }
    tcb->tcb_ipc_buffer = NULL;
    if (addr != 0) {
        word_t offset = addr & mask_bits(cap_frame_size_bits(frame));
        tcb->tcb_ipc_buffer = (char *)cap_ptr(frame) + offset;
    }
    return EXC_NONE;
}

/* CSpace root (with optional guard data) and VSpace root, as SetSpace and Configure take them. */
static exception_t check_space(invocation_t *inv, cap_t *cspace, word_t cdata, cap_t vspace)
{
    if (cdata != 0) {
        *cspace = cap_update_data(*cspace, cdata, false);
    }
    /* As seL4's isValidVTableRoot: a root that can be run in has an ASID. */
    if (cap_type(*cspace) != CAP_CNODE || cap_type(vspace) != CAP_VSPACE ||
        cap_vspace_asid(vspace) == 0) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    return EXC_NONE;
}

static exception_t set_space(tcb_t *tcb, cte_t *cslot, cap_t cspace, cte_t *vslot)
{
    exception_t status = install(tcb, TCB_SLOT_CSPACE, cslot, cspace);

    if (status == EXC_NONE) {
        status = install(tcb, TCB_SLOT_VSPACE, vslot, vslot->cap);
    }
    return status;
}

static exception_t decode_configure(invocation_t *inv)
{
    const word_t *w = inv->words;

    if (!has_message(inv, ARG_TCBConfigure_buffer + 1, CAP_TCBConfigure_bufferFrame + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cap_t cspace = extra(inv, CAP_TCBConfigure_cspace_root)->cap;
    cte_t *vslot = extra(inv, CAP_TCBConfigure_vspace_root);
    cte_t *bslot = extra(inv, CAP_TCBConfigure_bufferFrame);
    exception_t status =
        check_space(inv, &cspace, w[ARG_TCBConfigure_cspace_root_data], vslot->cap);
    if (status == EXC_NONE) {
        status = check_buffer(inv, w[ARG_TCBConfigure_buffer], bslot->cap);
    }
    if (status == EXC_NONE) {
        status = set_space(target(inv), extra(inv, CAP_TCBConfigure_cspace_root), cspace, vslot);
    }
    if (status == EXC_NONE) {
        status = set_buffer(target(inv), w[ARG_TCBConfigure_buffer], bslot);
    }
    return status;
}

static exception_t decode_set_space(invocation_t *inv)
{
    if (!has_message(inv, ARG_TCBSetSpace_vspace_root_data + 1, CAP_TCBSetSpace_vspace_root + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cte_t *fslot = extra(inv, CAP_TCBSetSpace_fault_ep);
    cap_t cspace = extra(inv, CAP_TCBSetSpace_cspace_root)->cap;
    cte_t *vslot = extra(inv, CAP_TCBSetSpace_vspace_root);
    if (!valid_handler(fslot->cap)) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    exception_t status =
        check_space(inv, &cspace, inv->words[ARG_TCBSetSpace_cspace_root_data], vslot->cap);
    if (status == EXC_NONE) {
        status = install(target(inv), TCB_SLOT_FAULT, fslot, fslot->cap);
    }
    if (status == EXC_NONE) {
        status = set_space(target(inv), extra(inv, CAP_TCBSetSpace_cspace_root), cspace, vslot);
    }
    return status;
}

static exception_t decode_set_ipc_buffer(invocation_t *inv)
{
    if (!has_message(inv, ARG_TCBSetIPCBuffer_buffer + 1, CAP_TCBSetIPCBuffer_bufferFrame + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    word_t addr = inv->words[ARG_TCBSetIPCBuffer_buffer];
    cte_t *frame = extra(inv, CAP_TCBSetIPCBuffer_bufferFrame);
    exception_t status = check_buffer(inv, addr, frame->cap);
    if (status != EXC_NONE) {
        return status;
    }
    return set_buffer(target(inv), addr, frame);
}

/* A priority (or MCP) is allowed only up to the authority thread's MCP. */
static exception_t check_priority(invocation_t *inv, word_t prio, cap_t authority)
{
    if (cap_type(authority) != CAP_THREAD) {
        return fail_capability(inv, 1);
    }
    const tcb_t *auth = cap_ptr(authority);
    if (prio > auth->tcb_mcp) {
        return fail_range(inv, seL4_MinPrio, auth->tcb_mcp);
    }
    return EXC_NONE;
}

static void set_priority(tcb_t *tcb, word_t prio)
{
    sched_dequeue(tcb);
    tcb->tcb_priority = (unsigned)prio;
    thread_set_state(tcb, tcb->tcb_state);
}

static exception_t decode_set_priority(invocation_t *inv, bool mcp)
{
    /* SetPriority and SetMCPriority: one word, the authority capability. */
    if (!has_message(inv, ARG_TCBSetPriority_priority + 1, CAP_TCBSetPriority_authority + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    word_t prio = inv->words[ARG_TCBSetPriority_priority];
    exception_t status = check_priority(inv, prio, extra(inv, CAP_TCBSetPriority_authority)->cap);
    if (status != EXC_NONE) {
        return status;
    }
    if (mcp) {
        target(inv)->tcb_mcp = (unsigned)prio;
    } else {
        set_priority(target(inv), prio);
    }
    return EXC_NONE;
}

/* Binds a scheduling context; it must be free and the thread without one. */
static exception_t check_bindable(invocation_t *inv, const tcb_t *tcb, cap_t sc)
{
    if (cap_is_null(sc)) {
        return EXC_NONE;
    }
    if (cap_type(sc) != CAP_SCHED_CONTEXT) {
        return fail_capability(inv, 2);
    }
    const sched_context_t *s = cap_ptr(sc);
    if (s->sc_tcb != NULL && s->sc_tcb != tcb) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    return EXC_NONE;
}

void tcb_bind_sc(tcb_t *tcb, sched_context_t *sc)
{
    if (tcb->tcb_sc != NULL) {
        tcb->tcb_sc->sc_tcb = NULL;
    }
    tcb->tcb_sc = sc;
    if (sc != NULL) {
        sc->sc_tcb = tcb;
    }
    thread_set_state(tcb, tcb->tcb_state);
}

static exception_t decode_set_sched_params(invocation_t *inv)
{
    const word_t *w = inv->words;

    if (!has_message(inv, ARG_TCBSetSchedParams_priority + 1, CAP_TCBSetSchedParams_fault_ep + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cap_t authority = extra(inv, CAP_TCBSetSchedParams_authority)->cap;
    cap_t sc = extra(inv, CAP_TCBSetSchedParams_sched_context)->cap;
    cte_t *fslot = extra(inv, CAP_TCBSetSchedParams_fault_ep);
    exception_t status = check_priority(inv, w[ARG_TCBSetSchedParams_mcp], authority);
    if (status == EXC_NONE) {
        status = check_priority(inv, w[ARG_TCBSetSchedParams_priority], authority);
    }
    if (status == EXC_NONE) {
        status = check_bindable(inv, target(inv), sc);
    }
    if (status == EXC_NONE && !valid_handler(fslot->cap)) {
        status = fail_error(inv, seL4_IllegalOperation);
    }
    if (status == EXC_NONE) {
        status = install(target(inv), TCB_SLOT_FAULT, fslot, fslot->cap);
    }
    if (status != EXC_NONE) {
        return status;
    }
    target(inv)->tcb_mcp = (unsigned)w[ARG_TCBSetSchedParams_mcp];
    set_priority(target(inv), w[ARG_TCBSetSchedParams_priority]);
    tcb_bind_sc(target(inv), cap_is_null(sc) ? NULL : cap_ptr(sc));
    return EXC_NONE;
}

static exception_t decode_set_timeout_endpoint(invocation_t *inv)
{
    if (!has_message(inv, 0, CAP_TCBSetTimeoutEndpoint_timeout_fault_ep + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cte_t *slot = extra(inv, CAP_TCBSetTimeoutEndpoint_timeout_fault_ep);
    if (!valid_handler(slot->cap)) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    return install(target(inv), TCB_SLOT_TIMEOUT, slot, slot->cap);
}

static void suspend(tcb_t *tcb)
{
    ipc_cancel(tcb);
}

/*
 * As seL4's restart(): a stopped thread (inactive, or waiting for the reply
 * to its fault or call) runs again; one blocked in a receive or send stays.
 */
static void resume(tcb_t *tcb)
{
    if (tcb->tcb_state == THREAD_BLOCKED_ON_REPLY) {
        ipc_cancel(tcb);
    }
    if (tcb->tcb_state == THREAD_INACTIVE) {
        thread_set_state(tcb, THREAD_RUNNING);
    }
}

static exception_t decode_read_registers(invocation_t *inv)
{
    const word_t *w = inv->words;
    tcb_t *tcb = target(inv);

    if (!has_message(inv, ARG_TCBReadRegisters_count + 1, 0)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    word_t count = w[ARG_TCBReadRegisters_count];
    if (count < 1 || count > USER_CONTEXT_WORDS) {
        return fail_range(inv, 1, USER_CONTEXT_WORDS);
    }
    if (tcb == inv->thread) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (w[ARG_TCBReadRegisters_suspend_source] != 0) {
        suspend(tcb);
    }
    for (word_t i = 0; i < count; i++) {
        inv->reply[i] = arch_user_context_get(tcb, (unsigned)i);
    }
    inv->reply_length = count;
    return EXC_NONE;
}

static exception_t decode_write_registers(invocation_t *inv)
{
    const word_t *w = inv->words;
    tcb_t *tcb = target(inv);

    if (!has_message(inv, ARG_TCBWriteRegisters_regs, 0)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    word_t count = w[ARG_TCBWriteRegisters_count];
    count = count > USER_CONTEXT_WORDS ? USER_CONTEXT_WORDS : count;
    if (inv->length - ARG_TCBWriteRegisters_regs < count) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    if (tcb == inv->thread) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    for (word_t i = 0; i < count; i++) {
        arch_user_context_set(tcb, (unsigned)i, w[ARG_TCBWriteRegisters_regs + i]);
    }
    if (w[ARG_TCBWriteRegisters_resume_target] != 0) {
        resume(tcb);
    }
    return EXC_NONE;
}

static exception_t decode_copy_registers(invocation_t *inv)
{
    const word_t *w = inv->words;
    tcb_t *tcb = target(inv);

    if (!has_message(inv, ARG_TCBCopyRegisters_arch_flags + 1, 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cap_t source = extra(inv, CAP_TCBCopyRegisters_source)->cap;
    if (cap_type(source) != CAP_THREAD) {
        return fail_capability(inv, 1);
    }
    tcb_t *src = cap_ptr(source);
    if (w[ARG_TCBCopyRegisters_suspend_source] != 0) {
        suspend(src);
    }
    /* Frame registers are rip, rsp, rflags; the rest are integer registers. */
    for (unsigned i = 0; i < USER_CONTEXT_WORDS; i++) {
        bool frame = i < 3;
        if ((frame && w[ARG_TCBCopyRegisters_transfer_frame] != 0) ||
            (!frame && w[ARG_TCBCopyRegisters_transfer_integer] != 0)) {
            arch_user_context_set(tcb, i, arch_user_context_get(src, i));
        }
    }
    if (w[ARG_TCBCopyRegisters_resume_target] != 0) {
        resume(tcb);
    }
    return EXC_NONE;
}

static exception_t decode_bind_notification(invocation_t *inv)
{
    tcb_t *tcb = target(inv);

    if (!has_message(inv, 0, CAP_TCBBindNotification_notification + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cap_t cap = extra(inv, CAP_TCBBindNotification_notification)->cap;
    if (cap_type(cap) != CAP_NOTIFICATION) {
        return fail_capability(inv, 1);
    }
    notification_t *ntfn = cap_ptr(cap);
    if (tcb->tcb_bound != NULL || ntfn->ntfn_bound != NULL || (cap_rights(cap) & RIGHT_READ) == 0 ||
        ntfn->ntfn_waiting.head != NULL) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    tcb->tcb_bound = ntfn;
    ntfn->ntfn_bound = tcb;
    return EXC_NONE;
}

static exception_t decode_unbind_notification(invocation_t *inv)
{
    tcb_t *tcb = target(inv);

    if (tcb->tcb_bound == NULL) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    tcb->tcb_bound->ntfn_bound = NULL;
    tcb->tcb_bound = NULL;
    return EXC_NONE;
}

static exception_t decode_lifecycle(invocation_t *inv)
{
    switch (inv->label) {
    case TCBSuspend:
        suspend(target(inv));
        return EXC_NONE;
    case TCBResume:
        resume(target(inv));
        return EXC_NONE;
    case TCBUnbindNotification:
        return decode_unbind_notification(inv);
    default:
        if (!has_message(inv, ARG_TCBSetTLSBase_tls_base + 1, 0)) {
            return fail_error(inv, seL4_TruncatedMessage);
        }
        arch_set_tls_base(target(inv), inv->words[ARG_TCBSetTLSBase_tls_base]);
        return EXC_NONE;
    }
}

exception_t decode_tcb_invocation(invocation_t *inv)
{
    switch (inv->label) {
    case TCBReadRegisters:
        return decode_read_registers(inv);
    case TCBWriteRegisters:
        return decode_write_registers(inv);
    case TCBCopyRegisters:
        return decode_copy_registers(inv);
    case TCBConfigure:
        return decode_configure(inv);
    case TCBSetPriority:
    case TCBSetMCPriority:
        return decode_set_priority(inv, inv->label == TCBSetMCPriority);
    case TCBSetSchedParams:
        return decode_set_sched_params(inv);
    case TCBSetTimeoutEndpoint:
        return decode_set_timeout_endpoint(inv);
    case TCBSetIPCBuffer:
        return decode_set_ipc_buffer(inv);
    case TCBSetSpace:
        return decode_set_space(inv);
    case TCBBindNotification:
        return decode_bind_notification(inv);
    case TCBSuspend:
    case TCBResume:
    case TCBUnbindNotification:
    case TCBSetTLSBase:
        return decode_lifecycle(inv);
    default:
        return fail_error(inv, seL4_IllegalOperation);
    }
}

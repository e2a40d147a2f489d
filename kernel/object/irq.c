/*
 * Interrupts for user-level drivers (seL4 manual, "Interrupts", x86):
 * IRQControl issues one handler capability per IRQ, routed from an I/O
 * APIC pin or reserved for an MSI; the handler capability names the
 * notification to signal. A line is masked when its interrupt arrives
 * and unmasked by Ack, so a driver is never interrupted again before it
 * has served the device. The kernel's own timer vector is not an IRQ.
 */
#include "object/irq.h"

#include <invocation_labels.h>

#include "api/invocation.h"
#include "arch.h"
#include "cspace/delete.h"
#include "cspace/mdb.h"
#include "object/ipc.h"
#include "object/object.h"
#include "state.h"

/* Common to both ways of issuing: the IRQ, then the destination slot. */
static exception_t check_issue(invocation_t *inv, word_t irq, word_t index, word_t depth,
                               cte_t **dest)
{
    if (irq >= ARCH_NUM_IRQS) {
        return fail_range(inv, 0, ARCH_NUM_IRQS - 1);
    }
    if (ks_irq_issued[irq]) {
        return fail_error(inv, seL4_RevokeFirst);
    }
    exception_t status =
        lookup_cnode_slot(inv, false, inv->extra_slots[0]->cap, index, depth, dest);
    if (status != EXC_NONE) {
        return status;
    }
    return cap_is_null((*dest)->cap) ? EXC_NONE : fail_error(inv, seL4_DeleteFirst);
}

static void issue(invocation_t *inv, word_t irq, cte_t *dest)
{
    ks_irq_issued[irq] = true;
    mdb_insert_derived(inv->slot, dest, cap_irq_handler(irq));
}

static exception_t decode_ioapic(invocation_t *inv)
{
    const word_t *w = inv->words;
    cte_t *dest = NULL;

    if (!has_message(inv, ARG_X86IRQIssueIRQHandlerIOAPIC_vector + 1, 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    word_t irq = w[ARG_X86IRQIssueIRQHandlerIOAPIC_vector];
    exception_t status = check_issue(inv, irq, w[ARG_X86IRQIssueIRQHandlerIOAPIC_index],
                                     w[ARG_X86IRQIssueIRQHandlerIOAPIC_depth], &dest);
    if (status != EXC_NONE) {
        return status;
    }
    word_t pin = w[ARG_X86IRQIssueIRQHandlerIOAPIC_pin];
    if (w[ARG_X86IRQIssueIRQHandlerIOAPIC_ioapic] != 0) {
        return fail_range(inv, 0, 0); /* one I/O APIC */
    }
    if (pin >= arch_ioapic_pins()) {
        return fail_range(inv, 0, arch_ioapic_pins() - 1);
    }
    if (w[ARG_X86IRQIssueIRQHandlerIOAPIC_level] > 1 ||
        w[ARG_X86IRQIssueIRQHandlerIOAPIC_polarity] > 1) {
        return fail_range(inv, 0, 1);
    }
    arch_irq_route_ioapic((unsigned)irq, (unsigned)pin, w[ARG_X86IRQIssueIRQHandlerIOAPIC_level],
                          w[ARG_X86IRQIssueIRQHandlerIOAPIC_polarity]);
    issue(inv, irq, dest);
    return EXC_NONE;
}

static exception_t decode_msi(invocation_t *inv)
{
    const word_t *w = inv->words;
    cte_t *dest = NULL;

    if (!has_message(inv, ARG_X86IRQIssueIRQHandlerMSI_vector + 1, 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    word_t irq = w[ARG_X86IRQIssueIRQHandlerMSI_vector];
    exception_t status = check_issue(inv, irq, w[ARG_X86IRQIssueIRQHandlerMSI_index],
                                     w[ARG_X86IRQIssueIRQHandlerMSI_depth], &dest);
    if (status != EXC_NONE) {
        return status;
    }
    if (w[ARG_X86IRQIssueIRQHandlerMSI_pci_bus] > 255 ||
        w[ARG_X86IRQIssueIRQHandlerMSI_pci_dev] > 31 ||
        w[ARG_X86IRQIssueIRQHandlerMSI_pci_func] > 7) {
        return fail_range(inv, 0, 255);
    }
    issue(inv, irq, dest); /* the device itself is programmed by its driver */
    return EXC_NONE;
}

exception_t decode_irq_control_invocation(invocation_t *inv)
{
    switch (inv->label) {
    case X86IRQIssueIRQHandlerIOAPIC:
        return decode_ioapic(inv);
    case X86IRQIssueIRQHandlerMSI:
        return decode_msi(inv);
    default:
        /* IRQControl_Get is for the legacy PIC; the I/O APIC is in use (seL4 manual). */
        return fail_error(inv, seL4_IllegalOperation);
    }
}

exception_t decode_irq_handler_invocation(invocation_t *inv)
{
    word_t irq = inv->cap.w1;
    cte_t *slot = &ks_irq_slots[irq];

    switch (inv->label) {
    case IRQAckIRQ:
        arch_irq_set_masked((unsigned)irq, false);
        return EXC_NONE;
    case IRQClearIRQHandler:
        return cte_delete(slot);
    case IRQSetIRQHandler: {
        if (!has_message(inv, 0, CAP_IRQSetIRQHandler_notification + 1)) {
            return fail_error(inv, seL4_TruncatedMessage);
        }
        cte_t *src = inv->extra_slots[CAP_IRQSetIRQHandler_notification];
        if (cap_type(src->cap) != CAP_NOTIFICATION || (cap_rights(src->cap) & RIGHT_WRITE) == 0) {
            return fail_capability(inv, 1);
        }
        exception_t status = cte_delete(slot);
        if (status == EXC_NONE) {
            mdb_insert_derived(src, slot, src->cap);
        }
        return status;
    }
    default:
        return fail_error(inv, seL4_IllegalOperation);
    }
}

void irq_signal(unsigned irq)
{
    cap_t cap = ks_irq_slots[irq].cap;

    if (cap_type(cap) == CAP_NOTIFICATION) {
        ntfn_signal(cap_ptr(cap), cap_badge(cap));
    }
}

bool irq_any_handled(void)
{
    for (unsigned i = 0; i < ARCH_NUM_IRQS; i++) {
        if (cap_type(ks_irq_slots[i].cap) == CAP_NOTIFICATION) {
            return true;
        }
    }
    return false;
}

void irq_handler_finalise(word_t irq)
{
    if (irq < ARCH_NUM_IRQS) {
        arch_irq_release((unsigned)irq);
        ks_irq_issued[irq] = false;
        cte_delete_plain(&ks_irq_slots[irq]);
    }
}

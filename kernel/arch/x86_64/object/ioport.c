/*
 * I/O port control and I/O ports (seL4 manual, x86 "I/O Port Control",
 * "I/O Port"): each port is issued at most once, so at most one capability
 * tree can drive a device; the kernel's own ports are issued to it at boot.
 */
#include <arch/mmu.h>
#include <arch/vspace.h>
#include <invocation_labels.h>

#include "arch.h"
#include "cspace/mdb.h"

static bool port_issued(word_t port)
{
    return (ks_io_ports_issued[port / 8] & (1u << (port % 8))) != 0;
}

static void set_ports(word_t first, word_t last, bool issued)
{
    for (word_t p = first; p <= last; p++) {
        if (issued) {
            ks_io_ports_issued[p / 8] |= (uint8_t)(1u << (p % 8));
        } else {
            ks_io_ports_issued[p / 8] &= (uint8_t) ~(1u << (p % 8));
        }
    }
}

void io_ports_reserve(word_t first, word_t last)
{
    set_ports(first, last, true);
}

void io_port_finalise(cap_t cap)
{
    set_ports(cap_io_port_first(cap), cap_io_port_last(cap), false);
}

static exception_t decode_issue(invocation_t *inv)
{
    const word_t *w = inv->words;
    cte_t *dest = NULL;

    if (inv->label != X86IOPortControlIssue) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (!has_message(inv, ARG_X86IOPortControlIssue_depth + 1,
                     CAP_X86IOPortControlIssue_root + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    word_t first = w[ARG_X86IOPortControlIssue_first_port];
    word_t last = w[ARG_X86IOPortControlIssue_last_port];
    if (last >= KS_IO_PORTS) {
        return fail_argument(inv, ARG_X86IOPortControlIssue_last_port);
    }
    if (last < first) {
        return fail_argument(inv, ARG_X86IOPortControlIssue_first_port);
    }
    exception_t status = lookup_cnode_slot(
        inv, false, inv->extra_slots[CAP_X86IOPortControlIssue_root]->cap,
        w[ARG_X86IOPortControlIssue_index], w[ARG_X86IOPortControlIssue_depth], &dest);
    if (status != EXC_NONE) {
        return status;
    }
    if (!cap_is_null(dest->cap)) {
        return fail_error(inv, seL4_DeleteFirst);
    }
    for (word_t p = first; p <= last; p++) {
        if (port_issued(p)) {
            return fail_error(inv, seL4_RevokeFirst);
        }
    }
    set_ports(first, last, true);
    mdb_insert_derived(inv->slot, dest, cap_io_port(first, last));
    return EXC_NONE;
}

exception_t decode_io_port_control_invocation(invocation_t *inv)
{
    return decode_issue(inv);
}

/* Bytes an In or Out label moves (0: not a port method). */
static unsigned access_bytes(word_t label, bool *out)
{
    *out = label >= X86IOPortOut8;
    switch (label) {
    case X86IOPortIn8:
    case X86IOPortOut8:
        return 1;
    case X86IOPortIn16:
    case X86IOPortOut16:
        return 2;
    case X86IOPortIn32:
    case X86IOPortOut32:
        return 4;
    default:
        return 0;
    }
}

_Static_assert(ARG_X86IOPortIn8_port == 0 && ARG_X86IOPortIn16_port == 0 &&
                   ARG_X86IOPortIn32_port == 0 && ARG_X86IOPortOut8_port == 0 &&
                   ARG_X86IOPortOut16_port == 0 && ARG_X86IOPortOut32_port == 0 &&
                   ARG_X86IOPortOut8_data == 1 && ARG_X86IOPortOut16_data == 1 &&
                   ARG_X86IOPortOut32_data == 1 && RET_X86IOPortIn8_result == 0 &&
                   RET_X86IOPortIn16_result == 0 && RET_X86IOPortIn32_result == 0,
               "I/O port arguments: port, then data; result first");

exception_t decode_io_port_invocation(invocation_t *inv)
{
    bool out = false;
    unsigned bytes = access_bytes(inv->label, &out);

    if (bytes == 0) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (!has_message(inv, out ? 2 : 1, 0)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    word_t port = inv->words[0];
    if (port < cap_io_port_first(inv->cap) || port > cap_io_port_last(inv->cap) ||
        cap_io_port_last(inv->cap) - port < bytes - 1) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (out) {
        port_out((uint16_t)port, bytes, (uint32_t)inv->words[1]);
        return EXC_NONE;
    }
    inv->reply[0] = port_in((uint16_t)port, bytes);
    inv->reply_length = 1;
    return EXC_NONE;
}

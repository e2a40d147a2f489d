/*
 * The invocation core: the dispatch over capability types, the one path
 * every refusal takes, and the reply the seL4 manual gives each error.
 */
#include "api/invocation.h"

exception_t invoke(invocation_t *inv)
{
    switch (cap_type(inv->cap)) {
    case CAP_NULL:
    case CAP_ZOMBIE:
        return fail_capability(inv, 0);
    case CAP_CNODE:
        return decode_cnode_invocation(inv);
    case CAP_UNTYPED:
        return decode_untyped_invocation(inv);
    case CAP_THREAD:
        return decode_tcb_invocation(inv);
    case CAP_SCHED_CONTEXT:
        return decode_sched_context_invocation(inv);
    case CAP_SCHED_CONTROL:
        return decode_sched_control_invocation(inv);
    case CAP_IRQ_CONTROL:
        return decode_irq_control_invocation(inv);
    case CAP_IRQ_HANDLER:
        return decode_irq_handler_invocation(inv);
    case CAP_FRAME:
    case CAP_PAGE_TABLE:
    case CAP_VSPACE:
    case CAP_ASID_CONTROL:
    case CAP_ASID_POOL:
    case CAP_IO_PORT_CONTROL:
    case CAP_IO_PORT:
        return arch_decode_invocation(inv);
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
    case CAP_REPLY:
    case CAP_DOMAIN:
    case CAP_TYPE_COUNT:
        break;
    }
    /* Endpoints, notifications and replies are used by IPC system calls, not invoked. */
    return fail_error(inv, seL4_IllegalOperation);
}

exception_t fail_error(invocation_t *inv, seL4_Error type)
{
    inv->error.type = type;
    return EXC_SYSCALL_ERROR;
}

exception_t fail_argument(invocation_t *inv, word_t argument)
{
    inv->error.invalid_argument = argument;
    return fail_error(inv, seL4_InvalidArgument);
}

exception_t fail_capability(invocation_t *inv, word_t cap_index)
{
    inv->error.invalid_cap = cap_index;
    return fail_error(inv, seL4_InvalidCapability);
}

exception_t fail_range(invocation_t *inv, word_t min, word_t max)
{
    inv->error.range_min = min;
    inv->error.range_max = max;
    return fail_error(inv, seL4_RangeError);
}

exception_t fail_memory(invocation_t *inv, word_t bytes_left)
{
    inv->error.memory_left = bytes_left;
    return fail_error(inv, seL4_NotEnoughMemory);
}

exception_t fail_lookup(invocation_t *inv, bool source, const lookup_fault_t *fault)
{
    inv->error.lookup_source = source;
    inv->error.lookup = *fault;
    return fail_error(inv, seL4_FailedLookup);
}

exception_t fail_missing(invocation_t *inv, bool source, word_t bits_left)
{
    lookup_fault_t fault = { LOOKUP_MISSING_CAPABILITY, bits_left, 0, 0 };

    return fail_lookup(inv, source, &fault);
}

bool has_message(const invocation_t *inv, word_t words, word_t caps)
{
    return inv->length >= words && inv->extra_count >= caps;
}

exception_t lookup_cnode_slot(invocation_t *inv, bool source, cap_t root, word_t index,
                              word_t depth, cte_t **slot)
{
    lookup_fault_t fault = { LOOKUP_INVALID_ROOT, 0, 0, 0 };
    unsigned bits_left = 0;

    if (cap_type(root) != CAP_CNODE) {
        return fail_lookup(inv, source, &fault);
    }
    if (depth < 1 || depth > WORD_BITS) {
        return fail_range(inv, 1, WORD_BITS);
    }
    if (!cspace_resolve(root, index, (unsigned)depth, slot, &bits_left, &fault)) {
        return fail_lookup(inv, source, &fault);
    }
    if (bits_left != 0) {
        lookup_fault_t mismatch = { LOOKUP_DEPTH_MISMATCH, bits_left, 0, 0 };
        return fail_lookup(inv, source, &mismatch);
    }
    return EXC_NONE;
}

/* The lookup failure description (seL4 manual, "Lookup Failure Description"). */
static word_t lookup_words(const lookup_fault_t *fault, word_t *w)
{
    w[0] = fault->type;
    switch (fault->type) {
    case LOOKUP_MISSING_CAPABILITY:
        w[1] = fault->bits_left;
        return 2;
    case LOOKUP_DEPTH_MISMATCH:
        w[1] = fault->bits_left;
        w[2] = fault->bits_found;
        return 3;
    case LOOKUP_GUARD_MISMATCH:
        w[1] = fault->bits_left;
        w[2] = fault->guard_found;
        w[3] = fault->bits_found;
        return 4;
    case LOOKUP_NO_FAILURE:
    case LOOKUP_INVALID_ROOT:
        break;
    }
    return 1;
}

word_t error_reply(const syscall_error_t *err, word_t *w)
{
    switch (err->type) {
    case seL4_InvalidArgument:
        w[0] = err->invalid_argument;
        return 1;
    case seL4_InvalidCapability:
        w[0] = err->invalid_cap;
        return 1;
    case seL4_RangeError:
        w[0] = err->range_min;
        w[1] = err->range_max;
        return 2;
    case seL4_FailedLookup:
        w[0] = err->lookup_source ? 1 : 0;
        return 1 + lookup_words(&err->lookup, w + 1);
    case seL4_NotEnoughMemory:
        w[0] = err->memory_left;
        return 1;
    case seL4_NoError:
    case seL4_IllegalOperation:
    case seL4_AlignmentError:
    case seL4_TruncatedMessage:
    case seL4_DeleteFirst:
    case seL4_RevokeFirst:
    case seL4_NumErrors:
        break;
    }
    return 0;
}

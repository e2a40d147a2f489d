/*
 * Invocations: a system call on a capability with a label and arguments.
 * The syscall path (api/invocation.c) gathers the message into an
 * invocation_t; decoders check everything and change nothing, then their
 * performers cannot fail (except by preemption). A refusal is an
 * syscall_error_t that becomes the reply the seL4 manual describes.
 */
#ifndef API_INVOCATION_H
#define API_INVOCATION_H

#include <sel4/errors.h>

#include "../cspace/lookup.h"
#include "../object/tcb.h"
#include "message.h"
#include "preempt.h"

enum {
    MSG_REPLY_MAX = 8, /* words a reply can carry (error details, return values) */
};

typedef struct {
    seL4_Error type;
    word_t invalid_argument; /* InvalidArgument: which argument */
    word_t invalid_cap;      /* InvalidCapability: which capability */
    word_t range_min;        /* RangeError */
    word_t range_max;
    word_t memory_left; /* NotEnoughMemory: bytes available */
    bool lookup_source; /* FailedLookup: the source (not destination) failed */
    lookup_fault_t lookup;
} syscall_error_t;

typedef struct {
    tcb_t *thread;
    word_t label;
    word_t length;      /* message words, clamped to what exists */
    word_t extra_count; /* extra capabilities found */
    word_t words[MSG_MAX_LENGTH];
    cte_t *slot; /* the invoked capability's slot */
    cap_t cap;
    cte_t *extra_slots[MSG_MAX_EXTRA_CAPS];
    syscall_error_t error; /* set when a decoder refuses */
    word_t reply[MSG_REPLY_MAX];
    word_t reply_length;
} invocation_t;

/* Decodes and performs an invocation; the dispatch over capability types. */
exception_t invoke(invocation_t *inv);

/* Invocations of the architecture's capabilities (kernel/arch/<arch>/object/). */
exception_t arch_decode_invocation(invocation_t *inv);

/* The refusals, each returning EXC_SYSCALL_ERROR (STYLE.md rule 3). */
exception_t fail_error(invocation_t *inv, seL4_Error type);
exception_t fail_argument(invocation_t *inv, word_t argument);
exception_t fail_capability(invocation_t *inv, word_t cap_index);
exception_t fail_range(invocation_t *inv, word_t min, word_t max);
exception_t fail_memory(invocation_t *inv, word_t bytes_left);
exception_t fail_lookup(invocation_t *inv, bool source, const lookup_fault_t *fault);
exception_t fail_missing(invocation_t *inv, bool source, word_t bits_left);

/* Whether the message has `words` words and `caps` extra capabilities. */
bool has_message(const invocation_t *inv, word_t words, word_t caps);

/*
 * A slot for a CNode method argument (seL4's lookupSlotForCNodeOp): root
 * must be a CNode, depth 1..64, and the walk must use all depth bits.
 */
exception_t lookup_cnode_slot(invocation_t *inv, bool source, cap_t root, word_t index,
                              word_t depth, cte_t **slot);

/* The encoded reply message for an error (label and words), per the manual. */
word_t error_reply(const syscall_error_t *err, word_t *words);

/* The decoders, one per object type (object/cnode.c, object/untyped.c). */
exception_t decode_cnode_invocation(invocation_t *inv);
exception_t decode_untyped_invocation(invocation_t *inv);
exception_t decode_tcb_invocation(invocation_t *inv);
exception_t decode_sched_context_invocation(invocation_t *inv);
exception_t decode_sched_control_invocation(invocation_t *inv);
exception_t decode_irq_control_invocation(invocation_t *inv);
exception_t decode_irq_handler_invocation(invocation_t *inv);

#endif /* API_INVOCATION_H */

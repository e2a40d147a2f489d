/*
 * Capability transfer in IPC (seL4 manual, "Capability Transfer"). The
 * sender's extra capabilities are looked up in its CSpace when the message
 * is delivered. One that names the endpoint the message travels through
 * is "unwrapped": the receiver gets its badge, not the capability. Any
 * other is copied (derived) into the receiver's one receive slot, if the
 * sender's capability may grant and the receiver named an empty slot.
 * Transfer stops at the first capability that cannot be passed.
 */
#include "api/message.h"
#include "cspace/lookup.h"
#include "cspace/mdb.h"
#include "object/ipc.h"
#include "object/object.h"

/* The receiver's receive slot, if it names an empty one. */
static cte_t *receive_slot(tcb_t *receiver)
{
    word_t cnode_ptr = msg_buffer_word(receiver, IPC_BUFFER_RECEIVE_CNODE);
    word_t index = msg_buffer_word(receiver, IPC_BUFFER_RECEIVE_INDEX);
    word_t depth = msg_buffer_word(receiver, IPC_BUFFER_RECEIVE_DEPTH);
    lookup_fault_t fault;
    cte_t *slot = NULL;
    unsigned bits_left = 0;

    if (receiver->tcb_ipc_buffer == NULL || depth < 1 || depth > WORD_BITS ||
        !cspace_lookup_slot(tcb_cspace_root(receiver), cnode_ptr, &slot, &fault)) {
        return NULL;
    }
    cap_t cnode = slot->cap;
    if (!cspace_resolve(cnode, index, (unsigned)depth, &slot, &bits_left, &fault) ||
        bits_left != 0 || !cap_is_null(slot->cap)) {
        return NULL;
    }
    return slot;
}

word_t ipc_transfer_caps(tcb_t *sender, tcb_t *receiver, const endpoint_t *ep, bool can_grant,
                         word_t count, word_t *unwrapped)
{
    cte_t *dest = can_grant ? receive_slot(receiver) : NULL;
    word_t done = 0;

    *unwrapped = 0;
    for (; done < count; done++) {
        word_t cptr = msg_buffer_word(sender, IPC_BUFFER_CAPS + done);
        lookup_fault_t fault;
        cte_t *src = NULL;
        if (!cspace_lookup_slot(tcb_cspace_root(sender), cptr, &src, &fault)) {
            break;
        }
        cap_t cap = src->cap;
        if (ep != NULL && cap_type(cap) == CAP_ENDPOINT && cap_ptr(cap) == ep) {
            msg_set_buffer_word(receiver, IPC_BUFFER_CAPS + done, cap_badge(cap));
            *unwrapped |= (word_t)1 << done;
            continue;
        }
        cap_t copy = cap;
        if (dest == NULL || cap_derive(src, cap, &copy) != seL4_NoError) {
            break;
        }
        mdb_insert_derived(src, dest, copy);
        dest = NULL;
    }
    return done;
}

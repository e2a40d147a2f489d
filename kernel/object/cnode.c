/*
 * CNode methods (seL4 manual, "CNode"): each decode_ function checks every
 * argument in the manual's order and changes nothing; the cte_ and mdb_
 * functions it ends with cannot fail, except by preemption.
 */
#include <invocation_labels.h>

#include "api/invocation.h"
#include "cspace/delete.h"
#include "cspace/mdb.h"
#include "object/ipc.h"
#include "object/object.h"

static cap_t extra_cap(const invocation_t *inv, word_t index)
{
    return inv->extra_slots[index]->cap;
}

static exception_t insert_derived(invocation_t *inv, cte_t *src, cte_t *dest, cap_t cap)
{
    cap_t copy = cap;
    seL4_Error error = cap_derive(src, cap, &copy);

    if (error != seL4_NoError) {
        return fail_error(inv, error);
    }
    mdb_insert_derived(src, dest, copy);
    return EXC_NONE;
}

static exception_t decode_copy(invocation_t *inv, cte_t *dest, cte_t *src)
{
    if (!has_message(inv, ARG_CNodeCopy_rights + 1, 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    unsigned rights = (unsigned)(inv->words[ARG_CNodeCopy_rights] & RIGHTS_ALL);
    return insert_derived(inv, src, dest, cap_mask_rights(src->cap, rights));
}

static exception_t decode_mint(invocation_t *inv, cte_t *dest, cte_t *src)
{
    if (!has_message(inv, ARG_CNodeMint_badge + 1, 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    unsigned rights = (unsigned)(inv->words[ARG_CNodeMint_rights] & RIGHTS_ALL);
    cap_t cap =
        cap_update_data(cap_mask_rights(src->cap, rights), inv->words[ARG_CNodeMint_badge], false);
    return insert_derived(inv, src, dest, cap);
}

static exception_t decode_mutate(invocation_t *inv, cte_t *dest, cte_t *src)
{
    if (!has_message(inv, ARG_CNodeMutate_badge + 1, 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cap_t cap = cap_update_data(src->cap, inv->words[ARG_CNodeMutate_badge], true);
    if (cap_is_null(cap)) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    mdb_move(src, dest, cap);
    return EXC_NONE;
}

/* Copy, Mint, Move and Mutate share their first four words and source root. */
static exception_t decode_transfer(invocation_t *inv, cte_t *dest)
{
    cte_t *src = NULL;

    if (!has_message(inv, ARG_CNodeMove_src_depth + 1, 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    if (!cap_is_null(dest->cap)) {
        return fail_error(inv, seL4_DeleteFirst);
    }
    word_t depth = inv->words[ARG_CNodeMove_src_depth];
    exception_t status = lookup_cnode_slot(inv, true, extra_cap(inv, CAP_CNodeMove_src_root),
                                           inv->words[ARG_CNodeMove_src_index], depth, &src);
    if (status != EXC_NONE) {
        return status;
    }
    if (cap_is_null(src->cap)) {
        return fail_missing(inv, true, depth);
    }
    if (cap_type(src->cap) == CAP_ZOMBIE) {
        /* A deletion in progress works on it where it is. */
        return fail_error(inv, seL4_IllegalOperation);
    }
    switch (inv->label) {
    case CNodeCopy:
        return decode_copy(inv, dest, src);
    case CNodeMint:
        return decode_mint(inv, dest, src);
    case CNodeMutate:
        return decode_mutate(inv, dest, src);
    default:
        mdb_move(src, dest, src->cap);
        return EXC_NONE;
    }
}

static exception_t rotate_lookups(invocation_t *inv, cte_t **pivot, cte_t **src)
{
    const word_t *w = inv->words;
    exception_t status =
        lookup_cnode_slot(inv, true, extra_cap(inv, CAP_CNodeRotate_pivot_root),
                          w[ARG_CNodeRotate_pivot_index], w[ARG_CNodeRotate_pivot_depth], pivot);

    if (status != EXC_NONE) {
        return status;
    }
    return lookup_cnode_slot(inv, true, extra_cap(inv, CAP_CNodeRotate_src_root),
                             w[ARG_CNodeRotate_src_index], w[ARG_CNodeRotate_src_depth], src);
}

/* Rotate: the pivot's capability moves to dest, the source's to the pivot. */
static exception_t decode_rotate(invocation_t *inv, cte_t *dest)
{
    cte_t *pivot = NULL;
    cte_t *src = NULL;
    const word_t *w = inv->words;

    if (!has_message(inv, ARG_CNodeRotate_src_depth + 1, 2)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    exception_t status = rotate_lookups(inv, &pivot, &src);
    if (status != EXC_NONE) {
        return status;
    }
    if (pivot == src || pivot == dest) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (src != dest && !cap_is_null(dest->cap)) {
        return fail_error(inv, seL4_DeleteFirst);
    }
    if (cap_is_null(src->cap)) {
        return fail_missing(inv, true, w[ARG_CNodeRotate_src_depth]);
    }
    if (cap_is_null(pivot->cap)) {
        return fail_missing(inv, false, w[ARG_CNodeRotate_pivot_depth]);
    }
    if (cap_type(src->cap) == CAP_ZOMBIE || cap_type(pivot->cap) == CAP_ZOMBIE) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    cap_t to_dest = cap_update_data(pivot->cap, w[ARG_CNodeRotate_dest_badge], true);
    cap_t to_pivot = cap_update_data(src->cap, w[ARG_CNodeRotate_pivot_badge], true);
    if (cap_is_null(to_dest) || cap_is_null(to_pivot)) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (src == dest) {
        mdb_swap(pivot, to_pivot, dest, to_dest);
    } else {
        mdb_move(pivot, dest, to_dest);
        mdb_move(src, pivot, to_pivot);
    }
    return EXC_NONE;
}

/*
 * CancelBadgedSends needs an endpoint capability with every right; queued
 * senders with its badge restart their call (an unbadged one cancels none).
 */
static exception_t decode_cancel_badged_sends(invocation_t *inv, const cte_t *slot)
{
    cap_t cap = slot->cap;

    if (cap_type(cap) != CAP_ENDPOINT || cap_rights(cap) != RIGHTS_ALL) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (cap_badge(cap) != 0) {
        ep_cancel_badged_sends(cap_ptr(cap), cap_badge(cap));
    }
    return EXC_NONE;
}

exception_t decode_cnode_invocation(invocation_t *inv)
{
    cte_t *dest = NULL;

    if (inv->label < CNodeRevoke || inv->label > CNodeRotate) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (!has_message(inv, ARG_CNodeRevoke_depth + 1, 0)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    exception_t status = lookup_cnode_slot(inv, false, inv->cap, inv->words[ARG_CNodeRevoke_index],
                                           inv->words[ARG_CNodeRevoke_depth], &dest);
    if (status != EXC_NONE) {
        return status;
    }
    switch (inv->label) {
    case CNodeRevoke:
        return cte_revoke(dest);
    case CNodeDelete:
        return cte_delete(dest);
    case CNodeCancelBadgedSends:
        return decode_cancel_badged_sends(inv, dest);
    case CNodeRotate:
        return decode_rotate(inv, dest);
    default:
        return decode_transfer(inv, dest);
    }
}

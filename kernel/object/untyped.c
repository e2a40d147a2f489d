/*
 * Untyped_Retype (seL4 manual, "Untyped Memory"): objects are carved from
 * the untyped's free space at its free index, aligned to their size, into
 * empty slots of one CNode. The memory is cleared here, in chunks with
 * preemption points; a restarted call resumes the clearing (the progress is
 * kept in the calling thread and invalidated by any object creation).
 */
#include <invocation_labels.h>
#include <sel4/objecttype.h>

#include "api/invocation.h"
#include "arch.h"
#include "cspace/mdb.h"
#include "kstring.h"
#include "object/object.h"
#include "state.h"

enum {
    RETYPE_FAN_OUT_LIMIT = 256,
    CLEAR_CHUNK = 4096,
};

typedef struct {
    word_t type;
    word_t user_size;
    unsigned object_bits;
    cte_t *dest; /* first destination slot */
    word_t count;
    word_t offset; /* of the first object from the untyped's base */
} retype_t;

static exception_t check_type_and_size(invocation_t *inv, retype_t *r)
{
    if (r->type >= seL4_ObjectTypeCount || !object_type_supported(r->type)) {
        return fail_argument(inv, ARG_UntypedRetype_type);
    }
    r->object_bits = object_size_bits(r->type, r->user_size);
    if (r->user_size >= WORD_BITS || r->object_bits > MAX_UNTYPED_BITS) {
        return fail_range(inv, 0, MAX_UNTYPED_BITS);
    }
    if (r->type == seL4_CapTableObject && r->user_size == 0) {
        return fail_argument(inv, ARG_UntypedRetype_size_bits);
    }
    if (r->type == seL4_CapTableObject && r->user_size > CNODE_MAX_RADIX) {
        return fail_range(inv, 1, CNODE_MAX_RADIX); /* docs/deviations.md */
    }
    if ((r->type == seL4_UntypedObject && r->user_size < MIN_UNTYPED_BITS) ||
        (r->type == seL4_SchedContextObject && r->user_size < MIN_SCHED_CONTEXT_BITS)) {
        return fail_argument(inv, ARG_UntypedRetype_size_bits);
    }
    if (cap_untyped_is_device(inv->cap) && r->type != seL4_UntypedObject &&
        !arch_object_is_frame(r->type)) {
        return fail_argument(inv, ARG_UntypedRetype_size_bits);
    }
    return EXC_NONE;
}

/* The destination CNode and the window of empty slots in it. */
static exception_t check_destination(invocation_t *inv, retype_t *r)
{
    const word_t *w = inv->words;
    word_t depth = w[ARG_UntypedRetype_node_depth];
    cap_t node = inv->extra_slots[CAP_UntypedRetype_root]->cap;
    cte_t *slot = NULL;

    if (depth != 0) {
        exception_t status =
            lookup_cnode_slot(inv, false, node, w[ARG_UntypedRetype_node_index], depth, &slot);
        if (status != EXC_NONE) {
            return status;
        }
        node = slot->cap;
    }
    if (cap_type(node) != CAP_CNODE) {
        return fail_missing(inv, false, depth);
    }
    word_t size = (word_t)1 << cap_cnode_radix(node);
    word_t offset = w[ARG_UntypedRetype_node_offset];
    if (offset > size - 1) {
        return fail_range(inv, 0, size - 1);
    }
    if (r->count < 1 || r->count > RETYPE_FAN_OUT_LIMIT) {
        return fail_range(inv, 1, RETYPE_FAN_OUT_LIMIT);
    }
    if (r->count > size - offset) {
        return fail_range(inv, 1, size - offset);
    }
    r->dest = cnode_slots(node) + offset;
    for (word_t i = 0; i < r->count; i++) {
        if (!cap_is_null(r->dest[i].cap)) {
            return fail_error(inv, seL4_DeleteFirst);
        }
    }
    return EXC_NONE;
}

/* Where the objects go: at the free index, or at 0 once all children are gone. */
static exception_t check_space(invocation_t *inv, retype_t *r)
{
    word_t size = (word_t)1 << cap_untyped_size_bits(inv->cap);
    word_t free_index = mdb_has_children(inv->slot) ? cap_untyped_free_index(inv->cap) : 0;
    word_t total = r->count << r->object_bits;

    if (r->object_bits > cap_untyped_size_bits(inv->cap)) {
        return fail_memory(inv, size - free_index);
    }
    r->offset = round_up(free_index, r->object_bits);
    if (r->offset > size || total > size - r->offset) {
        return fail_memory(inv, size - free_index);
    }
    return EXC_NONE;
}

/* Clears [start, end) in chunks, resuming the calling thread's earlier progress. */
static exception_t clear_memory(invocation_t *inv, uintptr_t start, uintptr_t end)
{
    retype_progress_t *p = &inv->thread->tcb_retype;

    if (p->untyped != inv->slot || p->start != start || p->end != end ||
        p->epoch != ks_object_epoch) {
        p->untyped = inv->slot;
        p->start = start;
        p->end = end;
        p->cleared = start;
        p->epoch = ks_object_epoch;
    }
    while (p->cleared < end) {
        uintptr_t n = end - p->cleared < CLEAR_CHUNK ? end - p->cleared : CLEAR_CHUNK;
        memset((void *)p->cleared, 0, n);
        p->cleared += n;
        if (p->cleared < end && preemption_point() == EXC_PREEMPTED) {
            return EXC_PREEMPTED;
        }
    }
    p->untyped = NULL;
    return EXC_NONE;
}

static exception_t perform_retype(invocation_t *inv, const retype_t *r)
{
    cte_t *untyped = inv->slot;
    uintptr_t base = (uintptr_t)cap_ptr(untyped->cap);
    uintptr_t start = base + r->offset;
    word_t total = r->count << r->object_bits;
    bool device = cap_untyped_is_device(untyped->cap);

    /*
     * Untyped children are not objects: they are cleared when they are used.
     * Device memory is never cleared: it is not the kernel's to write.
     */
    if (r->type != seL4_UntypedObject && !device) {
        exception_t status = clear_memory(inv, start, start + total);
        if (status != EXC_NONE) {
            return status;
        }
    }
    ks_object_epoch++;
    untyped->cap = cap_untyped(cap_ptr(untyped->cap), cap_untyped_size_bits(untyped->cap), device,
                               r->offset + total);
    for (word_t i = 0; i < r->count; i++) {
        void *object = (void *)(start + (i << r->object_bits));
        mdb_insert_new(untyped, &r->dest[i], object_create(r->type, object, r->user_size, device));
    }
    return EXC_NONE;
}

exception_t decode_untyped_invocation(invocation_t *inv)
{
    retype_t r = { 0, 0, 0, NULL, 0, 0 };
    exception_t status = EXC_NONE;

    if (inv->label != UntypedRetype) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (!has_message(inv, ARG_UntypedRetype_num_objects + 1, CAP_UntypedRetype_root + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    r.type = inv->words[ARG_UntypedRetype_type];
    r.user_size = inv->words[ARG_UntypedRetype_size_bits];
    r.count = inv->words[ARG_UntypedRetype_num_objects];
    status = check_type_and_size(inv, &r);
    if (status == EXC_NONE) {
        status = check_destination(inv, &r);
    }
    if (status == EXC_NONE) {
        status = check_space(inv, &r);
    }
    if (status != EXC_NONE) {
        return status;
    }
    return perform_retype(inv, &r);
}

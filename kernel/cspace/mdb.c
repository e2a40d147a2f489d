/*
 * The derivation tree's list operations. All capabilities to one object are
 * adjacent, so finality needs only the two neighbours; a child always
 * follows its parent, so "has children" needs only the next slot.
 */
#include "cspace/mdb.h"

#include "object/object.h"

static void link_after(cte_t *prev, cte_t *slot, word_t flags)
{
    cte_t *next = mdb_next(prev);

    slot->mdb.prev = prev;
    slot->mdb.next_flags = (word_t)(uintptr_t)next | flags;
    mdb_set_next(prev, slot);
    if (next != NULL) {
        next->mdb.prev = slot;
    }
}

void mdb_insert_derived(cte_t *src, cte_t *dest, cap_t cap)
{
    bool revocable = cap_is_revocable(cap, src->cap);
    word_t flags = revocable ? (MDB_REVOCABLE | MDB_FIRST_BADGED) : 0;

    dest->cap = cap;
    link_after(src, dest, flags);
}

void mdb_insert_new(cte_t *untyped, cte_t *dest, cap_t cap)
{
    dest->cap = cap;
    link_after(untyped, dest, MDB_REVOCABLE | MDB_FIRST_BADGED);
}

void mdb_move(cte_t *src, cte_t *dest, cap_t cap)
{
    cte_t *prev = mdb_prev(src);
    cte_t *next = mdb_next(src);

    dest->cap = cap;
    dest->mdb = src->mdb;
    src->cap = cap_null();
    src->mdb.prev = NULL;
    src->mdb.next_flags = 0;
    if (prev != NULL) {
        mdb_set_next(prev, dest);
    }
    if (next != NULL) {
        next->mdb.prev = dest;
    }
}

/*
 * Re-points a's neighbours at b, reading a's links at the time of the call:
 * doing this for a, then for b with b's (possibly just updated) links, is
 * correct even when a and b are neighbours.
 */
static void repoint_neighbours(const mdb_node_t *node, cte_t *to)
{
    cte_t *prev = node->prev;
    cte_t *next = (cte_t *)(uintptr_t)(node->next_flags & ~(word_t)MDB_FLAGS);

    if (prev != NULL) {
        mdb_set_next(prev, to);
    }
    if (next != NULL) {
        next->mdb.prev = to;
    }
}

void mdb_swap(cte_t *a, cap_t cap_a, cte_t *b, cap_t cap_b)
{
    if (a == b) {
        a->cap = cap_a;
        return;
    }
    mdb_node_t node_a = a->mdb;
    repoint_neighbours(&node_a, b);
    mdb_node_t node_b = b->mdb;
    a->mdb = node_b;
    b->mdb = node_a;
    repoint_neighbours(&node_b, a);
    /* A node that pointed at itself through its neighbour now points at a. */
    if (b->mdb.prev == b) {
        b->mdb.prev = a;
    }
    if (mdb_next(b) == b) {
        mdb_set_next(b, a);
    }
    a->cap = cap_a;
    b->cap = cap_b;
}

void mdb_empty_slot(cte_t *slot)
{
    cte_t *prev = mdb_prev(slot);
    cte_t *next = mdb_next(slot);

    if (prev != NULL) {
        mdb_set_next(prev, next);
    }
    if (next != NULL) {
        next->mdb.prev = prev;
        /* The first badged capability's flag passes to its first sibling copy. */
        if (mdb_first_badged(slot)) {
            mdb_set_flags(next, next->mdb.next_flags | MDB_FIRST_BADGED);
        }
    }
    slot->cap = cap_null();
    slot->mdb.prev = NULL;
    slot->mdb.next_flags = 0;
}

bool mdb_is_parent_of(const cte_t *a, const cte_t *b)
{
    if (!mdb_revocable(a) || !cap_same_region_as(a->cap, b->cap)) {
        return false;
    }
    cap_type_t type = cap_type(a->cap);
    if (type != CAP_ENDPOINT && type != CAP_NOTIFICATION) {
        return true;
    }
    /* A badged capability's children are the copies of that badge made after it. */
    word_t badge = cap_badge(a->cap);
    if (badge == 0) {
        return true;
    }
    return cap_type(b->cap) == type && cap_badge(b->cap) == badge && !mdb_first_badged(b);
}

bool mdb_has_children(const cte_t *slot)
{
    const cte_t *next = mdb_next(slot);

    return next != NULL && mdb_is_parent_of(slot, next);
}

bool mdb_is_final(const cte_t *slot)
{
    const cte_t *prev = mdb_prev(slot);
    const cte_t *next = mdb_next(slot);

    if (prev != NULL && cap_same_object_as(prev->cap, slot->cap)) {
        return false;
    }
    return next == NULL || !cap_same_object_as(slot->cap, next->cap);
}

/*
 * Capability slots (CTEs) and the capability derivation tree (seL4's MDB).
 * A slot is 32 bytes (seL4_SlotBits = 5): the capability and its MDB node.
 * The MDB is a doubly linked list in depth-first order of the derivation
 * tree: a capability's descendants follow it directly, and all capabilities
 * to one object are adjacent.
 */
#ifndef OBJECT_CNODE_H
#define OBJECT_CNODE_H

#include "cap.h"

enum {
    SLOT_BITS = 5,
    MDB_REVOCABLE = 1 << 0,    /* may have children: Revoke deletes them */
    MDB_FIRST_BADGED = 1 << 1, /* first capability with its badge */
    MDB_FLAGS = 3,
};

typedef struct cte cte_t;

typedef struct {
    cte_t *prev;
    word_t next_flags; /* next slot | MDB_* flags (slots are 32-byte aligned) */
} mdb_node_t;

struct cte {
    cap_t cap;
    mdb_node_t mdb;
};

_Static_assert(sizeof(cte_t) == 1u << SLOT_BITS, "a slot is seL4_SlotBits bytes");

static inline cte_t *mdb_next(const cte_t *slot)
{
    return (cte_t *)(uintptr_t)(slot->mdb.next_flags & ~(word_t)MDB_FLAGS);
}

static inline cte_t *mdb_prev(const cte_t *slot)
{
    return slot->mdb.prev;
}

static inline bool mdb_revocable(const cte_t *slot)
{
    return (slot->mdb.next_flags & MDB_REVOCABLE) != 0;
}

static inline bool mdb_first_badged(const cte_t *slot)
{
    return (slot->mdb.next_flags & MDB_FIRST_BADGED) != 0;
}

static inline void mdb_set_next(cte_t *slot, cte_t *next)
{
    slot->mdb.next_flags = (word_t)(uintptr_t)next | (slot->mdb.next_flags & MDB_FLAGS);
}

static inline void mdb_set_flags(cte_t *slot, word_t flags)
{
    slot->mdb.next_flags = (slot->mdb.next_flags & ~(word_t)MDB_FLAGS) | (flags & MDB_FLAGS);
}

/* The slots of the CNode a capability names. */
static inline cte_t *cnode_slots(cap_t cnode_cap)
{
    return (cte_t *)cap_ptr(cnode_cap);
}

#endif /* OBJECT_CNODE_H */

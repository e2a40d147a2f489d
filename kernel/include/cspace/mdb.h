/*
 * The capability derivation tree, kept as seL4 keeps it (its "MDB"): a
 * doubly linked list of slots in depth-first order, where a capability's
 * children follow it and are recognised by is_parent_of. These are the only
 * functions that change the links.
 */
#ifndef CSPACE_MDB_H
#define CSPACE_MDB_H

#include "../object/cnode.h"

/* Puts cap, derived from src's capability, into the empty slot dest as src's first child. */
void mdb_insert_derived(cte_t *src, cte_t *dest, cap_t cap);

/* Puts cap for a newly created object into the empty slot dest as a child of untyped. */
void mdb_insert_new(cte_t *untyped, cte_t *dest, cap_t cap);

/* Moves src's capability (replaced by cap) with its tree position to the empty slot dest. */
void mdb_move(cte_t *src, cte_t *dest, cap_t cap);

/*
 * Exchanges two slots' capabilities and tree positions: a receives b's
 * capability, given as cap_a (it may be updated), at b's position, and b
 * receives a's as cap_b at a's position.
 */
void mdb_swap(cte_t *a, cap_t cap_a, cte_t *b, cap_t cap_b);

/* Removes a slot from the tree and empties it. */
void mdb_empty_slot(cte_t *slot);

/* seL4's isMDBParentOf: is b (which follows a) derived from a? */
bool mdb_is_parent_of(const cte_t *a, const cte_t *b);

/* Whether the capability in slot has children (Revoke would delete them). */
bool mdb_has_children(const cte_t *slot);

/* Whether slot holds the only capability to its object. */
bool mdb_is_final(const cte_t *slot);

#endif /* CSPACE_MDB_H */

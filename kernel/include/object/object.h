/*
 * What the capability system needs to know about every object type: sizes,
 * creation, the region and identity relations the derivation tree is built
 * on, and how capabilities change when they are copied, minted or mutated.
 * kernel/object/object.c dispatches on the capability type.
 */
#ifndef OBJECT_OBJECT_H
#define OBJECT_OBJECT_H

#include <sel4/errors.h>

#include "cnode.h"

enum {
    TCB_SIZE_BITS = 11,
    ENDPOINT_SIZE_BITS = 4,
    NOTIFICATION_SIZE_BITS = 6,
    REPLY_SIZE_BITS = 5,
    MIN_SCHED_CONTEXT_BITS = 7,
    MIN_UNTYPED_BITS = 4,
    MAX_UNTYPED_BITS = 47,
};

/*
 * Size in bits of an object of seL4 object type `type` with the user's
 * size_bits argument (used by CNodes, untypeds and scheduling contexts).
 * Returns 0 for types Cairn cannot create yet.
 */
unsigned object_size_bits(word_t type, word_t user_size_bits);

/* Whether objects of this type can be created (the architecture's come later). */
bool object_type_supported(word_t type);

/*
 * Initialises a new object of `type` in the cleared memory at ptr and
 * returns a capability to it with all rights.
 */
cap_t object_create(word_t type, void *ptr, word_t user_size_bits, bool is_device);

/* Base address and size of the memory a capability covers (size 0: none). */
uintptr_t cap_region_base(cap_t cap);
unsigned cap_region_bits(cap_t cap);

/* seL4's sameRegionAs: is b's object inside what a covers (or the same)? */
bool cap_same_region_as(cap_t a, cap_t b);

/* seL4's sameObjectAs: do a and b name the same object? */
bool cap_same_object_as(cap_t a, cap_t b);

/*
 * seL4's deriveCap: the capability a copy of src's capability `cap` gets
 * (a frame's copy is not mapped), or the error that forbids the copy.
 */
seL4_Error cap_derive(const cte_t *src, cap_t cap, cap_t *out);

/* Whether a capability newly derived from src starts a revocable subtree. */
bool cap_is_revocable(cap_t derived, cap_t src);

/* Clears the rights not in `rights` (seL4 rights order, RIGHT_*). */
cap_t cap_mask_rights(cap_t cap, unsigned rights);

/*
 * Applies Mint/Mutate data: a badge for endpoints and notifications (only to
 * an unbadged capability, and never when `preserve`), guard and guard size
 * for CNodes. Returns the null capability when the result would be invalid.
 */
cap_t cap_update_data(cap_t cap, word_t data, bool preserve);

#endif /* OBJECT_OBJECT_H */

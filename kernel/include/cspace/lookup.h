/*
 * CSpace addressing as the seL4 manual defines it: a capability pointer is
 * resolved from a root CNode capability, `depth` bits at a time through
 * guards and radices; a failure says where and why (the lookup failure
 * description the manual gives user level).
 */
#ifndef CSPACE_LOOKUP_H
#define CSPACE_LOOKUP_H

#include "../bits.h"
#include "../object/cnode.h"

/* Lookup failure types, numbered as libsel4's seL4_LookupFailureType. */
typedef enum {
    LOOKUP_NO_FAILURE = 0,
    LOOKUP_INVALID_ROOT = 1,
    LOOKUP_MISSING_CAPABILITY = 2,
    LOOKUP_DEPTH_MISMATCH = 3,
    LOOKUP_GUARD_MISMATCH = 4,
} lookup_failure_type_t;

typedef struct {
    lookup_failure_type_t type;
    word_t bits_left;   /* missing capability, depth and guard mismatch */
    word_t bits_found;  /* depth and guard mismatch */
    word_t guard_found; /* guard mismatch */
} lookup_fault_t;

/*
 * Resolves the low `depth` bits of cptr from root. On success *slot is the
 * slot reached and *bits_left the bits not yet used when a slot holding
 * something other than a CNode ended the walk early (0 when all were used).
 * On failure fills *fault and returns false.
 */
bool cspace_resolve(cap_t root, word_t cptr, unsigned depth, cte_t **slot, unsigned *bits_left,
                    lookup_fault_t *fault);

/*
 * The slot for a thread-side lookup (the invoked capability, extra caps):
 * cptr resolved with all 64 bits from the thread's CSpace root; a walk that
 * ends early at a non-CNode capability is accepted, as in seL4.
 */
bool cspace_lookup_slot(cap_t root, word_t cptr, cte_t **slot, lookup_fault_t *fault);

/*
 * The same walk for the IPC fastpath, inline and without a failure
 * description: the capability cspace_lookup_slot would find, or a null
 * capability where it would fail (the slowpath then reports the fault).
 */
static inline cap_t cspace_lookup_fast(cap_t node, word_t cptr)
{
    unsigned n = WORD_BITS;

    /* A root CNode whose guard and radix take all 64 bits (the usual one-level CSpace). */
    if (cap_type(node) == CAP_CNODE) {
        unsigned radix = cap_cnode_radix(node);
        if (radix != 0 && radix + cap_cnode_guard_size(node) == WORD_BITS) {
            if ((cptr >> radix) != cap_cnode_guard(node)) {
                return cap_null();
            }
            return cnode_slots(node)[cptr & (((word_t)1 << radix) - 1)].cap;
        }
    }
    while (cap_type(node) == CAP_CNODE) {
        unsigned radix = cap_cnode_radix(node);
        unsigned guard_size = cap_cnode_guard_size(node);
        unsigned level = radix + guard_size;
        /* Retype makes no radix-0 CNode: with radix >= 1 both shifts stay below 64. */
        if (level > n || radix == 0) {
            break;
        }
        word_t bits = cptr >> (n - level); /* this level's guard and index on top */
        if (((bits >> radix) & (((word_t)1 << guard_size) - 1)) != cap_cnode_guard(node)) {
            break;
        }
        cap_t cap = cnode_slots(node)[bits & (((word_t)1 << radix) - 1)].cap;
        n -= level;
        if (n == 0 || cap_type(cap) != CAP_CNODE) {
            return cap;
        }
        node = cap;
    }
    return cap_null();
}

#endif /* CSPACE_LOOKUP_H */

/*
 * CSpace addressing as the seL4 manual defines it: a capability pointer is
 * resolved from a root CNode capability, `depth` bits at a time through
 * guards and radices; a failure says where and why (the lookup failure
 * description the manual gives user level).
 */
#ifndef CSPACE_LOOKUP_H
#define CSPACE_LOOKUP_H

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

#endif /* CSPACE_LOOKUP_H */

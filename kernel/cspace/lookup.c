/*
 * The CSpace walk (seL4 manual, "CSpace Addressing"). Each level consumes
 * guard_size + radix bits: the guard must match the next guard_size bits of
 * the address, the radix bits then index the CNode.
 */
#include "cspace/lookup.h"

/* Bits [shift, shift + bits) of value; bits == 0 gives 0. */
static word_t extract(word_t value, unsigned shift, unsigned bits)
{
    if (bits == 0) {
        return 0;
    }
    return (value >> shift) & mask_bits(bits);
}

static bool lookup_fail(lookup_fault_t *fault, lookup_failure_type_t type, word_t bits_left,
                        word_t bits_found, word_t guard_found)
{
    fault->type = type;
    fault->bits_left = bits_left;
    fault->bits_found = bits_found;
    fault->guard_found = guard_found;
    return false;
}

bool cspace_resolve(cap_t root, word_t cptr, unsigned depth, cte_t **slot, unsigned *bits_left,
                    lookup_fault_t *fault)
{
    cap_t node = root;
    unsigned n = depth;

    if (cap_type(node) != CAP_CNODE) {
        return lookup_fail(fault, LOOKUP_INVALID_ROOT, 0, 0, 0);
    }
    for (;;) {
        unsigned radix = cap_cnode_radix(node);
        unsigned guard_size = cap_cnode_guard_size(node);
        unsigned level = radix + guard_size;

        if (guard_size > n || extract(cptr, n - guard_size, guard_size) != cap_cnode_guard(node)) {
            return lookup_fail(fault, LOOKUP_GUARD_MISMATCH, n, guard_size, cap_cnode_guard(node));
        }
        /* Retype never makes a radix-0 CNode; the level == 0 test keeps the
         * walk finite even so. */
        if (level > n || level == 0) {
            return lookup_fail(fault, LOOKUP_DEPTH_MISMATCH, n, level, 0);
        }
        cte_t *s = cnode_slots(node) + extract(cptr, n - level, radix);
        n -= level;
        if (n == 0 || cap_type(s->cap) != CAP_CNODE) {
            *slot = s;
            *bits_left = n;
            return true;
        }
        node = s->cap;
    }
}

bool cspace_lookup_slot(cap_t root, word_t cptr, cte_t **slot, lookup_fault_t *fault)
{
    unsigned bits_left = 0;

    return cspace_resolve(root, cptr, WORD_BITS, slot, &bits_left, fault);
}

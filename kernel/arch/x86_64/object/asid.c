/*
 * ASID control and ASID pools (seL4 manual, x86 "ASID Control", "ASID
 * Pool"). An ASID names an address space to the TLB (it is the PCID) and
 * to the mapping records in frame and page-table capabilities; ASID 0 is
 * never handed out, so a record of 0 means "not mapped".
 */
#include <arch/mmu.h>
#include <arch/vspace.h>
#include <invocation_labels.h>
#include <sel4/constants.h>

#include "arch.h"
#include "cspace/mdb.h"
#include "kstring.h"

static int free_pool_index(void)
{
    for (int i = 0; i < ASID_POOL_COUNT; i++) {
        if (ks_asid_pools[i] == NULL) {
            return i;
        }
    }
    return -1;
}

static exception_t decode_make_pool(invocation_t *inv)
{
    const word_t *w = inv->words;
    cte_t *dest = NULL;

    if (inv->label != X86ASIDControlMakePool) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (!has_message(inv, ARG_X86ASIDControlMakePool_depth + 1,
                     CAP_X86ASIDControlMakePool_root + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    int index = free_pool_index();
    if (index < 0) {
        return fail_error(inv, seL4_DeleteFirst);
    }
    cte_t *untyped = inv->extra_slots[CAP_X86ASIDControlMakePool_untyped];
    cap_t ut = untyped->cap;
    if (cap_type(ut) != CAP_UNTYPED || cap_untyped_size_bits(ut) != seL4_ASIDPoolBits ||
        cap_untyped_is_device(ut)) {
        return fail_capability(inv, 1);
    }
    if (mdb_has_children(untyped)) {
        return fail_error(inv, seL4_RevokeFirst);
    }
    exception_t status = lookup_cnode_slot(
        inv, false, inv->extra_slots[CAP_X86ASIDControlMakePool_root]->cap,
        w[ARG_X86ASIDControlMakePool_index], w[ARG_X86ASIDControlMakePool_depth], &dest);
    if (status != EXC_NONE) {
        return status;
    }
    if (!cap_is_null(dest->cap)) {
        return fail_error(inv, seL4_DeleteFirst);
    }
    asid_pool_t *pool = cap_ptr(ut);
    memset(pool, 0, sizeof(*pool));
    untyped->cap = cap_untyped(pool, seL4_ASIDPoolBits, false, (word_t)1 << seL4_ASIDPoolBits);
    mdb_insert_new(untyped, dest, cap_asid_pool(pool, (word_t)index << ASID_POOL_BITS));
    asid_set_pool((word_t)index, pool);
    return EXC_NONE;
}

exception_t decode_asid_control_invocation(invocation_t *inv)
{
    return decode_make_pool(inv);
}

exception_t decode_asid_pool_invocation(invocation_t *inv)
{
    asid_pool_t *pool = cap_ptr(inv->cap);
    word_t base = cap_asid_pool_base(inv->cap);

    if (inv->label != X86ASIDPoolAssign) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (!has_message(inv, 0, CAP_X86ASIDPoolAssign_vspace + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cte_t *vslot = inv->extra_slots[CAP_X86ASIDPoolAssign_vspace];
    if (cap_type(vslot->cap) != CAP_VSPACE || cap_vspace_asid(vslot->cap) != 0) {
        return fail_capability(inv, 1);
    }
    /* ASID 0 (the first entry of pool 0) means "none". */
    word_t i = base == 0 ? 1 : 0;
    while (i < ASID_POOL_SIZE && pool->pool_roots[i] != NULL) {
        i++;
    }
    if (i == ASID_POOL_SIZE) {
        return fail_error(inv, seL4_DeleteFirst);
    }
    asid_set_root(pool, i, cap_ptr(vslot->cap));
    vslot->cap = cap_vspace(cap_ptr(vslot->cap), base + i);
    mmu_flush_asid(base + i); /* nothing of an earlier holder of the ASID may linger */
    return EXC_NONE;
}

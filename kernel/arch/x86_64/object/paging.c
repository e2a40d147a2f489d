/*
 * Page tables, page directories, PDPTs and frames (seL4 manual, x86_64
 * "Page Table", "Page Directory", "PDPT", "Page"). Every decoder checks in
 * the manual's order and changes nothing when it refuses; the entry it
 * writes is the only change besides the capability's mapping record.
 */
#include <arch/mmu.h>
#include <arch/pte.h>
#include <arch/vspace.h>
#include <invocation_labels.h>

#include "arch.h"
#include "cspace/mdb.h"
#include "kstring.h"

#define PTE_PAT_4K    0x080ULL  /* the PAT index bit in a 4 KiB entry */
#define PTE_PAT_LARGE 0x1000ULL /* ... and in a 2 MiB or 1 GiB one */

/* The three table types share argument positions; the decoders rely on it. */
_Static_assert(ARG_X86PageTableMap_vaddr == ARG_X86PDPTMap_vaddr &&
                   ARG_X86PageDirectoryMap_vaddr == ARG_X86PDPTMap_vaddr &&
                   ARG_X86PageTableMap_attr == ARG_X86PDPTMap_attr &&
                   ARG_X86PageDirectoryMap_attr == ARG_X86PDPTMap_attr &&
                   CAP_X86PageTableMap_vspace == CAP_X86PDPTMap_pml4 &&
                   CAP_X86PageDirectoryMap_vspace == CAP_X86PDPTMap_pml4,
               "paging structure Map arguments");

static const word_t map_label[3] = { X86PageTableMap, X86PageDirectoryMap, X86PDPTMap };
static const word_t unmap_label[3] = { X86PageTableUnmap, X86PageDirectoryUnmap, X86PDPTUnmap };

/* Bytes one entry at `level` covers. */
static word_t level_span_bits(unsigned level)
{
    return PAGE_BITS + 9 * level;
}

/*
 * The root the VSpace capability `vcap` names, checked as Map needs it:
 * InvalidCapability(1) unless it is a root with an ASID, FailedLookup when
 * that ASID has no root any more, InvalidCapability(1) when it is another's.
 */
static exception_t target_root(invocation_t *inv, cap_t vcap, uint64_t **root)
{
    lookup_fault_t fault = { LOOKUP_INVALID_ROOT, 0, 0, 0 };

    if (cap_type(vcap) != CAP_VSPACE || cap_vspace_asid(vcap) == 0) {
        return fail_capability(inv, 1);
    }
    *root = asid_lookup(cap_vspace_asid(vcap));
    if (*root == NULL) {
        return fail_lookup(inv, false, &fault);
    }
    if (*root != cap_ptr(vcap)) {
        return fail_capability(inv, 1);
    }
    return EXC_NONE;
}

/*
 * The entry at `level` for vaddr. If a table is missing: FailedLookup with
 * the bits the absent entry would translate (21: a page table is missing,
 * 30: a page directory, 39: a PDPT), what seL4_MappingFailedLookupLevel reads.
 */
static exception_t target_entry(invocation_t *inv, uint64_t *root, word_t vaddr, unsigned level,
                                uint64_t **entry)
{
    unsigned missing = 0;

    *entry = vspace_walk(root, vaddr, level, &missing);
    if (*entry == NULL) {
        return fail_missing(inv, false, level_span_bits(missing));
    }
    return EXC_NONE;
}

static exception_t decode_table_map(invocation_t *inv, unsigned level)
{
    uint64_t *root = NULL;
    uint64_t *entry = NULL;

    if (!has_message(inv, ARG_X86PDPTMap_attr + 1, CAP_X86PDPTMap_pml4 + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    word_t vaddr = inv->words[ARG_X86PDPTMap_vaddr];
    cap_t vcap = inv->extra_slots[CAP_X86PDPTMap_pml4]->cap;
    if (cap_mapping(inv->cap) != 0) {
        return fail_capability(inv, 0);
    }
    exception_t status = target_root(inv, vcap, &root);
    if (status != EXC_NONE) {
        return status;
    }
    if (vaddr >= USER_TOP) {
        return fail_argument(inv, ARG_X86PDPTMap_vaddr);
    }
    status = target_entry(inv, root, vaddr, level + 1, &entry);
    if (status != EXC_NONE) {
        return status;
    }
    if ((*entry & PTE_P) != 0) {
        return fail_error(inv, seL4_DeleteFirst);
    }
    /* Access rights are enforced at the leaf, so tables allow everything. */
    *entry = vspace_phys(cap_ptr(inv->cap)) | PTE_P | PTE_W | PTE_U;
    word_t base = round_down(vaddr, (unsigned)level_span_bits(level + 1));
    inv->slot->cap = cap_with_b(inv->cap, mapping_word(base, cap_vspace_asid(vcap)));
    return EXC_NONE;
}

/* Unmap needs the only capability: a copy would still believe the table mapped. */
static exception_t decode_table_unmap(invocation_t *inv)
{
    if (!mdb_is_final(inv->slot)) {
        return fail_error(inv, seL4_RevokeFirst);
    }
    if (cap_mapping(inv->cap) != 0) {
        vspace_unmap_cap(inv->cap);
        /* Whatever it held is unreachable now; a later Map starts empty. */
        memset(cap_ptr(inv->cap), 0, PAGE_SIZE);
    }
    inv->slot->cap = cap_with_b(inv->cap, 0);
    return EXC_NONE;
}

exception_t decode_page_table_invocation(invocation_t *inv)
{
    unsigned level = cap_page_table_level(inv->cap);

    if (inv->label == map_label[level]) {
        return decode_table_map(inv, level);
    }
    if (inv->label == unmap_label[level]) {
        return decode_table_unmap(inv);
    }
    return fail_error(inv, seL4_IllegalOperation);
}

/* The leaf entry for a frame with the mapping's rights and attributes. */
static uint64_t frame_entry(cap_t frame, unsigned level, word_t rights, word_t attr)
{
    unsigned allowed = cap_frame_rights(frame) & (unsigned)rights;
    uint64_t entry = vspace_phys(cap_ptr(frame)) | PTE_P;

    /* As seL4: no read right leaves the page to the kernel alone; x86 has no write-only. */
    if ((allowed & RIGHT_READ) != 0) {
        entry |= PTE_U;
        if ((allowed & RIGHT_WRITE) != 0) {
            entry |= PTE_W;
        }
    }
    entry |= (attr & 1) != 0 ? PTE_PWT : 0;
    entry |= (attr & 2) != 0 ? PTE_PCD : 0;
    if ((attr & 4) != 0) {
        entry |= level == 0 ? PTE_PAT_4K : PTE_PAT_LARGE;
    }
    if (level != 0) {
        entry |= PTE_PS;
    }
    if ((attr & VM_ATTR_EXECUTE_NEVER) != 0 && mmu_has_nx()) {
        entry |= PTE_NX;
    }
    return entry;
}

/* Where a frame may go: not over something else, not beyond the user range. */
static exception_t check_frame_target(invocation_t *inv, word_t vaddr, cap_t vcap)
{
    cap_t frame = inv->cap;
    word_t mapping = cap_mapping(frame);
    unsigned bits = cap_frame_size_bits(frame);

    if (mapping != 0 && mapping_asid(mapping) != cap_vspace_asid(vcap)) {
        return fail_capability(inv, 0);
    }
    if (mapping != 0 && mapping_vaddr(mapping) != vaddr) {
        return fail_argument(inv, ARG_X86PageMap_vaddr);
    }
    if (!is_aligned(vaddr, bits)) {
        return fail_error(inv, seL4_AlignmentError);
    }
    if (vaddr >= USER_MAP_TOP || USER_MAP_TOP - vaddr < ((word_t)1 << bits)) {
        return fail_argument(inv, ARG_X86PageMap_vaddr);
    }
    return EXC_NONE;
}

static exception_t decode_frame_map(invocation_t *inv)
{
    uint64_t *root = NULL;
    uint64_t *entry = NULL;

    if (!has_message(inv, ARG_X86PageMap_attr + 1, CAP_X86PageMap_vspace + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    const word_t *w = inv->words;
    word_t vaddr = w[ARG_X86PageMap_vaddr];
    cap_t vcap = inv->extra_slots[CAP_X86PageMap_vspace]->cap;
    exception_t status = target_root(inv, vcap, &root);
    if (status == EXC_NONE) {
        status = check_frame_target(inv, vaddr, vcap);
    }
    unsigned level = (cap_frame_size_bits(inv->cap) - PAGE_BITS) / 9;
    if (status == EXC_NONE) {
        status = target_entry(inv, root, vaddr, level, &entry);
    }
    if (status != EXC_NONE) {
        return status;
    }
    uint64_t new_entry =
        frame_entry(inv->cap, level, w[ARG_X86PageMap_rights], w[ARG_X86PageMap_attr]);
    bool remap = cap_mapping(inv->cap) != 0;
    bool own = (*entry & PTE_PS) == (new_entry & PTE_PS) &&
               vspace_entry_addr(*entry, level) == vspace_entry_addr(new_entry, level);
    /* A remap changes this frame's own entry; anything else there is in the way. */
    if ((*entry & PTE_P) != 0 && !(remap && own)) {
        return fail_error(inv, seL4_DeleteFirst);
    }
    *entry = new_entry;
    if (remap) {
        mmu_flush_page(cap_vspace_asid(vcap), vaddr);
    }
    inv->slot->cap = cap_with_b(inv->cap, mapping_word(vaddr, cap_vspace_asid(vcap)));
    return EXC_NONE;
}

exception_t decode_frame_invocation(invocation_t *inv)
{
    switch (inv->label) {
    case X86PageMap:
        return decode_frame_map(inv);
    case X86PageUnmap:
        vspace_unmap_cap(inv->cap);
        inv->slot->cap = cap_with_b(inv->cap, 0);
        return EXC_NONE;
    case X86PageGetAddress:
        inv->reply[RET_X86PageGetAddress_paddr] = vspace_phys(cap_ptr(inv->cap));
        inv->reply_length = RET_X86PageGetAddress_paddr + 1;
        return EXC_NONE;
    default:
        return fail_error(inv, seL4_IllegalOperation);
    }
}

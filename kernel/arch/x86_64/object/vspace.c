/*
 * x86_64 address spaces (seL4 manual, "Address Spaces and Virtual Memory",
 * x86_64): a PML4 becomes usable once an ASID pool gives it an ASID; page
 * tables and frames record in their capability where they are mapped. The
 * kernel trusts those records only after checking that the entry they name
 * still points at the object, so a record left behind by a deleted root or
 * an unmapped table can never remove someone else's mapping.
 */
#include <arch/mmu.h>
#include <arch/pte.h>
#include <arch/vspace.h>

#include "arch.h"
#include "bits.h"

_Static_assert(sizeof(asid_pool_t) == 4096, "seL4_ASIDPoolBits");
_Static_assert(ASID_POOL_COUNT *ASID_POOL_SIZE == ASID_COUNT, "ASIDs = pools x pool size");

static uint64_t *table_at(uint64_t entry)
{
    return arch_kernel_window(entry & PTE_ADDR, PAGE_SIZE);
}

uint64_t *vspace_walk(uint64_t *root, word_t vaddr, unsigned level, unsigned *missing)
{
    uint64_t *table = root;

    for (unsigned l = PAGING_LEVELS - 1; l > level; l--) {
        uint64_t entry = table[pt_index(vaddr, l)];
        if ((entry & PTE_P) == 0 || (entry & PTE_PS) != 0) {
            *missing = l;
            return NULL;
        }
        table = table_at(entry);
    }
    return &table[pt_index(vaddr, level)];
}

paddr_t vspace_entry_addr(uint64_t entry, unsigned level)
{
    bool large = level != 0 && (entry & PTE_PS) != 0;

    return entry & PTE_ADDR & ~(large ? mask_bits(PAGE_BITS + 9 * level) : 0);
}

/* The level a frame of this size is mapped at (0: 4 KiB, 1: 2 MiB, 2: 1 GiB). */
static unsigned frame_level(cap_t cap)
{
    return (cap_frame_size_bits(cap) - PAGE_BITS) / 9;
}

void vspace_unmap_cap(cap_t cap)
{
    word_t mapping = cap_mapping(cap);
    uint64_t *root = asid_lookup(mapping_asid(mapping));
    unsigned level = 0;
    unsigned missing = 0;

    if (mapping == 0 || root == NULL) {
        return;
    }
    if (cap_type(cap) == CAP_FRAME) {
        level = frame_level(cap);
    } else {
        level = cap_page_table_level(cap) + 1; /* the entry in the table above */
    }
    uint64_t *entry = vspace_walk(root, mapping_vaddr(mapping), level, &missing);
    if (entry == NULL || (*entry & PTE_P) == 0 ||
        vspace_entry_addr(*entry, level) != vspace_phys(cap_ptr(cap))) {
        return;
    }
    bool leaf = (*entry & PTE_PS) != 0 || level == 0;
    if ((cap_type(cap) == CAP_FRAME) != leaf) {
        return; /* the entry is the other kind: not this object's */
    }
    *entry = 0;
    if (cap_type(cap) == CAP_FRAME) {
        mmu_flush_page(mapping_asid(mapping), mapping_vaddr(mapping));
    } else {
        mmu_flush_asid(mapping_asid(mapping));
    }
}

void vspace_root_finalise(cap_t cap)
{
    word_t asid = cap_vspace_asid(cap);
    uint64_t *root = cap_ptr(cap);

    if (asid != 0 && asid_lookup(asid) == root) {
        asid_set_root(ks_asid_pools[asid >> ASID_POOL_BITS], asid, NULL);
        mmu_flush_asid(asid);
    }
    mmu_forget_root(vspace_phys(root));
}

void asid_pool_finalise(cap_t cap)
{
    asid_pool_t *pool = cap_ptr(cap);
    word_t base = cap_asid_pool_base(cap);

    if (ks_asid_pools[base >> ASID_POOL_BITS] != pool) {
        return;
    }
    for (word_t i = 0; i < ASID_POOL_SIZE; i++) {
        if (pool->pool_roots[i] != NULL) {
            mmu_flush_asid(base + i);
            mmu_forget_root(vspace_phys(pool->pool_roots[i]));
        }
    }
    asid_set_pool(base >> ASID_POOL_BITS, NULL);
}

/*
 * Boot-time construction of the root task's address space: page-table
 * pages come straight from the boot allocator, and the root gets its ASID
 * from the first ASID pool, made here too. Afterwards every structure gets
 * a capability, so the root task owns its address space like any other.
 * Address spaces built later by user level go through the paging-object
 * invocations instead.
 */
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/pte.h>
#include <arch/vspace.h>

#include "arch.h"
#include "bits.h"
#include "boot/boot.h"

paddr_t arch_boot_vspace_create(cap_t *root_cap, cap_t *pool_cap)
{
    paddr_t root = boot_alloc_frame();
    asid_pool_t *pool = arch_kernel_window(boot_alloc_frame(), PAGE_SIZE);
    uint64_t *pml4 = arch_kernel_window(root, PAGE_SIZE);

    kernel_vspace_copy_to(pml4);
    asid_set_root(pool, ROOT_TASK_ASID, pml4);
    asid_set_pool(0, pool);
    *root_cap = cap_vspace(pml4, ROOT_TASK_ASID);
    *pool_cap = cap_asid_pool(pool, 0);
    return root;
}

/* The table the entry at `table[index]` points to, made if missing. */
static uint64_t *next_table(uint64_t *table, unsigned index)
{
    if ((table[index] & PTE_P) == 0) {
        table[index] = boot_alloc_frame() | PTE_P | PTE_W | PTE_U;
    }
    return arch_kernel_window(table[index] & PTE_ADDR, PAGE_SIZE);
}

bool arch_boot_map_frame(paddr_t root, vaddr_t vaddr, paddr_t frame, unsigned rights)
{
    uint64_t *table = arch_kernel_window(root, PAGE_SIZE);
    uint64_t leaf = frame | PTE_P | PTE_U;

    if (vaddr >= USER_MAP_TOP || !is_aligned(vaddr, PAGE_BITS) || !is_aligned(frame, PAGE_BITS)) {
        return false;
    }
    for (unsigned level = 3; level > 0; level--) {
        table = next_table(table, pt_index(vaddr, level));
    }
    if ((table[pt_index(vaddr, 0)] & PTE_P) != 0) {
        return false;
    }
    if ((rights & VM_WRITE) != 0) {
        leaf |= PTE_W;
    }
    if ((rights & VM_EXEC) == 0 && cpu_features.nx) {
        leaf |= PTE_NX;
    }
    table[pt_index(vaddr, 0)] = leaf;
    return true;
}

/*
 * The table entry i of `table` (at `level`, covering from base) points to,
 * after giving it a capability; NULL if the entry is empty.
 */
static uint64_t *table_cap(const uint64_t *table, unsigned level, unsigned i, word_t *base,
                           unsigned (*add)(cap_t cap))
{
    if ((table[i] & PTE_P) == 0) {
        return NULL;
    }
    *base += (word_t)i << (PAGE_BITS + 9 * level);
    uint64_t *child = arch_kernel_window(table[i] & PTE_ADDR, PAGE_SIZE);
    (void)add(cap_page_table(child, level - 1, mapping_word(*base, ROOT_TASK_ASID)));
    return child;
}

void arch_boot_paging_caps(paddr_t root, unsigned (*add)(cap_t cap))
{
    const uint64_t *pml4 = arch_kernel_window(root, PAGE_SIZE);

    for (unsigned i = 0; i < PT_ENTRIES / 2; i++) { /* the user half */
        word_t pdpt_base = 0;
        const uint64_t *pdpt = table_cap(pml4, 3, i, &pdpt_base, add);
        for (unsigned j = 0; pdpt != NULL && j < PT_ENTRIES; j++) {
            word_t pd_base = pdpt_base;
            const uint64_t *pd = table_cap(pdpt, 2, j, &pd_base, add);
            for (unsigned k = 0; pd != NULL && k < PT_ENTRIES; k++) {
                word_t pt_base = pd_base;
                (void)table_cap(pd, 1, k, &pt_base, add);
            }
        }
    }
}

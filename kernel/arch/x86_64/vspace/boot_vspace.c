/*
 * Boot-time construction of the root task's address space: page-table
 * pages come straight from the boot allocator. Address spaces built later
 * by user level go through the paging-object invocations instead.
 */
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/pte.h>

#include "arch.h"
#include "bits.h"
#include "boot/boot.h"

paddr_t arch_boot_vspace_create(void)
{
    paddr_t root = boot_alloc_frame();

    kernel_vspace_copy_to(arch_kernel_window(root, PAGE_SIZE));
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

    if (vaddr >= USER_TOP || !is_aligned(vaddr, PAGE_BITS) || !is_aligned(frame, PAGE_BITS)) {
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

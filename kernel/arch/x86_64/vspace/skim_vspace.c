/*
 * The skim region: with Meltdown isolation on, the only kernel memory a user
 * address space maps. It is the skim text (entry and exit code) and skim
 * data (their slots, the GDT, IDT, TSS and the stacks the CPU pushes
 * interrupt frames on), at the same addresses as in the kernel's own root,
 * supervisor-only and not global, so nothing else of the kernel is even
 * translatable while user code runs (docs/architecture.md).
 */
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/pte.h>

#include "bits.h"
#include "kernel.h"

enum {
    SKIM_PTS = 2, /* the image's first 4 MiB, like kernel_vspace.c's image tables */
};

typedef uint64_t table_t[PT_ENTRIES];

static table_t skim_pml4 ALIGNED(4096); /* the skim region alone: threads with no root */
static table_t skim_pdpt ALIGNED(4096);
static table_t skim_pd ALIGNED(4096);
static table_t skim_pt[SKIM_PTS] ALIGNED(4096);

extern char _skim_text_start[], _skim_text_end[], _skim_data_start[], _skim_data_end[];

static uint64_t image_phys(const void *p)
{
    return (uint64_t)p - KERNEL_IMAGE_BASE;
}

static void map_pages(const char *start, const char *end, uint64_t flags)
{
    for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE) {
        uint64_t pa = image_phys((const void *)va);
        if (pa >> 21 >= SKIM_PTS) {
            panic("skim page 0x%lx beyond the first %d MiB of the image", va, SKIM_PTS * 2);
        }
        skim_pt[pa >> 21][pt_index(va, 0)] = pa | flags;
    }
}

void skim_vspace_init(void)
{
    map_pages(_skim_text_start, _skim_text_end, PTE_P);
    map_pages(_skim_data_start, _skim_data_end, PTE_P | PTE_W | (cpu_features.nx ? PTE_NX : 0));
    for (unsigned i = 0; i < SKIM_PTS; i++) {
        skim_pd[i] = image_phys(skim_pt[i]) | PTE_P | PTE_W;
    }
    skim_pdpt[pt_index(KERNEL_IMAGE_BASE, 2)] = image_phys(skim_pd) | PTE_P | PTE_W;
    skim_pml4[pt_index(KERNEL_IMAGE_BASE, 3)] = image_phys(skim_pdpt) | PTE_P | PTE_W;
}

void skim_vspace_copy_to(uint64_t *pml4)
{
    for (unsigned i = PT_ENTRIES / 2; i < PT_ENTRIES; i++) {
        pml4[i] = skim_pml4[i];
    }
}

paddr_t skim_root_phys(void)
{
    return image_phys(skim_pml4);
}

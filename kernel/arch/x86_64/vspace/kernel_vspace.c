/*
 * The kernel half of every address space: the kernel window (all RAM at
 * KERNEL_WINDOW_BASE, no-execute), the kernel image with per-section rights
 * (text RX, rodata R, data RW) and a small uncached device area. All of it
 * is global, so address-space switches keep it in the TLB; with Meltdown
 * isolation on (kpti.c) none of it is, and user roots get the skim region
 * (skim_vspace.c) instead of this half.
 */
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/pte.h>

#include "arch.h"
#include "bits.h"
#include "boot/regions.h"
#include "kernel.h"
#include "state.h"

enum {
    IMAGE_PTS = 2, /* the image must fit in the first 4 MiB of RAM */
    DEVICE_PAGES = PT_ENTRIES,
};

#define GIB               (1ULL << 30)
#define BOOT_WINDOW_LIMIT GIB /* what entry.S's tables map */

typedef uint64_t table_t[PT_ENTRIES];

static table_t kernel_pml4 ALIGNED(4096);
static table_t window_pdpt ALIGNED(4096);
static table_t image_pdpt ALIGNED(4096);
static table_t image_pd ALIGNED(4096);
static table_t image_pt[IMAGE_PTS] ALIGNED(4096);
static table_t device_pd ALIGNED(4096);
static table_t device_pt ALIGNED(4096);
static unsigned device_pages_used;
static paddr_t window_limit = BOOT_WINDOW_LIMIT;

extern char _text_start[], _text_end[], _rodata_start[], _rodata_end[], _data_start[];
extern char _kernel_phys_start[], _kernel_phys_end[];

static uint64_t image_phys(const void *p)
{
    return (uint64_t)p - KERNEL_IMAGE_BASE;
}

static uint64_t nx_bit(void)
{
    return cpu_features.nx ? PTE_NX : 0;
}

/* Isolation flushes the kernel's translations on every exit: none may be global. */
static uint64_t global_bit(void)
{
    return kpti_enabled ? 0 : PTE_G;
}

void *arch_kernel_window(paddr_t pa, word_t len)
{
    if (pa + len < pa || pa + len > window_limit) {
        return NULL;
    }
    return (void *)(KERNEL_WINDOW_BASE + pa);
}

paddr_t arch_window_to_phys(const void *ptr)
{
    return (paddr_t)ptr - KERNEL_WINDOW_BASE;
}

paddr_t kernel_pml4_phys(void)
{
    return image_phys(kernel_pml4);
}

/* A zeroed page-table page below 1 GiB, reachable through the boot window. */
static uint64_t *alloc_boot_table(void)
{
    paddr_t pa = region_list_alloc(&ks_boot_free, PAGE_SIZE, PAGE_BITS, BOOT_WINDOW_LIMIT);
    uint64_t *t = pa != 0 ? arch_kernel_window(pa, PAGE_SIZE) : NULL;

    if (t == NULL) {
        boot_error("out of memory for the kernel window");
    }
    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        t[i] = 0;
    }
    return t;
}

static void map_window(paddr_t ram_end)
{
    uint64_t flags = PTE_P | PTE_W | global_bit() | nx_bit();
    uint64_t gib_count = (ram_end + GIB - 1) / GIB;

    for (uint64_t g = 0; g < gib_count; g++) {
        if (cpu_features.page_1g) {
            window_pdpt[g] = (g * GIB) | flags | PTE_PS;
            continue;
        }
        uint64_t *pd = alloc_boot_table();
        for (uint64_t i = 0; i < PT_ENTRIES; i++) {
            pd[i] = (g * GIB + (i << 21)) | flags | PTE_PS;
        }
        window_pdpt[g] = arch_window_to_phys(pd) | PTE_P | PTE_W;
    }
    kernel_pml4[pt_index(KERNEL_WINDOW_BASE, 3)] = image_phys(window_pdpt) | PTE_P | PTE_W;
}

static uint64_t image_page_flags(uint64_t va)
{
    if (va >= (uint64_t)_text_start && va < (uint64_t)_text_end) {
        return PTE_P | global_bit();
    }
    if (va >= (uint64_t)_rodata_start && va < (uint64_t)_rodata_end) {
        return PTE_P | global_bit() | nx_bit();
    }
    return PTE_P | PTE_W | global_bit() | nx_bit();
}

static void map_image(void)
{
    uint64_t start = (uint64_t)_kernel_phys_start;
    uint64_t end = (uint64_t)_kernel_phys_end;

    if (end > (uint64_t)IMAGE_PTS << 21) {
        panic("kernel image ends at 0x%lx, beyond the %d MiB it may use", end, IMAGE_PTS * 2);
    }
    for (uint64_t pa = round_down(start, PAGE_BITS); pa < end; pa += PAGE_SIZE) {
        uint64_t va = KERNEL_IMAGE_BASE + pa;
        image_pt[pa >> 21][pt_index(va, 0)] = pa | image_page_flags(va);
    }
    for (unsigned i = 0; i < IMAGE_PTS; i++) {
        image_pd[i] = image_phys(image_pt[i]) | PTE_P | PTE_W;
    }
    image_pdpt[pt_index(KERNEL_IMAGE_BASE, 2)] = image_phys(image_pd) | PTE_P | PTE_W;
    image_pdpt[pt_index(KERNEL_DEVICE_BASE, 2)] = image_phys(device_pd) | PTE_P | PTE_W;
    device_pd[0] = image_phys(device_pt) | PTE_P | PTE_W;
    kernel_pml4[pt_index(KERNEL_IMAGE_BASE, 3)] = image_phys(image_pdpt) | PTE_P | PTE_W;
}

void kernel_vspace_init(paddr_t ram_end)
{
    if (ram_end > KERNEL_WINDOW_SIZE) {
        ram_end = KERNEL_WINDOW_SIZE; /* RAM above the window is not used */
    }
    map_window(ram_end);
    map_image();
    if (kpti_enabled) {
        skim_vspace_init();
        kpti_kernel_cr3 = kernel_pml4_phys();
    }
    write_cr3(kernel_pml4_phys());
    window_limit = ram_end;
}

void *kernel_map_device(paddr_t pa)
{
    if (device_pages_used == DEVICE_PAGES) {
        panic("kernel device area full");
    }
    unsigned slot = device_pages_used++;
    device_pt[slot] = pa | PTE_P | PTE_W | PTE_PCD | PTE_PWT | global_bit() | nx_bit();
    uint64_t va = KERNEL_DEVICE_BASE + (uint64_t)slot * PAGE_SIZE;
    invlpg(va);
    return (void *)va;
}

/* Copies the kernel half, or with isolation the skim region, into a new address space's root. */
void kernel_vspace_copy_to(uint64_t *pml4)
{
    if (kpti_enabled) {
        skim_vspace_copy_to(pml4);
        return;
    }
    for (unsigned i = PT_ENTRIES / 2; i < PT_ENTRIES; i++) {
        pml4[i] = kernel_pml4[i];
    }
}

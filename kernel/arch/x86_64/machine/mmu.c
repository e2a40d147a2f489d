/*
 * The machine side of user address spaces (arch/mmu.h): which root the CPU
 * runs in, TLB maintenance, the PAT layout the VM attributes select from,
 * and port I/O for I/O port capabilities.
 *
 * With PCID and INVPCID an address space's ASID is its PCID: a switch keeps
 * every other space's TLB entries (CR3 bit 63), and a change to a space that
 * is not current is flushed by INVPCID. Without both, CR3 loads flush the
 * TLB (the kernel's global entries stay) and only the current space can
 * hold stale entries. ASID 0 (PCID 0) is the kernel's root alone.
 *
 * With Meltdown isolation on (kpti.c) PCIDs stay off and the kernel always
 * runs in its own root: "switching" then only records the thread's root in
 * kpti_user_cr3, which the isolated exit loads last, and the entry code
 * loads the kernel's. Each of those loads flushes every translation (no
 * PCID, nothing global), so no user space's entries outlive a kernel entry
 * and the flushes below have nothing to do. Keeping PCIDs would save the
 * refills but needs two per space and INVPCID for both; QEMU TCG has no
 * PCID, so the simple form is the one tested.
 */
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/mmu.h>
#include <arch/vspace.h>

#include "arch.h"
#include "kernel.h"

enum {
    CR4_PCIDE = 1 << 17,
    DEBUG_EXIT_PORT = 0xf4,
};

#define CR3_NO_FLUSH (1ULL << 63)

/*
 * PAT entries indexed by PAT:PCD:PWT, so seL4_X86_VMAttributes' low three
 * bits pick them directly: write-back, write-through, uncached-minus,
 * uncached, write-combining, then the power-on defaults again.
 */
#define PAT_LAYOUT 0x0007040100070406ULL

static bool pcid_on;
paddr_t mmu_empty_root; /* for threads without a valid root: no user half */
paddr_t mmu_cur_root;
word_t mmu_cur_asid;
bool mmu_plain;

void mmu_init(void)
{
    wrmsr(MSR_PAT, PAT_LAYOUT);
    if (cpu_features.pcid && cpu_features.invpcid && !kpti_enabled) {
        write_cr4(read_cr4() | CR4_PCIDE); /* CR3's PCID is 0 here, as enabling needs */
        pcid_on = true;
    }
    mmu_plain = !pcid_on && !kpti_enabled;
    mmu_cur_root = kernel_pml4_phys();
    mmu_empty_root = kpti_enabled ? skim_root_phys() : kernel_pml4_phys();
    /*
     * The PICs (the kernel keeps them masked) and QEMU's debug-exit port are
     * never issued. COM1 is: the kernel's debug output writes its data
     * register directly, a user-level driver may own it for input and
     * output, and their characters interleave (docs/deviations.md).
     */
    io_ports_reserve(0x20, 0x21); /* master PIC */
    io_ports_reserve(0xa0, 0xa1); /* slave PIC */
    io_ports_reserve(DEBUG_EXIT_PORT, DEBUG_EXIT_PORT);
}

/* mmu_switch's other modes: PCIDs on, or the root only recorded for the isolated exit. */
void mmu_load(paddr_t root, word_t asid)
{
    mmu_cur_root = root;
    mmu_cur_asid = asid;
    /* Tested only here, where the space changes, so a thread's repeated entries pay nothing. */
    if (kpti_enabled) {
        kpti_user_cr3 = root;
        return;
    }
    write_cr3(pcid_on ? root | asid | CR3_NO_FLUSH : root);
}

void mmu_flush_page(word_t asid, word_t vaddr)
{
    if (pcid_on) {
        invpcid(INVPCID_ADDRESS, asid, vaddr);
    } else if (asid == mmu_cur_asid) {
        invlpg(vaddr);
    }
}

void mmu_flush_asid(word_t asid)
{
    if (pcid_on) {
        invpcid(INVPCID_CONTEXT, asid, 0);
    } else if (asid == mmu_cur_asid && !kpti_enabled) {
        write_cr3(mmu_cur_root);
    }
}

void mmu_forget_root(paddr_t root)
{
    if (root == mmu_cur_root) {
        mmu_switch(mmu_empty_root, 0);
    }
}

void mmu_init_root(uint64_t *pml4)
{
    kernel_vspace_copy_to(pml4);
}

bool mmu_has_huge_pages(void)
{
    return cpu_features.page_1g;
}

bool mmu_has_nx(void)
{
    return cpu_features.nx;
}

uint32_t port_in(uint16_t port, unsigned bytes)
{
    if (bytes == 1) {
        return inb(port);
    }
    return bytes == 2 ? inw(port) : inl(port);
}

void port_out(uint16_t port, unsigned bytes, uint32_t value)
{
    if (bytes == 1) {
        outb(port, (uint8_t)value);
    } else if (bytes == 2) {
        outw(port, (uint16_t)value);
    } else {
        outl(port, value);
    }
}

/*
 * Declarations shared between the x86_64 arch files (not part of arch.h):
 * CPU features, the kernel's address-space layout, descriptor tables,
 * interrupt controllers, FPU and serial port.
 */
#ifndef ARCH_MACHINE_H
#define ARCH_MACHINE_H

#include <stdbool.h>

#include <arch/cpu.h>
#include <arch/tcb.h>
#include <types.h>

/* Kernel address-space layout. */
#define KERNEL_WINDOW_BASE 0xffff800000000000ULL /* all RAM, 1:1 by offset */
#define KERNEL_WINDOW_SIZE 0x0000004000000000ULL /* 256 GiB at most */
#define KERNEL_IMAGE_BASE  0xffffffff80000000ULL /* kernel image (-2 GiB) */
#define KERNEL_DEVICE_BASE 0xffffffffc0000000ULL /* device mappings (-1 GiB) */

enum {
    VECTOR_TIMER = 0x20,
    VECTOR_IRQ_BASE = 0x30, /* user IRQ n arrives as vector 0x30 + n (seL4's IRQ_OFFSET) */
    VECTOR_SPURIOUS = 0xff,
    GDT_KERNEL_CS = 0x08,
    GDT_KERNEL_DS = 0x10,
    GDT_USER_DS = 0x18 | 3,
    GDT_USER_CS = 0x20 | 3,
    GDT_TSS = 0x28,
    CR0_TS = 1 << 3, /* the FPU traps (#NM) */
};

typedef struct {
    char vendor[13];
    char brand[49];
    char hypervisor[13]; /* CPUID 0x40000000 signature, "" on bare metal */
    bool nx, smep, smap, pcid, invpcid, fsgsbase, xsave, xsaveopt, avx;
    bool page_1g, rdtscp, tsc_deadline, x2apic, hypervisor_present;
    bool arch_capabilities; /* MSR IA32_ARCH_CAPABILITIES exists */
} cpu_features_t;

extern cpu_features_t cpu_features;

/* cpuid.c */
void cpu_detect(void);

/*
 * kpti.c: Meltdown isolation. kpti_decide() chooses, from the command line,
 * the build's default and the CPU, before any page table is built;
 * kpti_print() writes the one `cairn: kpti on|off (why)` line.
 */
extern bool kpti_enabled;
void kpti_decide(const char *cmdline);
void kpti_print(void);

/* Data that user roots map when isolation is on (the linker's .bss.skim). */
#define SKIM_DATA __attribute__((section(".bss.skim")))

/* entry.S's skim slots: the roots the isolated entry and exit load. */
extern uint64_t kpti_kernel_cr3;
extern uint64_t kpti_user_cr3;

/* skim_vspace.c: the skim region's tables; user roots get them instead of the kernel half. */
void skim_vspace_init(void);
void skim_vspace_copy_to(uint64_t *pml4);
paddr_t skim_root_phys(void); /* a root with the skim region alone */

/* kernel_vspace.c */
void kernel_vspace_init(paddr_t ram_end);
paddr_t kernel_pml4_phys(void);
void *kernel_map_device(paddr_t pa); /* one uncached 4 KiB page */
void ioapic_init(void);
void kernel_vspace_copy_to(uint64_t *pml4);

/*
 * mmu.c: PAT, PCIDs, the kernel's ports; then the root the CPU runs in
 * (mmu_empty_root: the kernel's alone, for a thread without a valid one).
 */
void mmu_init(void);
void mmu_load(paddr_t root, word_t asid);
extern paddr_t mmu_empty_root;
extern paddr_t mmu_cur_root;
extern word_t mmu_cur_asid;
extern bool mmu_plain; /* neither PCIDs nor Meltdown isolation: a switch is a CR3 write */

/* Inline: every exit to user comes here, mostly with nothing to do or a plain CR3 write. */
static inline void mmu_switch(paddr_t root, word_t asid)
{
    if (root == mmu_cur_root && asid == mmu_cur_asid) {
        return;
    }
    if (!mmu_plain) {
        mmu_load(root, asid);
        return;
    }
    mmu_cur_root = root;
    mmu_cur_asid = asid;
    write_cr3(root);
}

/* descriptors.c */
void descriptors_init(void);

typedef struct {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} PACKED tss_t;

extern tss_t tss;

/*
 * Where the CPU and the syscall entry save the current thread's user
 * state: the end of its context (entry.S reads it as TSS_RSP0).
 */
static inline void tss_set_rsp0(uint64_t rsp0)
{
    tss.rsp[0] = rsp0;
}

/* apic.c */
void apic_init(void);
void apic_eoi(void);

/* fpu.c */
void fpu_init(void);
void fpu_init_state(uint8_t *area);
void fpu_save(uint8_t *area);
void fpu_restore(const uint8_t *area);
/*
 * fpu_switch(next): `next` runs now; the FPU traps (#NM) unless it holds
 * next's state. Inline, with the state it reads, since every thread switch
 * runs it.
 */
extern uint64_t fpu_cr0_running;
extern const arch_tcb_t *fpu_owner;
extern bool fpu_trapping;
void fpu_switch_eager(arch_tcb_t *next); /* moves next's state in now */

static inline void fpu_set_trapping(bool on)
{
    if (fpu_trapping != on) {
        write_cr0(on ? fpu_cr0_running | CR0_TS : fpu_cr0_running);
        fpu_trapping = on;
    }
}

static inline void fpu_switch(arch_tcb_t *next)
{
    if (next == fpu_owner) {
        fpu_set_trapping(false);
    } else if (next->tcb_fpu_eager != 0) {
        fpu_switch_eager(next);
    } else {
        fpu_set_trapping(true);
    }
}
/* #NM: gives the FPU to `cur` (saving the owner's state); false if the FPU was not trapping. */
bool fpu_claim(arch_tcb_t *cur);
/* The thread's state is dropped (deleted or reset): the FPU no longer holds it for anyone. */
void fpu_forget(const arch_tcb_t *t);

/* serial.c */
void serial_init(void);

/* syscall set-up (trap.c) */
void syscall_init(void);

/* The kernel's one stack (trap/entry.S uses its top). */
extern uint8_t kernel_stack_top[];

#endif /* ARCH_MACHINE_H */

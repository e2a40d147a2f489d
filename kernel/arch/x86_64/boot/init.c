/*
 * boot_main: the first C code, called by entry.S in long mode on the boot
 * page tables. Brings up the console, finds out what the CPU can do, takes
 * over memory with the kernel's own page tables (isolated from user roots
 * or not, kpti.c), installs the descriptor tables, FPU, syscall entry and
 * timer, then hands over to generic boot.
 */
#include <arch/cpu.h>
#include <arch/machine.h>

#include "arch.h"
#include "boot/boot.h"
#include "boot/cmdline.h"
#include "boot/multiboot.h"
#include "kernel.h"
#include "kstring.h"
#include "printf.h"

enum {
    EFER_NXE = 1 << 11,
    CR4_PGE = 1 << 7,
    CR4_FSGSBASE = 1 << 16,
    CR4_SMEP = 1 << 20,
    CR4_SMAP = 1 << 21,
};

NORETURN void boot_main(uint32_t magic, uint32_t info);

extern char _kernel_phys_start[], _kernel_phys_end[];

static boot_params_t boot_params;

static void enable_protections(void)
{
    uint64_t cr4 = read_cr4() | CR4_PGE;

    if (cpu_features.nx) {
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
    }
    if (cpu_features.smep) {
        cr4 |= CR4_SMEP;
    }
    if (cpu_features.smap) {
        cr4 |= CR4_SMAP;
    }
    if (cpu_features.fsgsbase) {
        cr4 |= CR4_FSGSBASE;
    }
    write_cr4(cr4);
}

static const char *accelerator(void)
{
    const char *sig = cpu_features.hypervisor;

    if (!cpu_features.hypervisor_present) {
        return "none (bare metal)";
    }
    if (strncmp(sig, "TCGTCGTCGTCG", 12) == 0) {
        return "tcg";
    }
    if (strncmp(sig, "KVMKVMKVM", 9) == 0) {
        return "kvm";
    }
    return sig[0] != '\0' ? sig : "unknown hypervisor";
}

static void print_feature(bool present, const char *name)
{
    if (present) {
        kprintf(" %s", name);
    }
}

static void print_banner(const boot_params_t *params)
{
    const cpu_features_t *f = &cpu_features;
    word_t ram = 0;

    for (unsigned i = 0; i < params->ram_count; i++) {
        ram += params->ram[i].end - params->ram[i].base;
    }
    kprintf("Cairn %s (x86_64) | CPU: %s [%s] | features:", CAIRN_VERSION,
            f->brand[0] != '\0' ? f->brand : "unknown", f->vendor);
    print_feature(f->nx, "nx");
    print_feature(f->smep, "smep");
    print_feature(f->smap, "smap");
    print_feature(f->fsgsbase, "fsgsbase");
    print_feature(f->xsave, f->xsaveopt ? "xsaveopt" : "xsave");
    print_feature(f->avx, "avx");
    print_feature(f->page_1g, "1g-pages");
    print_feature(f->pcid, "pcid");
    kprintf(" | RAM: %lu MiB | TSC: %u MHz | accel: %s\n", ram >> 20, arch_tsc_khz() / 1000,
            accelerator());
}

/*
 * `selftest=kernel_fault` on the kernel command line makes the kernel read
 * user address 0x1000 after boot: it proves the boot identity map is gone
 * and that a kernel exception is reported and ends the machine
 * (tools/run-system-tests checks both).
 */
static void maybe_self_test(const char *cmdline)
{
    uint64_t value = 0;

    if (cmdline_option(cmdline, "selftest=kernel_fault", NULL)) {
        __asm__ volatile("mov 0x1000, %0" : "=r"(value) : : "memory");
        panic("self test: read of 0x1000 did not fault (value 0x%lx)", value);
    }
}

void boot_main(uint32_t magic, uint32_t info)
{
    serial_init();
    cpu_detect();
    mb_status_t st = multiboot_parse(magic, info, &boot_params);
    if (st != MB_OK) {
        boot_error("multiboot: %s", multiboot_status_str(st));
    }
    if (boot_params.ram_count == 0) {
        boot_error("the boot loader reported no usable RAM");
    }
    kpti_decide(boot_params.cmdline); /* before any page table or entry point exists */
    enable_protections();
    boot_memory_init(&boot_params, (paddr_t)_kernel_phys_start, (paddr_t)_kernel_phys_end);
    kernel_vspace_init(boot_params.ram[boot_params.ram_count - 1].end);
    mmu_init();
    descriptors_init();
    fpu_init();
    syscall_init();
    apic_init();
    ioapic_init();
    print_banner(&boot_params);
    kpti_print();
    maybe_self_test(boot_params.cmdline);
    cmdline_apply(boot_params.cmdline);
    boot_start_root_task(&boot_params);
}

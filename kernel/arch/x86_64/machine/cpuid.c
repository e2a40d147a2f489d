/*
 * CPU feature detection. Every optional feature the kernel uses is looked up
 * here, never assumed: QEMU's CPU models and paravirtual KVM differ widely.
 */
#include <arch/cpu.h>
#include <arch/machine.h>

#include "kstring.h"

cpu_features_t cpu_features;

static bool bit(uint32_t word, unsigned n)
{
    return ((word >> n) & 1u) != 0;
}

static void copy_regs(char *dst, const uint32_t *regs, unsigned count)
{
    memcpy(dst, regs, count * sizeof(uint32_t));
}

static void detect_names(cpu_features_t *f, uint32_t max_ext)
{
    uint32_t r[4];

    cpuid(0, 0, r);
    copy_regs(f->vendor, &r[1], 1);
    copy_regs(f->vendor + 4, &r[3], 1);
    copy_regs(f->vendor + 8, &r[2], 1);
    if (max_ext >= 0x80000004) {
        for (uint32_t i = 0; i < 3; i++) {
            cpuid(0x80000002 + i, 0, r);
            copy_regs(f->brand + 16 * (size_t)i, r, 4);
        }
    }
    if (f->hypervisor_present) {
        cpuid(0x40000000, 0, r);
        copy_regs(f->hypervisor, &r[1], 3);
    }
}

void cpu_detect(void)
{
    cpu_features_t *f = &cpu_features;
    uint32_t r[4];

    cpuid(0, 0, r);
    const uint32_t max_leaf = r[0];
    cpuid(0x80000000, 0, r);
    const uint32_t max_ext = r[0];

    cpuid(1, 0, r);
    f->pcid = bit(r[2], 17);
    f->x2apic = bit(r[2], 21);
    f->tsc_deadline = bit(r[2], 24);
    f->xsave = bit(r[2], 26);
    f->avx = bit(r[2], 28);
    f->hypervisor_present = bit(r[2], 31);
    if (max_leaf >= 7) {
        cpuid(7, 0, r);
        f->fsgsbase = bit(r[1], 0);
        f->smep = bit(r[1], 7);
        f->invpcid = bit(r[1], 10);
        f->smap = bit(r[1], 20);
        f->arch_capabilities = bit(r[3], 29);
    }
    if (max_leaf >= 0xd && f->xsave) {
        cpuid(0xd, 1, r);
        f->xsaveopt = bit(r[0], 0);
    }
    if (max_ext >= 0x80000001) {
        cpuid(0x80000001, 0, r);
        f->nx = bit(r[3], 20);
        f->page_1g = bit(r[3], 26);
        f->rdtscp = bit(r[3], 27);
    }
    detect_names(f, max_ext);
}

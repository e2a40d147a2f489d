/*
 * FPU/SSE/AVX state. User code compiled by gcc uses SSE, so every thread has
 * its own state. It is switched lazily, as seL4 does on x86: the CPU keeps
 * the state of one thread, the owner; switching to any other thread sets
 * CR0.TS, and that thread's first FPU instruction raises #NM, whereupon the
 * owner's state is saved and the new thread's loaded (fpu_claim). Threads
 * that do not touch the FPU between switches (an IPC server) cost a CR0
 * write, not a save and a restore. A thread that did trap gets its state
 * moved eagerly on its next FPU_EAGER_SWITCHES switches, so two threads
 * that both use the FPU do not trap on every switch; after that it is
 * lazy again until it traps. XSAVE where the CPU has it, FXSAVE otherwise.
 */
#include <arch/cpu.h>
#include <arch/machine.h>
#include <arch/tcb.h>

#include "kernel.h"
#include "kstring.h"

enum {
    CR0_MP = 1 << 1,
    CR0_EM = 1 << 2,
    CR0_NE = 1 << 5,
    CR4_OSFXSR = 1 << 9,
    CR4_OSXMMEXCPT = 1 << 10,
    CR4_OSXSAVE = 1 << 18,
    XCR0_X87 = 1,
    XCR0_SSE = 2,
    XCR0_AVX = 4,
    MXCSR_DEFAULT = 0x1f80,
    FPU_EAGER_SWITCHES = 64,
};

static uint8_t fpu_template[FPU_STATE_SIZE] ALIGNED(64);
static uint64_t xcr0;
uint64_t fpu_cr0_running;    /* CR0 with TS clear, as fpu_init set it */
const arch_tcb_t *fpu_owner; /* whose state the FPU holds; NULL: nobody's */
bool fpu_trapping;           /* CR0.TS is set */

/* XSAVE area size for the features in XCR0. */
static uint32_t xsave_size(void)
{
    uint32_t r[4];

    cpuid(0xd, 0, r);
    return r[1];
}

static void enable_xsave(void)
{
    write_cr4(read_cr4() | CR4_OSXSAVE);
    xcr0 = XCR0_X87 | XCR0_SSE | (cpu_features.avx ? XCR0_AVX : 0);
    xsetbv(0, xcr0);
    if (xsave_size() > FPU_STATE_SIZE && (xcr0 & XCR0_AVX) != 0) {
        cpu_features.avx = false;
        xcr0 = XCR0_X87 | XCR0_SSE;
        xsetbv(0, xcr0);
    }
    if (xsave_size() > FPU_STATE_SIZE) {
        panic("XSAVE area of %u bytes exceeds %d", xsave_size(), FPU_STATE_SIZE);
    }
}

void fpu_init(void)
{
    uint32_t mxcsr = MXCSR_DEFAULT;

    write_cr0((read_cr0() & ~(uint64_t)(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    if (cpu_features.xsave) {
        enable_xsave();
    } else {
        cpu_features.avx = false;
    }
    __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
    fpu_save(fpu_template);
    fpu_cr0_running = read_cr0();
}

/* The FPU takes `t`'s state, the owner's saved first; it no longer traps. */
static void fpu_take(arch_tcb_t *t)
{
    fpu_set_trapping(false);
    if (fpu_owner != NULL) {
        /* Only fpu_save writes the owner's area; the const is for everyone else. */
        fpu_save((uint8_t *)(uintptr_t)fpu_owner->tcb_fpu);
    }
    fpu_restore(t->tcb_fpu);
    fpu_owner = t;
}

void fpu_switch_eager(arch_tcb_t *next)
{
    next->tcb_fpu_eager--;
    fpu_take(next);
}

bool fpu_claim(arch_tcb_t *cur)
{
    if (!fpu_trapping) {
        return false;
    }
    fpu_take(cur);
    cur->tcb_fpu_eager = FPU_EAGER_SWITCHES;
    return true;
}

void fpu_forget(const arch_tcb_t *t)
{
    if (fpu_owner == t) {
        fpu_owner = NULL;
    }
}

void fpu_init_state(uint8_t *area)
{
    memcpy(area, fpu_template, FPU_STATE_SIZE);
}

/* NOLINTNEXTLINE(readability-non-const-parameter): the inline asm stores the state to area. */
void fpu_save(uint8_t *area)
{
    uint32_t lo = (uint32_t)xcr0;
    uint32_t hi = (uint32_t)(xcr0 >> 32);

    if (cpu_features.xsaveopt) {
        __asm__ volatile("xsaveopt64 (%0)" : : "r"(area), "a"(lo), "d"(hi) : "memory");
    } else if (cpu_features.xsave) {
        __asm__ volatile("xsave64 (%0)" : : "r"(area), "a"(lo), "d"(hi) : "memory");
    } else {
        __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
    }
}

void fpu_restore(const uint8_t *area)
{
    uint32_t lo = (uint32_t)xcr0;
    uint32_t hi = (uint32_t)(xcr0 >> 32);

    if (cpu_features.xsave) {
        __asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"(lo), "d"(hi) : "memory");
    } else {
        __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
    }
}

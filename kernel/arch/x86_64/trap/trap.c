/*
 * The C half of kernel entry and exit on x86_64: turns a saved trap frame into
 * a call of the generic handlers (kernel/api/syscall.c), and leaves the kernel
 * into a thread, switching address space, FPU and FS/GS bases only when the
 * thread changes.
 */
#include <arch/cpu.h>
#include <arch/entry.h>
#include <arch/machine.h>
#include <arch/vspace.h>
#include <sel4/syscall_numbers.h>

#include "api/syscall.h"
#include "arch.h"
#include "kernel.h"
#include "object/tcb.h"
#include "printf.h"
#include "state.h"

enum {
    VECTOR_NM = 7,
    VECTOR_PF = 14,
    RFLAGS_IF = 1 << 9,
    RFLAGS_RESERVED1 = 1 << 1,
    EFER_SCE = 1,
};

NORETURN void restore_user_context(user_context_t *ctx);
NORETURN void restore_user_context_kpti(user_context_t *ctx);
NORETURN void restore_user_syscall(user_context_t *ctx);
NORETURN void restore_user_syscall_kpti(user_context_t *ctx);
void syscall_entry(void);
void syscall_entry_kpti(void);
NORETURN void c_handle_user_trap(void);
NORETURN void c_handle_kernel_trap(const uint64_t *frame);

/* entry.S addresses the context by these offsets. */
_Static_assert(CTX_R11 == 13 && CTX_RCX == 14 && CTX_VECTOR == 15 && CTX_RIP == 17 &&
                   CTX_CS == 18 && CTX_RFLAGS == 19 && CTX_RSP == 20 && CTX_SS == 21 &&
                   CTX_COUNT == 22,
               "user_context_t layout as entry.S's CTX_OFF_*");

/* entry.S dispatches to the fastpaths by these numbers. */
_Static_assert(ENTRY_SYS_CALL == seL4_SysCall && ENTRY_SYS_REPLY_RECV == seL4_SysReplyRecv &&
                   ENTRY_SYS_SEND == seL4_SysSend && ENTRY_SYS_NULL == seL4_SysBenchmarkNullSyscall,
               "entry.S's system call numbers");

static tcb_t *last_thread; /* whose FPU and FS/GS state the CPU holds */

/*
 * The exit code, chosen at boot like the syscall and interrupt entries, so
 * the path without Meltdown isolation runs no test of the mode.
 */
static void (*leave_kernel)(user_context_t *ctx) = restore_user_context;
/* The same for a return from `syscall` (entry.S's null system call jumps through it). */
void (*leave_syscall)(user_context_t *ctx) = restore_user_syscall;

static const char *const exception_names[32] = {
    "#DE", "#DB",  "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", /* 0-7 */
    "#DF", "#CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15", /* 8-15 */
    "#MF", "#AC",  "#MC", "#XM", "#VE", "#CP", "#22", "#23", /* 16-23 */
    "#24", "#25",  "#26", "#27", "#HV", "#VC", "#SX", "#31", /* 24-31 */
};

void syscall_init(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* sysret loads CS from STAR[63:48] + 16 and SS from + 8 (user code, user data). */
    wrmsr(MSR_STAR, ((uint64_t)(GDT_KERNEL_DS | 3) << 48) | ((uint64_t)GDT_KERNEL_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)(kpti_enabled ? syscall_entry_kpti : syscall_entry));
    leave_kernel = kpti_enabled ? restore_user_context_kpti : restore_user_context;
    leave_syscall = kpti_enabled ? restore_user_syscall_kpti : restore_user_syscall;
    /* Clear IF, TF, DF, AC and NT on entry. */
    wrmsr(MSR_FMASK, 0x47700);
}

void arch_context_init(arch_tcb_t *ctx, word_t ip, word_t sp, word_t arg0)
{
    for (unsigned i = 0; i < CTX_COUNT; i++) {
        ctx->tcb_context.r[i] = 0;
    }
    ctx->tcb_context.r[CTX_RIP] = ip;
    ctx->tcb_context.r[CTX_RSP] = sp;
    ctx->tcb_context.r[CTX_RDI] = arg0;
    ctx->tcb_context.r[CTX_CS] = GDT_USER_CS;
    ctx->tcb_context.r[CTX_SS] = GDT_USER_DS;
    ctx->tcb_context.r[CTX_RFLAGS] = RFLAGS_IF | RFLAGS_RESERVED1;
    ctx->tcb_fs_base = 0;
    ctx->tcb_gs_base = 0;
    fpu_forget(ctx);
    fpu_init_state(ctx->tcb_fpu);
    ctx->tcb_fpu_eager = 0;
}

/* The outgoing thread's FS and GS bases saved, the incoming one's loaded. */
static ALWAYS_INLINE void switch_tls_bases(arch_tcb_t *prev, const arch_tcb_t *next)
{
    /* By instruction where the CPU has FSGSBASE: far cheaper than the MSRs. */
    if (cpu_features.fsgsbase) {
        if (prev != NULL) {
            __asm__ volatile("rdfsbase %0" : "=r"(prev->tcb_fs_base));
            __asm__ volatile("rdgsbase %0" : "=r"(prev->tcb_gs_base));
        }
        __asm__ volatile("wrfsbase %0" : : "r"(next->tcb_fs_base));
        __asm__ volatile("wrgsbase %0" : : "r"(next->tcb_gs_base));
        return;
    }
    if (prev != NULL) {
        prev->tcb_fs_base = rdmsr(MSR_FS_BASE);
        prev->tcb_gs_base = rdmsr(MSR_GS_BASE);
    }
    wrmsr(MSR_FS_BASE, next->tcb_fs_base);
    wrmsr(MSR_GS_BASE, next->tcb_gs_base);
}

/* What the CPU keeps of one thread until another runs: TLS bases, FPU, where traps save. */
static ALWAYS_INLINE void switch_thread_state(tcb_t *tcb)
{
    arch_tcb_t *next = &tcb->tcb_arch;

    switch_tls_bases(last_thread != NULL ? &last_thread->tcb_arch : NULL, next);
    fpu_switch(next);
    tss_set_rsp0((uint64_t)&next->tcb_context.r[CTX_COUNT]);
    last_thread = tcb;
}

/*
 * The root and ASID of the thread's VSpace capability if the ASID table
 * still gives that root for that ASID; else the kernel's alone.
 */
static __attribute__((noinline)) void vspace_cache_fill(vspace_cache_t *vs, cap_t cap)
{
    bool valid = cap_type(cap) == CAP_VSPACE && asid_lookup(cap_vspace_asid(cap)) == cap_ptr(cap);

    vs->cap_w0 = cap.w0;
    vs->cap_w1 = cap.w1;
    vs->asid_version = ks_asid_version;
    vs->root = valid ? vspace_phys(cap_ptr(cap)) : mmu_empty_root;
    vs->asid = valid ? cap_vspace_asid(cap) : 0;
}

/*
 * The thread's root, computed again only when its VSpace capability or the
 * ASID table changed since the last time: the check it saves (a capability
 * type, an ASID range and two loads from the table) ran on every exit.
 */
static ALWAYS_INLINE const vspace_cache_t *thread_vspace(tcb_t *tcb)
{
    cap_t cap = tcb_slots(tcb)[TCB_SLOT_VSPACE].cap;
    vspace_cache_t *vs = &tcb->tcb_arch.tcb_vspace;

    if (vs->cap_w0 != cap.w0 || vs->cap_w1 != cap.w1 || vs->asid_version != ks_asid_version) {
        vspace_cache_fill(vs, cap);
    }
    return vs;
}

void arch_restore_user(tcb_t *tcb)
{
    if (tcb != last_thread) {
        switch_thread_state(tcb);
    }
    const vspace_cache_t *vs = thread_vspace(tcb);
    mmu_switch(vs->root, vs->asid);
    leave_kernel(&tcb->tcb_arch.tcb_context);
    __builtin_unreachable();
}

/* Timer ticks and user IRQs, from a thread or from idle; returns for other vectors. */
static void dispatch_interrupt(uint64_t vector)
{
    if (vector == VECTOR_TIMER) {
        apic_eoi();
        handle_timer_tick();
    }
    if (vector >= VECTOR_IRQ_BASE && vector < VECTOR_IRQ_BASE + ARCH_NUM_IRQS) {
        arch_irq_set_masked((unsigned)(vector - VECTOR_IRQ_BASE), true);
        apic_eoi();
        handle_interrupt((unsigned)(vector - VECTOR_IRQ_BASE));
    }
}

void c_handle_user_trap(void)
{
    const user_context_t *ctx = &ks_cur_thread->tcb_arch.tcb_context;
    uint64_t vector = ctx->r[CTX_VECTOR];

    if (vector == VECTOR_NM && fpu_claim(&ks_cur_thread->tcb_arch)) {
        /* Lazy FPU switch (machine/fpu.c): the thread retries its instruction. */
        arch_restore_user(ks_cur_thread);
    }
    if (vector == VECTOR_PF) {
        enum {
            PF_INSTRUCTION_FETCH = 1 << 4,
        };
        uint64_t error = ctx->r[CTX_ERROR];
        handle_vm_fault(read_cr2(), (error & PF_INSTRUCTION_FETCH) != 0, error);
    }
    if (vector < 32) {
        handle_user_exception(exception_names[vector], vector, ctx->r[CTX_ERROR]);
    }
    dispatch_interrupt(vector);
    if (vector != VECTOR_SPURIOUS) {
        kprintf("cairn: warning: unexpected interrupt vector %lu\n", vector);
        apic_eoi();
    }
    handle_other_interrupt();
}

/*
 * An exception in the kernel itself is a kernel bug: report everything we
 * know and stop the machine. frame: 15 GPRs, vector, error, rip, cs, rflags.
 */
void c_handle_kernel_trap(const uint64_t *frame)
{
    uint64_t vector = frame[CTX_VECTOR];

    if (ks_cur_thread == NULL && vector >= VECTOR_TIMER) {
        /* An interrupt that ended the idle loop. */
        dispatch_interrupt(vector);
        arch_idle();
    }
    const char *name = vector < 32 ? exception_names[vector] : "IRQ";
    const char *thread = ks_cur_thread != NULL ? ks_cur_thread->tcb_name : "(none)";

    panic("kernel exception %s vector %lu error 0x%lx rip 0x%lx cr2 0x%lx rsp 0x%lx thread '%s'",
          name, vector, frame[CTX_ERROR], frame[CTX_RIP], read_cr2(), (uint64_t)frame, thread);
}

void arch_tcb_forget(tcb_t *tcb)
{
    if (last_thread == tcb) {
        last_thread = NULL;
    }
    fpu_forget(&tcb->tcb_arch);
}

/* `syscall` is two bytes long; running it again repeats the call. */
void arch_restart_syscall(arch_tcb_t *ctx)
{
    enum {
        SYSCALL_INSN_LEN = 2,
    };
    ctx->tcb_context.r[CTX_RIP] -= SYSCALL_INSN_LEN;
}

/* seL4_UserContext order -> saved context slot; fs_base and gs_base are separate. */
static const uint8_t user_context_slots[] = {
    CTX_RIP, CTX_RSP, CTX_RFLAGS, CTX_RAX, CTX_RBX, CTX_RCX, CTX_RDX, CTX_RSI, CTX_RDI,
    CTX_RBP, CTX_R8,  CTX_R9,     CTX_R10, CTX_R11, CTX_R12, CTX_R13, CTX_R14, CTX_R15,
};

enum {
    UC_FS_BASE = 18,
    UC_GS_BASE = 19,
    /* CF PF AF ZF SF DF OF: what user code may set; IF and bit 1 are forced. */
    RFLAGS_USER_MASK = 0xcd5,
};

/* The thread whose FS/GS bases are live in the MSRs reads them there. */
static void sync_bases(tcb_t *tcb)
{
    if (tcb == last_thread) {
        tcb->tcb_arch.tcb_fs_base = rdmsr(MSR_FS_BASE);
        tcb->tcb_arch.tcb_gs_base = rdmsr(MSR_GS_BASE);
    }
}

static word_t canonical_or_zero(word_t v)
{
    return v < USER_TOP ? v : 0;
}

word_t arch_user_context_get(tcb_t *tcb, unsigned index)
{
    sync_bases(tcb);
    if (index == UC_FS_BASE) {
        return tcb->tcb_arch.tcb_fs_base;
    }
    if (index == UC_GS_BASE) {
        return tcb->tcb_arch.tcb_gs_base;
    }
    return index < ARRAY_SIZE(user_context_slots)
               ? tcb->tcb_arch.tcb_context.r[user_context_slots[index]]
               : 0;
}

void arch_user_context_set(tcb_t *tcb, unsigned index, word_t value)
{
    user_context_t *ctx = &tcb->tcb_arch.tcb_context;

    sync_bases(tcb);
    if (index == UC_FS_BASE || index == UC_GS_BASE) {
        uint64_t *base =
            index == UC_FS_BASE ? &tcb->tcb_arch.tcb_fs_base : &tcb->tcb_arch.tcb_gs_base;
        *base = canonical_or_zero(value);
        if (tcb == last_thread) {
            wrmsr(index == UC_FS_BASE ? MSR_FS_BASE : MSR_GS_BASE, *base);
        }
        return;
    }
    if (index >= ARRAY_SIZE(user_context_slots)) {
        return;
    }
    unsigned slot = user_context_slots[index];
    if (slot == CTX_RIP || slot == CTX_RSP) {
        value = canonical_or_zero(value); /* sysret/iretq must never fault in the kernel */
    } else if (slot == CTX_RFLAGS) {
        value = (value & RFLAGS_USER_MASK) | RFLAGS_IF | RFLAGS_RESERVED1;
    }
    ctx->r[slot] = value;
    /* Registers were replaced: leave through iretq, which restores them all. */
    ctx->r[CTX_VECTOR] = 0;
}

void arch_set_tls_base(tcb_t *tcb, word_t base)
{
    arch_user_context_set(tcb, UC_FS_BASE, base);
}

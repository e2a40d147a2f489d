/*
 * CPU state across kernel entries: the kernel must hand every register back
 * as the thread left it (except rcx and r11, which `syscall` consumes),
 * including SSE state, MXCSR, the x87 control word and the FS/GS bases, and
 * must run user code in ring 3 with interrupts enabled.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"
#include "thread.h"

enum {
    NUM_GPRS = 15,
    REG_RAX = 0,
    REG_RCX = 2,
    REG_RDX = 3,
    REG_R11 = 10,
    REG_R15 = 14,
    NUM_XMM_WORDS = 32,
    RFLAGS_IF = 1 << 9,
    RFLAGS_DF = 1 << 10,
    RFLAGS_IOPL = 3 << 12,
};

void systest_syscall_gprs(uint64_t out[NUM_GPRS], long sysno);
void systest_syscall_xmm(const uint64_t in[NUM_XMM_WORDS], uint64_t out[NUM_XMM_WORDS], long sysno);
void systest_spin(const uint64_t xmm_in[NUM_XMM_WORDS], uint64_t out[NUM_GPRS + NUM_XMM_WORDS],
                  uint64_t ticks);

/* The value regs.S loads into GPR i (in its order). */
static uint64_t gpr_pattern(unsigned i)
{
    return 0xa5a5000000000000ull | (uint64_t)i << 8 | i;
}

static void xmm_patterns(uint64_t in[NUM_XMM_WORDS])
{
    for (unsigned i = 0; i < NUM_XMM_WORDS; i++) {
        in[i] = 0x5eed000000000000ull ^ ((uint64_t)i * 0x9e3779b97f4a7c15ull);
    }
}

static uint64_t rdtsc(void)
{
    uint32_t lo = 0;
    uint32_t hi = 0;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static uint64_t tsc_mhz(void)
{
    seL4_Word len = 0;
    const seL4_Word *mhz = sel4_bootinfo_chunk(SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, &len);
    return mhz != NULL && len >= sizeof(*mhz) ? *mhz : 0;
}

DEFINE_TEST(CPU_001, "user code runs in ring 3 with interrupts on, IOPL 0, DF clear")
{
    uint64_t flags = 0;
    uint16_t cs = 0;
    uint16_t ss = 0;

    __asm__ volatile("pushfq; pop %0" : "=r"(flags));
    __asm__ volatile("mov %%cs, %0; mov %%ss, %1" : "=r"(cs), "=r"(ss));
    CHECK_EQ(cs & 3, 3);
    CHECK_EQ(ss & 3, 3);
    CHECK(flags & RFLAGS_IF);
    CHECK_EQ(flags & RFLAGS_IOPL, 0);
    CHECK_EQ(flags & RFLAGS_DF, 0);
}

/* What GPR i holds after seL4_Yield: regs.S passes the system call number in rdx. */
static uint64_t gpr_after_yield(unsigned i)
{
    return i == REG_RDX ? (uint64_t)(int64_t)seL4_SysYield : gpr_pattern(i);
}

DEFINE_TEST(CPU_002, "seL4_Yield preserves every GPR except rcx and r11")
{
    uint64_t out[NUM_GPRS];

    systest_syscall_gprs(out, seL4_SysYield);
    for (unsigned i = 0; i < NUM_GPRS; i++) {
        if (i == REG_RCX || i == REG_R11) {
            continue;
        }
        CHECK_EQ(out[i], gpr_after_yield(i));
    }
}

DEFINE_TEST(CPU_003, "syscall returns with rcx = return address and r11 = user RFLAGS")
{
    uint64_t out[NUM_GPRS];

    systest_syscall_gprs(out, seL4_SysYield);
    CHECK(out[REG_RCX] >= 0x400000 && out[REG_RCX] < 0x800000);
    CHECK(out[REG_R11] & RFLAGS_IF);
}

DEFINE_TEST(CPU_004, "a system call preserves all 16 XMM registers")
{
    static uint64_t in[NUM_XMM_WORDS];
    static uint64_t out[NUM_XMM_WORDS];

    xmm_patterns(in);
    systest_syscall_xmm(in, out, seL4_SysYield);
    for (unsigned i = 0; i < NUM_XMM_WORDS; i++) {
        CHECK_EQ(out[i], in[i]);
    }
}

DEFINE_TEST(CPU_005, "timer interrupts during a 50 ms spin preserve GPRs and XMM registers")
{
    static uint64_t in[NUM_XMM_WORDS];
    static uint64_t out[NUM_GPRS + NUM_XMM_WORDS];
    uint64_t mhz = tsc_mhz();

    CHECK(mhz != 0);
    xmm_patterns(in);
    systest_spin(in, out, mhz * 50000);
    for (unsigned i = 0; i < NUM_GPRS; i++) {
        if (i == REG_RAX || i == REG_RDX || i == REG_R15) {
            continue;
        }
        CHECK_EQ(out[i], gpr_pattern(i));
    }
    for (unsigned i = 0; i < NUM_XMM_WORDS; i++) {
        CHECK_EQ(out[NUM_GPRS + i], in[i]);
    }
}

DEFINE_TEST(CPU_006, "MXCSR and the x87 control word survive a system call")
{
    uint32_t mxcsr_old = 0;
    uint32_t mxcsr_set = 0x1f80 | 0x6000; /* round toward zero */
    uint32_t mxcsr_got = 0;
    uint16_t fcw_old = 0;
    uint16_t fcw_set = 0x037f & ~0x0300u; /* single precision */
    uint16_t fcw_got = 0;

    __asm__ volatile("stmxcsr %0; fnstcw %1" : "=m"(mxcsr_old), "=m"(fcw_old));
    __asm__ volatile("ldmxcsr %0; fldcw %1" : : "m"(mxcsr_set), "m"(fcw_set));
    seL4_Yield();
    __asm__ volatile("stmxcsr %0; fnstcw %1" : "=m"(mxcsr_got), "=m"(fcw_got));
    __asm__ volatile("ldmxcsr %0; fldcw %1" : : "m"(mxcsr_old), "m"(fcw_old));
    CHECK_EQ(mxcsr_got, mxcsr_set);
    CHECK_EQ(fcw_got, fcw_set);
}

static double basel_sum(unsigned n)
{
    volatile double sum = 0.0;

    for (unsigned i = 1; i <= n; i++) {
        sum += 1.0 / ((double)i * (double)i);
    }
    return sum;
}

DEFINE_TEST(CPU_007, "SSE floating point computes correctly in user mode")
{
    double s = basel_sum(100000);

    /* pi^2 / 6 = 1.6449340668..., the partial sum is within 1e-5. */
    CHECK(s > 1.64492 && s < 1.64494);
}

static bool cpu_has_fsgsbase(void)
{
    uint32_t a = 7;
    uint32_t b = 0;
    uint32_t c = 0;
    uint32_t d = 0;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return (b & 1) != 0;
}

static uint64_t read_fs_base(void)
{
    uint64_t v = 0;
    __asm__ volatile("rdfsbase %0" : "=r"(v));
    return v;
}

static uint64_t read_gs_base(void)
{
    uint64_t v = 0;
    __asm__ volatile("rdgsbase %0" : "=r"(v));
    return v;
}

DEFINE_TEST(CPU_008, "FS and GS bases (TLS) survive system calls and preemption")
{
    static uint64_t in[NUM_XMM_WORDS];
    static uint64_t out[NUM_GPRS + NUM_XMM_WORDS];
    uint64_t fs = 0x00007f0000001000ull;
    uint64_t gs = 0x00007f0000002000ull;

    /* tools/qemu-run's CPU model has FSGSBASE; without it wrfsbase is #UD. */
    CHECK(cpu_has_fsgsbase());
    __asm__ volatile("wrfsbase %0; wrgsbase %1" : : "r"(fs), "r"(gs));
    seL4_Yield();
    CHECK_EQ(read_fs_base(), fs);
    CHECK_EQ(read_gs_base(), gs);
    xmm_patterns(in);
    systest_spin(in, out, tsc_mhz() * 30000);
    CHECK_EQ(read_fs_base(), fs);
    CHECK_EQ(read_gs_base(), gs);
    __asm__ volatile("wrfsbase %0; wrgsbase %0" : : "r"(0ull));
}

DEFINE_TEST(CPU_009, "the TSC is readable from user mode and advances")
{
    uint64_t a = rdtsc();
    seL4_Yield();
    uint64_t b = rdtsc();

    CHECK(b > a);
}

enum {
    TURNS = 500,
};

static uint64_t other_in[NUM_XMM_WORDS];
static uint64_t other_out[NUM_XMM_WORDS];
static volatile seL4_Word other_bad;
static volatile seL4_Word other_turns;

/* Takes turns with the root task, its own patterns in the XMM registers at every Yield. */
static _Noreturn void xmm_turns(seL4_Word done)
{
    for (unsigned i = 0; i < NUM_XMM_WORDS; i++) {
        other_in[i] = ~(0x0dd0000000000000ull + i);
    }
    for (;;) {
        systest_syscall_xmm(other_in, other_out, seL4_SysYield);
        for (unsigned i = 0; i < NUM_XMM_WORDS; i++) {
            other_bad += other_out[i] != other_in[i];
        }
        if (++other_turns == TURNS) {
            seL4_Signal(done);
        }
    }
}

/* Both threads use the FPU, so each switch moves the FPU state (lazily: on #NM). */
DEFINE_TEST(CPU_010, "two threads taking turns with Yield each keep their own XMM registers")
{
    static uint64_t in[NUM_XMM_WORDS];
    static uint64_t out[NUM_XMM_WORDS];
    seL4_CPtr done = cs_new(seL4_NotificationObject, 0);
    test_thread_t t;
    seL4_Word bad = 0;
    seL4_Word badge = 0;

    other_bad = 0;
    other_turns = 0;
    xmm_patterns(in);
    CHECK(done != 0);
    CHECK_EQ(thread_start(&t, xmm_turns, done, 255), 0);
    for (unsigned turn = 0; turn < TURNS + 1; turn++) {
        systest_syscall_xmm(in, out, seL4_SysYield);
        for (unsigned i = 0; i < NUM_XMM_WORDS; i++) {
            bad += out[i] != in[i];
        }
    }
    seL4_Wait(done, &badge);
    thread_destroy(&t);
    CHECK_EQ(bad, 0);
    CHECK_EQ(other_bad, 0);
    CHECK(other_turns >= TURNS);
}

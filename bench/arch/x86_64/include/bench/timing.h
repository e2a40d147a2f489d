/*
 * The timed instructions of the benchmarks, for x86_64: `lfence; rdtsc;
 * lfence` timestamps (sel4bench's method without cpuid/rdtscp) around one
 * `syscall`, and the same sequence with the `syscall` replaced by a 2-byte
 * NOP, whose cost is what the benchmarks subtract. Registers follow Cairn's
 * system call ABI (docs/architecture.md, "System call ABI").
 */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H

#include <stdint.h>

/* Timestamps of one timed system call. */
typedef struct {
    uint64_t before; /* read just before the kernel entry */
    uint64_t after;  /* read just after the kernel returned */
} bench_span_t;

/* The ABI registers a timed call passes; the message registers are always zero. */
typedef struct {
    uint64_t cap;   /* rdi: capability invoked or received on; the badge on return */
    uint64_t info;  /* rsi: message info, both ways */
    uint64_t reply; /* r12: Reply object of the receive phase */
    uint64_t dest;  /* r13: where NBSendRecv and NBSendWait send */
} bench_regs_t;

/* One timestamp. The fences keep earlier and later instructions out of the timed window. */
static inline uint64_t bench_timestamp(void)
{
    uint32_t lo = 0;
    uint32_t hi = 0;

    __asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) : : "memory");
    return (uint64_t)hi << 32 | lo;
}

/*
 * The timed sequence, with INSN between the two timestamps. rdx carries the
 * timestamp's high half and then the system call number, so the number is
 * moved in after the first rdtsc; that move, the shift and the or belong to
 * the measurement and are what the NOP variant counts.
 */
#define BENCH_TIMED_SEQUENCE(insn)         \
    "lfence\n\trdtsc\n\tlfence\n\t"        \
    "shl $32, %%rdx\n\t"                   \
    "or %%rdx, %%rax\n\t"                  \
    "mov %%rax, %[before]\n\t"             \
    "mov %[number], %%rdx\n\t" insn "\n\t" \
    "lfence\n\trdtsc\n\tlfence\n\t"        \
    "shl $32, %%rdx\n\t"                   \
    "or %%rdx, %%rax"

/*
 * Defines NAME(number, regs): the timed sequence around INSN with the ABI's
 * operands. Both variants come from this one definition so that they differ
 * in nothing but the instruction.
 */
#define BENCH_DEFINE_TIMED(name, insn)                                                             \
    static inline bench_span_t name(int64_t number, bench_regs_t *r)                               \
    {                                                                                              \
        register uint64_t mr0 __asm__("r10") = 0;                                                  \
        register uint64_t mr1 __asm__("r8") = 0;                                                   \
        register uint64_t mr2 __asm__("r9") = 0;                                                   \
        register uint64_t mr3 __asm__("r15") = 0;                                                  \
        register uint64_t reply __asm__("r12") = r->reply;                                         \
        register uint64_t dest __asm__("r13") = r->dest;                                           \
        bench_span_t span = { 0, 0 };                                                              \
        uint64_t scratch = 0;                                                                      \
                                                                                                   \
        __asm__ volatile(BENCH_TIMED_SEQUENCE(insn)                                                \
                         : [before] "=&r"(span.before), "=&a"(span.after), "=&d"(scratch),         \
                           "+D"(r->cap), "+S"(r->info), "+r"(mr0), "+r"(mr1), "+r"(mr2), "+r"(mr3) \
                         : [number] "r"(number), "r"(reply), "r"(dest)                             \
                         : "rcx", "r11", "memory");                                                \
        (void)scratch;                                                                             \
        return span;                                                                               \
    }

BENCH_DEFINE_TIMED(bench_timed_syscall, "syscall")
/* 66 90 is `xchg %ax, %ax`, the 2-byte NOP: the same length as `syscall` (0f 05). */
BENCH_DEFINE_TIMED(bench_timed_nop, ".byte 0x66, 0x90")

/*
 * Stores a timestamp into *last over and over, for ever: the interrupted
 * thread of the IRQ benchmark. Each store is one aligned 64-bit write, so
 * a reader in another thread never sees half of one.
 */
/* NOLINTNEXTLINE(readability-non-const-parameter): the assembly writes *last */
static inline _Noreturn void bench_spin_stamping(volatile uint64_t *last)
{
    __asm__ volatile("1:\n\t"
                     "lfence\n\trdtsc\n\tlfence\n\t"
                     "shl $32, %%rdx\n\t"
                     "or %%rdx, %%rax\n\t"
                     "mov %%rax, %[slot]\n\t"
                     "jmp 1b"
                     : [slot] "=m"(*last)
                     :
                     : "rax", "rdx", "memory");
    __builtin_unreachable();
}

#endif /* BENCH_TIMING_H */

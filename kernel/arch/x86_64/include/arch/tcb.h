/*
 * The x86_64 part of a thread: its saved user registers in the order the
 * trap stubs (trap/entry.S) push them, its FS/GS bases and its FPU state.
 * The TSS's rsp0 points at the end of `regs` so the CPU pushes the interrupt
 * frame straight into the current thread's context.
 */
#ifndef ARCH_TCB_H
#define ARCH_TCB_H

#include <stdint.h>

/*
 * Indexes into user_context_t.r, lowest address first. rcx and r11 sit
 * next to the interrupt frame: sysret takes them from RIP and RFLAGS, so
 * the exit through it skips their two slots in one step.
 */
enum {
    CTX_R15,
    CTX_R14,
    CTX_R13,
    CTX_R12,
    CTX_R10,
    CTX_R9,
    CTX_R8,
    CTX_RBP,
    CTX_RDI,
    CTX_RSI,
    CTX_RDX,
    CTX_RBX,
    CTX_RAX,
    CTX_R11,
    CTX_RCX,
    CTX_VECTOR, /* trap vector, or CTX_VECTOR_SYSCALL */
    CTX_ERROR,  /* exception error code, 0 where the CPU gives none */
    CTX_RIP,
    CTX_CS,
    CTX_RFLAGS,
    CTX_RSP,
    CTX_SS,
    CTX_COUNT,
};

enum {
    CTX_VECTOR_SYSCALL = 0x100, /* entered through the syscall instruction */
    FPU_STATE_SIZE = 1024,      /* x87 + SSE + AVX XSAVE area; checked at boot */
};

typedef struct {
    uint64_t r[CTX_COUNT];
} user_context_t;

/*
 * The root a thread runs in, with what it was computed from: its VSpace
 * capability's two words and ks_asid_version, which is never 0, so zeroed
 * memory (a new TCB) never matches.
 */
typedef struct {
    uint64_t cap_w0, cap_w1;
    uint64_t asid_version;
    uint64_t root; /* physical address for CR3 */
    uint64_t asid;
} vspace_cache_t;

typedef struct {
    user_context_t tcb_context;
    uint64_t tcb_fs_base;
    uint64_t tcb_gs_base;
    uint8_t tcb_fpu[FPU_STATE_SIZE] __attribute__((aligned(64)));
    vspace_cache_t tcb_vspace;
    uint32_t tcb_fpu_eager; /* switches left on which its FPU state moves without #NM */
} arch_tcb_t;

#endif /* ARCH_TCB_H */

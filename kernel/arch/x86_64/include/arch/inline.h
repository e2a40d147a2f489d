/*
 * The parts of the architecture interface the IPC paths use on every call,
 * inline. User registers by role (user_reg_t) onto the saved context: a
 * constant role folds to one load or store.
 */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

/* The context slot of each role, in user_reg_t order (Cairn's syscall ABI). */
static const unsigned char arch_reg_slot[USER_REG_COUNT] = {
    [USER_REG_SYSNO] = CTX_RDX, [USER_REG_CAP] = CTX_RDI,   [USER_REG_MSGINFO] = CTX_RSI,
    [USER_REG_MR0] = CTX_R10,   [USER_REG_MR1] = CTX_R8,    [USER_REG_MR2] = CTX_R9,
    [USER_REG_MR3] = CTX_R15,   [USER_REG_REPLY] = CTX_R12, [USER_REG_DEST] = CTX_R13,
    [USER_REG_IP] = CTX_RIP,    [USER_REG_SP] = CTX_RSP,
};

static inline word_t arch_get_register(const arch_tcb_t *ctx, user_reg_t reg)
{
    return ctx->tcb_context.r[arch_reg_slot[reg]];
}

static inline void arch_set_register(arch_tcb_t *ctx, user_reg_t reg, word_t value)
{
    ctx->tcb_context.r[arch_reg_slot[reg]] = value;
}

/* The timestamp counter now (the TSC), for charging time to scheduling contexts. */
static inline uint64_t arch_timestamp(void)
{
    uint32_t lo = 0;
    uint32_t hi = 0;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

#endif /* ARCH_INLINE_H */

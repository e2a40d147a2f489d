/*
 * User registers by role (user_reg_t) onto the saved context: inline, since
 * the IPC paths read and write a handful of them on every call and a
 * constant role folds to one load or store.
 */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

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

#endif /* ARCH_REGS_H */

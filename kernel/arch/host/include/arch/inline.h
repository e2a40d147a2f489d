/*
 * Host double of the inline architecture parts (see the x86_64 one). The
 * register roles: the flat register file indexed by role. Out-of-range roles read 0 and are not
 * written, so a test that passes a bad role sees it.
 */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

static inline word_t arch_get_register(const arch_tcb_t *ctx, user_reg_t reg)
{
    return (unsigned)reg < USER_REG_COUNT ? ctx->tcb_regs[reg] : 0;
}

static inline void arch_set_register(arch_tcb_t *ctx, user_reg_t reg, word_t value)
{
    if ((unsigned)reg < USER_REG_COUNT) {
        ctx->tcb_regs[reg] = value;
    }
}

/* The test's clock (host.c). */
uint64_t arch_timestamp(void);

#endif /* ARCH_INLINE_H */

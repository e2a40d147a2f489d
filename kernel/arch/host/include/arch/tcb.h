/*
 * Host test double of a thread's machine state: a flat register file the
 * tests can read and write through arch_get_register/arch_set_register.
 * Indexes below USER_REG_COUNT are the user_reg_t roles themselves.
 */
#ifndef ARCH_TCB_H
#define ARCH_TCB_H

#include <stdint.h>

enum {
    HOST_NUM_REGS = 24,
    HOST_REG_ARG0 = HOST_NUM_REGS - 1, /* arch_context_init's arg0 */
};

typedef struct {
    uint64_t tcb_regs[HOST_NUM_REGS];
} arch_tcb_t;

#endif /* ARCH_TCB_H */

/*
 * Host test double of a thread's machine state: a flat register file the
 * tests can read and write through arch_get_register/arch_set_register.
 */
#ifndef ARCH_TCB_H
#define ARCH_TCB_H

#include <stdint.h>

enum {
    HOST_NUM_REGS = 24,
};

typedef struct {
    uint64_t tcb_regs[HOST_NUM_REGS];
} arch_tcb_t;

#endif /* ARCH_TCB_H */

/*
 * x86_64 value types of libsel4 (seL4 keeps them in sel4/sel4_arch/types.h):
 * the register set TCB ReadRegisters/WriteRegisters transfer. Its members
 * travel as message words in declaration order; interface/types.xml lists
 * the same order and the generated stubs check that the two agree.
 */
#ifndef SEL4_ARCH_TYPES_H
#define SEL4_ARCH_TYPES_H

#include <sel4/simple_types.h>

/* A thread's user-visible registers, in seL4's x86_64 order. */
typedef struct seL4_UserContext_ {
    seL4_Word rip;
    seL4_Word rsp;
    seL4_Word rflags;
    seL4_Word rax;
    seL4_Word rbx;
    seL4_Word rcx;
    seL4_Word rdx;
    seL4_Word rsi;
    seL4_Word rdi;
    seL4_Word rbp;
    seL4_Word r8;
    seL4_Word r9;
    seL4_Word r10;
    seL4_Word r11;
    seL4_Word r12;
    seL4_Word r13;
    seL4_Word r14;
    seL4_Word r15;
    seL4_Word fs_base;
    seL4_Word gs_base;
} seL4_UserContext;

#endif /* SEL4_ARCH_TYPES_H */

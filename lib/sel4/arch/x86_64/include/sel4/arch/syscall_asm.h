/*
 * The one x86_64 system call primitive every libsel4 syscall is built on
 * (lib/sel4/include/sel4/syscalls.h). Register use is Cairn's ABI,
 * docs/architecture.md "System call ABI".
 */
#ifndef SEL4_ARCH_SYSCALL_ASM_H
#define SEL4_ARCH_SYSCALL_ASM_H

#include <sel4/simple_types.h>
#include <sel4/syscall_numbers.h>

/* Every register a system call reads or writes besides the number. */
typedef struct sel4_syscall_regs {
    seL4_Word cap;   /* rdi: capability invoked or received on; badge on return */
    seL4_Word info;  /* rsi: message info, both ways */
    seL4_Word mr[4]; /* r10, r8, r9, r15: message registers 0-3, both ways */
    seL4_Word reply; /* r12: Reply object of the receive phase (MCS) */
    seL4_Word dest;  /* r13: send destination of NBSendRecv and NBSendWait */
} sel4_syscall_regs_t;

/*
 * Enters the kernel with `number` and `r`, then stores what the kernel left in
 * the in/out registers back into `r`. rdx, rdi, rsi and the message registers
 * are treated as changed by every call, whether or not it has a receive
 * phase; r12 and r13 are inputs only; rcx and r11 are destroyed by
 * `syscall` itself; everything else, the stack and the FPU state survive.
 */
static inline void sel4_arch_syscall(seL4_Syscall_ID number, sel4_syscall_regs_t *r)
{
    seL4_Word sys = (seL4_Word)(long)number;
    register seL4_Word mr0 __asm__("r10") = r->mr[0];
    register seL4_Word mr1 __asm__("r8") = r->mr[1];
    register seL4_Word mr2 __asm__("r9") = r->mr[2];
    register seL4_Word mr3 __asm__("r15") = r->mr[3];
    register seL4_Word reply __asm__("r12") = r->reply;
    register seL4_Word dest __asm__("r13") = r->dest;

    __asm__ volatile("syscall"
                     : "+d"(sys), "+D"(r->cap), "+S"(r->info), "+r"(mr0), "+r"(mr1), "+r"(mr2),
                       "+r"(mr3)
                     : "r"(reply), "r"(dest)
                     : "rcx", "r11", "memory");
    r->mr[0] = mr0;
    r->mr[1] = mr1;
    r->mr[2] = mr2;
    r->mr[3] = mr3;
}

#endif /* SEL4_ARCH_SYSCALL_ASM_H */

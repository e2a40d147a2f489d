/*
 * Register-level probes for the CPU tests (test_cpu.c): load known values
 * into every register, cross a kernel entry (a system call or timer
 * interrupts during a spin), and store what came back.
 * GPR order in `out`: rax rbx rcx rdx rsi rdi rbp r8 r9 r10 r11 r12 r13 r14 r15.
 */
    .text

.macro LOAD_PATTERNS skip_rax_rdx_r15=0
    .if \skip_rax_rdx_r15 == 0
    movabs $0xa5a5000000000000, %rax
    movabs $0xa5a5000000000303, %rdx
    movabs $0xa5a5000000000e0e, %r15
    .endif
    movabs $0xa5a5000000000101, %rbx
    movabs $0xa5a5000000000202, %rcx
    movabs $0xa5a5000000000404, %rsi
    movabs $0xa5a5000000000505, %rdi
    movabs $0xa5a5000000000606, %rbp
    movabs $0xa5a5000000000707, %r8
    movabs $0xa5a5000000000808, %r9
    movabs $0xa5a5000000000909, %r10
    movabs $0xa5a5000000000a0a, %r11
    movabs $0xa5a5000000000b0b, %r12
    movabs $0xa5a5000000000c0c, %r13
    movabs $0xa5a5000000000d0d, %r14
.endm

/* Stores all GPRs but rdi into (%rdi); the caller stores rdi itself. */
.macro STORE_GPRS
    mov %rax, 0(%rdi)
    mov %rbx, 8(%rdi)
    mov %rcx, 16(%rdi)
    mov %rdx, 24(%rdi)
    mov %rsi, 32(%rdi)
    mov %rbp, 48(%rdi)
    mov %r8, 56(%rdi)
    mov %r9, 64(%rdi)
    mov %r10, 72(%rdi)
    mov %r11, 80(%rdi)
    mov %r12, 88(%rdi)
    mov %r13, 96(%rdi)
    mov %r14, 104(%rdi)
    mov %r15, 112(%rdi)
.endm

.macro SAVE_CALLEE
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
.endm

.macro RESTORE_CALLEE
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
.endm

/* void systest_syscall_gprs(uint64_t out[15], long sysno) */
    .globl systest_syscall_gprs
    .type systest_syscall_gprs, @function
systest_syscall_gprs:
    SAVE_CALLEE
    push %rdi
    push %rsi
    LOAD_PATTERNS
    pop %rdx
    syscall
    xchg %rdi, (%rsp)       /* rdi = out; the stack keeps rdi after the call */
    STORE_GPRS
    pop %rax
    mov %rax, 40(%rdi)
    RESTORE_CALLEE
    ret
    .size systest_syscall_gprs, . - systest_syscall_gprs

/* void systest_syscall_xmm(const uint64_t in[32], uint64_t out[32], long sysno) */
    .globl systest_syscall_xmm
    .type systest_syscall_xmm, @function
systest_syscall_xmm:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    movdqu \n*16(%rdi), %xmm\n
    .endr
    push %rsi
    syscall                 /* rdx already holds sysno */
    pop %rsi
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    movdqu %xmm\n, \n*16(%rsi)
    .endr
    ret
    .size systest_syscall_xmm, . - systest_syscall_xmm

/*
 * void systest_spin(const uint64_t xmm_in[32], uint64_t out[15 + 32], uint64_t ticks)
 * Spins for `ticks` TSC ticks with patterns in every register but rax, rdx
 * and r15 (which the loop needs), so timer interrupts hit it.
 */
    .globl systest_spin
    .type systest_spin, @function
systest_spin:
    SAVE_CALLEE
    push %rsi
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    movdqu \n*16(%rdi), %xmm\n
    .endr
    mov %rdx, %r15
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    add %rax, %r15          /* r15 = deadline */
    LOAD_PATTERNS 1
1:  rdtsc
    shl $32, %rdx
    or %rdx, %rax
    cmp %r15, %rax
    jb 1b
    xchg %rdi, (%rsp)
    STORE_GPRS
    pop %rax
    mov %rax, 40(%rdi)
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    movdqu %xmm\n, 120+\n*16(%rdi)
    .endr
    RESTORE_CALLEE
    ret
    .size systest_spin, . - systest_spin

    .section .note.GNU-stack, "", @progbits

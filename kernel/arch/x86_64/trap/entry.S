/*
 * Kernel entry and exit. From user mode the CPU (interrupts, exceptions) or
 * syscall_entry (the syscall instruction) writes the interrupt frame into the
 * current thread's user_context_t, whose end is TSS.rsp0; the GPRs are pushed
 * after it, so the whole user state lands in the TCB. Then we switch to the
 * kernel's one stack and call C, which never returns here.
 */
#define CTX_VECTOR_SYSCALL 0x100
#define GDT_USER_DS (0x18 | 3)
#define GDT_USER_CS (0x20 | 3)

    .macro PUSH_GPRS
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    .endm

    .macro POP_GPRS
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    .endm

    /* One stub per vector: make the frame uniform (error code, vector). */
    .macro TRAP_STUB vec
    .balign 16
trap_stub_\vec:
    .if (\vec == 8) || (\vec == 10) || (\vec == 11) || (\vec == 12) || (\vec == 13) || (\vec == 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
    .else
    pushq $0
    .endif
    pushq $\vec
    jmp trap_common
    .endm

    .text
    .altmacro
    .set vec, 0
    .rept 256
    TRAP_STUB %vec
    .set vec, vec + 1
    .endr

    .section .rodata
    .balign 8
    .global trap_stub_table
trap_stub_table:
    .macro STUB_ADDR vec
    .quad trap_stub_\vec
    .endm
    .set vec, 0
    .rept 256
    STUB_ADDR %vec
    .set vec, vec + 1
    .endr

    .text
trap_common:
    testb $3, 24(%rsp)              /* CS of the interrupted code */
    jz trap_from_kernel
    PUSH_GPRS
    leaq kernel_stack_top(%rip), %rsp
    xorl %ebp, %ebp
    call c_handle_user_trap
    ud2

trap_from_kernel:
    PUSH_GPRS
    movq %rsp, %rdi
    andq $-16, %rsp
    call c_handle_kernel_trap
    ud2

    .global syscall_entry
syscall_entry:
    movq %rsp, user_rsp_scratch(%rip)
    movq cur_context_end(%rip), %rsp
    pushq $GDT_USER_DS
    pushq user_rsp_scratch(%rip)
    pushq %r11                      /* user RFLAGS */
    pushq $GDT_USER_CS
    pushq %rcx                      /* user RIP */
    pushq $0
    pushq $CTX_VECTOR_SYSCALL
    PUSH_GPRS
    leaq kernel_stack_top(%rip), %rsp
    xorl %ebp, %ebp
    call c_handle_syscall
    ud2

/*
 * arch_idle(): nothing can run; wait for an interrupt with interrupts on,
 * on a fresh kernel stack (the trap from here ends in sched_run, which
 * comes back here at most, so idling never nests).
 */
    .global arch_idle
arch_idle:
    leaq kernel_stack_top(%rip), %rsp
    sti
1:  hlt
    jmp 1b

/* restore_user_context(user_context_t *ctx): leaves the kernel. */
    .global restore_user_context
restore_user_context:
    movq %rdi, %rsp
    POP_GPRS
    cmpq $CTX_VECTOR_SYSCALL, (%rsp)
    je 1f
    addq $16, %rsp                  /* vector, error code */
    iretq
1:  movq 16(%rsp), %rcx             /* RIP */
    movq 32(%rsp), %r11             /* RFLAGS */
    movq 40(%rsp), %rsp             /* user RSP */
    sysretq

    .bss
    .balign 16
user_rsp_scratch:
    .quad 0
    .global cur_context_end
cur_context_end:
    .quad 0
    .balign 4096
    .global kernel_stack_top
kernel_stack:
    .skip 16384
kernel_stack_top:
    .global ist_stack_top
    .skip 4096
ist_stack_top:

    .section .note.GNU-stack, "", @progbits

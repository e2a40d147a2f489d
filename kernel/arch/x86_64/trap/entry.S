/*
 * Kernel entry and exit. From user mode the CPU (interrupts, exceptions) or
 * syscall_entry (the syscall instruction) writes the interrupt frame into the
 * current thread's user_context_t, whose end is TSS.rsp0; the GPRs are pushed
 * after it, so the whole user state lands in the TCB. Then we switch to the
 * kernel's one stack and call C, which never returns here.
 *
 * With Meltdown isolation on (kpti.c) the *_kpti twins below are used
 * instead: they live in the skim region, the only kernel memory a user
 * address space maps, and switch CR3 to the kernel's root before touching
 * anything else of the kernel (docs/architecture.md, "Meltdown isolation").
 */
#include <arch/entry.h>

#ifndef CONFIG_FASTPATH
#define CONFIG_FASTPATH 1           /* as api/fastpath.h: make FASTPATH=0 sets it 0 */
#endif

#define CTX_VECTOR_SYSCALL 0x100
#define GDT_USER_DS (0x18 | 3)
#define GDT_USER_CS (0x20 | 3)
/* Byte offsets into user_context_t (arch/tcb.h; trap.c checks them). */
#define CTX_OFF_R11 (13 * 8)
#define CTX_OFF_VECTOR (15 * 8)
#define CTX_OFF_RIP (17 * 8)
#define CTX_OFF_CS (18 * 8)
#define CTX_OFF_RFLAGS (19 * 8)
#define CTX_OFF_RSP (20 * 8)
#define CTX_OFF_SS (21 * 8)
/*
 * The trampoline stack holds one interrupt frame from user mode, or, for a
 * kernel bug in the exit code's last instructions, the panic report's calls.
 */
#define KPTI_STACK_SIZE 2048
/*
 * The end of the current thread's context: rsp0 of the non-isolated TSS
 * (descriptors.c), written on every thread switch, read here in both modes.
 */
#define TSS_RSP0 (tss + 4)

    /* In the order of arch/tcb.h's CTX_* (pushed from the highest address down). */
    .macro PUSH_GPRS
    pushq %rcx
    pushq %r11
    pushq %rax
    pushq %rbx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    .endm

    /*
     * An interrupt or exception gate clears only IF and TF: the user's AC
     * would switch SMAP off for this kernel entry and its DF would run the
     * kernel's string instructions backwards (syscall clears both through
     * MSR_FMASK). Only the reserved bit 1 stays set.
     */
    .macro CLEAR_USER_FLAGS
    pushq $2
    popfq
    .endm

    /* All but rcx and r11, the top two, which the two exits treat differently. */
    .macro POP_GPRS_BUT_RCX_R11
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rbx
    popq %rax
    .endm

    .macro POP_GPRS
    POP_GPRS_BUT_RCX_R11
    popq %r11
    popq %rcx
    .endm

    /* Make the frame uniform (error code, vector), then go to `common`. */
    .macro STUB_BODY vec, common
    .if (\vec == 8) || (\vec == 10) || (\vec == 11) || (\vec == 12) || (\vec == 13) || (\vec == 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
    .else
    pushq $0
    .endif
    pushq $\vec
    jmp \common
    .endm

    /* One stub per vector, for each of the two entry paths. */
    .macro TRAP_STUB vec
    .balign 16
trap_stub_\vec:
    STUB_BODY \vec, trap_common
    .endm

    .macro TRAP_STUB_KPTI vec
    .balign 16
trap_stub_kpti_\vec:
    STUB_BODY \vec, trap_common_kpti
    .endm

    .altmacro
    .text
    .set vec, 0
    .rept 256
    TRAP_STUB %vec
    .set vec, vec + 1
    .endr

    .section .text.skim, "ax"
    .set vec, 0
    .rept 256
    TRAP_STUB_KPTI %vec
    .set vec, vec + 1
    .endr

    .section .rodata
    .balign 8
    .macro STUB_ADDR vec
    .quad trap_stub_\vec
    .endm
    .macro STUB_ADDR_KPTI vec
    .quad trap_stub_kpti_\vec
    .endm
    .global trap_stub_table
trap_stub_table:
    .set vec, 0
    .rept 256
    STUB_ADDR %vec
    .set vec, vec + 1
    .endr
    .global trap_stub_table_kpti
trap_stub_table_kpti:
    .set vec, 0
    .rept 256
    STUB_ADDR_KPTI %vec
    .set vec, vec + 1
    .endr

    .text
trap_common:
    testb $3, 24(%rsp)              /* CS of the interrupted code */
    jz trap_from_kernel
    PUSH_GPRS
    leaq kernel_stack_top(%rip), %rsp
    CLEAR_USER_FLAGS
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
syscall_entry_saved:                /* syscall_entry_kpti joins here */
    movq TSS_RSP0(%rip), %rsp
    pushq $GDT_USER_DS
    pushq user_rsp_scratch(%rip)
    pushq %r11                      /* user RFLAGS */
    pushq $GDT_USER_CS
    pushq %rcx                      /* user RIP */
    pushq $0
    pushq $CTX_VECTOR_SYSCALL
    PUSH_GPRS
#if CONFIG_FASTPATH
    /*
     * The fastpaths (kernel/api/fastpath.c), by the number in rdx, as
     * seL4's entry does: the user's rdi (capability) and rsi (message info)
     * are their arguments as they stand. One that cannot handle the call
     * returns, and the slowpath takes it from the saved context.
     */
    cmpq $ENTRY_SYS_CALL, %rdx
    je syscall_fastpath_call
    cmpq $ENTRY_SYS_REPLY_RECV, %rdx
    je syscall_fastpath_reply_recv
    cmpq $ENTRY_SYS_NULL, %rdx
    je syscall_null
    cmpq $ENTRY_SYS_SEND, %rdx
    je syscall_fastpath_signal
#endif
syscall_slowpath:
    leaq kernel_stack_top(%rip), %rsp
    call handle_syscall
    ud2

#if CONFIG_FASTPATH
    .macro FASTPATH name, fn
\name:
    leaq kernel_stack_top(%rip), %rsp
    call \fn
    jmp syscall_slowpath
    .endm

    FASTPATH syscall_fastpath_call, fastpath_call
    FASTPATH syscall_fastpath_reply_recv, fastpath_reply_recv
    FASTPATH syscall_fastpath_signal, fastpath_signal

/*
 * seL4_BenchmarkNullSyscall changes nothing, so it needs no decision, not
 * even past the armed deadline: the timer interrupt is then pending and is
 * taken before the caller's next instruction, where the kernel charges and
 * decides what the slowpath would have at the end of this call. It is
 * counted as a fastpath call and returns through the mode's syscall exit.
 */
syscall_null:
    incq ks_fastpath_count(%rip)
    movq %rsp, %rdi                 /* the context */
    jmp *leave_syscall(%rip)
#endif

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
    cmpq $CTX_VECTOR_SYSCALL, CTX_OFF_VECTOR(%rdi)
    jne 1f
    .global restore_user_syscall
restore_user_syscall:
    movq %rdi, %rsp
    POP_GPRS_BUT_RCX_R11
    movq (CTX_OFF_RIP - CTX_OFF_R11)(%rsp), %rcx
    movq (CTX_OFF_RFLAGS - CTX_OFF_R11)(%rsp), %r11
    movq (CTX_OFF_RSP - CTX_OFF_R11)(%rsp), %rsp
    sysretq
1:  movq %rdi, %rsp
    POP_GPRS
    addq $16, %rsp                  /* vector, error code */
    iretq

/*
 * The isolated entry and exit. Until CR3 holds the kernel's root, and again
 * once it holds the thread's, only the skim region is mapped: this text and
 * the .bss.skim data below.
 */
    .section .text.skim, "ax"

/*
 * From user mode the CPU pushed its frame on the trampoline stack (TSS.rsp0;
 * NMI, #DF and #MC: the IST stack, also in the skim). Above the saved rax
 * the stack holds vector, error, rip, cs, rflags, rsp, ss: the top seven
 * words of a user_context_t, so they are copied to the TCB in that order
 * and the registers pushed after them.
 */
trap_common_kpti:
    pushq %rax
    movq kpti_kernel_cr3(%rip), %rax
    movq %rax, %cr3
    testb $3, 32(%rsp)              /* CS of the interrupted code */
    jz 1f
    movq %rsp, %rax
    movq TSS_RSP0(%rip), %rsp
    pushq 56(%rax)                  /* SS */
    pushq 48(%rax)                  /* RSP */
    pushq 40(%rax)                  /* RFLAGS */
    pushq 32(%rax)                  /* CS */
    pushq 24(%rax)                  /* RIP */
    pushq 16(%rax)                  /* error code */
    pushq 8(%rax)                   /* vector */
    movq (%rax), %rax
    PUSH_GPRS
    leaq kernel_stack_top(%rip), %rsp
    CLEAR_USER_FLAGS
    call c_handle_user_trap
    ud2
    /* From the kernel (idle, or a kernel bug): CR3 is the kernel's now. */
1:  popq %rax
    jmp trap_from_kernel

    .global syscall_entry_kpti
syscall_entry_kpti:
    movq %rsp, user_rsp_scratch(%rip)
    movq kpti_kernel_cr3(%rip), %rsp
    movq %rsp, %cr3
    jmp syscall_entry_saved

/*
 * restore_user_context_kpti(user_context_t *ctx): leaves the kernel into
 * the root in kpti_user_cr3. The CR3 switch comes last, after every user
 * register is loaded, with rsp as the one scratch register: for iretq the
 * frame is first copied to the trampoline stack, for sysretq the user's rsp
 * to a skim slot, since the TCB is not mapped afterwards.
 */
    .global restore_user_context_kpti
restore_user_context_kpti:
    cmpq $CTX_VECTOR_SYSCALL, CTX_OFF_VECTOR(%rdi)
    je restore_user_syscall_kpti
    leaq kpti_stack_top(%rip), %rsp
    pushq CTX_OFF_SS(%rdi)
    pushq CTX_OFF_RSP(%rdi)
    pushq CTX_OFF_RFLAGS(%rdi)
    pushq CTX_OFF_CS(%rdi)
    pushq CTX_OFF_RIP(%rdi)
    movq %rdi, %rsp
    POP_GPRS
    movq kpti_user_cr3(%rip), %rsp
    movq %rsp, %cr3
    leaq kpti_stack_top - 40(%rip), %rsp
    iretq
    .global restore_user_syscall_kpti
restore_user_syscall_kpti:
    movq CTX_OFF_RSP(%rdi), %rax
    movq %rax, user_rsp_scratch(%rip)
    movq %rdi, %rsp
    POP_GPRS_BUT_RCX_R11
    movq (CTX_OFF_RIP - CTX_OFF_R11)(%rsp), %rcx
    movq (CTX_OFF_RFLAGS - CTX_OFF_R11)(%rsp), %r11
    movq kpti_user_cr3(%rip), %rsp
    movq %rsp, %cr3
    movq user_rsp_scratch(%rip), %rsp
    sysretq

    .bss
    .balign 4096
    .global kernel_stack_top
kernel_stack:
    .skip 16384
kernel_stack_top:

/*
 * Skim data: what the entry and exit code above reads while a user root is
 * loaded, plus the stacks the CPU pushes interrupt frames on. The GDT, IDT
 * and TSS join them here (descriptors.c).
 */
    .section .bss.skim, "aw", @nobits
    .balign 16
user_rsp_scratch:
    .quad 0
    .global kpti_kernel_cr3
kpti_kernel_cr3:
    .quad 0
    .global kpti_user_cr3
kpti_user_cr3:
    .quad 0
    .balign 16
    .skip KPTI_STACK_SIZE
    .global kpti_stack_top
kpti_stack_top:
    .balign 16
    .skip 4096
    .global ist_stack_top
ist_stack_top:

    .section .note.GNU-stack, "", @progbits

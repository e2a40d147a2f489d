/*
 * Root task entry on x86_64: the kernel starts us with the BootInfo address
 * in rdi and rsp at the top of a 16-byte aligned stack. Call C with the
 * stack aligned as the SysV ABI expects at a call.
 */
    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    xor %ebp, %ebp
    and $-16, %rsp
    call sel4_runtime_start
    ud2
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits

/*
 * PD entry: the stack is always the one the initialiser maps below
 * CAIRN_PD_STACK_TOP (sdk/include/cairn/spec.h), so a restart
 * (microkit_pd_restart, only rip set) starts from a clean stack too.
 */
#define CAIRN_PD_STACK_TOP 0x00007ff000000000

    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    movabs $CAIRN_PD_STACK_TOP, %rsp
    xor %ebp, %ebp
    call microkit_main
    ud2
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits

/*
 * The x86_64 system call stubs for the calls that exist so far. Register use
 * follows docs/architecture.md ("System call ABI"): the number in rdx, the
 * first argument in rdi; `syscall` itself clobbers rcx and r11.
 */
#ifndef SEL4_SYSCALLS_H
#define SEL4_SYSCALLS_H

#include <sel4/simple_types.h>
#include <sel4/syscall_numbers.h>

static inline void seL4_CairnSyscall1(seL4_Syscall_ID number, seL4_Word arg)
{
    __asm__ volatile("syscall" : "+D"(arg) : "d"((seL4_Word)(long)number) : "rcx", "r11", "memory");
}

/* Writes one character to the kernel's debug console. */
static inline void seL4_DebugPutChar(char c)
{
    seL4_CairnSyscall1(seL4_SysDebugPutChar, (seL4_Word)(unsigned char)c);
}

/* Stops the whole machine (debug kernels only). */
static inline __attribute__((noreturn)) void seL4_DebugHalt(void)
{
    seL4_CairnSyscall1(seL4_SysDebugHalt, 0);
    __builtin_unreachable();
}

/* Gives the rest of this time slice to threads of the same priority. */
static inline void seL4_Yield(void)
{
    seL4_CairnSyscall1(seL4_SysYield, 0);
}

/*
 * Cairn extension: ends the machine, reporting `code` (0 = success) to the
 * host as QEMU's exit status. Test root tasks use it to report their result.
 */
static inline __attribute__((noreturn)) void seL4_CairnDebugExit(seL4_Word code)
{
    seL4_CairnSyscall1(seL4_SysCairnDebugExit, code);
    __builtin_unreachable();
}

#endif /* SEL4_SYSCALLS_H */

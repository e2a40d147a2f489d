/*
 * System call numbers: the seL4 MCS API's, numbered from -1 downwards in the
 * order of seL4's syscall list, then the debug calls. The number travels in
 * rdx (docs/architecture.md, "System call ABI").
 */
#ifndef SEL4_SYSCALL_NUMBERS_H
#define SEL4_SYSCALL_NUMBERS_H

typedef enum {
    seL4_SysCall = -1,
    seL4_SysReplyRecv = -2,
    seL4_SysNBSendRecv = -3,
    seL4_SysNBSendWait = -4,
    seL4_SysSend = -5,
    seL4_SysNBSend = -6,
    seL4_SysRecv = -7,
    seL4_SysNBRecv = -8,
    seL4_SysWait = -9,
    seL4_SysNBWait = -10,
    seL4_SysYield = -11,
    seL4_SysDebugPutChar = -12,
    seL4_SysDebugDumpScheduler = -13,
    seL4_SysDebugHalt = -14,
    seL4_SysDebugCapIdentify = -15,
    seL4_SysDebugSnapshot = -16,
    seL4_SysDebugNameThread = -17,
    /* Cairn extension (debug builds): end the machine with a pass/fail code. */
    seL4_SysCairnDebugExit = -18,
    /* seL4 has it only in benchmark builds; Cairn always: `make bench` measures entry and exit. */
    seL4_SysBenchmarkNullSyscall = -19,
} seL4_Syscall_ID;

#endif /* SEL4_SYSCALL_NUMBERS_H */

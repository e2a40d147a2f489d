/*
 * The MCS system calls, source-compatible with libsel4's syscalls_mcs.h,
 * built on sel4_arch_syscall() (lib/sel4/arch/<arch>/include/sel4/arch/).
 * Plain variants move MR0-3 between the IPC buffer and registers; *WithMRs
 * variants take them through pointers (NULL: not sent / not wanted).
 */
#ifndef SEL4_SYSCALLS_H
#define SEL4_SYSCALLS_H

#include <sel4/arch/syscall_asm.h>
#include <sel4/functions.h>
#include <sel4/simple_types.h>
#include <sel4/syscall_numbers.h>
#include <sel4/types.h>

/* Loads the fast registers from the IPC buffer, as the plain variants do. */
static inline void sel4_mrs_from_buffer(sel4_syscall_regs_t *r)
{
    r->mr[0] = seL4_GetMR(0);
    r->mr[1] = seL4_GetMR(1);
    r->mr[2] = seL4_GetMR(2);
    r->mr[3] = seL4_GetMR(3);
}

static inline void sel4_mrs_to_buffer(const sel4_syscall_regs_t *r)
{
    seL4_SetMR(0, r->mr[0]);
    seL4_SetMR(1, r->mr[1]);
    seL4_SetMR(2, r->mr[2]);
    seL4_SetMR(3, r->mr[3]);
}

/* One fast register of a *WithMRs send: the caller's word if the length covers it. */
static inline seL4_Word sel4_mr_in(const seL4_Word *mr, seL4_MessageInfo_t info, seL4_Word i)
{
    return mr != seL4_Null && seL4_MessageInfo_get_length(info) > i ? *mr : 0;
}

static inline void sel4_mr_out(seL4_Word *mr, seL4_Word value)
{
    if (mr != seL4_Null) {
        *mr = value;
    }
}

/* Makes the call and hands back the received message info and badge. */
static inline seL4_MessageInfo_t sel4_ipc(seL4_Syscall_ID number, sel4_syscall_regs_t *r,
                                          seL4_Word *sender)
{
    sel4_arch_syscall(number, r);
    if (sender != seL4_Null) {
        *sender = r->cap;
    }
    return (seL4_MessageInfo_t){ { r->info } };
}

/* Send on `dest` (blocking on an endpoint until a receiver takes it). */
static inline void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    sel4_syscall_regs_t r = { .cap = dest, .info = msgInfo.words[0] };

    sel4_mrs_from_buffer(&r);
    sel4_arch_syscall(seL4_SysSend, &r);
}

static inline void seL4_SendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                    seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    sel4_syscall_regs_t r = { .cap = dest, .info = msgInfo.words[0] };

    r.mr[0] = sel4_mr_in(mr0, msgInfo, 0);
    r.mr[1] = sel4_mr_in(mr1, msgInfo, 1);
    r.mr[2] = sel4_mr_in(mr2, msgInfo, 2);
    r.mr[3] = sel4_mr_in(mr3, msgInfo, 3);
    sel4_arch_syscall(seL4_SysSend, &r);
}

/* Send on `dest` only if a receiver is waiting; otherwise drop the message. */
static inline void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    sel4_syscall_regs_t r = { .cap = dest, .info = msgInfo.words[0] };

    sel4_mrs_from_buffer(&r);
    sel4_arch_syscall(seL4_SysNBSend, &r);
}

static inline void seL4_NBSendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                      seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    sel4_syscall_regs_t r = { .cap = dest, .info = msgInfo.words[0] };

    r.mr[0] = sel4_mr_in(mr0, msgInfo, 0);
    r.mr[1] = sel4_mr_in(mr1, msgInfo, 1);
    r.mr[2] = sel4_mr_in(mr2, msgInfo, 2);
    r.mr[3] = sel4_mr_in(mr3, msgInfo, 3);
    sel4_arch_syscall(seL4_SysNBSend, &r);
}

/* Signal the notification `dest` (a Send with an empty message). */
static inline void seL4_Signal(seL4_CPtr dest)
{
    sel4_syscall_regs_t r = { .cap = dest, .info = seL4_MessageInfo_new(0, 0, 0, 0).words[0] };

    sel4_arch_syscall(seL4_SysSend, &r);
}

/* Receive on `src`; a caller's reply capability goes into the Reply object `reply`. */
static inline seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender, seL4_CPtr reply)
{
    sel4_syscall_regs_t r = { .cap = src, .reply = reply };
    seL4_MessageInfo_t info = sel4_ipc(seL4_SysRecv, &r, sender);

    sel4_mrs_to_buffer(&r);
    return info;
}

/* NOLINTNEXTLINE(readability-function-size): libsel4's signature, one optional pointer per MR */
static inline seL4_MessageInfo_t seL4_RecvWithMRs(seL4_CPtr src, seL4_Word *sender, seL4_Word *mr0,
                                                  seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3,
                                                  seL4_CPtr reply)
{
    sel4_syscall_regs_t r = { .cap = src, .reply = reply };
    seL4_MessageInfo_t info = sel4_ipc(seL4_SysRecv, &r, sender);

    sel4_mr_out(mr0, r.mr[0]);
    sel4_mr_out(mr1, r.mr[1]);
    sel4_mr_out(mr2, r.mr[2]);
    sel4_mr_out(mr3, r.mr[3]);
    return info;
}

/* Receive on `src` only if a message is already there. */
static inline seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender, seL4_CPtr reply)
{
    sel4_syscall_regs_t r = { .cap = src, .reply = reply };
    seL4_MessageInfo_t info = sel4_ipc(seL4_SysNBRecv, &r, sender);

    sel4_mrs_to_buffer(&r);
    return info;
}

/* Send on `dest` and wait for the reply (every object invocation is a Call). */
static inline seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    sel4_syscall_regs_t r = { .cap = dest, .info = msgInfo.words[0] };
    seL4_MessageInfo_t info;

    sel4_mrs_from_buffer(&r);
    info = sel4_ipc(seL4_SysCall, &r, seL4_Null);
    sel4_mrs_to_buffer(&r);
    return info;
}

static inline seL4_MessageInfo_t seL4_CallWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                  seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                                  seL4_Word *mr3)
{
    sel4_syscall_regs_t r = { .cap = dest, .info = msgInfo.words[0] };
    seL4_MessageInfo_t info;

    r.mr[0] = sel4_mr_in(mr0, msgInfo, 0);
    r.mr[1] = sel4_mr_in(mr1, msgInfo, 1);
    r.mr[2] = sel4_mr_in(mr2, msgInfo, 2);
    r.mr[3] = sel4_mr_in(mr3, msgInfo, 3);
    info = sel4_ipc(seL4_SysCall, &r, seL4_Null);
    sel4_mr_out(mr0, r.mr[0]);
    sel4_mr_out(mr1, r.mr[1]);
    sel4_mr_out(mr2, r.mr[2]);
    sel4_mr_out(mr3, r.mr[3]);
    return info;
}

/* Reply through the Reply object `reply`, then receive on `src` with it. */
static inline seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                seL4_Word *sender, seL4_CPtr reply)
{
    sel4_syscall_regs_t r = { .cap = src, .info = msgInfo.words[0], .reply = reply };
    seL4_MessageInfo_t info;

    sel4_mrs_from_buffer(&r);
    info = sel4_ipc(seL4_SysReplyRecv, &r, sender);
    sel4_mrs_to_buffer(&r);
    return info;
}

/* NOLINTNEXTLINE(readability-function-size): libsel4's signature, one optional pointer per MR */
static inline seL4_MessageInfo_t seL4_ReplyRecvWithMRs(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                       seL4_Word *sender, seL4_Word *mr0,
                                                       seL4_Word *mr1, seL4_Word *mr2,
                                                       seL4_Word *mr3, seL4_CPtr reply)
{
    sel4_syscall_regs_t r = { .cap = src, .info = msgInfo.words[0], .reply = reply };
    seL4_MessageInfo_t info;

    r.mr[0] = sel4_mr_in(mr0, msgInfo, 0);
    r.mr[1] = sel4_mr_in(mr1, msgInfo, 1);
    r.mr[2] = sel4_mr_in(mr2, msgInfo, 2);
    r.mr[3] = sel4_mr_in(mr3, msgInfo, 3);
    info = sel4_ipc(seL4_SysReplyRecv, &r, sender);
    sel4_mr_out(mr0, r.mr[0]);
    sel4_mr_out(mr1, r.mr[1]);
    sel4_mr_out(mr2, r.mr[2]);
    sel4_mr_out(mr3, r.mr[3]);
    return info;
}

/* NBSend on `dest`, then receive on `src` with the Reply object `reply`. */
static inline seL4_MessageInfo_t seL4_NBSendRecv(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                 seL4_CPtr src, seL4_Word *sender, seL4_CPtr reply)
{
    sel4_syscall_regs_t r = { .cap = src, .info = msgInfo.words[0], .reply = reply, .dest = dest };
    seL4_MessageInfo_t info;

    sel4_mrs_from_buffer(&r);
    info = sel4_ipc(seL4_SysNBSendRecv, &r, sender);
    sel4_mrs_to_buffer(&r);
    return info;
}

/* NOLINTNEXTLINE(readability-function-size): libsel4's signature, one optional pointer per MR */
static inline seL4_MessageInfo_t seL4_NBSendRecvWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                        seL4_CPtr src, seL4_Word *sender,
                                                        seL4_Word *mr0, seL4_Word *mr1,
                                                        seL4_Word *mr2, seL4_Word *mr3,
                                                        seL4_CPtr reply)
{
    sel4_syscall_regs_t r = { .cap = src, .info = msgInfo.words[0], .reply = reply, .dest = dest };
    seL4_MessageInfo_t info;

    r.mr[0] = sel4_mr_in(mr0, msgInfo, 0);
    r.mr[1] = sel4_mr_in(mr1, msgInfo, 1);
    r.mr[2] = sel4_mr_in(mr2, msgInfo, 2);
    r.mr[3] = sel4_mr_in(mr3, msgInfo, 3);
    info = sel4_ipc(seL4_SysNBSendRecv, &r, sender);
    sel4_mr_out(mr0, r.mr[0]);
    sel4_mr_out(mr1, r.mr[1]);
    sel4_mr_out(mr2, r.mr[2]);
    sel4_mr_out(mr3, r.mr[3]);
    return info;
}

/* NBSend on `dest`, then Wait on `src` (no Reply object). */
static inline seL4_MessageInfo_t seL4_NBSendWait(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                 seL4_CPtr src, seL4_Word *sender)
{
    sel4_syscall_regs_t r = { .cap = src, .info = msgInfo.words[0], .dest = dest };
    seL4_MessageInfo_t info;

    sel4_mrs_from_buffer(&r);
    info = sel4_ipc(seL4_SysNBSendWait, &r, sender);
    sel4_mrs_to_buffer(&r);
    return info;
}

/* NOLINTNEXTLINE(readability-function-size): libsel4's signature, one optional pointer per MR */
static inline seL4_MessageInfo_t seL4_NBSendWaitWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                        seL4_CPtr src, seL4_Word *sender,
                                                        seL4_Word *mr0, seL4_Word *mr1,
                                                        seL4_Word *mr2, seL4_Word *mr3)
{
    sel4_syscall_regs_t r = { .cap = src, .info = msgInfo.words[0], .dest = dest };
    seL4_MessageInfo_t info;

    r.mr[0] = sel4_mr_in(mr0, msgInfo, 0);
    r.mr[1] = sel4_mr_in(mr1, msgInfo, 1);
    r.mr[2] = sel4_mr_in(mr2, msgInfo, 2);
    r.mr[3] = sel4_mr_in(mr3, msgInfo, 3);
    info = sel4_ipc(seL4_SysNBSendWait, &r, sender);
    sel4_mr_out(mr0, r.mr[0]);
    sel4_mr_out(mr1, r.mr[1]);
    sel4_mr_out(mr2, r.mr[2]);
    sel4_mr_out(mr3, r.mr[3]);
    return info;
}

/* Wait on an endpoint or notification without a Reply object. */
static inline seL4_MessageInfo_t seL4_Wait(seL4_CPtr src, seL4_Word *sender)
{
    sel4_syscall_regs_t r = { .cap = src };
    seL4_MessageInfo_t info = sel4_ipc(seL4_SysWait, &r, sender);

    sel4_mrs_to_buffer(&r);
    return info;
}

static inline seL4_MessageInfo_t seL4_WaitWithMRs(seL4_CPtr src, seL4_Word *sender, seL4_Word *mr0,
                                                  seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    sel4_syscall_regs_t r = { .cap = src };
    seL4_MessageInfo_t info = sel4_ipc(seL4_SysWait, &r, sender);

    sel4_mr_out(mr0, r.mr[0]);
    sel4_mr_out(mr1, r.mr[1]);
    sel4_mr_out(mr2, r.mr[2]);
    sel4_mr_out(mr3, r.mr[3]);
    return info;
}

/* Wait without blocking. */
static inline seL4_MessageInfo_t seL4_NBWait(seL4_CPtr src, seL4_Word *sender)
{
    sel4_syscall_regs_t r = { .cap = src };
    seL4_MessageInfo_t info = sel4_ipc(seL4_SysNBWait, &r, sender);

    sel4_mrs_to_buffer(&r);
    return info;
}

/* Poll a notification: NBWait under its libsel4 name. */
static inline seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBWait(src, sender);
}

/* Give up the rest of this budget; a periodic thread waits for its next refill. */
static inline void seL4_Yield(void)
{
    sel4_syscall_regs_t r = { .cap = 0 };

    sel4_arch_syscall(seL4_SysYield, &r);
}

/* Cairn: a system call with one argument in rdi and no result (debug calls, tests). */
static inline void seL4_CairnSyscall1(seL4_Syscall_ID number, seL4_Word arg)
{
    sel4_syscall_regs_t r = { .cap = arg };

    sel4_arch_syscall(number, &r);
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

/* Prints the scheduler's queues on the debug console. */
static inline void seL4_DebugDumpScheduler(void)
{
    seL4_CairnSyscall1(seL4_SysDebugDumpScheduler, 0);
}

static inline void seL4_DebugSnapshot(void)
{
    seL4_CairnSyscall1(seL4_SysDebugSnapshot, 0);
}

/* The capability type tag of `cap` in the caller's CSpace (0: empty slot). */
static inline seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap)
{
    sel4_syscall_regs_t r = { .cap = cap };

    sel4_arch_syscall(seL4_SysDebugCapIdentify, &r);
    return (seL4_Uint32)r.cap;
}

/* Names the thread `tcb` in kernel messages; the name travels in the IPC buffer. */
static inline void seL4_DebugNameThread(seL4_CPtr tcb, const char *name)
{
    char *dst = (char *)seL4_GetIPCBuffer()->msg;
    seL4_Word i = 0;

    while (i + 1 < sizeof(seL4_GetIPCBuffer()->msg) && name[i] != '\0') {
        dst[i] = name[i];
        i++;
    }
    dst[i] = '\0';
    seL4_CairnSyscall1(seL4_SysDebugNameThread, tcb);
}

/* Enters the kernel and leaves again, doing nothing: the cost of a kernel entry and exit. */
static inline void seL4_BenchmarkNullSyscall(void)
{
    seL4_CairnSyscall1(seL4_SysBenchmarkNullSyscall, 0);
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

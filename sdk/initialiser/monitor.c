/*
 * The monitor loop (monitor.h). Fault messages follow the seL4 manual's
 * layouts (x86_64): VMFault [ip, address, instruction?, fsr], UserException
 * [ip, sp, flags, number, code], CapFault [ip, cptr, receive?, ...],
 * UnknownSyscall [registers..., ip at 15, number at 18], Timeout [badge, consumed].
 */
#include "monitor.h"

#include <stdio.h>

#include "alloc.h"
#include "build.h"

enum {
    LABEL_CAP_FAULT = 1,
    LABEL_UNKNOWN_SYSCALL = 2,
    LABEL_USER_EXCEPTION = 3,
    LABEL_TIMEOUT = 5,
    LABEL_VM_FAULT = 6,
    BADGE_KIND_SHIFT = 61,
};

static const char *kind_name(seL4_Word label)
{
    switch (label) {
    case LABEL_CAP_FAULT:
        return "capability fault";
    case LABEL_UNKNOWN_SYSCALL:
        return "unknown system call";
    case LABEL_USER_EXCEPTION:
        return "user exception";
    case LABEL_TIMEOUT:
        return "timeout";
    case LABEL_VM_FAULT:
        return "virtual memory fault";
    default:
        return "unknown fault";
    }
}

static void report_detail(seL4_Word label)
{
    if (label == LABEL_VM_FAULT) {
        printf("  address 0x%lx, %s, fault status 0x%lx\n", seL4_GetMR(1),
               seL4_GetMR(2) != 0         ? "instruction fetch"
               : (seL4_GetMR(3) & 2) != 0 ? "write"
                                          : "read",
               seL4_GetMR(3));
    } else if (label == LABEL_USER_EXCEPTION) {
        printf("  exception %lu, error code 0x%lx\n", seL4_GetMR(3), seL4_GetMR(4));
    } else if (label == LABEL_CAP_FAULT) {
        printf("  capability 0x%lx (%s phase)\n", seL4_GetMR(1),
               seL4_GetMR(2) != 0 ? "receive" : "send");
    } else if (label == LABEL_UNKNOWN_SYSCALL) {
        printf("  system call number %ld\n", (long)seL4_GetMR(18));
    }
}

static void report_registers(uint32_t pd)
{
    seL4_UserContext r;

    if (seL4_TCB_ReadRegisters(pd_objects[pd].tcb, 0, 0, sizeof(r) / sizeof(seL4_Word), &r) !=
        seL4_NoError) {
        return;
    }
    printf("  rip 0x%016lx rsp 0x%016lx rflags 0x%lx\n", r.rip, r.rsp, r.rflags);
    printf("  rax 0x%016lx rbx 0x%016lx rcx 0x%016lx rdx 0x%016lx\n", r.rax, r.rbx, r.rcx, r.rdx);
    printf("  rsi 0x%016lx rdi 0x%016lx rbp 0x%016lx\n", r.rsi, r.rdi, r.rbp);
}

static void report_fault(const spec_t *spec, uint32_t pd, seL4_MessageInfo_t info)
{
    seL4_Word label = seL4_MessageInfo_get_label(info);

    printf("cairn monitor: PD '%s' stopped: %s\n", spec_string(spec, spec->pds[pd].name),
           kind_name(label));
    report_detail(label);
    report_registers(pd);
}

_Noreturn void monitor_run(const spec_t *spec)
{
    seL4_CPtr reply = alloc_object(seL4_ReplyObject, 0);

    for (;;) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_Recv(monitor_ep, &badge, reply);
        uint32_t pd = (uint32_t)(badge & 0xff);
        if (pd >= spec->header->pd_count) {
            continue;
        }
        if (badge >> BADGE_KIND_SHIFT == 1) {
            /* A passive PD finished init() and waits: from now on it runs on its callers' time. */
            (void)seL4_SchedContext_Unbind(pd_objects[pd].sc);
        } else if (badge >> BADGE_KIND_SHIFT == 2) {
            report_fault(spec, pd, info); /* no reply: the PD stays stopped */
        }
    }
}

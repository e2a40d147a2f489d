/*
 * Interrupts delivered to user level: an I/O APIC pin routed to an IRQ
 * handler capability signals its notification, and stays masked until
 * Ack. The device is the PIT (ISA IRQ 0, I/O APIC pin 2 on QEMU's PC),
 * which the BIOS leaves running at 18.2 Hz and which needs no driver.
 */
#include <sel4/invocation.h>
#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"
#include "thread.h"
#include "timing.h"

enum {
    PIT_PIN = 2,
    TEST_IRQ = 5,
};

static seL4_Error get_ioapic(seL4_CPtr control, seL4_CPtr dest, seL4_Word pin, seL4_Word irq)
{
    return seL4_IRQControl_GetIOAPIC(control, ROOT, dest, DEPTH, 0, pin, 0, 0, irq);
}

DEFINE_TEST(IRQ_001, "the PIT's interrupt reaches a notification, once per Ack")
{
    seL4_CPtr handler = cs_slot();
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);
    seL4_CPtr badged = cs_slot();
    seL4_Word badge = 0;

    CHECK(ntfn != 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, ntfn, DEPTH, seL4_AllRights, 0x100), 0);
    CHECK_EQ(get_ioapic(seL4_CapIRQControl, handler, PIT_PIN, TEST_IRQ), seL4_NoError);
    CHECK_EQ(seL4_IRQHandler_SetNotification(handler, badged), seL4_NoError);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(seL4_IRQHandler_Ack(handler), seL4_NoError);
        seL4_Wait(ntfn, &badge); /* nothing else runs: the kernel idles until the tick */
        CHECK_EQ(badge, 0x100);
    }
    /* Without an Ack the line stays masked: nothing arrives. */
    seL4_Word spin_until_ticks = 0;
    for (volatile unsigned long n = 0; n < 20000000ul; n++) {
        spin_until_ticks++;
    }
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0);
    CHECK_EQ(seL4_CNode_Delete(ROOT, handler, DEPTH), seL4_NoError);
    /* Deleting the handler frees the IRQ to be issued again. */
    CHECK_EQ(get_ioapic(seL4_CapIRQControl, handler, PIT_PIN, TEST_IRQ), seL4_NoError);
    CHECK_EQ(seL4_CNode_Delete(ROOT, handler, DEPTH), seL4_NoError);
}

DEFINE_TEST(IRQ_002, "IRQControl and IRQHandler errors")
{
    seL4_CPtr handler = cs_slot();
    seL4_CPtr busy = cs_new(seL4_NotificationObject, 0);
    seL4_CPtr tcb = cs_new(seL4_TCBObject, 0);
    seL4_CPtr empty = cs_slot();
    seL4_CPtr msi = cs_slot();

    CHECK(busy != 0 && tcb != 0);
    CHECK_ERROR(X86IRQIssueIRQHandlerIOAPIC, seL4_RangeError,
                get_ioapic(seL4_CapIRQControl, handler, PIT_PIN, 108));
    CHECK_EQ(seL4_GetMR(1), 107);
    CHECK_ERROR(X86IRQIssueIRQHandlerIOAPIC, seL4_RangeError,
                get_ioapic(seL4_CapIRQControl, handler, 99, TEST_IRQ));
    CHECK_ERROR(X86IRQIssueIRQHandlerIOAPIC, seL4_DeleteFirst,
                get_ioapic(seL4_CapIRQControl, busy, PIT_PIN, TEST_IRQ));
    CHECK_ERROR(X86IRQIssueIRQHandlerIOAPIC, seL4_FailedLookup,
                get_ioapic(seL4_CapIRQControl, 1ul << 60, PIT_PIN, TEST_IRQ));
    CHECK_ERROR(X86IRQIssueIRQHandlerIOAPIC, seL4_InvalidCapability,
                get_ioapic(empty, handler, PIT_PIN, TEST_IRQ));
    CHECK_ERROR(X86IRQIssueIRQHandlerIOAPIC, seL4_IllegalOperation,
                get_ioapic(tcb, handler, PIT_PIN, TEST_IRQ));
    CHECK_ERROR(X86IRQIssueIRQHandlerIOAPIC, seL4_TruncatedMessage,
                cs_raw_call(seL4_CapIRQControl, X86IRQIssueIRQHandlerIOAPIC, 6));
    CHECK_EQ(get_ioapic(seL4_CapIRQControl, handler, PIT_PIN, TEST_IRQ), seL4_NoError);
    CHECK_ERROR(X86IRQIssueIRQHandlerIOAPIC, seL4_RevokeFirst,
                get_ioapic(seL4_CapIRQControl, cs_slot(), PIT_PIN, TEST_IRQ));
    CHECK_ERROR(X86IRQIssueIRQHandlerMSI, seL4_RevokeFirst,
                seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, msi, DEPTH, 0, 0, 0, 0, TEST_IRQ));
    CHECK_ERROR(X86IRQIssueIRQHandlerMSI, seL4_RangeError,
                seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, msi, DEPTH, 0, 32, 0, 0, 6));
    CHECK_ERROR(X86IRQIssueIRQHandlerMSI, seL4_DeleteFirst,
                seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, busy, DEPTH, 0, 0, 0, 0, 6));
    CHECK_ERROR(X86IRQIssueIRQHandlerMSI, seL4_FailedLookup,
                seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, 1ul << 60, DEPTH, 0, 0, 0, 0, 6));
    CHECK_ERROR(X86IRQIssueIRQHandlerMSI, seL4_InvalidCapability,
                seL4_IRQControl_GetMSI(empty, ROOT, msi, DEPTH, 0, 0, 0, 0, 6));
    CHECK_ERROR(X86IRQIssueIRQHandlerMSI, seL4_IllegalOperation,
                seL4_IRQControl_GetMSI(tcb, ROOT, msi, DEPTH, 0, 0, 0, 0, 6));
    CHECK_ERROR(X86IRQIssueIRQHandlerMSI, seL4_TruncatedMessage,
                cs_raw_call(seL4_CapIRQControl, X86IRQIssueIRQHandlerMSI, 6));
    CHECK_EQ(seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, msi, DEPTH, 0, 3, 0, 0, 6),
             seL4_NoError);
    CHECK_ERROR(IRQSetIRQHandler, seL4_InvalidCapability,
                seL4_IRQHandler_SetNotification(handler, tcb));
    CHECK_ERROR(IRQSetIRQHandler, seL4_TruncatedMessage, cs_raw_call(handler, IRQSetIRQHandler, 0));
    CHECK_ERROR(IRQSetIRQHandler, seL4_IllegalOperation,
                seL4_IRQHandler_SetNotification(tcb, busy));
    CHECK_ERROR(IRQAckIRQ, seL4_InvalidCapability, seL4_IRQHandler_Ack(empty));
    CHECK_ERROR(IRQAckIRQ, seL4_IllegalOperation, seL4_IRQHandler_Ack(tcb));
    CHECK_ERROR(IRQClearIRQHandler, seL4_InvalidCapability, seL4_IRQHandler_Clear(empty));
    CHECK_ERROR(IRQClearIRQHandler, seL4_IllegalOperation, seL4_IRQHandler_Clear(tcb));
    CHECK_EQ(seL4_IRQHandler_SetNotification(handler, busy), seL4_NoError);
    CHECK_EQ(seL4_IRQHandler_Clear(handler), seL4_NoError);
    CHECK_ERROR(IRQSetIRQHandler, seL4_InvalidCapability,
                seL4_IRQHandler_SetNotification(empty, busy));
    CHECK_EQ(seL4_CNode_Delete(ROOT, handler, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_CNode_Delete(ROOT, msi, DEPTH), seL4_NoError);
}

static volatile seL4_Word spins[2];

static _Noreturn void counter(seL4_Word which)
{
    for (;;) {
        spins[which]++;
    }
}

/* Waits for `ticks` PIT interrupts (about 55 ms each) through a fresh IRQ handler. */
static int sleep_pit_ticks(unsigned ticks)
{
    seL4_CPtr handler = cs_slot();
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);
    seL4_Word badge = 0;

    if (ntfn == 0 || get_ioapic(seL4_CapIRQControl, handler, PIT_PIN, TEST_IRQ) != 0 ||
        seL4_IRQHandler_SetNotification(handler, ntfn) != 0) {
        return -1;
    }
    for (unsigned i = 0; i < ticks; i++) {
        seL4_IRQHandler_Ack(handler);
        seL4_Wait(ntfn, &badge);
    }
    return seL4_CNode_Delete(ROOT, handler, DEPTH) != 0;
}

DEFINE_TEST(SCHED_001, "a spinner with a 10% budget cannot starve a lower-priority thread")
{
    seL4_CPtr sched_control = seL4_GetBootInfo()->schedcontrol.start;
    test_thread_t high;
    test_thread_t low;

    spins[0] = 0;
    spins[1] = 0;
    CHECK_EQ(thread_start(&high, counter, 0, 200), 0);
    CHECK_EQ(seL4_SchedControl_ConfigureFlags(sched_control, high.sc, 1000, 10000, 0, 0, 0), 0);
    CHECK_EQ(thread_start(&low, counter, 1, 150), 0);
    (void)seL4_SchedContext_Consumed(high.sc);
    seL4_Word start = rdtsc();
    CHECK_EQ(sleep_pit_ticks(6), 0);
    seL4_SchedContext_Consumed_t used = seL4_SchedContext_Consumed(high.sc);
    seL4_Word mhz = tsc_mhz();
    seL4_Word window_us = mhz != 0 ? (rdtsc() - start) / mhz : 0;
    seL4_Word a = spins[0];
    seL4_Word b = spins[1];
    thread_destroy(&high);
    thread_destroy(&low);
    CHECK(a > 0 && b > 0);
    /* About 10% of the CPU for the high thread; generous bounds for TCG timing. */
    CHECK(a * 100 / (a + b) <= 25);
    /*
     * 1 ms per 10 ms period: about 10% of the window, measured in TSC time
     * as the kernel accounts it (a loaded host can stretch six PIT ticks
     * well beyond 330 ms). Kernel time is charged to the thread and TCG's
     * timer fires late, so allow 15% plus two budgets; without enforcement
     * the higher-priority spinner would take all of it.
     */
    CHECK(window_us > 0);
    CHECK(used.consumed <= window_us * 15 / 100 + 2000);
}

DEFINE_TEST(SCHED_002, "a thread that uses up its budget sends a Timeout fault to its handler")
{
    seL4_CPtr sched_control = seL4_GetBootInfo()->schedcontrol.start;
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    test_thread_t t;
    seL4_Word badge = 0;

    spins[0] = 0;
    CHECK(ep != 0 && reply != 0);
    CHECK_EQ(thread_start(&t, counter, 0, 200), 0);
    CHECK_EQ(seL4_TCB_SetTimeoutEndpoint(t.tcb, ep), seL4_NoError);
    CHECK_EQ(seL4_SchedControl_ConfigureFlags(sched_control, t.sc, 1000, 100000, 0, 0x5c, 0), 0);
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge, reply);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 5); /* seL4_Fault_Timeout */
    CHECK_EQ(seL4_MessageInfo_get_length(info), 2);
    CHECK_EQ(seL4_GetMR(0), 0x5c); /* the scheduling context's badge */
    CHECK(seL4_GetMR(1) >= 1000);  /* microseconds consumed */
    CHECK(spins[0] > 0);
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0)); /* resume after the next top-up */
    thread_destroy(&t);
}

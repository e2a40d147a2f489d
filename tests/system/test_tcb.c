/*
 * TCB, SchedControl and SchedContext methods: register access with
 * sanitising, priority and MCP rules, binding, and every error each method
 * lists in the interface.
 */
#include <sel4/invocation.h>
#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"
#include "thread.h"
#include "timing.h"

typedef struct {
    seL4_Word label;
    const char *name;
    int truncatable; /* takes words or capabilities */
    int on_tcb;      /* a TCB method (else SchedControl / SchedContext) */
} method_t;

static const method_t methods[] = {
    { TCBReadRegisters, "TCBReadRegisters", 1, 1 },
    { TCBWriteRegisters, "TCBWriteRegisters", 1, 1 },
    { TCBCopyRegisters, "TCBCopyRegisters", 1, 1 },
    { TCBConfigure, "TCBConfigure", 1, 1 },
    { TCBSetPriority, "TCBSetPriority", 1, 1 },
    { TCBSetMCPriority, "TCBSetMCPriority", 1, 1 },
    { TCBSetSchedParams, "TCBSetSchedParams", 1, 1 },
    { TCBSetTimeoutEndpoint, "TCBSetTimeoutEndpoint", 1, 1 },
    { TCBSetIPCBuffer, "TCBSetIPCBuffer", 1, 1 },
    { TCBSetSpace, "TCBSetSpace", 1, 1 },
    { TCBSuspend, "TCBSuspend", 0, 1 },
    { TCBResume, "TCBResume", 0, 1 },
    { TCBBindNotification, "TCBBindNotification", 1, 1 },
    { TCBUnbindNotification, "TCBUnbindNotification", 0, 1 },
    { TCBSetTLSBase, "TCBSetTLSBase", 1, 1 },
    { SchedControlConfigureFlags, "SchedControlConfigureFlags", 1, 0 },
    { SchedContextBind, "SchedContextBind", 1, 0 },
    { SchedContextUnbind, "SchedContextUnbind", 0, 0 },
    { SchedContextConsumed, "SchedContextConsumed", 0, 0 },
    { SchedContextUnbindObject, "SchedContextUnbindObject", 1, 0 },
    { SchedContextYieldTo, "SchedContextYieldTo", 0, 0 },
};

/* The right object for a method, for its TruncatedMessage check. */
static seL4_CPtr method_object(const method_t *m, seL4_CPtr tcb, seL4_CPtr sc)
{
    if (m->on_tcb) {
        return tcb;
    }
    return m->label == SchedControlConfigureFlags ? seL4_GetBootInfo()->schedcontrol.start : sc;
}

DEFINE_TEST(TCB_001, "every TCB/SC method: null cap, wrong object, short message")
{
    seL4_CPtr empty = cs_slot();
    seL4_CPtr tcb = cs_new(seL4_TCBObject, 0);
    seL4_CPtr sc = cs_new(seL4_SchedContextObject, 8);
    seL4_CPtr ep = cs_new(seL4_NotificationObject, 0);

    CHECK(tcb != 0 && sc != 0 && ep != 0);
    for (unsigned i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
        const method_t *m = &methods[i];
        /* A CNode answers TCB and SC labels as not its methods; a TCB the SC ones. */
        seL4_CPtr wrong = m->on_tcb ? (seL4_CPtr)ROOT : tcb;
        CHECK_EQ(cs_raw_call(empty, m->label, 0), seL4_InvalidCapability);
        systest_covered((int)m->label, m->name, "seL4_InvalidCapability");
        CHECK_EQ(cs_raw_call(wrong, m->label, 0), seL4_IllegalOperation);
        systest_covered((int)m->label, m->name, "seL4_IllegalOperation");
        if (m->truncatable) {
            CHECK_EQ(cs_raw_call(method_object(m, tcb, sc), m->label, 0), seL4_TruncatedMessage);
            systest_covered((int)m->label, m->name, "seL4_TruncatedMessage");
        }
    }
}

DEFINE_TEST(TCB_002, "priorities and MCPs above the authority's MCP are RangeError")
{
    seL4_CPtr low = cs_new(seL4_TCBObject, 0);
    seL4_CPtr other = cs_new(seL4_TCBObject, 0);
    seL4_CPtr sc = cs_new(seL4_SchedContextObject, 8);

    CHECK(low != 0 && other != 0 && sc != 0);
    CHECK_EQ(seL4_TCB_SetMCPriority(low, seL4_CapInitThreadTCB, 10), seL4_NoError);
    CHECK_EQ(seL4_TCB_SetPriority(other, low, 10), seL4_NoError);
    CHECK_ERROR(TCBSetPriority, seL4_RangeError, seL4_TCB_SetPriority(other, low, 11));
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), 10);
    CHECK_ERROR(TCBSetMCPriority, seL4_RangeError, seL4_TCB_SetMCPriority(other, low, 11));
    CHECK_ERROR(TCBSetSchedParams, seL4_RangeError,
                seL4_TCB_SetSchedParams(other, low, 5, 20, sc, seL4_CapNull));
    CHECK_ERROR(TCBSetPriority, seL4_RangeError,
                seL4_TCB_SetPriority(other, seL4_CapInitThreadTCB, 256));
}

DEFINE_TEST(TCB_003, "registers written to a thread read back, sanitised")
{
    seL4_CPtr tcb = cs_new(seL4_TCBObject, 0);
    seL4_UserContext in = { 0 };
    seL4_UserContext out = { 0 };

    CHECK(tcb != 0);
    seL4_Word *w = (seL4_Word *)&in;
    for (unsigned i = 0; i < sizeof(in) / sizeof(seL4_Word); i++) {
        w[i] = 0x1000 + i;
    }
    in.rflags = 0x3000 | 0x1 | 0x100;  /* IOPL 3 and TF must not stick; CF may */
    in.fs_base = 0x8000000000000000ul; /* non-canonical: becomes 0 */
    CHECK_EQ(seL4_TCB_WriteRegisters(tcb, 0, 0, 20, &in), seL4_NoError);
    CHECK_EQ(seL4_TCB_ReadRegisters(tcb, 0, 0, 20, &out), seL4_NoError);
    CHECK_EQ(out.rip, in.rip);
    CHECK_EQ(out.r15, in.r15);
    CHECK_EQ(out.gs_base, in.gs_base);
    CHECK_EQ(out.rflags, 0x1 | 0x200 | 0x2);
    CHECK_EQ(out.fs_base, 0);
    CHECK_ERROR(TCBReadRegisters, seL4_RangeError, seL4_TCB_ReadRegisters(tcb, 0, 0, 21, &out));
    CHECK_EQ(seL4_GetMR(1), 20);
    CHECK_ERROR(TCBReadRegisters, seL4_IllegalOperation,
                seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, 0, 0, 20, &out));
    CHECK_ERROR(TCBWriteRegisters, seL4_IllegalOperation,
                seL4_TCB_WriteRegisters(seL4_CapInitThreadTCB, 0, 0, 20, &in));
}

DEFINE_TEST(TCB_004, "CopyRegisters copies frame and integer registers as asked")
{
    seL4_CPtr a = cs_new(seL4_TCBObject, 0);
    seL4_CPtr b = cs_new(seL4_TCBObject, 0);
    seL4_UserContext regs = { 0 };

    CHECK(a != 0 && b != 0);
    regs.rip = 0x401000;
    regs.rax = 0x1234;
    CHECK_EQ(seL4_TCB_WriteRegisters(a, 0, 0, 20, &regs), seL4_NoError);
    CHECK_EQ(seL4_TCB_CopyRegisters(b, a, 0, 0, 1, 0, 0), seL4_NoError);
    CHECK_EQ(seL4_TCB_ReadRegisters(b, 0, 0, 20, &regs), seL4_NoError);
    CHECK_EQ(regs.rip, 0x401000);
    CHECK_EQ(regs.rax, 0);
    CHECK_ERROR(TCBCopyRegisters, seL4_InvalidCapability,
                seL4_TCB_CopyRegisters(b, ROOT, 0, 0, 1, 1, 0));
}

DEFINE_TEST(TCB_005, "IPC buffers must be 1 KiB aligned frames; spaces must be a CNode and VSpace")
{
    seL4_CPtr tcb = cs_new(seL4_TCBObject, 0);
    seL4_Word buffer = (seL4_Word)seL4_GetBootInfo()->ipcBuffer;

    CHECK(tcb != 0);
    CHECK_ERROR(TCBSetIPCBuffer, seL4_AlignmentError,
                seL4_TCB_SetIPCBuffer(tcb, buffer + 8, seL4_CapInitThreadIPCBuffer));
    CHECK_ERROR(TCBSetIPCBuffer, seL4_IllegalOperation,
                seL4_TCB_SetIPCBuffer(tcb, buffer, seL4_CapInitThreadTCB));
    CHECK_EQ(seL4_TCB_SetIPCBuffer(tcb, buffer, seL4_CapInitThreadIPCBuffer), seL4_NoError);
    CHECK_ERROR(TCBConfigure, seL4_AlignmentError,
                seL4_TCB_Configure(tcb, ROOT, 0, seL4_CapInitThreadVSpace, 0, buffer + 8,
                                   seL4_CapInitThreadIPCBuffer));
    CHECK_ERROR(TCBConfigure, seL4_IllegalOperation,
                seL4_TCB_Configure(tcb, seL4_CapInitThreadTCB, 0, seL4_CapInitThreadVSpace, 0, 0,
                                   seL4_CapNull));
    CHECK_ERROR(TCBSetSpace, seL4_IllegalOperation,
                seL4_TCB_SetSpace(tcb, seL4_CapNull, ROOT, 0, ROOT, 0));
    CHECK_EQ(seL4_TCB_SetSpace(tcb, seL4_CapNull, ROOT, 0, seL4_CapInitThreadVSpace, 0),
             seL4_NoError);
    CHECK_ERROR(TCBSetTimeoutEndpoint, seL4_IllegalOperation,
                seL4_TCB_SetTimeoutEndpoint(tcb, ROOT));
}

DEFINE_TEST(SC_001, "a scheduling context binds to one thread at a time; budgets are checked")
{
    seL4_CPtr sched_control = seL4_GetBootInfo()->schedcontrol.start;
    seL4_CPtr sc = cs_new(seL4_SchedContextObject, 8);
    seL4_CPtr a = cs_new(seL4_TCBObject, 0);
    seL4_CPtr b = cs_new(seL4_TCBObject, 0);

    CHECK(sc != 0 && a != 0 && b != 0);
    CHECK_ERROR(SchedControlConfigureFlags, seL4_RangeError,
                seL4_SchedControl_ConfigureFlags(sched_control, sc, 1, 1000, 0, 0, 0));
    CHECK_ERROR(SchedControlConfigureFlags, seL4_RangeError,
                seL4_SchedControl_ConfigureFlags(sched_control, sc, 1000, 999, 0, 0, 0));
    CHECK_EQ(seL4_SchedControl_ConfigureFlags(sched_control, sc, 1000, 2000, 0, 0, 0),
             seL4_NoError);
    CHECK_EQ(seL4_SchedContext_Bind(sc, a), seL4_NoError);
    CHECK_ERROR(SchedContextBind, seL4_IllegalOperation, seL4_SchedContext_Bind(sc, b));
    CHECK_ERROR(TCBSetSchedParams, seL4_IllegalOperation,
                seL4_TCB_SetSchedParams(b, seL4_CapInitThreadTCB, 1, 1, sc, seL4_CapNull));
    CHECK_EQ(seL4_SchedContext_Unbind(sc), seL4_NoError);
    CHECK_EQ(seL4_SchedContext_Bind(sc, b), seL4_NoError);
}

DEFINE_TEST(TCB_006, "a notification binds to one thread; unbinding an unbound thread is refused")
{
    seL4_CPtr tcb = cs_new(seL4_TCBObject, 0);
    seL4_CPtr other = cs_new(seL4_TCBObject, 0);
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);

    CHECK(tcb != 0 && other != 0 && ntfn != 0);
    CHECK_ERROR(TCBUnbindNotification, seL4_IllegalOperation, seL4_TCB_UnbindNotification(tcb));
    CHECK_EQ(seL4_TCB_BindNotification(tcb, ntfn), seL4_NoError);
    CHECK_ERROR(TCBBindNotification, seL4_IllegalOperation, seL4_TCB_BindNotification(other, ntfn));
    CHECK_EQ(seL4_TCB_UnbindNotification(tcb), seL4_NoError);
    CHECK_EQ(seL4_TCB_BindNotification(other, ntfn), seL4_NoError);
}

static seL4_CPtr bound_done;
static seL4_CPtr bound_reply;
static seL4_Word bound_badge;

/* Waits on an endpoint nobody sends to; its bound notification wakes it. */
static _Noreturn void bound_receiver(seL4_Word ep)
{
    seL4_Word badge = 0;

    seL4_Recv(ep, &badge, bound_reply);
    bound_badge = badge;
    seL4_Signal(bound_done);
    thread_park();
}

DEFINE_TEST(TCB_007, "a thread blocked in Recv wakes for its bound notification's signal")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);
    seL4_CPtr badged = cs_slot();
    test_thread_t t;
    seL4_Word badge = 0;

    bound_done = cs_new(seL4_NotificationObject, 0);
    bound_reply = cs_new(seL4_ReplyObject, 0);
    CHECK(ep != 0 && ntfn != 0 && bound_done != 0 && bound_reply != 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, ntfn, DEPTH, seL4_AllRights, 0x5),
             seL4_NoError);
    CHECK_EQ(thread_start(&t, bound_receiver, ep, 200), 0);
    CHECK_EQ(seL4_TCB_BindNotification(t.tcb, ntfn), seL4_NoError);
    seL4_Signal(badged);
    seL4_Wait(bound_done, &badge);
    CHECK_EQ(bound_badge, 0x5);
    thread_destroy(&t);
}

static seL4_CPtr spin_done;

/* Spins for `us` microseconds of TSC time, then reports. */
static _Noreturn void spinner(seL4_Word us)
{
    seL4_Word end = rdtsc() + us * tsc_mhz();

    while (rdtsc() < end) {
    }
    seL4_Signal(spin_done);
    thread_park();
}

DEFINE_TEST(SC_002, "Consumed reports the time a thread ran on its scheduling context, once")
{
    test_thread_t t;
    seL4_Word badge = 0;

    spin_done = cs_new(seL4_NotificationObject, 0);
    CHECK(spin_done != 0 && tsc_mhz() != 0);
    CHECK_EQ(thread_start(&t, spinner, 30000, 200), 0);
    seL4_Wait(spin_done, &badge);
    seL4_SchedContext_Consumed_t first = seL4_SchedContext_Consumed(t.sc);
    CHECK_EQ(first.error, seL4_NoError);
    /* BootInfo gives whole MHz, the kernel counts in kHz: allow that rounding (0.05%). */
    CHECK(first.consumed >= 29900 && first.consumed < 1000000);
    seL4_SchedContext_Consumed_t second = seL4_SchedContext_Consumed(t.sc);
    CHECK(second.consumed < 1000); /* it has only waited since */
    thread_destroy(&t);
}

static volatile seL4_Word yield_order[4];
static volatile unsigned yield_count;
static seL4_CPtr yield_done;

/* Records its number when it runs, then waits. */
static _Noreturn void recorder(seL4_Word which)
{
    yield_order[yield_count++] = which;
    seL4_Signal(yield_done);
    thread_park();
}

DEFINE_TEST(SC_003, "YieldTo runs the SC's thread first; UnbindObject takes the SC back")
{
    test_thread_t a;
    test_thread_t b;
    seL4_CPtr other = cs_new(seL4_TCBObject, 0);
    seL4_Word badge = 0;

    yield_done = cs_new(seL4_NotificationObject, 0);
    yield_count = 0;
    CHECK(yield_done != 0 && other != 0);
    /* Both at 150, created a then b: b runs first only because of YieldTo. */
    CHECK_EQ(thread_start(&a, recorder, 1, 150), 0);
    CHECK_EQ(thread_start(&b, recorder, 2, 150), 0);
    seL4_SchedContext_YieldTo_t r = seL4_SchedContext_YieldTo(b.sc);
    CHECK_EQ(r.error, seL4_NoError);
    seL4_Wait(yield_done, &badge);
    seL4_Wait(yield_done, &badge);
    CHECK_EQ(yield_order[0], 2);
    CHECK_EQ(yield_order[1], 1);
    CHECK_ERROR(SchedContextUnbindObject, seL4_IllegalOperation,
                seL4_SchedContext_UnbindObject(a.sc, other));
    CHECK_EQ(seL4_SchedContext_UnbindObject(a.sc, a.tcb), seL4_NoError);
    CHECK_ERROR(SchedContextYieldTo, seL4_IllegalOperation, seL4_SchedContext_YieldTo(a.sc).error);
    CHECK_ERROR(SchedContextUnbindObject, seL4_InvalidCapability,
                seL4_SchedContext_UnbindObject(b.sc, ROOT));
    thread_destroy(&a);
    thread_destroy(&b);
}

static seL4_CPtr woken_ntfn;
static seL4_CPtr woke_done;
static volatile seL4_Word woke_count;

/* Announces itself and waits on woken_ntfn in one call; each signal wakes it once. */
static _Noreturn void ntfn_server(seL4_Word ready)
{
    seL4_Word badge = 0;

    seL4_NBSendWait(ready, seL4_MessageInfo_new(0, 0, 0, 0), woken_ntfn, &badge);
    for (;;) {
        woke_count++;
        seL4_Signal(woke_done);
        seL4_Wait(woken_ntfn, &badge);
    }
}

DEFINE_TEST(SC_004, "a passive thread runs on its notification's scheduling context when signalled")
{
    seL4_CPtr sched_control = seL4_GetBootInfo()->schedcontrol.start;
    seL4_CPtr ready = cs_new(seL4_NotificationObject, 0);
    seL4_CPtr sc = cs_new(seL4_SchedContextObject, 8);
    test_thread_t t;
    seL4_Word badge = 0;

    woken_ntfn = cs_new(seL4_NotificationObject, 0);
    woke_done = cs_new(seL4_NotificationObject, 0);
    woke_count = 0;
    CHECK(ready != 0 && sc != 0 && woken_ntfn != 0 && woke_done != 0);
    CHECK_EQ(seL4_SchedControl_ConfigureFlags(sched_control, sc, 1000, 1000, 0, 0, 0), 0);
    CHECK_EQ(thread_start(&t, ntfn_server, ready, 200), 0);
    seL4_Wait(ready, &badge); /* it now waits on woken_ntfn */
    CHECK_EQ(thread_make_passive(&t), 0);
    CHECK_EQ(seL4_SchedContext_Bind(sc, woken_ntfn), seL4_NoError);
    CHECK_ERROR(SchedContextBind, seL4_IllegalOperation, seL4_SchedContext_Bind(t.sc, woken_ntfn));
    for (int i = 1; i <= 3; i++) {
        seL4_Signal(woken_ntfn);
        seL4_Wait(woke_done, &badge);
        CHECK_EQ(woke_count, i);
    }
    CHECK_EQ(seL4_SchedContext_UnbindObject(sc, woken_ntfn), seL4_NoError);
    seL4_Signal(woken_ntfn); /* no SC to lend now: the passive thread cannot run */
    seL4_Poll(woke_done, &badge);
    CHECK_EQ(woke_count, 3);
    thread_destroy(&t);
}

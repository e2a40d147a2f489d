/*
 * Faults delivered as messages to a thread's fault (or timeout) endpoint,
 * with the manual's labels and layouts, and the handler's reply restarting
 * the thread (with registers it chose) or leaving it stopped.
 */
#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"
#include "thread.h"

enum {
    LABEL_CAP_FAULT = 1,
    LABEL_UNKNOWN_SYSCALL = 2,
    LABEL_USER_EXCEPTION = 3,
    LABEL_TIMEOUT = 5,
    LABEL_VM_FAULT = 6,
    /* libsel4's seL4_TimeoutReply_* positions on x86_64 (seL4_UserContext order). */
    TIMEOUT_REPLY_FAULT_IP = 0,
    TIMEOUT_REPLY_RSP = 1,
    TIMEOUT_REPLY_FLAGS = 2,
    TIMEOUT_REPLY_RDI = 8,
    TIMEOUT_REPLY_LENGTH = 19,
};

static seL4_CPtr done_ntfn;
static volatile seL4_Word after_fault;

typedef struct {
    seL4_CPtr ep;
    seL4_CPtr reply;
    test_thread_t thread;
} handler_t;

/* An endpoint (badge 0x66 for the faulting thread) and reply object for the root to handle with. */
static int handler_setup(handler_t *h, void (*fn)(seL4_Word), seL4_Word arg)
{
    seL4_CPtr badged = cs_slot();

    h->ep = cs_new(seL4_EndpointObject, 0);
    h->reply = cs_new(seL4_ReplyObject, 0);
    done_ntfn = cs_new(seL4_NotificationObject, 0);
    after_fault = 0;
    if (h->ep == 0 || h->reply == 0 || done_ntfn == 0 ||
        seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, h->ep, DEPTH, seL4_AllRights, 0x66)) {
        return -1;
    }
    return thread_start_handled(&h->thread, fn, arg, 200, badged);
}

static _Noreturn void do_ud2(seL4_Word unused)
{
    (void)unused;
    __asm__ volatile("ud2");
    after_fault = 1;
    seL4_Signal(done_ntfn);
    thread_park();
}

DEFINE_TEST(FAULT_001, "a #UD reaches the handler as UserException; its reply skips the ud2")
{
    handler_t h;
    seL4_Word badge = 0;

    CHECK_EQ(handler_setup(&h, do_ud2, 0), 0);
    seL4_MessageInfo_t info = seL4_Recv(h.ep, &badge, h.reply);
    CHECK_EQ(badge, 0x66);
    CHECK_EQ(seL4_MessageInfo_get_label(info), LABEL_USER_EXCEPTION);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 5);
    seL4_Word ip = seL4_GetMR(0);
    CHECK_EQ(*(const unsigned short *)ip, 0x0b0f); /* the fault IP is the ud2 */
    CHECK_EQ(seL4_GetMR(3), 6);                    /* #UD */
    seL4_SetMR(0, ip + 2);
    seL4_Send(h.reply, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Wait(done_ntfn, &badge);
    CHECK_EQ(after_fault, 1);
    thread_destroy(&h.thread);
}

static _Noreturn void do_null_read(seL4_Word unused)
{
    (void)unused;
    after_fault = *(volatile seL4_Word *)(seL4_Word)unused; /* unused is 0 */
    after_fault = 1;
    thread_park();
}

DEFINE_TEST(FAULT_002,
            "a NULL dereference reaches the handler as VMFault; label 1 leaves it stopped")
{
    handler_t h;
    seL4_Word badge = 0;

    CHECK_EQ(handler_setup(&h, do_null_read, 0), 0);
    seL4_MessageInfo_t info = seL4_Recv(h.ep, &badge, h.reply);
    CHECK_EQ(seL4_MessageInfo_get_label(info), LABEL_VM_FAULT);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 4);
    CHECK_EQ(seL4_GetMR(1), 0);   /* address */
    CHECK_EQ(seL4_GetMR(2), 0);   /* a data access */
    CHECK_EQ(seL4_GetMR(3), 0x4); /* user, read, not present */
    seL4_Send(h.reply, seL4_MessageInfo_new(1, 0, 0, 0));
    /* Nothing more comes: the thread stays stopped while this one runs on. */
    seL4_Word none = 0;
    seL4_NBRecv(h.ep, &none, h.reply);
    CHECK_EQ(after_fault, 0);
    thread_destroy(&h.thread);
}

static _Noreturn void do_unknown_syscall(seL4_Word unused)
{
    seL4_Word rax = 0;

    (void)unused;
    __asm__ volatile("syscall" : "=a"(rax) : "d"(-77l) : "rcx", "r11", "memory");
    after_fault = rax;
    seL4_Signal(done_ntfn);
    thread_park();
}

DEFINE_TEST(FAULT_003, "an unknown syscall reaches the handler with all registers; it sets rax")
{
    handler_t h;
    seL4_Word badge = 0;

    CHECK_EQ(handler_setup(&h, do_unknown_syscall, 0), 0);
    seL4_MessageInfo_t info = seL4_Recv(h.ep, &badge, h.reply);
    CHECK_EQ(seL4_MessageInfo_get_label(info), LABEL_UNKNOWN_SYSCALL);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 19);
    CHECK_EQ(seL4_GetMR(18), (seL4_Word)-77);
    CHECK_EQ(seL4_GetMR(3), (seL4_Word)-77); /* rdx */
    seL4_Word ip = seL4_GetMR(15);
    CHECK_EQ(*(const unsigned short *)ip, 0x050f); /* the fault IP is the syscall */
    for (int i = 0; i < 18; i++) {
        seL4_SetMR(i, seL4_GetMR(i));
    }
    seL4_SetMR(0, 0x1234); /* rax */
    seL4_SetMR(15, ip + 2);
    seL4_Send(h.reply, seL4_MessageInfo_new(0, 0, 0, 18));
    seL4_Wait(done_ntfn, &badge);
    CHECK_EQ(after_fault, 0x1234);
    thread_destroy(&h.thread);
}

static _Noreturn void do_bad_call(seL4_Word unused)
{
    (void)unused;
    seL4_Call(1ul << 60, seL4_MessageInfo_new(0, 0, 0, 0));
    after_fault = 1;
    thread_park();
}

DEFINE_TEST(FAULT_004, "a bad capability pointer reaches the handler as CapFault")
{
    handler_t h;
    seL4_Word badge = 0;

    CHECK_EQ(handler_setup(&h, do_bad_call, 0), 0);
    seL4_MessageInfo_t info = seL4_Recv(h.ep, &badge, h.reply);
    CHECK_EQ(seL4_MessageInfo_get_label(info), LABEL_CAP_FAULT);
    CHECK_EQ(seL4_GetMR(1), 1ul << 60);
    CHECK_EQ(seL4_GetMR(2), 0); /* not in a receive phase */
    CHECK_EQ(seL4_GetMR(3), seL4_GuardMismatch);
    seL4_Send(h.reply, seL4_MessageInfo_new(1, 0, 0, 0));
    CHECK_EQ(after_fault, 0);
    thread_destroy(&h.thread);
}

static volatile seL4_Word timeout_spins;
static volatile seL4_Word resumed_sp;
static unsigned char resume_stack[4096] __attribute__((aligned(16)));

/* Spins until its budget runs out. */
static _Noreturn void do_spin(seL4_Word unused)
{
    (void)unused;
    for (;;) {
        timeout_spins++;
    }
}

/*
 * Where the timeout handler's reply sends the thread, with its argument in
 * rdi. It then reports through a #UD to its fault handler, so a thread
 * that went on spinning shows up as another Timeout fault instead.
 */
static _Noreturn void resumed_here(seL4_Word arg)
{
    seL4_Word here = 0;

    resumed_sp = (seL4_Word)&here;
    after_fault = arg;
    __asm__ volatile("ud2");
    thread_park();
}

DEFINE_TEST(FAULT_005, "a Timeout fault's reply sets registers; the thread resumes with them")
{
    seL4_CPtr sched_control = seL4_GetBootInfo()->schedcontrol.start;
    seL4_Word stack_top = (seL4_Word)&resume_stack[sizeof(resume_stack)];
    handler_t h;
    seL4_Word badge = 0;

    timeout_spins = 0;
    CHECK_EQ(handler_setup(&h, do_spin, 0), 0);
    CHECK_EQ(seL4_TCB_SetTimeoutEndpoint(h.thread.tcb, h.ep), seL4_NoError);
    CHECK_EQ(seL4_SchedControl_ConfigureFlags(sched_control, h.thread.sc, 1000, 20000, 0, 0x77, 0),
             seL4_NoError);
    seL4_MessageInfo_t info = seL4_Recv(h.ep, &badge, h.reply);
    CHECK_EQ(seL4_MessageInfo_get_label(info), LABEL_TIMEOUT);
    CHECK_EQ(seL4_GetMR(0), 0x77);
    CHECK(timeout_spins > 0);
    for (int i = 0; i < TIMEOUT_REPLY_LENGTH; i++) {
        seL4_SetMR(i, 0);
    }
    seL4_SetMR(TIMEOUT_REPLY_FAULT_IP, (seL4_Word)resumed_here);
    seL4_SetMR(TIMEOUT_REPLY_RSP, stack_top - 8); /* as if called: rsp + 8 aligned to 16 */
    seL4_SetMR(TIMEOUT_REPLY_FLAGS, 0);
    seL4_SetMR(TIMEOUT_REPLY_RDI, 0xfeed);
    seL4_Send(h.reply, seL4_MessageInfo_new(0, 0, 0, TIMEOUT_REPLY_LENGTH));
    /* It resumes at its next refill, in resumed_here(0xfeed) on the new stack. */
    info = seL4_Recv(h.ep, &badge, h.reply);
    CHECK_EQ(seL4_MessageInfo_get_label(info), LABEL_USER_EXCEPTION);
    CHECK_EQ(badge, 0x66);
    CHECK_EQ(after_fault, 0xfeed);
    CHECK(resumed_sp > (seL4_Word)resume_stack && resumed_sp < stack_top);
    thread_destroy(&h.thread);
}

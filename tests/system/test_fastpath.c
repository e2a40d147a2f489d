/*
 * The cases at the edges of the IPC fastpath's conditions (kernel/api/
 * fastpath.c): short messages it carries, longer ones it leaves to the
 * slowpath, and the scheduling orders it must not change. The whole suite
 * also runs against a kernel without the fastpath (tools/run-system-tests),
 * so each expectation here holds for both.
 */
#include <stdbool.h>

#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"
#include "thread.h"

enum {
    LOG_MAX = 16,
};

static seL4_CPtr fp_ep;
static seL4_CPtr fp_reply;
static seL4_CPtr fp_done;
static char order[LOG_MAX];
static volatile unsigned order_len;

static void note(char c)
{
    if (order_len < LOG_MAX - 1) {
        order[order_len++] = c;
    }
}

static void reset_order(void)
{
    order_len = 0;
    for (unsigned i = 0; i < LOG_MAX; i++) {
        order[i] = '\0';
    }
}

static bool order_is(const char *want)
{
    unsigned i = 0;

    for (; want[i] != '\0'; i++) {
        if (i >= order_len || order[i] != want[i]) {
            return false;
        }
    }
    return i == order_len;
}

/*
 * Announces itself on `ready` while it first waits, then answers every
 * message: label + 1, the same length, each register word + 1, badge in
 * the last word it can carry. Notes 'S' for each message.
 */
static _Noreturn void echo_server(seL4_Word ready)
{
    seL4_Word badge = 0;
    seL4_Word m[4] = { 0, 0, 0, 0 };
    seL4_MessageInfo_t info = seL4_NBSendRecvWithMRs(ready, seL4_MessageInfo_new(0, 0, 0, 0), fp_ep,
                                                     &badge, &m[0], &m[1], &m[2], &m[3], fp_reply);
    for (;;) {
        seL4_Word length = seL4_MessageInfo_get_length(info);
        note('S');
        for (unsigned i = 0; i < 4; i++) {
            m[i] += 1;
        }
        if (length > 0 && length <= 4) {
            m[length - 1] = badge;
        }
        info = seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, length);
        info = seL4_ReplyRecvWithMRs(fp_ep, info, &badge, &m[0], &m[1], &m[2], &m[3], fp_reply);
    }
}

/* Starts the echo server at `prio` and makes it passive once it waits. */
static int start_passive_echo(test_thread_t *server, seL4_Word prio)
{
    seL4_CPtr ready = cs_new(seL4_NotificationObject, 0);
    seL4_Word badge = 0;

    fp_ep = cs_new(seL4_EndpointObject, 0);
    fp_reply = cs_new(seL4_ReplyObject, 0);
    fp_done = cs_new(seL4_NotificationObject, 0);
    if (ready == 0 || fp_ep == 0 || fp_reply == 0 || fp_done == 0 ||
        thread_start(server, echo_server, ready, prio) != 0) {
        return -1;
    }
    seL4_Wait(ready, &badge);
    return thread_make_passive(server);
}

DEFINE_TEST(FASTPATH_001, "calls to a passive server carry 0 to 4 words, any label and the badge")
{
    test_thread_t server;
    seL4_CPtr badged = cs_slot();
    const seL4_Word label = ((seL4_Word)1 << 51) + 0x123; /* labels have 52 bits */

    CHECK_EQ(start_passive_echo(&server, 200), 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, fp_ep, DEPTH, seL4_AllRights, 0xbad6e),
             seL4_NoError);
    for (seL4_Word round = 0; round < 3; round++) {
        for (seL4_Word length = 0; length <= 4; length++) {
            seL4_Word m[4] = { 10, 20, 30, 40 };
            seL4_MessageInfo_t info =
                seL4_CallWithMRs(badged, seL4_MessageInfo_new(label + length, 0, 0, length), &m[0],
                                 &m[1], &m[2], &m[3]);
            CHECK_EQ(seL4_MessageInfo_get_label(info), label + length + 1);
            CHECK_EQ(seL4_MessageInfo_get_length(info), length);
            CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
            for (seL4_Word i = 0; i + 1 < length; i++) {
                CHECK_EQ(m[i], 10 * (i + 1) + 1);
            }
            if (length > 0) {
                CHECK_EQ(m[length - 1], 0xbad6e);
            }
        }
    }
    thread_destroy(&server);
}

/* Words past the fourth travel in the IPC buffers: the slowpath's part. */
DEFINE_TEST(FASTPATH_002, "a six-word call to a passive server arrives whole")
{
    test_thread_t server;
    seL4_IPCBuffer *own = seL4_GetIPCBuffer();

    CHECK_EQ(start_passive_echo(&server, 200), 0);
    CHECK(thread_set_buffer(&server, 0) != 0);
    for (unsigned i = 0; i < 6; i++) {
        own->msg[i] = 100 + i;
    }
    seL4_MessageInfo_t info = seL4_Call(fp_ep, seL4_MessageInfo_new(7, 0, 0, 6));
    /* The server echoes a six-word length but answers words 0-3 only. */
    CHECK_EQ(seL4_MessageInfo_get_label(info), 8);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 6);
    CHECK_EQ(seL4_GetMR(0), 101);
    CHECK_EQ(seL4_GetMR(3), 104);
    CHECK_EQ(seL4_GetMR(5), 105);
    thread_destroy(&server);
}

static _Noreturn void noting_client(seL4_Word unused)
{
    (void)unused;
    note('C');
    (void)seL4_Call(fp_ep, seL4_MessageInfo_new(0, 0, 0, 0));
    note('c');
    seL4_Signal(fp_done);
    thread_park();
}

static _Noreturn void bystander(seL4_Word mark)
{
    note((char)mark);
    thread_park();
}

/*
 * A thread already ready at the server's priority runs before the server:
 * the server joins the back of the ready queue as the slowpath puts it.
 */
DEFINE_TEST(FASTPATH_003, "a ready thread at the passive server's priority runs before it")
{
    test_thread_t server;
    test_thread_t client;
    test_thread_t other;
    seL4_Word badge = 0;

    reset_order();
    CHECK_EQ(start_passive_echo(&server, 100), 0);
    CHECK_EQ(thread_start(&client, noting_client, 0, 100), 0);
    CHECK_EQ(thread_start(&other, bystander, 'B', 100), 0);
    seL4_Wait(fp_done, &badge);
    thread_destroy(&other);
    thread_destroy(&client);
    thread_destroy(&server);
    if (!order_is("CBSc")) {
        systest_fail(__FILE__, __LINE__, "ran in the order %s, not CBSc", order);
    }
}

static seL4_CPtr middle_go;

static _Noreturn void middle(seL4_Word unused)
{
    seL4_Word badge = 0;

    (void)unused;
    seL4_Wait(middle_go, &badge);
    note('M');
    thread_park();
}

/* Wakes the middle thread (which cannot preempt it), then answers. */
static _Noreturn void waking_server(seL4_Word ready)
{
    seL4_Word badge = 0;
    seL4_Word m[4] = { 0, 0, 0, 0 };
    (void)seL4_NBSendRecvWithMRs(ready, seL4_MessageInfo_new(0, 0, 0, 0), fp_ep, &badge, &m[0],
                                 &m[1], &m[2], &m[3], fp_reply);
    for (;;) {
        note('S');
        seL4_Signal(middle_go);
        (void)seL4_ReplyRecvWithMRs(fp_ep, seL4_MessageInfo_new(0, 0, 0, 0), &badge, &m[0], &m[1],
                                    &m[2], &m[3], fp_reply);
    }
}

/* The reply makes the low caller ready, but the middle thread is higher. */
DEFINE_TEST(FASTPATH_004, "a reply to a low caller lets a ready middle-priority thread run first")
{
    seL4_CPtr ready = cs_new(seL4_NotificationObject, 0);
    test_thread_t server;
    test_thread_t client;
    test_thread_t mid;
    seL4_Word badge = 0;

    reset_order();
    fp_ep = cs_new(seL4_EndpointObject, 0);
    fp_reply = cs_new(seL4_ReplyObject, 0);
    fp_done = cs_new(seL4_NotificationObject, 0);
    middle_go = cs_new(seL4_NotificationObject, 0);
    CHECK(ready != 0 && fp_ep != 0 && fp_reply != 0 && fp_done != 0 && middle_go != 0);
    CHECK_EQ(thread_start(&server, waking_server, ready, 150), 0);
    seL4_Wait(ready, &badge);
    CHECK_EQ(thread_make_passive(&server), 0);
    CHECK_EQ(thread_start(&mid, middle, 0, 100), 0);
    CHECK_EQ(thread_start(&client, noting_client, 0, 50), 0);
    seL4_Wait(fp_done, &badge);
    thread_destroy(&mid);
    thread_destroy(&client);
    thread_destroy(&server);
    if (!order_is("CSMc")) {
        systest_fail(__FILE__, __LINE__, "ran in the order %s, not CSMc", order);
    }
}

/* The same with nothing in between: the reply goes straight to the caller. */
DEFINE_TEST(FASTPATH_005, "a call and reply with nothing else ready switch straight over")
{
    test_thread_t server;
    test_thread_t client;
    seL4_Word badge = 0;

    reset_order();
    CHECK_EQ(start_passive_echo(&server, 150), 0);
    CHECK_EQ(thread_start(&client, noting_client, 0, 50), 0);
    seL4_Wait(fp_done, &badge);
    thread_destroy(&client);
    thread_destroy(&server);
    if (!order_is("CSc")) {
        systest_fail(__FILE__, __LINE__, "ran in the order %s, not CSc", order);
    }
}

enum {
    STRESS_CALLS = 100000,
};

static volatile seL4_Word stress_bad;

/* Calls the echo server over and over on a small budget, checking each answer. */
static _Noreturn void stress_client(seL4_Word unused)
{
    (void)unused;
    for (seL4_Word i = 0; i < STRESS_CALLS; i++) {
        seL4_Word m[4] = { i, 0, 0, 0 };
        seL4_MessageInfo_t info =
            seL4_CallWithMRs(fp_ep, seL4_MessageInfo_new(1, 0, 0, 2), &m[0], &m[1], &m[2], &m[3]);
        if (seL4_MessageInfo_get_label(info) != 2 || m[0] != i + 1 || m[1] != 0) {
            stress_bad++;
        }
    }
    seL4_Signal(fp_done);
    thread_park();
}

/*
 * Budgets run out in the middle of calls and replies, so the timer lands
 * on both sides of the fastpath's deadline check; every answer stays right.
 */
DEFINE_TEST(FASTPATH_006, "100,000 calls on a 1 ms budget per 3 ms, every answer right")
{
    seL4_CPtr sched_control = seL4_GetBootInfo()->schedcontrol.start;
    test_thread_t server;
    test_thread_t client;
    seL4_Word badge = 0;

    stress_bad = 0;
    CHECK_EQ(start_passive_echo(&server, 200), 0);
    CHECK_EQ(thread_start(&client, stress_client, 0, 100), 0);
    CHECK_EQ(seL4_SchedControl_ConfigureFlags(sched_control, client.sc, 1000, 3000, 0, 0, 0),
             seL4_NoError);
    seL4_Wait(fp_done, &badge);
    seL4_SchedContext_Consumed_t used = seL4_SchedContext_Consumed(client.sc);
    thread_destroy(&client);
    thread_destroy(&server);
    CHECK_EQ(stress_bad, 0);
    CHECK(used.consumed > 0);
}

static seL4_CPtr sig_ntfn;
static volatile seL4_Word sig_seen;
static volatile seL4_Word sig_wakes;

/* Waits on sig_ntfn for ever, noting 'W' and the badge at each wake. */
static _Noreturn void sig_waiter(seL4_Word unused)
{
    (void)unused;
    for (;;) {
        seL4_Word badge = 0;
        seL4_Wait(sig_ntfn, &badge);
        sig_seen = badge;
        sig_wakes++;
        note('W');
    }
}

/*
 * A waiter above the signaller runs before Signal returns; one at the same
 * priority waits until the signaller blocks. Badges arrive either way.
 */
DEFINE_TEST(FASTPATH_007, "Signal runs a higher-priority waiter at once, an equal one later")
{
    test_thread_t high;
    test_thread_t same;
    seL4_CPtr badged = cs_slot();

    reset_order();
    sig_wakes = 0;
    sig_ntfn = cs_new(seL4_NotificationObject, 0);
    fp_done = cs_new(seL4_NotificationObject, 0);
    CHECK(sig_ntfn != 0 && fp_done != 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, sig_ntfn, DEPTH, seL4_AllRights, 0x5a),
             seL4_NoError);
    CHECK_EQ(thread_start(&high, sig_waiter, 0, 255), 0);
    CHECK_EQ(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 254), seL4_NoError);
    seL4_Yield(); /* the waiter, above, is waiting already; this only checks nothing else runs */
    for (unsigned i = 0; i < 1000; i++) {
        seL4_Signal(badged);
        CHECK_EQ(sig_wakes, i + 1);
        CHECK_EQ(sig_seen, 0x5a);
    }
    thread_destroy(&high);
    CHECK_EQ(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255), seL4_NoError);
    /* Same priority: the signal is delivered, the waiter runs only when this thread waits. */
    CHECK_EQ(thread_start(&same, sig_waiter, 0, 255), 0);
    seL4_Yield(); /* let it reach its Wait */
    reset_order();
    seL4_Signal(badged);
    note('R');
    CHECK_EQ(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 254), seL4_NoError);
    CHECK_EQ(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255), seL4_NoError);
    thread_destroy(&same);
    if (!order_is("RW")) {
        systest_fail(__FILE__, __LINE__, "ran in the order %s, not RW", order);
    }
}

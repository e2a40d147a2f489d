/*
 * Threads and IPC between them: a thread signalling the root task, a Call
 * answered through a reply object with label, words and badge intact, a
 * passive server running on its callers' scheduling context, FIFO order
 * of queued senders, and preemption when a higher-priority thread wakes.
 */
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"
#include "thread.h"

static seL4_CPtr badged_copy(seL4_CPtr cap, seL4_Word badge)
{
    seL4_CPtr slot = cs_slot();

    if (seL4_CNode_Mint(ROOT, slot, DEPTH, ROOT, cap, DEPTH, seL4_AllRights, badge) != 0) {
        return 0;
    }
    return slot;
}

static _Noreturn void signaller(seL4_Word ntfn)
{
    seL4_Signal(ntfn);
    thread_park();
}

DEFINE_TEST(THREAD_001, "a new thread runs and signals the root task")
{
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);
    seL4_CPtr badged = badged_copy(ntfn, 0x30);
    test_thread_t t;
    seL4_Word badge = 0;

    CHECK(ntfn != 0 && badged != 0);
    CHECK_EQ(thread_start(&t, signaller, badged, 200), 0);
    seL4_Wait(ntfn, &badge);
    CHECK_EQ(badge, 0x30);
    thread_destroy(&t);
}

static struct {
    seL4_Word label;
    seL4_Word length;
    seL4_Word words[3];
} client_saw;

static seL4_CPtr client_done; /* the client signals it when client_saw is filled */

static _Noreturn void caller(seL4_Word ep)
{
    seL4_Word m0 = 11;
    seL4_Word m1 = 22;
    seL4_Word m2 = 33;
    seL4_Word m3 = 0;
    seL4_MessageInfo_t info =
        seL4_CallWithMRs(ep, seL4_MessageInfo_new(0x42, 0, 0, 3), &m0, &m1, &m2, &m3);

    client_saw.label = seL4_MessageInfo_get_label(info);
    client_saw.length = seL4_MessageInfo_get_length(info);
    client_saw.words[0] = m0;
    client_saw.words[1] = m1;
    seL4_Signal(client_done);
    thread_park();
}

DEFINE_TEST(IPC_001, "Call/Recv/reply carry label, words and badge both ways")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr client_ep = badged_copy(ep, 0x77);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    test_thread_t t;
    seL4_Word badge = 0;
    seL4_Word m[4] = { 0, 0, 0, 0 };

    client_done = cs_new(seL4_NotificationObject, 0);
    CHECK(ep != 0 && client_ep != 0 && reply != 0 && client_done != 0);
    CHECK_EQ(thread_start(&t, caller, client_ep, 200), 0);
    seL4_MessageInfo_t info = seL4_RecvWithMRs(ep, &badge, &m[0], &m[1], &m[2], &m[3], reply);
    CHECK_EQ(badge, 0x77);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x42);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 3);
    CHECK(m[0] == 11 && m[1] == 22 && m[2] == 33);
    m[0] = 0xaa;
    m[1] = 0xbb;
    seL4_SendWithMRs(reply, seL4_MessageInfo_new(0x99, 0, 0, 2), &m[0], &m[1], &m[2], &m[3]);
    /* The client, at a lower priority, runs once this thread blocks. */
    seL4_Word none = 0;
    seL4_Wait(client_done, &none);
    CHECK_EQ(client_saw.label, 0x99);
    CHECK_EQ(client_saw.length, 2);
    CHECK(client_saw.words[0] == 0xaa && client_saw.words[1] == 0xbb);
    thread_destroy(&t);
}

static seL4_CPtr server_ep;
static seL4_CPtr server_reply;

/* Announces itself and waits in one call, then answers x with x + 1 forever. */
static _Noreturn void increment_server(seL4_Word ready)
{
    seL4_Word badge = 0;
    seL4_Word m[4] = { 0, 0, 0, 0 };
    seL4_NBSendRecvWithMRs(ready, seL4_MessageInfo_new(0, 0, 0, 0), server_ep, &badge, &m[0], &m[1],
                           &m[2], &m[3], server_reply);
    for (;;) {
        m[0] += 1;
        seL4_ReplyRecvWithMRs(server_ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge, &m[0], &m[1],
                              &m[2], &m[3], server_reply);
    }
}

DEFINE_TEST(IPC_002, "a passive server runs only on its callers' scheduling context")
{
    seL4_CPtr ready = cs_new(seL4_NotificationObject, 0);
    test_thread_t server;
    seL4_Word badge = 0;

    server_ep = cs_new(seL4_EndpointObject, 0);
    server_reply = cs_new(seL4_ReplyObject, 0);
    CHECK(ready != 0 && server_ep != 0 && server_reply != 0);
    CHECK_EQ(thread_start(&server, increment_server, ready, 200), 0);
    seL4_Wait(ready, &badge);
    CHECK_EQ(thread_make_passive(&server), 0);
    for (seL4_Word x = 40; x < 45; x++) {
        seL4_Word m0 = x;
        seL4_Word m1 = 0;
        seL4_Word m2 = 0;
        seL4_Word m3 = 0;
        seL4_MessageInfo_t info =
            seL4_CallWithMRs(server_ep, seL4_MessageInfo_new(1, 0, 0, 1), &m0, &m1, &m2, &m3);
        CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
        CHECK_EQ(m0, x + 1);
    }
    thread_destroy(&server);
}

static seL4_CPtr fifo_ep;

static _Noreturn void fifo_sender(seL4_Word badged_ep)
{
    seL4_Send(badged_ep, seL4_MessageInfo_new(0, 0, 0, 0));
    thread_park();
}

/* Lets the threads of priority above 100 run until they block, then continues. */
static int let_others_run(void)
{
    return seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100) ||
           seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
}

DEFINE_TEST(IPC_003, "senders queued on an endpoint are received in FIFO order")
{
    test_thread_t senders[4];
    seL4_Word badge = 0;

    fifo_ep = cs_new(seL4_EndpointObject, 0);
    CHECK(fifo_ep != 0);
    /* Each sender queues before the next starts, so the queue order is known. */
    for (seL4_Word i = 0; i < 4; i++) {
        seL4_CPtr badged = badged_copy(fifo_ep, i + 1);
        CHECK(badged != 0);
        CHECK_EQ(thread_start(&senders[i], fifo_sender, badged, 150), 0);
        CHECK_EQ(let_others_run(), 0);
    }
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    for (seL4_Word i = 0; i < 4; i++) {
        seL4_Recv(fifo_ep, &badge, reply);
        CHECK_EQ(badge, i + 1);
    }
    for (unsigned i = 0; i < 4; i++) {
        thread_destroy(&senders[i]);
    }
}

static volatile seL4_Word woke;
static seL4_CPtr wake_ntfn;

static _Noreturn void high_waiter(seL4_Word unused)
{
    seL4_Word badge = 0;

    (void)unused;
    for (;;) {
        seL4_Wait(wake_ntfn, &badge);
        woke++;
    }
}

DEFINE_TEST(IPC_004, "waking a higher-priority thread preempts the signaller at once")
{
    test_thread_t high;

    wake_ntfn = cs_new(seL4_NotificationObject, 0);
    CHECK(wake_ntfn != 0);
    CHECK_EQ(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100), seL4_NoError);
    CHECK_EQ(thread_start(&high, high_waiter, 0, 200), 0); /* runs now and blocks */
    woke = 0;
    seL4_Signal(wake_ntfn);
    seL4_Word after_first = woke;
    seL4_Signal(wake_ntfn);
    seL4_Word after_second = woke;
    thread_destroy(&high);
    CHECK_EQ(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255), seL4_NoError);
    CHECK_EQ(after_first, 1);
    CHECK_EQ(after_second, 2);
}

static seL4_CPtr doomed_ep;
static seL4_CPtr doomed_reply;

static _Noreturn void doomed_receiver(seL4_Word unused)
{
    seL4_Word badge = 0;

    (void)unused;
    seL4_Recv(doomed_ep, &badge, doomed_reply);
    thread_park();
}

DEFINE_TEST(IPC_005, "deleting an endpoint with a receiver blocked on it leaves no dangling queue")
{
    seL4_CPtr ut = cs_new_untyped(12);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    seL4_CPtr sync = cs_new(seL4_NotificationObject, 0);
    test_thread_t t;
    seL4_Word badge = 0;

    doomed_ep = cs_slot();
    doomed_reply = reply;
    CHECK(ut != 0 && reply != 0 && sync != 0);
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, doomed_ep, 1),
             seL4_NoError);
    CHECK_EQ(thread_start(&t, doomed_receiver, 0, 200), 0);
    seL4_Poll(sync, &badge); /* a system call: nothing else runs, the thread is lower */
    CHECK_EQ(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100),
             seL4_NoError); /* the receiver now runs and blocks */
    CHECK_EQ(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255), seL4_NoError);
    /* Deleting the endpoint takes the receiver out of its queue (it would restart its
     * Recv, but this thread is higher priority and destroys it first). */
    CHECK_EQ(seL4_CNode_Delete(ROOT, doomed_ep, DEPTH), seL4_NoError);
    thread_destroy(&t);
    CHECK_EQ(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_UntypedObject, 12, ROOT, 0, 0, cs_slot(), 1),
             seL4_NoError);
}

DEFINE_TEST(IPC_006, "CancelBadgedSends restarts only the senders with that badge")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr one = badged_copy(ep, 1);
    seL4_CPtr two = badged_copy(ep, 2);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    test_thread_t s1;
    test_thread_t s2;
    seL4_Word badge = 0;

    CHECK(ep != 0 && one != 0 && two != 0 && reply != 0);
    CHECK_EQ(thread_start(&s1, fifo_sender, one, 150), 0);
    CHECK_EQ(let_others_run(), 0);
    CHECK_EQ(thread_start(&s2, fifo_sender, two, 150), 0);
    CHECK_EQ(let_others_run(), 0); /* both senders are queued: 1 then 2 */
    CHECK_EQ(seL4_CNode_CancelBadgedSends(ROOT, one, DEPTH), seL4_NoError);
    /* Sender 1 restarts its Send once this thread blocks, queueing behind 2. */
    seL4_Recv(ep, &badge, reply);
    CHECK_EQ(badge, 2);
    seL4_Recv(ep, &badge, reply);
    CHECK_EQ(badge, 1);
    thread_destroy(&s1);
    thread_destroy(&s2);
}

static seL4_CPtr stress_done;
static volatile seL4_Word stress_errors;

enum {
    STRESS_ROUND_TRIPS = 1000000,
};

static _Noreturn void stress_client(seL4_Word ep)
{
    for (seL4_Word i = 0; i < STRESS_ROUND_TRIPS; i++) {
        seL4_Word m0 = i;
        seL4_Word unused = 0;
        seL4_CallWithMRs(ep, seL4_MessageInfo_new(0, 0, 0, 1), &m0, &unused, &unused, &unused);
        stress_errors += m0 != ~i;
    }
    seL4_Signal(stress_done);
    thread_park();
}

DEFINE_TEST(IPC_007, "1,000,000 call/reply round trips between two threads, none corrupted")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    test_thread_t t;
    seL4_Word badge = 0;
    seL4_Word m0 = 0;
    seL4_Word unused = 0;
    seL4_Word bad = 0;

    stress_done = cs_new(seL4_NotificationObject, 0);
    stress_errors = 0;
    CHECK(ep != 0 && reply != 0 && stress_done != 0);
    CHECK_EQ(thread_start(&t, stress_client, ep, 200), 0);
    seL4_RecvWithMRs(ep, &badge, &m0, &unused, &unused, &unused, reply);
    for (seL4_Word i = 0; i < STRESS_ROUND_TRIPS; i++) {
        bad += m0 != i;
        m0 = ~m0;
        if (i + 1 == STRESS_ROUND_TRIPS) {
            seL4_SendWithMRs(reply, seL4_MessageInfo_new(0, 0, 0, 1), &m0, &unused, &unused,
                             &unused);
            break;
        }
        seL4_ReplyRecvWithMRs(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge, &m0, &unused, &unused,
                              &unused, reply);
    }
    seL4_Wait(stress_done, &badge);
    CHECK_EQ(bad, 0);
    CHECK_EQ(stress_errors, 0);
    thread_destroy(&t);
}

static seL4_CPtr multi_done;
static volatile seL4_Word multi_answers[3];

/* Calls the increment server with 100 * (which + 1) and records the answer. */
static _Noreturn void multi_client(seL4_Word which)
{
    seL4_Word m0 = 100 * (which + 1);
    seL4_Word unused = 0;

    seL4_CallWithMRs(server_ep, seL4_MessageInfo_new(1, 0, 0, 1), &m0, &unused, &unused, &unused);
    multi_answers[which] = m0;
    seL4_Signal(multi_done);
    thread_park();
}

DEFINE_TEST(IPC_008, "one passive server serves clients at three priorities on their own SCs")
{
    seL4_CPtr ready = cs_new(seL4_NotificationObject, 0);
    test_thread_t server;
    test_thread_t clients[3];
    seL4_Word badge = 0;

    server_ep = cs_new(seL4_EndpointObject, 0);
    server_reply = cs_new(seL4_ReplyObject, 0);
    multi_done = cs_new(seL4_NotificationObject, 0);
    CHECK(ready != 0 && server_ep != 0 && server_reply != 0 && multi_done != 0);
    CHECK_EQ(thread_start(&server, increment_server, ready, 50), 0);
    seL4_Wait(ready, &badge);
    CHECK_EQ(thread_make_passive(&server), 0);
    for (seL4_Word i = 0; i < 3; i++) {
        multi_answers[i] = 0;
        CHECK_EQ(thread_start(&clients[i], multi_client, i, 100 + 50 * i), 0);
    }
    for (int i = 0; i < 3; i++) {
        seL4_Wait(multi_done, &badge);
    }
    for (seL4_Word i = 0; i < 3; i++) {
        CHECK_EQ(multi_answers[i], 100 * (i + 1) + 1);
        thread_destroy(&clients[i]);
    }
    thread_destroy(&server);
}

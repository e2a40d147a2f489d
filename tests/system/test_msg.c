/*
 * Message contents between threads with IPC buffers: every length up to
 * seL4_MsgMaxLength both ways, capability transfer into the receive slot,
 * unwrapping of capabilities to the endpoint used, and the Grant rule.
 */
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"
#include "thread.h"

static seL4_IPCBuffer *client_buffer;
static seL4_CPtr client_done;
static volatile seL4_Word client_errors;

static seL4_Word pattern(seL4_Word length, seL4_Word i)
{
    return length * 1000 + i * 7 + 1;
}

/* Sends messages of every length and checks each reply is the same words reversed. */
static _Noreturn void echo_client(seL4_Word ep)
{
    for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
        seL4_Word m[4] = { 0, 0, 0, 0 };
        for (seL4_Word i = 0; i < len; i++) {
            if (i < 4) {
                m[i] = pattern(len, i);
            } else {
                client_buffer->msg[i] = pattern(len, i);
            }
        }
        seL4_MessageInfo_t info =
            seL4_CallWithMRs(ep, seL4_MessageInfo_new(len, 0, 0, len), &m[0], &m[1], &m[2], &m[3]);
        client_errors += seL4_MessageInfo_get_length(info) != len;
        for (seL4_Word i = 0; i < len; i++) {
            seL4_Word got = i < 4 ? m[i] : client_buffer->msg[i];
            client_errors += got != pattern(len, len - 1 - i);
        }
    }
    seL4_Signal(client_done);
    thread_park();
}

DEFINE_TEST(MSG_001, "messages of every length 0..120 arrive intact, and their replies too")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    test_thread_t t;
    seL4_Word badge = 0;
    unsigned bad = 0;

    client_done = cs_new(seL4_NotificationObject, 0);
    client_errors = 0;
    CHECK(ep != 0 && reply != 0 && client_done != 0);
    CHECK_EQ(thread_start(&t, echo_client, ep, 200), 0);
    client_buffer = thread_set_buffer(&t, 0);
    CHECK(client_buffer != 0);
    for (seL4_Word len = 0; len <= seL4_MsgMaxLength; len++) {
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge, reply);
        bad += seL4_MessageInfo_get_label(info) != len || seL4_MessageInfo_get_length(info) != len;
        static seL4_Word words[seL4_MsgMaxLength];
        for (seL4_Word i = 0; i < len; i++) {
            words[i] = seL4_GetMR((int)i);
            bad += words[i] != pattern(len, i);
        }
        for (seL4_Word i = 0; i < len; i++) {
            seL4_SetMR((int)i, words[len - 1 - i]);
        }
        seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, len));
    }
    seL4_Wait(client_done, &badge);
    CHECK_EQ(bad, 0);
    CHECK_EQ(client_errors, 0);
    thread_destroy(&t);
}

static seL4_CPtr send_cap;

/* Sends one extra capability (send_cap) through ep. */
static _Noreturn void cap_sender(seL4_Word ep)
{
    seL4_Word m = 0;

    client_buffer->caps_or_badges[0] = send_cap;
    seL4_SendWithMRs(ep, seL4_MessageInfo_new(5, 0, 1, 0), &m, &m, &m, &m);
    thread_park();
}

/* Runs cap_sender through `ep_for_client`; returns the message info the root received. */
static seL4_MessageInfo_t receive_cap(seL4_CPtr ep, seL4_CPtr ep_for_client, seL4_CPtr dest,
                                      test_thread_t *t)
{
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    seL4_Word badge = 0;

    seL4_SetCapReceivePath(ROOT, dest, DEPTH);
    if (thread_start(t, cap_sender, ep_for_client, 200) != 0) {
        return seL4_MessageInfo_new(0xdead, 0, 0, 0);
    }
    client_buffer = thread_set_buffer(t, 1);
    return seL4_Recv(ep, &badge, reply);
}

DEFINE_TEST(MSG_002, "a granted capability arrives in the receive slot and works")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);
    seL4_CPtr dest = cs_slot();
    test_thread_t t;
    seL4_Word badge = 0;

    send_cap = cs_slot();
    CHECK(ep != 0 && ntfn != 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, send_cap, DEPTH, ROOT, ntfn, DEPTH, seL4_AllRights, 0x9), 0);
    seL4_MessageInfo_t info = receive_cap(ep, ep, dest, &t);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 5);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 1);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 0);
    seL4_Signal(dest);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0x9);
    thread_destroy(&t);
}

DEFINE_TEST(MSG_003, "a capability to the endpoint used is unwrapped into its badge")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr dest = cs_slot();
    test_thread_t t;

    send_cap = cs_slot();
    CHECK(ep != 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, send_cap, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 0x44), 0);
    seL4_MessageInfo_t info = receive_cap(ep, ep, dest, &t);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 1);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 1);
    CHECK_EQ(seL4_GetBadge(0), 0x44);
    CHECK(!cs_occupied(dest));
    thread_destroy(&t);
}

DEFINE_TEST(MSG_004, "without the Grant right no capability is passed")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr no_grant = cs_slot();
    seL4_CPtr dest = cs_slot();
    test_thread_t t;

    send_cap = cs_new(seL4_NotificationObject, 0);
    CHECK(ep != 0 && send_cap != 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, no_grant, DEPTH, ROOT, ep, DEPTH, seL4_CanWrite, 1), 0);
    seL4_MessageInfo_t info = receive_cap(ep, no_grant, dest, &t);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 5);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
    CHECK(!cs_occupied(dest));
    thread_destroy(&t);
}

static seL4_CPtr reply_cap_dest;
static volatile seL4_Word reply_extra_caps;

/* Calls with a receive path set, so the reply can carry a capability. */
static _Noreturn void granting_caller(seL4_Word ep)
{
    seL4_Word m = 0;

    client_buffer->receiveCNode = ROOT;
    client_buffer->receiveIndex = reply_cap_dest;
    client_buffer->receiveDepth = DEPTH;
    seL4_MessageInfo_t info =
        seL4_CallWithMRs(ep, seL4_MessageInfo_new(0, 0, 0, 0), &m, &m, &m, &m);
    reply_extra_caps = seL4_MessageInfo_get_extraCaps(info);
    seL4_Signal(client_done);
    thread_park();
}

DEFINE_TEST(MSG_005, "a reply to a call through a granting capability carries a capability")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);
    seL4_CPtr badged = cs_slot();
    test_thread_t t;
    seL4_Word badge = 0;

    reply_cap_dest = cs_slot();
    client_done = cs_new(seL4_NotificationObject, 0);
    CHECK(ep != 0 && reply != 0 && ntfn != 0 && client_done != 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, ntfn, DEPTH, seL4_AllRights, 0x21), 0);
    CHECK_EQ(thread_start(&t, granting_caller, ep, 200), 0);
    client_buffer = thread_set_buffer(&t, 2);
    CHECK(client_buffer != 0);
    seL4_Recv(ep, &badge, reply);
    seL4_SetCap(0, badged);
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 1, 0));
    seL4_Wait(client_done, &badge);
    CHECK_EQ(reply_extra_caps, 1);
    seL4_Signal(reply_cap_dest);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0x21);
    thread_destroy(&t);
}

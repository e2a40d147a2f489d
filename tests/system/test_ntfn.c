/*
 * Notifications seen by one thread: Signal ORs the capability's badge into
 * the word; Poll and Wait return the word and clear it.
 */
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"

static seL4_CPtr badged(seL4_CPtr ntfn, seL4_Word badge)
{
    seL4_CPtr slot = cs_slot();

    if (seL4_CNode_Mint(ROOT, slot, DEPTH, ROOT, ntfn, DEPTH, seL4_AllRights, badge) !=
        seL4_NoError) {
        return 0;
    }
    return slot;
}

DEFINE_TEST(NTFN_001, "Signal ORs badges in; Poll returns them once, then 0")
{
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);
    seL4_CPtr one = badged(ntfn, 0x1);
    seL4_CPtr four = badged(ntfn, 0x4);
    seL4_Word badge = 0x99;

    CHECK(ntfn != 0 && one != 0 && four != 0);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0);
    seL4_Signal(one);
    seL4_Signal(four);
    seL4_Signal(one);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0x5);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0);
}

DEFINE_TEST(NTFN_002, "Wait returns at once when a signal is pending")
{
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);
    seL4_CPtr b = badged(ntfn, 0x80);
    seL4_Word badge = 0;

    CHECK(ntfn != 0 && b != 0);
    seL4_Signal(b);
    seL4_Wait(ntfn, &badge);
    CHECK_EQ(badge, 0x80);
}

DEFINE_TEST(NTFN_003, "an unbadged Signal is still a signal; a read-only cap cannot signal")
{
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);
    seL4_CPtr ro = cs_slot();
    seL4_CPtr one = cs_slot();
    seL4_Word badge = 1;

    CHECK(ntfn != 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, ro, DEPTH, ROOT, ntfn, DEPTH, seL4_CanRead, 0x10), seL4_NoError);
    CHECK_EQ(seL4_CNode_Mint(ROOT, one, DEPTH, ROOT, ntfn, DEPTH, seL4_AllRights, 0x1),
             seL4_NoError);
    seL4_Signal(ntfn);
    seL4_Wait(ntfn, &badge); /* returns at once: with nothing pending this would block */
    CHECK_EQ(badge, 0);
    seL4_Signal(ro);
    seL4_Signal(one);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0x1);
}

DEFINE_TEST(NTFN_004, "NBRecv on an endpoint nobody sends to returns an empty message")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    seL4_Word badge = 7;

    CHECK(ep != 0 && reply != 0);
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge, reply);
    CHECK_EQ(badge, 0);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 0);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0);
}

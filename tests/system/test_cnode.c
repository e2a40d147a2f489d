/*
 * CNode methods through libsel4: what each does, and every error each can
 * give (seL4 manual, "CNode"), with the details the reply carries.
 */
#include <sel4/invocation.h>
#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"

/* A capability pointer the root CNode's 52-bit zero guard rejects. */
#define BAD_GUARD_CPTR (1ul << 60)

static const seL4_Word cnode_labels[] = {
    CNodeRevoke, CNodeDelete, CNodeCancelBadgedSends, CNodeCopy, CNodeMint, CNodeMove,
    CNodeMutate, CNodeRotate,
};

DEFINE_TEST(CNODE_001, "Copy makes a second capability to the same object; Delete removes it")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr copy = cs_slot();

    CHECK(ep != 0);
    CHECK_EQ(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK(cs_occupied(copy));
    CHECK_EQ(seL4_CNode_Delete(ROOT, copy, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(copy));
    CHECK(cs_occupied(ep));
    /* Deleting an empty slot succeeds and changes nothing. */
    CHECK_EQ(seL4_CNode_Delete(ROOT, copy, DEPTH), seL4_NoError);
}

DEFINE_TEST(CNODE_002, "Revoke of an object's original capability deletes all its copies")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr a = cs_slot();
    seL4_CPtr b = cs_slot();

    CHECK(ep != 0);
    CHECK_EQ(seL4_CNode_Copy(ROOT, a, DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_EQ(seL4_CNode_Copy(ROOT, b, DEPTH, ROOT, a, DEPTH, seL4_CanRead), seL4_NoError);
    CHECK_EQ(seL4_CNode_Revoke(ROOT, ep, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(a));
    CHECK(!cs_occupied(b));
    CHECK(cs_occupied(ep));
}

DEFINE_TEST(CNODE_003, "a badged capability's revoke spares other badges")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr b1 = cs_slot();
    seL4_CPtr b2 = cs_slot();
    seL4_CPtr b1_copy = cs_slot();

    CHECK(ep != 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, b1, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 1), seL4_NoError);
    CHECK_EQ(seL4_CNode_Mint(ROOT, b2, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, 2), seL4_NoError);
    CHECK_EQ(seL4_CNode_Copy(ROOT, b1_copy, DEPTH, ROOT, b1, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_EQ(seL4_CNode_Revoke(ROOT, b1, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(b1_copy));
    CHECK(cs_occupied(b1));
    CHECK(cs_occupied(b2));
    /* A badged capability cannot be badged again. */
    CHECK_ERROR(CNodeMint, seL4_IllegalOperation,
                seL4_CNode_Mint(ROOT, cs_slot(), DEPTH, ROOT, b2, DEPTH, seL4_AllRights, 3));
}

DEFINE_TEST(CNODE_004, "Move empties the source and keeps the capability's derivation")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr copy = cs_slot();
    seL4_CPtr moved = cs_slot();

    CHECK(ep != 0);
    CHECK_EQ(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_EQ(seL4_CNode_Move(ROOT, moved, DEPTH, ROOT, ep, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(ep));
    CHECK_EQ(seL4_CNode_Revoke(ROOT, moved, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(copy));
}

/* Whether slot 1 of the radix-4 CNode at `cnode` holds a capability. */
static int holds_marker(seL4_CPtr cnode)
{
    seL4_CPtr probe = cs_slot();

    if (seL4_CNode_Copy(ROOT, probe, DEPTH, cnode, 1, 4, seL4_AllRights) != seL4_NoError) {
        return 0;
    }
    seL4_CNode_Delete(ROOT, probe, DEPTH);
    return 1;
}

DEFINE_TEST(CNODE_005, "Rotate moves pivot to dest and source to pivot, or swaps two slots")
{
    seL4_CPtr a = cs_new(seL4_CapTableObject, 4); /* marked: an endpoint in its slot 1 */
    seL4_CPtr b = cs_new(seL4_CapTableObject, 4);
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr dest = cs_slot();

    CHECK(a != 0 && b != 0 && ep != 0);
    CHECK_EQ(seL4_CNode_Move(a, 1, 4, ROOT, ep, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_CNode_Rotate(ROOT, dest, DEPTH, 0, ROOT, b, DEPTH, 0, ROOT, a, DEPTH),
             seL4_NoError);
    CHECK(!cs_occupied(a));
    CHECK(holds_marker(b));     /* a's CNode is now in the pivot slot */
    CHECK(!holds_marker(dest)); /* b's went to dest */
    /* dest == src: dest and pivot swap. */
    CHECK_EQ(seL4_CNode_Rotate(ROOT, dest, DEPTH, 0, ROOT, b, DEPTH, 0, ROOT, dest, DEPTH),
             seL4_NoError);
    CHECK(holds_marker(dest));
    CHECK(!holds_marker(b));
}

DEFINE_TEST(CNODE_006, "two-level addressing through a minted guard, and depth mismatch details")
{
    seL4_CPtr inner = cs_new(seL4_CapTableObject, 4);
    seL4_CPtr root0 = cs_slot();
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);

    CHECK(inner != 0 && ep != 0);
    /* A copy of the root CNode with no guard resolves 12 bits, then `inner` 4 more. */
    CHECK_EQ(seL4_CNode_Mint(ROOT, root0, DEPTH, ROOT, ROOT, DEPTH, seL4_AllRights,
                             seL4_CNode_CapData_new(0, 0).words[0]),
             seL4_NoError);
    seL4_Word two_level = (inner << 4) | 5;
    CHECK_EQ(seL4_CNode_Copy(root0, two_level, 16, ROOT, ep, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_EQ(seL4_CNode_Delete(root0, two_level, 16), seL4_NoError);
    CHECK_ERROR(CNodeCopy, seL4_FailedLookup,
                seL4_CNode_Copy(root0, inner << 1, 13, ROOT, ep, DEPTH, seL4_AllRights));
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_DepthMismatch);
    CHECK_EQ(seL4_GetMR(2), 1); /* bits left */
    CHECK_EQ(seL4_GetMR(3), 4); /* bits the next level needs */
}

DEFINE_TEST(CNODE_007, "a guard mismatch reports bits left, the guard found and its size")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);

    CHECK(ep != 0);
    CHECK_ERROR(
        CNodeCopy, seL4_FailedLookup,
        seL4_CNode_Copy(ROOT, cs_slot(), DEPTH, ROOT, BAD_GUARD_CPTR, DEPTH, seL4_AllRights));
    CHECK_EQ(seL4_GetMR(0), 1); /* the source failed */
    CHECK_EQ(seL4_GetMR(1), seL4_GuardMismatch);
    CHECK_EQ(seL4_GetMR(2), 64);
    CHECK_EQ(seL4_GetMR(3), 0);  /* the root CNode's guard */
    CHECK_EQ(seL4_GetMR(4), 52); /* its size */
}

/* Errors every CNode method shares: the invoked capability and the first slot. */
DEFINE_TEST(CNODE_010, "every CNode method: null cap, wrong object, bad depth, bad guard")
{
    seL4_CPtr empty = cs_slot();
    seL4_CPtr tcb = cs_new(seL4_TCBObject, 0);

    CHECK(tcb != 0);
    for (unsigned i = 0; i < sizeof(cnode_labels) / sizeof(cnode_labels[0]); i++) {
        seL4_Word label = cnode_labels[i];
        CHECK_EQ(cs_raw_call(empty, label, 2), seL4_InvalidCapability);
        CHECK_EQ(cs_raw_call(tcb, label, 2), seL4_IllegalOperation);
        CHECK_EQ(cs_raw_call(ROOT, label, 1), seL4_TruncatedMessage);
    }
    CHECK_ERROR(CNodeRevoke, seL4_InvalidCapability, seL4_CNode_Revoke(empty, 1, DEPTH));
    CHECK_ERROR(CNodeDelete, seL4_InvalidCapability, seL4_CNode_Delete(empty, 1, DEPTH));
    CHECK_ERROR(CNodeRevoke, seL4_IllegalOperation, seL4_CNode_Revoke(tcb, 1, DEPTH));
    CHECK_ERROR(CNodeDelete, seL4_IllegalOperation, seL4_CNode_Delete(tcb, 1, DEPTH));
    CHECK_ERROR(CNodeRevoke, seL4_RangeError, seL4_CNode_Revoke(ROOT, 1, 0));
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), 64);
    CHECK_ERROR(CNodeDelete, seL4_RangeError, seL4_CNode_Delete(ROOT, 1, 65));
    CHECK_ERROR(CNodeRevoke, seL4_FailedLookup, seL4_CNode_Revoke(ROOT, BAD_GUARD_CPTR, DEPTH));
    CHECK_ERROR(CNodeDelete, seL4_FailedLookup, seL4_CNode_Delete(ROOT, BAD_GUARD_CPTR, DEPTH));
    CHECK_ERROR(CNodeRevoke, seL4_TruncatedMessage, cs_raw_call(ROOT, CNodeRevoke, 1));
    CHECK_ERROR(CNodeDelete, seL4_TruncatedMessage, cs_raw_call(ROOT, CNodeDelete, 0));
}

DEFINE_TEST(CNODE_011, "CancelBadgedSends needs an endpoint capability with every right")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr weak = cs_slot();

    CHECK(ep != 0);
    CHECK_EQ(seL4_CNode_CancelBadgedSends(ROOT, ep, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_CNode_Mint(ROOT, weak, DEPTH, ROOT, ep, DEPTH, seL4_CanRead, 7), seL4_NoError);
    CHECK_ERROR(CNodeCancelBadgedSends, seL4_IllegalOperation,
                seL4_CNode_CancelBadgedSends(ROOT, weak, DEPTH));
    CHECK_ERROR(CNodeCancelBadgedSends, seL4_IllegalOperation,
                seL4_CNode_CancelBadgedSends(ROOT, ROOT, DEPTH));
    CHECK_ERROR(CNodeCancelBadgedSends, seL4_InvalidCapability,
                seL4_CNode_CancelBadgedSends(cs_slot(), ep, DEPTH));
    CHECK_ERROR(CNodeCancelBadgedSends, seL4_RangeError, seL4_CNode_CancelBadgedSends(ROOT, ep, 0));
    CHECK_ERROR(CNodeCancelBadgedSends, seL4_FailedLookup,
                seL4_CNode_CancelBadgedSends(ROOT, BAD_GUARD_CPTR, DEPTH));
    CHECK_ERROR(CNodeCancelBadgedSends, seL4_TruncatedMessage,
                cs_raw_call(ROOT, CNodeCancelBadgedSends, 1));
}

/* The errors Copy, Mint, Move and Mutate share, provoked through `label`. */
static seL4_Error transfer(seL4_Word label, seL4_CPtr service, seL4_CPtr dest,
                           seL4_Uint8 dest_depth, seL4_CPtr src, seL4_Uint8 src_depth)
{
    switch (label) {
    case CNodeCopy:
        return seL4_CNode_Copy(service, dest, dest_depth, ROOT, src, src_depth, seL4_AllRights);
    case CNodeMint:
        return seL4_CNode_Mint(service, dest, dest_depth, ROOT, src, src_depth, seL4_AllRights, 0);
    case CNodeMove:
        return seL4_CNode_Move(service, dest, dest_depth, ROOT, src, src_depth);
    default:
        return seL4_CNode_Mutate(service, dest, dest_depth, ROOT, src, src_depth, 0);
    }
}

#define CHECK_TRANSFER_ERRORS(label)                                                            \
    do {                                                                                        \
        seL4_CPtr sched = cs_new(seL4_SchedContextObject, 8);                                   \
        seL4_CPtr busy = cs_new(seL4_SchedContextObject, 8);                                    \
        seL4_CPtr tcb = cs_new(seL4_TCBObject, 0);                                              \
        CHECK(sched != 0 && busy != 0 && tcb != 0);                                             \
        CHECK_ERROR(label, seL4_DeleteFirst, transfer(label, ROOT, busy, DEPTH, sched, DEPTH)); \
        CHECK_ERROR(label, seL4_FailedLookup,                                                   \
                    transfer(label, ROOT, cs_slot(), DEPTH, cs_slot(), DEPTH));                 \
        CHECK_EQ(seL4_GetMR(0), 1);                                                             \
        CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);                                        \
        CHECK_ERROR(label, seL4_FailedLookup,                                                   \
                    transfer(label, ROOT, BAD_GUARD_CPTR, DEPTH, sched, DEPTH));                \
        CHECK_EQ(seL4_GetMR(0), 0);                                                             \
        CHECK_ERROR(label, seL4_RangeError, transfer(label, ROOT, cs_slot(), DEPTH, sched, 0)); \
        CHECK_ERROR(label, seL4_InvalidCapability,                                              \
                    transfer(label, cs_slot(), cs_slot(), DEPTH, sched, DEPTH));                \
        CHECK_ERROR(label, seL4_IllegalOperation,                                               \
                    transfer(label, tcb, cs_slot(), DEPTH, sched, DEPTH));                      \
        CHECK_ERROR(label, seL4_TruncatedMessage, cs_raw_call(ROOT, label, 3));                 \
        CHECK_ERROR(label, seL4_TruncatedMessage, cs_raw_call(ROOT, label, 4));                 \
        CHECK(cs_occupied(sched));                                                              \
    } while (0)

DEFINE_TEST(CNODE_012, "Copy: every error; untyped and IRQControl copies refused")
{
    seL4_CPtr ut = cs_new_untyped(12);

    CHECK_TRANSFER_ERRORS(CNodeCopy);
    CHECK(ut != 0);
    CHECK_ERROR(CNodeCopy, seL4_IllegalOperation,
                seL4_CNode_Copy(ROOT, cs_slot(), DEPTH, ROOT, ut, DEPTH, seL4_AllRights));
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, cs_slot(), 1),
             seL4_NoError);
    CHECK_ERROR(CNodeCopy, seL4_RevokeFirst,
                seL4_CNode_Copy(ROOT, cs_slot(), DEPTH, ROOT, ut, DEPTH, seL4_AllRights));
    CHECK_ERROR(
        CNodeCopy, seL4_IllegalOperation,
        seL4_CNode_Copy(ROOT, cs_slot(), DEPTH, ROOT, seL4_CapIRQControl, DEPTH, seL4_AllRights));
}

DEFINE_TEST(CNODE_013, "Mint: every error; a CNode guard too long for its radix is refused")
{
    seL4_CPtr ut = cs_new_untyped(12);

    CHECK_TRANSFER_ERRORS(CNodeMint);
    CHECK(ut != 0);
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, cs_slot(), 1),
             seL4_NoError);
    CHECK_ERROR(CNodeMint, seL4_RevokeFirst,
                seL4_CNode_Mint(ROOT, cs_slot(), DEPTH, ROOT, ut, DEPTH, seL4_AllRights, 0));
    CHECK_ERROR(CNodeMint, seL4_IllegalOperation,
                seL4_CNode_Mint(ROOT, cs_slot(), DEPTH, ROOT, ROOT, DEPTH, seL4_AllRights,
                                seL4_CNode_CapData_new(0, 60).words[0]));
}

DEFINE_TEST(CNODE_014, "Move: every error")
{
    seL4_CPtr zombie_free = cs_slot();

    CHECK_TRANSFER_ERRORS(CNodeMove);
    CHECK(!cs_occupied(zombie_free));
}

DEFINE_TEST(CNODE_015, "Mutate: every error; an endpoint cannot be mutated, a CNode guard can")
{
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr cn = cs_new(seL4_CapTableObject, 4);
    seL4_CPtr moved = cs_slot();

    CHECK_TRANSFER_ERRORS(CNodeMutate);
    CHECK(ep != 0 && cn != 0);
    CHECK_ERROR(CNodeMutate, seL4_IllegalOperation,
                seL4_CNode_Mutate(ROOT, cs_slot(), DEPTH, ROOT, ep, DEPTH, 5));
    CHECK_EQ(seL4_CNode_Mutate(ROOT, moved, DEPTH, ROOT, cn, DEPTH,
                               seL4_CNode_CapData_new(3, 2).words[0]),
             seL4_NoError);
    CHECK(!cs_occupied(cn));
    /* The mutated CNode now needs the guard 0b11 before its 4 radix bits. */
    CHECK_EQ(seL4_CNode_Copy(moved, (3u << 4) | 2, 6, ROOT, ep, DEPTH, seL4_AllRights),
             seL4_NoError);
    CHECK_ERROR(CNodeCopy, seL4_FailedLookup,
                seL4_CNode_Copy(moved, (1u << 4) | 2, 6, ROOT, ep, DEPTH, seL4_AllRights));
}

DEFINE_TEST(CNODE_016, "Rotate: every error")
{
    seL4_CPtr a = cs_new(seL4_SchedContextObject, 8);
    seL4_CPtr b = cs_new(seL4_SchedContextObject, 8);
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr busy = cs_new(seL4_SchedContextObject, 8);
    seL4_CPtr empty = cs_slot();

    CHECK(a != 0 && b != 0 && ep != 0 && busy != 0);
    CHECK_ERROR(CNodeRotate, seL4_DeleteFirst,
                seL4_CNode_Rotate(ROOT, busy, DEPTH, 0, ROOT, b, DEPTH, 0, ROOT, a, DEPTH));
    CHECK_ERROR(CNodeRotate, seL4_IllegalOperation,
                seL4_CNode_Rotate(ROOT, empty, DEPTH, 0, ROOT, a, DEPTH, 0, ROOT, a, DEPTH));
    CHECK_ERROR(CNodeRotate, seL4_IllegalOperation,
                seL4_CNode_Rotate(ROOT, empty, DEPTH, 0, ROOT, ep, DEPTH, 0, ROOT, a, DEPTH));
    CHECK_ERROR(
        CNodeRotate, seL4_FailedLookup,
        seL4_CNode_Rotate(ROOT, empty, DEPTH, 0, ROOT, b, DEPTH, 0, ROOT, cs_slot(), DEPTH));
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_ERROR(
        CNodeRotate, seL4_FailedLookup,
        seL4_CNode_Rotate(ROOT, empty, DEPTH, 0, ROOT, cs_slot(), DEPTH, 0, ROOT, a, DEPTH));
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_ERROR(CNodeRotate, seL4_RangeError,
                seL4_CNode_Rotate(ROOT, empty, DEPTH, 0, ROOT, b, 0, 0, ROOT, a, DEPTH));
    CHECK_ERROR(CNodeRotate, seL4_InvalidCapability,
                seL4_CNode_Rotate(cs_slot(), empty, DEPTH, 0, ROOT, b, DEPTH, 0, ROOT, a, DEPTH));
    CHECK_ERROR(CNodeRotate, seL4_TruncatedMessage, cs_raw_call(ROOT, CNodeRotate, 7));
    CHECK(cs_occupied(a) && cs_occupied(b) && !cs_occupied(empty));
}

DEFINE_TEST(ROOT_001, "the initial capabilities that exist are in the manual's slots")
{
    static const seL4_CPtr present[] = {
        seL4_CapInitThreadTCB, seL4_CapInitThreadCNode, seL4_CapInitThreadVSpace,
        seL4_CapIRQControl,    seL4_CapBootInfoFrame,   seL4_CapInitThreadIPCBuffer,
        seL4_CapDomain,        seL4_CapInitThreadSC,
    };
    const seL4_BootInfo *bi = seL4_GetBootInfo();

    CHECK(!cs_occupied(seL4_CapNull));
    for (unsigned i = 0; i < sizeof(present) / sizeof(present[0]); i++) {
        CHECK(cs_occupied(present[i]));
    }
    for (seL4_CPtr s = bi->userImageFrames.start; s < bi->userImageFrames.end; s++) {
        CHECK(cs_occupied(s));
    }
    CHECK(cs_occupied(bi->extraBIPages.start));
    CHECK(cs_occupied(bi->schedcontrol.start));
    CHECK(!cs_occupied(bi->empty.end - 1));
}

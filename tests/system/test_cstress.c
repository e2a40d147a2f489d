/*
 * Capability stress: thousands of objects, a 10,000-deep derivation chain
 * revoked from its root, deeply nested and cyclic CNodes destroyed, and at
 * the end a leak check that every BootInfo untyped is whole again.
 */
#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"

enum {
    CHAIN_DEPTH = 10000,
    CHAIN_RADIX = 14,
    NEST_DEPTH = 52, /* 12 root bits + 1 bit per level fills 64 */
};

/* A copy of the root CNode with no guard, for multi-level addresses. */
static seL4_CPtr guardless_root(void)
{
    static seL4_CPtr root0;

    if (root0 == 0) {
        root0 = cs_slot();
        if (seL4_CNode_Mint(ROOT, root0, DEPTH, ROOT, ROOT, DEPTH, seL4_AllRights,
                            seL4_CNode_CapData_new(0, 0).words[0]) != seL4_NoError) {
            root0 = 0;
        }
    }
    return root0;
}

DEFINE_TEST(STRESS_001, "4096 endpoints retyped in a nested CNode, then revoked at once")
{
    seL4_CPtr ut = cs_new_untyped(17);
    seL4_CPtr cnode = cs_new(seL4_CapTableObject, 12);

    CHECK(ut != 0 && cnode != 0);
    for (seL4_Word i = 0; i < 4096; i += 256) {
        CHECK_EQ(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, cnode, DEPTH, i, 256),
                 seL4_NoError);
    }
    CHECK_EQ(seL4_CNode_Copy(ROOT, cs_slot(), DEPTH, cnode, 4095, 12, seL4_AllRights),
             seL4_NoError);
    CHECK_EQ(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    CHECK_ERROR(CNodeCopy, seL4_FailedLookup,
                seL4_CNode_Copy(ROOT, cs_slot(), DEPTH, cnode, 4095, 12, seL4_AllRights));
    CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);
    /* The untyped is whole again. */
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_UntypedObject, 17, ROOT, 0, 0, cs_slot(), 1),
             seL4_NoError);
}

DEFINE_TEST(STRESS_002, "a 10,000-deep chain of untypeds is revoked from its root")
{
    seL4_CPtr chain = cs_new(seL4_CapTableObject, CHAIN_RADIX);
    seL4_CPtr head = cs_new_untyped(12);
    seL4_CPtr cur = cs_slot();
    seL4_CPtr next = cs_slot();

    CHECK(chain != 0 && head != 0);
    CHECK_EQ(seL4_CNode_Move(ROOT, cur, DEPTH, ROOT, head, DEPTH), seL4_NoError);
    for (seL4_Word i = 0; i < CHAIN_DEPTH; i++) {
        /* cur's child goes to `next`; cur itself is parked in the chain CNode. */
        CHECK_EQ(seL4_Untyped_Retype(cur, seL4_UntypedObject, 12, ROOT, 0, 0, next, 1),
                 seL4_NoError);
        if (i == 0) {
            CHECK_EQ(seL4_CNode_Move(ROOT, head, DEPTH, ROOT, cur, DEPTH), seL4_NoError);
        } else {
            CHECK_EQ(seL4_CNode_Move(chain, i, CHAIN_RADIX, ROOT, cur, DEPTH), seL4_NoError);
        }
        CHECK_EQ(seL4_CNode_Move(ROOT, cur, DEPTH, ROOT, next, DEPTH), seL4_NoError);
    }
    CHECK_EQ(seL4_CNode_Revoke(ROOT, head, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(cur));
    CHECK_ERROR(CNodeCopy, seL4_FailedLookup,
                seL4_CNode_Copy(ROOT, cs_slot(), DEPTH, chain, CHAIN_DEPTH - 1, CHAIN_RADIX,
                                seL4_AllRights));
    CHECK_EQ(seL4_Untyped_Retype(head, seL4_EndpointObject, 0, ROOT, 0, 0, cs_slot(), 1),
             seL4_NoError);
}

DEFINE_TEST(STRESS_003, "deleting the last cap of 52 nested CNodes destroys them all")
{
    seL4_CPtr ut = cs_new_untyped(16);
    seL4_CPtr top = cs_slot();
    seL4_CPtr root0 = guardless_root();
    seL4_Word addr = top; /* address of the innermost CNode so far, via root0 */
    unsigned depth = 12;

    CHECK(ut != 0 && root0 != 0);
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_CapTableObject, 1, ROOT, 0, 0, top, 1), seL4_NoError);
    for (unsigned level = 1; level < NEST_DEPTH; level++) {
        /* Slot 1 of each CNode holds an endpoint, slot 0 the next CNode. */
        CHECK_EQ(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, root0, addr, depth, 1, 1),
                 seL4_NoError);
        CHECK_EQ(seL4_Untyped_Retype(ut, seL4_CapTableObject, 1, root0, addr, depth, 0, 1),
                 seL4_NoError);
        addr <<= 1;
        depth++;
    }
    CHECK_EQ(seL4_CNode_Delete(ROOT, top, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(top));
    /* Nothing of it is left under the untyped: it can be retyped whole. */
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_UntypedObject, 16, ROOT, 0, 0, cs_slot(), 1),
             seL4_NoError);
}

DEFINE_TEST(STRESS_004, "two CNodes holding each other's last capability are freed by Revoke")
{
    seL4_CPtr ut = cs_new_untyped(12);
    seL4_CPtr x = cs_slot();
    seL4_CPtr y = cs_slot();
    seL4_CPtr root0 = guardless_root();

    CHECK(ut != 0 && root0 != 0);
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_CapTableObject, 1, ROOT, 0, 0, x, 1), seL4_NoError);
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_CapTableObject, 1, ROOT, 0, 0, y, 1), seL4_NoError);
    /* Y into X's slot 0, then X into Y's slot 0 (reached as x.0.0). */
    CHECK_EQ(seL4_CNode_Move(x, 0, 1, ROOT, y, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_CNode_Move(root0, x << 2, 14, ROOT, x, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(x) && !cs_occupied(y));
    /* Unreachable now; only revoking the untyped can reclaim them. */
    CHECK_ERROR(UntypedRetype, seL4_NotEnoughMemory,
                seL4_Untyped_Retype(ut, seL4_UntypedObject, 12, ROOT, 0, 0, cs_slot(), 1));
    CHECK_EQ(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_UntypedObject, 12, ROOT, 0, 0, cs_slot(), 1),
             seL4_NoError);
}

DEFINE_TEST(STRESS_005, "the root task's own CNode cap can be copied, used and deleted")
{
    seL4_CPtr copy = cs_slot();

    CHECK_EQ(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, ROOT, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_EQ(
        seL4_CNode_Copy(copy, cs_slot(), DEPTH, ROOT, seL4_CapInitThreadTCB, DEPTH, seL4_AllRights),
        seL4_NoError);
    CHECK_EQ(seL4_CNode_Delete(ROOT, copy, DEPTH), seL4_NoError);
    CHECK(cs_occupied(seL4_CapInitThreadCNode));
}

/* Retypes one untyped child as large as the untyped itself, then deletes it. */
static seL4_Error whole(seL4_CPtr ut, unsigned size_bits, seL4_CPtr scratch)
{
    seL4_Error e = seL4_Untyped_Retype(ut, seL4_UntypedObject, size_bits, ROOT, 0, 0, scratch, 1);

    if (e == seL4_NoError) {
        seL4_CNode_Delete(ROOT, scratch, DEPTH);
    }
    return e;
}

DEFINE_TEST(ZZ_LEAK, "after revoking what the suite made, every untyped is whole again")
{
    const seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr scratch = cs_slot();

    CHECK(scratch != 0);
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        seL4_CPtr ut = bi->untyped.start + i;
        CHECK_EQ(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
        CHECK_EQ(whole(ut, bi->untypedList[i].sizeBits, scratch), seL4_NoError);
    }
}

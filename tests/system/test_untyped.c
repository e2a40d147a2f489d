/*
 * Untyped_Retype through libsel4: every object type that exists, the
 * manual's size and placement rules, and each error it can give, with the
 * error details the reply carries.
 */
#include <sel4/invocation.h>
#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"

static seL4_Error retype(seL4_CPtr ut, seL4_Word type, seL4_Word bits, seL4_Word offset,
                         seL4_Word count)
{
    return seL4_Untyped_Retype(ut, type, bits, ROOT, 0, 0, offset, count);
}

DEFINE_TEST(UT_001, "every generic object type can be retyped, and deleted again")
{
    static const seL4_Word types[][2] = {
        { seL4_UntypedObject, 12 },     { seL4_TCBObject, 0 },      { seL4_EndpointObject, 0 },
        { seL4_NotificationObject, 0 }, { seL4_CapTableObject, 4 }, { seL4_SchedContextObject, 8 },
        { seL4_ReplyObject, 0 },
    };
    seL4_CPtr ut = cs_new_untyped(16);

    CHECK(ut != 0);
    for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        seL4_CPtr slot = cs_slot();
        CHECK_EQ(retype(ut, types[i][0], types[i][1], slot, 1), seL4_NoError);
        CHECK(cs_occupied(slot));
        CHECK_EQ(seL4_CNode_Delete(ROOT, slot, DEPTH), seL4_NoError);
        CHECK(!cs_occupied(slot));
    }
}

DEFINE_TEST(UT_002, "objects are placed at the free index, aligned; memory runs out exactly")
{
    seL4_CPtr ut = cs_new_untyped(12); /* 4 KiB = 256 endpoints of 16 bytes */
    seL4_CPtr first = cs_slots(256);

    CHECK(ut != 0 && first != 0);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, first, 255), seL4_NoError);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, first + 255, 1), seL4_NoError);
    CHECK_ERROR(UntypedRetype, seL4_NotEnoughMemory,
                retype(ut, seL4_EndpointObject, 0, cs_slot(), 1));
    CHECK_EQ(seL4_GetMR(0), 0); /* bytes left */
    CHECK_EQ(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    /* Revoke emptied the untyped: the whole 4 KiB is available again. */
    CHECK_EQ(retype(ut, seL4_CapTableObject, 7, cs_slot(), 1), seL4_NoError);
}

DEFINE_TEST(UT_003, "NotEnoughMemory reports the free bytes; alignment padding counts")
{
    seL4_CPtr ut = cs_new_untyped(14);

    CHECK(ut != 0);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, cs_slot(), 1), seL4_NoError);
    /* A 16 KiB untyped with 16 bytes used cannot fit a naturally aligned 8 KiB object twice. */
    CHECK_ERROR(UntypedRetype, seL4_NotEnoughMemory,
                retype(ut, seL4_UntypedObject, 13, cs_slots(2), 2));
    CHECK_EQ(seL4_GetMR(0), (1u << 14) - 16);
    CHECK_EQ(retype(ut, seL4_UntypedObject, 13, cs_slot(), 1), seL4_NoError);
}

DEFINE_TEST(UT_004, "bad types and sizes are InvalidArgument or RangeError with details")
{
    seL4_CPtr ut = cs_new_untyped(16);
    seL4_CPtr slot = cs_slot();

    CHECK(ut != 0);
    CHECK_ERROR(UntypedRetype, seL4_InvalidArgument, retype(ut, seL4_ObjectTypeCount, 0, slot, 1));
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_ERROR(UntypedRetype, seL4_InvalidArgument, retype(ut, seL4_CapTableObject, 0, slot, 1));
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_ERROR(UntypedRetype, seL4_InvalidArgument, retype(ut, seL4_UntypedObject, 3, slot, 1));
    CHECK_ERROR(UntypedRetype, seL4_InvalidArgument,
                retype(ut, seL4_SchedContextObject, 6, slot, 1));
    CHECK_ERROR(UntypedRetype, seL4_RangeError, retype(ut, seL4_UntypedObject, 48, slot, 1));
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_MaxUntypedBits);
    CHECK_ERROR(UntypedRetype, seL4_RangeError, retype(ut, seL4_UntypedObject, 64, slot, 1));
    CHECK(!cs_occupied(slot));
}

DEFINE_TEST(UT_005, "the destination window must fit the CNode and the fan-out limit")
{
    seL4_CPtr ut = cs_new_untyped(16);
    const seL4_BootInfo *bi = seL4_GetBootInfo();

    CHECK(ut != 0);
    CHECK_ERROR(UntypedRetype, seL4_RangeError, retype(ut, seL4_EndpointObject, 0, 4096, 1));
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), 4095);
    CHECK_ERROR(UntypedRetype, seL4_RangeError, retype(ut, seL4_EndpointObject, 0, cs_slot(), 0));
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), 256);
    CHECK_ERROR(UntypedRetype, seL4_RangeError, retype(ut, seL4_EndpointObject, 0, cs_slot(), 257));
    CHECK_ERROR(UntypedRetype, seL4_RangeError, retype(ut, seL4_EndpointObject, 0, 4094, 3));
    CHECK_EQ(seL4_GetMR(1), 2);
    CHECK(bi->empty.end == 4096);
}

DEFINE_TEST(UT_006, "occupied destination slots are DeleteFirst and nothing is created")
{
    seL4_CPtr ut = cs_new_untyped(16);
    seL4_CPtr first = cs_slots(3);

    CHECK(ut != 0);
    CHECK_EQ(retype(ut, seL4_EndpointObject, 0, first + 2, 1), seL4_NoError);
    CHECK_ERROR(UntypedRetype, seL4_DeleteFirst, retype(ut, seL4_EndpointObject, 0, first, 3));
    CHECK(!cs_occupied(first));
    CHECK(!cs_occupied(first + 1));
}

DEFINE_TEST(UT_007, "the destination CNode is looked up with node_index and node_depth")
{
    seL4_CPtr ut = cs_new_untyped(16);
    seL4_CPtr cnode = cs_new(seL4_CapTableObject, 4);
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);

    CHECK(ut != 0 && cnode != 0 && ep != 0);
    /* Into slot 3 of a radix-4 CNode found at `cnode` in the root. */
    CHECK_EQ(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, cnode, DEPTH, 3, 1),
             seL4_NoError);
    CHECK_ERROR(UntypedRetype, seL4_DeleteFirst,
                seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, cnode, DEPTH, 3, 1));
    /* node_index naming an endpoint, or an empty slot: no CNode there. */
    CHECK_ERROR(UntypedRetype, seL4_FailedLookup,
                seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, ep, DEPTH, 0, 1));
    CHECK_EQ(seL4_GetMR(0), 0); /* not the source */
    CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(2), DEPTH);
    CHECK_ERROR(UntypedRetype, seL4_RangeError,
                seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, cnode, DEPTH, 16, 1));
    CHECK_EQ(seL4_GetMR(1), 15);
}

DEFINE_TEST(UT_008, "a device untyped makes only untypeds")
{
    seL4_CPtr dev = cs_device_untyped();
    seL4_CPtr slot = cs_slot();

    CHECK(dev != 0);
    CHECK_ERROR(UntypedRetype, seL4_InvalidArgument, retype(dev, seL4_TCBObject, 0, slot, 1));
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(retype(dev, seL4_UntypedObject, 12, slot, 1), seL4_NoError);
    CHECK_ERROR(UntypedRetype, seL4_InvalidArgument,
                retype(slot, seL4_EndpointObject, 0, cs_slot(), 1));
    CHECK_EQ(seL4_CNode_Revoke(ROOT, dev, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(slot));
}

DEFINE_TEST(UT_009, "Retype on a null, CNode or TCB capability is refused")
{
    seL4_CPtr empty = cs_slot();
    seL4_CPtr tcb = cs_new(seL4_TCBObject, 0);

    CHECK(tcb != 0);
    CHECK_ERROR(UntypedRetype, seL4_InvalidCapability,
                retype(empty, seL4_EndpointObject, 0, cs_slot(), 1));
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_ERROR(UntypedRetype, seL4_IllegalOperation,
                retype(ROOT, seL4_EndpointObject, 0, cs_slot(), 1));
    CHECK_ERROR(UntypedRetype, seL4_IllegalOperation,
                retype(tcb, seL4_EndpointObject, 0, cs_slot(), 1));
}

DEFINE_TEST(UT_010, "a message shorter than Retype's six words is TruncatedMessage")
{
    seL4_CPtr ut = cs_new_untyped(12);

    CHECK(ut != 0);
    CHECK_ERROR(UntypedRetype, seL4_TruncatedMessage, cs_raw_call(ut, UntypedRetype, 5));
    /* Six words but no root CNode capability. */
    CHECK_ERROR(UntypedRetype, seL4_TruncatedMessage, cs_raw_call(ut, UntypedRetype, 6));
}

DEFINE_TEST(UT_011, "256 objects in one call; a TCB, CNode and SchedContext of each size")
{
    seL4_CPtr ut = cs_new_untyped(20);
    seL4_CPtr first = cs_slots(256);

    CHECK(ut != 0 && first != 0);
    CHECK_EQ(retype(ut, seL4_NotificationObject, 0, first, 256), seL4_NoError);
    CHECK(cs_occupied(first) && cs_occupied(first + 255));
    CHECK_EQ(retype(ut, seL4_CapTableObject, 10, cs_slot(), 1), seL4_NoError);
    CHECK_EQ(retype(ut, seL4_SchedContextObject, 10, cs_slot(), 1), seL4_NoError);
    CHECK_EQ(retype(ut, seL4_TCBObject, 0, cs_slot(), 1), seL4_NoError);
    CHECK_EQ(seL4_CNode_Revoke(ROOT, ut, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(first));
}

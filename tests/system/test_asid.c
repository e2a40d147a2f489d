/*
 * ASID control and pools, and every error of the paging-structure and
 * frame methods. A VSpace root is usable only once a pool gives it an
 * ASID; deleting the pool takes the ASIDs back from every root in it.
 */
#include <sel4/runtime.h>

#include "cspace.h"
#include "test.h"
#include "vs.h"

enum {
    POOL_SIZE = 512,
    POOLS = 8,
};

#define KERNEL_ADDR 0xffff800000000000ul
#define USER_END    0x0000800000000000ul

static seL4_CPtr make_pool(void)
{
    seL4_CPtr untyped = cs_new_untyped(seL4_ASIDPoolBits);
    seL4_CPtr pool = cs_slot();

    if (untyped == 0 || seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, untyped, ROOT, pool,
                                                      DEPTH) != seL4_NoError) {
        return 0;
    }
    return pool;
}

DEFINE_TEST(ASID_001, "MakePool checks its untyped and destination, then makes a working pool")
{
    seL4_CPtr small = cs_new_untyped(seL4_ASIDPoolBits - 1);
    seL4_CPtr used = cs_new_untyped(seL4_ASIDPoolBits);
    seL4_CPtr good = cs_new_untyped(seL4_ASIDPoolBits);
    seL4_CPtr dest = cs_slot();
    seL4_CPtr child = cs_slot();

    CHECK(small != 0 && used != 0 && good != 0);
    CHECK_ERROR(X86ASIDControlMakePool, seL4_InvalidCapability,
                seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, small, ROOT, dest, DEPTH));
    CHECK_ERROR(X86ASIDControlMakePool, seL4_InvalidCapability,
                seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, seL4_CapInitThreadTCB, ROOT,
                                              dest, DEPTH));
    CHECK_EQ(seL4_Untyped_Retype(used, seL4_EndpointObject, 0, ROOT, 0, 0, child, 1), seL4_NoError);
    CHECK_ERROR(X86ASIDControlMakePool, seL4_RevokeFirst,
                seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, used, ROOT, dest, DEPTH));
    CHECK_ERROR(X86ASIDControlMakePool, seL4_DeleteFirst,
                seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, good, ROOT, child, DEPTH));
    CHECK_ERROR(X86ASIDControlMakePool, seL4_RangeError,
                seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, good, ROOT, dest, 0));
    CHECK_ERROR(X86ASIDControlMakePool, seL4_FailedLookup,
                seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, good, seL4_CapInitThreadTCB,
                                              dest, DEPTH));
    CHECK_ERROR(X86ASIDControlMakePool, seL4_TruncatedMessage,
                cs_raw_call(seL4_CapASIDControl, X86ASIDControlMakePool, 1));
    CHECK_ERROR(X86ASIDControlMakePool, seL4_IllegalOperation,
                seL4_X86_ASIDControl_MakePool(seL4_CapInitThreadASIDPool, good, ROOT, dest, DEPTH));
    CHECK_EQ(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, good, ROOT, dest, DEPTH),
             seL4_NoError);
    /* The pool's memory is in use: the untyped cannot make anything else now. */
    CHECK_EQ(seL4_Untyped_Retype(good, seL4_EndpointObject, 0, ROOT, 0, 0, cs_slot(), 1),
             seL4_NotEnoughMemory);
    seL4_CPtr root = cs_new(seL4_X64_PML4Object, 0);
    CHECK(root != 0);
    CHECK_EQ(seL4_X86_ASIDPool_Assign(dest, root), seL4_NoError);
    CHECK_ERROR(X86ASIDPoolAssign, seL4_InvalidCapability, seL4_X86_ASIDPool_Assign(dest, root));
    CHECK_ERROR(X86ASIDPoolAssign, seL4_InvalidCapability,
                seL4_X86_ASIDPool_Assign(dest, seL4_CapInitThreadTCB));
    CHECK_ERROR(X86ASIDPoolAssign, seL4_TruncatedMessage, cs_raw_call(dest, X86ASIDPoolAssign, 0));
    CHECK_ERROR(X86ASIDPoolAssign, seL4_IllegalOperation,
                seL4_X86_ASIDPool_Assign(seL4_CapASIDControl, root));
    /* Revoking the untyped deletes the pool, and with it the pool's ASIDs. */
    CHECK_EQ(seL4_CNode_Revoke(ROOT, good, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(dest));
}

/* `count` new roots assigned from `pool`, in consecutive slots from the returned one. */
static seL4_CPtr assign_roots(seL4_CPtr pool, seL4_Word count, seL4_Error *last)
{
    seL4_CPtr first = cs_slots(count);

    *last = seL4_NoError;
    for (seL4_Word done = 0; first != 0 && done < count; done += 256) {
        seL4_Word n = count - done < 256 ? count - done : 256;
        if (seL4_Untyped_Retype(cs_untyped(), seL4_X64_PML4Object, 0, ROOT, 0, 0, first + done,
                                n) != seL4_NoError) {
            return 0;
        }
    }
    for (seL4_Word i = 0; first != 0 && i < count && *last == seL4_NoError; i++) {
        *last = seL4_X86_ASIDPool_Assign(pool, first + i);
    }
    return first;
}

DEFINE_TEST(ASID_002, "a pool hands out 512 ASIDs, then refuses; deleting it invalidates its roots")
{
    seL4_CPtr pool = make_pool();
    seL4_Error last = seL4_NoError;
    seL4_CPtr frame = cs_new(seL4_X86_4K, 0);
    seL4_CPtr pdpt = cs_new(seL4_X86_PDPTObject, 0);

    CHECK(pool != 0 && frame != 0 && pdpt != 0);
    seL4_CPtr roots = assign_roots(pool, POOL_SIZE, &last);
    CHECK(roots != 0);
    CHECK_EQ(last, seL4_NoError);
    seL4_CPtr extra = cs_new(seL4_X64_PML4Object, 0);
    CHECK(extra != 0);
    CHECK_ERROR(X86ASIDPoolAssign, seL4_DeleteFirst, seL4_X86_ASIDPool_Assign(pool, extra));
    /* A root from the pool works: a PDPT maps into it. */
    CHECK_EQ(seL4_X86_PDPT_Map(pdpt, roots + 7, 0, seL4_X86_Default_VMAttributes), seL4_NoError);
    CHECK_EQ(seL4_CNode_Delete(ROOT, pool, DEPTH), seL4_NoError);
    CHECK_ERROR(
        X86PageMap, seL4_FailedLookup,
        seL4_X86_Page_Map(frame, roots + 8, 0x1000, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PDPTMap, seL4_FailedLookup,
                seL4_X86_PDPT_Map(cs_new(seL4_X86_PDPTObject, 0), roots + 9, 0,
                                  seL4_X86_Default_VMAttributes));
    seL4_CPtr pd = cs_new(seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr pt = cs_new(seL4_X86_PageTableObject, 0);
    CHECK_ERROR(X86PageDirectoryMap, seL4_FailedLookup,
                seL4_X86_PageDirectory_Map(pd, roots + 7, 0, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageTableMap, seL4_FailedLookup,
                seL4_X86_PageTable_Map(pt, roots + 7, 0, seL4_X86_Default_VMAttributes));
    /* Unmapping what was mapped into a root that lost its ASID is harmless. */
    CHECK_EQ(seL4_X86_PDPT_Unmap(pdpt), seL4_NoError);
    for (seL4_Word i = 0; i < POOL_SIZE; i++) {
        CHECK_EQ(seL4_CNode_Delete(ROOT, roots + i, DEPTH), seL4_NoError);
    }
}

DEFINE_TEST(ASID_003, "there are eight pools at most; a deleted pool's place can be reused")
{
    seL4_CPtr pools[POOLS];
    unsigned made = 0;
    seL4_CPtr untyped = cs_new_untyped(seL4_ASIDPoolBits);

    /* Pool 0 is the root task's; earlier tests deleted theirs. */
    while (made < POOLS - 1 && (pools[made] = make_pool()) != 0) {
        made++;
    }
    CHECK_EQ(made, POOLS - 1);
    CHECK(untyped != 0);
    CHECK_ERROR(
        X86ASIDControlMakePool, seL4_DeleteFirst,
        seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, untyped, ROOT, cs_slot(), DEPTH));
    CHECK_EQ(seL4_CNode_Delete(ROOT, pools[3], DEPTH), seL4_NoError);
    seL4_CPtr again = cs_slot();
    CHECK_EQ(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, untyped, ROOT, again, DEPTH),
             seL4_NoError);
    pools[3] = again;
    for (unsigned i = 0; i < made; i++) {
        CHECK_EQ(seL4_CNode_Delete(ROOT, pools[i], DEPTH), seL4_NoError);
    }
}

DEFINE_TEST(ASID_004, "an unassigned root cannot be mapped into, copied or run in")
{
    seL4_CPtr root = cs_new(seL4_X64_PML4Object, 0);
    seL4_CPtr pdpt = cs_new(seL4_X86_PDPTObject, 0);
    seL4_CPtr tcb = cs_new(seL4_TCBObject, 0);

    CHECK(root != 0 && pdpt != 0 && tcb != 0);
    CHECK_ERROR(X86PDPTMap, seL4_InvalidCapability,
                seL4_X86_PDPT_Map(pdpt, root, 0, seL4_X86_Default_VMAttributes));
    CHECK_EQ(seL4_CNode_Copy(ROOT, cs_slot(), DEPTH, ROOT, root, DEPTH, seL4_AllRights),
             seL4_IllegalOperation);
    CHECK_EQ(seL4_TCB_SetSpace(tcb, 0, ROOT, 0, root, 0), seL4_IllegalOperation);
    CHECK_EQ(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, root), seL4_NoError);
    CHECK_EQ(seL4_TCB_SetSpace(tcb, 0, ROOT, 0, root, 0), seL4_NoError);
    CHECK_EQ(seL4_CNode_Copy(ROOT, cs_slot(), DEPTH, ROOT, root, DEPTH, seL4_AllRights),
             seL4_NoError);
}

DEFINE_TEST(PAGING_001, "PDPT, page directory and page table Map/Unmap refuse what they must")
{
    seL4_CPtr pdpt = cs_new(seL4_X86_PDPTObject, 0);
    seL4_CPtr pd = cs_new(seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr pt = cs_new(seL4_X86_PageTableObject, 0);
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr empty = cs_slot();
    seL4_Word far = 0x10000000000ul; /* 1 TiB: PML4 slot 2, nothing there */

    CHECK(pdpt != 0 && pd != 0 && pt != 0 && ep != 0);
    /* The root task's own structures at 0 are in the way. */
    CHECK_ERROR(X86PDPTMap, seL4_DeleteFirst,
                seL4_X86_PDPT_Map(pdpt, VSPACE, 0, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageDirectoryMap, seL4_DeleteFirst,
                seL4_X86_PageDirectory_Map(pd, VSPACE, 0, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageTableMap, seL4_DeleteFirst,
                seL4_X86_PageTable_Map(pt, VSPACE, 0x400000, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageDirectoryMap, seL4_FailedLookup,
                seL4_X86_PageDirectory_Map(pd, VSPACE, far, seL4_X86_Default_VMAttributes));
    CHECK_EQ(seL4_MappingFailedLookupLevel(), 39);
    CHECK_ERROR(X86PageTableMap, seL4_FailedLookup,
                seL4_X86_PageTable_Map(pt, VSPACE, far, seL4_X86_Default_VMAttributes));
    CHECK_EQ(seL4_MappingFailedLookupLevel(), 39);
    /* Kernel addresses, and the first address past the user range. */
    CHECK_ERROR(X86PDPTMap, seL4_InvalidArgument,
                seL4_X86_PDPT_Map(pdpt, VSPACE, KERNEL_ADDR, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageDirectoryMap, seL4_InvalidArgument,
                seL4_X86_PageDirectory_Map(pd, VSPACE, USER_END, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageTableMap, seL4_InvalidArgument,
                seL4_X86_PageTable_Map(pt, VSPACE, ~0ul, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PDPTMap, seL4_InvalidCapability,
                seL4_X86_PDPT_Map(pdpt, ep, far, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageDirectoryMap, seL4_InvalidCapability,
                seL4_X86_PageDirectory_Map(pd, ep, far, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageTableMap, seL4_InvalidCapability,
                seL4_X86_PageTable_Map(pt, ep, far, seL4_X86_Default_VMAttributes));
    /* Each method only on its own type. */
    CHECK_ERROR(X86PDPTMap, seL4_IllegalOperation,
                seL4_X86_PDPT_Map(pd, VSPACE, far, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageDirectoryMap, seL4_IllegalOperation,
                seL4_X86_PageDirectory_Map(pt, VSPACE, far, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageTableMap, seL4_IllegalOperation,
                seL4_X86_PageTable_Map(pdpt, VSPACE, far, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PDPTUnmap, seL4_IllegalOperation, seL4_X86_PDPT_Unmap(pt));
    CHECK_ERROR(X86PageDirectoryUnmap, seL4_IllegalOperation, seL4_X86_PageDirectory_Unmap(pdpt));
    CHECK_ERROR(X86PageTableUnmap, seL4_IllegalOperation, seL4_X86_PageTable_Unmap(pd));
    CHECK_ERROR(X86PDPTUnmap, seL4_InvalidCapability, seL4_X86_PDPT_Unmap(empty));
    CHECK_ERROR(X86PageDirectoryUnmap, seL4_InvalidCapability, seL4_X86_PageDirectory_Unmap(empty));
    CHECK_ERROR(X86PageTableUnmap, seL4_InvalidCapability, seL4_X86_PageTable_Unmap(empty));
    CHECK_ERROR(X86PDPTMap, seL4_TruncatedMessage, cs_raw_call(pdpt, X86PDPTMap, 1));
    CHECK_ERROR(X86PageDirectoryMap, seL4_TruncatedMessage,
                cs_raw_call(pd, X86PageDirectoryMap, 1));
    CHECK_ERROR(X86PageTableMap, seL4_TruncatedMessage, cs_raw_call(pt, X86PageTableMap, 1));
    /* Build the path down at 1 TiB; a mapped structure cannot be mapped twice. */
    CHECK_EQ(seL4_X86_PDPT_Map(pdpt, VSPACE, far, seL4_X86_Default_VMAttributes), seL4_NoError);
    CHECK_EQ(seL4_X86_PageDirectory_Map(pd, VSPACE, far, seL4_X86_Default_VMAttributes),
             seL4_NoError);
    CHECK_EQ(seL4_X86_PageTable_Map(pt, VSPACE, far, seL4_X86_Default_VMAttributes), seL4_NoError);
    CHECK_ERROR(X86PDPTMap, seL4_InvalidCapability,
                seL4_X86_PDPT_Map(pdpt, VSPACE, far << 1, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(
        X86PageDirectoryMap, seL4_InvalidCapability,
        seL4_X86_PageDirectory_Map(pd, VSPACE, far + (1ul << 30), seL4_X86_Default_VMAttributes));
    CHECK_ERROR(
        X86PageTableMap, seL4_InvalidCapability,
        seL4_X86_PageTable_Map(pt, VSPACE, far + (1ul << 21), seL4_X86_Default_VMAttributes));
    seL4_CPtr pdpt_copy = cs_slot();
    seL4_CPtr pd_copy = cs_slot();
    CHECK_EQ(seL4_CNode_Copy(ROOT, pdpt_copy, DEPTH, ROOT, pdpt, DEPTH, seL4_AllRights),
             seL4_NoError);
    CHECK_EQ(seL4_CNode_Copy(ROOT, pd_copy, DEPTH, ROOT, pd, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERROR(X86PDPTUnmap, seL4_RevokeFirst, seL4_X86_PDPT_Unmap(pdpt));
    CHECK_ERROR(X86PageDirectoryUnmap, seL4_RevokeFirst, seL4_X86_PageDirectory_Unmap(pd));
    /* An unmapped structure's capability cannot be copied at all. */
    seL4_CPtr fresh = cs_new(seL4_X86_PageTableObject, 0);
    CHECK_EQ(seL4_CNode_Copy(ROOT, cs_slot(), DEPTH, ROOT, fresh, DEPTH, seL4_AllRights),
             seL4_IllegalOperation);
    /* Deleting the PDPT's last capability takes the whole path out. */
    CHECK_EQ(seL4_CNode_Delete(ROOT, pdpt_copy, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_CNode_Delete(ROOT, pdpt, DEPTH), seL4_NoError);
    CHECK_ERROR(X86PageTableMap, seL4_FailedLookup,
                seL4_X86_PageTable_Map(fresh, VSPACE, far, seL4_X86_Default_VMAttributes));
    CHECK_EQ(seL4_CNode_Delete(ROOT, pd_copy, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_X86_PageDirectory_Unmap(pd), seL4_NoError);
    CHECK_EQ(seL4_X86_PageTable_Unmap(pt), seL4_NoError);
}

DEFINE_TEST(PAGING_002, "Page Map, Unmap and GetAddress refuse what they must")
{
    seL4_CPtr frame = cs_new(seL4_X86_4K, 0);
    seL4_CPtr pt = cs_new(seL4_X86_PageTableObject, 0);
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr other = cs_new(seL4_X64_PML4Object, 0);
    seL4_CPtr empty = cs_slot();
    seL4_Word va = vs_range(20);

    CHECK(frame != 0 && pt != 0 && ep != 0 && other != 0);
    CHECK_EQ(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, other), seL4_NoError);
    CHECK_ERROR(
        X86PageMap, seL4_AlignmentError,
        seL4_X86_Page_Map(frame, VSPACE, va + 8, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(
        X86PageMap, seL4_InvalidArgument,
        seL4_X86_Page_Map(frame, VSPACE, USER_END, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageMap, seL4_InvalidArgument,
                seL4_X86_Page_Map(frame, VSPACE, KERNEL_ADDR, seL4_ReadWrite,
                                  seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageMap, seL4_InvalidCapability,
                seL4_X86_Page_Map(frame, ep, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageMap, seL4_IllegalOperation,
                seL4_X86_Page_Map(pt, VSPACE, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageMap, seL4_TruncatedMessage, cs_raw_call(frame, X86PageMap, 2));
    CHECK_ERROR(X86PageUnmap, seL4_IllegalOperation, seL4_X86_Page_Unmap(pt));
    CHECK_ERROR(X86PageUnmap, seL4_InvalidCapability, seL4_X86_Page_Unmap(empty));
    CHECK_ERROR(X86PageGetAddress, seL4_IllegalOperation, seL4_X86_Page_GetAddress(pt).error);
    CHECK_ERROR(X86PageGetAddress, seL4_InvalidCapability, seL4_X86_Page_GetAddress(empty).error);
    /* Mapped in one address space, a frame is refused by another. */
    CHECK_EQ(cairn_map_frame(&vs_alloc, VSPACE, frame, va, seL4_ReadWrite,
                             seL4_X86_Default_VMAttributes),
             seL4_NoError);
    CHECK_ERROR(X86PageMap, seL4_InvalidCapability,
                seL4_X86_Page_Map(frame, other, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    CHECK_EQ(seL4_X86_Page_Unmap(frame), seL4_NoError);
    CHECK_EQ(
        cairn_map_frame(&vs_alloc, other, frame, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes),
        seL4_NoError);
    /* Device frames cannot be IPC buffers: the kernel reaches buffers through RAM only. */
    seL4_CPtr device = cs_slot();
    CHECK(cs_device_untyped() != 0);
    CHECK_EQ(seL4_Untyped_Retype(cs_device_untyped(), seL4_X86_4K, 0, ROOT, 0, 0, device, 1),
             seL4_NoError);
    CHECK_EQ(seL4_TCB_SetIPCBuffer(cs_new(seL4_TCBObject, 0), 0x10000, device),
             seL4_IllegalOperation);
    /* Device untyped memory becomes frames only. */
    CHECK_EQ(seL4_Untyped_Retype(cs_device_untyped(), seL4_X86_PageTableObject, 0, ROOT, 0, 0,
                                 cs_slot(), 1),
             seL4_InvalidArgument);
    CHECK_EQ(seL4_CNode_Delete(ROOT, device, DEPTH), seL4_NoError);
}

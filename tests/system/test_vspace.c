/*
 * Address spaces (seL4 manual, x86_64 virtual memory): mapping, unmapping
 * and remapping frames of each size, rights and no-execute enforced and
 * reported as VMFaults, demand paging by a fault handler, and no mapping
 * outliving the capability or the memory it came from.
 */
#include <cairn/vspace.h>
#include <sel4/runtime.h>

#include "cspace.h"
#include "test.h"
#include "thread.h"
#include "vs.h"

enum {
    FSR_PRESENT = 0x1,
    FSR_WRITE = 0x2,
    FSR_USER = 0x4,
    FSR_FETCH = 0x10,
};

#define VA(p) ((volatile seL4_Word *)(p))

DEFINE_TEST(VSPACE_001, "a frame maps, is usable, unmaps, and remaps elsewhere with its contents")
{
    seL4_Word va = vs_range(1);
    seL4_Word va2 = va + 16 * PAGE;
    seL4_CPtr frame = vs_map_new(va);
    vm_fault_t fault;

    CHECK(frame != 0);
    *VA(va) = 0x1111;
    *VA(va + PAGE - 8) = 0x2222;
    seL4_X86_Page_GetAddress_t addr = seL4_X86_Page_GetAddress(frame);
    CHECK_EQ(addr.error, seL4_NoError);
    CHECK(addr.paddr != 0 && addr.paddr % PAGE == 0);
    CHECK_EQ(seL4_X86_Page_Unmap(frame), seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va, &fault, 0), 1);
    CHECK_EQ(fault.addr, va);
    CHECK_EQ(fault.prefetch, 0);
    CHECK_EQ(fault.fsr, FSR_USER); /* a read of a page that is not present */
    CHECK_EQ(seL4_X86_Page_Map(frame, VSPACE, va2, seL4_ReadWrite, seL4_X86_Default_VMAttributes),
             seL4_NoError);
    CHECK_EQ(*VA(va2), 0x1111);
    CHECK_EQ(*VA(va2 + PAGE - 8), 0x2222);
    /* Unmapping twice is no error; the address stays the frame's. */
    CHECK_EQ(seL4_X86_Page_Unmap(frame), seL4_NoError);
    CHECK_EQ(seL4_X86_Page_Unmap(frame), seL4_NoError);
    CHECK_EQ(seL4_X86_Page_GetAddress(frame).paddr, addr.paddr);
}

DEFINE_TEST(
    VSPACE_002,
    "a write to a read-only page is a VMFault; the handler remaps it and the write completes")
{
    seL4_Word va = vs_range(2);
    seL4_CPtr frame = cs_new(seL4_X86_4K, 0);
    vm_fault_t fault;
    seL4_Word value = 0;

    CHECK(frame != 0);
    CHECK_EQ(
        cairn_map_frame(&vs_alloc, VSPACE, frame, va, seL4_CanRead, seL4_X86_Default_VMAttributes),
        seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va, &fault, &value), 0);
    CHECK_EQ(value, 0); /* new frames are zero */
    CHECK_EQ(vs_probe(PROBE_WRITE, va, &fault, 0), 1);
    CHECK_EQ(fault.addr, va);
    CHECK_EQ(fault.prefetch, 0);
    CHECK_EQ(fault.fsr, FSR_PRESENT | FSR_WRITE | FSR_USER);
    /* Map again at the same address: a change of rights, not a second mapping. */
    CHECK_EQ(seL4_X86_Page_Map(frame, VSPACE, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes),
             seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_WRITE, va, &fault, 0), 0);
    CHECK_EQ(*VA(va), PROBE_PATTERN);
    /* And back to read-only: the TLB must not keep the writable entry. */
    CHECK_EQ(seL4_X86_Page_Map(frame, VSPACE, va, seL4_CanRead, seL4_X86_Default_VMAttributes),
             seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_WRITE, va, &fault, 0), 1);
    CHECK_EQ(fault.fsr, FSR_PRESENT | FSR_WRITE | FSR_USER);
}

DEFINE_TEST(VSPACE_003,
            "a jump into a no-execute page is an instruction VMFault; executable it runs")
{
    seL4_Word va = vs_range(3);
    seL4_CPtr frame = vs_map_new(va);
    vm_fault_t fault;

    CHECK(frame != 0);
    *(volatile unsigned char *)va = 0xc3; /* ret */
    CHECK_EQ(seL4_X86_Page_Map(frame, VSPACE, va, seL4_CanRead, seL4_X86_ExecuteNever),
             seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_EXEC, va, &fault, 0), 1);
    CHECK_EQ(fault.ip, va);
    CHECK_EQ(fault.addr, va);
    CHECK_EQ(fault.prefetch, 1);
    CHECK_EQ(fault.fsr, FSR_PRESENT | FSR_USER | FSR_FETCH);
    CHECK_EQ(seL4_X86_Page_Map(frame, VSPACE, va, seL4_CanRead, seL4_X86_Default_VMAttributes),
             seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_EXEC, va, &fault, 0), 0);
    /* Without the read right a page is the kernel's alone: no user access at all. */
    CHECK_EQ(seL4_X86_Page_Map(frame, VSPACE, va, seL4_CanWrite, seL4_X86_Default_VMAttributes),
             seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va, &fault, 0), 1);
    CHECK_EQ(fault.fsr, FSR_PRESENT | FSR_USER);
}

/* The demand-paged thread: sums three pages it finds mapped on first touch. */
static volatile seL4_Word demand_sum;
static seL4_CPtr demand_done;

static _Noreturn void demand_toucher(seL4_Word base)
{
    for (seL4_Word i = 0; i < 3; i++) {
        VA(base + i * PAGE)[1] = i + 1;
        demand_sum += VA(base + i * PAGE)[0] + VA(base + i * PAGE)[1];
    }
    seL4_Signal(demand_done);
    thread_park();
}

DEFINE_TEST(VSPACE_004, "demand paging: the handler maps each missing page and the thread resumes")
{
    /* A fresh 1 GiB region: not even a page directory exists there yet. */
    seL4_Word base = 0x100000000ul + 0x7000;
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    test_thread_t t;
    seL4_Word badge = 0;

    demand_done = cs_new(seL4_NotificationObject, 0);
    CHECK(ep != 0 && reply != 0 && demand_done != 0);
    CHECK_EQ(thread_start_handled(&t, demand_toucher, base, 200, ep), 0);
    for (seL4_Word i = 0; i < 3; i++) {
        seL4_MessageInfo_t info = seL4_Recv(ep, &badge, reply);
        CHECK_EQ(seL4_MessageInfo_get_label(info), LABEL_VM_FAULT);
        CHECK_EQ(seL4_GetMR(1), base + i * PAGE + 8);
        CHECK_EQ(seL4_GetMR(3), FSR_WRITE | FSR_USER);
        seL4_CPtr frame = vs_map_new(base + i * PAGE);
        CHECK(frame != 0);
        *VA(base + i * PAGE) = 100 * (i + 1);
        seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0));
    }
    seL4_Wait(demand_done, &badge);
    CHECK_EQ(demand_sum, 100 + 200 + 300 + 1 + 2 + 3);
    thread_destroy(&t);
}

DEFINE_TEST(VSPACE_005, "a 2 MiB page maps at a 2 MiB boundary and covers all of it")
{
    seL4_Word va = vs_range(6);
    seL4_CPtr large = cs_new(seL4_X86_LargePageObject, 0);
    vm_fault_t fault;

    CHECK(large != 0);
    CHECK_ERROR(
        X86PageMap, seL4_AlignmentError,
        seL4_X86_Page_Map(large, VSPACE, va + PAGE, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    CHECK_EQ(cairn_map_frame(&vs_alloc, VSPACE, large, va, seL4_ReadWrite,
                             seL4_X86_Default_VMAttributes),
             seL4_NoError);
    CHECK_EQ(seL4_X86_Page_GetAddress(large).paddr % LARGE, 0);
    for (seL4_Word off = 0; off < LARGE; off += 64 * PAGE) {
        *VA(va + off) = off;
    }
    *VA(va + LARGE - 8) = 0x77;
    for (seL4_Word off = 0; off < LARGE; off += 64 * PAGE) {
        CHECK_EQ(*VA(va + off), off);
    }
    CHECK_EQ(seL4_X86_Page_Unmap(large), seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va + LARGE - 8, &fault, 0), 1);
    /* Write-combining and uncached attributes are accepted on RAM too. */
    CHECK_EQ(seL4_X86_Page_Map(large, VSPACE, va, seL4_ReadWrite, seL4_X86_WriteCombining),
             seL4_NoError);
    CHECK_EQ(*VA(va + LARGE - 8), 0x77);
    CHECK_EQ(seL4_X86_Page_Map(large, VSPACE, va, seL4_ReadWrite, seL4_X86_Uncacheable),
             seL4_NoError);
    CHECK_EQ(*VA(va), 0);
    CHECK_EQ(seL4_X86_Page_Unmap(large), seL4_NoError);
}

/* The first device untyped of at least 1 GiB, carved down to exactly 1 GiB. */
static seL4_CPtr gib_device_untyped(seL4_Word *paddr)
{
    const seL4_BootInfo *bi = seL4_GetBootInfo();

    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (u->isDevice && u->sizeBits == 30) {
            *paddr = u->paddr;
            return bi->untyped.start + i;
        }
    }
    return 0;
}

DEFINE_TEST(VSPACE_006, "a 1 GiB device page maps at a 1 GiB boundary (pdpe1gb)")
{
    seL4_Word paddr = 0;
    seL4_CPtr untyped = gib_device_untyped(&paddr);
    seL4_CPtr huge = cs_slot();
    seL4_Word va = 0x8000000000ul; /* 512 GiB: a PML4 slot with no PDPT yet */
    vm_fault_t fault;
    seL4_Word value = 0;

    CHECK(untyped != 0);
    CHECK_EQ(seL4_Untyped_Retype(untyped, seL4_X64_HugePageObject, 0, ROOT, 0, 0, huge, 1),
             seL4_NoError);
    CHECK_EQ(seL4_X86_Page_GetAddress(huge).paddr, paddr);
    CHECK_ERROR(X86PageMap, seL4_FailedLookup,
                seL4_X86_Page_Map(huge, VSPACE, va, seL4_ReadWrite, seL4_X86_Uncacheable));
    CHECK_EQ(seL4_MappingFailedLookupLevel(), 39); /* the PDPT is missing */
    CHECK_EQ(cairn_map_frame(&vs_alloc, VSPACE, huge, va, seL4_ReadWrite, seL4_X86_Uncacheable),
             seL4_NoError);
    /* Nothing answers at these addresses, but they are mapped: no fault. */
    CHECK_EQ(vs_probe(PROBE_READ, va, &fault, &value), 0);
    CHECK_EQ(vs_probe(PROBE_READ, va + (1ul << 30) - 8, &fault, &value), 0);
    CHECK_EQ(vs_probe(PROBE_READ, va + (1ul << 30), &fault, &value), 1);
    CHECK_EQ(seL4_X86_Page_Unmap(huge), seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va, &fault, &value), 1);
    CHECK_EQ(seL4_CNode_Revoke(ROOT, untyped, DEPTH), seL4_NoError);
}

DEFINE_TEST(VSPACE_007, "mapping over an existing mapping or structure is refused")
{
    seL4_Word va = vs_range(8);
    seL4_CPtr a = vs_map_new(va);
    seL4_CPtr b = cs_new(seL4_X86_4K, 0);
    seL4_CPtr pt = cs_new(seL4_X86_PageTableObject, 0);
    seL4_CPtr large = cs_new(seL4_X86_LargePageObject, 0);

    CHECK(a != 0 && b != 0 && pt != 0 && large != 0);
    CHECK_ERROR(X86PageMap, seL4_DeleteFirst,
                seL4_X86_Page_Map(b, VSPACE, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    CHECK_ERROR(X86PageTableMap, seL4_DeleteFirst,
                seL4_X86_PageTable_Map(pt, VSPACE, va, seL4_X86_Default_VMAttributes));
    /* A 2 MiB page where a page table is. */
    CHECK_ERROR(
        X86PageMap, seL4_DeleteFirst,
        seL4_X86_Page_Map(large, VSPACE, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    /* A 4 KiB page below a 2 MiB page finds no page table. */
    seL4_Word big = vs_range(9);
    CHECK_EQ(cairn_map_frame(&vs_alloc, VSPACE, large, big, seL4_ReadWrite,
                             seL4_X86_Default_VMAttributes),
             seL4_NoError);
    CHECK_ERROR(
        X86PageMap, seL4_FailedLookup,
        seL4_X86_Page_Map(b, VSPACE, big + PAGE, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    CHECK_EQ(seL4_MappingFailedLookupLevel(), 21);
    /* A mapped frame cannot go somewhere else in the same space until unmapped. */
    CHECK_ERROR(
        X86PageMap, seL4_InvalidArgument,
        seL4_X86_Page_Map(a, VSPACE, va + PAGE, seL4_ReadWrite, seL4_X86_Default_VMAttributes));
    CHECK_EQ(seL4_X86_Page_Unmap(large), seL4_NoError);
}

DEFINE_TEST(VSPACE_008, "unmapping a page table that still maps pages makes them unreachable")
{
    seL4_Word va = vs_range(10);
    seL4_CPtr pt = cs_new(seL4_X86_PageTableObject, 0);
    seL4_CPtr frame = cs_new(seL4_X86_4K, 0);
    seL4_CPtr copy = cs_slot();
    vm_fault_t fault;

    CHECK(pt != 0 && frame != 0);
    CHECK_EQ(seL4_X86_PageTable_Map(pt, VSPACE, va, seL4_X86_Default_VMAttributes), seL4_NoError);
    CHECK_EQ(seL4_X86_Page_Map(frame, VSPACE, va + 5 * PAGE, seL4_ReadWrite,
                               seL4_X86_Default_VMAttributes),
             seL4_NoError);
    *VA(va + 5 * PAGE) = 0xabc;
    /* A copy of a mapped table's capability would still think it mapped. */
    CHECK_EQ(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, pt, DEPTH, seL4_AllRights), seL4_NoError);
    CHECK_ERROR(X86PageTableUnmap, seL4_RevokeFirst, seL4_X86_PageTable_Unmap(pt));
    CHECK_EQ(seL4_CNode_Delete(ROOT, copy, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_X86_PageTable_Unmap(pt), seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va + 5 * PAGE, &fault, 0), 1);
    CHECK_EQ(fault.addr, va + 5 * PAGE);
    /* Mapped again, the table is empty: the old entry did not survive. */
    CHECK_EQ(seL4_X86_PageTable_Map(pt, VSPACE, va, seL4_X86_Default_VMAttributes), seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va + 5 * PAGE, &fault, 0), 1);
    /* The frame's record is stale until Unmap clears it; then it maps anew. */
    CHECK_ERROR(X86PageMap, seL4_InvalidArgument,
                seL4_X86_Page_Map(frame, VSPACE, va + 6 * PAGE, seL4_ReadWrite,
                                  seL4_X86_Default_VMAttributes));
    CHECK_EQ(seL4_X86_Page_Unmap(frame), seL4_NoError);
    CHECK_EQ(seL4_X86_Page_Map(frame, VSPACE, va + 6 * PAGE, seL4_ReadWrite,
                               seL4_X86_Default_VMAttributes),
             seL4_NoError);
    CHECK_EQ(*VA(va + 6 * PAGE), 0xabc);
}

DEFINE_TEST(VSPACE_009, "deleting a mapped frame capability removes its mapping, not its copies'")
{
    seL4_Word va = vs_range(11);
    seL4_CPtr frame = vs_map_new(va);
    seL4_CPtr copy = cs_slot();
    vm_fault_t fault;

    CHECK(frame != 0);
    CHECK_EQ(seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, frame, DEPTH, seL4_AllRights), seL4_NoError);
    /* The copy is not mapped: it maps on its own, once. */
    CHECK_EQ(
        seL4_X86_Page_Map(copy, VSPACE, va + PAGE, seL4_CanRead, seL4_X86_Default_VMAttributes),
        seL4_NoError);
    *VA(va) = 0x4242;
    CHECK_EQ(*VA(va + PAGE), 0x4242);
    CHECK_EQ(seL4_CNode_Delete(ROOT, copy, DEPTH), seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va + PAGE, &fault, 0), 1);
    CHECK_EQ(*VA(va), 0x4242);
    CHECK_EQ(seL4_CNode_Delete(ROOT, frame, DEPTH), seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va, &fault, 0), 1);
}

DEFINE_TEST(VSPACE_010, "revoking the untyped unmaps its frames; retyped, the memory is fresh")
{
    seL4_Word va = vs_range(12);
    seL4_CPtr untyped = cs_new_untyped(12);
    seL4_CPtr frame = cs_slot();
    seL4_CPtr again = cs_slot();
    vm_fault_t fault;
    seL4_Word value = 1;

    CHECK(untyped != 0);
    CHECK_EQ(seL4_Untyped_Retype(untyped, seL4_X86_4K, 0, ROOT, 0, 0, frame, 1), seL4_NoError);
    CHECK_EQ(cairn_map_frame(&vs_alloc, VSPACE, frame, va, seL4_ReadWrite,
                             seL4_X86_Default_VMAttributes),
             seL4_NoError);
    *VA(va) = 0xdead;
    seL4_Word paddr = seL4_X86_Page_GetAddress(frame).paddr;
    CHECK_EQ(seL4_CNode_Revoke(ROOT, untyped, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(frame));
    CHECK_EQ(vs_probe(PROBE_READ, va, &fault, 0), 1);
    CHECK_EQ(seL4_Untyped_Retype(untyped, seL4_X86_4K, 0, ROOT, 0, 0, again, 1), seL4_NoError);
    CHECK_EQ(seL4_X86_Page_GetAddress(again).paddr, paddr);
    CHECK_EQ(
        seL4_X86_Page_Map(again, VSPACE, va + PAGE, seL4_ReadWrite, seL4_X86_Default_VMAttributes),
        seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va + PAGE, &fault, &value), 0);
    CHECK_EQ(value, 0);
    CHECK_EQ(vs_probe(PROBE_READ, va, &fault, 0), 1);
}

DEFINE_TEST(VSPACE_011, "revoking a page table's untyped removes it from the address space")
{
    seL4_Word va = vs_range(13);
    seL4_CPtr untyped = cs_new_untyped(13);
    seL4_CPtr objs = cs_slots(2);
    vm_fault_t fault;

    CHECK(untyped != 0 && objs != 0);
    CHECK_EQ(seL4_Untyped_Retype(untyped, seL4_X86_PageTableObject, 0, ROOT, 0, 0, objs, 1),
             seL4_NoError);
    CHECK_EQ(seL4_Untyped_Retype(untyped, seL4_X86_4K, 0, ROOT, 0, 0, objs + 1, 1), seL4_NoError);
    CHECK_EQ(seL4_X86_PageTable_Map(objs, VSPACE, va, seL4_X86_Default_VMAttributes), seL4_NoError);
    CHECK_EQ(seL4_X86_Page_Map(objs + 1, VSPACE, va, seL4_ReadWrite, seL4_X86_Default_VMAttributes),
             seL4_NoError);
    *VA(va) = 1;
    CHECK_EQ(seL4_CNode_Revoke(ROOT, untyped, DEPTH), seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, va, &fault, 0), 1);
    /* The slot is free again for a new table. */
    CHECK(vs_map_new(va) != 0);
}

DEFINE_TEST(VSPACE_012, "replacing the root task's IPC buffer copy in its TCB leaves the mapping")
{
    seL4_Word buffer = (seL4_Word)seL4_GetBootInfo()->ipcBuffer;
    vm_fault_t fault;

    /* The TCB's copy of the frame capability is deleted and replaced here. */
    CHECK_EQ(seL4_TCB_SetIPCBuffer(seL4_CapInitThreadTCB, buffer, seL4_CapInitThreadIPCBuffer),
             seL4_NoError);
    CHECK_EQ(vs_probe(PROBE_READ, buffer, &fault, 0), 0);
    seL4_SetMR(100, 0x99);
    CHECK_EQ(seL4_GetMR(100), 0x99);
}

/*
 * Unit tests for the x86_64 address-space objects (kernel/arch/x86_64/
 * object/) through invoke(), on fake memory with the machine layer's
 * recording double (kernel/arch/host/x86_mmu.c): the entries Map writes,
 * the mapping records in capabilities, TLB flushes, and the rule that a
 * stale record can never remove a mapping that is not its own. Every
 * refusal is checked to change nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* cmocka's fail() macro would hide the kernel's fail() (api/invocation.h). */
#undef fail

#include <arch/host.h>
#include <arch/host_mmu.h>
#include <arch/pte.h>
#include <arch/vspace.h>
#include <invocation_labels.h>
#include <sel4/objecttype.h>

#include "cspace_fixture.h"
#include "object/object.h"
#include "state.h"

enum {
    MEM_BITS = 24,
    ROOT_RADIX = 8,
    UT_BITS = 23,
    CONTROL = 3,  /* ASID control */
    PORTS = 4,    /* I/O port control */
    POOL_UT = 16, /* a 4 KiB untyped for the pool */
    POOL = 17,
    ROOT = 18, /* a PML4 with an ASID */
    PDPT = 19,
    PD = 20,
    PT = 21,
    FRAME = 22,
    FRAME2 = 23,
    LARGE = 24,
    COPY = 25,
    ROOT2 = 26,
    SUB_UT = 27,
    SUB_FRAME = 28,
    PORT_RANGE = 29,
    EMPTY = 40,
    RW = 3, /* seL4_CapRights_t: read | write */
    RO = 2,
    ATTR_UNCACHEABLE = 3, /* seL4_X86_VMAttributes */
    ATTR_WRITE_COMBINING = 4,
    ATTR_EXECUTE_NEVER = 8,
};

#define VA      0x40201000ul /* PML4 0, PDPT 1, PD 1, PT 1 */
#define VA_BASE 0x40200000ul

static int setup(void **state)
{
    (void)state;
    fx_setup(MEM_BITS, ROOT_RADIX, UT_BITS);
    fx_put_root_cap(fx_slot(CONTROL), cap_asid_control());
    fx_put_root_cap(fx_slot(PORTS), cap_io_port_control());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fx_teardown();
    return 0;
}

static int call(word_t label, word_t cptr, word_t length, const word_t *words, word_t extra)
{
    fx_call_t c = { label, cptr, length, { 0 }, extra != 0 ? 1 : 0, { extra, 0, 0 } };

    for (word_t i = 0; i < length; i++) {
        c.words[i] = words[i];
    }
    return fx_call(&c, &fx_last);
}

/* A call that must fail with `error` and change no byte of memory or kernel state. */
static void expect_refused(word_t label, word_t cptr, word_t length, const word_t *words,
                           word_t extra, seL4_Error error)
{
    fx_call_t c = { label, cptr, length, { 0 }, extra != 0 ? 1 : 0, { extra, 0, 0 } };
    fx_snapshot_t snap = { NULL, NULL };

    for (word_t i = 0; i < length; i++) {
        c.words[i] = words[i];
    }
    fx_snapshot_take(&snap);
    exception_t status = fx_invoke_once(&c, &fx_last);
    if (status != EXC_SYSCALL_ERROR || fx_last.error.type != error) {
        fx_snapshot_free(&snap);
        FX_FAIL("label %lu gave status %d error %d, expected error %d", label, (int)status,
                (int)fx_last.error.type, (int)error);
    }
    fx_assert_unchanged(&snap);
    fx_assert_mdb();
}

static int make_pool(void)
{
    fx_call_t c = { X86ASIDControlMakePool,  CONTROL, 2,
                    { POOL, FX_ROOT_DEPTH }, 2,       { POOL_UT, FX_SLOT_ROOT, 0 } };

    if (fx_retype(FX_SLOT_UNTYPED, seL4_UntypedObject, 12, POOL_UT, 1) != seL4_NoError) {
        return -1;
    }
    return fx_call(&c, &fx_last);
}

static int assign(word_t root)
{
    return call(X86ASIDPoolAssign, POOL, 0, NULL, root);
}

static int map_table(word_t label, word_t table, word_t vaddr)
{
    word_t w[] = { vaddr, 0 };
    return call(label, table, 2, w, ROOT);
}

static int map_frame(word_t frame, word_t vaddr, word_t rights, word_t attr)
{
    word_t w[] = { vaddr, rights, attr };
    return call(X86PageMap, frame, 3, w, ROOT);
}

static uint64_t *object(word_t slot)
{
    return cap_ptr(fx_slot(slot)->cap);
}

static paddr_t phys(word_t slot)
{
    return arch_window_to_phys(object(slot));
}

/* A root with an ASID and the PDPT, PD and PT that cover VA. */
static void build_path(void)
{
    assert_int_equal(make_pool(), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X64_PML4Object, 0, ROOT, 1), seL4_NoError);
    assert_int_equal(assign(ROOT), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X86_PDPTObject, 0, PDPT, 1), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X86_PageDirectoryObject, 0, PD, 1),
                     seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X86_PageTableObject, 0, PT, 1), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X86_4K, 0, FRAME, 2), seL4_NoError);
    assert_int_equal(map_table(X86PDPTMap, PDPT, VA), seL4_NoError);
    assert_int_equal(map_table(X86PageDirectoryMap, PD, VA), seL4_NoError);
    assert_int_equal(map_table(X86PageTableMap, PT, VA), seL4_NoError);
}

static uint64_t pt_entry(word_t vaddr)
{
    return object(PT)[pt_index(vaddr, 0)];
}

static void test_new_root_shares_the_kernel_half(void **state)
{
    (void)state;
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X64_PML4Object, 0, ROOT, 1), seL4_NoError);
    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        assert_int_equal(object(ROOT)[i], i < PT_ENTRIES / 2 ? 0 : HOST_KERNEL_HALF_MARK);
    }
    assert_int_equal(cap_vspace_asid(fx_slot(ROOT)->cap), 0);
}

static void test_map_writes_entries_and_records(void **state)
{
    (void)state;
    build_path();
    word_t asid = cap_vspace_asid(fx_slot(ROOT)->cap);
    assert_int_not_equal(asid, 0);
    assert_int_equal(object(ROOT)[0], phys(PDPT) | PTE_P | PTE_W | PTE_U);
    assert_int_equal(object(PDPT)[1], phys(PD) | PTE_P | PTE_W | PTE_U);
    assert_int_equal(object(PD)[1], phys(PT) | PTE_P | PTE_W | PTE_U);
    assert_int_equal(cap_mapping(fx_slot(PT)->cap), mapping_word(VA_BASE, asid));
    assert_int_equal(cap_mapping(fx_slot(PDPT)->cap), mapping_word(0, asid));
    assert_int_equal(map_frame(FRAME, VA, RW, ATTR_EXECUTE_NEVER), seL4_NoError);
    assert_int_equal(pt_entry(VA), phys(FRAME) | PTE_P | PTE_U | PTE_W | PTE_NX);
    assert_int_equal(cap_mapping(fx_slot(FRAME)->cap), mapping_word(VA, asid));
    /* Read-only, write-through + cache-disabled; no read right: kernel-only. */
    assert_int_equal(map_frame(FRAME2, VA + 0x1000, RO, ATTR_UNCACHEABLE), seL4_NoError);
    assert_int_equal(pt_entry(VA + 0x1000), phys(FRAME2) | PTE_P | PTE_U | PTE_PWT | PTE_PCD);
    assert_int_equal(map_frame(FRAME2, VA + 0x1000, 1, 0), seL4_NoError);
    assert_int_equal(pt_entry(VA + 0x1000), phys(FRAME2) | PTE_P);
    fx_assert_mdb();
}

static void test_remap_changes_rights_and_flushes(void **state)
{
    (void)state;
    build_path();
    assert_int_equal(map_frame(FRAME, VA, RW, 0), seL4_NoError);
    unsigned flushes = host_mmu_page_flushes();
    assert_int_equal(map_frame(FRAME, VA, RO, 0), seL4_NoError);
    assert_int_equal(pt_entry(VA) & PTE_W, 0);
    assert_int_equal(host_mmu_page_flushes(), flushes + 1);
    assert_int_equal(host_mmu_last_flush_asid(), cap_vspace_asid(fx_slot(ROOT)->cap));
    /* A copy of the frame capability is unmapped and maps on its own. */
    assert_int_equal(fx_copy(COPY, FRAME, RIGHTS_ALL), seL4_NoError);
    assert_int_equal(cap_mapping(fx_slot(COPY)->cap), 0);
    assert_int_equal(map_frame(COPY, VA + 0x2000, RW, 0), seL4_NoError);
    assert_int_equal(pt_entry(VA + 0x2000), phys(FRAME) | PTE_P | PTE_U | PTE_W);
}

static void test_refusals_change_nothing(void **state)
{
    static const word_t at_va[] = { VA, RW, 0 };
    static const word_t misaligned[] = { VA + 8, RW, 0 };
    static const word_t kernel[] = { 0xffff800000000000ul, RW, 0 };
    static const word_t last[] = { 0x7ffffffff000ul, RW, 0 }; /* seL4_UserTop: never mapped */
    static const word_t below_last[] = { 0x7fffffffe000ul, RW, 0 };
    static const word_t table_at[] = { VA, 0 };
    static const word_t table_far[] = { 0x10000000000ul, 0 };
    static const word_t copy_args[] = { EMPTY, FX_ROOT_DEPTH, ROOT2, FX_ROOT_DEPTH, RIGHTS_ALL };

    (void)state;
    build_path();
    assert_int_equal(map_frame(FRAME, VA, RW, 0), seL4_NoError);
    expect_refused(X86PageMap, FRAME2, 3, at_va, ROOT, seL4_DeleteFirst);
    expect_refused(X86PageMap, FRAME2, 3, misaligned, ROOT, seL4_AlignmentError);
    expect_refused(X86PageMap, FRAME2, 3, kernel, ROOT, seL4_InvalidArgument);
    expect_refused(X86PageMap, FRAME2, 3, last, ROOT, seL4_InvalidArgument);
    expect_refused(X86PageMap, FRAME2, 3, below_last, ROOT, seL4_FailedLookup);
    assert_int_equal(fx_last.error.lookup.bits_left, 39); /* no PDPT up there */
    expect_refused(X86PageMap, FRAME2, 2, at_va, ROOT, seL4_TruncatedMessage);
    expect_refused(X86PageMap, FRAME2, 3, at_va, FX_SLOT_ROOT, seL4_InvalidCapability);
    expect_refused(X86PageMap, PT, 3, at_va, ROOT, seL4_IllegalOperation);
    expect_refused(X86PageTableMap, PT, 2, table_at, ROOT, seL4_InvalidCapability);
    expect_refused(X86PageDirectoryMap, PT, 2, table_far, ROOT, seL4_IllegalOperation);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X86_PageTableObject, 0, COPY, 1),
                     seL4_NoError);
    expect_refused(X86PageTableMap, COPY, 2, table_at, ROOT, seL4_DeleteFirst);
    expect_refused(X86PageTableMap, COPY, 2, table_far, ROOT, seL4_FailedLookup);
    /* An unassigned root: nothing maps into it and it cannot be copied. */
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X64_PML4Object, 0, ROOT2, 1), seL4_NoError);
    expect_refused(X86PageTableMap, COPY, 2, table_at, ROOT2, seL4_InvalidCapability);
    expect_refused(CNodeCopy, FX_SLOT_ROOT, 5, copy_args, FX_SLOT_ROOT, seL4_IllegalOperation);
    expect_refused(X86ASIDPoolAssign, POOL, 0, NULL, ROOT, seL4_InvalidCapability);
    /* Unmap of a table needs its only capability. */
    assert_int_equal(fx_copy(EMPTY, PT, RIGHTS_ALL), seL4_NoError);
    expect_refused(X86PageTableUnmap, PT, 0, NULL, 0, seL4_RevokeFirst);
}

static void test_deleting_a_frame_cap_unmaps_it(void **state)
{
    (void)state;
    build_path();
    assert_int_equal(map_frame(FRAME, VA, RW, 0), seL4_NoError);
    assert_int_equal(fx_copy(COPY, FRAME, RIGHTS_ALL), seL4_NoError);
    assert_int_equal(map_frame(COPY, VA + 0x1000, RW, 0), seL4_NoError);
    assert_int_equal(fx_delete(COPY), seL4_NoError); /* not the last: still its own mapping */
    assert_int_equal(pt_entry(VA + 0x1000), 0);
    assert_int_not_equal(pt_entry(VA), 0);
    assert_int_equal(fx_delete(FRAME), seL4_NoError);
    assert_int_equal(pt_entry(VA), 0);
    fx_assert_mdb();
}

static void test_stale_record_never_unmaps_another(void **state)
{
    (void)state;
    build_path();
    assert_int_equal(map_frame(FRAME, VA, RW, 0), seL4_NoError);
    /* Unmapping the table empties it; FRAME's record is stale from then on. */
    assert_int_equal(call(X86PageTableUnmap, PT, 0, NULL, 0), seL4_NoError);
    assert_int_equal(object(PD)[1], 0);
    assert_int_equal(pt_entry(VA), 0);
    assert_int_equal(map_table(X86PageTableMap, PT, VA), seL4_NoError);
    assert_int_equal(map_frame(FRAME2, VA, RW, 0), seL4_NoError);
    assert_int_not_equal(cap_mapping(fx_slot(FRAME)->cap), 0);
    assert_int_equal(fx_delete(FRAME), seL4_NoError);
    assert_int_equal(pt_entry(VA), phys(FRAME2) | PTE_P | PTE_U | PTE_W);
}

static void test_root_deletion_frees_its_asid_safely(void **state)
{
    (void)state;
    build_path();
    word_t asid = cap_vspace_asid(fx_slot(ROOT)->cap);
    assert_int_equal(map_frame(FRAME, VA, RW, 0), seL4_NoError);
    assert_int_equal(fx_delete(ROOT), seL4_NoError);
    assert_null(asid_lookup(asid));
    assert_int_equal(host_mmu_last_flush_asid(), asid);
    /* The ASID goes to the next root; the old records must not touch it. */
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X64_PML4Object, 0, ROOT, 1), seL4_NoError);
    assert_int_equal(assign(ROOT), seL4_NoError);
    assert_int_equal(cap_vspace_asid(fx_slot(ROOT)->cap), asid);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X86_PDPTObject, 0, ROOT2, 1), seL4_NoError);
    assert_int_equal(map_table(X86PDPTMap, ROOT2, VA), seL4_NoError);
    assert_int_equal(fx_delete(PDPT), seL4_NoError);
    assert_int_equal(fx_delete(FRAME), seL4_NoError);
    assert_int_equal(object(ROOT)[0], phys(ROOT2) | PTE_P | PTE_W | PTE_U);
}

static void test_revoking_the_untyped_leaves_no_mapping(void **state)
{
    (void)state;
    build_path();
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_UntypedObject, 12, SUB_UT, 1), seL4_NoError);
    assert_int_equal(fx_retype(SUB_UT, seL4_X86_4K, 0, SUB_FRAME, 1), seL4_NoError);
    assert_int_equal(map_frame(SUB_FRAME, VA + 0x3000, RW, 0), seL4_NoError);
    assert_int_not_equal(pt_entry(VA + 0x3000), 0);
    assert_int_equal(fx_revoke(SUB_UT), seL4_NoError);
    assert_int_equal(pt_entry(VA + 0x3000), 0);
    /* The same for a table: the path under it is cut. */
    assert_int_equal(fx_retype(SUB_UT, seL4_X86_PageTableObject, 0, SUB_FRAME, 1), seL4_NoError);
    assert_int_equal(map_table(X86PageTableMap, SUB_FRAME, VA + 0x400000), seL4_NoError);
    assert_int_not_equal(object(PD)[3], 0);
    assert_int_equal(fx_revoke(SUB_UT), seL4_NoError);
    assert_int_equal(object(PD)[3], 0);
    fx_assert_mdb();
}

static void test_large_page_pat_bit_is_not_an_address_bit(void **state)
{
    (void)state;
    assert_int_equal(make_pool(), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X64_PML4Object, 0, ROOT, 1), seL4_NoError);
    assert_int_equal(assign(ROOT), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X86_PDPTObject, 0, PDPT, 1), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X86_PageDirectoryObject, 0, PD, 1),
                     seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_X86_LargePageObject, 0, LARGE, 1),
                     seL4_NoError);
    assert_int_equal(map_table(X86PDPTMap, PDPT, VA), seL4_NoError);
    assert_int_equal(map_table(X86PageDirectoryMap, PD, VA), seL4_NoError);
    assert_int_equal(map_frame(LARGE, VA_BASE, RW, ATTR_WRITE_COMBINING), seL4_NoError);
    assert_int_equal(object(PD)[1], phys(LARGE) | PTE_P | PTE_U | PTE_W | PTE_PS | 0x1000);
    assert_int_equal(map_frame(LARGE, VA_BASE, RW, 0), seL4_NoError); /* a remap, not in the way */
    assert_int_equal(map_frame(LARGE, VA_BASE, RW, ATTR_WRITE_COMBINING), seL4_NoError);
    assert_int_equal(fx_delete(LARGE), seL4_NoError);
    assert_int_equal(object(PD)[1], 0);
}

static void test_io_ports_are_issued_once(void **state)
{
    word_t com2[] = { 0x2f8, 0x2ff, PORT_RANGE, FX_ROOT_DEPTH };
    word_t overlap[] = { 0x2ff, 0x300, EMPTY, FX_ROOT_DEPTH };
    word_t out[] = { 0x2ff, 0xa5 };
    word_t wide[] = { 0x2fe };

    (void)state;
    assert_int_equal(call(X86IOPortControlIssue, PORTS, 4, com2, FX_SLOT_ROOT), seL4_NoError);
    expect_refused(X86IOPortControlIssue, PORTS, 4, overlap, FX_SLOT_ROOT, seL4_RevokeFirst);
    assert_int_equal(call(X86IOPortOut8, PORT_RANGE, 2, out, 0), seL4_NoError);
    assert_int_equal(host_port_get(0x2ff), 0xa5);
    host_port_set(0x2fe, 0x11);
    assert_int_equal(call(X86IOPortIn16, PORT_RANGE, 1, wide, 0), seL4_NoError);
    assert_int_equal(fx_last.reply[0], 0xa511);
    word_t past[] = { 0x2ff };
    expect_refused(X86IOPortIn16, PORT_RANGE, 1, past, 0, seL4_IllegalOperation);
    assert_int_equal(fx_delete(PORT_RANGE), seL4_NoError);
    assert_int_equal(call(X86IOPortControlIssue, PORTS, 4, overlap, FX_SLOT_ROOT), seL4_NoError);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_root_shares_the_kernel_half, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_writes_entries_and_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remap_changes_rights_and_flushes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleting_a_frame_cap_unmaps_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_record_never_unmaps_another, setup, teardown),
        cmocka_unit_test_setup_teardown(test_root_deletion_frees_its_asid_safely, setup, teardown),
        cmocka_unit_test_setup_teardown(test_revoking_the_untyped_leaves_no_mapping, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_large_page_pat_bit_is_not_an_address_bit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_io_ports_are_issued_once, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for the CNode and Untyped decoders through invoke()
 * (kernel/object/cnode.c, kernel/object/untyped.c): every error each method
 * may return (the generated invocation_info table) is provoked, and each
 * failed call is shown to change nothing (STYLE.md rule 2); then the
 * untyped's size, alignment, watermark, reset and clearing rules.
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
#include <invocation_labels.h>
#include <sel4/objecttype.h>

#include "cspace/mdb.h"
#include "cspace_fixture.h"
#include "object/object.h"
#include "state.h"

enum {
    MEM_BITS = 20,
    ROOT_RADIX = 8,
    UT_BITS = 19,
    EP = 20,     /* an endpoint */
    CNODE = 21,  /* a radix-2 CNode */
    EMPTY = 30,  /* an empty slot */
    ZOMBIE = 22, /* a CNode whose deletion was preempted */
    FREE = 40,   /* another empty slot */
    BAD_CPTR_BIT = 63,
    CLEAR_MEM_BITS = 22,
    CLEAR_UT_BITS = 21,
    CLEAR_RADIX = 14,
    CLEAR_CHUNK = 4096,
    PREEMPT_UNITS = 64,
};

/* (label, error) pairs provoked so far, across the tests of this binary. */
static uint32_t covered[INVOCATION_LABEL_COUNT];

static int setup(void **state)
{
    (void)state;
    fx_setup(MEM_BITS, ROOT_RADIX, UT_BITS);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, EP, 1), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_CapTableObject, 2, CNODE, 1), seL4_NoError);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fx_teardown();
    return 0;
}

/* Invokes once, expects `error`, and proves nothing changed. */
static void expect(const fx_call_t *call, seL4_Error error)
{
    fx_snapshot_t snap = { NULL, NULL };

    fx_snapshot_take(&snap);
    exception_t status = fx_invoke_once(call, &fx_last);
    if (status != EXC_SYSCALL_ERROR || fx_last.error.type != error) {
        fx_snapshot_free(&snap);
        FX_FAIL("label %lu: status %d error %d, expected error %d", call->label, (int)status,
                (int)fx_last.error.type, (int)error);
    }
    fx_assert_unchanged(&snap);
    fx_assert_mdb();
    covered[call->label] |= CAIRN_ERROR_BIT(error);
}

static fx_call_t on_root(word_t label, word_t length)
{
    fx_call_t call = { label, FX_SLOT_ROOT, length, { 0 }, 1, { FX_SLOT_ROOT, 0, 0 } };
    return call;
}

/* Copy/Mint/Move/Mutate from src to dest in the root CNode. */
static fx_call_t transfer(word_t label, word_t dest, word_t src, word_t arg4, word_t arg5)
{
    fx_call_t call = on_root(label, invocation_info[label].msg_words);
    word_t w[] = { dest, FX_ROOT_DEPTH, src, FX_ROOT_DEPTH, arg4, arg5 };
    memcpy(call.words, w, sizeof(w));
    return call;
}

static fx_call_t rotate(word_t dest, word_t pivot, word_t src)
{
    fx_call_t call = on_root(CNodeRotate, 8);
    word_t w[] = { dest, FX_ROOT_DEPTH, 0, pivot, FX_ROOT_DEPTH, 0, src, FX_ROOT_DEPTH };
    memcpy(call.words, w, sizeof(w));
    call.extra_count = 2;
    call.extra[1] = FX_SLOT_ROOT;
    return call;
}

static fx_call_t retype(word_t ut, word_t type, word_t size, word_t offset, word_t count)
{
    fx_call_t call = { UntypedRetype,         ut, 6, { type, size, 0, 0, offset, count }, 1,
                       { FX_SLOT_ROOT, 0, 0 } };
    return call;
}

/* A zombie in root slot ZOMBIE: a CNode holding an endpoint, its delete preempted once. */
static void make_zombie(void)
{
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_CapTableObject, 8, ZOMBIE, 1), seL4_NoError);
    fx_call_t call = on_root(CNodeDelete, 2);
    call.words[0] = ZOMBIE;
    call.words[1] = FX_ROOT_DEPTH;
    ks_debug_preempt_every = 1;
    assert_int_equal(fx_invoke_once(&call, &fx_last), EXC_PREEMPTED);
    ks_debug_preempt_every = 0;
    assert_int_equal(cap_type(fx_slot(ZOMBIE)->cap), CAP_ZOMBIE);
}

/* --- Errors common to the slot methods ---------------------------------- */

static void test_slot_method_errors(void **state)
{
    static const word_t labels[] = { CNodeRevoke, CNodeDelete, CNodeCancelBadgedSends };

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
        fx_call_t call = on_root(labels[i], 2);
        call.words[0] = EP;
        call.words[1] = 0;
        expect(&call, seL4_RangeError);
        assert_int_equal(fx_last.error.range_min, 1);
        assert_int_equal(fx_last.error.range_max, 64);
        call.words[1] = FX_ROOT_DEPTH;
        call.words[0] = (word_t)1 << BAD_CPTR_BIT;
        expect(&call, seL4_FailedLookup);
        assert_int_equal(fx_last.error.lookup.type, LOOKUP_GUARD_MISMATCH);
        assert_false(fx_last.error.lookup_source);
        call.length = 1;
        expect(&call, seL4_TruncatedMessage);
        call.length = 2;
        call.cptr = EMPTY;
        expect(&call, seL4_InvalidCapability);
        call.cptr = EP;
        expect(&call, seL4_IllegalOperation);
    }
}

static void test_cancel_badged_sends_needs_full_endpoint(void **state)
{
    fx_call_t call = on_root(CNodeCancelBadgedSends, 2);

    (void)state;
    call.words[0] = CNODE;
    call.words[1] = FX_ROOT_DEPTH;
    expect(&call, seL4_IllegalOperation);
    assert_int_equal(fx_copy(FREE, EP, RIGHTS_ALL & ~RIGHT_GRANT), seL4_NoError);
    call.words[0] = FREE;
    expect(&call, seL4_IllegalOperation);
    call.words[0] = EP;
    assert_int_equal(fx_invoke_once(&call, &fx_last), EXC_NONE);
}

/* --- Copy, Mint, Move, Mutate ------------------------------------------- */

static void test_transfer_errors(void **state)
{
    static const word_t labels[] = { CNodeCopy, CNodeMint, CNodeMove, CNodeMutate };

    (void)state;
    for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
        fx_call_t call = transfer(labels[i], FREE, EP, RIGHTS_ALL, 0);
        call.words[1] = 65;
        expect(&call, seL4_RangeError);
        call = transfer(labels[i], FREE, EP, RIGHTS_ALL, 0);
        call.words[3] = 0;
        expect(&call, seL4_RangeError);
        call = transfer(labels[i], CNODE, EP, RIGHTS_ALL, 0);
        expect(&call, seL4_DeleteFirst);
        call = transfer(labels[i], FREE, EMPTY, RIGHTS_ALL, 0);
        expect(&call, seL4_FailedLookup);
        assert_true(fx_last.error.lookup_source);
        assert_int_equal(fx_last.error.lookup.type, LOOKUP_MISSING_CAPABILITY);
        assert_int_equal(fx_last.error.lookup.bits_left, FX_ROOT_DEPTH);
        call = transfer(labels[i], FREE, EP, RIGHTS_ALL, 0);
        call.extra_count = 0;
        expect(&call, seL4_TruncatedMessage);
        call.extra_count = 1;
        call.length = 3;
        expect(&call, seL4_TruncatedMessage);
        call.length = invocation_info[labels[i]].msg_words;
        call.cptr = EMPTY;
        expect(&call, seL4_InvalidCapability);
    }
}

static void test_copy_and_mint_truncated_after_lookup(void **state)
{
    (void)state;
    fx_call_t call = transfer(CNodeCopy, FREE, EP, RIGHTS_ALL, 0);
    call.length = 4;
    expect(&call, seL4_TruncatedMessage);
    call = transfer(CNodeMint, FREE, EP, RIGHTS_ALL, 0);
    call.length = 5;
    expect(&call, seL4_TruncatedMessage);
    call = transfer(CNodeMutate, FREE, EP, 0, 0);
    call.length = 4;
    expect(&call, seL4_TruncatedMessage);
}

static void test_untyped_cannot_be_copied(void **state)
{
    (void)state;
    /* In use: RevokeFirst; free: Cairn refuses too (docs/deviations.md). */
    fx_call_t call = transfer(CNodeCopy, FREE, FX_SLOT_UNTYPED, RIGHTS_ALL, 0);
    expect(&call, seL4_RevokeFirst);
    call = transfer(CNodeMint, FREE, FX_SLOT_UNTYPED, RIGHTS_ALL, 0);
    expect(&call, seL4_RevokeFirst);
    assert_int_equal(fx_revoke(FX_SLOT_UNTYPED), seL4_NoError);
    call = transfer(CNodeCopy, FREE, FX_SLOT_UNTYPED, RIGHTS_ALL, 0);
    expect(&call, seL4_IllegalOperation);
}

static void test_bad_badge_and_guard_are_illegal(void **state)
{
    (void)state;
    assert_int_equal(fx_mint(FREE, EP, RIGHTS_ALL, 7), seL4_NoError);
    /* A badged capability cannot be badged again. */
    fx_call_t call = transfer(CNodeMint, FREE + 1, FREE, RIGHTS_ALL, 9);
    expect(&call, seL4_IllegalOperation);
    /* Mutate never sets a badge. */
    call = transfer(CNodeMutate, FREE + 1, EP, 9, 0);
    expect(&call, seL4_IllegalOperation);
    /* Guard size 63 + radix 2 > 64. */
    call = transfer(CNodeMint, FREE + 1, CNODE, RIGHTS_ALL, 63);
    expect(&call, seL4_IllegalOperation);
    call = transfer(CNodeMutate, FREE + 1, CNODE, 63, 0);
    expect(&call, seL4_IllegalOperation);
}

static void test_zombie_cannot_move(void **state)
{
    static fx_call_t call; /* off the stack: ASan's red zones make the copies big */

    (void)state;
    make_zombie();
    call = transfer(CNodeMove, FREE, ZOMBIE, 0, 0);
    expect(&call, seL4_IllegalOperation);
    call = transfer(CNodeMutate, FREE, ZOMBIE, 0, 0);
    expect(&call, seL4_IllegalOperation);
    call = transfer(CNodeCopy, FREE, ZOMBIE, RIGHTS_ALL, 0);
    expect(&call, seL4_IllegalOperation);
    call = rotate(FREE, EP, ZOMBIE);
    expect(&call, seL4_IllegalOperation);
    call.label = UntypedRetype;
    call.cptr = ZOMBIE;
    expect(&call, seL4_InvalidCapability);
    /* The deletion still completes. */
    assert_int_equal(fx_delete(ZOMBIE), seL4_NoError);
    assert_null(ks_delete_active);
    fx_assert_mdb();
}

static void test_rotate_errors(void **state)
{
    (void)state;
    assert_int_equal(fx_copy(FREE, EP, RIGHTS_ALL), seL4_NoError);
    fx_call_t call = rotate(CNODE, EP, FREE);
    expect(&call, seL4_DeleteFirst);
    call = rotate(EMPTY + 1, EP, EP);
    expect(&call, seL4_IllegalOperation); /* pivot == src */
    call = rotate(EP, EP, FREE);
    expect(&call, seL4_IllegalOperation); /* pivot == dest */
    call = rotate(EMPTY + 1, EP, EMPTY);
    expect(&call, seL4_FailedLookup);
    assert_true(fx_last.error.lookup_source);
    call = rotate(EMPTY + 1, EMPTY, EP);
    expect(&call, seL4_FailedLookup);
    assert_false(fx_last.error.lookup_source);
}

static void test_rotate_message_errors(void **state)
{
    (void)state;
    assert_int_equal(fx_copy(FREE, EP, RIGHTS_ALL), seL4_NoError);
    fx_call_t call = rotate(EMPTY + 1, EP, FREE);
    call.words[4] = 0;
    expect(&call, seL4_RangeError);
    call = rotate(EMPTY + 1, EP, FREE);
    call.length = 7;
    expect(&call, seL4_TruncatedMessage);
    call.length = 8;
    call.extra_count = 1;
    expect(&call, seL4_TruncatedMessage);
    call.extra_count = 2;
    call.cptr = EMPTY;
    expect(&call, seL4_InvalidCapability);
    /* Rotate cannot carry an endpoint (seL4's updateCapData with preserve). */
    call = rotate(EMPTY + 1, EP, FREE);
    expect(&call, seL4_IllegalOperation);
    /* CNode capabilities rotate, the data word giving their new guard. */
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_CapTableObject, 1, FREE + 1, 1), seL4_NoError);
    call = rotate(EMPTY + 1, CNODE, FREE + 1);
    call.words[2] = (3 << 6) | 2; /* guard 3, 2 bits for the capability reaching dest */
    assert_int_equal(fx_invoke_once(&call, &fx_last), EXC_NONE);
    assert_int_equal(cap_cnode_guard(fx_slot(EMPTY + 1)->cap), 3);
    assert_int_equal(cap_cnode_radix(fx_slot(CNODE)->cap), 1);
    assert_true(cap_is_null(fx_slot(FREE + 1)->cap));
    fx_assert_mdb();
}

/* --- Untyped_Retype errors --------------------------------------------- */

static void test_retype_errors(void **state)
{
    (void)state;
    fx_call_t call = retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, EP, 1);
    expect(&call, seL4_DeleteFirst);
    call = retype(FX_SLOT_UNTYPED, seL4_NonArchObjectTypeCount + 100, 0, FREE, 1);
    expect(&call, seL4_InvalidArgument);
    assert_int_equal(fx_last.error.invalid_argument, 0);
    call = retype(FX_SLOT_UNTYPED, seL4_UntypedObject, 64, FREE, 1);
    expect(&call, seL4_RangeError);
    assert_int_equal(fx_last.error.range_max, MAX_UNTYPED_BITS);
    call = retype(FX_SLOT_UNTYPED, seL4_UntypedObject, 48, FREE, 1);
    expect(&call, seL4_RangeError);
    call = retype(FX_SLOT_UNTYPED, seL4_UntypedObject, 3, FREE, 1);
    expect(&call, seL4_InvalidArgument);
    assert_int_equal(fx_last.error.invalid_argument, 1);
    call = retype(FX_SLOT_UNTYPED, seL4_CapTableObject, 0, FREE, 1);
    expect(&call, seL4_InvalidArgument);
    call = retype(FX_SLOT_UNTYPED, seL4_SchedContextObject, 6, FREE, 1);
    expect(&call, seL4_InvalidArgument);
    call = retype(FX_SLOT_UNTYPED, seL4_UntypedObject, UT_BITS + 1, FREE, 1);
    expect(&call, seL4_NotEnoughMemory);
    call = retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, FREE, 1);
    call.length = 5;
    expect(&call, seL4_TruncatedMessage);
    call.length = 6;
    call.extra_count = 0;
    expect(&call, seL4_TruncatedMessage);
    call.extra_count = 1;
    call.cptr = EMPTY;
    expect(&call, seL4_InvalidCapability);
    call.cptr = EP;
    expect(&call, seL4_IllegalOperation);
    call = retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, FREE, 1);
    call.label = CNodeCopy;
    expect(&call, seL4_IllegalOperation); /* a CNode label on an untyped */
}

static void test_retype_destination_errors(void **state)
{
    (void)state;
    fx_call_t call = retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, FREE, 1);
    call.words[2] = (word_t)1 << BAD_CPTR_BIT;
    call.words[3] = FX_ROOT_DEPTH;
    expect(&call, seL4_FailedLookup);
    assert_false(fx_last.error.lookup_source);
    call.words[2] = EP; /* not a CNode */
    expect(&call, seL4_FailedLookup);
    assert_int_equal(fx_last.error.lookup.type, LOOKUP_MISSING_CAPABILITY);
    call.words[3] = 65;
    expect(&call, seL4_RangeError);
    call = retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, 256, 1);
    expect(&call, seL4_RangeError);
    assert_int_equal(fx_last.error.range_max, 255);
    call = retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, 250, 7);
    expect(&call, seL4_RangeError);
    assert_int_equal(fx_last.error.range_max, 6);
    call = retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, 0, 257);
    expect(&call, seL4_RangeError);
    call = retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, FREE, 0);
    expect(&call, seL4_RangeError);
    call = retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, EP - 1, 2);
    expect(&call, seL4_DeleteFirst); /* the window's second slot is taken */
}

/* Every error the interface lists for each CNode/Untyped method was provoked. */
static void test_every_listed_error_is_covered(void **state)
{
    (void)state;
    static const word_t labels[] = {
        UntypedRetype, CNodeRevoke, CNodeDelete, CNodeCancelBadgedSends, CNodeCopy, CNodeMint,
        CNodeMove,     CNodeMutate, CNodeRotate
    };

    for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
        uint32_t missing = invocation_info[labels[i]].errors & ~covered[labels[i]];
        if (missing != 0) {
            FX_FAIL("%s: errors %#x never provoked", invocation_info[labels[i]].name, missing);
        }
    }
    /* Every CNode and Untyped method is in the list above. */
    for (word_t label = 0; label < INVOCATION_LABEL_COUNT; label++) {
        const char *name = invocation_info[label].name;
        bool ours = strncmp(name, "CNode", 5) == 0 || strncmp(name, "Untyped", 7) == 0;
        bool listed = false;
        for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
            listed = listed || labels[i] == label;
        }
        if (ours && !listed) {
            FX_FAIL("%s is not covered by this test", name);
        }
    }
}

/* --- Untyped rules ------------------------------------------------------- */

static uintptr_t offset_of(word_t slot)
{
    return (uintptr_t)cap_ptr(fx_slot(slot)->cap) - fx.ut_base;
}

static void test_objects_aligned_at_free_index(void **state)
{
    (void)state;
    /* setup made an endpoint at 0 and a 128-byte CNode at 128 */
    assert_int_equal(offset_of(EP), 0);
    assert_int_equal(offset_of(CNODE), 128);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, FREE, 2), seL4_NoError);
    assert_int_equal(offset_of(FREE), 256);
    assert_int_equal(offset_of(FREE + 1), 272);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_TCBObject, 0, FREE + 2, 1), seL4_NoError);
    assert_int_equal(offset_of(FREE + 2), 2048);
    assert_int_equal(cap_untyped_free_index(fx_slot(FX_SLOT_UNTYPED)->cap), 4096);
    fx_assert_mdb();
}

static void test_not_enough_memory_reports_bytes_left(void **state)
{
    (void)state;
    /* Aligned to its size, a 2^17 untyped lands at 2^17: 2^18 bytes are left. */
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_UntypedObject, UT_BITS - 2, FREE, 1),
                     seL4_NoError);
    assert_int_equal(offset_of(FREE), (word_t)1 << (UT_BITS - 2));
    fx_call_t call = retype(FX_SLOT_UNTYPED, seL4_UntypedObject, UT_BITS - 1, FREE + 1, 2);
    expect(&call, seL4_NotEnoughMemory);
    assert_int_equal(fx_last.error.memory_left, (word_t)1 << (UT_BITS - 1));
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_UntypedObject, UT_BITS - 1, FREE + 1, 1),
                     seL4_NoError);
    call = retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, FREE + 2, 1);
    expect(&call, seL4_NotEnoughMemory);
    assert_int_equal(fx_last.error.memory_left, 0);
    fx_assert_mdb();
}

static void test_revoke_resets_free_index(void **state)
{
    (void)state;
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_TCBObject, 0, FREE, 1), seL4_NoError);
    assert_int_equal(fx_revoke(FX_SLOT_UNTYPED), seL4_NoError);
    assert_false(fx_has_children(FX_SLOT_UNTYPED));
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_TCBObject, 0, FREE, 1), seL4_NoError);
    assert_int_equal(offset_of(FREE), 0);
    /* Deleting all children one by one resets it too. */
    assert_int_equal(fx_delete(FREE), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_EndpointObject, 0, FREE, 1), seL4_NoError);
    assert_int_equal(offset_of(FREE), 0);
    fx_assert_mdb();
}

static void test_device_untyped_makes_only_untypeds(void **state)
{
    enum {
        DEV = 50,
        DEV_BITS = 12
    };
    void *region = fx_alloc(DEV_BITS);

    (void)state;
    memset(region, 0xAA, (size_t)1 << DEV_BITS);
    fx_put_root_cap(fx_slot(DEV), cap_untyped(region, DEV_BITS, true, 0));
    fx_call_t call = retype(DEV, seL4_EndpointObject, 0, FREE, 1);
    expect(&call, seL4_InvalidArgument);
    call = retype(DEV, seL4_TCBObject, 0, FREE, 1);
    expect(&call, seL4_InvalidArgument);
    assert_int_equal(fx_retype(DEV, seL4_UntypedObject, DEV_BITS - 1, FREE, 2), seL4_NoError);
    assert_true(cap_untyped_is_device(fx_slot(FREE)->cap));
    /* Device memory is never cleared. */
    assert_int_equal(((uint8_t *)region)[0], 0xAA);
    call = retype(FREE, seL4_CapTableObject, 1, FREE + 2, 1);
    expect(&call, seL4_InvalidArgument);
    fx_assert_mdb();
}

static void test_retype_clears_memory(void **state)
{
    (void)state;
    assert_int_equal(fx_revoke(FX_SLOT_UNTYPED), seL4_NoError);
    memset((void *)fx.ut_base, 0xAA, (size_t)1 << UT_BITS);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_CapTableObject, 4, FREE, 2), seL4_NoError);
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_NotificationObject, 0, FREE + 2, 3),
                     seL4_NoError);
    word_t used = cap_untyped_free_index(fx_slot(FX_SLOT_UNTYPED)->cap);
    assert_int_equal(used, 2 * 512 + 3 * 64);
    const uint8_t *m = (const uint8_t *)fx.ut_base;
    for (word_t i = 0; i < used; i++) {
        if (m[i] != 0) {
            FX_FAIL("byte %#lx of a new object is %#x", i, m[i]);
        }
    }
    assert_int_equal(m[used], 0xAA);
    /* An untyped child is not cleared: its objects will be. */
    assert_int_equal(fx_retype(FX_SLOT_UNTYPED, seL4_UntypedObject, 12, FREE + 5, 1), seL4_NoError);
    assert_int_equal(m[4096], 0xAA);
    assert_int_equal(fx_retype(FREE + 5, seL4_EndpointObject, 0, FREE + 6, 1), seL4_NoError);
    assert_int_equal(m[4096], 0);
    assert_int_equal(m[4096 + 16], 0xAA);
    fx_assert_mdb();
}

static int clear_setup(void **state)
{
    (void)state;
    return fx_setup(CLEAR_MEM_BITS, ROOT_RADIX, CLEAR_UT_BITS);
}

static void assert_bytes(uintptr_t from, uintptr_t to, uint8_t value)
{
    for (uintptr_t p = from; p < to; p++) {
        if (*(const uint8_t *)p != value) {
            FX_FAIL("byte %#lx is %#x, expected %#x", p - fx.ut_base, *(const uint8_t *)p, value);
        }
    }
}

static void test_preempted_clearing_resumes(void **state)
{
    (void)state;
    size_t size = (size_t)1 << (CLEAR_RADIX + SLOT_BITS);
    memset((void *)fx.ut_base, 0xAA, (size_t)1 << CLEAR_UT_BITS);
    word_t epoch = ks_object_epoch;
    fx_call_t call = retype(FX_SLOT_UNTYPED, seL4_CapTableObject, CLEAR_RADIX, FREE, 1);
    host_set_interrupt_every(1);
    assert_int_equal(fx_invoke_once(&call, &fx_last), EXC_PREEMPTED);
    const retype_progress_t *p = &fx.tcb->tcb_retype;
    assert_int_equal(p->cleared - fx.ut_base, PREEMPT_UNITS * CLEAR_CHUNK);
    assert_bytes(fx.ut_base, p->cleared, 0);
    assert_bytes(p->cleared, fx.ut_base + size, 0xAA);
    assert_true(cap_is_null(fx_slot(FREE)->cap));
    assert_int_equal(ks_object_epoch, epoch);
    fx_assert_mdb();
    /* Mark a cleared byte: a resumed call does not clear it again. */
    fx_slot(0)->cap.w1 = 0;
    ((cte_t *)fx.ut_base)->cap.w1 = 0x55;
    while (fx_invoke_once(&call, &fx_last) == EXC_PREEMPTED) {
        fx_assert_mdb();
    }
    host_set_interrupt_every(0);
    assert_int_equal(fx_last.error.type, seL4_NoError);
    assert_int_equal(((cte_t *)fx.ut_base)->cap.w1, 0x55);
    ((cte_t *)fx.ut_base)->cap.w1 = 0;
    assert_bytes(fx.ut_base, fx.ut_base + size, 0);
    assert_bytes(fx.ut_base + size, fx.ut_base + size + 1, 0xAA);
    /* Created once: one capability, one epoch step, free index past it. */
    assert_int_equal(ks_object_epoch, epoch + 1);
    assert_int_equal(cap_type(fx_slot(FREE)->cap), CAP_CNODE);
    assert_true(cap_is_null(fx_slot(FREE + 1)->cap));
    assert_ptr_equal(mdb_next(fx_slot(FX_SLOT_UNTYPED)), fx_slot(FREE));
    assert_null(mdb_next(fx_slot(FREE)));
    assert_int_equal(cap_untyped_free_index(fx_slot(FX_SLOT_UNTYPED)->cap), size);
    fx_assert_mdb();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    static const struct CMUnitTest tests[] = {
        T(test_slot_method_errors),
        T(test_cancel_badged_sends_needs_full_endpoint),
        T(test_transfer_errors),
        T(test_copy_and_mint_truncated_after_lookup),
        T(test_untyped_cannot_be_copied),
        T(test_bad_badge_and_guard_are_illegal),
        T(test_zombie_cannot_move),
        T(test_rotate_errors),
        T(test_rotate_message_errors),
        T(test_retype_errors),
        T(test_retype_destination_errors),
        T(test_every_listed_error_is_covered),
        T(test_objects_aligned_at_free_index),
        T(test_not_enough_memory_reports_bytes_left),
        T(test_revoke_resets_free_index),
        T(test_device_untyped_makes_only_untypeds),
        T(test_retype_clears_memory),
        cmocka_unit_test_setup_teardown(test_preempted_clearing_resumes, clear_setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The initialiser's allocator (alloc.h). Each untyped's watermark is
 * mirrored here exactly as the kernel keeps it (objects at the free index
 * rounded up to their size), so alloc_frame_at can pad an untyped up to a
 * wanted physical address with untyped children before retyping the frame.
 */
#include "alloc.h"

#include <stdio.h>

#include <sel4/runtime.h>

enum {
    ARCHIVE_BITS = 14,    /* 16384 archived capabilities (512 KiB) */
    MAX_TRANSIENT = 2048, /* capabilities of one transient run */
    MAX_FREE = 4096,
};

static struct {
    seL4_Word watermark[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
    unsigned next_ram; /* first untyped worth trying for RAM objects */
    seL4_Word next_slot;
    seL4_CPtr free[MAX_FREE];
    unsigned free_count;
    seL4_CPtr archive;
    seL4_Word archived;
    seL4_CPtr transient[MAX_TRANSIENT];
    unsigned transient_count;
    int transient_open;
} a;

static const seL4_BootInfo *bi(void)
{
    return seL4_GetBootInfo();
}

static seL4_Word untyped_count(void)
{
    return bi()->untyped.end - bi()->untyped.start;
}

seL4_CPtr alloc_slot(void)
{
    if (a.free_count > 0) {
        return a.free[--a.free_count];
    }
    if (a.next_slot >= bi()->empty.end) {
        return 0;
    }
    return a.next_slot++;
}

static seL4_Word object_bytes(seL4_Word type, seL4_Word size_bits)
{
    switch (type) {
    case seL4_UntypedObject:
    case seL4_SchedContextObject:
        return 1ul << size_bits;
    case seL4_CapTableObject:
        return 1ul << (size_bits + 5);
    case seL4_TCBObject:
        return 1ul << 11;
    case seL4_EndpointObject:
        return 16;
    case seL4_NotificationObject:
        return 64;
    case seL4_ReplyObject:
        return 32;
    case seL4_X86_LargePageObject:
        return 1ul << 21;
    default:
        return 4096; /* frames and paging structures */
    }
}

/* Retypes one object from untyped i into slot, keeping the watermark mirror. */
static seL4_Error retype_from(unsigned i, seL4_Word type, seL4_Word size_bits, seL4_CPtr slot)
{
    seL4_Word bytes = object_bytes(type, size_bits);
    seL4_Word at = (a.watermark[i] + bytes - 1) & ~(bytes - 1);
    seL4_Error err =
        seL4_Untyped_Retype(bi()->untyped.start + i, type, size_bits, ROOT, 0, 0, slot, 1);

    if (err == seL4_NoError) {
        a.watermark[i] = at + bytes;
    }
    return err;
}

static void note_transient(seL4_CPtr slot)
{
    if (a.transient_open && a.transient_count < MAX_TRANSIENT) {
        a.transient[a.transient_count++] = slot;
    }
}

seL4_CPtr alloc_transient_slot(void)
{
    seL4_CPtr slot = alloc_slot();

    if (slot != 0) {
        note_transient(slot);
    }
    return slot;
}

seL4_CPtr alloc_object(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = alloc_slot();

    if (slot == 0) {
        return 0;
    }
    if (a.transient_open && a.transient_count == MAX_TRANSIENT) {
        printf("initialiser: more than %d objects for one program image or frame\n", MAX_TRANSIENT);
        a.free[a.free_count++] = slot;
        return 0;
    }
    for (unsigned i = a.next_ram; i < untyped_count(); i++) {
        const seL4_UntypedDesc *u = &bi()->untypedList[i];
        if (u->isDevice || object_bytes(type, size_bits) > (1ul << u->sizeBits)) {
            continue;
        }
        if (retype_from(i, type, size_bits, slot) == seL4_NoError) {
            note_transient(slot);
            return slot;
        }
    }
    a.free[a.free_count++] = slot;
    return 0;
}

/* The untyped that covers [pa, pa + bytes), or -1. */
static int covering_untyped(seL4_Word pa, seL4_Word bytes)
{
    for (unsigned i = 0; i < untyped_count(); i++) {
        const seL4_UntypedDesc *u = &bi()->untypedList[i];
        seL4_Word end = u->paddr + (1ul << u->sizeBits);
        if (pa >= u->paddr && pa + bytes <= end) {
            return (int)i;
        }
    }
    return -1;
}

/* Fills untyped i with untyped children up to offset `to` (a naturally aligned padding). */
static int pad_to(unsigned i, seL4_Word to)
{
    while (a.watermark[i] < to) {
        seL4_Word at = a.watermark[i];
        unsigned bits = 4;
        while (bits < 47 && (at & ((1ul << (bits + 1)) - 1)) == 0 &&
               at + (1ul << (bits + 1)) <= to) {
            bits++;
        }
        seL4_CPtr slot = alloc_slot();
        if (slot == 0 || retype_from(i, seL4_UntypedObject, bits, slot) != seL4_NoError) {
            return -1;
        }
        note_transient(slot);
    }
    return 0;
}

seL4_CPtr alloc_frame_at(seL4_Word pa, unsigned page_bits)
{
    seL4_Word type = page_bits == 21 ? seL4_X86_LargePageObject : seL4_X86_4K;
    int i = covering_untyped(pa, 1ul << page_bits);

    if (i < 0) {
        return 0;
    }
    seL4_Word offset = pa - bi()->untypedList[i].paddr;
    if (a.watermark[i] > offset || pad_to((unsigned)i, offset) != 0) {
        return 0;
    }
    seL4_CPtr slot = alloc_slot();
    if (slot == 0 || retype_from((unsigned)i, type, 0, slot) != seL4_NoError) {
        return 0;
    }
    note_transient(slot);
    return slot;
}

void alloc_begin_transient(void)
{
    a.transient_open = 1;
    a.transient_count = 0;
}

int alloc_stash(void)
{
    for (unsigned i = 0; i < a.transient_count; i++) {
        if (a.archived == (1ul << ARCHIVE_BITS) ||
            seL4_CNode_Move(a.archive, a.archived, ARCHIVE_BITS, ROOT, a.transient[i], DEPTH) !=
                seL4_NoError) {
            printf("initialiser: cannot archive capability %lu\n", a.transient[i]);
            return -1;
        }
        a.archived++;
        a.free[a.free_count++] = a.transient[i];
    }
    a.transient_count = 0;
    a.transient_open = 0;
    return 0;
}

seL4_Word alloc_ram_left(void)
{
    seL4_Word left = 0;

    for (unsigned i = 0; i < untyped_count(); i++) {
        const seL4_UntypedDesc *u = &bi()->untypedList[i];
        seL4_Word size = 1ul << u->sizeBits;
        if (!u->isDevice && a.watermark[i] < size) {
            left += size - a.watermark[i];
        }
    }
    return left;
}

static seL4_CPtr new_object(void *ctx, seL4_Word type, seL4_Word size_bits)
{
    (void)ctx;
    return alloc_object(type, size_bits);
}

const cairn_alloc_t init_alloc = { 0, new_object };

int alloc_init(void)
{
    a.next_slot = bi()->empty.start;
    a.archive = alloc_object(seL4_CapTableObject, ARCHIVE_BITS);
    return a.archive == 0 ? -1 : 0;
}

/*
 * Fuzz target for the boot-module ELF validator (kernel/boot/elf.c).
 *
 * Input: byte 0 picks the allowed range's low end, byte 1 its high end, and
 * the rest is the image. A rejected image only needs a known status; for an
 * accepted one the target checks everything elf.h promises a loader, and
 * reads each segment's first and last file byte so ASan would see one that
 * lies outside the image.
 */
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include "boot/elf.h"
#include "fuzz.h"

enum {
    EM_X86_64 = 62,
    HEADER_BYTES = 2, /* the range selectors before the image */
    EHDR_PHOFF = 32,
    EHDR_PHNUM = 56,
    PHDR_SIZE = 56,
    PT_LOAD = 1,
};

/* What the target computed, kept so the compiler cannot drop the reads. */
static volatile word_t sink;

static word_t page_down(word_t a)
{
    return a & ~(word_t)(PAGE_SIZE - 1);
}

/* The lower bound: 64 KiB steps up to 16 MiB. */
static word_t pick_lo(uint8_t b)
{
    return (word_t)b << 16;
}

/* The upper bound: the user range, the whole space, or 16 MiB steps. */
static word_t pick_hi(uint8_t b)
{
    switch (b) {
    case 0:
        return USER_TOP;
    case 0xff:
        return ~(word_t)0;
    case 0xfe:
        return page_down(~(word_t)0);
    default:
        return (word_t)b << 24;
    }
}

static uint64_t get_le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < bytes; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

/* How many PT_LOAD headers the image has, read independently of elf.c. */
static unsigned count_loads(const uint8_t *img)
{
    uint64_t phoff = get_le(img + EHDR_PHOFF, 8);
    unsigned phnum = (unsigned)get_le(img + EHDR_PHNUM, 2);
    unsigned loads = 0;

    for (unsigned i = 0; i < phnum; i++) {
        if (get_le(img + phoff + (uint64_t)i * PHDR_SIZE, 4) == PT_LOAD) {
            loads++;
        }
    }
    return loads;
}

static void check_segment(const elf_segment_t *seg, const uint8_t *img, word_t size, word_t lo,
                          word_t hi)
{
    if (seg->memsz > ~(word_t)0 - seg->vaddr ||
        seg->vaddr + seg->memsz > ~(word_t)0 - (PAGE_SIZE - 1)) {
        fuzz_fail("segment %#lx + %#lx wraps", seg->vaddr, seg->memsz);
    }
    word_t end = (seg->vaddr + seg->memsz + PAGE_SIZE - 1) & ~(word_t)(PAGE_SIZE - 1);
    if (page_down(seg->vaddr) < lo || end > hi) {
        fuzz_fail("segment [%#lx, %#lx) outside [%#lx, %#lx)", seg->vaddr, end, lo, hi);
    }
    if (seg->filesz > seg->memsz) {
        fuzz_fail("segment filesz %#lx > memsz %#lx", seg->filesz, seg->memsz);
    }
    if (seg->offset > size || seg->filesz > size - seg->offset) {
        fuzz_fail("segment file bytes %#lx + %#lx outside %#lx", seg->offset, seg->filesz, size);
    }
    if (seg->filesz != 0) {
        sink = sink + img[seg->offset] + img[seg->offset + seg->filesz - 1];
    }
}

static void check_image(const elf_image_t *out, const uint8_t *img, word_t size, word_t lo,
                        word_t hi)
{
    bool entry_ok = false;

    if (out->segment_count == 0 || out->segment_count > ELF_MAX_SEGMENTS) {
        fuzz_fail("%u segments", out->segment_count);
    }
    if (out->segment_count != count_loads(img)) {
        fuzz_fail("%u segments but %u PT_LOAD headers", out->segment_count, count_loads(img));
    }
    for (unsigned i = 0; i < out->segment_count; i++) {
        const elf_segment_t *seg = &out->segments[i];
        check_segment(seg, img, size, lo, hi);
        if (i > 0) {
            const elf_segment_t *prev = &out->segments[i - 1];
            word_t prev_end =
                (prev->vaddr + prev->memsz + PAGE_SIZE - 1) & ~(word_t)(PAGE_SIZE - 1);
            /* Equal addresses are fine: an empty segment covers no page. */
            if (prev->vaddr > seg->vaddr) {
                fuzz_fail("segments %u and %u not sorted", i - 1, i);
            }
            if (prev_end > page_down(seg->vaddr)) {
                fuzz_fail("segments %u and %u share a page", i - 1, i);
            }
        }
        if ((seg->flags & ELF_PF_X) != 0 && out->entry >= seg->vaddr &&
            out->entry - seg->vaddr < seg->memsz) {
            entry_ok = true;
        }
    }
    if (!entry_ok) {
        fuzz_fail("entry %#lx not in an executable segment", out->entry);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static elf_image_t out;

    if (size < HEADER_BYTES) {
        return 0;
    }
    word_t lo = pick_lo(data[0]);
    word_t hi = pick_hi(data[1]);
    const uint8_t *img = data + HEADER_BYTES;
    word_t img_size = size - HEADER_BYTES;

    memset(&out, 0xa5, sizeof(out));
    elf_status_t st = elf_parse(img, img_size, EM_X86_64, lo, hi, &out);
    if ((unsigned)st > ELF_ERR_ENTRY) {
        fuzz_fail("unknown status %u", (unsigned)st);
    }
    sink = sink + (word_t)strlen(elf_status_str(st));
    if (st == ELF_OK) {
        check_image(&out, img, img_size, lo, hi);
    }
    return 0;
}

/*
 * Fuzz target for Multiboot v1 information parsing (kernel/boot/multiboot.c).
 *
 * Input: byte 0 selects the magic (0xff: a wrong one), byte 1 where the
 * fake physical memory starts, bytes 2-3 the info structure's offset in it
 * (little-endian); the rest is that memory, registered with the host
 * double. For an accepted structure the target checks what boot_params_t
 * promises boot.c, and compares the RAM list with the map's type-1 entries,
 * read independently.
 */
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>

#include "boot/multiboot.h"
#include "fuzz.h"

enum {
    HEADER_BYTES = 4,
    MB_FLAG_MODS = 1 << 3,
    MB_FLAG_MMAP = 1 << 6,
    INFO_FLAGS = 0,
    INFO_MODS_COUNT = 20,
    INFO_MMAP_LENGTH = 44,
    INFO_MMAP_ADDR = 48,
    INFO_SIZE = 52,
    MMAP_ENTRY_MIN = 20,
    MMAP_TYPE_RAM = 1,
};

static volatile word_t sink;

/* Where the memory starts: low, at 1 MiB, ending at 4 GiB, or above it. */
static paddr_t pick_base(uint8_t b, size_t len)
{
    switch (b & 3) {
    case 0:
        return 0;
    case 1:
        return 0x100000;
    case 2:
        return ((paddr_t)1 << 32) - len;
    default:
        return (paddr_t)1 << 32;
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

static const uint8_t *at(const uint8_t *mem, size_t len, paddr_t base, paddr_t pa, size_t n)
{
    if (pa < base || n > len || pa - base > len - n) {
        return NULL;
    }
    return mem + (pa - base);
}

static paddr_t page_up(paddr_t a)
{
    return (a + PAGE_SIZE - 1) & ~(paddr_t)(PAGE_SIZE - 1);
}

static paddr_t page_down(paddr_t a)
{
    return a & ~(paddr_t)(PAGE_SIZE - 1);
}

/* Whether [base, end) lies inside one region of the parsed RAM list. */
static bool in_ram(const boot_params_t *out, paddr_t base, paddr_t end)
{
    for (unsigned i = 0; i < out->ram_count; i++) {
        if (out->ram[i].base <= base && end <= out->ram[i].end) {
            return true;
        }
    }
    return false;
}

/* Whether page pa is inside the page-inward part of some RAM map entry. */
static bool in_map(const uint8_t *map, uint32_t map_len, paddr_t pa)
{
    for (uint32_t off = 0; off + 4 <= map_len;) {
        uint32_t size = (uint32_t)get_le(map + off, 4);
        const uint8_t *e = map + off + 4;
        uint64_t base = get_le(e, 8);
        uint64_t end = base + get_le(e + 8, 8);
        if (get_le(e + 16, 4) == MMAP_TYPE_RAM && base <= page_down(~(uint64_t)0) &&
            page_up(base) <= pa && pa + PAGE_SIZE <= page_down(end)) {
            return true;
        }
        off += 4 + size;
    }
    return false;
}

/* The RAM list against the map: each entry's pages are in it, and only those. */
static void check_ram_matches_map(const boot_params_t *out, const uint8_t *mem, size_t len,
                                  paddr_t base, const uint8_t *info)
{
    uint32_t map_len = (uint32_t)get_le(info + INFO_MMAP_LENGTH, 4);
    const uint8_t *map = at(mem, len, base, get_le(info + INFO_MMAP_ADDR, 4), map_len);

    if (map == NULL) {
        fuzz_fail("accepted an unreadable memory map");
    }
    for (uint32_t off = 0; off + 4 <= map_len;) {
        uint32_t size = (uint32_t)get_le(map + off, 4);
        const uint8_t *e = map + off + 4;
        uint64_t b = get_le(e, 8);
        uint64_t end = b + get_le(e + 8, 8);
        if (get_le(e + 16, 4) == MMAP_TYPE_RAM && b <= page_down(~(uint64_t)0) &&
            page_up(b) < page_down(end) && !in_ram(out, page_up(b), page_down(end))) {
            fuzz_fail("RAM entry [%#lx, %#lx) missing from the RAM list", b, end);
        }
        off += 4 + size;
    }
    for (unsigned i = 0; i < out->ram_count; i++) {
        const boot_region_t *r = &out->ram[i];
        if (!in_map(map, map_len, r->base) || !in_map(map, map_len, r->end - PAGE_SIZE)) {
            fuzz_fail("RAM region [%#lx, %#lx) not from the map", r->base, r->end);
        }
    }
}

static void check_string(const char *s, const char *what)
{
    if (memchr(s, '\0', BOOT_CMDLINE_MAX) == NULL) {
        fuzz_fail("%s not NUL-terminated", what);
    }
    sink = sink + strlen(s);
}

static void check_params(const boot_params_t *out, const uint8_t *info)
{
    uint32_t flags = (uint32_t)get_le(info + INFO_FLAGS, 4);

    if ((flags & MB_FLAG_MMAP) == 0) {
        fuzz_fail("accepted without a memory map");
    }
    if (out->ram_count > BOOT_MAX_RAM_REGIONS) {
        fuzz_fail("%u RAM regions", out->ram_count);
    }
    for (unsigned i = 0; i < out->ram_count; i++) {
        const boot_region_t *r = &out->ram[i];
        if (r->base >= r->end || (r->base & (PAGE_SIZE - 1)) != 0 ||
            (r->end & (PAGE_SIZE - 1)) != 0) {
            fuzz_fail("RAM region %u [%#lx, %#lx) empty or unaligned", i, r->base, r->end);
        }
        if (i > 0 && out->ram[i - 1].end >= r->base) {
            fuzz_fail("RAM regions %u and %u not sorted, disjoint and merged", i - 1, i);
        }
    }
    word_t expected_mods = (flags & MB_FLAG_MODS) != 0 ? get_le(info + INFO_MODS_COUNT, 4) : 0;
    if (out->module_count != expected_mods || out->module_count > BOOT_MAX_MODULES) {
        fuzz_fail("%u modules, expected %lu", out->module_count, expected_mods);
    }
    for (unsigned i = 0; i < out->module_count; i++) {
        if (out->modules[i].end < out->modules[i].start) {
            fuzz_fail("module %u ends before it starts", i);
        }
        check_string(out->modules[i].cmdline, "module command line");
    }
    check_string(out->cmdline, "command line");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static boot_params_t out;

    if (size < HEADER_BYTES) {
        return 0;
    }
    size_t len = size - HEADER_BYTES;
    /* A copy of exactly the memory's size: ASan catches any read past it. */
    uint8_t *mem = malloc(len == 0 ? 1 : len);
    if (mem == NULL) {
        abort();
    }
    memcpy(mem, data + HEADER_BYTES, len);
    uint32_t magic = data[0] == 0xff ? 0 : MULTIBOOT_BOOT_MAGIC;
    paddr_t base = pick_base(data[1], len);
    paddr_t info_pa = base + get_le(data + 2, 2);

    host_reset();
    host_set_phys_memory(base, mem, len);
    memset(&out, 0xa5, sizeof(out));
    mb_status_t st = multiboot_parse(magic, info_pa, &out);
    if ((unsigned)st > MB_ERR_TOO_MANY) {
        fuzz_fail("unknown status %u", (unsigned)st);
    }
    sink = sink + strlen(multiboot_status_str(st));
    if (st == MB_OK) {
        const uint8_t *info = at(mem, len, base, info_pa, INFO_SIZE);
        if (info == NULL) {
            fuzz_fail("accepted an unreadable info structure");
        }
        check_params(&out, info);
        check_ram_matches_map(&out, mem, len, base, info);
    }
    host_reset();
    free(mem);
    return 0;
}

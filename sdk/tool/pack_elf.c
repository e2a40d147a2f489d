/*
 * loader.img (pack.h): the initialiser's PT_LOAD segments copied as they
 * are, plus the spec blob as one more read-only PT_LOAD at
 * CAIRN_SPEC_VADDR. Each segment's file offset is congruent to its vaddr
 * modulo the page size, as loaders expect. The result is validated again
 * with the kernel's own ELF checks before it is accepted.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "elf_file.h"
#include "pack.h"

enum {
    EHDR_SIZE = 64,
    PHDR_SIZE = 56,
    EM_X86_64 = 62,
    ET_EXEC = 2,
    PT_LOAD = 1,
    PAGE = 0x1000,
};

#define LOADER_USER_TOP 0x00007ffffffff000ull

static void put(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static void write_ehdr(uint8_t *h, uint64_t entry, unsigned phnum)
{
    static const uint8_t ident[16] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

    memcpy(h, ident, sizeof(ident));
    put(h + 16, ET_EXEC, 2);
    put(h + 18, EM_X86_64, 2);
    put(h + 20, 1, 4);         /* e_version */
    put(h + 24, entry, 8);     /* e_entry */
    put(h + 32, EHDR_SIZE, 8); /* e_phoff */
    put(h + 40, 0, 8);         /* e_shoff: no sections */
    put(h + 52, EHDR_SIZE, 2);
    put(h + 54, PHDR_SIZE, 2);
    put(h + 56, phnum, 2);
}

static void write_phdr(uint8_t *p, const elf_segment_t *seg, uint64_t offset)
{
    put(p, PT_LOAD, 4);
    put(p + 4, seg->flags, 4);
    put(p + 8, offset, 8);
    put(p + 16, seg->vaddr, 8);
    put(p + 24, seg->vaddr, 8);
    put(p + 32, seg->filesz, 8);
    put(p + 40, seg->memsz, 8);
    put(p + 48, PAGE, 8);
}

/* Appends a segment's bytes at an offset congruent to its vaddr; returns the offset. */
static uint64_t append_segment(buf_t *out, const elf_segment_t *seg, const uint8_t *bytes)
{
    buf_align(out, PAGE);
    (void)buf_append(out, NULL, seg->vaddr & (PAGE - 1));
    return buf_append(out, bytes, seg->filesz);
}

static bool check_initialiser(const elf_image_t *init, const char *name, uint64_t spec_size)
{
    uint64_t spec_end = check_round_up(CAIRN_SPEC_VADDR + spec_size, PAGE);

    if (init->segment_count + 1 > ELF_MAX_SEGMENTS) {
        diag_tool_error("initialiser '%s' has %u segments; with the spec at most %u fit", name,
                        init->segment_count, ELF_MAX_SEGMENTS);
        return false;
    }
    for (unsigned i = 0; i < init->segment_count; i++) {
        const elf_segment_t *seg = &init->segments[i];
        uint64_t start = seg->vaddr & ~(uint64_t)(PAGE - 1);
        uint64_t end = check_round_up(seg->vaddr + seg->memsz, PAGE);
        if (check_overlaps(start, end - start, CAIRN_SPEC_VADDR, spec_end - CAIRN_SPEC_VADDR)) {
            diag_tool_error("initialiser '%s': segment [%#llx, %#llx) overlaps the spec's place "
                            "[%#llx, %#llx)",
                            name, (unsigned long long)start, (unsigned long long)end,
                            CAIRN_SPEC_VADDR, (unsigned long long)spec_end);
            return false;
        }
    }
    return true;
}

/* Lays out the image: headers, the initialiser's segments, then the spec. */
static void build(const elf_image_t *info, const uint8_t *init, const buf_t *spec, buf_t *out)
{
    unsigned phnum = info->segment_count + 1;
    elf_segment_t blob = { CAIRN_SPEC_VADDR, spec->size, spec->size, 0, ELF_PF_R };

    (void)buf_append(out, NULL, EHDR_SIZE + (size_t)phnum * PHDR_SIZE);
    for (unsigned i = 0; i < phnum; i++) {
        const elf_segment_t *seg = i < info->segment_count ? &info->segments[i] : &blob;
        const uint8_t *bytes = i < info->segment_count ? init + seg->offset : spec->data;
        uint64_t offset = append_segment(out, seg, bytes);
        write_phdr(out->data + EHDR_SIZE + (size_t)i * PHDR_SIZE, seg, offset);
    }
    write_ehdr(out->data, info->entry, phnum);
}

bool pack_image(const uint8_t *init, size_t init_size, const char *init_name, const buf_t *spec,
                buf_t *out)
{
    elf_image_t *info = calloc(1, sizeof(*info));
    bool ok = false;

    if (info == NULL) {
        diag_tool_error("out of memory");
        return false;
    }
    elf_status_t st = elf_parse(init, init_size, EM_X86_64, PAGE, LOADER_USER_TOP, info);
    if (st != ELF_OK) {
        diag_tool_error("initialiser '%s' is not a usable x86_64 executable: %s", init_name,
                        elf_status_str(st));
    } else if (check_initialiser(info, init_name, spec->size)) {
        build(info, init, spec, out);
        /* The kernel's checks, once more on what we made: a bug here must not reach a boot. */
        st = elf_parse(out->data, out->size, EM_X86_64, PAGE, LOADER_USER_TOP, info);
        ok = st == ELF_OK;
        if (!ok) {
            diag_tool_error("internal error: the image made is not valid: %s", elf_status_str(st));
        }
    }
    free(info);
    return ok;
}

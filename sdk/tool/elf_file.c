/*
 * ELF program images (elf_file.h). The program headers are checked by
 * kernel/boot/elf.c; this file adds the section headers, which only the
 * tool needs, reading every field with explicit little-endian loads and
 * overflow-safe bounds checks.
 */
#include "elf_file.h"

#include <stdlib.h>
#include <string.h>

#include "cairn/spec.h"

enum {
    EM_X86_64 = 62,
    SHT_SYMTAB = 2,
    SHN_UNDEF = 0,
    EHDR_SHOFF = 40,
    EHDR_SHENTSIZE = 58,
    EHDR_SHNUM = 60,
    SHDR_SIZE = 64,
    SYM_SIZE = 24,
};

static uint64_t get_le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < bytes; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

/* True if [off, off + len) lies inside a file of `size` bytes. */
static bool in_file(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

/* The section header fields the tool reads. */
typedef struct {
    uint32_t type;
    uint32_t link;
    uint64_t offset;
    uint64_t size;
} shdr_t;

/* Reads section i's header; false if it lies outside the file. */
static bool section(const elf_file_t *elf, uint64_t shoff, uint64_t i, shdr_t *out)
{
    uint64_t at = shoff + i * SHDR_SIZE;

    if (!in_file(at, SHDR_SIZE, elf->size)) {
        return false;
    }
    const uint8_t *sh = elf->data + at;
    out->type = (uint32_t)get_le(sh + 4, 4);
    out->offset = get_le(sh + 24, 8);
    out->size = get_le(sh + 32, 8);
    out->link = (uint32_t)get_le(sh + 40, 4);
    return true;
}

/* Finds .symtab and its string table; a file without one simply has no symbols. */
static const char *find_symtab(elf_file_t *elf)
{
    uint64_t shoff = get_le(elf->data + EHDR_SHOFF, 8);
    uint64_t shentsize = get_le(elf->data + EHDR_SHENTSIZE, 2);
    uint64_t shnum = get_le(elf->data + EHDR_SHNUM, 2);
    shdr_t sym;
    shdr_t str;

    if (shoff == 0 || shnum == 0) {
        return NULL;
    }
    if (shentsize != SHDR_SIZE || shoff > elf->size ||
        !in_file(shoff, shnum * SHDR_SIZE, elf->size)) {
        return "section header table is malformed or outside the file";
    }
    for (uint64_t i = 0; i < shnum; i++) {
        if (!section(elf, shoff, i, &sym) || sym.type != SHT_SYMTAB) {
            continue;
        }
        if (sym.link >= shnum || !section(elf, shoff, sym.link, &str) ||
            !in_file(sym.offset, sym.size, elf->size) ||
            !in_file(str.offset, str.size, elf->size)) {
            return "symbol table is malformed or outside the file";
        }
        elf->has_symtab = true;
        elf->symtab_offset = sym.offset;
        elf->symtab_count = sym.size / SYM_SIZE;
        elf->strtab_offset = str.offset;
        elf->strtab_size = str.size;
        return NULL;
    }
    return NULL;
}

const char *elf_file_load(elf_file_t *elf, uint8_t *data, size_t size, uint64_t lo, uint64_t hi)
{
    memset(elf, 0, sizeof(*elf));
    elf_status_t st = elf_parse(data, size, EM_X86_64, lo, hi, &elf->info);
    if (st != ELF_OK) {
        return elf_status_str(st);
    }
    elf->data = data;
    elf->size = size;
    const char *why = find_symtab(elf);
    if (why != NULL) {
        elf->data = NULL;
        elf->size = 0;
    }
    return why;
}

void elf_file_free(elf_file_t *elf)
{
    free(elf->data);
    elf->data = NULL;
    elf->size = 0;
}

/* True if the NUL-terminated string at strtab offset `at` equals name. */
static bool name_is(const elf_file_t *elf, uint64_t at, const char *name)
{
    size_t len = strlen(name);

    if (at >= elf->strtab_size || len >= elf->strtab_size - at) {
        return false;
    }
    const char *s = (const char *)elf->data + elf->strtab_offset + at;
    return memcmp(s, name, len) == 0 && s[len] == '\0';
}

bool elf_file_symbol(const elf_file_t *elf, const char *name, uint64_t *value, uint64_t *size)
{
    if (!elf->has_symtab) {
        return false;
    }
    for (uint64_t i = 1; i < elf->symtab_count; i++) {
        const uint8_t *sym = elf->data + elf->symtab_offset + i * SYM_SIZE;
        uint64_t shndx = get_le(sym + 6, 2);
        if (shndx != SHN_UNDEF && name_is(elf, get_le(sym, 4), name)) {
            *value = get_le(sym + 8, 8);
            *size = get_le(sym + 16, 8);
            return true;
        }
    }
    return false;
}

/* The segment holding all of [vaddr, vaddr + len) in its memory image, or NULL. */
static const elf_segment_t *segment_of(const elf_file_t *elf, uint64_t vaddr, uint64_t len)
{
    for (unsigned i = 0; i < elf->info.segment_count; i++) {
        const elf_segment_t *seg = &elf->info.segments[i];
        if (vaddr >= seg->vaddr && vaddr - seg->vaddr <= seg->memsz &&
            len <= seg->memsz - (vaddr - seg->vaddr)) {
            return seg;
        }
    }
    return NULL;
}

elf_locate_t elf_file_locate(const elf_file_t *elf, uint64_t vaddr, uint64_t len, bool need_file,
                             uint64_t *offset)
{
    const elf_segment_t *seg = segment_of(elf, vaddr, len);

    if (seg == NULL || len == 0) {
        return ELF_LOCATE_OUTSIDE;
    }
    uint64_t rel = vaddr - seg->vaddr;
    if (need_file && (rel > seg->filesz || len > seg->filesz - rel)) {
        return ELF_LOCATE_BSS;
    }
    *offset = seg->offset + rel;
    return ELF_LOCATE_OK;
}

bool elf_file_inside(const elf_file_t *elf, uint64_t vaddr, uint64_t len, uint32_t flags)
{
    const elf_segment_t *seg = segment_of(elf, vaddr, len);

    return seg != NULL && (seg->flags & flags) == flags;
}

bool elf_file_patch(elf_file_t *elf, uint64_t vaddr, const void *bytes, uint64_t len)
{
    uint64_t off = 0;

    if (elf_file_locate(elf, vaddr, len, true, &off) != ELF_LOCATE_OK) {
        return false;
    }
    memcpy(elf->data + off, bytes, len);
    return true;
}

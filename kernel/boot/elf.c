/*
 * ELF64 validation (elf.h): reads the header and program headers by copying
 * them out of the image (it may be unaligned), checks every field a loader
 * relies on with overflow-safe arithmetic, and returns the sorted PT_LOADs.
 */
#include "boot/elf.h"

#include "bits.h"
#include "kstring.h"

enum {
    EI_CLASS = 4,
    EI_DATA = 5,
    EI_VERSION = 6,
    EI_NIDENT = 16,
    ELFCLASS64 = 2,
    ELFDATA2LSB = 1,
    EV_CURRENT = 1,
    ET_EXEC = 2,
    PT_LOAD = 1,
};

/* The ELF64 file header (System V gABI, "ELF Header"). */
typedef struct {
    uint8_t e_ident[EI_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
} elf64_ehdr_t;

/* The ELF64 program header (System V gABI, "Program Header"). */
typedef struct {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
} elf64_phdr_t;

_Static_assert(sizeof(elf64_ehdr_t) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(elf64_phdr_t) == 56, "ELF64 program header is 56 bytes");

static elf_status_t check_header(const elf64_ehdr_t *eh, uint16_t machine)
{
    if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' || eh->e_ident[2] != 'L' ||
        eh->e_ident[3] != 'F') {
        return ELF_ERR_MAGIC;
    }
    if (eh->e_ident[EI_CLASS] != ELFCLASS64) {
        return ELF_ERR_CLASS;
    }
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB) {
        return ELF_ERR_DATA;
    }
    if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT) {
        return ELF_ERR_VERSION;
    }
    if (eh->e_type != ET_EXEC) {
        return ELF_ERR_TYPE;
    }
    if (eh->e_machine != machine) {
        return ELF_ERR_MACHINE;
    }
    return ELF_OK;
}

static bool is_phdr_table_ok(const elf64_ehdr_t *eh, word_t size)
{
    /* phnum and phentsize are 16-bit: their product cannot overflow a word. */
    word_t table = (word_t)eh->e_phnum * eh->e_phentsize;

    return eh->e_phentsize == sizeof(elf64_phdr_t) && eh->e_phoff <= size &&
           table <= size - eh->e_phoff;
}

/* Checks one PT_LOAD against the file and [lo, hi). */
static elf_status_t check_segment(const elf64_phdr_t *ph, word_t size, word_t lo, word_t hi)
{
    if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset) {
        return ELF_ERR_FILE_RANGE;
    }
    if (ph->p_filesz > ph->p_memsz) {
        return ELF_ERR_FILESZ;
    }
    /* The page-rounded end must be representable: vaddr + memsz + PAGE_SIZE - 1. */
    if (ph->p_memsz > ~(word_t)0 - ph->p_vaddr ||
        ph->p_vaddr + ph->p_memsz > ~(word_t)0 - mask_bits(PAGE_BITS)) {
        return ELF_ERR_ADDR_RANGE;
    }
    if (round_down(ph->p_vaddr, PAGE_BITS) < lo ||
        round_up(ph->p_vaddr + ph->p_memsz, PAGE_BITS) > hi) {
        return ELF_ERR_ADDR_RANGE;
    }
    return ELF_OK;
}

/* Validates the program headers and collects the PT_LOADs into out, unsorted. */
static elf_status_t collect_segments(const uint8_t *data, const elf64_ehdr_t *eh, word_t size,
                                     word_t lo, word_t hi, elf_image_t *out)
{
    out->segment_count = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        elf64_phdr_t ph;
        memcpy(&ph, data + eh->e_phoff + (word_t)i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD) {
            continue;
        }
        elf_status_t st = check_segment(&ph, size, lo, hi);
        if (st != ELF_OK) {
            return st;
        }
        /* An empty segment loads nothing; kept, it would make the page
         * overlap check depend on program header order. */
        if (ph.p_memsz == 0) {
            continue;
        }
        if (out->segment_count == ELF_MAX_SEGMENTS) {
            return ELF_ERR_TOO_MANY;
        }
        elf_segment_t *seg = &out->segments[out->segment_count++];
        seg->vaddr = ph.p_vaddr;
        seg->memsz = ph.p_memsz;
        seg->filesz = ph.p_filesz;
        seg->offset = ph.p_offset;
        seg->flags = ph.p_flags;
    }
    return out->segment_count == 0 ? ELF_ERR_NO_SEGMENTS : ELF_OK;
}

/* Insertion sort by vaddr: at most ELF_MAX_SEGMENTS entries. */
static void sort_segments(elf_image_t *img)
{
    for (unsigned i = 1; i < img->segment_count; i++) {
        elf_segment_t key = img->segments[i];
        unsigned j = i;
        while (j > 0 && img->segments[j - 1].vaddr > key.vaddr) {
            img->segments[j] = img->segments[j - 1];
            j--;
        }
        img->segments[j] = key;
    }
}

/* Sorted segments must not share a page: each would get its own frame for it. */
static bool has_shared_page(const elf_image_t *img)
{
    for (unsigned i = 1; i < img->segment_count; i++) {
        const elf_segment_t *prev = &img->segments[i - 1];
        if (round_up(prev->vaddr + prev->memsz, PAGE_BITS) >
            round_down(img->segments[i].vaddr, PAGE_BITS)) {
            return true;
        }
    }
    return false;
}

static bool is_entry_executable(const elf_image_t *img)
{
    for (unsigned i = 0; i < img->segment_count; i++) {
        const elf_segment_t *seg = &img->segments[i];
        if ((seg->flags & ELF_PF_X) != 0 && img->entry >= seg->vaddr &&
            img->entry - seg->vaddr < seg->memsz) {
            return true;
        }
    }
    return false;
}

elf_status_t elf_parse(const uint8_t *data, word_t size, uint16_t machine, word_t lo, word_t hi,
                       elf_image_t *out)
{
    elf64_ehdr_t eh;

    if (size < sizeof(eh)) {
        return ELF_ERR_TRUNCATED;
    }
    memcpy(&eh, data, sizeof(eh));
    elf_status_t st = check_header(&eh, machine);
    if (st != ELF_OK) {
        return st;
    }
    if (!is_phdr_table_ok(&eh, size)) {
        return ELF_ERR_PHDRS;
    }
    st = collect_segments(data, &eh, size, lo, hi, out);
    if (st != ELF_OK) {
        return st;
    }
    sort_segments(out);
    if (has_shared_page(out)) {
        return ELF_ERR_OVERLAP;
    }
    out->entry = eh.e_entry;
    return is_entry_executable(out) ? ELF_OK : ELF_ERR_ENTRY;
}

const char *elf_status_str(elf_status_t status)
{
    switch (status) {
    case ELF_OK:
        return "valid";
    case ELF_ERR_TRUNCATED:
        return "smaller than an ELF header";
    case ELF_ERR_MAGIC:
        return "not an ELF file (bad magic)";
    case ELF_ERR_CLASS:
        return "not a 64-bit ELF file";
    case ELF_ERR_DATA:
        return "not little-endian";
    case ELF_ERR_VERSION:
        return "unknown ELF version";
    case ELF_ERR_TYPE:
        return "not an executable (ET_EXEC)";
    case ELF_ERR_MACHINE:
        return "built for another machine";
    case ELF_ERR_PHDRS:
        return "program header table malformed or outside the file";
    case ELF_ERR_NO_SEGMENTS:
        return "no loadable segment";
    case ELF_ERR_TOO_MANY:
        return "too many loadable segments";
    case ELF_ERR_FILE_RANGE:
        return "segment file bytes outside the file";
    case ELF_ERR_FILESZ:
        return "segment file size larger than its memory size";
    case ELF_ERR_ADDR_RANGE:
        return "segment outside the allowed address range";
    case ELF_ERR_OVERLAP:
        return "two segments share a page";
    case ELF_ERR_ENTRY:
        return "entry point not in an executable segment";
    default:
        return "unknown ELF status";
    }
}

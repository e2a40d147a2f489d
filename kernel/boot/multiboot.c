/*
 * Multiboot v1 information (Multiboot Specification 0.6.96, "Boot information
 * format"): the memory map, the module list and the command line, each read
 * through the kernel window and copied into a boot_params_t.
 */
#include "boot/multiboot.h"

#include "arch.h"
#include "bits.h"
#include "kstring.h"

enum {
    MB_FLAG_CMDLINE = 1 << 2,
    MB_FLAG_MODS = 1 << 3,
    MB_FLAG_MMAP = 1 << 6,
    MMAP_ENTRY_MIN = 20, /* base_addr, length, type after the size field */
    MMAP_TYPE_RAM = 1,
};

/* The info structure up to the memory map fields; the rest is unused. */
typedef struct {
    uint32_t flags;
    uint32_t mem_lower;
    uint32_t mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count;
    uint32_t mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length;
    uint32_t mmap_addr;
} mb_info_t;

typedef struct {
    uint32_t mod_start;
    uint32_t mod_end;
    uint32_t string;
    uint32_t reserved;
} mb_module_t;

/* A memory map entry; on the wire `size` (not counting itself) precedes it. */
typedef struct {
    uint64_t base_addr;
    uint64_t length;
    uint32_t type;
} PACKED mb_mmap_entry_t;

_Static_assert(sizeof(mb_info_t) == 52, "Multiboot info up to mmap_addr");
_Static_assert(sizeof(mb_module_t) == 16, "Multiboot module entry");
_Static_assert(sizeof(mb_mmap_entry_t) == MMAP_ENTRY_MIN, "Multiboot mmap entry");

/*
 * Copies the NUL-terminated string at pa into dst (BOOT_CMDLINE_MAX bytes),
 * truncating; reads byte by byte so a string at the window's edge is fine.
 */
static bool copy_string(paddr_t pa, char *dst)
{
    unsigned i = 0;

    for (; i + 1 < BOOT_CMDLINE_MAX; i++) {
        const char *p = arch_kernel_window(pa + i, 1);
        if (p == NULL) {
            return false;
        }
        if (*p == '\0') {
            break;
        }
        dst[i] = *p;
    }
    dst[i] = '\0';
    return true;
}

/* Adds page-aligned [base, end) to the sorted RAM list, merging touching ranges. */
static bool add_ram(boot_params_t *out, paddr_t base, paddr_t end)
{
    unsigned i = 0;

    while (i < out->ram_count && out->ram[i].end < base) {
        i++;
    }
    unsigned j = i;
    while (j < out->ram_count && out->ram[j].base <= end) {
        j++;
    }
    if (i == j) {
        if (out->ram_count == BOOT_MAX_RAM_REGIONS) {
            return false;
        }
        for (unsigned k = out->ram_count; k > i; k--) {
            out->ram[k] = out->ram[k - 1];
        }
        out->ram[i].base = base;
        out->ram[i].end = end;
        out->ram_count++;
        return true;
    }
    out->ram[i].base = base < out->ram[i].base ? base : out->ram[i].base;
    out->ram[i].end = end > out->ram[j - 1].end ? end : out->ram[j - 1].end;
    for (unsigned k = j; k < out->ram_count; k++) {
        out->ram[i + 1 + k - j] = out->ram[k];
    }
    out->ram_count -= j - i - 1;
    return true;
}

static mb_status_t add_map_entry(boot_params_t *out, const mb_mmap_entry_t *e)
{
    if (e->type != MMAP_TYPE_RAM) {
        return MB_OK;
    }
    if (e->length > ~(paddr_t)0 - e->base_addr) {
        return MB_ERR_MEMORY_MAP;
    }
    /* Inward to whole pages; a base in the last page rounds to nothing. */
    if (e->base_addr > ~(paddr_t)0 - mask_bits(PAGE_BITS)) {
        return MB_OK;
    }
    paddr_t base = round_up(e->base_addr, PAGE_BITS);
    paddr_t end = round_down(e->base_addr + e->length, PAGE_BITS);
    if (base >= end) {
        return MB_OK;
    }
    return add_ram(out, base, end) ? MB_OK : MB_ERR_TOO_MANY;
}

static mb_status_t parse_memory_map(const mb_info_t *info, boot_params_t *out)
{
    const uint8_t *map = arch_kernel_window(info->mmap_addr, info->mmap_length);
    word_t off = 0;

    if (map == NULL) {
        return MB_ERR_MEMORY_MAP;
    }
    while (off < info->mmap_length) {
        uint32_t size = 0;
        mb_mmap_entry_t e;
        if (info->mmap_length - off < sizeof(size)) {
            return MB_ERR_MEMORY_MAP;
        }
        memcpy(&size, map + off, sizeof(size));
        off += sizeof(size);
        if (size < MMAP_ENTRY_MIN || size > info->mmap_length - off) {
            return MB_ERR_MEMORY_MAP;
        }
        memcpy(&e, map + off, sizeof(e));
        off += size;
        mb_status_t st = add_map_entry(out, &e);
        if (st != MB_OK) {
            return st;
        }
    }
    return MB_OK;
}

static mb_status_t parse_modules(const mb_info_t *info, boot_params_t *out)
{
    if (info->mods_count > BOOT_MAX_MODULES) {
        return MB_ERR_TOO_MANY;
    }
    const uint8_t *list =
        arch_kernel_window(info->mods_addr, (word_t)info->mods_count * sizeof(mb_module_t));
    if (list == NULL) {
        return MB_ERR_MODULES;
    }
    for (unsigned i = 0; i < info->mods_count; i++) {
        mb_module_t m;
        boot_module_t *mod = &out->modules[i];
        memcpy(&m, list + i * sizeof(m), sizeof(m));
        if (m.mod_end < m.mod_start) {
            return MB_ERR_MODULES;
        }
        mod->start = m.mod_start;
        mod->end = m.mod_end;
        if (!copy_string(m.string, mod->cmdline)) {
            return MB_ERR_MODULES;
        }
    }
    out->module_count = info->mods_count;
    return MB_OK;
}

mb_status_t multiboot_parse(uint32_t magic, paddr_t info_pa, boot_params_t *out)
{
    mb_info_t info;

    if (magic != MULTIBOOT_BOOT_MAGIC) {
        return MB_ERR_MAGIC;
    }
    const mb_info_t *window = arch_kernel_window(info_pa, sizeof(info));
    if (window == NULL) {
        return MB_ERR_INFO;
    }
    memcpy(&info, window, sizeof(info)); /* the loader need not align it */
    memset(out, 0, sizeof(*out));
    if ((info.flags & MB_FLAG_MMAP) == 0) {
        return MB_ERR_NO_MEMORY_MAP;
    }
    mb_status_t st = parse_memory_map(&info, out);
    if (st == MB_OK && (info.flags & MB_FLAG_MODS) != 0) {
        st = parse_modules(&info, out);
    }
    if (st == MB_OK && (info.flags & MB_FLAG_CMDLINE) != 0 &&
        !copy_string(info.cmdline, out->cmdline)) {
        st = MB_ERR_INFO;
    }
    return st;
}

const char *multiboot_status_str(mb_status_t status)
{
    switch (status) {
    case MB_OK:
        return "valid";
    case MB_ERR_MAGIC:
        return "not started by a Multiboot loader (bad magic)";
    case MB_ERR_INFO:
        return "information structure not readable";
    case MB_ERR_NO_MEMORY_MAP:
        return "the loader gave no memory map";
    case MB_ERR_MEMORY_MAP:
        return "memory map unreadable or malformed";
    case MB_ERR_MODULES:
        return "module list unreadable or a module is malformed";
    case MB_ERR_TOO_MANY:
        return "more RAM regions or modules than the kernel holds";
    default:
        return "unknown Multiboot status";
    }
}

/*
 * Memory layout checks (check.h): memory region sizes, page sizes and
 * physical addresses, and every PD's address space: each <map> aligned to
 * its region's pages, inside the user range, and clear of the other maps,
 * the program image's segments (which hold the IPC buffer) and the stack.
 */
#include "check.h"
#include "diag.h"
#include "elf_file.h"

#define SMALL_PAGE   0x1000ull
#define LARGE_PAGE   0x200000ull
#define MAP_USER_TOP 0x00007ffffffff000ull /* seL4_UserTop: the last page is never mapped */
#define PHYS_LIMIT   (1ull << 52)

/* True if every map of region mr has a vaddr aligned to align. */
static bool maps_aligned(const system_t *sys, uint32_t mr, uint64_t align)
{
    for (uint32_t i = 0; i < sys->maps_count; i++) {
        if (sys->maps[i].mr == mr && (sys->maps[i].vaddr & (align - 1)) != 0) {
            return false;
        }
    }
    return true;
}

/*
 * Without page_size, large pages only where nothing forbids them: the size,
 * the physical address and every mapping allow 2 MiB; otherwise 4 KiB.
 */
static void choose_page_size(const system_t *sys, uint32_t i, mr_t *mr)
{
    if (!mr->has_size) {
        mr->size = check_round_up(mr->prefill_size, SMALL_PAGE);
        if (mr->size == 0) {
            mr->size = SMALL_PAGE;
        }
    }
    if (mr->has_page_size) {
        return;
    }
    bool large = (mr->size & (LARGE_PAGE - 1)) == 0 &&
                 (!mr->has_phys_addr || (mr->phys_addr & (LARGE_PAGE - 1)) == 0) &&
                 maps_aligned(sys, i, LARGE_PAGE);
    mr->page_size = large ? LARGE_PAGE : SMALL_PAGE;
}

static void check_region(const mr_t *mr)
{
    if ((mr->size & (mr->page_size - 1)) != 0) {
        diag_error(mr->loc,
                   "memory region '%s': size %#llx is not a multiple of its page size "
                   "%#llx",
                   mr->name, (unsigned long long)mr->size, (unsigned long long)mr->page_size);
    }
    if (mr->has_phys_addr && mr->phys_addr == 0) {
        diag_error(mr->loc,
                   "memory region '%s': phys_addr 0 cannot be expressed (the spec uses 0 "
                   "for 'anywhere')",
                   mr->name);
    }
    if (mr->has_phys_addr && (mr->phys_addr & (mr->page_size - 1)) != 0) {
        diag_error(mr->loc,
                   "memory region '%s': phys_addr %#llx is not aligned to its page size "
                   "%#llx",
                   mr->name, (unsigned long long)mr->phys_addr, (unsigned long long)mr->page_size);
    }
    if (mr->has_phys_addr &&
        (mr->phys_addr >= PHYS_LIMIT || mr->size > PHYS_LIMIT - mr->phys_addr)) {
        diag_error(mr->loc, "memory region '%s': ends beyond the 52-bit physical address space",
                   mr->name);
    }
    if (mr->prefill_size > mr->size) {
        diag_error(mr->loc,
                   "memory region '%s': prefill file '%s' (%llu bytes) is larger than "
                   "the region (%#llx bytes)",
                   mr->name, mr->prefill_path, (unsigned long long)mr->prefill_size,
                   (unsigned long long)mr->size);
    }
}

static void check_regions(system_t *sys)
{
    for (uint32_t i = 0; i < sys->maps_count; i++) {
        map_t *m = &sys->maps[i];
        m->mr = model_find_mr(sys, m->mr_name);
        if (m->mr == MODEL_NONE) {
            diag_error(m->loc, "<map>: no memory region named '%s'", m->mr_name);
        }
    }
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        choose_page_size(sys, i, &sys->mrs[i]);
        check_region(&sys->mrs[i]);
    }
}

static void report_overlap(const map_t *m, uint64_t size, const char *what, uint64_t start,
                           uint64_t end)
{
    diag_error(m->loc, "<map>: [%#llx, %#llx) overlaps %s [%#llx, %#llx)",
               (unsigned long long)m->vaddr, (unsigned long long)m->vaddr + size, what,
               (unsigned long long)start, (unsigned long long)end);
}

/* The map against its PD's stack and program image. */
static void check_map_space(const system_t *sys, const map_t *m, uint64_t size)
{
    const pd_t *pd = &sys->pds[m->pd];
    uint64_t stack = CAIRN_PD_STACK_TOP - pd->stack_size;

    if (check_overlaps(m->vaddr, size, stack, pd->stack_size)) {
        report_overlap(m, size, "the stack", stack, CAIRN_PD_STACK_TOP);
    }
    if (pd->image == NULL) {
        return;
    }
    for (unsigned s = 0; s < pd->image->info.segment_count; s++) {
        const elf_segment_t *seg = &pd->image->info.segments[s];
        uint64_t start = seg->vaddr & ~(SMALL_PAGE - 1);
        uint64_t end = check_round_up(seg->vaddr + seg->memsz, SMALL_PAGE);
        if (check_overlaps(m->vaddr, size, start, end - start)) {
            report_overlap(m, size, "a segment of the program image", start, end);
        }
    }
}

static void check_map_others(const system_t *sys, uint32_t i, uint64_t size)
{
    const map_t *m = &sys->maps[i];

    for (uint32_t j = 0; j < i; j++) {
        const map_t *o = &sys->maps[j];
        if (o->pd != m->pd || o->mr == MODEL_NONE) {
            continue;
        }
        uint64_t osize = sys->mrs[o->mr].size;
        if (o->vaddr < MAP_USER_TOP && osize <= MAP_USER_TOP - o->vaddr &&
            check_overlaps(m->vaddr, size, o->vaddr, osize)) {
            diag_error(m->loc, "<map>: [%#llx, %#llx) overlaps the mapping at line %u",
                       (unsigned long long)m->vaddr, (unsigned long long)m->vaddr + size,
                       o->loc.line);
        }
    }
}

static void check_maps(const system_t *sys)
{
    for (uint32_t i = 0; i < sys->maps_count; i++) {
        const map_t *m = &sys->maps[i];
        if (m->mr == MODEL_NONE) {
            continue;
        }
        const mr_t *mr = &sys->mrs[m->mr];
        if ((m->vaddr & (mr->page_size - 1)) != 0) {
            diag_error(m->loc,
                       "<map>: vaddr %#llx is not aligned to the page size %#llx of "
                       "memory region '%s'",
                       (unsigned long long)m->vaddr, (unsigned long long)mr->page_size, mr->name);
        }
        if (m->vaddr >= MAP_USER_TOP || mr->size > MAP_USER_TOP - m->vaddr) {
            diag_error(m->loc,
                       "<map>: memory region '%s' (%#llx bytes) at %#llx runs past the end of the "
                       "user address range, %#llx",
                       mr->name, (unsigned long long)mr->size, (unsigned long long)m->vaddr,
                       MAP_USER_TOP);
            continue;
        }
        check_map_space(sys, m, mr->size);
        check_map_others(sys, i, mr->size);
    }
}

void check_memory(system_t *sys)
{
    check_regions(sys);
    check_maps(sys);
}

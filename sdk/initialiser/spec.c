/*
 * Opening the specification (spec.h): bounds first, then every
 * cross-reference, so the builder can index tables without checking.
 */
#include "spec.h"

#include <stddef.h>

static int range_ok(const cairn_spec_header_t *h, uint32_t offset, uint32_t count, size_t size)
{
    uint64_t end = (uint64_t)offset + (uint64_t)count * size;

    return offset % 8 == 0 && end <= h->total_size;
}

static int tables_ok(const cairn_spec_header_t *h)
{
    return range_ok(h, h->pd_offset, h->pd_count, sizeof(cairn_spec_pd_t)) &&
           range_ok(h, h->mr_offset, h->mr_count, sizeof(cairn_spec_mr_t)) &&
           range_ok(h, h->map_offset, h->map_count, sizeof(cairn_spec_map_t)) &&
           range_ok(h, h->channel_offset, h->channel_count, sizeof(cairn_spec_channel_t)) &&
           range_ok(h, h->irq_offset, h->irq_count, sizeof(cairn_spec_irq_t)) &&
           range_ok(h, h->ioport_offset, h->ioport_count, sizeof(cairn_spec_ioport_t)) &&
           range_ok(h, h->cap_offset, h->cap_count, sizeof(cairn_spec_cap_t)) &&
           range_ok(h, h->patch_offset, h->patch_count, sizeof(cairn_spec_patch_t)) &&
           (uint64_t)h->strings_offset + h->strings_size <= h->total_size && h->strings_size > 0;
}

const char *spec_string(const spec_t *spec, uint32_t offset)
{
    return (const char *)spec->base + offset;
}

/* A string is a blob offset inside the string table, terminated there. */
static int string_ok(const spec_t *s, uint32_t offset)
{
    uint64_t end = (uint64_t)s->header->strings_offset + s->header->strings_size;

    for (uint64_t i = offset; i >= s->header->strings_offset && i < end; i++) {
        if (s->base[i] == '\0') {
            return 1;
        }
    }
    return 0;
}

static int blob_ok(const spec_t *s, uint32_t offset, uint32_t size)
{
    return (uint64_t)offset + size <= s->header->total_size;
}

static const char *pds_ok(const spec_t *s)
{
    uint32_t n = s->header->pd_count;

    for (uint32_t i = 0; i < n; i++) {
        const cairn_spec_pd_t *pd = &s->pds[i];
        if (!string_ok(s, pd->name)) {
            return "a PD name is outside the string table";
        }
        if ((pd->parent != CAIRN_NONE && pd->parent >= n) || pd->priority > CAIRN_MAX_PRIORITY ||
            pd->child_id >= CAIRN_MAX_CHILDREN || pd->budget_us > pd->period_us ||
            pd->stack_size == 0 || pd->stack_size > CAIRN_PD_MAX_STACK ||
            pd->stack_size % 4096 != 0 || pd->ipc_buffer % 4096 != 0 ||
            !blob_ok(s, pd->elf_offset, pd->elf_size)) {
            return "a PD entry is out of range";
        }
    }
    return NULL;
}

static const char *mrs_ok(const spec_t *s)
{
    for (uint32_t i = 0; i < s->header->mr_count; i++) {
        const cairn_spec_mr_t *mr = &s->mrs[i];
        uint64_t page = 1ull << mr->page_bits;
        if (!string_ok(s, mr->name) || (mr->page_bits != 12 && mr->page_bits != 21) ||
            mr->size == 0 || mr->size % page != 0 || mr->phys_addr % page != 0 ||
            mr->prefill_size > mr->size || !blob_ok(s, mr->prefill_offset, mr->prefill_size)) {
            return "a memory region entry is out of range";
        }
    }
    for (uint32_t i = 0; i < s->header->map_count; i++) {
        const cairn_spec_map_t *m = &s->maps[i];
        if (m->pd >= s->header->pd_count || m->mr >= s->header->mr_count ||
            m->vaddr % (1ull << s->mrs[m->mr].page_bits) != 0) {
            return "a mapping entry is out of range";
        }
    }
    return NULL;
}

static const char *links_ok(const spec_t *s)
{
    uint32_t n = s->header->pd_count;

    for (uint32_t i = 0; i < s->header->channel_count; i++) {
        for (int e = 0; e < 2; e++) {
            const cairn_spec_end_t *end = &s->channels[i].end[e];
            if (end->pd >= n || end->id >= CAIRN_MAX_CHANNELS) {
                return "a channel entry is out of range";
            }
        }
    }
    for (uint32_t i = 0; i < s->header->irq_count; i++) {
        const cairn_spec_irq_t *irq = &s->irqs[i];
        if (irq->pd >= n || irq->id >= CAIRN_MAX_CHANNELS || irq->kind > CAIRN_IRQ_MSI) {
            return "an IRQ entry is out of range";
        }
    }
    for (uint32_t i = 0; i < s->header->ioport_count; i++) {
        const cairn_spec_ioport_t *p = &s->ioports[i];
        if (p->pd >= n || p->id >= 64 || p->size == 0 || p->addr + p->size > 0x10000) {
            return "an I/O port entry is out of range";
        }
    }
    for (uint32_t i = 0; i < s->header->cap_count; i++) {
        const cairn_spec_cap_t *c = &s->caps[i];
        if (c->pd >= n || c->target >= n || c->kind > CAIRN_CAP_VSPACE ||
            c->slot >= (1u << CAIRN_PD_CNODE_BITS) - CAIRN_SLOT_USER_BASE) {
            return "a cspace entry is out of range";
        }
    }
    for (uint32_t i = 0; i < s->header->patch_count; i++) {
        const cairn_spec_patch_t *p = &s->patches[i];
        if (p->pd >= n || p->mr >= s->header->mr_count || p->vaddr % 8 != 0) {
            return "a patch entry is out of range";
        }
    }
    return NULL;
}

const char *spec_open(const void *blob, unsigned long limit, spec_t *spec)
{
    const cairn_spec_header_t *h = blob;

    if (limit < sizeof(*h) || h->magic != CAIRN_SPEC_MAGIC) {
        return "no system specification (bad magic): is this a loader.img from the Cairn tool?";
    }
    if (h->version != CAIRN_SPEC_VERSION) {
        return "the specification's version is not the one this initialiser reads";
    }
    if (h->total_size > limit || !tables_ok(h)) {
        return "a table of the specification lies outside it";
    }
    spec->header = h;
    spec->base = blob;
    spec->pds = (const void *)(spec->base + h->pd_offset);
    spec->mrs = (const void *)(spec->base + h->mr_offset);
    spec->maps = (const void *)(spec->base + h->map_offset);
    spec->channels = (const void *)(spec->base + h->channel_offset);
    spec->irqs = (const void *)(spec->base + h->irq_offset);
    spec->ioports = (const void *)(spec->base + h->ioport_offset);
    spec->caps = (const void *)(spec->base + h->cap_offset);
    spec->patches = (const void *)(spec->base + h->patch_offset);
    if (spec->base[h->strings_offset + h->strings_size - 1] != '\0') {
        return "the string table is not terminated";
    }
    const char *problem = pds_ok(spec);
    if (problem == NULL) {
        problem = mrs_ok(spec);
    }
    if (problem == NULL) {
        problem = links_ok(spec);
    }
    return problem;
}

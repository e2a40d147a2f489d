/*
 * The spec blob and loader.img (pack.h). The blob's layout is computed
 * first (every table and byte range gets its offset), then filled in, so
 * table entries can point forward at strings, images and prefill data.
 */
#include "pack.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "elf_file.h"

#define SPEC_LIMIT 0xffffffffull

/* Offsets of everything in the blob. */
typedef struct {
    uint64_t pd, mr, map, channel, irq, ioport, cap, patch, strings, strings_size;
    uint64_t *pd_name, *mr_name, *elf, *prefill;
    uint64_t total;
} spec_layout_t;

static uint64_t align8(uint64_t x)
{
    return (x + 7) & ~7ull;
}

/* Offsets of the tables after the header, in the header's order. */
static uint64_t place_tables(const system_t *sys, uint32_t patch_count, spec_layout_t *l)
{
    uint64_t o = align8(sizeof(cairn_spec_header_t));

    l->pd = o;
    o = align8(o + (uint64_t)sys->pds_count * sizeof(cairn_spec_pd_t));
    l->mr = o;
    o = align8(o + (uint64_t)sys->mrs_count * sizeof(cairn_spec_mr_t));
    l->map = o;
    o = align8(o + (uint64_t)sys->maps_count * sizeof(cairn_spec_map_t));
    l->channel = o;
    o = align8(o + (uint64_t)sys->channels_count * sizeof(cairn_spec_channel_t));
    l->irq = o;
    o = align8(o + (uint64_t)sys->irqs_count * sizeof(cairn_spec_irq_t));
    l->ioport = o;
    o = align8(o + (uint64_t)sys->ioports_count * sizeof(cairn_spec_ioport_t));
    l->cap = o;
    o = align8(o + (uint64_t)sys->caps_count * sizeof(cairn_spec_cap_t));
    l->patch = o;
    return align8(o + (uint64_t)patch_count * sizeof(cairn_spec_patch_t));
}

/* Strings, then program images, then prefill data. */
static void place_data(const system_t *sys, uint64_t o, spec_layout_t *l)
{
    l->strings = o;
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        l->pd_name[i] = o;
        o += strlen(sys->pds[i].name) + 1;
    }
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        l->mr_name[i] = o;
        o += strlen(sys->mrs[i].name) + 1;
    }
    l->strings_size = o - l->strings;
    o = align8(o);
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        l->elf[i] = o;
        o = align8(o + (sys->pds[i].image != NULL ? sys->pds[i].image->size : 0));
    }
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        l->prefill[i] = o;
        o = align8(o + sys->mrs[i].prefill_size);
    }
    l->total = o;
}

/*
 * The fill_* functions each build table entries in a local struct and copy
 * it into place; they are kept out of line so that pack_spec()'s frame
 * stays small in sanitizer builds, where every such local gets red zones.
 */
#define FILL __attribute__((noinline))

FILL static void fill_header(const system_t *sys, uint32_t patch_count, const spec_layout_t *l,
                             uint8_t *blob)
{
    cairn_spec_header_t h = {
        .magic = CAIRN_SPEC_MAGIC,
        .version = CAIRN_SPEC_VERSION,
        .total_size = (uint32_t)l->total,
        .pd_count = sys->pds_count,
        .pd_offset = (uint32_t)l->pd,
        .mr_count = sys->mrs_count,
        .mr_offset = (uint32_t)l->mr,
        .map_count = sys->maps_count,
        .map_offset = (uint32_t)l->map,
        .channel_count = sys->channels_count,
        .channel_offset = (uint32_t)l->channel,
        .irq_count = sys->irqs_count,
        .irq_offset = (uint32_t)l->irq,
        .ioport_count = sys->ioports_count,
        .ioport_offset = (uint32_t)l->ioport,
        .cap_count = sys->caps_count,
        .cap_offset = (uint32_t)l->cap,
        .patch_count = patch_count,
        .patch_offset = (uint32_t)l->patch,
        .strings_offset = (uint32_t)l->strings,
        .strings_size = (uint32_t)l->strings_size,
    };

    memcpy(blob, &h, sizeof(h));
}

FILL static void fill_pds(const system_t *sys, const spec_layout_t *l, uint8_t *blob)
{
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        const pd_t *pd = &sys->pds[i];
        const elf_file_t *elf = pd->image;
        cairn_spec_pd_t e = {
            .name = (uint32_t)l->pd_name[i],
            .parent = pd->parent,
            .child_id = pd->parent == MODEL_NONE ? 0 : pd->child_id,
            .priority = (uint8_t)pd->priority,
            .passive = pd->passive ? 1 : 0,
            .fpu = pd->fpu ? 1 : 0,
            .budget_us = pd->budget_us,
            .period_us = pd->period_us,
            .stack_size = pd->stack_size,
            .elf_offset = (uint32_t)l->elf[i],
            .elf_size = elf != NULL ? (uint32_t)elf->size : 0,
            .ipc_buffer = pd->ipc_buffer,
            .entry = elf != NULL ? elf->info.entry : 0,
        };
        memcpy(blob + l->pd + i * sizeof(e), &e, sizeof(e));
        memcpy(blob + l->pd_name[i], pd->name, strlen(pd->name) + 1);
        if (elf != NULL) {
            memcpy(blob + l->elf[i], elf->data, elf->size);
        }
    }
}

static uint32_t page_bits(uint64_t page_size)
{
    return page_size == 0x200000 ? 21 : 12;
}

FILL static void fill_mrs(const system_t *sys, const spec_layout_t *l, uint8_t *blob)
{
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        const mr_t *mr = &sys->mrs[i];
        cairn_spec_mr_t e = {
            .name = (uint32_t)l->mr_name[i],
            .page_bits = page_bits(mr->page_size),
            .size = mr->size,
            .phys_addr = mr->has_phys_addr ? mr->phys_addr : 0,
            .prefill_offset = mr->prefill_size != 0 ? (uint32_t)l->prefill[i] : 0,
            .prefill_size = (uint32_t)mr->prefill_size,
        };
        memcpy(blob + l->mr + i * sizeof(e), &e, sizeof(e));
        memcpy(blob + l->mr_name[i], mr->name, strlen(mr->name) + 1);
        if (mr->prefill_size != 0) {
            memcpy(blob + l->prefill[i], mr->prefill, mr->prefill_size);
        }
    }
}

FILL static void fill_maps_channels(const system_t *sys, const spec_layout_t *l, uint8_t *blob)
{
    for (uint32_t i = 0; i < sys->maps_count; i++) {
        const map_t *m = &sys->maps[i];
        cairn_spec_map_t e = { .pd = m->pd,
                               .mr = m->mr,
                               .vaddr = m->vaddr,
                               .perms = m->perms,
                               .cached = m->cached ? 1 : 0 };
        memcpy(blob + l->map + i * sizeof(e), &e, sizeof(e));
    }
    for (uint32_t i = 0; i < sys->channels_count; i++) {
        cairn_spec_channel_t e;
        memset(&e, 0, sizeof(e));
        for (unsigned k = 0; k < 2; k++) {
            const end_t *end = &sys->channels[i].end[k];
            e.end[k].pd = end->pd;
            e.end[k].id = (uint8_t)end->id;
            e.end[k].pp = end->pp ? 1 : 0;
            e.end[k].notify = end->notify ? 1 : 0;
        }
        memcpy(blob + l->channel + i * sizeof(e), &e, sizeof(e));
    }
}

FILL static void fill_irqs(const system_t *sys, const spec_layout_t *l, uint8_t *blob)
{
    for (uint32_t i = 0; i < sys->irqs_count; i++) {
        const irq_t *irq = &sys->irqs[i];
        cairn_spec_irq_t e = {
            .pd = irq->pd,
            .id = (uint8_t)irq->id,
            .kind = irq->kind,
            .level = irq->level ? 1 : 0,
            .active_low = irq->active_low ? 1 : 0,
            .ioapic = irq->ioapic,
            .pin = irq->pin,
            .pci_bus = irq->pci_bus,
            .pci_dev = irq->pci_dev,
            .pci_func = irq->pci_func,
            .handle = irq->handle,
            .vector = irq->vector,
        };
        memcpy(blob + l->irq + i * sizeof(e), &e, sizeof(e));
    }
}

FILL static void fill_rest(const system_t *sys, const cairn_spec_patch_t *patches,
                           uint32_t patch_count, const spec_layout_t *l, uint8_t *blob)
{
    for (uint32_t i = 0; i < sys->ioports_count; i++) {
        const ioport_t *io = &sys->ioports[i];
        cairn_spec_ioport_t e = { io->pd, io->id, (uint32_t)io->addr, (uint32_t)io->size };
        memcpy(blob + l->ioport + i * sizeof(e), &e, sizeof(e));
    }
    for (uint32_t i = 0; i < sys->caps_count; i++) {
        const cap_t *cap = &sys->caps[i];
        cairn_spec_cap_t e = { cap->pd, cap->target, cap->kind, cap->slot };
        memcpy(blob + l->cap + i * sizeof(e), &e, sizeof(e));
    }
    if (patch_count != 0) {
        memcpy(blob + l->patch, patches, (size_t)patch_count * sizeof(*patches));
    }
}

bool pack_spec(const system_t *sys, const cairn_spec_patch_t *patches, uint32_t patch_count,
               buf_t *out)
{
    spec_layout_t l;
    uint32_t n = sys->pds_count + 1;
    uint32_t m = sys->mrs_count + 1;
    bool ok = false;

    memset(&l, 0, sizeof(l));
    l.pd_name = calloc(n, sizeof(uint64_t));
    l.elf = calloc(n, sizeof(uint64_t));
    l.mr_name = calloc(m, sizeof(uint64_t));
    l.prefill = calloc(m, sizeof(uint64_t));
    if (l.pd_name != NULL && l.elf != NULL && l.mr_name != NULL && l.prefill != NULL) {
        place_data(sys, place_tables(sys, patch_count, &l), &l);
        if (l.total > SPEC_LIMIT) {
            diag_tool_error("the system's spec would be %llu bytes; the format's limit is 4 GiB",
                            (unsigned long long)l.total);
        } else {
            (void)buf_append(out, NULL, l.total);
            fill_header(sys, patch_count, &l, out->data);
            fill_pds(sys, &l, out->data);
            fill_mrs(sys, &l, out->data);
            fill_maps_channels(sys, &l, out->data);
            fill_irqs(sys, &l, out->data);
            fill_rest(sys, patches, patch_count, &l, out->data);
            ok = true;
        }
    }
    free(l.pd_name);
    free(l.elf);
    free(l.mr_name);
    free(l.prefill);
    return ok;
}

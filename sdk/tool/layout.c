/*
 * Per-PD layout (layout.h): masks, CSpace contents and memory cost. The
 * slot numbers and badges are cairn/spec.h's contract with libmicrokit.
 */
#include "layout.h"

#include <stdarg.h>

#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "elf_file.h"

void layout_masks(const system_t *sys, uint32_t pd, layout_masks_t *out)
{
    *out = (layout_masks_t){ 0, 0, 0, 0 };
    for (uint32_t i = 0; i < sys->channels_count; i++) {
        for (unsigned k = 0; k < 2; k++) {
            const end_t *end = &sys->channels[i].end[k];
            if (end->pd != pd) {
                continue;
            }
            out->notifications |= end->notify ? 1ull << end->id : 0;
            out->pps |= end->pp ? 1ull << end->id : 0;
        }
    }
    for (uint32_t i = 0; i < sys->irqs_count; i++) {
        if (sys->irqs[i].pd == pd) {
            out->irqs |= 1ull << sys->irqs[i].id;
        }
    }
    for (uint32_t i = 0; i < sys->ioports_count; i++) {
        if (sys->ioports[i].pd == pd) {
            out->ioports |= 1ull << sys->ioports[i].id;
        }
    }
}

bool layout_has_endpoint(const system_t *sys, uint32_t pd)
{
    for (uint32_t i = 0; i < sys->channels_count; i++) {
        const channel_t *ch = &sys->channels[i];
        if ((ch->end[0].pd == pd && ch->end[1].pp) || (ch->end[1].pd == pd && ch->end[0].pp)) {
            return true;
        }
    }
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        if (sys->pds[i].parent == pd) {
            return true;
        }
    }
    return false;
}

typedef struct {
    layout_cap_t *caps;
    uint32_t count;
} cap_list_t;

__attribute__((format(printf, 3, 4))) static void add_cap(cap_list_t *l, uint32_t slot,
                                                          const char *fmt, ...)
{
    va_list ap;

    if (l->count == LAYOUT_MAX_CAPS) {
        return;
    }
    layout_cap_t *c = &l->caps[l->count++];

    c->slot = slot;
    va_start(ap, fmt);
    (void)vsnprintf(c->what, sizeof(c->what), fmt, ap);
    va_end(ap);
}

static void add_channel_caps(const system_t *sys, uint32_t pd, cap_list_t *l)
{
    for (uint32_t i = 0; i < sys->channels_count; i++) {
        for (unsigned k = 0; k < 2; k++) {
            const end_t *end = &sys->channels[i].end[k];
            const end_t *other = &sys->channels[i].end[1 - k];
            if (end->pd != pd) {
                continue;
            }
            const char *peer = sys->pds[other->pd].name;
            if (end->notify) {
                add_cap(l, CAIRN_SLOT_NOTIFY_BASE + end->id,
                        "notification of '%s' (channel %u), badge %#llx", peer, end->id,
                        1ull << other->id);
            }
            if (end->pp) {
                add_cap(l, CAIRN_SLOT_PPC_BASE + end->id,
                        "endpoint of '%s' (channel %u), badge %#llx", peer, end->id,
                        CAIRN_BADGE_PPC | other->id);
            }
        }
    }
}

static void add_other_caps(const system_t *sys, uint32_t pd, cap_list_t *l)
{
    static const char *const kinds[] = { "TCB", "scheduling context", "VSpace (PML4)" };

    for (uint32_t i = 0; i < sys->irqs_count; i++) {
        const irq_t *irq = &sys->irqs[i];
        if (irq->pd == pd) {
            add_cap(l, CAIRN_SLOT_IRQ_BASE + irq->id, "IRQ handler, vector %u (channel %u)",
                    irq->vector, irq->id);
        }
    }
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        if (sys->pds[i].parent == pd) {
            add_cap(l, CAIRN_SLOT_CHILD_TCB_BASE + sys->pds[i].child_id,
                    "TCB of child '%s' (id %u)", sys->pds[i].name, sys->pds[i].child_id);
        }
    }
    for (uint32_t i = 0; i < sys->ioports_count; i++) {
        const ioport_t *io = &sys->ioports[i];
        if (io->pd == pd) {
            add_cap(l, CAIRN_SLOT_IOPORT_BASE + io->id, "I/O ports %#llx..%#llx (id %u)",
                    (unsigned long long)io->addr, (unsigned long long)(io->addr + io->size - 1),
                    io->id);
        }
    }
    for (uint32_t i = 0; i < sys->caps_count; i++) {
        const cap_t *cap = &sys->caps[i];
        if (cap->pd == pd && cap->target != MODEL_NONE) {
            add_cap(l, CAIRN_SLOT_USER_BASE + cap->slot, "%s of '%s' (<cspace> slot %u)",
                    kinds[cap->kind % 3], sys->pds[cap->target].name, cap->slot);
        }
    }
}

static int by_slot(const void *a, const void *b)
{
    uint32_t x = ((const layout_cap_t *)a)->slot;
    uint32_t y = ((const layout_cap_t *)b)->slot;

    return x < y ? -1 : x > y ? 1 : 0;
}

uint32_t layout_caps(const system_t *sys, uint32_t pd, layout_cap_t *out)
{
    cap_list_t l = { out, 0 };

    if (layout_has_endpoint(sys, pd)) {
        add_cap(&l, CAIRN_SLOT_INPUT,
                "endpoint (input; the PD's notification is bound to its TCB)");
    } else {
        add_cap(&l, CAIRN_SLOT_INPUT, "notification (input)");
    }
    add_cap(&l, CAIRN_SLOT_REPLY, "reply object");
    if (sys->pds[pd].passive) {
        add_cap(&l, CAIRN_SLOT_MONITOR, "monitor endpoint, badge %#llx (reports init done)",
                CAIRN_MONITOR_BADGE_PASSIVE(pd));
    }
    add_cap(&l, CAIRN_SLOT_OWN_TCB, "own TCB");
    add_channel_caps(sys, pd, &l);
    add_other_caps(sys, pd, &l);
    qsort(out, l.count, sizeof(*out), by_slot);
    return l.count;
}

typedef struct {
    uint64_t first;
    uint64_t last;
} block_range_t;

static int by_first(const void *a, const void *b)
{
    uint64_t x = ((const block_range_t *)a)->first;
    uint64_t y = ((const block_range_t *)b)->first;

    return x < y ? -1 : x > y ? 1 : 0;
}

uint64_t layout_count_blocks(const uint64_t *start, const uint64_t *len, uint32_t n, unsigned shift)
{
    block_range_t *r = calloc(n == 0 ? 1 : n, sizeof(*r));
    uint32_t m = 0;
    uint64_t count = 0;

    if (r == NULL) {
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (len[i] != 0) {
            r[m].first = start[i] >> shift;
            r[m].last = (start[i] + len[i] - 1) >> shift;
            m++;
        }
    }
    qsort(r, m, sizeof(*r), by_first);
    /* Merge overlapping block ranges and add up what they cover. */
    for (uint32_t i = 0; i < m;) {
        uint64_t first = r[i].first;
        uint64_t last = r[i].last;
        for (i++; i < m && r[i].first <= last + 1; i++) {
            last = r[i].last > last ? r[i].last : last;
        }
        count += last - first + 1;
    }
    free(r);
    return count;
}

/* The PD's address space as ranges: segments, stack, maps; small_pages marks 4 KiB ones. */
typedef struct {
    uint64_t *start;
    uint64_t *len;
    uint32_t n;
    uint32_t small; /* the first `small` ranges use 4 KiB pages */
} space_t;

static void add_range(space_t *s, uint64_t start, uint64_t len)
{
    s->start[s->n] = start;
    s->len[s->n] = len;
    s->n++;
}

static uint64_t image_bytes(const pd_t *pd, space_t *s)
{
    uint64_t bytes = 0;

    for (unsigned i = 0; pd->image != NULL && i < pd->image->info.segment_count; i++) {
        const elf_segment_t *seg = &pd->image->info.segments[i];
        uint64_t start = seg->vaddr & ~0xfffull;
        uint64_t len = check_round_up(seg->vaddr + seg->memsz, 0x1000) - start;
        add_range(s, start, len);
        bytes += len;
    }
    return bytes;
}

/* Maps with 4 KiB pages first (they need page tables), then 2 MiB ones. */
static void add_maps(const system_t *sys, uint32_t pd, space_t *s, bool small)
{
    for (uint32_t i = 0; i < sys->maps_count; i++) {
        const map_t *m = &sys->maps[i];
        if (m->pd == pd && m->mr != MODEL_NONE && (sys->mrs[m->mr].page_size == 0x1000) == small) {
            add_range(s, m->vaddr, sys->mrs[m->mr].size);
        }
    }
}

static uint64_t paging_tables(const system_t *sys, uint32_t pd, uint64_t *image)
{
    uint32_t max = sys->maps_count + ELF_MAX_SEGMENTS + 1;
    space_t s = { calloc(max, sizeof(uint64_t)), calloc(max, sizeof(uint64_t)), 0, 0 };
    uint64_t tables = 0;

    if (s.start != NULL && s.len != NULL) {
        const pd_t *p = &sys->pds[pd];
        *image = image_bytes(p, &s);
        add_range(&s, CAIRN_PD_STACK_TOP - p->stack_size, p->stack_size);
        add_maps(sys, pd, &s, true);
        s.small = s.n;
        add_maps(sys, pd, &s, false);
        tables = 1 + layout_count_blocks(s.start, s.len, s.n, 39) +
                 layout_count_blocks(s.start, s.len, s.n, 30) +
                 layout_count_blocks(s.start, s.len, s.small, 21);
    }
    free(s.start);
    free(s.len);
    return tables;
}

void layout_pd_cost(const system_t *sys, uint32_t pd, layout_cost_t *out)
{
    const pd_t *p = &sys->pds[pd];

    *out = (layout_cost_t){ 0 };
    out->tcb = LAYOUT_TCB_BYTES;
    out->sc = LAYOUT_SC_BYTES;
    out->cnode = LAYOUT_CNODE_BYTES;
    out->ipc_objects = LAYOUT_REPLY_BYTES + LAYOUT_NTFN_BYTES +
                       (layout_has_endpoint(sys, pd) ? LAYOUT_EP_BYTES : 0);
    uint64_t tables = paging_tables(sys, pd, &out->image_frames);
    out->paging_tables = (uint32_t)tables;
    out->paging = tables * LAYOUT_TABLE_BYTES;
    out->stack = p->stack_size;
    out->total = out->tcb + out->sc + out->cnode + out->ipc_objects + out->paging +
                 out->image_frames + out->stack;
}

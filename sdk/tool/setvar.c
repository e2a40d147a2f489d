/*
 * The list of setvars (setvar.h), gathered from every element that can
 * carry one, in a fixed order so messages and patches are reproducible.
 */
#include "setvar.h"

#include <stdlib.h>

typedef struct {
    setvar_entry_t *items;
    uint32_t count;
    uint32_t cap;
} list_t;

static void add(list_t *l, uint32_t pd, const char *symbol, loc_t loc, setvar_kind_t kind,
                uint64_t value)
{
    if (symbol == NULL || pd == MODEL_NONE) {
        return;
    }
    setvar_entry_t *e = model_push((void **)&l->items, &l->count, &l->cap, sizeof(*l->items));
    e->pd = pd;
    e->symbol = symbol;
    e->loc = loc;
    e->kind = kind;
    e->value = value;
    e->mr = MODEL_NONE;
}

static void add_maps(const system_t *sys, list_t *l)
{
    for (uint32_t i = 0; i < sys->maps_count; i++) {
        const map_t *m = &sys->maps[i];
        const mr_t *mr = m->mr == MODEL_NONE ? NULL : &sys->mrs[m->mr];
        add(l, m->pd, m->setvar_vaddr, m->loc, SETVAR_VADDR, m->vaddr);
        add(l, m->pd, m->setvar_size, m->loc, SETVAR_SIZE, mr == NULL ? 0 : mr->size);
        add(l, m->pd, m->setvar_prefill_size, m->loc, SETVAR_PREFILL_SIZE,
            mr == NULL ? 0 : mr->prefill_size);
    }
}

static void add_ids(const system_t *sys, list_t *l)
{
    for (uint32_t i = 0; i < sys->channels_count; i++) {
        for (unsigned k = 0; k < 2; k++) {
            const end_t *end = &sys->channels[i].end[k];
            add(l, end->pd, end->setvar_id, end->loc, SETVAR_ID, end->id);
        }
    }
    for (uint32_t i = 0; i < sys->irqs_count; i++) {
        const irq_t *irq = &sys->irqs[i];
        add(l, irq->pd, irq->setvar_id, irq->loc, SETVAR_ID, irq->id);
    }
    for (uint32_t i = 0; i < sys->ioports_count; i++) {
        const ioport_t *io = &sys->ioports[i];
        add(l, io->pd, io->setvar_id, io->loc, SETVAR_ID, io->id);
        add(l, io->pd, io->setvar_addr, io->loc, SETVAR_PORT_ADDR, io->addr);
    }
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        const pd_t *pd = &sys->pds[i];
        add(l, pd->parent, pd->setvar_id, pd->loc, SETVAR_ID, pd->child_id);
    }
}

static void add_paddrs(const system_t *sys, list_t *l)
{
    for (uint32_t i = 0; i < sys->setvars_count; i++) {
        const setvar_t *sv = &sys->setvars[i];
        const mr_t *mr = sv->mr == MODEL_NONE ? NULL : &sys->mrs[sv->mr];
        add(l, sv->pd, sv->symbol, sv->loc, SETVAR_PADDR,
            mr != NULL && mr->has_phys_addr ? mr->phys_addr : 0);
        if (l->count > 0 && l->items[l->count - 1].symbol == sv->symbol) {
            l->items[l->count - 1].mr = sv->mr;
        }
    }
}

uint32_t setvar_collect(const system_t *sys, setvar_entry_t **out)
{
    list_t l = { NULL, 0, 0 };

    add_maps(sys, &l);
    add_ids(sys, &l);
    add_paddrs(sys, &l);
    *out = l.items;
    return l.count;
}

/*
 * Cross-element checks (check.h): names, references, id spaces, the
 * protected-call priority rule, passive PDs, IRQ and I/O port conflicts,
 * <cspace> targets and setvar symbols. Memory layout is check_map.c.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "setvar.h"

#define MAX_PDS      63
#define NAME_MAX_LEN (CAIRN_PD_NAME_LENGTH - 1)

/* The two PICs and QEMU's debug-exit port (docs/architecture.md, "I/O ports"); COM1 may be issued.
 */
const kernel_ports_t check_kernel_ports[] = {
    { 0x20, 2, "the master PIC" },
    { 0xa0, 2, "the slave PIC" },
    { 0xf4, 1, "QEMU's debug-exit port" },
};
const unsigned check_kernel_port_count = sizeof(check_kernel_ports) / sizeof(check_kernel_ports[0]);

bool check_overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    if (alen == 0 || blen == 0) {
        return false;
    }
    return a < b ? b - a < alen : a - b < blen;
}

uint64_t check_round_up(uint64_t x, uint64_t align)
{
    uint64_t r = x & (align - 1);

    if (r == 0) {
        return x;
    }
    return x > UINT64_MAX - (align - r) ? UINT64_MAX & ~(align - 1) : x + (align - r);
}

static void check_pd_names(const system_t *sys)
{
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        const pd_t *pd = &sys->pds[i];
        if (i == MAX_PDS) {
            diag_error(pd->loc, "too many protection domains: at most %u are possible", MAX_PDS);
        }
        if (pd->name[0] == '\0') {
            diag_error(pd->loc, "protection domain name is empty");
        } else if (strlen(pd->name) > NAME_MAX_LEN) {
            diag_error(pd->loc, "protection domain name '%s' is longer than %u bytes", pd->name,
                       NAME_MAX_LEN);
        }
        for (uint32_t j = 0; j < i; j++) {
            if (strcmp(sys->pds[j].name, pd->name) == 0) {
                diag_error(pd->loc, "protection domain name '%s' is already used at line %u",
                           pd->name, sys->pds[j].loc.line);
                break;
            }
        }
    }
}

static void check_mr_names(const system_t *sys)
{
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        const mr_t *mr = &sys->mrs[i];
        if (mr->name[0] == '\0') {
            diag_error(mr->loc, "memory region name is empty");
        }
        for (uint32_t j = 0; j < i; j++) {
            if (strcmp(sys->mrs[j].name, mr->name) == 0) {
                diag_error(mr->loc, "memory region name '%s' is already used at line %u", mr->name,
                           sys->mrs[j].loc.line);
                break;
            }
        }
    }
}

static void check_pd_params(const system_t *sys)
{
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        const pd_t *pd = &sys->pds[i];
        if (pd->budget_us > pd->period_us) {
            diag_error(pd->loc,
                       "protection domain '%s': budget (%llu us) is larger than its "
                       "period (%llu us)",
                       pd->name, (unsigned long long)pd->budget_us,
                       (unsigned long long)pd->period_us);
        }
        if (pd->parent == MODEL_NONE || !pd->has_child_id) {
            continue;
        }
        for (uint32_t j = 0; j < i; j++) {
            const pd_t *other = &sys->pds[j];
            if (other->parent == pd->parent && other->has_child_id &&
                other->child_id == pd->child_id) {
                diag_error(pd->loc, "child id %u of '%s' is already used by its sibling '%s'",
                           pd->child_id, sys->pds[pd->parent].name, other->name);
            }
        }
    }
}

/* Per PD, which line took each channel id (0: free); shared by channels and IRQs. */
typedef struct {
    uint32_t *line;
    const system_t *sys;
} id_table_t;

static void claim_id(id_table_t *t, uint32_t pd, uint32_t id, loc_t loc, const char *what)
{
    uint32_t *slot = &t->line[(size_t)pd * CAIRN_MAX_CHANNELS + id];

    if (*slot != 0) {
        diag_error(loc, "%s: channel id %u of '%s' is already used at line %u", what, id,
                   t->sys->pds[pd].name, *slot);
        return;
    }
    *slot = loc.line == 0 ? 1 : loc.line;
}

static void resolve_end(const system_t *sys, end_t *end)
{
    end->pd = model_find_pd(sys, end->pd_name);
    if (end->pd == MODEL_NONE) {
        diag_error(end->loc, "<end>: no protection domain named '%s'", end->pd_name);
    }
}

/* The whitepaper's rule: a PD calls only PDs of strictly higher priority, so calls never cycle. */
static void check_pp(const system_t *sys, const channel_t *ch)
{
    for (unsigned k = 0; k < 2; k++) {
        const end_t *from = &ch->end[k];
        const end_t *to = &ch->end[1 - k];
        if (!from->pp) {
            continue;
        }
        const pd_t *caller = &sys->pds[from->pd];
        const pd_t *callee = &sys->pds[to->pd];
        if (callee->priority <= caller->priority) {
            diag_error(from->loc,
                       "<end> pp=\"true\": '%s' (priority %u) may only call a "
                       "protection domain of strictly higher priority, but '%s' has "
                       "priority %u (calls to equal or lower priority could deadlock)",
                       caller->name, caller->priority, callee->name, callee->priority);
        }
    }
}

static void check_channels(system_t *sys, id_table_t *ids)
{
    for (uint32_t i = 0; i < sys->channels_count; i++) {
        channel_t *ch = &sys->channels[i];
        resolve_end(sys, &ch->end[0]);
        resolve_end(sys, &ch->end[1]);
        if (ch->end[0].pd == MODEL_NONE || ch->end[1].pd == MODEL_NONE) {
            continue;
        }
        if (ch->end[0].pd == ch->end[1].pd) {
            diag_error(ch->loc, "<channel>: both ends are protection domain '%s'",
                       ch->end[0].pd_name);
            continue;
        }
        claim_id(ids, ch->end[0].pd, ch->end[0].id, ch->end[0].loc, "<end>");
        claim_id(ids, ch->end[1].pd, ch->end[1].id, ch->end[1].loc, "<end>");
        check_pp(sys, ch);
    }
}

static void check_irqs(const system_t *sys, id_table_t *ids)
{
    for (uint32_t i = 0; i < sys->irqs_count; i++) {
        const irq_t *irq = &sys->irqs[i];
        claim_id(ids, irq->pd, irq->id, irq->loc, "<irq>");
        for (uint32_t j = 0; j < i; j++) {
            const irq_t *other = &sys->irqs[j];
            if (other->vector == irq->vector) {
                diag_error(irq->loc, "<irq>: vector %u is already used at line %u", irq->vector,
                           other->loc.line);
            } else if (irq->kind == CAIRN_IRQ_IOAPIC && other->kind == CAIRN_IRQ_IOAPIC &&
                       irq->ioapic == other->ioapic && irq->pin == other->pin) {
                diag_error(irq->loc, "<irq>: I/O APIC %u pin %u is already used at line %u",
                           irq->ioapic, irq->pin, other->loc.line);
            }
        }
    }
}

static void check_ioport_kernel(const ioport_t *io)
{
    for (unsigned k = 0; k < check_kernel_port_count; k++) {
        const kernel_ports_t *kp = &check_kernel_ports[k];
        if (check_overlaps(io->addr, io->size, kp->first, kp->count)) {
            diag_error(io->loc,
                       "<ioport>: ports %#llx..%#llx overlap the kernel's ports %#x..%#x (%s)",
                       (unsigned long long)io->addr, (unsigned long long)(io->addr + io->size - 1),
                       kp->first, kp->first + kp->count - 1, kp->what);
        }
    }
}

static void check_ioports(const system_t *sys)
{
    for (uint32_t i = 0; i < sys->ioports_count; i++) {
        const ioport_t *io = &sys->ioports[i];
        check_ioport_kernel(io);
        for (uint32_t j = 0; j < i; j++) {
            const ioport_t *other = &sys->ioports[j];
            if (other->pd == io->pd && other->id == io->id) {
                diag_error(io->loc, "<ioport>: id %u of '%s' is already used at line %u", io->id,
                           sys->pds[io->pd].name, other->loc.line);
            } else if (check_overlaps(io->addr, io->size, other->addr, other->size)) {
                diag_error(io->loc,
                           "<ioport>: ports %#llx..%#llx overlap ports %#llx..%#llx of "
                           "'%s' (line %u)",
                           (unsigned long long)io->addr,
                           (unsigned long long)(io->addr + io->size - 1),
                           (unsigned long long)other->addr,
                           (unsigned long long)(other->addr + other->size - 1),
                           sys->pds[other->pd].name, other->loc.line);
            }
        }
    }
}

/* True if some other PD may call or notify pd, or pd has an IRQ. */
static bool can_be_woken(const system_t *sys, uint32_t pd)
{
    for (uint32_t i = 0; i < sys->channels_count; i++) {
        const channel_t *ch = &sys->channels[i];
        for (unsigned k = 0; k < 2; k++) {
            const end_t *other = &ch->end[1 - k];
            if (ch->end[k].pd == pd && (other->pp || other->notify)) {
                return true;
            }
        }
    }
    for (uint32_t i = 0; i < sys->irqs_count; i++) {
        if (sys->irqs[i].pd == pd) {
            return true;
        }
    }
    return false;
}

static void check_passive(const system_t *sys)
{
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        const pd_t *pd = &sys->pds[i];
        if (pd->passive && !can_be_woken(sys, i)) {
            diag_error(pd->loc,
                       "passive protection domain '%s' could never run after init: "
                       "no channel lets another PD call or notify it, and it has no irq",
                       pd->name);
        }
    }
}

static void check_caps(system_t *sys)
{
    static const char *const names[] = { "cap_tcb", "cap_sc", "cap_vspace" };

    for (uint32_t i = 0; i < sys->caps_count; i++) {
        cap_t *cap = &sys->caps[i];
        cap->target = model_find_pd(sys, cap->target_name);
        if (cap->target == MODEL_NONE) {
            diag_error(cap->loc, "<%s>: no protection domain named '%s'", names[cap->kind % 3],
                       cap->target_name);
        }
        for (uint32_t j = 0; j < i; j++) {
            if (sys->caps[j].pd == cap->pd && sys->caps[j].slot == cap->slot) {
                diag_error(cap->loc, "<%s>: slot %u of '%s' is already used at line %u",
                           names[cap->kind % 3], cap->slot, sys->pds[cap->pd].name,
                           sys->caps[j].loc.line);
                break;
            }
        }
    }
}

static void check_setvar_regions(system_t *sys)
{
    for (uint32_t i = 0; i < sys->setvars_count; i++) {
        setvar_t *sv = &sys->setvars[i];
        sv->mr = model_find_mr(sys, sv->region);
        if (sv->mr == MODEL_NONE) {
            diag_error(sv->loc, "<setvar>: no memory region named '%s'", sv->region);
        }
    }
}

static void check_symbols(const system_t *sys);

bool check_system(system_t *sys)
{
    unsigned before = diag_error_count();
    id_table_t ids = { calloc((size_t)sys->pds_count * CAIRN_MAX_CHANNELS + 1, sizeof(uint32_t)),
                       sys };

    if (ids.line == NULL) {
        diag_tool_error("out of memory");
        return false;
    }
    check_pd_names(sys);
    check_mr_names(sys);
    check_pd_params(sys);
    check_channels(sys, &ids);
    check_irqs(sys, &ids);
    check_ioports(sys);
    check_caps(sys);
    check_setvar_regions(sys);
    check_symbols(sys);
    check_passive(sys);
    check_memory(sys);
    free(ids.line);
    return diag_error_count() == before;
}

/* Variables the tool always writes itself (libmicrokit's, patch.c). */
static const char *const reserved_symbols[] = {
    "microkit_name", "microkit_passive", "microkit_irqs",         "microkit_notifications",
    "microkit_pps",  "microkit_ioports", "__sel4_ipc_buffer_obj", NULL,
};

static bool is_reserved(const char *symbol)
{
    for (unsigned i = 0; reserved_symbols[i] != NULL; i++) {
        if (strcmp(symbol, reserved_symbols[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* One image, one writer per variable: a symbol set twice would silently lose one value. */
static void check_symbols(const system_t *sys)
{
    setvar_entry_t *list = NULL;
    uint32_t n = setvar_collect(sys, &list);

    for (uint32_t i = 0; i < n; i++) {
        const setvar_entry_t *e = &list[i];
        if (e->symbol[0] == '\0') {
            diag_error(e->loc, "setvar symbol name is empty");
            continue;
        }
        if (is_reserved(e->symbol)) {
            diag_error(e->loc, "symbol '%s' is set by the tool itself and cannot be a setvar",
                       e->symbol);
            continue;
        }
        for (uint32_t j = 0; j < i; j++) {
            if (list[j].pd == e->pd && strcmp(list[j].symbol, e->symbol) == 0) {
                diag_error(e->loc, "symbol '%s' of '%s' is already set at line %u", e->symbol,
                           sys->pds[e->pd].name, list[j].loc.line);
                break;
            }
        }
    }
    free(list);
}

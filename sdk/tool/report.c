/*
 * The report (report.h). Plain text, one section per PD; numbers in hex
 * where they are addresses, decimal where they are counts and bytes.
 */
#include "report.h"

#include <stdlib.h>

#include <inttypes.h>

#include "elf_file.h"
#include "layout.h"

static const char *perms_str(uint8_t perms)
{
    static const char *const names[] = { "---", "r--", "-w-", "rw-", "--x", "r-x", "-wx", "rwx" };

    return names[perms & 7];
}

static void report_params(FILE *f, const system_t *sys, const pd_t *pd)
{
    (void)fprintf(f, "  priority %u, budget %" PRIu64 " us, period %" PRIu64 " us, %s, FPU %s\n",
                  pd->priority, pd->budget_us, pd->period_us, pd->passive ? "passive" : "active",
                  pd->fpu ? "on" : "off");
    if (pd->parent == MODEL_NONE) {
        (void)fprintf(f, "  parent: none (faults go to the monitor)\n");
    } else {
        (void)fprintf(f, "  parent: '%s', child id %u (faults go to the parent)\n",
                      sys->pds[pd->parent].name, pd->child_id);
    }
    if (pd->image != NULL) {
        (void)fprintf(
            f, "  program image: %s (%zu bytes, entry %#" PRIx64 ", IPC buffer %#" PRIx64 ")\n",
            pd->image_path, pd->image->size, pd->image->info.entry, pd->ipc_buffer);
    }
}

static void report_objects(FILE *f, const layout_cost_t *c, bool endpoint)
{
    (void)fprintf(f, "  Objects:\n");
    (void)fprintf(f, "    TCB                    %8" PRIu64 " bytes\n", c->tcb);
    (void)fprintf(f, "    scheduling context     %8" PRIu64 " bytes\n", c->sc);
    (void)fprintf(f, "    CNode (%4u slots)     %8" PRIu64 " bytes\n", 1u << CAIRN_PD_CNODE_BITS,
                  c->cnode);
    (void)fprintf(f, "    reply, notification%s %8" PRIu64 " bytes\n", endpoint ? ", EP" : "    ",
                  c->ipc_objects);
    (void)fprintf(f, "    paging (%3u tables)    %8" PRIu64 " bytes\n", c->paging_tables,
                  c->paging);
    (void)fprintf(f, "    program image frames   %8" PRIu64 " bytes\n", c->image_frames);
    (void)fprintf(f, "    stack frames           %8" PRIu64 " bytes\n", c->stack);
    (void)fprintf(f, "    total                  %8" PRIu64 " bytes\n", c->total);
}

static void report_caps(FILE *f, const system_t *sys, uint32_t i)
{
    layout_cap_t *caps = calloc(LAYOUT_MAX_CAPS, sizeof(*caps));

    if (caps == NULL) {
        return;
    }
    uint32_t n = layout_caps(sys, i, caps);
    (void)fprintf(f, "  Capabilities (CSpace of %u slots, cptr = slot):\n",
                  1u << CAIRN_PD_CNODE_BITS);
    for (uint32_t k = 0; k < n; k++) {
        (void)fprintf(f, "    slot %3u  %s\n", caps[k].slot, caps[k].what);
    }
    free(caps);
}

static void report_space(FILE *f, const system_t *sys, uint32_t i)
{
    const pd_t *pd = &sys->pds[i];

    (void)fprintf(f, "  Address space:\n");
    for (unsigned s = 0; pd->image != NULL && s < pd->image->info.segment_count; s++) {
        const elf_segment_t *seg = &pd->image->info.segments[s];
        (void)fprintf(
            f, "    [%#014" PRIx64 ", %#014" PRIx64 ") %s  program image segment\n", seg->vaddr,
            seg->vaddr + seg->memsz,
            perms_str((uint8_t)((seg->flags & ELF_PF_R ? 1 : 0) | (seg->flags & ELF_PF_W ? 2 : 0) |
                                (seg->flags & ELF_PF_X ? 4 : 0))));
    }
    for (uint32_t k = 0; k < sys->maps_count; k++) {
        const map_t *m = &sys->maps[k];
        if (m->pd == i) {
            const mr_t *mr = &sys->mrs[m->mr];
            (void)fprintf(
                f, "    [%#014" PRIx64 ", %#014" PRIx64 ") %s  region '%s', %s, %s pages\n",
                m->vaddr, m->vaddr + mr->size, perms_str(m->perms), mr->name,
                m->cached ? "cached" : "uncached", mr->page_size == 0x1000 ? "4 KiB" : "2 MiB");
        }
    }
    (void)fprintf(f, "    [%#014" PRIx64 ", %#014" PRIx64 ") rw-  stack\n",
                  (uint64_t)CAIRN_PD_STACK_TOP - pd->stack_size, (uint64_t)CAIRN_PD_STACK_TOP);
}

static void report_channels(FILE *f, const system_t *sys, uint32_t i)
{
    for (uint32_t k = 0; k < sys->channels_count; k++) {
        for (unsigned e = 0; e < 2; e++) {
            const end_t *end = &sys->channels[k].end[e];
            const end_t *other = &sys->channels[k].end[1 - e];
            if (end->pd == i) {
                (void)fprintf(f, "    channel %2u  <-> '%s' (its id %u)%s%s%s\n", end->id,
                              sys->pds[other->pd].name, other->id, end->notify ? ", notifies" : "",
                              end->pp ? ", calls" : "", other->pp ? ", is called" : "");
            }
        }
    }
}

static void report_irqs_ports(FILE *f, const system_t *sys, uint32_t i)
{
    for (uint32_t k = 0; k < sys->irqs_count; k++) {
        const irq_t *irq = &sys->irqs[k];
        if (irq->pd != i) {
            continue;
        }
        if (irq->kind == CAIRN_IRQ_IOAPIC) {
            (void)fprintf(f,
                          "    irq     %2u  vector %u, I/O APIC %u pin %u, %s-triggered, "
                          "active %s\n",
                          irq->id, irq->vector, irq->ioapic, irq->pin,
                          irq->level ? "level" : "edge", irq->active_low ? "low" : "high");
        } else {
            (void)fprintf(
                f, "    irq     %2u  vector %u, MSI from PCI %02x:%02x.%x, handle %" PRIu64 "\n",
                irq->id, irq->vector, irq->pci_bus, irq->pci_dev, irq->pci_func, irq->handle);
        }
    }
    for (uint32_t k = 0; k < sys->ioports_count; k++) {
        const ioport_t *io = &sys->ioports[k];
        if (io->pd == i) {
            (void)fprintf(f, "    ioport  %2u  ports %#" PRIx64 "..%#" PRIx64 " (%" PRIu64 ")\n",
                          io->id, io->addr, io->addr + io->size - 1, io->size);
        }
    }
}

/* Out of line, like report_mrs(): sanitizer builds would swell report_write()'s frame. */
__attribute__((noinline)) static uint64_t report_pd(FILE *f, const system_t *sys, uint32_t i)
{
    const pd_t *pd = &sys->pds[i];
    layout_cost_t cost;
    layout_masks_t masks;

    layout_pd_cost(sys, i, &cost);
    (void)fprintf(f, "\nProtection domain '%s' (index %u)\n", pd->name, i);
    report_params(f, sys, pd);
    layout_masks(sys, i, &masks);
    (void)fprintf(f,
                  "  libmicrokit masks: irqs %#" PRIx64 ", notifications %#" PRIx64
                  ", pps %#" PRIx64 ", ioports %#" PRIx64 "\n",
                  masks.irqs, masks.notifications, masks.pps, masks.ioports);
    report_objects(f, &cost, layout_has_endpoint(sys, i));
    report_caps(f, sys, i);
    report_space(f, sys, i);
    (void)fprintf(f, "  Channels, IRQs and I/O ports:\n");
    report_channels(f, sys, i);
    report_irqs_ports(f, sys, i);
    return cost.total;
}

__attribute__((noinline)) static uint64_t report_mrs(FILE *f, const system_t *sys)
{
    uint64_t ram = 0;

    (void)fprintf(f, "\nMemory regions\n");
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        const mr_t *mr = &sys->mrs[i];
        (void)fprintf(f, "  '%s': %#" PRIx64 " bytes in %s pages, ", mr->name, mr->size,
                      mr->page_size == 0x1000 ? "4 KiB" : "2 MiB");
        if (mr->has_phys_addr) {
            (void)fprintf(f, "at physical %#" PRIx64, mr->phys_addr);
        } else {
            (void)fprintf(f, "zeroed RAM");
            ram += mr->size;
        }
        if (mr->prefill_size != 0) {
            (void)fprintf(f, ", prefilled with %" PRIu64 " bytes of '%s'", mr->prefill_size,
                          mr->prefill_path);
        }
        (void)fprintf(f, "\n");
    }
    return ram;
}

void report_write(FILE *f, const system_t *sys, const report_info_t *info)
{
    uint64_t pds = 0;

    (void)fprintf(f, "Cairn system report\n");
    (void)fprintf(f, "  description: %s\n  board: %s, config: %s\n", sys->file, info->board,
                  info->config);
    (void)fprintf(f, "  image: %s, %" PRIu64 " bytes; its spec: %" PRIu64 " bytes at %#llx\n",
                  info->image_path, info->image_size, info->spec_size, CAIRN_SPEC_VADDR);
    (void)fprintf(f, "  values the initialiser writes at boot: %u\n", info->boot_patches);
    (void)fprintf(f,
                  "  protection domains: %u, memory regions: %u, channels: %u, irqs: %u, I/O "
                  "port ranges: %u\n",
                  sys->pds_count, sys->mrs_count, sys->channels_count, sys->irqs_count,
                  sys->ioports_count);
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        pds += report_pd(f, sys, i);
    }
    uint64_t ram = report_mrs(f, sys);
    (void)fprintf(f, "\nMemory\n");
    (void)fprintf(f, "  protection domains      %12" PRIu64 " bytes\n", pds);
    (void)fprintf(f, "  memory regions (RAM)    %12" PRIu64 " bytes\n", ram);
    (void)fprintf(f, "  total                   %12" PRIu64 " bytes\n", pds + ram);
}

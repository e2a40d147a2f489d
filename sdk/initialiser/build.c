/*
 * The system builder (build.h), in the order that keeps each step simple:
 * every PD's objects and address-space root first; then memory regions,
 * frame by frame into every address space that maps them (so a region's
 * size costs no slots); then each program image, its stack and its IPC
 * buffer; then capabilities; then the PDs start, at priorities below the
 * initialiser's, so they run once it waits as the monitor.
 */
#include "build.h"

#include <stdio.h>
#include <string.h>

#include <cairn/elfload.h>
#include <sel4/runtime.h>

#include "alloc.h"

#define SCRATCH       0x80000000ul /* the initialiser's windows for filling 4 KiB frames */
#define SCRATCH_LARGE 0xc0000000ul /* ... and 2 MiB ones (no page table may sit there) */
#define PAGE          4096ul
#define GUARD_BITS    (seL4_WordBits - CAIRN_PD_CNODE_BITS)
#define RIGHTS_CALL   seL4_CapRights_new(1, 0, 0, 1) /* write, grant-reply */
#define RIGHTS_FAULT  seL4_CapRights_new(1, 1, 0, 1)
#define RIGHTS_SIGNAL seL4_CapRights_new(0, 0, 0, 1)

pd_objects_t pd_objects[MAX_PDS];
seL4_CPtr monitor_ep;

static const spec_t *sp;
static seL4_Word mr_paddr[MAX_MRS];

static int fail(const char *what, uint32_t pd, seL4_Error err)
{
    printf("initialiser: %s for PD '%s' failed (error %d)\n", what,
           pd < sp->header->pd_count ? spec_string(sp, sp->pds[pd].name) : "-", (int)err);
    return -1;
}

static int needs_endpoint(uint32_t pd)
{
    for (uint32_t i = 0; i < sp->header->pd_count; i++) {
        if (sp->pds[i].parent == pd) {
            return 1;
        }
    }
    for (uint32_t i = 0; i < sp->header->channel_count; i++) {
        const cairn_spec_channel_t *c = &sp->channels[i];
        if ((c->end[0].pd == pd && c->end[1].pp) || (c->end[1].pd == pd && c->end[0].pp)) {
            return 1;
        }
    }
    return 0;
}

static int make_pd_objects(uint32_t i)
{
    pd_objects_t *o = &pd_objects[i];

    o->tcb = alloc_object(seL4_TCBObject, 0);
    o->sc = alloc_object(seL4_SchedContextObject, 8);
    o->cnode = alloc_object(seL4_CapTableObject, CAIRN_PD_CNODE_BITS);
    o->vspace = alloc_object(seL4_X64_PML4Object, 0);
    o->ntfn = alloc_object(seL4_NotificationObject, 0);
    o->reply = alloc_object(seL4_ReplyObject, 0);
    o->ep = needs_endpoint(i) ? alloc_object(seL4_EndpointObject, 0) : 0;
    if (o->tcb == 0 || o->sc == 0 || o->cnode == 0 || o->vspace == 0 || o->ntfn == 0 ||
        o->reply == 0 || (needs_endpoint(i) && o->ep == 0)) {
        return fail("making objects", i, seL4_NotEnoughMemory);
    }
    seL4_Error err = seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, o->vspace);
    return err != seL4_NoError ? fail("assigning an ASID", i, err) : 0;
}

static seL4_CapRights_t map_rights(uint8_t perms)
{
    return (perms & CAIRN_PERM_W) != 0 ? seL4_ReadWrite : seL4_CanRead;
}

static seL4_Word map_attr(uint8_t perms, uint8_t cached)
{
    seL4_Word attr = cached ? seL4_X86_Default_VMAttributes : seL4_X86_CacheDisabled;

    return (perms & CAIRN_PERM_X) != 0 ? attr : attr | seL4_X86_ExecuteNever;
}

/* Fills a fresh frame with bytes [from, from + n) of the blob through the scratch window. */
static int prefill(seL4_CPtr frame, unsigned page_bits, const unsigned char *from, seL4_Word n)
{
    seL4_Word window = page_bits == 21 ? SCRATCH_LARGE : SCRATCH;
    seL4_Error err = cairn_map_frame(&init_alloc, seL4_CapInitThreadVSpace, frame, window,
                                     seL4_ReadWrite, seL4_X86_ExecuteNever);

    if (err != seL4_NoError) {
        return -1;
    }
    memcpy((void *)window, from, n);
    return seL4_X86_Page_Unmap(frame) == seL4_NoError ? 0 : -1;
}

/* Frame `index` of memory region r, mapped into every PD that maps the region. */
static int build_mr_frame(uint32_t r, seL4_Word index)
{
    const cairn_spec_mr_t *mr = &sp->mrs[r];
    seL4_Word page = 1ul << mr->page_bits;
    seL4_Word offset = index * page;
    seL4_CPtr frame =
        mr->phys_addr != 0
            ? alloc_frame_at(mr->phys_addr + offset, mr->page_bits)
            : alloc_object(mr->page_bits == 21 ? seL4_X86_LargePageObject : seL4_X86_4K, 0);

    if (frame == 0) {
        printf("initialiser: no memory for region '%s'\n", spec_string(sp, mr->name));
        return -1;
    }
    if (index == 0) {
        mr_paddr[r] = seL4_X86_Page_GetAddress(frame).paddr;
    }
    if (offset < mr->prefill_size) {
        seL4_Word n = mr->prefill_size - offset < page ? mr->prefill_size - offset : page;
        if (prefill(frame, mr->page_bits, sp->base + mr->prefill_offset + offset, n) != 0) {
            return -1;
        }
    }
    /* Each mapping gets its own copy (a frame capability maps once); all are archived after. */
    for (uint32_t m = 0; m < sp->header->map_count; m++) {
        const cairn_spec_map_t *map = &sp->maps[m];
        if (map->mr != r) {
            continue;
        }
        seL4_CPtr copy = alloc_transient_slot();
        seL4_Error err =
            copy == 0 ? seL4_NotEnoughMemory
                      : seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, frame, DEPTH, seL4_AllRights);
        if (err == seL4_NoError) {
            err =
                cairn_map_frame(&init_alloc, pd_objects[map->pd].vspace, copy, map->vaddr + offset,
                                map_rights(map->perms), map_attr(map->perms, map->cached));
        }
        if (err != seL4_NoError) {
            return fail("mapping a memory region", map->pd, err);
        }
    }
    return 0;
}

static int build_mrs(void)
{
    for (uint32_t r = 0; r < sp->header->mr_count && r < MAX_MRS; r++) {
        const cairn_spec_mr_t *mr = &sp->mrs[r];
        for (seL4_Word i = 0; i < mr->size >> mr->page_bits; i++) {
            alloc_begin_transient();
            if (build_mr_frame(r, i) != 0 || alloc_stash() != 0) {
                return -1;
            }
        }
    }
    return 0;
}

/* While a page of PD `pd` is filled: patch boot-time values in, keep the IPC buffer's frame. */
static void on_page(void *ctx, seL4_Word vaddr, seL4_CPtr frame, unsigned char *page)
{
    uint32_t pd = (uint32_t)(uintptr_t)ctx;

    for (uint32_t i = 0; i < sp->header->patch_count; i++) {
        const cairn_spec_patch_t *p = &sp->patches[i];
        if (p->pd == pd && p->vaddr >= vaddr && p->vaddr < vaddr + PAGE) {
            memcpy(page + (p->vaddr - vaddr), &mr_paddr[p->mr], sizeof(seL4_Word));
        }
    }
    if (vaddr == sp->pds[pd].ipc_buffer) {
        seL4_CPtr copy = alloc_slot();
        if (copy != 0 &&
            seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, frame, DEPTH, seL4_AllRights) == 0) {
            pd_objects[pd].ipc_frame = copy;
        }
    }
}

static int load_pd(uint32_t i)
{
    const cairn_spec_pd_t *pd = &sp->pds[i];
    cairn_loader_t loader = { &init_alloc, seL4_CapInitThreadVSpace, SCRATCH, on_page,
                              (void *)(uintptr_t)i };
    seL4_Word entry = 0;

    alloc_begin_transient();
    cairn_load_status_t st = cairn_elf_load(&loader, pd_objects[i].vspace,
                                            sp->base + pd->elf_offset, pd->elf_size, &entry);
    if (st != CAIRN_LOAD_OK) {
        return fail("loading the program image", i, (seL4_Error)st);
    }
    pd_objects[i].entry = entry;
    for (seL4_Word va = CAIRN_PD_STACK_TOP - pd->stack_size; va < CAIRN_PD_STACK_TOP; va += PAGE) {
        seL4_CPtr frame = alloc_object(seL4_X86_4K, 0);
        seL4_Error err = frame == 0 ? seL4_NotEnoughMemory
                                    : cairn_map_frame(&init_alloc, pd_objects[i].vspace, frame, va,
                                                      seL4_ReadWrite, seL4_X86_ExecuteNever);
        if (err != seL4_NoError) {
            return fail("mapping the stack", i, err);
        }
    }
    if (pd_objects[i].ipc_frame == 0) {
        return fail("finding the IPC buffer page (__sel4_ipc_buffer_obj)", i, seL4_FailedLookup);
    }
    return alloc_stash();
}

/* Mints src (a root slot) into PD `pd`'s CSpace slot with rights and badge. */
static seL4_Error give(uint32_t pd, seL4_Word slot, seL4_CPtr src, seL4_CapRights_t rights,
                       seL4_Word badge)
{
    return seL4_CNode_Mint(pd_objects[pd].cnode, slot, CAIRN_PD_CNODE_BITS, ROOT, src, DEPTH,
                           rights, badge);
}

/* Moves a root slot's capability into PD `pd`'s CSpace slot. */
static seL4_Error give_away(uint32_t pd, seL4_Word slot, seL4_CPtr src)
{
    return seL4_CNode_Move(pd_objects[pd].cnode, slot, CAIRN_PD_CNODE_BITS, ROOT, src, DEPTH);
}

static int own_caps(uint32_t i)
{
    pd_objects_t *o = &pd_objects[i];
    seL4_Error err = give(i, CAIRN_SLOT_REPLY, o->reply, seL4_AllRights, 0);

    if (err == seL4_NoError && o->ep != 0) {
        /* Called or a parent: it receives on its endpoint, signals arrive through its TCB. */
        err = give(i, CAIRN_SLOT_INPUT, o->ep, seL4_AllRights, 0);
        if (err == seL4_NoError) {
            err = seL4_TCB_BindNotification(o->tcb, o->ntfn);
        }
    } else if (err == seL4_NoError) {
        err = give(i, CAIRN_SLOT_INPUT, o->ntfn, seL4_AllRights, 0);
    }
    /* Only a passive PD talks to the monitor (to report that init() is done). */
    if (err == seL4_NoError && sp->pds[i].passive) {
        err =
            give(i, CAIRN_SLOT_MONITOR, monitor_ep, RIGHTS_SIGNAL, CAIRN_MONITOR_BADGE_PASSIVE(i));
    }
    if (err == seL4_NoError) {
        err = give(i, CAIRN_SLOT_OWN_TCB, o->tcb, seL4_AllRights, 0);
    }
    return err != seL4_NoError ? fail("giving its own capabilities", i, err) : 0;
}

static int channel_caps(void)
{
    for (uint32_t c = 0; c < sp->header->channel_count; c++) {
        for (int e = 0; e < 2; e++) {
            const cairn_spec_end_t *me = &sp->channels[c].end[e];
            const cairn_spec_end_t *other = &sp->channels[c].end[1 - e];
            seL4_Error err = seL4_NoError;
            if (me->notify) {
                err = give(me->pd, CAIRN_SLOT_NOTIFY_BASE + me->id, pd_objects[other->pd].ntfn,
                           RIGHTS_SIGNAL, 1ul << other->id);
            }
            if (err == seL4_NoError && me->pp) {
                err = give(me->pd, CAIRN_SLOT_PPC_BASE + me->id, pd_objects[other->pd].ep,
                           RIGHTS_CALL, CAIRN_BADGE_PPC | other->id);
            }
            if (err != seL4_NoError) {
                return fail("wiring a channel", me->pd, err);
            }
        }
    }
    return 0;
}

static seL4_Error get_irq(const cairn_spec_irq_t *irq, seL4_CPtr slot)
{
    if (irq->kind == CAIRN_IRQ_MSI) {
        return seL4_IRQControl_GetMSI(seL4_CapIRQControl, ROOT, slot, DEPTH, irq->pci_bus,
                                      irq->pci_dev, irq->pci_func, irq->handle, irq->vector);
    }
    return seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, slot, DEPTH, irq->ioapic, irq->pin,
                                     irq->level, irq->active_low, irq->vector);
}

static int irq_caps(void)
{
    for (uint32_t i = 0; i < sp->header->irq_count; i++) {
        const cairn_spec_irq_t *irq = &sp->irqs[i];
        seL4_CPtr handler = alloc_slot();
        seL4_CPtr badged = alloc_slot();
        seL4_Error err = handler == 0 || badged == 0 ? seL4_NotEnoughMemory : get_irq(irq, handler);
        if (err == seL4_NoError) {
            err = seL4_CNode_Mint(ROOT, badged, DEPTH, ROOT, pd_objects[irq->pd].ntfn, DEPTH,
                                  RIGHTS_SIGNAL, 1ul << irq->id);
        }
        if (err == seL4_NoError) {
            err = seL4_IRQHandler_SetNotification(handler, badged);
        }
        if (err == seL4_NoError) {
            err = give_away(irq->pd, CAIRN_SLOT_IRQ_BASE + irq->id, handler);
        }
        if (err != seL4_NoError) {
            return fail("setting up an IRQ", irq->pd, err);
        }
    }
    return 0;
}

static int ioport_caps(void)
{
    for (uint32_t i = 0; i < sp->header->ioport_count; i++) {
        const cairn_spec_ioport_t *p = &sp->ioports[i];
        seL4_CPtr slot = alloc_slot();
        seL4_Error err =
            slot == 0 ? seL4_NotEnoughMemory
                      : seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, p->addr,
                                                     p->addr + p->size - 1, ROOT, slot, DEPTH);
        if (err == seL4_NoError) {
            err = give_away(p->pd, CAIRN_SLOT_IOPORT_BASE + p->id, slot);
        }
        if (err != seL4_NoError) {
            return fail("issuing I/O ports", p->pd, err);
        }
    }
    return 0;
}

static int shared_caps(void)
{
    for (uint32_t i = 0; i < sp->header->cap_count; i++) {
        const cairn_spec_cap_t *c = &sp->caps[i];
        const pd_objects_t *t = &pd_objects[c->target];
        seL4_CPtr src = c->kind == CAIRN_CAP_TCB  ? t->tcb
                        : c->kind == CAIRN_CAP_SC ? t->sc
                                                  : t->vspace;
        seL4_Error err = give(c->pd, CAIRN_SLOT_USER_BASE + c->slot, src, seL4_AllRights, 0);
        if (err != seL4_NoError) {
            return fail("giving a <cspace> capability", c->pd, err);
        }
    }
    for (uint32_t i = 0; i < sp->header->pd_count; i++) {
        const cairn_spec_pd_t *pd = &sp->pds[i];
        if (pd->parent != CAIRN_NONE &&
            give(pd->parent, CAIRN_SLOT_CHILD_TCB_BASE + pd->child_id, pd_objects[i].tcb,
                 seL4_AllRights, 0) != seL4_NoError) {
            return fail("giving a parent its child's TCB", pd->parent, seL4_DeleteFirst);
        }
    }
    return 0;
}

/* Faults go to the parent (badged with the child id) or to the monitor (badged with the PD). */
static seL4_CPtr fault_endpoint(uint32_t i)
{
    const cairn_spec_pd_t *pd = &sp->pds[i];
    seL4_CPtr slot = alloc_slot();
    seL4_CPtr ep = pd->parent != CAIRN_NONE ? pd_objects[pd->parent].ep : monitor_ep;
    seL4_Word badge = pd->parent != CAIRN_NONE ? (CAIRN_BADGE_FAULT | pd->child_id)
                                               : CAIRN_MONITOR_BADGE_FAULT(i);

    if (slot == 0 ||
        seL4_CNode_Mint(ROOT, slot, DEPTH, ROOT, ep, DEPTH, RIGHTS_FAULT, badge) != 0) {
        return 0;
    }
    return slot;
}

static int configure_pd(uint32_t i)
{
    const cairn_spec_pd_t *pd = &sp->pds[i];
    pd_objects_t *o = &pd_objects[i];
    seL4_CPtr fault_ep = fault_endpoint(i);
    seL4_Error err = fault_ep == 0 ? seL4_NotEnoughMemory
                                   : seL4_TCB_Configure(o->tcb, o->cnode, GUARD_BITS, o->vspace, 0,
                                                        pd->ipc_buffer, o->ipc_frame);

    if (err == seL4_NoError) {
        err = seL4_SchedControl_ConfigureFlags(seL4_GetBootInfo()->schedcontrol.start, o->sc,
                                               pd->budget_us, pd->period_us, 0, i, 0);
    }
    if (err == seL4_NoError) {
        err = seL4_TCB_SetSchedParams(o->tcb, seL4_CapInitThreadTCB, pd->priority, pd->priority,
                                      o->sc, fault_ep);
    }
    if (err != seL4_NoError) {
        return fail("configuring the thread", i, err);
    }
    seL4_DebugNameThread(o->tcb, spec_string(sp, pd->name));
    return 0;
}

static int start_pd(uint32_t i)
{
    seL4_UserContext regs = { 0 };

    /* Only rip: the program's _start sets its own stack. */
    regs.rip = pd_objects[i].entry;
    seL4_Error err = seL4_TCB_WriteRegisters(pd_objects[i].tcb, 1, 0, 1, &regs);
    return err != seL4_NoError ? fail("starting", i, err) : 0;
}

int build_system(const spec_t *spec)
{
    uint32_t n = spec->header->pd_count;

    sp = spec;
    monitor_ep = alloc_object(seL4_EndpointObject, 0);
    if (n > MAX_PDS || spec->header->mr_count > MAX_MRS || monitor_ep == 0) {
        printf("initialiser: at most %d PDs and %d memory regions\n", MAX_PDS, MAX_MRS);
        return -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (make_pd_objects(i) != 0) {
            return -1;
        }
    }
    if (build_mrs() != 0) {
        return -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (load_pd(i) != 0 || own_caps(i) != 0) {
            return -1;
        }
    }
    if (channel_caps() != 0 || irq_caps() != 0 || ioport_caps() != 0 || shared_caps() != 0) {
        return -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (configure_pd(i) != 0) {
            return -1;
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        if (start_pd(i) != 0) {
            return -1;
        }
    }
    return 0;
}

/*
 * Deletion without recursion. When the last capability to a CNode or TCB
 * is deleted, it becomes a zombie: a capability that still covers the
 * object (so its untyped cannot be reused) and counts the object's slots
 * still to clear, from the last down. Clearing a slot that holds the last
 * capability to another CNode or TCB descends into it: that capability
 * becomes a zombie too and swaps places with the one being reduced, which
 * waits ("parks") in the slot it came from, named by the new zombie's
 * parent link. When a zombie reaches zero it disappears and its parent is
 * reduced where it waits. ks_delete_active names the slot being reduced;
 * each step is O(1), and all progress lives in the slots, so a preempted
 * deletion continues from where it stopped. Only one deletion chain exists
 * at a time: any deletion first finishes the one in progress.
 */
#include "cspace/delete.h"

#include "arch.h"
#include "cspace/mdb.h"
#include "object/ipc.h"
#include "object/irq.h"
#include "object/object.h"
#include "object/tcb.h"
#include "state.h"

static cte_t *zombie_slot(cap_t zombie, word_t index)
{
    if (cap_zombie_kind(zombie) == ZOMBIE_TCB) {
        return tcb_slots(cap_ptr(zombie)) + index;
    }
    return (cte_t *)cap_ptr(zombie) + index;
}

static bool holds_slots(cap_t cap)
{
    return cap_type(cap) == CAP_CNODE || cap_type(cap) == CAP_THREAD;
}

/* Ends an object with slots and returns the zombie that will clear them. */
static cap_t make_zombie(cap_t cap, const cte_t *parent)
{
    if (cap_type(cap) == CAP_THREAD) {
        tcb_t *tcb = cap_ptr(cap);
        tcb_finalise(tcb);
        arch_tcb_forget(tcb);
        return cap_zombie(tcb, ZOMBIE_TCB, 0, TCB_SLOT_COUNT, parent);
    }
    unsigned radix = cap_cnode_radix(cap);
    return cap_zombie(cap_ptr(cap), ZOMBIE_CNODE, radix, (word_t)1 << radix, parent);
}

/* Ends an object without slots, if this was its last capability. */
static void finalise_plain(const cte_t *slot)
{
    cap_t cap = slot->cap;
    bool final = mdb_is_final(slot);

    if (!final) {
        /* A frame capability's own mapping goes even while copies remain. */
        if (cap_type(cap) == CAP_FRAME) {
            arch_cap_finalise(cap, false);
        }
        return;
    }
    switch (cap_type(cap)) {
    case CAP_ENDPOINT:
        ep_cancel_all(cap_ptr(cap));
        break;
    case CAP_NOTIFICATION:
        ntfn_cancel_all(cap_ptr(cap));
        break;
    case CAP_REPLY:
        reply_finalise(cap_ptr(cap));
        break;
    case CAP_SCHED_CONTEXT:
        sc_finalise(cap_ptr(cap));
        break;
    case CAP_IRQ_HANDLER:
        irq_handler_finalise(cap.w1);
        break;
    case CAP_NULL:
    case CAP_UNTYPED:
    case CAP_CNODE:
    case CAP_THREAD:
    case CAP_SCHED_CONTROL:
    case CAP_IRQ_CONTROL:
    case CAP_DOMAIN:
    case CAP_ZOMBIE:
    case CAP_FRAME:
    case CAP_PAGE_TABLE:
    case CAP_VSPACE:
    case CAP_ASID_CONTROL:
    case CAP_ASID_POOL:
    case CAP_IO_PORT_CONTROL:
    case CAP_IO_PORT:
        arch_cap_finalise(cap, true);
        break;
    case CAP_TYPE_COUNT:
        /* Nothing to undo (CNodes and TCBs go through zombies). */
        break;
    }
}

/*
 * A finished zombie disappears and its parent, parked where the finished
 * object's capability was, is reduced from there on. Nothing is written to
 * the finished object after this, so its memory is free for reuse even if
 * the active slot was inside it.
 */
static void pop_zombie(cte_t *active, cap_t done)
{
    mdb_empty_slot(active);
    ks_delete_active = cap_zombie_parent(done);
}

/* One O(1) step of clearing the zombie in the active slot. */
static void reduce_step(cte_t *active)
{
    cap_t zombie = active->cap;
    word_t n = cap_zombie_remaining(zombie);

    if (n == 0) {
        pop_zombie(active, zombie);
        return;
    }
    cte_t *slot = zombie_slot(zombie, n - 1);
    cap_t cap = slot->cap;
    if (slot != active && holds_slots(cap) && mdb_is_final(slot)) {
        /* Descend: this zombie parks in `slot`, the new one is reduced here. */
        mdb_swap(active, make_zombie(cap, slot), slot, zombie);
        return;
    }
    if (slot != active && !cap_is_null(cap)) {
        finalise_plain(slot);
        mdb_empty_slot(slot);
    }
    active->cap = cap_zombie_with_remaining(zombie, n - 1);
}

exception_t cte_delete(cte_t *slot)
{
    /* Returns only when nothing is left half-destroyed, so the memory of
     * everything this deletion ended can be reused at once. */
    while (!cap_is_null(slot->cap) || ks_delete_active != NULL) {
        if (ks_delete_active != NULL) {
            reduce_step(ks_delete_active);
            if (preemption_point() == EXC_PREEMPTED) {
                return EXC_PREEMPTED;
            }
            continue;
        }
        cap_t cap = slot->cap;
        if (cap_type(cap) == CAP_ZOMBIE) {
            /* Unreachable while the invariant holds; resume it as a chain root. */
            ks_delete_active = slot;
            continue;
        }
        if (holds_slots(cap) && mdb_is_final(slot)) {
            slot->cap = make_zombie(cap, NULL);
            ks_delete_active = slot;
            continue;
        }
        finalise_plain(slot);
        mdb_empty_slot(slot);
    }
    return EXC_NONE;
}

exception_t cte_revoke(cte_t *slot)
{
    for (;;) {
        cte_t *next = mdb_next(slot);
        if (next == NULL || !mdb_is_parent_of(slot, next)) {
            return EXC_NONE;
        }
        exception_t status = cte_delete(next);
        if (status != EXC_NONE) {
            return status;
        }
        if (preemption_point() == EXC_PREEMPTED) {
            return EXC_PREEMPTED;
        }
    }
}

void cte_delete_plain(cte_t *slot)
{
    if (!cap_is_null(slot->cap) && !holds_slots(slot->cap)) {
        finalise_plain(slot);
        mdb_empty_slot(slot);
    }
}

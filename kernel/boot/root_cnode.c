/*
 * The root task's CSpace: one CNode of 2^ROOT_CNODE_RADIX slots with the
 * initial capabilities in the slots the seL4 manual gives them. Its guard
 * makes the CNode resolve all 64 bits of a capability pointer, so slot n is
 * simply cptr n. After the initial capabilities come the frames of the
 * root task's image, its extra BootInfo page and its paging structures;
 * root_cnode_add appends them.
 */
#include <sel4/bootinfo_types.h>
#include <sel4/constants.h>

#include "arch.h"
#include "boot/boot.h"
#include "boot/bootinfo.h"
#include "cspace/mdb.h"
#include "kernel.h"
#include "object/ipc.h"
#include "object/object.h"
#include "object/tcb.h"
#include "sched/budget.h"
#include "sched/refill.h"

enum {
    ROOT_SC_BITS = 8,
    ROOT_SLICE_MS = 10,
};

/* A capability with no parent: a root of the derivation tree. */
static void put_root_cap(cte_t *slot, cap_t cap)
{
    slot->cap = cap;
    slot->mdb.prev = NULL;
    slot->mdb.next_flags = MDB_REVOCABLE | MDB_FIRST_BADGED;
}

static cte_t *root_cnode;
static unsigned next_free = seL4_NumInitialCaps;

unsigned root_cnode_add(cap_t cap)
{
    if (next_free == 1u << ROOT_CNODE_RADIX) {
        boot_error("the root CNode is full (%u slots)", 1u << ROOT_CNODE_RADIX);
    }
    put_root_cap(&root_cnode[next_free], cap);
    return next_free++;
}

unsigned root_cnode_next_free(void)
{
    return next_free;
}

void root_cnode_set(unsigned slot, cap_t cap)
{
    put_root_cap(&root_cnode[slot], cap);
}

cte_t *root_cnode_create(tcb_t *tcb, cap_t vspace, cap_t asid_pool)
{
    cte_t *cnode = boot_alloc_object(ROOT_CNODE_RADIX + SLOT_BITS);
    cap_t cnode_cap = cap_cnode(cnode, ROOT_CNODE_RADIX, WORD_BITS - ROOT_CNODE_RADIX, 0);
    sched_context_t *sc = boot_alloc_object(ROOT_SC_BITS);

    tcb_init(tcb);
    sc->sc_tcb = tcb;
    tcb->tcb_sc = sc;
    /* Round robin in 10 ms slices: budget = period. */
    sc_configure(sc, ROOT_SLICE_MS * (word_t)arch_tsc_khz(), ROOT_SLICE_MS * (word_t)arch_tsc_khz(),
                 MIN_REFILLS, arch_timestamp());
    tcb->tcb_mcp = seL4_MaxPrio;
    put_root_cap(&cnode[seL4_CapInitThreadTCB], cap_thread(tcb));
    put_root_cap(&cnode[seL4_CapInitThreadCNode], cnode_cap);
    put_root_cap(&cnode[seL4_CapIRQControl], cap_irq_control());
    put_root_cap(&cnode[seL4_CapDomain], cap_domain());
    put_root_cap(&cnode[seL4_CapInitThreadSC], cap_sched_context(sc, ROOT_SC_BITS));
    put_root_cap(&cnode[seL4_CapInitThreadVSpace], vspace);
    put_root_cap(&cnode[seL4_CapASIDControl], cap_asid_control());
    put_root_cap(&cnode[seL4_CapInitThreadASIDPool], asid_pool);
    put_root_cap(&cnode[seL4_CapIOPortControl], cap_io_port_control());
    root_cnode = cnode;
    mdb_insert_derived(&cnode[seL4_CapInitThreadVSpace], &tcb_slots(tcb)[TCB_SLOT_VSPACE],
                       cnode[seL4_CapInitThreadVSpace].cap);
    /* The thread's CSpace root is a copy of the CNode capability. */
    mdb_insert_derived(&cnode[seL4_CapInitThreadCNode], &tcb_slots(tcb)[TCB_SLOT_CSPACE],
                       cnode_cap);
    return cnode;
}

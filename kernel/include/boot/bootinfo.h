/*
 * The root task's BootInfo page and the extra-bootinfo page after it, as the
 * seL4 manual lays them out (lib/sel4/include/sel4/bootinfo_types.h).
 */
#ifndef BOOT_BOOTINFO_H
#define BOOT_BOOTINFO_H

#include "../object/cnode.h"
#include "params.h"

enum {
    ROOT_CNODE_RADIX = 12, /* seL4's default root CNode: 4096 slots */
    /* After the initial capabilities: the SchedControl capability, then untypeds. */
    ROOT_FIRST_FREE_SLOT = 17,
};

struct tcb;

/*
 * Allocates the root CNode and fills the initial capabilities for the root
 * thread `tcb` (allocated, not yet initialised); returns the CNode's slots.
 */
cte_t *root_cnode_create(struct tcb *tcb);

/* Where boot put the root task's pieces (user virtual addresses). */
typedef struct {
    vaddr_t bootinfo;
    vaddr_t extra; /* one page of extra bootinfo chunks */
    vaddr_t ipc_buffer;
    vaddr_t stack_base;
    vaddr_t stack_top;
} root_layout_t;

/*
 * Fills the BootInfo page `bi` and the extra page `extra` (both zeroed, in
 * the kernel window). Hands every remaining free frame, and every device
 * range, to untyped capabilities in the root CNode from slot first_free on;
 * after this the boot allocator is empty. The SchedControl capability is
 * in slot first_free - 1.
 */
void bootinfo_fill(void *bi, void *extra, const root_layout_t *layout, const boot_params_t *params,
                   cte_t *cnode, unsigned first_free);

#endif /* BOOT_BOOTINFO_H */

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
};

struct tcb;

/*
 * Allocates the root CNode and fills the initial capabilities for the root
 * thread `tcb` (allocated, not yet initialised), its address space root
 * and the first ASID pool; returns the CNode's slots.
 */
cte_t *root_cnode_create(struct tcb *tcb, cap_t vspace, cap_t asid_pool);

/* Puts cap in the next free slot after the initial ones; returns the slot. */
unsigned root_cnode_add(cap_t cap);

/* Puts cap in a given (initial capability) slot. */
void root_cnode_set(unsigned slot, cap_t cap);

/* The first slot root_cnode_add has not used yet. */
unsigned root_cnode_next_free(void);

/* Where boot put the root task's pieces (user virtual addresses) and the slot regions. */
typedef struct {
    unsigned image_frames_start; /* frame capabilities of the image, in order */
    unsigned image_frames_end;
    unsigned extra_pages_start; /* frame capabilities of the extra BootInfo page */
    unsigned extra_pages_end;
    unsigned paging_start; /* capabilities of the paging structures */
    unsigned paging_end;
    vaddr_t bootinfo;
    vaddr_t extra; /* one page of extra bootinfo chunks */
    vaddr_t ipc_buffer;
    vaddr_t stack_base;
    vaddr_t stack_top;
    vaddr_t modules[BOOT_MAX_MODULES]; /* where modules 1.. are mapped (read-only) */
} root_layout_t;

/*
 * Fills the BootInfo page `bi` and the extra page `extra` (both zeroed, in
 * the kernel window). Adds the SchedControl capability, then hands every
 * remaining free frame, and every device range, to untyped capabilities
 * (root_cnode_add); after this the boot allocator is empty.
 */
void bootinfo_fill(void *bi, void *extra, const root_layout_t *layout, const boot_params_t *params);

#endif /* BOOT_BOOTINFO_H */

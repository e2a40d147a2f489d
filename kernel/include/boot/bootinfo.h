/*
 * The root task's BootInfo page and the extra-bootinfo page after it, as the
 * seL4 manual lays them out (lib/sel4/include/sel4/bootinfo_types.h).
 */
#ifndef BOOT_BOOTINFO_H
#define BOOT_BOOTINFO_H

#include "params.h"

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
 * the kernel window). Hands every remaining free frame to untyped memory:
 * after this the boot allocator is empty.
 */
void bootinfo_fill(void *bi, void *extra, const root_layout_t *layout, const boot_params_t *params);

#endif /* BOOT_BOOTINFO_H */

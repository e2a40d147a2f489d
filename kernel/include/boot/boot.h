/*
 * The generic half of boot: free-memory accounting, loading the root task
 * from the first boot module, BootInfo, and the hand-over to the scheduler.
 * The architecture calls these from its boot_main after its own set-up.
 */
#ifndef BOOT_BOOT_H
#define BOOT_BOOT_H

#include "params.h"

/*
 * Starts free-memory accounting: all RAM at or above 1 MiB, minus the
 * kernel image [kernel_start, kernel_end) and every boot module.
 */
void boot_memory_init(const boot_params_t *params, paddr_t kernel_start, paddr_t kernel_end);

/* A zeroed 4 KiB frame for a boot-time kernel structure; boot error if none. */
paddr_t boot_alloc_frame(void);

/*
 * Zeroed, naturally aligned memory for one of the root task's kernel
 * objects (2^size_bits bytes, whole pages); boot error if none is left.
 */
void *boot_alloc_object(unsigned size_bits);

/* Loads the root task, fills its BootInfo and runs it. Does not return. */
NORETURN void boot_start_root_task(const boot_params_t *params);

#endif /* BOOT_BOOT_H */

/*
 * What the boot loader told the kernel, in a loader-neutral form: usable RAM,
 * boot modules and the command line. multiboot.c fills it; boot.c consumes it.
 */
#ifndef BOOT_PARAMS_H
#define BOOT_PARAMS_H

#include "../types.h"

enum {
    BOOT_MAX_RAM_REGIONS = 32,
    BOOT_MAX_MODULES = 8,
    BOOT_CMDLINE_MAX = 128,
};

typedef struct {
    paddr_t base;
    paddr_t end; /* exclusive */
} boot_region_t;

typedef struct {
    paddr_t start;
    paddr_t end; /* exclusive */
    char cmdline[BOOT_CMDLINE_MAX];
} boot_module_t;

typedef struct {
    boot_region_t ram[BOOT_MAX_RAM_REGIONS]; /* usable RAM, sorted, disjoint */
    unsigned ram_count;
    boot_module_t modules[BOOT_MAX_MODULES]; /* in loader order */
    unsigned module_count;
    char cmdline[BOOT_CMDLINE_MAX];
} boot_params_t;

#endif /* BOOT_PARAMS_H */

/*
 * The Cairn initialiser: the root task of a system built with the SDK. It
 * reads the specification the tool put into loader.img, builds exactly the
 * objects it lists, starts the PDs and stays as the monitor.
 */
#include <stdio.h>

#include <sel4/runtime.h>

#include "alloc.h"
#include "build.h"
#include "monitor.h"

/*
 * The spec segment is the image's last: the kernel puts BootInfo one guard
 * page after it, so everything up to there is mapped and readable.
 */
static unsigned long spec_limit(void)
{
    unsigned long bootinfo = (unsigned long)seL4_GetBootInfo();

    return bootinfo > CAIRN_SPEC_VADDR + 4096 ? bootinfo - 4096 - CAIRN_SPEC_VADDR : 0;
}

int main(void)
{
    static spec_t spec;
    const char *problem = spec_open((const void *)CAIRN_SPEC_VADDR, spec_limit(), &spec);

    if (problem != NULL) {
        printf("initialiser: %s\n", problem);
        return 1;
    }
    if (alloc_init() != 0) {
        printf("initialiser: no memory for the capability archive\n");
        return 1;
    }
    if (build_system(&spec) != 0) {
        return 1;
    }
    printf("initialiser: %u PDs started, %lu KiB of memory left\n", spec.header->pd_count,
           alloc_ram_left() / 1024);
    monitor_run(&spec);
}

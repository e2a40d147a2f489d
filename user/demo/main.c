/*
 * The demo root task that `make run` boots: greets, shows what the kernel
 * told it in BootInfo, and ends the machine with success.
 */
#include <stdio.h>

#include <sel4/runtime.h>
#include <sel4/sel4.h>

static seL4_Word untyped_bytes(const seL4_BootInfo *bi, int device)
{
    seL4_Word total = 0;

    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        if (bi->untypedList[i].isDevice == device) {
            total += (seL4_Word)1 << bi->untypedList[i].sizeBits;
        }
    }
    return total;
}

static void show_untypeds(const seL4_BootInfo *bi)
{
    seL4_Word count = bi->untyped.end - bi->untyped.start;

    printf("  untyped: %lu capabilities (slots %lu..%lu): %lu KiB of RAM, %lu MiB of devices\n",
           count, bi->untyped.start, bi->untyped.end - 1, untyped_bytes(bi, 0) >> 10,
           untyped_bytes(bi, 1) >> 20);
    for (seL4_Word i = 0; i < count; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        seL4_Word end = u->paddr + ((seL4_Word)1 << u->sizeBits);
        printf("    slot %3lu: 0x%09lx-0x%09lx 2^%-2u %s\n", bi->untyped.start + i, u->paddr,
               end - 1, u->sizeBits, u->isDevice ? "device" : "RAM");
    }
}

int main(void)
{
    const seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_Word len = 0;
    const seL4_Word *tsc_mhz = sel4_bootinfo_chunk(SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, &len);

    printf("Hello from Cairn's root task, running in user mode.\n");
    printf("  BootInfo at %p, IPC buffer at %p, node %lu of %lu\n", (const void *)bi,
           (void *)bi->ipcBuffer, bi->nodeID, bi->numNodes);
    if (tsc_mhz != NULL && len >= sizeof(*tsc_mhz)) {
        printf("  TSC: %lu MHz\n", *tsc_mhz);
    }
    show_untypeds(bi);
    printf("  CNode: 2^%lu slots; SchedControl in slot %lu; free slots %lu..%lu\n",
           bi->initThreadCNodeSizeBits, bi->schedcontrol.start, bi->empty.start, bi->empty.end - 1);
    printf("  arguments: '%s'\n", sel4_root_args());
    printf("Root task done; ending the system.\n");
    return 0;
}

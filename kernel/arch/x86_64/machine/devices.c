/*
 * Physical device memory on a PC: below 4 GiB, what is not RAM is MMIO
 * (the PCI hole, the APICs). The kernel keeps the local APIC and the I/O
 * APIC; everything else there can go to user-level drivers.
 */
#include <arch/machine.h>

#include "arch.h"

#define LOW_DEVICE_START 0x100000ULL /* below 1 MiB: BIOS and legacy areas, not handed out */
#define IOAPIC_PHYS      0xfec00000ULL
#define LAPIC_PHYS       0xfee00000ULL
#define DEVICE_LIMIT     0x100000000ULL /* 4 GiB */

unsigned arch_device_memory(paddr_t *lo, paddr_t *hi, paddr_t reserved[][2], unsigned max)
{
    static const paddr_t kernel_devices[][2] = {
        { IOAPIC_PHYS, IOAPIC_PHYS + PAGE_SIZE },
        { LAPIC_PHYS, LAPIC_PHYS + PAGE_SIZE },
    };
    unsigned n = 0;

    *lo = LOW_DEVICE_START;
    *hi = DEVICE_LIMIT;
    for (; n < max && n < ARRAY_SIZE(kernel_devices); n++) {
        reserved[n][0] = kernel_devices[n][0];
        reserved[n][1] = kernel_devices[n][1];
    }
    return n;
}

void *arch_phys_to_kernel(paddr_t pa)
{
    return (void *)(uintptr_t)(KERNEL_WINDOW_BASE + pa);
}

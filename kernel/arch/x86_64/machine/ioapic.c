/*
 * The I/O APIC (one, at its default address): routes a pin to a vector on
 * the boot CPU. Every pin starts masked; a pin is unmasked when its handler
 * is acknowledged and masked again when its interrupt arrives, so a line
 * stays quiet until the user-level driver has dealt with it.
 */
#include <arch/machine.h>

#include "arch.h"

#define IOAPIC_PHYS 0xfec00000ULL /* the default address; devices.c keeps it from user level */

enum {
    IOREGSEL = 0x00 / 4,
    IOWIN = 0x10 / 4,
    IOAPIC_VER = 0x01,
    IOREDTBL = 0x10,
    REDIR_MASKED = 1 << 16,
    REDIR_LEVEL = 1 << 15,
    REDIR_ACTIVE_LOW = 1 << 13,
    MAX_PINS = 24,
};

static volatile uint32_t *ioapic;
static unsigned pin_count;
static int8_t irq_pin[ARCH_NUM_IRQS]; /* pin routed to each IRQ, -1 if none */

static uint32_t ioapic_read(unsigned reg)
{
    ioapic[IOREGSEL] = reg;
    return ioapic[IOWIN];
}

static void ioapic_write(unsigned reg, uint32_t value)
{
    ioapic[IOREGSEL] = reg;
    ioapic[IOWIN] = value;
}

void ioapic_init(void)
{
    ioapic = kernel_map_device(IOAPIC_PHYS);
    pin_count = ((ioapic_read(IOAPIC_VER) >> 16) & 0xff) + 1;
    pin_count = pin_count > MAX_PINS ? MAX_PINS : pin_count;
    for (unsigned pin = 0; pin < pin_count; pin++) {
        ioapic_write(IOREDTBL + 2 * pin, REDIR_MASKED);
        ioapic_write(IOREDTBL + 2 * pin + 1, 0);
    }
    for (unsigned i = 0; i < ARCH_NUM_IRQS; i++) {
        irq_pin[i] = -1;
    }
}

unsigned arch_ioapic_pins(void)
{
    return pin_count;
}

void arch_irq_route_ioapic(unsigned irq, unsigned pin, bool level, bool active_low)
{
    uint32_t low = (VECTOR_IRQ_BASE + irq) | REDIR_MASKED;

    low |= level ? REDIR_LEVEL : 0;
    low |= active_low ? REDIR_ACTIVE_LOW : 0;
    ioapic_write(IOREDTBL + 2 * pin + 1, 0); /* destination: APIC ID 0, the boot CPU */
    ioapic_write(IOREDTBL + 2 * pin, low);
    irq_pin[irq] = (int8_t)pin;
}

void arch_irq_set_masked(unsigned irq, bool masked)
{
    if (irq >= ARCH_NUM_IRQS || irq_pin[irq] < 0) {
        return; /* an MSI: the device masks it */
    }
    unsigned reg = IOREDTBL + 2 * (unsigned)irq_pin[irq];
    uint32_t low = ioapic_read(reg);
    ioapic_write(reg, masked ? low | REDIR_MASKED : low & ~(uint32_t)REDIR_MASKED);
}

void arch_irq_release(unsigned irq)
{
    arch_irq_set_masked(irq, true);
    irq_pin[irq] = -1;
}

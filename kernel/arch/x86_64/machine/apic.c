/*
 * Interrupt controllers and the timer: the legacy PICs are remapped out of
 * the exception range and masked; the local APIC's timer, calibrated
 * against the PIT, runs one-shot, armed for each kernel exit at the next
 * budget or release deadline. The TSC is calibrated in the same window.
 */
#include <arch/cpu.h>
#include <arch/machine.h>

#include "arch.h"
#include "kernel.h"

enum {
    LAPIC_EOI = 0xb0,
    LAPIC_SVR = 0xf0,
    LAPIC_LVT_TIMER = 0x320,
    LAPIC_TIMER_INIT = 0x380,
    LAPIC_TIMER_CURRENT = 0x390,
    LAPIC_TIMER_DIVIDE = 0x3e0,
    LAPIC_ENABLE = 0x100,
    LVT_MASKED = 1 << 16,
    DIVIDE_BY_16 = 0x3,
    PIT_HZ = 1193182,
    CALIBRATE_MS = 10,
    MAX_TIMEOUT_MS = 10, /* the timer fires at least this often */
    PIC_VECTOR_BASE = 0x30,
};

static volatile uint32_t *lapic;
static uint32_t lapic_per_ms;
static uint32_t tsc_khz_value;

static void lapic_write(unsigned reg, uint32_t v)
{
    lapic[reg / 4] = v;
}

static uint32_t lapic_read(unsigned reg)
{
    return lapic[reg / 4];
}

/* Spurious IRQ 7/15 would land on an exception vector: move and mask both PICs. */
static void pic_disable(void)
{
    outb(0x20, 0x11);
    outb(0xa0, 0x11);
    outb(0x21, PIC_VECTOR_BASE);
    outb(0xa1, PIC_VECTOR_BASE + 8);
    outb(0x21, 4);
    outb(0xa1, 2);
    outb(0x21, 1);
    outb(0xa1, 1);
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}

/* Runs PIT channel 2 for CALIBRATE_MS; returns the LAPIC ticks counted. */
static uint32_t calibrate(void)
{
    uint32_t count = PIT_HZ * CALIBRATE_MS / 1000;
    uint8_t gate = (uint8_t)((inb(0x61) & ~0x02u) & ~0x01u);
    uint64_t spins = 0;

    outb(0x61, gate);
    outb(0x43, 0xb0); /* channel 2, lobyte/hibyte, mode 0 */
    outb(0x42, (uint8_t)count);
    outb(0x42, (uint8_t)(count >> 8));
    lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
    uint64_t tsc0 = rdtsc();
    outb(0x61, gate | 1); /* start counting */
    while ((inb(0x61) & 0x20) == 0) {
        if (++spins > 100000000) {
            panic("PIT calibration did not finish");
        }
    }
    uint64_t tsc_ticks = rdtsc() - tsc0;
    uint32_t lapic_ticks = 0xffffffff - lapic_read(LAPIC_TIMER_CURRENT);
    tsc_khz_value = (uint32_t)(tsc_ticks / CALIBRATE_MS);
    return lapic_ticks;
}

void apic_init(void)
{
    pic_disable();
    lapic = kernel_map_device(rdmsr(MSR_APIC_BASE) & 0xfffff000);
    lapic_write(LAPIC_SVR, LAPIC_ENABLE | VECTOR_SPURIOUS);
    lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);

    lapic_per_ms = calibrate() / CALIBRATE_MS;
    if (lapic_per_ms == 0 || tsc_khz_value == 0) {
        panic("LAPIC timer or TSC does not count");
    }
    lapic_write(LAPIC_LVT_TIMER, VECTOR_TIMER); /* one-shot */
    lapic_write(LAPIC_TIMER_INIT, lapic_per_ms * MAX_TIMEOUT_MS);
}

void arch_set_timeout(uint64_t deadline)
{
    uint64_t now = rdtsc();
    uint64_t max = (uint64_t)tsc_khz_value * MAX_TIMEOUT_MS;
    uint64_t delta = deadline > now ? deadline - now : 1;

    delta = delta > max ? max : delta;
    uint64_t count = delta * lapic_per_ms / tsc_khz_value;
    lapic_write(LAPIC_TIMER_INIT, count == 0 ? 1 : (uint32_t)count);
}

void apic_eoi(void)
{
    lapic_write(LAPIC_EOI, 0);
}

uint32_t arch_tsc_khz(void)
{
    return tsc_khz_value;
}

/* The timer is the only interrupt source so far: its IRR bit says whether a tick waits. */
bool arch_interrupt_pending(void)
{
    enum {
        LAPIC_IRR = 0x200,
    };
    uint32_t irr = lapic_read(LAPIC_IRR + 0x10 * (VECTOR_TIMER / 32));

    return (irr & (1u << (VECTOR_TIMER % 32))) != 0;
}

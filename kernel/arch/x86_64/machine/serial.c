/*
 * COM1 as the kernel's debug console: 115200 baud, 8N1, polled. The kernel's
 * own output always goes here, whatever user-level drivers do later.
 */
#include <arch/cpu.h>
#include <arch/machine.h>

#include "arch.h"

enum {
    COM1 = 0x3f8,
    REG_DATA = 0,
    REG_IER = 1,
    REG_FCR = 2,
    REG_LCR = 3,
    REG_MCR = 4,
    REG_LSR = 5,
    LSR_THR_EMPTY = 0x20,
    LCR_DLAB = 0x80,
    LCR_8N1 = 0x03,
};

void serial_init(void)
{
    outb(COM1 + REG_IER, 0);
    outb(COM1 + REG_LCR, LCR_DLAB);
    outb(COM1 + REG_DATA, 1); /* divisor 1: 115200 baud */
    outb(COM1 + REG_IER, 0);
    outb(COM1 + REG_LCR, LCR_8N1);
    outb(COM1 + REG_FCR, 0xc7); /* enable and clear FIFOs */
    outb(COM1 + REG_MCR, 0x03); /* DTR, RTS */
}

static void put_raw(char c)
{
    unsigned spins = 0;

    /* Bounded wait: a missing or stuck UART must not hang the kernel. */
    while ((inb(COM1 + REG_LSR) & LSR_THR_EMPTY) == 0 && spins < 100000) {
        spins++;
    }
    outb(COM1 + REG_DATA, (uint8_t)c);
}

void arch_console_putc(char c)
{
    if (c == '\n') {
        put_raw('\r');
    }
    put_raw(c);
}

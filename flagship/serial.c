/*
 * The COM1 driver: received bytes go into the rx ring (and the shell is
 * notified), bytes the shell puts into the tx ring are written out. The
 * UART interrupts on received data; transmission polls the line status,
 * as the kernel's own debug output on the same port does.
 */
#include <microkit.h>

#include "ring.h"

#define PORTS 0
#define IRQ   1
#define SHELL 2
#define COM1  0x3f8

enum {
    DATA = 0,
    IER = 1,
    IIR = 2,
    FCR = 2,
    MCR = 4,
    LSR = 5,
    LSR_DATA_READY = 0x01,
    LSR_THR_EMPTY = 0x20,
};

uintptr_t rx_ring = 1;
uintptr_t tx_ring = 1;

static void out(unsigned reg, seL4_Uint8 value)
{
    microkit_x86_ioport_write_8(PORTS, COM1 + reg, value);
}

static seL4_Uint8 in(unsigned reg)
{
    return microkit_x86_ioport_read_8(PORTS, COM1 + reg);
}

static void transmit(void)
{
    char c = 0;

    while (ring_get((byte_ring_t *)tx_ring, &c)) {
        while ((in(LSR)&LSR_THR_EMPTY) == 0) {
        }
        out(DATA, (seL4_Uint8)c);
    }
}

static void receive(void)
{
    int got = 0;

    while ((in(LSR)&LSR_DATA_READY) != 0) {
        char c = (char)in(DATA);
        got |= ring_put((byte_ring_t *)rx_ring, (char)(c == '\r' ? '\n' : c));
    }
    if (got) {
        microkit_notify(SHELL);
    }
}

void init(void)
{
    out(FCR, 0x01); /* FIFOs on, kept: what was typed before we ran is in there */
    out(MCR, 0x0b); /* DTR, RTS, OUT2 (the IRQ line) */
    out(IER, 0x01); /* interrupt on received data */
    receive();      /* anything that arrived before we were ready */
}

void notified(microkit_channel ch)
{
    if (ch == IRQ) {
        (void)in(IIR);
        receive();
        microkit_irq_ack(IRQ);
    } else if (ch == SHELL) {
        transmit();
    }
}

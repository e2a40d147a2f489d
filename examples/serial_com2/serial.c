/*
 * A COM2 driver in loopback mode: it sends "cairn" one byte per
 * transmitter-empty interrupt and collects what the loopback receives,
 * serving every cause the UART reports before acknowledging the IRQ (the
 * line is edge-triggered, so a cause left pending would never interrupt
 * again).
 */
#include <microkit.h>

#define PORTS 0
#define IRQ   1
#define COM2  0x2f8

enum {
    DATA = 0,
    IER = 1,
    IIR = 2,
    LCR = 3,
    MCR = 4,
    LSR = 5,
};

static const char text[] = "cairn";
static unsigned sent;
static unsigned received;
static char got[sizeof(text)];

static seL4_Uint8 in(unsigned reg)
{
    return microkit_x86_ioport_read_8(PORTS, COM2 + reg);
}

static void out(unsigned reg, seL4_Uint8 value)
{
    microkit_x86_ioport_write_8(PORTS, COM2 + reg, value);
}

void init(void)
{
    out(LCR, 0x03);        /* 8 data bits, no parity, 1 stop bit */
    out(MCR, 0x08 | 0x10); /* OUT2 gates the IRQ line; loopback */
    out(IER, 0x03);        /* received data, transmitter empty */
}

static void serve(void)
{
    for (int guard = 0; guard < 32; guard++) {
        seL4_Uint8 iir = in(IIR);
        if ((iir & 1) != 0) {
            return;
        }
        if ((iir & 0x0e) == 0x04 && received < sizeof(got) - 1) {
            got[received++] = (char)in(DATA);
        } else if ((iir & 0x0e) == 0x02 && sent < sizeof(text) - 1) {
            out(DATA, (seL4_Uint8)text[sent++]);
        } else if ((iir & 0x0e) == 0x02) {
            out(IER, 0x01);
        } else {
            (void)in(LSR);
        }
    }
}

void notified(microkit_channel ch)
{
    if (ch != IRQ) {
        return;
    }
    serve();
    microkit_irq_ack(IRQ);
    if (received == sizeof(text) - 1) {
        microkit_dbg_puts("serial: sent and received '");
        microkit_dbg_puts(got);
        microkit_dbg_puts("' by interrupts\n");
        out(IER, 0);
        received++;
    }
}

/*
 * I/O ports (seL4 manual, x86 "I/O Ports"): ranges issued once from I/O
 * port control, accesses checked against the capability's range, and a
 * user-level driver for COM2 (a 16550 UART, ISA IRQ 3) that sends and
 * receives in loopback mode driven by its interrupt, as a notification.
 * tools/qemu-run gives every machine a COM2 (`-serial null`).
 */
#include <sel4/sel4.h>

#include "cspace.h"
#include "test.h"

enum {
    COM1 = 0x3f8,
    COM2 = 0x2f8,
    COM2_LAST = 0x2ff,
    COM2_PIN = 3,
    COM2_IRQ = 20,
    PCI_ADDRESS = 0xcf8,
    PCI_DATA = 0xcfc,
    UART_DATA = 0,
    UART_IER = 1,
    UART_IIR = 2,
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
    UART_SCRATCH = 7,
};

static seL4_Error issue(seL4_Word first, seL4_Word last, seL4_CPtr dest)
{
    return seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, first, last, ROOT, dest, DEPTH);
}

DEFINE_TEST(IOPORT_001, "IOPortControl issues each port once; the PICs and debug-exit port never")
{
    seL4_CPtr com2 = cs_slot();
    seL4_CPtr other = cs_slot();
    seL4_CPtr empty = cs_slot();

    CHECK_ERROR(X86IOPortControlIssue, seL4_TruncatedMessage,
                cs_raw_call(seL4_CapIOPortControl, X86IOPortControlIssue, 3));
    CHECK_ERROR(X86IOPortControlIssue, seL4_InvalidArgument, issue(COM2_LAST, COM2, com2));
    CHECK_ERROR(X86IOPortControlIssue, seL4_InvalidArgument, issue(COM2, 0x10000, com2));
    CHECK_ERROR(
        X86IOPortControlIssue, seL4_RangeError,
        seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, COM2, COM2_LAST, ROOT, com2, 0));
    CHECK_ERROR(X86IOPortControlIssue, seL4_FailedLookup,
                seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, COM2, COM2_LAST,
                                             seL4_CapInitThreadTCB, com2, DEPTH));
    CHECK_ERROR(X86IOPortControlIssue, seL4_DeleteFirst,
                issue(COM2, COM2_LAST, seL4_CapInitThreadTCB));
    CHECK_ERROR(X86IOPortControlIssue, seL4_RevokeFirst, issue(0x20, 0x21, com2)); /* the PIC */
    CHECK_ERROR(X86IOPortControlIssue, seL4_RevokeFirst, issue(0xf4, 0xf4, com2));
    CHECK_ERROR(X86IOPortControlIssue, seL4_InvalidCapability,
                seL4_X86_IOPortControl_Issue(empty, COM2, COM2_LAST, ROOT, com2, DEPTH));
    CHECK_EQ(issue(COM2, COM2_LAST, com2), seL4_NoError);
    CHECK_ERROR(X86IOPortControlIssue, seL4_RevokeFirst, issue(COM2_LAST, COM2_LAST + 1, other));
    CHECK_ERROR(X86IOPortControlIssue, seL4_IllegalOperation,
                seL4_X86_IOPortControl_Issue(com2, COM2, COM2_LAST, ROOT, other, DEPTH));
    /* Control cannot be copied (a copy would escape revocation); ranges can. */
    CHECK_EQ(
        seL4_CNode_Copy(ROOT, other, DEPTH, ROOT, seL4_CapIOPortControl, DEPTH, seL4_AllRights),
        seL4_IllegalOperation);
    CHECK_EQ(seL4_CNode_Copy(ROOT, other, DEPTH, ROOT, com2, DEPTH, seL4_AllRights), seL4_NoError);
    /* The ports go back when their last capability does. */
    CHECK_EQ(seL4_CNode_Delete(ROOT, com2, DEPTH), seL4_NoError);
    CHECK_EQ(issue(COM2, COM2, com2), seL4_RevokeFirst);
    CHECK_EQ(seL4_CNode_Delete(ROOT, other, DEPTH), seL4_NoError);
    CHECK_EQ(issue(COM2, COM2_LAST, com2), seL4_NoError);
    /* Revoking control takes every issued range. */
    CHECK_EQ(seL4_CNode_Revoke(ROOT, seL4_CapIOPortControl, DEPTH), seL4_NoError);
    CHECK(!cs_occupied(com2));
    CHECK_EQ(issue(COM2, COM2_LAST, com2), seL4_NoError);
    CHECK_EQ(seL4_CNode_Delete(ROOT, com2, DEPTH), seL4_NoError);
}

DEFINE_TEST(IOPORT_002, "In and Out reach the device, inside the capability's range only")
{
    seL4_CPtr com2 = cs_slot();
    seL4_CPtr pci = cs_slot();
    seL4_CPtr empty = cs_slot();

    CHECK_EQ(issue(COM2, COM2_LAST, com2), seL4_NoError);
    CHECK_EQ(issue(PCI_ADDRESS, PCI_DATA + 3, pci), seL4_NoError);
    CHECK_EQ(seL4_X86_IOPort_Out8(com2, COM2 + UART_SCRATCH, 0x5a), seL4_NoError);
    CHECK_EQ(seL4_X86_IOPort_In8(com2, COM2 + UART_SCRATCH).result, 0x5a);
    /* 16 bits at the modem status register reach the scratch register too. */
    CHECK_EQ(seL4_X86_IOPort_Out16(com2, COM2 + 6, 0xa500), seL4_NoError);
    CHECK_EQ(seL4_X86_IOPort_In8(com2, COM2 + UART_SCRATCH).result, 0xa5);
    CHECK_EQ(seL4_X86_IOPort_In16(com2, COM2 + 6).result >> 8, 0xa5);
    /* PCI configuration space: bus 0, device 0 is the Intel host bridge. */
    CHECK_EQ(seL4_X86_IOPort_Out32(pci, PCI_ADDRESS, 0x80000000u), seL4_NoError);
    CHECK_EQ(seL4_X86_IOPort_In32(pci, PCI_ADDRESS).result, 0x80000000u);
    CHECK_EQ(seL4_X86_IOPort_In16(pci, PCI_DATA).result, 0x8086);
    CHECK_EQ(seL4_X86_IOPort_In32(pci, PCI_DATA).result & 0xffff, 0x8086);
    /* Every byte of an access must be inside the range. */
    CHECK_ERROR(X86IOPortIn8, seL4_IllegalOperation, seL4_X86_IOPort_In8(com2, COM2 - 1).error);
    CHECK_ERROR(X86IOPortIn16, seL4_IllegalOperation, seL4_X86_IOPort_In16(com2, COM2_LAST).error);
    CHECK_ERROR(X86IOPortIn32, seL4_IllegalOperation,
                seL4_X86_IOPort_In32(com2, COM2_LAST - 2).error);
    CHECK_ERROR(X86IOPortOut8, seL4_IllegalOperation, seL4_X86_IOPort_Out8(com2, COM2_LAST + 1, 0));
    CHECK_ERROR(X86IOPortOut16, seL4_IllegalOperation, seL4_X86_IOPort_Out16(com2, COM2_LAST, 0));
    CHECK_ERROR(X86IOPortOut32, seL4_IllegalOperation, seL4_X86_IOPort_Out32(com2, COM1, 0));
    CHECK_ERROR(X86IOPortIn8, seL4_InvalidCapability, seL4_X86_IOPort_In8(empty, COM2).error);
    CHECK_ERROR(X86IOPortIn16, seL4_InvalidCapability, seL4_X86_IOPort_In16(empty, COM2).error);
    CHECK_ERROR(X86IOPortIn32, seL4_InvalidCapability, seL4_X86_IOPort_In32(empty, COM2).error);
    CHECK_ERROR(X86IOPortOut8, seL4_InvalidCapability, seL4_X86_IOPort_Out8(empty, COM2, 0));
    CHECK_ERROR(X86IOPortOut16, seL4_InvalidCapability, seL4_X86_IOPort_Out16(empty, COM2, 0));
    CHECK_ERROR(X86IOPortOut32, seL4_InvalidCapability, seL4_X86_IOPort_Out32(empty, COM2, 0));
    CHECK_ERROR(X86IOPortIn8, seL4_TruncatedMessage, cs_raw_call(com2, X86IOPortIn8, 0));
    CHECK_ERROR(X86IOPortIn16, seL4_TruncatedMessage, cs_raw_call(com2, X86IOPortIn16, 0));
    CHECK_ERROR(X86IOPortIn32, seL4_TruncatedMessage, cs_raw_call(com2, X86IOPortIn32, 0));
    CHECK_ERROR(X86IOPortOut8, seL4_TruncatedMessage, cs_raw_call(com2, X86IOPortOut8, 1));
    CHECK_ERROR(X86IOPortOut16, seL4_TruncatedMessage, cs_raw_call(com2, X86IOPortOut16, 1));
    CHECK_ERROR(X86IOPortOut32, seL4_TruncatedMessage, cs_raw_call(com2, X86IOPortOut32, 1));
    CHECK_EQ(seL4_CNode_Delete(ROOT, com2, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_CNode_Delete(ROOT, pci, DEPTH), seL4_NoError);
}

/* The COM2 driver's state: what it has sent and received so far. */
typedef struct {
    seL4_CPtr port;
    const char *text;
    unsigned sent;
    unsigned received;
    char got[16];
} uart_t;

static seL4_Word uart_in(const uart_t *u, seL4_Word reg)
{
    return seL4_X86_IOPort_In8(u->port, (seL4_Uint16)(COM2 + reg)).result;
}

static void uart_out(const uart_t *u, seL4_Word reg, seL4_Word value)
{
    (void)seL4_X86_IOPort_Out8(u->port, COM2 + reg, value);
}

/* Serves every cause the UART reports, as an edge-triggered line needs. */
static void uart_service(uart_t *u)
{
    for (int guard = 0; guard < 32; guard++) {
        seL4_Word iir = uart_in(u, UART_IIR);
        if ((iir & 1) != 0) {
            return; /* nothing pending */
        }
        if ((iir & 0x0e) == 0x04 && u->received < sizeof(u->got) - 1) {
            u->got[u->received++] = (char)uart_in(u, UART_DATA);
        } else if ((iir & 0x0e) == 0x02 && u->text[u->sent] != '\0') {
            uart_out(u, UART_DATA, (seL4_Word)(unsigned char)u->text[u->sent++]);
        } else if ((iir & 0x0e) == 0x02) {
            uart_out(u, UART_IER, 0x01); /* all sent: receive only */
        } else {
            (void)uart_in(u, UART_LSR);
        }
    }
}

DEFINE_TEST(IOPORT_003, "a user-level COM2 driver sends and receives by its IRQ notification")
{
    uart_t u = { cs_slot(), "cairn", 0, 0, { 0 } };
    seL4_CPtr handler = cs_slot();
    seL4_CPtr ntfn = cs_new(seL4_NotificationObject, 0);
    seL4_Word badge = 0;
    unsigned irqs = 0;

    CHECK(ntfn != 0);
    CHECK_EQ(issue(COM2, COM2_LAST, u.port), seL4_NoError);
    CHECK_EQ(seL4_IRQControl_GetIOAPIC(seL4_CapIRQControl, ROOT, handler, DEPTH, 0, COM2_PIN, 0, 0,
                                       COM2_IRQ),
             seL4_NoError);
    CHECK_EQ(seL4_IRQHandler_SetNotification(handler, ntfn), seL4_NoError);
    uart_out(&u, UART_LCR, 0x03);        /* 8N1 */
    uart_out(&u, UART_MCR, 0x08 | 0x10); /* OUT2 (the IRQ line) and loopback */
    CHECK_EQ(seL4_IRQHandler_Ack(handler), seL4_NoError);
    uart_out(&u, UART_IER, 0x03); /* received data and transmitter empty */
    while (u.received < 5 && irqs < 64) {
        seL4_Wait(ntfn, &badge);
        irqs++;
        uart_service(&u);
        CHECK_EQ(seL4_IRQHandler_Ack(handler), seL4_NoError);
    }
    CHECK_EQ(u.sent, 5);
    CHECK_EQ(u.received, 5);
    for (unsigned i = 0; i < 5; i++) {
        CHECK_EQ(u.got[i], u.text[i]);
    }
    CHECK(irqs >= 1); /* loopback is instant: one interrupt may find several causes */
    uart_out(&u, UART_IER, 0);
    uart_out(&u, UART_MCR, 0);
    CHECK_EQ(seL4_CNode_Delete(ROOT, handler, DEPTH), seL4_NoError);
    CHECK_EQ(seL4_CNode_Delete(ROOT, u.port, DEPTH), seL4_NoError);
}

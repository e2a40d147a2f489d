/*
 * libmicrokit for Cairn: the Microkit programming model (one event loop
 * per protection domain, entry points init / notified / protected /
 * fault) with the Microkit API, so Microkit PD sources build unchanged.
 * The capabilities behind channels sit in the CSpace slots of Cairn's PD
 * contract (<cairn/spec.h>), put there by the initialiser; the tool
 * patches microkit_name and the masks below into each program image.
 */
#ifndef MICROKIT_H
#define MICROKIT_H

#include <cairn/spec.h>
#include <sel4/sel4.h>

typedef unsigned int microkit_channel;
typedef unsigned int microkit_child;
typedef unsigned int microkit_ioport;
typedef seL4_MessageInfo_t microkit_msginfo;

#define MICROKIT_MAX_CHANNELS   CAIRN_MAX_CHANNELS
#define MICROKIT_PD_NAME_LENGTH CAIRN_PD_NAME_LENGTH

/* Patched by the tool into each program image. */
extern char microkit_name[MICROKIT_PD_NAME_LENGTH];
extern seL4_Bool microkit_passive;
extern seL4_Word microkit_irqs;
extern seL4_Word microkit_notifications;
extern seL4_Word microkit_pps;
extern seL4_Word microkit_ioports;

/* The pending deferred signal, sent with the event loop's next receive. */
extern seL4_Bool microkit_have_signal;
extern seL4_CPtr microkit_signal_cap;
extern microkit_msginfo microkit_signal_msg;

/* Entry points the PD provides (protected and fault have defaults that report misuse). */
void init(void);
void notified(microkit_channel ch);
microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo);
seL4_Bool fault(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo);

void microkit_dbg_putc(int c);
void microkit_dbg_puts(const char *s);
void microkit_dbg_put8(seL4_Uint8 x);
void microkit_dbg_put32(seL4_Uint32 x);

/* Reports a call on a channel, child or port this PD was not given (it then does nothing). */
void microkit_internal_bad_id(const char *call, unsigned int id);

static inline seL4_Bool microkit_internal_has(seL4_Word mask, unsigned int id)
{
    return (seL4_Bool)(id < 64 && ((mask >> id) & 1) != 0);
}

static inline void microkit_notify(microkit_channel ch)
{
    if (!microkit_internal_has(microkit_notifications, ch)) {
        microkit_internal_bad_id("microkit_notify", ch);
        return;
    }
    seL4_Signal(CAIRN_SLOT_NOTIFY_BASE + ch);
}

static inline void microkit_irq_ack(microkit_channel ch)
{
    if (!microkit_internal_has(microkit_irqs, ch)) {
        microkit_internal_bad_id("microkit_irq_ack", ch);
        return;
    }
    (void)seL4_IRQHandler_Ack(CAIRN_SLOT_IRQ_BASE + ch);
}

static inline microkit_msginfo microkit_ppcall(microkit_channel ch, microkit_msginfo msginfo)
{
    if (!microkit_internal_has(microkit_pps, ch)) {
        microkit_internal_bad_id("microkit_ppcall", ch);
        return seL4_MessageInfo_new(0, 0, 0, 0);
    }
    return seL4_Call(CAIRN_SLOT_PPC_BASE + ch, msginfo);
}

/* One deferred signal per entry-point invocation, folded into the next receive. */
static inline void microkit_deferred_notify(microkit_channel ch)
{
    if (!microkit_internal_has(microkit_notifications, ch)) {
        microkit_internal_bad_id("microkit_deferred_notify", ch);
        return;
    }
    microkit_have_signal = 1;
    microkit_signal_cap = CAIRN_SLOT_NOTIFY_BASE + ch;
    microkit_signal_msg = seL4_MessageInfo_new(0, 0, 0, 0);
}

static inline void microkit_deferred_irq_ack(microkit_channel ch)
{
    if (!microkit_internal_has(microkit_irqs, ch)) {
        microkit_internal_bad_id("microkit_deferred_irq_ack", ch);
        return;
    }
    microkit_have_signal = 1;
    microkit_signal_cap = CAIRN_SLOT_IRQ_BASE + ch;
    microkit_signal_msg = seL4_MessageInfo_new(IRQAckIRQ, 0, 0, 0);
}

static inline void microkit_pd_restart(microkit_child child, seL4_Word entry_point)
{
    seL4_UserContext ctx = { 0 };

    ctx.rip = entry_point;
    /* Only rip: the program's _start sets its own stack. */
    (void)seL4_TCB_WriteRegisters(CAIRN_SLOT_CHILD_TCB_BASE + child, 1, 0, 1, &ctx);
}

static inline void microkit_pd_stop(microkit_child child)
{
    (void)seL4_TCB_Suspend(CAIRN_SLOT_CHILD_TCB_BASE + child);
}

static inline void microkit_pd_resume(microkit_child child)
{
    (void)seL4_TCB_Resume(CAIRN_SLOT_CHILD_TCB_BASE + child);
}

static inline microkit_msginfo microkit_msginfo_new(seL4_Word label, seL4_Uint16 count)
{
    return seL4_MessageInfo_new(label, 0, 0, count);
}

static inline seL4_Word microkit_msginfo_get_label(microkit_msginfo msginfo)
{
    return seL4_MessageInfo_get_label(msginfo);
}

static inline seL4_Word microkit_msginfo_get_count(microkit_msginfo msginfo)
{
    return seL4_MessageInfo_get_length(msginfo);
}

static inline void microkit_mr_set(seL4_Uint8 mr, seL4_Word value)
{
    seL4_SetMR(mr, value);
}

static inline seL4_Word microkit_mr_get(seL4_Uint8 mr)
{
    return seL4_GetMR(mr);
}

static inline seL4_CPtr microkit_cspace_root_slot_to_cptr(seL4_Word slot)
{
    return CAIRN_SLOT_USER_BASE + slot;
}

static inline void microkit_x86_ioport_write_8(microkit_ioport id, seL4_Word port, seL4_Word data)
{
    if (!microkit_internal_has(microkit_ioports, id)) {
        microkit_internal_bad_id("microkit_x86_ioport_write_8", id);
        return;
    }
    (void)seL4_X86_IOPort_Out8(CAIRN_SLOT_IOPORT_BASE + id, port, data);
}

static inline void microkit_x86_ioport_write_16(microkit_ioport id, seL4_Word port, seL4_Word data)
{
    if (!microkit_internal_has(microkit_ioports, id)) {
        microkit_internal_bad_id("microkit_x86_ioport_write_16", id);
        return;
    }
    (void)seL4_X86_IOPort_Out16(CAIRN_SLOT_IOPORT_BASE + id, port, data);
}

static inline void microkit_x86_ioport_write_32(microkit_ioport id, seL4_Word port, seL4_Word data)
{
    if (!microkit_internal_has(microkit_ioports, id)) {
        microkit_internal_bad_id("microkit_x86_ioport_write_32", id);
        return;
    }
    (void)seL4_X86_IOPort_Out32(CAIRN_SLOT_IOPORT_BASE + id, port, data);
}

static inline seL4_Uint8 microkit_x86_ioport_read_8(microkit_ioport id, seL4_Word port)
{
    if (!microkit_internal_has(microkit_ioports, id)) {
        microkit_internal_bad_id("microkit_x86_ioport_read_8", id);
        return 0;
    }
    return seL4_X86_IOPort_In8(CAIRN_SLOT_IOPORT_BASE + id, (seL4_Uint16)port).result;
}

static inline seL4_Uint16 microkit_x86_ioport_read_16(microkit_ioport id, seL4_Word port)
{
    if (!microkit_internal_has(microkit_ioports, id)) {
        microkit_internal_bad_id("microkit_x86_ioport_read_16", id);
        return 0;
    }
    return seL4_X86_IOPort_In16(CAIRN_SLOT_IOPORT_BASE + id, (seL4_Uint16)port).result;
}

static inline seL4_Uint32 microkit_x86_ioport_read_32(microkit_ioport id, seL4_Word port)
{
    if (!microkit_internal_has(microkit_ioports, id)) {
        microkit_internal_bad_id("microkit_x86_ioport_read_32", id);
        return 0;
    }
    return seL4_X86_IOPort_In32(CAIRN_SLOT_IOPORT_BASE + id, (seL4_Uint16)port).result;
}

#endif /* MICROKIT_H */

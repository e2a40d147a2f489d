/*
 * libmicrokit's event loop and the definitions microkit.h declares. A PD
 * starts in crt0.S (which sets the stack, so microkit_pd_restart can start
 * it again with only a new rip), acks its IRQs, runs init(), and then
 * receives forever on its input capability: a protected call runs
 * protected() and is answered by the next ReplyRecv, a child's fault runs
 * fault(), anything else is a mask of notified channels, one notified()
 * call each, lowest channel first.
 */
#include <microkit.h>

/* Patched by the tool: in .data, so the image holds bytes to patch. */
char microkit_name[MICROKIT_PD_NAME_LENGTH] = "unnamed";
__attribute__((section(".data"))) seL4_Bool microkit_passive;
__attribute__((section(".data"))) seL4_Word microkit_irqs;
__attribute__((section(".data"))) seL4_Word microkit_notifications;
__attribute__((section(".data"))) seL4_Word microkit_pps;
__attribute__((section(".data"))) seL4_Word microkit_ioports;

seL4_Bool microkit_have_signal;
seL4_CPtr microkit_signal_cap;
microkit_msginfo microkit_signal_msg;

/* The IPC buffer: one page of the image, found by the tool through this symbol. */
typedef union {
    seL4_IPCBuffer buffer;
    char page[4096];
} microkit_ipc_page_t;

__attribute__((aligned(4096), section(".data.ipc_buffer"))) microkit_ipc_page_t
    __sel4_ipc_buffer_obj; // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)

_Noreturn void microkit_main(void);

void microkit_dbg_putc(int c)
{
    seL4_DebugPutChar((char)c);
}

void microkit_dbg_puts(const char *s)
{
    while (*s != '\0') {
        microkit_dbg_putc(*s++);
    }
}

static void put_hex(seL4_Word x, int digits)
{
    microkit_dbg_puts("0x");
    for (int i = digits - 1; i >= 0; i--) {
        microkit_dbg_putc("0123456789abcdef"[(x >> (4 * i)) & 0xf]);
    }
}

void microkit_dbg_put8(seL4_Uint8 x)
{
    put_hex(x, 2);
}

void microkit_dbg_put32(seL4_Uint32 x)
{
    put_hex(x, 8);
}

void microkit_internal_bad_id(const char *call, unsigned int id)
{
    microkit_dbg_puts(microkit_name);
    microkit_dbg_puts(": ");
    microkit_dbg_puts(call);
    microkit_dbg_puts(": invalid id ");
    microkit_dbg_put32(id);
    microkit_dbg_puts(" (not given to this PD in the system description)\n");
}

/* Defaults for PDs that never receive protected calls or have no children. */
__attribute__((weak)) microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)msginfo;
    microkit_internal_bad_id("protected() not provided; call on channel", ch);
    return seL4_MessageInfo_new(0, 0, 0, 0);
}

__attribute__((weak)) seL4_Bool fault(microkit_child child, microkit_msginfo msginfo,
                                      microkit_msginfo *reply_msginfo)
{
    (void)msginfo;
    (void)reply_msginfo;
    microkit_internal_bad_id("fault() not provided; fault of child", child);
    return 0;
}

static void deliver_notifications(seL4_Word badge)
{
    for (microkit_channel ch = 0; badge != 0; ch++, badge >>= 1) {
        if ((badge & 1) != 0) {
            notified(ch);
        }
    }
}

/* Sends the deferred signal on its own (before a reply, as Microkit 2.3 does). */
static void flush_deferred(void)
{
    if (microkit_have_signal) {
        microkit_have_signal = 0;
        seL4_Send(microkit_signal_cap, microkit_signal_msg);
    }
}

/* The next message: the reply and any deferred signal go with the receive. */
static microkit_msginfo receive(seL4_Bool have_reply, microkit_msginfo reply, seL4_Word *badge)
{
    if (have_reply) {
        flush_deferred();
        return seL4_ReplyRecv(CAIRN_SLOT_INPUT, reply, badge, CAIRN_SLOT_REPLY);
    }
    if (microkit_have_signal) {
        microkit_have_signal = 0;
        return seL4_NBSendRecv(microkit_signal_cap, microkit_signal_msg, CAIRN_SLOT_INPUT, badge,
                               CAIRN_SLOT_REPLY);
    }
    return seL4_Recv(CAIRN_SLOT_INPUT, badge, CAIRN_SLOT_REPLY);
}

/* A passive PD tells the monitor it is waiting, so its scheduling context can go. */
static microkit_msginfo first_receive(seL4_Word *badge)
{
    if (!microkit_passive) {
        return receive(0, seL4_MessageInfo_new(0, 0, 0, 0), badge);
    }
    flush_deferred();
    return seL4_NBSendRecv(CAIRN_SLOT_MONITOR, seL4_MessageInfo_new(0, 0, 0, 0), CAIRN_SLOT_INPUT,
                           badge, CAIRN_SLOT_REPLY);
}

_Noreturn void microkit_main(void)
{
    seL4_Word badge = 0;
    seL4_Bool have_reply = 0;
    microkit_msginfo reply = seL4_MessageInfo_new(0, 0, 0, 0);

    seL4_SetIPCBuffer(&__sel4_ipc_buffer_obj.buffer);
    for (microkit_channel ch = 0; ch < MICROKIT_MAX_CHANNELS; ch++) {
        if (microkit_internal_has(microkit_irqs, ch)) {
            (void)seL4_IRQHandler_Ack(CAIRN_SLOT_IRQ_BASE + ch);
        }
    }
    init();
    microkit_msginfo tag = first_receive(&badge);
    for (;;) {
        have_reply = 0;
        if ((badge & CAIRN_BADGE_PPC) != 0) {
            reply = protected((microkit_channel)(badge & 0x3f), tag);
            have_reply = 1;
        } else if ((badge & CAIRN_BADGE_FAULT) != 0) {
            have_reply = fault((microkit_child)(badge & 0xff), tag, &reply);
        } else {
            deliver_notifications(badge);
        }
        badge = 0;
        tag = receive(have_reply, reply, &badge);
    }
}

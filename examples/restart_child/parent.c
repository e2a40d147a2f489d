/* Receives its child's faults in fault() and restarts it from its entry point. */
#include <microkit.h>

#define CHILD         1
#define CHILD_CHANNEL 4
#define ENTRY         0x200000 /* where microkit.ld puts every program's _start */

void init(void)
{
    microkit_dbg_puts("parent: up\n");
}

seL4_Bool fault(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo)
{
    (void)reply_msginfo;
    microkit_dbg_puts("parent: child ");
    microkit_dbg_put32(child);
    microkit_dbg_puts(" faulted (label ");
    microkit_dbg_put32((seL4_Uint32)microkit_msginfo_get_label(msginfo));
    microkit_dbg_puts(", address ");
    microkit_dbg_put32((seL4_Uint32)microkit_mr_get(1));
    microkit_dbg_puts("), restarting it\n");
    microkit_pd_restart(child, ENTRY);
    return seL4_False; /* no reply: the restart already set it going */
}

void notified(microkit_channel ch)
{
    if (ch == CHILD_CHANNEL) {
        microkit_dbg_puts("parent: child is healthy\n");
    }
}

/* Writes to an unmapped address in init(): a VMFault for the monitor to report. */
#include <microkit.h>

static volatile seL4_Word *volatile bad_address = (volatile seL4_Word *)0xdead000;

void init(void)
{
    microkit_dbg_puts("crasher: about to fault\n");
    *bad_address = 1;
    microkit_dbg_puts("crasher: survived a fault it should not have\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}

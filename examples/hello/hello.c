/* The smallest Microkit program: init() runs once, then the PD waits for events. */
#include <microkit.h>

void init(void)
{
    microkit_dbg_puts("hello, world from PD '");
    microkit_dbg_puts(microkit_name);
    microkit_dbg_puts("'\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}

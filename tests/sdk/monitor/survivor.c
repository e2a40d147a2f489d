/* Runs after the crasher (lower priority): the system goes on without it. */
#include <microkit.h>

void init(void)
{
    microkit_dbg_puts("survivor: still running\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}

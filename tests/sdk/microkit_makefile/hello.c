/* A PD as Microkit's own hello example writes it: default compiler flags, no Cairn headers. */
#include <microkit.h>
#include <stdint.h>

void init(void)
{
    microkit_dbg_puts("hello, world (built the Microkit way)\n");
}

void notified(microkit_channel ch)
{
}

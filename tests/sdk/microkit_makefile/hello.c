/* A PD as Microkit's own hello example writes it: default compiler flags, no Cairn headers. */
#include <stdint.h>

#include <microkit.h>

void init(void)
{
    microkit_dbg_puts("hello, world (built the Microkit way)\n");
}

void notified(microkit_channel ch)
{
}

/*
 * A worker: counts its starts and waits. A notification from the shell
 * makes it fault on purpose (a write to address 0x18), so the shell can show
 * a fault report and a restart.
 */
#include <microkit.h>

#define SHELL 0

static volatile seL4_Word starts;
/* Through a variable, so the compiler cannot see (and refuse) the bad address. */
static volatile seL4_Word *volatile bad_address = (volatile seL4_Word *)0x18;

void init(void)
{
    starts++;
}

void notified(microkit_channel ch)
{
    if (ch == SHELL) {
        *bad_address = starts;
    }
}

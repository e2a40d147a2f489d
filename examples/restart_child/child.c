/*
 * Counts its starts in a variable the restart does not reset (it is in its
 * data, which a restart keeps), and crashes on the first two.
 */
#include <microkit.h>

#define PARENT 4

static volatile seL4_Word starts;
/* Through a variable, so the compiler cannot see (and refuse) the bad address. */
static volatile seL4_Word *volatile bad_address = (volatile seL4_Word *)0x10;

void init(void)
{
    starts++;
    microkit_dbg_puts("child: start ");
    microkit_dbg_putc((int)('0' + starts));
    microkit_dbg_puts("\n");
    if (starts < 3) {
        *bad_address = starts; /* a write near NULL: a VMFault to the parent */
    }
    microkit_dbg_puts("child: running normally\n");
    microkit_notify(PARENT);
}

void notified(microkit_channel ch)
{
    (void)ch;
}

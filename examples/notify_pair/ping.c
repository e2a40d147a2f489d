/* Starts the exchange and counts the notifications that come back on channel 1. */
#include <microkit.h>

#define PONG   1
#define ROUNDS 5

static unsigned rounds;

void init(void)
{
    microkit_dbg_puts("ping: start\n");
    microkit_notify(PONG);
}

void notified(microkit_channel ch)
{
    if (ch != PONG) {
        return;
    }
    rounds++;
    microkit_dbg_puts("ping: round ");
    microkit_dbg_putc((int)('0' + rounds));
    microkit_dbg_puts("\n");
    if (rounds < ROUNDS) {
        microkit_deferred_notify(PONG);
    } else {
        microkit_dbg_puts("ping: done\n");
    }
}

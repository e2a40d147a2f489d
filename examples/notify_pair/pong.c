/* Answers every notification on channel 2 with one back. */
#include <microkit.h>

#define PING 2

void init(void)
{
}

void notified(microkit_channel ch)
{
    if (ch == PING) {
        microkit_notify(PING);
    }
}

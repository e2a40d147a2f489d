/* A passive server: multiplies the two words of each protected call on channel 5. */
#include <microkit.h>

#define CLIENT 5

void init(void)
{
    microkit_dbg_puts("server: ready (passive)\n");
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    if (ch != CLIENT || microkit_msginfo_get_count(msginfo) != 2) {
        return microkit_msginfo_new(1, 0);
    }
    microkit_mr_set(0, microkit_mr_get(0) * microkit_mr_get(1));
    return microkit_msginfo_new(0, 1);
}

void notified(microkit_channel ch)
{
    (void)ch;
}

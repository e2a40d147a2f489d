/* The echo server: answers every protected call with the words it was given. */
#include <microkit.h>

void init(void)
{
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch;
    return msginfo; /* the message registers are left as they came */
}

void notified(microkit_channel ch)
{
    (void)ch;
}

/*
 * The one string function user programs need that the kernel does not: the
 * rest of <string.h> is kernel/lib/string.c built for user mode.
 */
#include <string.h>

int strcmp(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

/* Calls the server on channel 3 with two numbers and prints the products it returns. */
#include <microkit.h>

#define SERVER 3

static void put_decimal(seL4_Word n)
{
    char digits[24];
    int i = 0;

    do {
        digits[i++] = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    while (i > 0) {
        microkit_dbg_putc(digits[--i]);
    }
}

void init(void)
{
    for (seL4_Word a = 5; a <= 7; a++) {
        microkit_mr_set(0, a);
        microkit_mr_set(1, 6);
        microkit_msginfo reply = microkit_ppcall(SERVER, microkit_msginfo_new(1, 2));
        microkit_dbg_puts("client: ");
        put_decimal(a);
        microkit_dbg_puts(" * 6 = ");
        put_decimal(microkit_mr_get(0));
        microkit_dbg_puts(microkit_msginfo_get_label(reply) == 0 ? " (ok)\n" : " (error)\n");
    }
    microkit_dbg_puts("client: done\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}

/*
 * Lists the capabilities its PD holds, read back from the kernel
 * (seL4_DebugCapIdentify on every slot), so tools/run-examples can check
 * them against the tool's report: nothing more, nothing less.
 */
#include <microkit.h>

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
    for (seL4_Word slot = 0; slot < (1ul << CAIRN_PD_CNODE_BITS); slot++) {
        if (seL4_DebugCapIdentify(slot) != 0) {
            microkit_dbg_puts("capdump ");
            microkit_dbg_puts(microkit_name);
            microkit_dbg_puts(": slot ");
            put_decimal(slot);
            microkit_dbg_puts("\n");
        }
    }
    microkit_dbg_puts("capdump ");
    microkit_dbg_puts(microkit_name);
    microkit_dbg_puts(": end\n");
}

void notified(microkit_channel ch)
{
    (void)ch;
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo)
{
    (void)ch;
    return msginfo;
}

seL4_Bool fault(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo)
{
    (void)child;
    (void)msginfo;
    (void)reply_msginfo;
    return seL4_False;
}

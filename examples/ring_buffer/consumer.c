/* Sums what arrives in the shared ring and reports when all 40 items are in. */
#include <microkit.h>

#include "ring.h"

#define PRODUCER 0
#define ITEMS    40

uintptr_t ring = 1;
static uint64_t count;
static uint64_t sum;

static void put_decimal(uint64_t n)
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
    microkit_dbg_puts("consumer: ring at ");
    microkit_dbg_put32((seL4_Uint32)ring);
    microkit_dbg_puts("\n");
}

void notified(microkit_channel ch)
{
    ring_t *r = (ring_t *)ring;
    int consumed = 0;

    if (ch != PRODUCER) {
        return;
    }
    while (r->tail != r->head) {
        consumed = 1;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        sum += r->items[r->tail % RING_SLOTS];
        r->tail = r->tail + 1;
        count++;
    }
    if (count == ITEMS) {
        microkit_dbg_puts("consumer: got ");
        put_decimal(count);
        microkit_dbg_puts(" items, sum ");
        put_decimal(sum);
        microkit_dbg_puts("\n");
        count++; /* report once */
    }
    if (consumed) {
        microkit_notify(PRODUCER); /* there is room again */
    }
}

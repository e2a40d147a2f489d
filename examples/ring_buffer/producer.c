/* Puts 1..40 into the shared ring, notifying the consumer each time it fills what fits. */
#include <microkit.h>

#include "ring.h"

#define CONSUMER 0
#define ITEMS    40

/* Set by the tool to where the region is mapped in this PD (setvar_vaddr). */
uintptr_t ring = 1;
static uint64_t next = 1;

static void produce(void)
{
    ring_t *r = (ring_t *)ring;
    int produced = 0;

    while (next <= ITEMS && r->head - r->tail < RING_SLOTS) {
        r->items[r->head % RING_SLOTS] = next++;
        __atomic_thread_fence(__ATOMIC_RELEASE);
        r->head = r->head + 1;
        produced = 1;
    }
    if (produced) {
        microkit_notify(CONSUMER);
    }
}

void init(void)
{
    produce();
}

void notified(microkit_channel ch)
{
    if (ch == CONSUMER) {
        produce(); /* the consumer made room */
    }
}

/* The ring in the shared region: single producer, single consumer, indices only grow. */
#ifndef RING_H
#define RING_H

#include <stdint.h>

#define RING_SLOTS 16

typedef struct {
    volatile uint64_t head; /* written by the producer */
    volatile uint64_t tail; /* written by the consumer */
    volatile uint64_t items[RING_SLOTS];
} ring_t;

#endif /* RING_H */

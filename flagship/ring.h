/* A byte ring in a shared region: one writer advances head, one reader advances tail. */
#ifndef FLAGSHIP_RING_H
#define FLAGSHIP_RING_H

#include <stdint.h>

#define RING_BYTES 2048

typedef struct {
    volatile uint32_t head;
    volatile uint32_t tail;
    volatile char data[RING_BYTES];
} byte_ring_t;

static inline int ring_put(byte_ring_t *r, char c)
{
    if (r->head - r->tail == RING_BYTES) {
        return 0;
    }
    r->data[r->head % RING_BYTES] = c;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    r->head = r->head + 1;
    return 1;
}

static inline int ring_get(byte_ring_t *r, char *c)
{
    if (r->tail == r->head) {
        return 0;
    }
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    *c = r->data[r->tail % RING_BYTES];
    r->tail = r->tail + 1;
    return 1;
}

#endif /* FLAGSHIP_RING_H */

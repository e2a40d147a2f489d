/*
 * Two-level bitmap over the 256 thread priorities, so the scheduler finds the
 * highest non-empty ready queue in O(1): one word says which groups of 64
 * priorities are non-empty, one word per group says which priorities are.
 */
#ifndef SCHED_PRIO_BITMAP_H
#define SCHED_PRIO_BITMAP_H

#include "../types.h"

enum {
    NUM_PRIORITIES = 256,
    PRIO_GROUP_BITS = 6,
    NUM_PRIO_GROUPS = NUM_PRIORITIES >> PRIO_GROUP_BITS,
};

typedef struct {
    uint64_t top;                     /* bit g set: bottom[g] != 0 */
    uint64_t bottom[NUM_PRIO_GROUPS]; /* bit p % 64 set: priority p non-empty */
} prio_bitmap_t;

/* Marks priority prio (< NUM_PRIORITIES) non-empty. */
void prio_bitmap_set(prio_bitmap_t *bm, unsigned prio);

/* Marks priority prio (< NUM_PRIORITIES) empty. */
void prio_bitmap_clear(prio_bitmap_t *bm, unsigned prio);

bool prio_bitmap_is_set(const prio_bitmap_t *bm, unsigned prio);
bool prio_bitmap_is_empty(const prio_bitmap_t *bm);

/* The highest non-empty priority; the bitmap must not be empty. */
unsigned prio_bitmap_highest(const prio_bitmap_t *bm);

#endif /* SCHED_PRIO_BITMAP_H */

/*
 * The two-level priority bitmap (prio_bitmap.h): a priority p lives in group
 * p / 64, bit p % 64; the top word has one bit per non-empty group.
 */
#include "sched/prio_bitmap.h"

static unsigned group_of(unsigned prio)
{
    return prio >> PRIO_GROUP_BITS;
}

static uint64_t bit_of(unsigned prio)
{
    return (uint64_t)1 << (prio & ((1U << PRIO_GROUP_BITS) - 1));
}

/* Index of the highest set bit of a non-zero word. */
static unsigned top_bit(uint64_t word)
{
    return 63U - (unsigned)__builtin_clzll(word);
}

void prio_bitmap_set(prio_bitmap_t *bm, unsigned prio)
{
    unsigned g = group_of(prio);

    bm->bottom[g] |= bit_of(prio);
    bm->top |= (uint64_t)1 << g;
}

void prio_bitmap_clear(prio_bitmap_t *bm, unsigned prio)
{
    unsigned g = group_of(prio);

    bm->bottom[g] &= ~bit_of(prio);
    if (bm->bottom[g] == 0) {
        bm->top &= ~((uint64_t)1 << g);
    }
}

bool prio_bitmap_is_set(const prio_bitmap_t *bm, unsigned prio)
{
    return (bm->bottom[group_of(prio)] & bit_of(prio)) != 0;
}

bool prio_bitmap_is_empty(const prio_bitmap_t *bm)
{
    return bm->top == 0;
}

unsigned prio_bitmap_highest(const prio_bitmap_t *bm)
{
    unsigned g = top_bit(bm->top);

    return (g << PRIO_GROUP_BITS) | top_bit(bm->bottom[g]);
}

/*
 * Physical memory bookkeeping used only at boot: a fixed-capacity sorted list
 * of free ranges, carving out the kernel, modules and boot allocations, and
 * splitting what is left into naturally aligned power-of-two untyped blocks.
 */
#ifndef BOOT_REGIONS_H
#define BOOT_REGIONS_H

#include "params.h"

enum {
    REGION_LIST_MAX = 64,
};

typedef struct {
    boot_region_t r[REGION_LIST_MAX]; /* sorted by base, disjoint, non-empty */
    unsigned count;
} region_list_t;

typedef struct {
    paddr_t base;
    unsigned size_bits;
} untyped_block_t;

/* Adds [base, end), merging with neighbours. False if the list is full. */
bool region_list_add(region_list_t *list, paddr_t base, paddr_t end);

/*
 * Removes [base, end) from every range it overlaps (it may cover gaps).
 * False if a split would overflow the list; the list is then unchanged.
 */
bool region_list_remove(region_list_t *list, paddr_t base, paddr_t end);

/*
 * Takes `size` bytes aligned to 2^align_bits from the highest free range that
 * fits, below `limit`. Returns the base, or 0 when nothing fits (0 is never
 * handed out: the first page is not free RAM on any supported machine).
 */
paddr_t region_list_alloc(region_list_t *list, word_t size, unsigned align_bits, paddr_t limit);

/* Total bytes in the list. */
word_t region_list_total(const region_list_t *list);

/*
 * Splits [base, end) into the fewest naturally aligned power-of-two blocks of
 * 2^min_bits..2^max_bits bytes, lowest address first; pieces smaller than
 * 2^min_bits are dropped. Writes at most `max` blocks and returns how many
 * the range needs (so a result > max means out was too small).
 */
unsigned untyped_split(paddr_t base, paddr_t end, unsigned min_bits, unsigned max_bits,
                       untyped_block_t *out, unsigned max);

#endif /* BOOT_REGIONS_H */

/*
 * Boot-time free-memory list (regions.h): a sorted array of disjoint,
 * non-empty ranges with add (merging), remove (trimming or splitting),
 * highest-fit allocation and the split into untyped blocks for BootInfo.
 */
#include "boot/regions.h"

#include "bits.h"

static void shift_up(region_list_t *list, unsigned from)
{
    for (unsigned k = list->count; k > from; k--) {
        list->r[k] = list->r[k - 1];
    }
    list->count++;
}

static void drop_range(region_list_t *list, unsigned from, unsigned n)
{
    for (unsigned k = from; k + n < list->count; k++) {
        list->r[k] = list->r[k + n];
    }
    list->count -= n;
}

bool region_list_add(region_list_t *list, paddr_t base, paddr_t end)
{
    unsigned i = 0;

    if (base >= end) {
        return true;
    }
    /* Ranges i..j-1 overlap or touch [base, end]: they all merge into one. */
    while (i < list->count && list->r[i].end < base) {
        i++;
    }
    unsigned j = i;
    while (j < list->count && list->r[j].base <= end) {
        j++;
    }
    if (i == j) {
        if (list->count == REGION_LIST_MAX) {
            return false;
        }
        shift_up(list, i);
        list->r[i].base = base;
        list->r[i].end = end;
        return true;
    }
    list->r[i].base = base < list->r[i].base ? base : list->r[i].base;
    list->r[i].end = end > list->r[j - 1].end ? end : list->r[j - 1].end;
    drop_range(list, i + 1, j - i - 1);
    return true;
}

/* Index of the range that strictly contains [base, end) on both sides, or count. */
static unsigned find_split(const region_list_t *list, paddr_t base, paddr_t end)
{
    for (unsigned k = 0; k < list->count; k++) {
        if (list->r[k].base < base && list->r[k].end > end) {
            return k;
        }
    }
    return list->count;
}

bool region_list_remove(region_list_t *list, paddr_t base, paddr_t end)
{
    unsigned w = 0;

    if (base >= end) {
        return true;
    }
    unsigned s = find_split(list, base, end);
    if (s < list->count) {
        /* The ranges are disjoint, so no other range meets [base, end). */
        if (list->count == REGION_LIST_MAX) {
            return false;
        }
        shift_up(list, s + 1);
        list->r[s + 1].base = end;
        list->r[s + 1].end = list->r[s].end;
        list->r[s].end = base;
        return true;
    }
    /* Without a split every range leaves at most one piece, so w never passes k. */
    for (unsigned k = 0; k < list->count; k++) {
        boot_region_t cur = list->r[k];
        if (cur.end > base && cur.base < end) {
            if (cur.base < base) {
                cur.end = base;
            } else if (cur.end > end) {
                cur.base = end;
            } else {
                continue;
            }
        }
        list->r[w++] = cur;
    }
    list->count = w;
    return true;
}

/* The highest base in range r for size bytes at the alignment, below limit; 0 if none. */
static paddr_t highest_fit(const boot_region_t *r, word_t size, unsigned align_bits, paddr_t limit)
{
    paddr_t top = r->end < limit ? r->end : limit;

    if (top < size) {
        return 0;
    }
    paddr_t base = round_down(top - size, align_bits);
    return base >= r->base ? base : 0;
}

paddr_t region_list_alloc(region_list_t *list, word_t size, unsigned align_bits, paddr_t limit)
{
    if (size == 0) {
        return 0;
    }
    for (unsigned k = list->count; k > 0; k--) {
        paddr_t base = highest_fit(&list->r[k - 1], size, align_bits, limit);
        /* A full list may refuse the split an aligned block needs; try lower. */
        if (base != 0 && region_list_remove(list, base, base + size)) {
            return base;
        }
    }
    return 0;
}

word_t region_list_total(const region_list_t *list)
{
    word_t total = 0;

    for (unsigned k = 0; k < list->count; k++) {
        total += list->r[k].end - list->r[k].base;
    }
    return total;
}

/* The largest block that starts at base (aligned to it) and fits in room. */
static unsigned block_bits(paddr_t base, word_t room, unsigned max_bits)
{
    unsigned bits = highest_bit(room);

    if (base != 0 && lowest_bit(base) < bits) {
        bits = lowest_bit(base);
    }
    return bits < max_bits ? bits : max_bits;
}

unsigned untyped_split(paddr_t base, paddr_t end, unsigned min_bits, unsigned max_bits,
                       untyped_block_t *out, unsigned max)
{
    unsigned n = 0;
    paddr_t cur = base;

    if (max_bits >= WORD_BITS) {
        max_bits = WORD_BITS - 1;
    }
    if (min_bits > max_bits) {
        return 0;
    }
    while (cur < end) {
        if (!is_aligned(cur, min_bits)) {
            /* The piece below the next 2^min_bits boundary is too small to keep. */
            if (cur > ~mask_bits(min_bits)) {
                break;
            }
            cur = round_up(cur, min_bits);
            continue;
        }
        if (end - cur < ((word_t)1 << min_bits)) {
            break;
        }
        unsigned bits = block_bits(cur, end - cur, max_bits);
        if (n < max) {
            out[n].base = cur;
            out[n].size_bits = bits;
        }
        n++;
        cur += (word_t)1 << bits;
    }
    return n;
}

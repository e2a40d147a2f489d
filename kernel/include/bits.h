/*
 * Bit and alignment helpers on machine words. All take and return unsigned
 * values; callers guarantee bits < WORD_BITS where a shift is involved.
 */
#ifndef BITS_H
#define BITS_H

#include "types.h"

static inline word_t mask_bits(unsigned bits)
{
    return bits >= WORD_BITS ? ~(word_t)0 : ((word_t)1 << bits) - 1;
}

static inline bool is_aligned(word_t value, unsigned bits)
{
    return (value & mask_bits(bits)) == 0;
}

static inline word_t round_down(word_t value, unsigned bits)
{
    return value & ~mask_bits(bits);
}

/* Rounds up; the caller checks that value + mask does not overflow. */
static inline word_t round_up(word_t value, unsigned bits)
{
    return (value + mask_bits(bits)) & ~mask_bits(bits);
}

/* Index of the most significant set bit; value must be non-zero. */
static inline unsigned highest_bit(word_t value)
{
    return (unsigned)(WORD_BITS - 1) - (unsigned)__builtin_clzll(value);
}

/* Index of the least significant set bit; value must be non-zero. */
static inline unsigned lowest_bit(word_t value)
{
    return (unsigned)__builtin_ctzll(value);
}

#endif /* BITS_H */

/*
 * Host (test double) machine word types: the same sizes as x86_64 so the
 * generic core behaves identically in host unit tests and fuzzers.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdint.h>

typedef uint64_t word_t;
typedef int64_t sword_t;
typedef uint64_t paddr_t;
typedef uint64_t vaddr_t;

enum {
    WORD_BITS = 64,
    PAGE_BITS = 12,
    PAGE_SIZE = 1 << PAGE_BITS,
};

/* First address above the user range: the canonical lower half. */
#define USER_TOP 0x0000800000000000ULL

#endif /* ARCH_TYPES_H */

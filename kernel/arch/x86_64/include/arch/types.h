/*
 * x86_64 machine word types. The generic core gets word_t, paddr_t and
 * vaddr_t from here; kernel/arch/host/include/arch/types.h is the host twin.
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

/*
 * First address no user frame may reach (seL4_UserTop): the last page is
 * never mapped, so no syscall instruction can sit at its end, and the
 * address after one, which sysret returns to, is always canonical. A
 * sysret to a non-canonical address faults in ring 0 on Intel CPUs with
 * the user's stack pointer already loaded.
 */
#define USER_MAP_TOP 0x00007ffffffff000ULL

#endif /* ARCH_TYPES_H */

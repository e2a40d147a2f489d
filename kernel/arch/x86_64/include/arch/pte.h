/*
 * x86_64 4-level paging: entry bits and index helpers shared by the kernel's
 * own tables and user address spaces.
 */
#ifndef ARCH_PTE_H
#define ARCH_PTE_H

#include <stdint.h>

#define PTE_P    0x001ULL
#define PTE_W    0x002ULL
#define PTE_U    0x004ULL
#define PTE_PWT  0x008ULL
#define PTE_PCD  0x010ULL
#define PTE_PS   0x080ULL
#define PTE_G    0x100ULL
#define PTE_NX   0x8000000000000000ULL
#define PTE_ADDR 0x000ffffffffff000ULL

enum {
    PT_ENTRIES = 512,
};

/* Index of vaddr in the table at `level` (3 = PML4 ... 0 = PT). */
static inline unsigned pt_index(uint64_t vaddr, unsigned level)
{
    return (unsigned)((vaddr >> (12 + 9 * level)) & 0x1ff);
}

#endif /* ARCH_PTE_H */

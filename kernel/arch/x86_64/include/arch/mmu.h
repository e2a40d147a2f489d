/*
 * What the x86_64 object code (kernel/arch/x86_64/object/) needs from the
 * machine: TLB maintenance, the kernel half of new address spaces, port I/O
 * and a few CPU facts. The object code includes nothing else of the x86
 * machine layer, so the host unit tests and fuzzers can build it against a
 * recording double (tests/unit/kernel/x86_mmu_double.c) instead of
 * machine/mmu.c.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include <types.h>

/* Drops any TLB entry for vaddr in address space `asid`. */
void mmu_flush_page(word_t asid, word_t vaddr);

/* Drops every TLB entry of address space `asid` (its mappings changed wholesale or it is gone). */
void mmu_flush_asid(word_t asid);

/* The root at physical address `root` is being destroyed: stop using it if the CPU still does. */
void mmu_forget_root(paddr_t root);

/* Copies the kernel half into a new address space root. */
void mmu_init_root(uint64_t *pml4);

/* Whether the CPU can map 1 GiB pages and can refuse instruction fetches (NX). */
bool mmu_has_huge_pages(void);
bool mmu_has_nx(void);

/* Port I/O of `bytes` (1, 2 or 4) bytes. */
uint32_t port_in(uint16_t port, unsigned bytes);
void port_out(uint16_t port, unsigned bytes, uint32_t value);

#endif /* ARCH_MMU_H */

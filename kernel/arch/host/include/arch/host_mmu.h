/*
 * Test hooks of the x86 machine-layer double (kernel/arch/host/x86_mmu.c),
 * which lets the x86_64 object code (paging, ASIDs, I/O ports) run in host
 * unit tests and fuzzers: it records TLB flushes and keeps 64 Ki fake ports.
 */
#ifndef ARCH_HOST_MMU_H
#define ARCH_HOST_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include <types.h>

/* The marker mmu_init_root writes into every kernel-half entry of a new root. */
#define HOST_KERNEL_HALF_MARK 0x4b45524e454c0001ULL

/* Forgets every flush and port value; 1 GiB pages and NX available again. */
void host_mmu_reset(void);

unsigned host_mmu_page_flushes(void);
unsigned host_mmu_asid_flushes(void);
word_t host_mmu_last_flush_asid(void);
unsigned host_mmu_forgotten_roots(void);

void host_mmu_set_huge_pages(bool available);

/* The fake port space: what In reads and Out wrote (the low `bytes` of a value). */
void host_port_set(uint16_t port, uint8_t value);
uint8_t host_port_get(uint16_t port);

#endif /* ARCH_HOST_MMU_H */

/*
 * x86_64 address spaces built from capabilities (kernel/arch/x86_64/object):
 * the ASID table, page-table walks and the root a thread runs in. Shared by
 * the object code and the exit path (trap.c).
 */
#ifndef ARCH_VSPACE_H
#define ARCH_VSPACE_H

#include "api/invocation.h"
#include "arch.h"
#include "state.h"

enum {
    ASID_POOL_BITS = 9, /* 512 ASIDs per pool (seL4_ASIDPoolIndexBits) */
    ASID_POOL_SIZE = 1 << ASID_POOL_BITS,
    ASID_POOL_COUNT = KS_ASID_POOLS,
    PAGING_LEVELS = 4,              /* level 3 is the PML4, level 0 the page table */
    VM_ATTR_PAT_MASK = 7,           /* seL4_X86_VMAttributes: PWT | PCD << 1 | PAT << 2 */
    VM_ATTR_EXECUTE_NEVER = 1 << 3, /* Cairn's bit: map no-execute */
};

/* An ASID pool object: the roots of its 512 address spaces. */
typedef struct asid_pool {
    uint64_t *pool_roots[ASID_POOL_SIZE];
} asid_pool_t;

/* The address-space root with this ASID, or NULL. Inline: every exit to user reads it. */
static inline uint64_t *asid_lookup(word_t asid)
{
    if (asid == 0 || asid >= (word_t)ASID_POOL_COUNT * ASID_POOL_SIZE) {
        return NULL;
    }
    const asid_pool_t *pool = ks_asid_pools[asid >> ASID_POOL_BITS];
    return pool != NULL ? pool->pool_roots[asid & (ASID_POOL_SIZE - 1)] : NULL;
}

/*
 * Every write to the ASID table goes through these two: they bump
 * ks_asid_version, on which each thread's cached root (trap.c) depends.
 */
static inline void asid_set_pool(word_t index, asid_pool_t *pool)
{
    ks_asid_pools[index] = pool;
    ks_asid_version++;
}

static inline void asid_set_root(asid_pool_t *pool, word_t asid, uint64_t *root)
{
    pool->pool_roots[asid & (ASID_POOL_SIZE - 1)] = root;
    ks_asid_version++;
}

/*
 * Physical address of a kernel pointer to a paging structure or frame
 * (through the architecture interface: the host tests run this code over
 * a double whose window is ordinary memory).
 */
static inline paddr_t vspace_phys(const void *ptr)
{
    return arch_window_to_phys(ptr);
}

/*
 * The entry for vaddr at `level` in the tables under `root`, when every
 * table above it is present (and none of them a large page); else NULL and
 * *missing = the level whose entry is absent.
 */
uint64_t *vspace_walk(uint64_t *root, word_t vaddr, unsigned level, unsigned *missing);

/*
 * The physical address an entry at `level` points to. A large page's
 * entry keeps its PAT bit (bit 12) among the address bits, so the address
 * is masked to the page's size.
 */
paddr_t vspace_entry_addr(uint64_t entry, unsigned level);

/* Unmaps a frame or paging structure capability's mapping if it is still in place. */
void vspace_unmap_cap(cap_t cap);

/* Invocations of each architecture capability type. */
exception_t decode_frame_invocation(invocation_t *inv);
exception_t decode_page_table_invocation(invocation_t *inv);
exception_t decode_asid_control_invocation(invocation_t *inv);
exception_t decode_asid_pool_invocation(invocation_t *inv);
exception_t decode_io_port_control_invocation(invocation_t *inv);
exception_t decode_io_port_invocation(invocation_t *inv);

/* Marks ports the kernel drives as issued, so no capability can reach them. */
void io_ports_reserve(word_t first, word_t last);

/* Deletion: a root or pool going away takes its ASIDs with it; ports are freed. */
void asid_pool_finalise(cap_t cap);
void vspace_root_finalise(cap_t cap);
void io_port_finalise(cap_t cap);

#endif /* ARCH_VSPACE_H */

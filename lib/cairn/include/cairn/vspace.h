/*
 * Building address spaces at user level with nothing but libsel4
 * invocations: mapping a frame makes and maps whatever page table, page
 * directory or PDPT is missing above it. Used by the system tests and the
 * SDK's initialiser.
 */
#ifndef CAIRN_VSPACE_H
#define CAIRN_VSPACE_H

#include <sel4/sel4.h>

/* Where new objects come from: the caller's untyped memory and free slots. */
typedef struct cairn_alloc {
    void *ctx;
    /* A new object of `type` (size_bits for sized types) in a free slot; 0 when out of memory. */
    seL4_CPtr (*new_object)(void *ctx, seL4_Word type, seL4_Word size_bits);
} cairn_alloc_t;

/*
 * Maps `frame` at vaddr in `vspace` (a PML4 with an ASID) with rights and
 * attributes, first making and mapping the paging structures it needs.
 * Returns seL4_NoError, seL4_NotEnoughMemory when the allocator fails, or
 * the error of the invocation that refused.
 */
seL4_Error cairn_map_frame(const cairn_alloc_t *alloc, seL4_CPtr vspace, seL4_CPtr frame,
                           seL4_Word vaddr, seL4_CapRights_t rights, seL4_Word attr);

#endif /* CAIRN_VSPACE_H */

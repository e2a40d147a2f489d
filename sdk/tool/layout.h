/*
 * What each PD will get, derived from the checked model: the channel masks
 * libmicrokit reads, its CSpace slot by slot (the CAIRN_SLOT_* contract in
 * cairn/spec.h) and the kernel memory its objects cost. The initialiser
 * builds the same from the spec; the report prints it.
 */
#ifndef TOOL_LAYOUT_H
#define TOOL_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

typedef struct {
    uint64_t irqs;          /* bit n: channel id n is an IRQ */
    uint64_t notifications; /* bit n: the PD may notify over channel n */
    uint64_t pps;           /* bit n: the PD may call over channel n */
    uint64_t ioports;       /* bit n: the PD has I/O port range n */
} layout_masks_t;

/* The masks of PD pd (libmicrokit's microkit_irqs, _notifications, _pps, _ioports). */
void layout_masks(const system_t *sys, uint32_t pd, layout_masks_t *out);

/* True if pd receives on an endpoint: someone may call it, or it has children. */
bool layout_has_endpoint(const system_t *sys, uint32_t pd);

typedef struct {
    uint32_t slot;
    char what[160];
} layout_cap_t;

#define LAYOUT_MAX_CAPS (1u << CAIRN_PD_CNODE_BITS)

/* Fills out[] with PD pd's capabilities in slot order; returns how many. */
uint32_t layout_caps(const system_t *sys, uint32_t pd, layout_cap_t *out);

/* Bytes of memory a PD's own objects take (shared memory regions are counted once, apart). */
typedef struct {
    uint64_t tcb;
    uint64_t sc;
    uint64_t cnode;
    uint64_t ipc_objects; /* reply, notification, endpoint */
    uint64_t paging;      /* PML4, PDPTs, page directories, page tables */
    uint32_t paging_tables;
    uint64_t image_frames; /* the program image's pages */
    uint64_t stack;
    uint64_t total;
} layout_cost_t;

void layout_pd_cost(const system_t *sys, uint32_t pd, layout_cost_t *out);

/* Object sizes (lib/sel4/include/sel4/constants.h; CNode slots are 2^seL4_SlotBits). */
#define LAYOUT_TCB_BYTES   2048ull
#define LAYOUT_SC_BYTES    128ull
#define LAYOUT_REPLY_BYTES 32ull
#define LAYOUT_NTFN_BYTES  64ull
#define LAYOUT_EP_BYTES    16ull
#define LAYOUT_CNODE_BYTES ((1ull << CAIRN_PD_CNODE_BITS) * 32ull)
#define LAYOUT_TABLE_BYTES 4096ull

/*
 * Counts the distinct naturally aligned blocks of 2^shift bytes that the
 * ranges [start[i], start[i] + len[i]) touch (empty ranges touch none;
 * no range may wrap). For the paging cost: how many tables one level needs.
 */
uint64_t layout_count_blocks(const uint64_t *start, const uint64_t *len, uint32_t n,
                             unsigned shift);

#endif /* TOOL_LAYOUT_H */

/*
 * Checks that relate the description's elements to each other: names and
 * references, id spaces, priorities, passive PDs, I/O port and IRQ
 * conflicts (check.c), and memory layout: region sizes, page sizes and
 * every PD's address space (check_map.c). Each problem is reported through
 * diag.h at the element it concerns; all independent ones in one run.
 */
#ifndef TOOL_CHECK_H
#define TOOL_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/*
 * Checks a parsed system, resolving every name to an index on the way.
 * Program images and prefill data are used where they were loaded (image.c
 * loads them first); where they were not, the checks that need them are
 * skipped. Returns true if nothing was reported.
 */
bool check_system(system_t *sys);

/* The memory-layout half of check_system() (check_map.c). */
void check_memory(system_t *sys);

/* True if [a, a + alen) and [b, b + blen) share a byte; lengths may be 0 (never overlaps). */
bool check_overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen);

/* x rounded up to a multiple of align (a power of two); saturates instead of wrapping. */
uint64_t check_round_up(uint64_t x, uint64_t align);

/* The I/O ports the kernel keeps for itself: first port, count, what. */
typedef struct {
    uint32_t first;
    uint32_t count;
    const char *what;
} kernel_ports_t;

extern const kernel_ports_t check_kernel_ports[];
extern const unsigned check_kernel_port_count;

#endif /* TOOL_CHECK_H */

/*
 * Helpers for the capability tests: free slots in the root CNode, a RAM
 * untyped to make objects from, and raw invocations with short messages.
 */
#ifndef SYSTEST_CSPACE_H
#define SYSTEST_CSPACE_H

#include <sel4/sel4.h>

#define ROOT  seL4_CapInitThreadCNode
#define DEPTH seL4_WordBits

/* A free slot of the root CNode (never reused within a boot). */
seL4_CPtr cs_slot(void);

/* `count` consecutive free slots; returns the first. */
seL4_CPtr cs_slots(seL4_Word count);

/* The suite's own untyped (a 32 MiB child of the largest RAM untyped). */
seL4_CPtr cs_untyped(void);

/* A fresh untyped of 2^size_bits bytes carved from the suite's untyped. */
seL4_CPtr cs_new_untyped(unsigned size_bits);

/* A new object of `type` (and size) in a fresh slot. */
seL4_CPtr cs_new(seL4_Word type, seL4_Word size_bits);

/* Whether a slot holds a capability (a Copy out of it can find one). */
int cs_occupied(seL4_CPtr slot);

/*
 * A Call on `cap` with `label` and only `length` message words: a free slot
 * and depth 64, then zeros.
 */
seL4_Error cs_raw_call(seL4_CPtr cap, seL4_Word label, seL4_Word length);

/* The first device untyped in BootInfo, or 0. */
seL4_CPtr cs_device_untyped(void);

#endif /* SYSTEST_CSPACE_H */

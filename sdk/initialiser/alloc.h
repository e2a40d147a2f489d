/*
 * The initialiser's memory and slots: objects are retyped from the
 * BootInfo untypeds (mirroring each untyped's watermark, so an object can
 * also be placed at a given physical address), in root CNode slots. Caps
 * only needed until an object is mapped are "transient": afterwards they
 * move to an archive CNode and their root slots are reused, so a system's
 * size is not bounded by the root CNode's 4096 slots.
 */
#ifndef INIT_ALLOC_H
#define INIT_ALLOC_H

#include <cairn/vspace.h>
#include <sel4/sel4.h>

#define ROOT  seL4_CapInitThreadCNode
#define DEPTH seL4_WordBits

/* Prepares the allocator from BootInfo; 0 on success. */
int alloc_init(void);

/* A free root slot; 0 when none is left. */
seL4_CPtr alloc_slot(void);

/* A free root slot that is transient (see alloc_begin_transient); 0 when none is left. */
seL4_CPtr alloc_transient_slot(void);

/* A new object in RAM, in a fresh root slot; 0 when out of memory. */
seL4_CPtr alloc_object(seL4_Word type, seL4_Word size_bits);

/* A new frame (4 KiB or 2 MiB: page_bits 12 or 21) at physical address pa; 0 if impossible. */
seL4_CPtr alloc_frame_at(seL4_Word pa, unsigned page_bits);

/* Objects made from now on until alloc_stash() are transient. */
void alloc_begin_transient(void);

/* Moves every transient capability to the archive and frees its root slot. */
int alloc_stash(void);

/* Bytes of RAM untyped memory not used yet. */
seL4_Word alloc_ram_left(void);

/* The allocator in libcairn's form; its objects are transient while a transient run is open. */
extern const cairn_alloc_t init_alloc;

#endif /* INIT_ALLOC_H */

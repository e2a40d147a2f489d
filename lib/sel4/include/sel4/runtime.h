/*
 * The root task runtime (lib/sel4/runtime.c): what crt0 hands to C. A root
 * task defines `int main(void)`; returning ends the machine with that code
 * through seL4_CairnDebugExit.
 */
#ifndef SEL4_RUNTIME_H
#define SEL4_RUNTIME_H

#include <sel4/bootinfo_types.h>

/* The BootInfo the kernel passed at entry. */
const seL4_BootInfo *seL4_GetBootInfo(void);

/*
 * The payload of the first extra BootInfo chunk with identifier `id`, and its
 * length in bytes through *len; NULL when there is none or the chunk list is
 * malformed.
 */
const void *sel4_bootinfo_chunk(seL4_Word id, seL4_Word *len);

/*
 * The root task's arguments: its Multiboot module command line without the
 * leading path ("" when there are none).
 */
const char *sel4_root_args(void);

int main(void);

#endif /* SEL4_RUNTIME_H */

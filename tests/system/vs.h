/*
 * Helpers for the address-space tests: an allocator for libcairn, a test
 * address range per test, and a probe thread that tries one access and
 * reports whether it faulted (with the VMFault message) or completed.
 */
#ifndef SYSTEST_VS_H
#define SYSTEST_VS_H

#include <cairn/vspace.h>
#include <sel4/sel4.h>

#define VSPACE seL4_CapInitThreadVSpace

enum {
    LABEL_VM_FAULT = 6,
};

#define PAGE  4096ul
#define LARGE 0x200000ul

/* Objects from the suite's untyped (cs_new). */
extern const cairn_alloc_t vs_alloc;

/* A 2 MiB-aligned range of the root task's address space of its own for test n (n < 256). */
seL4_Word vs_range(unsigned n);

/* A new 4 KiB frame mapped read-write at vaddr in the root task; 0 on failure. */
seL4_CPtr vs_map_new(seL4_Word vaddr);

typedef enum {
    PROBE_READ,
    PROBE_WRITE, /* writes PROBE_PATTERN */
    PROBE_EXEC,  /* calls the address */
} probe_op_t;

#define PROBE_PATTERN 0x5ca1ab1e0ddba11ul

typedef struct {
    seL4_Word ip;
    seL4_Word addr;
    seL4_Word prefetch;
    seL4_Word fsr;
} vm_fault_t;

/*
 * Lets a thread of the root task's address space try op at addr. Returns
 * 1 and fills *fault if it took a VMFault (the thread is then stopped), 0
 * if the access completed (*value: what a read saw), -1 on a setup error.
 */
int vs_probe(probe_op_t op, seL4_Word addr, vm_fault_t *fault, seL4_Word *value);

#endif /* SYSTEST_VS_H */

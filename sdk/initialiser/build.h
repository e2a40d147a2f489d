/*
 * Building the system the specification describes (build.c): the objects
 * of every PD, its address space and CSpace, memory regions, channels,
 * IRQs and I/O ports, then starting the PDs. The monitor (monitor.c) needs
 * each PD's TCB and scheduling context afterwards.
 */
#ifndef INIT_BUILD_H
#define INIT_BUILD_H

#include <sel4/sel4.h>

#include "spec.h"

enum {
    MAX_PDS = 63,
    MAX_MRS = 256,
};

typedef struct {
    seL4_CPtr tcb;
    seL4_CPtr sc;
    seL4_CPtr cnode;
    seL4_CPtr vspace;
    seL4_CPtr ntfn;
    seL4_CPtr ep; /* 0 unless the PD is called or has children */
    seL4_CPtr reply;
    seL4_CPtr ipc_frame; /* an unmapped copy of the IPC buffer's frame */
    seL4_Word entry;
} pd_objects_t;

extern pd_objects_t pd_objects[MAX_PDS];

/* The endpoint PDs without a parent fault to, and passive PDs report to. */
extern seL4_CPtr monitor_ep;

/* Builds and starts everything; 0, or -1 after printing what failed. */
int build_system(const spec_t *spec);

#endif /* INIT_BUILD_H */

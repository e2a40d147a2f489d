/*
 * The benchmarks' environment: objects from one untyped, free slots of the
 * root CNode, threads, and the second address space ("far"), which maps
 * the root task's own image frames at the same addresses, so a thread there
 * runs the same code and writes its timestamps straight into the root
 * task's arrays.
 */
#ifndef BENCH_ENV_H
#define BENCH_ENV_H

#include <sel4/sel4.h>

#define ROOT  seL4_CapInitThreadCNode
#define DEPTH seL4_WordBits

enum {
    PRIO_TOP = 255, /* the root task's, and both IPC sides' (as in the baseline) */
};

/* Takes the largest RAM untyped and builds the far address space; 0 on success. */
int env_init(void);

/* A free slot of the root CNode (never reused). 0 when the CNode is full. */
seL4_CPtr env_slot(void);

/* A new object of `type` (size_bits for sized types) in a fresh slot; 0 on failure. */
seL4_CPtr env_new(seL4_Word type, seL4_Word size_bits);

/*
 * A fresh 4 KiB frame mapped read-write at vaddr in vspace, with whatever
 * paging structures are missing above it; its capability, 0 on failure.
 */
seL4_CPtr env_map_new(seL4_CPtr vspace, seL4_Word vaddr);

/* What a thread runs and where. */
typedef struct {
    void (*fn)(seL4_Word);
    seL4_Word arg;
    seL4_Word prio;
    int far;            /* run in the far address space, on a stack of its own there */
    seL4_CPtr fault_ep; /* where its faults go; seL4_CapNull for none */
} thread_spec_t;

typedef struct {
    seL4_CPtr tcb;
    seL4_CPtr sc;
} bench_thread_t;

/*
 * Creates a thread with a scheduling context of its own (budget = period,
 * round robin) and an IPC buffer, and starts it at spec->fn(spec->arg).
 * Near threads share the root task's address space; their IPC buffer is a
 * page of the image. Far threads share one IPC buffer frame, mapped where
 * the root task's is, so libsel4's buffer pointer is right there too.
 * Returns 0 on success.
 */
int env_thread_start(bench_thread_t *t, const thread_spec_t *spec);

/* Stops the thread for good (its objects stay; the benchmarks run once per boot). */
void env_thread_stop(const bench_thread_t *t);

/* Ends a thread's function: blocks for ever on a notification nobody signals. */
_Noreturn void env_park(void);

#endif /* BENCH_ENV_H */

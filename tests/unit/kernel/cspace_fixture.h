/*
 * Shared fixture for the capability-system unit tests: fake physical memory
 * holding a root CNode (cptr n is slot n), a thread whose CSpace root it is
 * and an untyped; invocations through invoke(); the derivation-tree
 * invariant checker; and snapshots proving that a failed call changes nothing.
 */
#ifndef TESTS_UNIT_CSPACE_FIXTURE_H
#define TESTS_UNIT_CSPACE_FIXTURE_H

#include <stddef.h>

#include "api/invocation.h"
#include "object/tcb.h"

enum {
    FX_SLOT_UNTYPED = 1, /* the fixture's untyped, a derivation-tree root */
    FX_SLOT_ROOT = 2,    /* a capability to the root CNode itself */
    FX_FIRST_FREE = 16,  /* first slot the tests play with */
    FX_PHYS_BASE = 0x40000000,
    FX_ROOT_DEPTH = 64,
    FX_MAX_WORDS = 8,
    FX_FAULT = -1, /* fx_call's result when a capability lookup faulted */
};

typedef struct {
    uint8_t *mem; /* the fake physical memory */
    size_t mem_size;
    cte_t *root; /* root CNode slots */
    unsigned root_radix;
    tcb_t *tcb;        /* the invoking thread (not in any CNode) */
    uintptr_t ut_base; /* the untyped's memory */
    unsigned ut_bits;
    uintptr_t bump;       /* fixture allocations below the untyped */
    unsigned preemptions; /* restarts fx_call made */
} fixture_t;

extern fixture_t fx;

/*
 * cmocka's fail_msg for files that undefine cmocka's fail() macro, which
 * would hide the kernel's fail() (api/invocation.h). Include cmocka first.
 */
#define FX_FAIL(...)               \
    do {                           \
        print_error(__VA_ARGS__);  \
        print_error("\n");         \
        _fail(__FILE__, __LINE__); \
    } while (0)

/* The last invocation the shorthands below made (static: it is too big for the stack). */
extern invocation_t fx_last;

/*
 * Sets up 2^mem_bits bytes of zeroed fake memory (aligned to its size), a
 * root CNode of 2^root_radix slots, the thread and a 2^ut_bits untyped at
 * the top of the memory, and clears every kernel global. Returns 0.
 */
int fx_setup(unsigned mem_bits, unsigned root_radix, unsigned ut_bits);
void fx_teardown(void);

/* Zeroed, 2^bits-aligned memory below the untyped, for hand-built objects. */
void *fx_alloc(unsigned bits);

/* Root slot n. */
cte_t *fx_slot(word_t n);

/* A derivation-tree root: cap in an empty slot, revocable, unlinked. */
void fx_put_root_cap(cte_t *slot, cap_t cap);

/* A system call on the thread's CSpace: what gather_invocation collects. */
typedef struct {
    word_t label;
    word_t cptr;
    word_t length;
    word_t words[FX_MAX_WORDS];
    word_t extra_count;
    word_t extra[MSG_MAX_EXTRA_CAPS];
} fx_call_t;

/*
 * Builds inv from call as the syscall path does (cptrs looked up with all
 * 64 bits from the thread's CSpace root) and invokes it once. EXC_FAULT if
 * a lookup failed.
 */
exception_t fx_invoke_once(const fx_call_t *call, invocation_t *inv);

/*
 * Invokes call, restarting it after each preemption as the kernel would
 * (checking the derivation tree between attempts); returns the seL4 error
 * (seL4_NoError on success) or FX_FAULT. *inv is the last attempt.
 */
int fx_call(const fx_call_t *call, invocation_t *inv);

/* Shorthands on the root CNode (depth 64), run to completion. */
int fx_copy(word_t dest, word_t src, word_t rights);
int fx_mint(word_t dest, word_t src, word_t rights, word_t badge);
int fx_move(word_t dest, word_t src);
int fx_mutate(word_t dest, word_t src, word_t data);
int fx_delete(word_t slot);
int fx_revoke(word_t slot);
/* Retype from the untyped at root slot ut into root slots [dest, dest + count). */
int fx_retype(word_t ut, word_t type, word_t size_bits, word_t dest, word_t count);

/*
 * Checks the derivation tree over every slot reachable from the root CNode,
 * the thread, ks_delete_active and the MDB links. Returns NULL when it
 * holds, else a description of the first violation (static storage).
 */
const char *fx_check_mdb(void);

/* Fails the current test with the checker's message if the tree is broken. */
void fx_assert_mdb(void);

/* A byte copy of the fake memory and every kernel global. */
typedef struct {
    uint8_t *mem;
    uint8_t *globals;
} fx_snapshot_t;

/* Takes a snapshot into snap, reusing its buffers if it has them (start from {0}). */
void fx_snapshot_take(fx_snapshot_t *snap);
/* Offset of the first byte that differs (SIZE_MAX: none; globals count past memory). */
size_t fx_snapshot_diff(const fx_snapshot_t *snap);
void fx_snapshot_free(fx_snapshot_t *snap);

/* Asserts nothing changed since snap was taken, then frees it. */
void fx_assert_unchanged(fx_snapshot_t *snap);

/* Whether root slot n's capability has children in the derivation tree. */
bool fx_has_children(word_t n);

#endif /* TESTS_UNIT_CSPACE_FIXTURE_H */

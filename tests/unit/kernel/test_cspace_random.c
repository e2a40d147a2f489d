/*
 * Random sequences of CNode and Untyped invocations (valid and invalid)
 * through invoke(), with fixed seeds: after every step the derivation tree
 * must pass the checker, and every refused call must have changed nothing.
 * Half the seeds force preemption; a preempted call is restarted until it
 * completes, as the kernel restarts the system call, with checks in between.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

/* cmocka's fail() macro would hide the kernel's fail() (api/invocation.h). */
#undef fail

#include <arch/host.h>
#include <invocation_labels.h>
#include <sel4/objecttype.h>

#include "cspace_fixture.h"
#include "object/object.h"
#include "state.h"

enum {
    MEM_BITS = 20,
    ROOT_RADIX = 8,
    UT_BITS = 19,
    PLAY_FIRST = FX_FIRST_FREE,
    PLAY_COUNT = 48,
    SEEDS = 10,
    STEPS = 2000,
    MAX_ATTEMPTS = 100000,
    MIN_SUCCESSES = 20, /* per label over all seeds of one test */
};

typedef struct {
    uint64_t state;
    unsigned seed;
    unsigned step;
} rng_t;

static unsigned successes[INVOCATION_LABEL_COUNT];
static unsigned restarts;  /* calls restarted after preemption */
static fx_snapshot_t snap; /* reused: a fresh 1 MiB buffer per step is slow under ASan */

static uint64_t next(rng_t *r)
{
    r->state ^= r->state << 13;
    r->state ^= r->state >> 7;
    r->state ^= r->state << 17;
    return r->state;
}

static word_t below(rng_t *r, word_t n)
{
    return (word_t)(next(r) % n);
}

static bool chance(rng_t *r, unsigned percent)
{
    return below(r, 100) < percent;
}

static word_t play_slot(rng_t *r)
{
    return PLAY_FIRST + below(r, PLAY_COUNT);
}

/* An (index, depth) pair in the CNode at root slot `via`, sometimes nonsense. */
static void pick_slot(rng_t *r, word_t via, word_t *index, word_t *depth)
{
    cap_t cap = fx_slot(via)->cap;

    if (chance(r, 5)) {
        *index = next(r) & 0xfff;
        *depth = below(r, 70);
    } else if (via == FX_SLOT_ROOT || cap_type(cap) != CAP_CNODE) {
        *index = play_slot(r);
        *depth = FX_ROOT_DEPTH;
    } else {
        unsigned radix = cap_cnode_radix(cap);
        unsigned guard_size = cap_cnode_guard_size(cap);
        *index = below(r, (word_t)1 << radix) | (cap_cnode_guard(cap) << radix);
        *depth = radix + guard_size;
    }
}

static word_t pick_cnode(rng_t *r)
{
    return chance(r, 85) ? FX_SLOT_ROOT : play_slot(r);
}

/* Copy, Mint, Move, Mutate or Rotate with random slots and data. */
static void random_transfer(rng_t *r, word_t label, fx_call_t *c)
{
    c->cptr = pick_cnode(r);
    c->extra_count = label == CNodeRotate ? 2 : 1;
    c->extra[0] = pick_cnode(r);
    c->extra[1] = pick_cnode(r);
    pick_slot(r, c->cptr, &c->words[0], &c->words[1]);
    pick_slot(r, c->extra[0], &c->words[2], &c->words[3]);
    word_t data = chance(r, 50) ? below(r, 4) : (below(r, 8) << 6) | below(r, 8);
    if (label == CNodeRotate) {
        /* dest, dest_badge, pivot (index, depth), pivot_badge, src (index, depth) */
        word_t pivot_index = c->words[2];
        word_t pivot_depth = c->words[3];
        c->words[2] = chance(r, 50) ? 0 : data;
        c->words[3] = pivot_index;
        c->words[4] = pivot_depth;
        c->words[5] = chance(r, 50) ? 0 : data;
        pick_slot(r, c->extra[1], &c->words[6], &c->words[7]);
    } else if (label == CNodeCopy || label == CNodeMint) {
        if (chance(r, 10) && c->extra[0] == FX_SLOT_ROOT) {
            c->words[2] = FX_SLOT_UNTYPED + below(r, 2); /* the fixture's own capabilities */
        }
        c->words[4] = chance(r, 70) ? RIGHTS_ALL : below(r, 16);
        c->words[5] = data;
    } else {
        c->words[4] = data;
    }
}

static word_t random_size(rng_t *r, word_t type)
{
    if (chance(r, 5)) {
        return below(r, 70);
    }
    switch (type) {
    case seL4_UntypedObject:
        return 4 + below(r, 11);
    case seL4_CapTableObject:
        return 1 + below(r, 4);
    case seL4_SchedContextObject:
        return 7 + below(r, 3);
    default:
        return 0;
    }
}

static void random_retype(rng_t *r, fx_call_t *c)
{
    word_t type = chance(r, 5) ? 99 : below(r, seL4_NonArchObjectTypeCount);

    c->cptr = chance(r, 60) ? FX_SLOT_UNTYPED : play_slot(r);
    c->extra_count = 1;
    c->extra[0] = FX_SLOT_ROOT;
    c->words[0] = type;
    c->words[1] = random_size(r, type);
    c->words[2] = 0;
    c->words[3] = 0;
    c->words[4] = chance(r, 3) ? 300 : play_slot(r);
    c->words[5] = chance(r, 3) ? below(r, 300) : 1 + below(r, 3);
}

static void random_call(rng_t *r, fx_call_t *c)
{
    static const word_t labels[] = { CNodeCopy,
                                     CNodeMint,
                                     CNodeMove,
                                     CNodeMutate,
                                     CNodeRotate,
                                     CNodeDelete,
                                     CNodeRevoke,
                                     UntypedRetype,
                                     UntypedRetype,
                                     UntypedRetype,
                                     CNodeCancelBadgedSends };
    word_t label = labels[below(r, ARRAY_SIZE(labels))];

    memset(c, 0, sizeof(*c));
    c->label = label;
    c->length = invocation_info[label].msg_words;
    if (label == UntypedRetype) {
        random_retype(r, c);
    } else if (label >= CNodeCopy) {
        random_transfer(r, label, c);
    } else {
        c->cptr = pick_cnode(r);
        pick_slot(r, c->cptr, &c->words[0], &c->words[1]);
    }
    if (chance(r, 3)) {
        c->length = below(r, c->length);
    }
    if (chance(r, 2) && c->extra_count > 0) {
        c->extra_count--;
    }
}

static void check_tree(const rng_t *r, const char *when)
{
    const char *err = fx_check_mdb();

    if (err != NULL) {
        FX_FAIL("seed %u step %u (%s): %s", r->seed, r->step, when, err);
    }
}

/* One random call, restarted while preempted; a refusal must change nothing. */
static void run_step(rng_t *r, const fx_call_t *c)
{
    static invocation_t inv;

    fx_snapshot_take(&snap);
    exception_t status = fx_invoke_once(c, &inv);
    size_t diff =
        status == EXC_SYSCALL_ERROR || status == EXC_FAULT ? fx_snapshot_diff(&snap) : SIZE_MAX;
    if (diff != SIZE_MAX) {
        FX_FAIL("seed %u step %u: label %lu refused (error %d) but changed byte %#zx", r->seed,
                r->step, c->label, (int)inv.error.type, diff);
    }
    for (int attempt = 0; status == EXC_PREEMPTED; attempt++) {
        check_tree(r, "preempted");
        if (attempt == MAX_ATTEMPTS) {
            FX_FAIL("seed %u step %u: never completes", r->seed, r->step);
        }
        status = fx_invoke_once(c, &inv);
        restarts++;
    }
    if (status == EXC_NONE) {
        successes[c->label]++;
    }
    check_tree(r, "after");
}

static void run_seed(unsigned seed, unsigned preempt_every)
{
    rng_t r = { 0x9e3779b97f4a7c15ULL * (seed + 1), seed, 0 };
    fx_call_t call;

    fx_setup(MEM_BITS, ROOT_RADIX, UT_BITS);
    /* Interrupts every few polls, and a stop at every few preemption points
     * (polls come only every PREEMPT_WORK_UNITS units, rarely reached here). */
    host_set_interrupt_every(preempt_every);
    ks_debug_preempt_every = preempt_every;
    for (r.step = 0; r.step < STEPS; r.step++) {
        random_call(&r, &call);
        run_step(&r, &call);
    }
    host_set_interrupt_every(0);
    ks_debug_preempt_every = 0;
    /* Revoking the untyped leaves nothing behind. */
    assert_int_equal(fx_revoke(FX_SLOT_UNTYPED), seL4_NoError);
    assert_false(fx_has_children(FX_SLOT_UNTYPED));
    assert_null(ks_delete_active);
    check_tree(&r, "final revoke");
    fx_snapshot_free(&snap);
    fx_teardown();
}

static void assert_all_methods_succeeded(void)
{
    static const word_t labels[] = { CNodeCopy,   CNodeMint,   CNodeMove,   CNodeMutate,
                                     CNodeRotate, CNodeDelete, CNodeRevoke, UntypedRetype };

    for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
        if (successes[labels[i]] < MIN_SUCCESSES) {
            FX_FAIL("%s succeeded only %u times", invocation_info[labels[i]].name,
                    successes[labels[i]]);
        }
    }
}

static void test_random_invocations_keep_tree_valid(void **state)
{
    (void)state;
    memset(successes, 0, sizeof(successes));
    for (unsigned seed = 0; seed < SEEDS; seed++) {
        run_seed(seed, 0);
    }
    assert_all_methods_succeeded();
}

static void test_random_invocations_preempted_keep_tree_valid(void **state)
{
    (void)state;
    memset(successes, 0, sizeof(successes));
    restarts = 0;
    for (unsigned seed = SEEDS; seed < 2 * SEEDS; seed++) {
        run_seed(seed, 1 + seed % 3);
    }
    assert_all_methods_succeeded();
    assert_true(restarts > MIN_SUCCESSES);
    print_message("%u restarts; successes: copy %u mint %u move %u mutate %u rotate %u "
                  "delete %u revoke %u retype %u\n",
                  restarts, successes[CNodeCopy], successes[CNodeMint], successes[CNodeMove],
                  successes[CNodeMutate], successes[CNodeRotate], successes[CNodeDelete],
                  successes[CNodeRevoke], successes[UntypedRetype]);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_invocations_keep_tree_valid),
        cmocka_unit_test(test_random_invocations_preempted_keep_tree_valid),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

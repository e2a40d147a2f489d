/*
 * The capability tests' fixture (cspace_fixture.h): everything lives in one
 * buffer registered as physical memory, so a snapshot of that buffer and
 * the kernel globals is a snapshot of all kernel state the tests can reach.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* cmocka's fail() macro would hide the kernel's fail() (api/invocation.h). */
#undef fail

#include <arch/host.h>
#include <arch/host_mmu.h>
#include <invocation_labels.h>

#include "cspace/mdb.h"
#include "cspace_fixture.h"
#include "object/object.h"
#include "state.h"

fixture_t fx;
invocation_t fx_last;

enum {
    FX_MAX_ATTEMPTS = 1000000,
    MAX_CHECKED_RADIX = 20,
};

/* Scratch for the checker, sized by the fake memory (one entry per slot-sized cell). */
typedef struct {
    uint32_t *mark; /* == gen: cell already in `set` */
    uint32_t gen;
    cte_t **set; /* every slot found */
    size_t n;
    cte_t **ord;  /* non-empty slots, list by list, each in list order */
    size_t *lbeg; /* per ord position: where its list starts */
    size_t *lend; /* ... and ends */
    size_t *pos;  /* per cell: position in ord */
    size_t nonnull;
    char msg[256];
    bool failed;
} checker_t;

static checker_t ck;

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);

    if (p == NULL) {
        abort();
    }
    return p;
}

int fx_setup(unsigned mem_bits, unsigned root_radix, unsigned ut_bits)
{
    size_t cells = ((size_t)1 << mem_bits) >> SLOT_BITS;

    host_reset();
    memset(&fx, 0, sizeof(fx));
    fx.mem_size = (size_t)1 << mem_bits;
    fx.mem = aligned_alloc(fx.mem_size, fx.mem_size);
    if (fx.mem == NULL) {
        abort();
    }
    memset(fx.mem, 0, fx.mem_size);
    host_set_phys_memory(FX_PHYS_BASE, fx.mem, fx.mem_size);
    ks_cur_thread = NULL;
    memset(ks_ready_queues, 0, sizeof(ks_ready_queues));
    memset(&ks_ready_bitmap, 0, sizeof(ks_ready_bitmap));
    memset(&ks_boot_free, 0, sizeof(ks_boot_free));
    ks_ticks = 0;
    ks_work_units = 0;
    ks_debug_preempt_every = 0;
    ks_object_epoch = 0;
    ks_delete_active = NULL;
    ks_debug_preempt_points = 0;
    ks_release_head = NULL;
    ks_switch_time = 0;
    ks_deadline = 0; /* nothing armed, as at boot */
    memset(ks_irq_issued, 0, sizeof(ks_irq_issued));
    memset(ks_irq_slots, 0, sizeof(ks_irq_slots));
    memset(ks_asid_pools, 0, sizeof(ks_asid_pools));
    ks_asid_version = 1;
    memset(ks_io_ports_issued, 0, sizeof(ks_io_ports_issued));
    host_mmu_reset();

    fx.bump = (uintptr_t)fx.mem;
    fx.ut_bits = ut_bits;
    fx.ut_base = (uintptr_t)fx.mem + fx.mem_size - ((size_t)1 << ut_bits);
    fx.root_radix = root_radix;
    fx.root = fx_alloc(root_radix + SLOT_BITS);
    fx.tcb = fx_alloc(TCB_SIZE_BITS);
    tcb_init(fx.tcb);
    cap_t root_cap = cap_cnode(fx.root, root_radix, WORD_BITS - root_radix, 0);
    fx_put_root_cap(&fx.root[FX_SLOT_ROOT], root_cap);
    mdb_insert_derived(&fx.root[FX_SLOT_ROOT], &tcb_slots(fx.tcb)[TCB_SLOT_CSPACE], root_cap);
    fx_put_root_cap(&fx.root[FX_SLOT_UNTYPED], cap_untyped((void *)fx.ut_base, ut_bits, false, 0));

    memset(&ck, 0, sizeof(ck));
    ck.mark = xcalloc(cells, sizeof(*ck.mark));
    /* Arrays of slot pointers, which bugprone-sizeof-expression mistakes for a slip. */
    ck.set = xcalloc(cells, sizeof(*ck.set)); // NOLINT(bugprone-sizeof-expression)
    ck.ord = xcalloc(cells, sizeof(*ck.ord)); // NOLINT(bugprone-sizeof-expression)
    ck.lbeg = xcalloc(cells, sizeof(*ck.lbeg));
    ck.lend = xcalloc(cells, sizeof(*ck.lend));
    ck.pos = xcalloc(cells, sizeof(*ck.pos));
    return 0;
}

void fx_teardown(void)
{
    free(ck.mark);
    free(ck.set);
    free(ck.ord);
    free(ck.lbeg);
    free(ck.lend);
    free(ck.pos);
    memset(&ck, 0, sizeof(ck));
    free(fx.mem);
    memset(&fx, 0, sizeof(fx));
    ks_delete_active = NULL;
    host_reset();
}

void *fx_alloc(unsigned bits)
{
    uintptr_t p = (fx.bump + ((uintptr_t)1 << bits) - 1) & ~(((uintptr_t)1 << bits) - 1);

    if (p + ((uintptr_t)1 << bits) > fx.ut_base) {
        FX_FAIL("fixture memory exhausted");
    }
    fx.bump = p + ((uintptr_t)1 << bits);
    memset((void *)p, 0, (size_t)1 << bits);
    return (void *)p;
}

cte_t *fx_slot(word_t n)
{
    return &fx.root[n];
}

void fx_put_root_cap(cte_t *slot, cap_t cap)
{
    slot->cap = cap;
    slot->mdb.prev = NULL;
    slot->mdb.next_flags = MDB_REVOCABLE | MDB_FIRST_BADGED;
}

/* --- Invocations ------------------------------------------------------ */

exception_t fx_invoke_once(const fx_call_t *call, invocation_t *inv)
{
    cap_t root = tcb_cspace_root(fx.tcb);
    lookup_fault_t fault;

    memset(inv, 0, sizeof(*inv));
    inv->thread = fx.tcb;
    inv->label = call->label;
    inv->length = call->length > FX_MAX_WORDS ? FX_MAX_WORDS : call->length;
    memcpy(inv->words, call->words, sizeof(call->words));
    inv->extra_count = call->extra_count;
    if (!cspace_lookup_slot(root, call->cptr, &inv->slot, &fault)) {
        inv->error.lookup = fault;
        return EXC_FAULT;
    }
    inv->cap = inv->slot->cap;
    for (word_t i = 0; i < call->extra_count && i < MSG_MAX_EXTRA_CAPS; i++) {
        if (!cspace_lookup_slot(root, call->extra[i], &inv->extra_slots[i], &fault)) {
            inv->error.lookup = fault;
            return EXC_FAULT;
        }
    }
    return invoke(inv);
}

int fx_call(const fx_call_t *call, invocation_t *inv)
{
    for (int attempt = 0; attempt < FX_MAX_ATTEMPTS; attempt++) {
        exception_t status = fx_invoke_once(call, inv);
        if (status == EXC_NONE) {
            return seL4_NoError;
        }
        if (status == EXC_SYSCALL_ERROR) {
            return (int)inv->error.type;
        }
        if (status != EXC_PREEMPTED) {
            return FX_FAULT;
        }
        fx.preemptions++;
        fx_assert_mdb();
    }
    FX_FAIL("invocation never completed");
    return FX_FAULT;
}

static int call_root(word_t label, const word_t *words, word_t length)
{
    fx_call_t call = { label, FX_SLOT_ROOT, length, { 0 }, 1, { FX_SLOT_ROOT, 0, 0 } };

    memcpy(call.words, words, length * sizeof(word_t));
    return fx_call(&call, &fx_last);
}

int fx_copy(word_t dest, word_t src, word_t rights)
{
    word_t w[] = { dest, FX_ROOT_DEPTH, src, FX_ROOT_DEPTH, rights };
    return call_root(CNodeCopy, w, ARRAY_SIZE(w));
}

int fx_mint(word_t dest, word_t src, word_t rights, word_t badge)
{
    word_t w[] = { dest, FX_ROOT_DEPTH, src, FX_ROOT_DEPTH, rights, badge };
    return call_root(CNodeMint, w, ARRAY_SIZE(w));
}

int fx_move(word_t dest, word_t src)
{
    word_t w[] = { dest, FX_ROOT_DEPTH, src, FX_ROOT_DEPTH };
    return call_root(CNodeMove, w, ARRAY_SIZE(w));
}

int fx_mutate(word_t dest, word_t src, word_t data)
{
    word_t w[] = { dest, FX_ROOT_DEPTH, src, FX_ROOT_DEPTH, data };
    return call_root(CNodeMutate, w, ARRAY_SIZE(w));
}

int fx_delete(word_t slot)
{
    word_t w[] = { slot, FX_ROOT_DEPTH };
    return call_root(CNodeDelete, w, ARRAY_SIZE(w));
}

int fx_revoke(word_t slot)
{
    word_t w[] = { slot, FX_ROOT_DEPTH };
    return call_root(CNodeRevoke, w, ARRAY_SIZE(w));
}

int fx_retype(word_t ut, word_t type, word_t size_bits, word_t dest, word_t count)
{
    fx_call_t call = { UntypedRetype,         ut, 6, { type, size_bits, 0, 0, dest, count }, 1,
                       { FX_SLOT_ROOT, 0, 0 } };

    return fx_call(&call, &fx_last);
}

bool fx_has_children(word_t n)
{
    return mdb_has_children(fx_slot(n));
}

/* --- The derivation-tree checker ------------------------------------- */

static void ck_fail(const char *fmt, ...) PRINTF_LIKE(1, 2);

static void ck_fail(const char *fmt, ...)
{
    va_list ap;

    if (ck.failed) {
        return;
    }
    ck.failed = true;
    va_start(ap, fmt);
    (void)vsnprintf(ck.msg, sizeof(ck.msg), fmt, ap);
    va_end(ap);
}

static bool in_mem(const void *p, size_t len)
{
    uintptr_t a = (uintptr_t)p;
    uintptr_t m = (uintptr_t)fx.mem;

    return a >= m && len <= fx.mem_size && a - m <= fx.mem_size - len &&
           (a & (sizeof(cte_t) - 1)) == 0;
}

static size_t cell(const cte_t *s)
{
    return ((uintptr_t)s - (uintptr_t)fx.mem) >> SLOT_BITS;
}

static void add_slot(cte_t *s)
{
    if (!in_mem(s, sizeof(cte_t))) {
        ck_fail("slot or link %p outside the fake memory", (void *)s);
        return;
    }
    if (ck.mark[cell(s)] != ck.gen) {
        ck.mark[cell(s)] = ck.gen;
        ck.set[ck.n++] = s;
    }
}

static void add_slots(cte_t *slots, word_t count)
{
    if (!in_mem(slots, count * sizeof(cte_t))) {
        ck_fail("object slots %p (%lu) outside the fake memory", (void *)slots, count);
        return;
    }
    for (word_t i = 0; i < count && !ck.failed; i++) {
        add_slot(&slots[i]);
    }
}

/* The slots an object holds, and where a zombie's parent waits. */
static void add_contents(cap_t cap)
{
    if (cap_type(cap) == CAP_CNODE) {
        if (cap_cnode_radix(cap) > MAX_CHECKED_RADIX) {
            ck_fail("CNode radix %u", cap_cnode_radix(cap));
            return;
        }
        add_slots(cnode_slots(cap), (word_t)1 << cap_cnode_radix(cap));
    } else if (cap_type(cap) == CAP_THREAD) {
        add_slots(tcb_slots(cap_ptr(cap)), TCB_SLOT_COUNT);
    } else if (cap_type(cap) == CAP_ZOMBIE) {
        if (cap_zombie_kind(cap) == ZOMBIE_TCB) {
            add_slots(tcb_slots(cap_ptr(cap)), TCB_SLOT_COUNT);
        } else if (cap_zombie_radix(cap) <= MAX_CHECKED_RADIX) {
            add_slots(cap_ptr(cap), (word_t)1 << cap_zombie_radix(cap));
        }
        if (cap_zombie_parent(cap) != NULL) {
            add_slot(cap_zombie_parent(cap));
        }
    }
}

static void enumerate(void)
{
    ck.gen++;
    ck.n = 0;
    ck.failed = false;
    add_slots(fx.root, (word_t)1 << fx.root_radix);
    add_slots(tcb_slots(fx.tcb), TCB_SLOT_COUNT);
    if (ks_delete_active != NULL) {
        add_slot(ks_delete_active);
    }
    for (size_t i = 0; i < ck.n && !ck.failed; i++) {
        cte_t *s = ck.set[i];
        add_contents(s->cap);
        if (mdb_prev(s) != NULL) {
            add_slot(mdb_prev(s));
        }
        if (mdb_next(s) != NULL) {
            add_slot(mdb_next(s));
        }
    }
}

/* Links are mutual, empty slots are unlinked, nothing links to an empty slot. */
static void check_links(void)
{
    ck.nonnull = 0;
    for (size_t i = 0; i < ck.n && !ck.failed; i++) {
        const cte_t *s = ck.set[i];
        const cte_t *prev = mdb_prev(s);
        const cte_t *next = mdb_next(s);
        if (cap_is_null(s->cap)) {
            if (prev != NULL || s->mdb.next_flags != 0) {
                ck_fail("empty slot %p has links", (const void *)s);
            }
            continue;
        }
        ck.nonnull++;
        if (prev != NULL && (mdb_next(prev) != s || cap_is_null(prev->cap))) {
            ck_fail("slot %p: prev %p does not link back", (const void *)s, (const void *)prev);
        }
        if (next != NULL && (mdb_prev(next) != s || cap_is_null(next->cap))) {
            ck_fail("slot %p: next %p does not link back", (const void *)s, (const void *)next);
        }
    }
}

/* Lays every list out in ord; each non-empty slot must be on exactly one. */
static void order_lists(void)
{
    size_t count = 0;

    for (size_t i = 0; i < ck.n && !ck.failed; i++) {
        cte_t *s = ck.set[i];
        if (cap_is_null(s->cap) || mdb_prev(s) != NULL) {
            continue;
        }
        size_t begin = count;
        for (; s != NULL && count <= ck.nonnull; s = mdb_next(s)) {
            if (count == ck.nonnull) {
                ck_fail("a derivation list has a cycle");
                return;
            }
            ck.pos[cell(s)] = count;
            ck.ord[count++] = s;
        }
        for (size_t p = begin; p < count; p++) {
            ck.lbeg[p] = begin;
            ck.lend[p] = count;
        }
    }
    if (!ck.failed && count != ck.nonnull) {
        ck_fail("%zu non-empty slots but %zu on lists", ck.nonnull, count);
    }
}

typedef struct {
    uintptr_t base;
    uintptr_t bits;
    uintptr_t type;
} obj_key_t;

static obj_key_t key_of(const cte_t *s)
{
    cap_t cap = s->cap;
    obj_key_t key = { cap_region_base(cap), cap_region_bits(cap), cap_type(cap) };

    if (cap_type(cap) == CAP_UNTYPED || cap_type(cap) == CAP_ZOMBIE) {
        /* Never the same object as another capability: unique. */
        key.base = (uintptr_t)s;
        key.type += CAP_TYPE_COUNT;
    } else if (key.bits == 0) {
        key.base = cap.w1;
    }
    return key;
}

static int key_cmp(const void *a, const void *b)
{
    const obj_key_t *x = a;
    const obj_key_t *y = b;

    if (x->type != y->type) {
        return x->type < y->type ? -1 : 1;
    }
    if (x->base != y->base) {
        return x->base < y->base ? -1 : 1;
    }
    if (x->bits != y->bits) {
        return x->bits < y->bits ? -1 : 1;
    }
    return 0;
}

/* All capabilities to one object form one run. */
static void check_adjacent(void)
{
    obj_key_t *runs = xcalloc(ck.nonnull + 1, sizeof(*runs));
    size_t nruns = 0;

    for (size_t p = 0; p < ck.nonnull; p++) {
        if (p == ck.lbeg[p] || !cap_same_object_as(ck.ord[p - 1]->cap, ck.ord[p]->cap)) {
            runs[nruns++] = key_of(ck.ord[p]);
        }
    }
    qsort(runs, nruns, sizeof(*runs), key_cmp);
    for (size_t i = 1; i < nruns; i++) {
        if (key_cmp(&runs[i - 1], &runs[i]) == 0) {
            ck_fail("capabilities to object %#lx (type %lu) are not adjacent", runs[i].base,
                    runs[i].type);
            break;
        }
    }
    free(runs);
}

/* Where p's children end; and no slot later in the list is its child. */
static size_t check_children(size_t p)
{
    const cte_t *a = ck.ord[p];
    size_t end = ck.lend[p];
    size_t r = p + 1;

    while (r < end && mdb_is_parent_of(a, ck.ord[r])) {
        r++;
    }
    /* Beyond the run: an untyped can cover anything; another capability's
     * only candidates are the rest of its object's run (adjacency). */
    for (size_t k = r; k < end; k++) {
        if (cap_type(a->cap) != CAP_UNTYPED && !cap_same_object_as(a->cap, ck.ord[k]->cap)) {
            break;
        }
        if (mdb_is_parent_of(a, ck.ord[k])) {
            ck_fail("child %p of %p (type %d) does not follow it", (const void *)ck.ord[k],
                    (const void *)a, (int)cap_type(a->cap));
            break;
        }
    }
    return r;
}

static bool overlaps(cap_t a, cap_t b)
{
    uintptr_t a_base = cap_region_base(a);
    uintptr_t b_base = cap_region_base(b);
    uintptr_t a_end = a_base + ((uintptr_t)1 << cap_region_bits(a));
    uintptr_t b_end = b_base + ((uintptr_t)1 << cap_region_bits(b));

    return cap_region_bits(a) != 0 && cap_region_bits(b) != 0 && a_base < b_end && b_base < a_end;
}

/* An untyped's run holds every capability inside it, all below its free index. */
static void check_untyped(size_t p, size_t run_end)
{
    const cte_t *u = ck.ord[p];
    uintptr_t base = cap_region_base(u->cap);
    word_t size = (word_t)1 << cap_untyped_size_bits(u->cap);
    word_t free_index = cap_untyped_free_index(u->cap);

    if (run_end > p + 1 && free_index > size) {
        ck_fail("untyped %p: free index %#lx beyond its size", (const void *)u, free_index);
    }
    for (size_t k = p + 1; k < run_end && !ck.failed; k++) {
        cap_t c = ck.ord[k]->cap;
        word_t end = cap_region_base(c) + ((word_t)1 << cap_region_bits(c)) - base;
        if (end > free_index) {
            ck_fail("untyped %p: child %p ends at %#lx above free index %#lx", (const void *)u,
                    (const void *)ck.ord[k], end, free_index);
        }
    }
    for (size_t i = 0; i < ck.n && !ck.failed; i++) {
        const cte_t *s = ck.set[i];
        if (s == u || cap_is_null(s->cap) || !overlaps(u->cap, s->cap)) {
            continue;
        }
        size_t q = ck.pos[cell(s)];
        bool same_list = ck.lbeg[q] == ck.lbeg[p];
        bool ancestor = same_list && q < p && cap_same_region_as(s->cap, u->cap);
        if (!ancestor && !(same_list && q > p && q < run_end)) {
            ck_fail("slot %p overlaps untyped %p but is not in its subtree", (const void *)s,
                    (const void *)u);
        }
    }
}

const char *fx_check_mdb(void)
{
    enumerate();
    if (!ck.failed) {
        check_links();
    }
    if (!ck.failed) {
        order_lists();
    }
    if (!ck.failed) {
        check_adjacent();
    }
    for (size_t p = 0; p < ck.nonnull && !ck.failed; p++) {
        if (!mdb_revocable(ck.ord[p])) {
            continue;
        }
        size_t run_end = check_children(p);
        if (!ck.failed && cap_type(ck.ord[p]->cap) == CAP_UNTYPED) {
            check_untyped(p, run_end);
        }
    }
    return ck.failed ? ck.msg : NULL;
}

void fx_assert_mdb(void)
{
    const char *err = fx_check_mdb();

    if (err != NULL) {
        FX_FAIL("derivation tree broken: %s", err);
    }
}

/* --- Snapshots ------------------------------------------------------- */

typedef struct {
    void *ptr;
    size_t len;
} global_t;

enum {
    GLOBAL_COUNT = 14,
};

static size_t globals(global_t *g)
{
    global_t all[] = {
        /* Pointer-valued globals are copied as bytes: */
        { (void *)&ks_cur_thread, sizeof(ks_cur_thread) }, // NOLINT(bugprone-sizeof-expression)
        { (void *)ks_ready_queues, sizeof(ks_ready_queues) },
        { (void *)&ks_ready_bitmap, sizeof(ks_ready_bitmap) },
        { (void *)&ks_boot_free, sizeof(ks_boot_free) },
        { (void *)&ks_ticks, sizeof(ks_ticks) },
        { (void *)&ks_work_units, sizeof(ks_work_units) },
        { (void *)&ks_debug_preempt_every, sizeof(ks_debug_preempt_every) },
        { (void *)&ks_object_epoch, sizeof(ks_object_epoch) },
        { (void *)&ks_delete_active,
          sizeof(ks_delete_active) },                          // NOLINT(bugprone-sizeof-expression)
        { (void *)&ks_release_head, sizeof(ks_release_head) }, // NOLINT(bugprone-sizeof-expression)
        { (void *)ks_irq_issued, sizeof(ks_irq_issued) },
        { (void *)ks_irq_slots, sizeof(ks_irq_slots) },
        { (void *)ks_asid_pools, sizeof(ks_asid_pools) },
        { (void *)ks_io_ports_issued, sizeof(ks_io_ports_issued) },
    };
    size_t total = 0;

    if (ARRAY_SIZE(all) != GLOBAL_COUNT) {
        abort();
    }
    for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
        if (g != NULL) {
            g[i] = all[i];
        }
        total += all[i].len;
    }
    return total;
}

void fx_snapshot_take(fx_snapshot_t *snap)
{
    global_t g[GLOBAL_COUNT];
    size_t off = 0;

    if (snap->mem == NULL) {
        snap->mem = malloc(fx.mem_size);
        snap->globals = malloc(globals(g));
    }
    (void)globals(g);
    if (snap->mem == NULL || snap->globals == NULL) {
        abort();
    }
    memcpy(snap->mem, fx.mem, fx.mem_size);
    for (size_t i = 0; i < GLOBAL_COUNT; i++) {
        memcpy(snap->globals + off, g[i].ptr, g[i].len);
        off += g[i].len;
    }
}

size_t fx_snapshot_diff(const fx_snapshot_t *snap)
{
    global_t g[GLOBAL_COUNT];
    size_t off = 0;

    (void)globals(g);
    if (memcmp(snap->mem, fx.mem, fx.mem_size) != 0) {
        for (size_t i = 0; i < fx.mem_size; i++) {
            if (snap->mem[i] != fx.mem[i]) {
                return i;
            }
        }
    }
    for (size_t i = 0; i < GLOBAL_COUNT; i++) {
        if (memcmp(snap->globals + off, g[i].ptr, g[i].len) != 0) {
            return fx.mem_size + off;
        }
        off += g[i].len;
    }
    return SIZE_MAX;
}

void fx_snapshot_free(fx_snapshot_t *snap)
{
    free(snap->mem);
    free(snap->globals);
    snap->mem = NULL;
    snap->globals = NULL;
}

void fx_assert_unchanged(fx_snapshot_t *snap)
{
    size_t diff = fx_snapshot_diff(snap);

    fx_snapshot_free(snap);
    if (diff != SIZE_MAX) {
        FX_FAIL("a failed call changed kernel state at byte %#zx (memory is %#zx bytes)", diff,
                fx.mem_size);
    }
}

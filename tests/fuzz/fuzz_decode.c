/*
 * Fuzz target for invocation decoding (STYLE.md, "proof that decode changes
 * nothing, by test"): random invocations against the host-built capability
 * system (kernel/api/invocation.c, kernel/object/, cspace/) and the x86_64
 * address-space and I/O port objects (kernel/arch/x86_64/object/, over the
 * machine double kernel/arch/host/x86_mmu.c).
 *
 * The fixture puts everything in one buffer of fake physical memory: a root
 * CNode (radix 8, guard 56, so cptr n is slot n) holding capabilities like
 * the root task's initial ones (ASID control and pool, a VSpace root with
 * ASID 1, I/O port control among them), a few hand-built objects, a device
 * untyped and an untyped over the buffer's top half, and the invoking thread, whose
 * CSpace root is a copy of the root CNode capability.
 *
 * Input: byte 0 sets how often the host double reports an interrupt (0:
 * never); then steps, each one invocation:
 *   cptr (1 byte), label (1 byte: 0-9 name InvalidInvocation, UntypedRetype
 *   and the CNode methods in a fixed order, so inputs keep their meaning when
 *   the interface renumbers labels; 10-255 give label (b - 10) mod
 *   (INVOCATION_LABEL_COUNT + 3), reaching every method, the x86 ones
 *   included, and a few past the end),
 *   shape (1 byte: length = (low nibble) mod 11, extra caps = bits 4-5),
 *   `length` words, `extra caps` cptrs (1 byte each).
 * A word is one tag byte: 0x00-0x7f itself, 0x80-0xbf 1 << (tag & 63),
 * 0xc0-0xdf ~0 - (tag & 31), 0xe0-0xff the next 8 bytes, little-endian.
 *
 * Checked: every invoke() that returns EXC_SYSCALL_ERROR leaves the whole
 * fake memory (all objects, the thread, every slot) and the kernel globals
 * byte-identical, and its error is one the interface lists for the label; a
 * preempted call is restarted until it completes; after every attempt the
 * derivation-tree links are mutual and every link stays in the fake memory.
 */
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>
#include <arch/host_mmu.h>
#include <arch/mmu.h>
#include <arch/vspace.h>
#include <invocation_labels.h>

#include "api/invocation.h"
#include "cspace/mdb.h"
#include "fuzz.h"
#include "object/object.h"
#include "sched/sched.h"
#include "state.h"

enum {
    MEM_BITS = 17, /* 128 KiB: a snapshot comparison stays cheap */
    MEM_SIZE = 1 << MEM_BITS,
    PHYS_BASE = 0x40000000,
    ROOT_RADIX = 8,
    UT_BITS = MEM_BITS - 1, /* the untyped: the buffer's top half */
    DEVICE_UT_BITS = 12,
    DEVICE_UT_OFFSET = 0xc000, /* after the hand-built objects */
    SMALL_RADIX = 3,
    SC_BITS = 8,
    MAX_STEPS = 64,
    MAX_ATTEMPTS = 1000000,
    MAX_CHECKED_RADIX = 12, /* CNodes inside the root one whose slots are checked too */
    LABEL_LIMIT = INVOCATION_LABEL_COUNT + 3,
    MAX_LENGTH = 10,
    ENDPOINT_BADGE = 5,
};

/* Root CNode slots of the fixture's capabilities, numbered like seL4's initial ones. */
enum {
    SLOT_TCB = 1,
    SLOT_CNODE = 2,
    SLOT_UNTYPED = 3,
    SLOT_IRQ_CONTROL = 4,
    SLOT_DOMAIN = 5,
    SLOT_SC = 6,
    SLOT_SCHED_CONTROL = 7,
    SLOT_ENDPOINT = 8,
    SLOT_NOTIFICATION = 9,
    SLOT_REPLY = 10,
    SLOT_SMALL_CNODE = 11,
    SLOT_DEVICE_UNTYPED = 12,
    SLOT_BADGED = 13, /* a badged copy of the endpoint */
    SLOT_ASID_CONTROL = 14,
    SLOT_ASID_POOL = 15,
    SLOT_VSPACE = 16, /* with ASID 1 from the pool */
    SLOT_IO_PORT_CONTROL = 17,
    SLOT_FRAME = 18,      /* unmapped */
    SLOT_PAGE_TABLE = 19, /* unmapped */
    FIXTURE_ASID = 1,
};

typedef struct {
    uint8_t *mem;    /* the fake physical memory */
    uint8_t *shadow; /* its contents after the last call that changed something */
    uintptr_t bump;  /* hand-built objects, from the bottom */
    cte_t *root;
    tcb_t *tcb;
} fixture_t;

static fixture_t fx;

/* The kernel globals a refused call must not change (not ks_work_units). */
typedef struct {
    tcb_t *cur_thread;
    tcb_queue_t ready_queues[NUM_PRIORITIES];
    prio_bitmap_t ready_bitmap;
    word_t object_epoch;
    cte_t *delete_active;
    uint64_t ticks;
    struct asid_pool *asid_pools[KS_ASID_POOLS];
    uint8_t io_ports_issued[KS_IO_PORTS / 8];
} globals_t;

static globals_t saved_globals;
static invocation_t inv;
static volatile word_t sink;

typedef struct {
    const uint8_t *p;
    size_t left;
} reader_t;

static uint8_t take_byte(reader_t *r)
{
    if (r->left == 0) {
        return 0;
    }
    r->left--;
    return *r->p++;
}

static word_t take_word(reader_t *r)
{
    uint8_t tag = take_byte(r);
    word_t w = 0;

    if (tag < 0x80) {
        return tag;
    }
    if (tag < 0xc0) {
        return (word_t)1 << (tag & 63);
    }
    if (tag < 0xe0) {
        return ~(word_t)0 - (tag & 31);
    }
    for (unsigned i = 0; i < 8; i++) {
        w |= (word_t)take_byte(r) << (8 * i);
    }
    return w;
}

/* Labels with a stable input encoding (see the top of this file). */
static const word_t stable_labels[] = {
    InvalidInvocation, UntypedRetype, CNodeRevoke, CNodeDelete, CNodeCancelBadgedSends,
    CNodeCopy,         CNodeMint,     CNodeMove,   CNodeMutate, CNodeRotate,
};

static word_t take_label(reader_t *r)
{
    uint8_t b = take_byte(r);

    if (b < ARRAY_SIZE(stable_labels)) {
        return stable_labels[b];
    }
    return (b - ARRAY_SIZE(stable_labels)) % LABEL_LIMIT;
}

/* --- The fixture --------------------------------------------------------- */

static void *alloc(unsigned bits)
{
    uintptr_t size = (uintptr_t)1 << bits;
    uintptr_t p = (fx.bump + size - 1) & ~(size - 1);

    fx.bump = p + size;
    return (void *)p;
}

/* A derivation-tree root, as boot makes them (boot/root_cnode.c). */
static void put_root_cap(word_t slot, cap_t cap)
{
    fx.root[slot].cap = cap;
    fx.root[slot].mdb.prev = NULL;
    fx.root[slot].mdb.next_flags = MDB_REVOCABLE | MDB_FIRST_BADGED;
}

static void save_globals(globals_t *g)
{
    memset(g, 0, sizeof(*g));
    g->cur_thread = ks_cur_thread;
    memcpy(g->ready_queues, ks_ready_queues, sizeof(ks_ready_queues));
    g->ready_bitmap = ks_ready_bitmap;
    g->object_epoch = ks_object_epoch;
    g->delete_active = ks_delete_active;
    g->ticks = ks_ticks;
    memcpy(g->asid_pools, ks_asid_pools, sizeof(ks_asid_pools));
    memcpy(g->io_ports_issued, ks_io_ports_issued, sizeof(ks_io_ports_issued));
}

/* The pool, a root with ASID 1 in it, an unmapped frame and page table. */
static void add_address_space_caps(void)
{
    asid_pool_t *pool = alloc(PAGE_BITS);
    void *pml4 = alloc(PAGE_BITS);

    mmu_init_root(pml4);
    pool->pool_roots[FIXTURE_ASID] = pml4;
    ks_asid_pools[0] = pool;
    put_root_cap(SLOT_ASID_CONTROL, cap_asid_control());
    put_root_cap(SLOT_ASID_POOL, cap_asid_pool(pool, 0));
    put_root_cap(SLOT_VSPACE, cap_vspace(pml4, FIXTURE_ASID));
    put_root_cap(SLOT_IO_PORT_CONTROL, cap_io_port_control());
    put_root_cap(SLOT_FRAME,
                 cap_frame(alloc(PAGE_BITS), PAGE_BITS, RIGHT_READ | RIGHT_WRITE, false, 0));
    put_root_cap(SLOT_PAGE_TABLE, cap_page_table(alloc(PAGE_BITS), 0, 0));
}

static void fixture_setup(uint8_t irq_every)
{
    if (fx.mem == NULL) {
        fx.mem = aligned_alloc(MEM_SIZE, MEM_SIZE);
        fx.shadow = malloc(MEM_SIZE);
        if (fx.mem == NULL || fx.shadow == NULL) {
            abort();
        }
    }
    memset(fx.mem, 0, MEM_SIZE);
    host_reset();
    host_set_phys_memory(PHYS_BASE, fx.mem, MEM_SIZE);
    host_set_interrupt_every(irq_every % 4);
    ks_cur_thread = NULL;
    memset(ks_ready_queues, 0, sizeof(ks_ready_queues));
    memset(&ks_ready_bitmap, 0, sizeof(ks_ready_bitmap));
    memset(&ks_boot_free, 0, sizeof(ks_boot_free));
    ks_work_units = 0;
    ks_object_epoch = 0;
    ks_delete_active = NULL;
    ks_ticks = 0;
    memset(ks_asid_pools, 0, sizeof(ks_asid_pools));
    memset(ks_io_ports_issued, 0, sizeof(ks_io_ports_issued));
    host_mmu_reset();

    fx.bump = (uintptr_t)fx.mem;
    fx.root = alloc(ROOT_RADIX + SLOT_BITS);
    fx.tcb = alloc(TCB_SIZE_BITS);
    tcb_init(fx.tcb);
    fx.tcb->tcb_state = THREAD_RUNNING;
    sched_enqueue(fx.tcb);
    ks_cur_thread = fx.tcb;

    cap_t root_cap = cap_cnode(fx.root, ROOT_RADIX, WORD_BITS - ROOT_RADIX, 0);
    put_root_cap(SLOT_TCB, cap_thread(fx.tcb));
    put_root_cap(SLOT_CNODE, root_cap);
    mdb_insert_derived(&fx.root[SLOT_CNODE], &tcb_slots(fx.tcb)[TCB_SLOT_CSPACE], root_cap);
    put_root_cap(SLOT_UNTYPED,
                 cap_untyped(fx.mem + MEM_SIZE - ((size_t)1 << UT_BITS), UT_BITS, false, 0));
    put_root_cap(SLOT_IRQ_CONTROL, cap_irq_control());
    put_root_cap(SLOT_DOMAIN, cap_domain());
    put_root_cap(SLOT_SC, cap_sched_context(alloc(SC_BITS), SC_BITS));
    put_root_cap(SLOT_SCHED_CONTROL, cap_sched_control(0));
    put_root_cap(SLOT_ENDPOINT, cap_endpoint(alloc(ENDPOINT_SIZE_BITS), 0, RIGHTS_ALL));
    put_root_cap(SLOT_NOTIFICATION, cap_notification(alloc(NOTIFICATION_SIZE_BITS), 0, RIGHTS_ALL));
    put_root_cap(SLOT_REPLY, cap_reply(alloc(REPLY_SIZE_BITS), true));
    put_root_cap(SLOT_SMALL_CNODE, cap_cnode(alloc(SMALL_RADIX + SLOT_BITS), SMALL_RADIX, 0, 0));
    put_root_cap(SLOT_DEVICE_UNTYPED,
                 cap_untyped(fx.mem + DEVICE_UT_OFFSET, DEVICE_UT_BITS, true, 0));
    mdb_insert_derived(&fx.root[SLOT_ENDPOINT], &fx.root[SLOT_BADGED],
                       cap_with_b(fx.root[SLOT_ENDPOINT].cap, ENDPOINT_BADGE));
    add_address_space_caps();
    if (fx.bump > (uintptr_t)fx.mem + DEVICE_UT_OFFSET) {
        fuzz_fail("fixture objects overlap the device untyped");
    }
    memcpy(fx.shadow, fx.mem, MEM_SIZE);
}

/* --- The derivation-tree check ------------------------------------------- */

static bool in_mem(const cte_t *s)
{
    uintptr_t a = (uintptr_t)s;
    uintptr_t m = (uintptr_t)fx.mem;

    return a >= m && a - m <= MEM_SIZE - sizeof(cte_t) && (a & (sizeof(cte_t) - 1)) == 0;
}

/* Links are mutual and stay in the fake memory; empty slots have none. */
static void check_slot(const cte_t *s)
{
    const cte_t *prev = mdb_prev(s);
    const cte_t *next = mdb_next(s);

    if (cap_is_null(s->cap)) {
        if (prev != NULL || s->mdb.next_flags != 0) {
            fuzz_fail("empty slot %p has links", (const void *)s);
        }
        return;
    }
    if (cap_type(s->cap) == CAP_ZOMBIE && ks_delete_active == NULL) {
        fuzz_fail("zombie in slot %p with no deletion in progress", (const void *)s);
    }
    if (prev != NULL &&
        (!in_mem(prev) || mdb_next(prev) != s || cap_is_null(prev->cap) || prev == s)) {
        fuzz_fail("slot %p: prev %p does not link back", (const void *)s, (const void *)prev);
    }
    if (next != NULL &&
        (!in_mem(next) || mdb_prev(next) != s || cap_is_null(next->cap) || next == s)) {
        fuzz_fail("slot %p: next %p does not link back", (const void *)s, (const void *)next);
    }
}

static void check_slots(const cte_t *slots, word_t count)
{
    for (word_t i = 0; i < count; i++) {
        check_slot(&slots[i]);
    }
}

/* The root CNode, the thread, and the objects with slots named from the root. */
static void check_mdb(void)
{
    check_slots(fx.root, (word_t)1 << ROOT_RADIX);
    check_slots(tcb_slots(fx.tcb), TCB_SLOT_COUNT);
    for (word_t i = 0; i < ((word_t)1 << ROOT_RADIX); i++) {
        cap_t cap = fx.root[i].cap;
        if (cap_type(cap) == CAP_CNODE && cnode_slots(cap) != fx.root &&
            cap_cnode_radix(cap) <= MAX_CHECKED_RADIX) {
            check_slots(cnode_slots(cap), (word_t)1 << cap_cnode_radix(cap));
        } else if (cap_type(cap) == CAP_THREAD) {
            check_slots(tcb_slots(cap_ptr(cap)), TCB_SLOT_COUNT);
        }
    }
    if (ks_delete_active != NULL && !in_mem(ks_delete_active)) {
        fuzz_fail("ks_delete_active %p outside the fake memory", (void *)ks_delete_active);
    }
}

/* --- Running invocations ------------------------------------------------- */

typedef struct {
    word_t cptr;
    word_t label;
    word_t length;
    word_t words[MAX_LENGTH];
    word_t extra_count;
    word_t extra[MSG_MAX_EXTRA_CAPS];
} call_t;

static void read_call(reader_t *r, call_t *call)
{
    memset(call, 0, sizeof(*call));
    call->cptr = take_byte(r);
    call->label = take_label(r);
    uint8_t shape = take_byte(r);
    call->length = (word_t)(shape & 0xf) % (MAX_LENGTH + 1);
    call->extra_count = (word_t)(shape >> 4) & 3;
    for (word_t i = 0; i < call->length; i++) {
        call->words[i] = take_word(r);
    }
    for (word_t i = 0; i < call->extra_count; i++) {
        call->extra[i] = take_byte(r);
    }
}

/* What the syscall path would gather; false when a lookup faults. */
static bool gather(const call_t *call)
{
    cap_t root = tcb_cspace_root(fx.tcb);
    lookup_fault_t fault;

    memset(&inv, 0, sizeof(inv));
    inv.thread = fx.tcb;
    inv.label = call->label;
    inv.length = call->length;
    memcpy(inv.words, call->words, sizeof(call->words));
    inv.extra_count = call->extra_count;
    if (!cspace_lookup_slot(root, call->cptr, &inv.slot, &fault)) {
        return false;
    }
    inv.cap = inv.slot->cap;
    for (word_t i = 0; i < call->extra_count; i++) {
        if (!cspace_lookup_slot(root, call->extra[i], &inv.extra_slots[i], &fault)) {
            return false;
        }
    }
    return true;
}

/* A refusal: nothing changed, and the error is one the interface documents. */
static void check_refusal(const call_t *call)
{
    static globals_t now;
    word_t reply[MSG_REPLY_MAX];

    save_globals(&now);
    if (memcmp(fx.mem, fx.shadow, MEM_SIZE) != 0) {
        size_t i = 0;
        while (fx.mem[i] == fx.shadow[i]) {
            i++;
        }
        fuzz_fail("label %lu refused with error %d but changed memory at offset %#zx", call->label,
                  (int)inv.error.type, i);
    }
    if (memcmp(&now, &saved_globals, sizeof(now)) != 0) {
        fuzz_fail("label %lu refused with error %d but changed a kernel global", call->label,
                  (int)inv.error.type);
    }
    if (inv.error.type <= seL4_NoError || inv.error.type >= seL4_NumErrors) {
        fuzz_fail("label %lu refused with error %d", call->label, (int)inv.error.type);
    }
    if (call->label > InvalidInvocation && call->label < INVOCATION_LABEL_COUNT &&
        (invocation_info[call->label].errors & CAIRN_ERROR_BIT(inv.error.type)) == 0) {
        fuzz_fail("%s returned undocumented error %d", invocation_info[call->label].name,
                  (int)inv.error.type);
    }
    word_t n = error_reply(&inv.error, reply);
    if (n > MSG_REPLY_MAX) {
        fuzz_fail("error reply of %lu words", n);
    }
    for (word_t i = 0; i < n; i++) {
        sink = sink + reply[i];
    }
}

/* Runs one call to completion; false once the thread can make no more. */
static bool run_call(const call_t *call)
{
    for (unsigned attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        /* A destroyed thread makes no calls, not even its restarts. */
        if (fx.tcb->tcb_state != THREAD_RUNNING) {
            return false;
        }
        if (!gather(call)) {
            return true;
        }
        save_globals(&saved_globals);
        exception_t status = invoke(&inv);
        check_mdb();
        switch (status) {
        case EXC_SYSCALL_ERROR:
            check_refusal(call);
            return true;
        case EXC_NONE:
            if (ks_delete_active != NULL) {
                fuzz_fail("call done with a deletion still in progress");
            }
            memcpy(fx.shadow, fx.mem, MEM_SIZE);
            return true;
        case EXC_PREEMPTED:
            memcpy(fx.shadow, fx.mem, MEM_SIZE);
            break;
        case EXC_FAULT:
        default:
            fuzz_fail("invoke returned %d", (int)status);
        }
    }
    fuzz_fail("a call was preempted %d times and never completed", MAX_ATTEMPTS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static call_t call;
    reader_t r = { data, size };

    fixture_setup(take_byte(&r));
    for (unsigned step = 0; step < MAX_STEPS && r.left > 0; step++) {
        read_call(&r, &call);
        if (!run_call(&call)) {
            break;
        }
    }
    host_reset();
    return 0;
}

/*
 * The benchmarks' environment (env.h). Nothing here is timed: it builds the
 * objects with the ordinary libsel4 calls, exactly as seL4 user code would.
 */
#include "env.h"

#include <cairn/vspace.h>
#include <sel4/runtime.h>

enum {
    PAGE = 4096,
    IMAGE_BASE = 0x400000, /* lib/sel4/user.ld */
    STACK_PAGES = 4,
    MAX_NEAR = 8,            /* near threads a boot starts */
    FAR_STACKS = 0x40000000, /* far threads' stacks, one guard page between them */
    BUDGET_US = 10000,       /* the root task's round-robin slice */
};

static seL4_CPtr untyped;
static seL4_Word next_slot;
static seL4_CPtr far_vspace;
static unsigned far_threads;
static unsigned near_threads;
static seL4_CPtr park_ntfn;

static unsigned char near_stacks[MAX_NEAR][STACK_PAGES * PAGE] __attribute__((aligned(PAGE)));
/* Near threads' IPC buffers: one page each, so the frame is theirs. */
static seL4_IPCBuffer near_buffers[MAX_NEAR] __attribute__((aligned(PAGE)));
_Static_assert(sizeof(seL4_IPCBuffer) <= PAGE, "an IPC buffer fits a page");

seL4_CPtr env_slot(void)
{
    const seL4_BootInfo *bi = seL4_GetBootInfo();

    if (next_slot == 0) {
        next_slot = bi->empty.start;
    }
    return next_slot < bi->empty.end ? next_slot++ : 0;
}

seL4_CPtr env_new(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = env_slot();

    if (slot == 0 ||
        seL4_Untyped_Retype(untyped, type, size_bits, ROOT, 0, 0, slot, 1) != seL4_NoError) {
        return 0;
    }
    return slot;
}

static seL4_CPtr alloc_object(void *ctx, seL4_Word type, seL4_Word size_bits)
{
    (void)ctx;
    return env_new(type, size_bits);
}

static const cairn_alloc_t alloc = { 0, alloc_object };

static seL4_CPtr largest_ram_untyped(void)
{
    const seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr best = 0;
    unsigned best_bits = 0;

    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && u->sizeBits > best_bits) {
            best = bi->untyped.start + i;
            best_bits = u->sizeBits;
        }
    }
    return best;
}

seL4_CPtr env_map_new(seL4_CPtr vspace, seL4_Word vaddr)
{
    seL4_CPtr frame = env_new(seL4_X86_4K, 0);

    if (frame == 0 || cairn_map_frame(&alloc, vspace, frame, vaddr, seL4_ReadWrite,
                                      seL4_X86_Default_VMAttributes) != seL4_NoError) {
        return 0;
    }
    return frame;
}

/*
 * Maps a copy of every image frame at its own address. The kernel masks the
 * requested rights with the copy's, so text and rodata stay read-only.
 */
static int map_image(seL4_CPtr vspace)
{
    const seL4_BootInfo *bi = seL4_GetBootInfo();

    for (seL4_CPtr f = bi->userImageFrames.start; f < bi->userImageFrames.end; f++) {
        seL4_CPtr copy = env_slot();
        seL4_Word vaddr = IMAGE_BASE + (f - bi->userImageFrames.start) * PAGE;
        if (copy == 0 || seL4_CNode_Copy(ROOT, copy, DEPTH, ROOT, f, DEPTH, seL4_AllRights) ||
            cairn_map_frame(&alloc, vspace, copy, vaddr, seL4_ReadWrite,
                            seL4_X86_Default_VMAttributes) != seL4_NoError) {
            return -1;
        }
    }
    return 0;
}

static seL4_CPtr far_buffer;

static int build_far(void)
{
    seL4_Word buffer = (seL4_Word)seL4_GetBootInfo()->ipcBuffer;

    far_vspace = env_new(seL4_X64_PML4Object, 0);
    if (far_vspace == 0 ||
        seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, far_vspace) != seL4_NoError ||
        map_image(far_vspace) != 0) {
        return -1;
    }
    far_buffer = env_map_new(far_vspace, buffer & ~(seL4_Word)(PAGE - 1));
    return far_buffer == 0 ? -1 : 0;
}

int env_init(void)
{
    untyped = largest_ram_untyped();
    park_ntfn = env_new(seL4_NotificationObject, 0);
    if (untyped == 0 || park_ntfn == 0) {
        return -1;
    }
    return build_far();
}

/* The frame capability of a page of the image. */
static seL4_CPtr image_frame(const void *page)
{
    return seL4_GetBootInfo()->userImageFrames.start + ((seL4_Word)page - IMAGE_BASE) / PAGE;
}

/* Where the thread's stack ends and its IPC buffer is, in its own address space. */
typedef struct {
    seL4_CPtr vspace;
    seL4_Word stack_top;
    seL4_Word buffer;
    seL4_CPtr buffer_frame;
} placement_t;

static int place_near(placement_t *p)
{
    if (near_threads == MAX_NEAR) {
        return -1;
    }
    unsigned k = near_threads++;
    p->vspace = seL4_CapInitThreadVSpace;
    p->stack_top = (seL4_Word)near_stacks[k] + sizeof(near_stacks[k]);
    p->buffer = (seL4_Word)&near_buffers[k];
    p->buffer_frame = image_frame(&near_buffers[k]);
    return 0;
}

static int place_far(placement_t *p)
{
    seL4_Word base = FAR_STACKS + (seL4_Word)far_threads++ * (STACK_PAGES + 1) * PAGE;
    seL4_CPtr buffer_copy = env_slot();

    for (seL4_Word i = 0; i < STACK_PAGES; i++) {
        if (env_map_new(far_vspace, base + i * PAGE) == 0) {
            return -1;
        }
    }
    /* A TCB takes its own copy of the buffer frame's capability. */
    if (buffer_copy == 0 ||
        seL4_CNode_Copy(ROOT, buffer_copy, DEPTH, ROOT, far_buffer, DEPTH, seL4_AllRights)) {
        return -1;
    }
    p->vspace = far_vspace;
    p->stack_top = base + (seL4_Word)STACK_PAGES * PAGE;
    p->buffer = (seL4_Word)seL4_GetBootInfo()->ipcBuffer;
    p->buffer_frame = buffer_copy;
    return 0;
}

static int configure(const bench_thread_t *t, const thread_spec_t *spec, const placement_t *p)
{
    seL4_CPtr sched_control = seL4_GetBootInfo()->schedcontrol.start;

    return seL4_SchedControl_ConfigureFlags(sched_control, t->sc, BUDGET_US, BUDGET_US, 0, 0, 0) ||
           seL4_TCB_Configure(t->tcb, ROOT, 0, p->vspace, 0, p->buffer, p->buffer_frame) ||
           seL4_TCB_SetSchedParams(t->tcb, seL4_CapInitThreadTCB, spec->prio, spec->prio, t->sc,
                                   spec->fault_ep);
}

int env_thread_start(bench_thread_t *t, const thread_spec_t *spec)
{
    placement_t p;
    seL4_UserContext regs = { 0 };

    t->tcb = env_new(seL4_TCBObject, 0);
    t->sc = env_new(seL4_SchedContextObject, 8);
    if (t->tcb == 0 || t->sc == 0 || (spec->far ? place_far(&p) : place_near(&p)) != 0 ||
        configure(t, spec, &p) != 0) {
        return -1;
    }
    regs.rip = (seL4_Word)spec->fn;
    regs.rsp = p.stack_top - 8; /* at a function's entry the SysV ABI wants rsp + 8 aligned */
    regs.rdi = spec->arg;
    return seL4_TCB_WriteRegisters(t->tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs) != 0;
}

void env_thread_stop(const bench_thread_t *t)
{
    (void)seL4_TCB_Suspend(t->tcb);
}

_Noreturn void env_park(void)
{
    for (;;) {
        seL4_Word badge = 0;
        seL4_Wait(park_ntfn, &badge);
    }
}

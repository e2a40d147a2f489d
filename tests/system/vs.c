/*
 * Address-space test helpers (vs.h). One probe thread serves every probe:
 * after each it is suspended and restarted at the probe function, so the
 * suite's thread and slot budgets do not grow with the number of probes.
 */
#include "vs.h"

#include "cspace.h"
#include "thread.h"

enum {
    PROBE_BADGE = 0x77,
    PROBE_DONE = 0x77d, /* the label of the probe's "it worked" message */
    PROBE_PRIO = 200,
    RANGE_BASE = 0x40000000, /* 1 GiB: above the image, below nothing the root task uses */
};

static seL4_CPtr new_object(void *ctx, seL4_Word type, seL4_Word size_bits)
{
    (void)ctx;
    return cs_new(type, size_bits);
}

const cairn_alloc_t vs_alloc = { 0, new_object };

seL4_Word vs_range(unsigned n)
{
    return RANGE_BASE + (seL4_Word)n * LARGE;
}

seL4_CPtr vs_map_new(seL4_Word vaddr)
{
    seL4_CPtr frame = cs_new(seL4_X86_4K, 0);

    if (frame == 0 || cairn_map_frame(&vs_alloc, VSPACE, frame, vaddr, seL4_ReadWrite,
                                      seL4_X86_Default_VMAttributes) != seL4_NoError) {
        return 0;
    }
    return frame;
}

static struct {
    seL4_CPtr ep;
    seL4_CPtr reply;
    seL4_CPtr badged;
    test_thread_t thread;
    int started;
} probe;

static volatile probe_op_t probe_op;
static volatile seL4_Word probe_addr;
static volatile seL4_Word probe_value;

static _Noreturn void prober(seL4_Word unused)
{
    (void)unused;
    switch (probe_op) {
    case PROBE_READ:
        probe_value = *(volatile seL4_Word *)probe_addr;
        break;
    case PROBE_WRITE:
        *(volatile seL4_Word *)probe_addr = PROBE_PATTERN;
        break;
    case PROBE_EXEC:
    default:
        ((void (*)(void))probe_addr)();
        break;
    }
    seL4_Send(probe.badged, seL4_MessageInfo_new(PROBE_DONE, 0, 0, 0));
    thread_park();
}

static int probe_setup(void)
{
    probe.ep = cs_new(seL4_EndpointObject, 0);
    probe.reply = cs_new(seL4_ReplyObject, 0);
    probe.badged = cs_slot();
    if (probe.ep == 0 || probe.reply == 0 ||
        seL4_CNode_Mint(ROOT, probe.badged, DEPTH, ROOT, probe.ep, DEPTH, seL4_AllRights,
                        PROBE_BADGE) != seL4_NoError) {
        return -1;
    }
    probe.started = 1;
    return thread_start_handled(&probe.thread, prober, 0, PROBE_PRIO, probe.badged);
}

int vs_probe(probe_op_t op, seL4_Word addr, vm_fault_t *fault, seL4_Word *value)
{
    seL4_Word badge = 0;

    probe_op = op;
    probe_addr = addr;
    probe_value = 0;
    if (!probe.started ? probe_setup() != 0 : thread_restart(&probe.thread, prober, 0) != 0) {
        return -1;
    }
    seL4_MessageInfo_t info = seL4_Recv(probe.ep, &badge, probe.reply);
    seL4_Word label = seL4_MessageInfo_get_label(info);
    if (seL4_TCB_Suspend(probe.thread.tcb) != seL4_NoError || badge != PROBE_BADGE) {
        return -1;
    }
    if (label == PROBE_DONE) {
        if (value != 0) {
            *value = probe_value;
        }
        return 0;
    }
    if (label != LABEL_VM_FAULT || seL4_MessageInfo_get_length(info) != 4) {
        return -1;
    }
    fault->ip = seL4_GetMR(0);
    fault->addr = seL4_GetMR(1);
    fault->prefetch = seL4_GetMR(2);
    fault->fsr = seL4_GetMR(3);
    return 1;
}

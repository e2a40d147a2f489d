/*
 * Address-space operations: one seL4_X86_Page_Map and one Page_Unmap of a
 * 4 KiB frame where the page table already exists, each timed as the whole
 * libsel4 invocation; and a VMFault round trip: a thread reads an unmapped
 * page, the root task, its fault handler, receives the VMFault, maps the
 * page and replies, and the read completes. That sample includes the
 * handler's Page_Map; the page is unmapped again outside the timed window.
 */
#include <bench/timing.h>
#include <sel4/sel4.h>

#include "bench.h"
#include "env.h"

enum {
    VM_BASE = 0x50000000, /* a 2 MiB range nothing else uses */
    PAGE = 4096,
    PRIO_FAULTER = 254,
    LABEL_VM_FAULT = 6,
};

static const seL4_Word target = VM_BASE + PAGE;
static seL4_CPtr frame;
static seL4_CPtr fault_ep;
static seL4_CPtr fault_reply;
static seL4_CPtr done;

static seL4_Error map_target(void)
{
    return seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, target, seL4_ReadWrite,
                             seL4_X86_Default_VMAttributes);
}

static int map_unmap(void)
{
    span_set_t map = { log_start, log_arrive, bench_plan.runs, bench_plan.warmup,
                       overhead_timestamp };
    span_set_t unmap = { log_answer, log_back, bench_plan.runs, bench_plan.warmup,
                         overhead_timestamp };
    int failed = 0;

    for (unsigned i = 0; i < bench_plan.runs; i++) {
        log_start[i] = bench_timestamp();
        failed |= map_target() != seL4_NoError;
        log_arrive[i] = bench_timestamp();
        log_answer[i] = bench_timestamp();
        failed |= seL4_X86_Page_Unmap(frame) != seL4_NoError;
        log_back[i] = bench_timestamp();
    }
    if (failed) {
        return bench_fail("vm: a Page_Map or Page_Unmap failed");
    }
    bench_report("page_map_4k", &map);
    bench_report("page_unmap_4k", &unmap);
    return 0;
}

static void faulter(seL4_Word runs)
{
    volatile const seL4_Word *page = (volatile const seL4_Word *)target;

    for (unsigned i = 0; i < runs; i++) {
        log_start[i] = bench_timestamp();
        (void)*page;
        log_arrive[i] = bench_timestamp();
        (void)seL4_X86_Page_Unmap(frame);
    }
    seL4_Signal(done);
    env_park();
}

/* Serves the faulter's VMFaults: maps the page, then replies so the read is retried. */
static int handle_faults(unsigned runs)
{
    seL4_MessageInfo_t empty = seL4_MessageInfo_new(0, 0, 0, 0);
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, &badge, fault_reply);

    for (unsigned i = 0; i < runs; i++) {
        if (seL4_MessageInfo_get_label(info) != LABEL_VM_FAULT || map_target() != seL4_NoError) {
            return bench_fail("vm: unexpected fault message or Page_Map failure");
        }
        if (i + 1 == runs) {
            seL4_Send(fault_reply, empty); /* the last reply: do not wait for another fault */
        } else {
            info = seL4_ReplyRecv(fault_ep, empty, &badge, fault_reply);
        }
    }
    seL4_Wait(done, &badge);
    return 0;
}

static int fault_round_trip(void)
{
    span_set_t set = { log_start, log_arrive, bench_plan.runs, bench_plan.warmup,
                       overhead_timestamp };
    thread_spec_t spec = { faulter, bench_plan.runs, PRIO_FAULTER, 0, 0 };
    bench_thread_t t;

    fault_ep = env_new(seL4_EndpointObject, 0);
    fault_reply = env_new(seL4_ReplyObject, 0);
    done = env_new(seL4_NotificationObject, 0);
    spec.fault_ep = fault_ep;
    if (fault_ep == 0 || fault_reply == 0 || done == 0 || env_thread_start(&t, &spec) != 0) {
        return bench_fail("vm: cannot start the faulting thread");
    }
    if (handle_faults(bench_plan.runs) != 0) {
        return -1;
    }
    env_thread_stop(&t);
    bench_report("vmfault_roundtrip", &set);
    return 0;
}

int bench_vm(void)
{
    /* A page next to the target makes the page table the timed Map needs. */
    frame = env_new(seL4_X86_4K, 0);
    if (frame == 0 || env_map_new(seL4_CapInitThreadVSpace, VM_BASE) == 0) {
        return bench_fail("vm: cannot set up the page table");
    }
    if (map_unmap() != 0) {
        return -1;
    }
    return fault_round_trip();
}

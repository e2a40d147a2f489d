/*
 * IPC: one-way Call and ReplyRecv between the root task (the client) and a
 * server thread at the same priority, in the same or the far address space.
 * The server is passive (its scheduling context unbound once it waits in
 * Recv, so Call lends it the client's) except in the active-server case.
 *   call  = server's timestamp after Recv/ReplyRecv returned - client's before Call
 *   reply = client's timestamp after Call returned - server's before ReplyRecv
 */
#include <bench/timing.h>
#include <sel4/sel4.h>

#include "bench.h"
#include "env.h"

typedef struct {
    const char *call_name;
    const char *reply_name;
    seL4_Word length; /* message words of the call; the reply is always empty */
    int far;
    int passive;
} ipc_case_t;

static const ipc_case_t cases[] = {
    { "ipc_call_cross_as_len0", "ipc_reply_cross_as_len0", 0, 1, 1 },
    { "ipc_call_same_as_len0", "ipc_reply_same_as_len0", 0, 0, 1 },
    { "ipc_call_cross_as_len10", "ipc_reply_cross_as_len10", 10, 1, 1 },
    { "ipc_call_active_server_len0", "ipc_reply_active_server_len0", 0, 1, 0 },
};

static seL4_CPtr endpoint;
static seL4_CPtr reply_object;
static seL4_CPtr ready;

static void server(seL4_Word runs)
{
    /* The first receive also signals `ready`: the client runs only once the server waits. */
    bench_regs_t r = { endpoint, 0, reply_object, ready };
    bench_span_t span = bench_timed_syscall(seL4_SysNBSendRecv, &r);

    log_arrive[0] = span.after;
    for (unsigned i = 0; i < runs; i++) {
        r.cap = endpoint;
        r.info = 0; /* an empty reply */
        span = bench_timed_syscall(seL4_SysReplyRecv, &r);
        log_answer[i] = span.before;
        log_arrive[i + 1] = span.after;
    }
    /* Answers the client's extra call, then waits for good. */
    (void)seL4_ReplyRecv(endpoint, seL4_MessageInfo_new(0, 0, 0, 0), 0, reply_object);
    env_park();
}

static void client(seL4_Word length)
{
    seL4_Word info = seL4_MessageInfo_new(0, 0, 0, length).words[0];

    for (seL4_Word i = 4; i < length; i++) {
        seL4_SetMR((int)i, i); /* words past the fourth travel in the IPC buffer */
    }
    /*
     * One call more than the runs: the server stores its timestamp from
     * before a ReplyRecv only once that ReplyRecv returned, with the next call.
     */
    for (unsigned i = 0; i <= bench_plan.runs; i++) {
        bench_regs_t r = { endpoint, info, 0, 0 };
        bench_span_t span = bench_timed_syscall(seL4_SysCall, &r);
        log_start[i] = span.before;
        log_back[i] = span.after;
    }
}

static int run_case(const ipc_case_t *c)
{
    thread_spec_t spec = { server, bench_plan.runs, PRIO_TOP, c->far, seL4_CapNull };
    span_set_t call = { log_start, log_arrive, bench_plan.runs, bench_plan.warmup, overhead_nop };
    span_set_t reply = { log_answer, log_back, bench_plan.runs, bench_plan.warmup, overhead_nop };
    bench_thread_t t;
    seL4_Word badge = 0;

    if (env_thread_start(&t, &spec) != 0) {
        return bench_fail("ipc: cannot start the server");
    }
    seL4_Wait(ready, &badge);
    if (c->passive && seL4_SchedContext_Unbind(t.sc) != seL4_NoError) {
        return bench_fail("ipc: cannot make the server passive");
    }
    client(c->length);
    env_thread_stop(&t);
    bench_report(c->call_name, &call);
    bench_report(c->reply_name, &reply);
    return 0;
}

int bench_ipc(void)
{
    ready = env_new(seL4_NotificationObject, 0);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* A fresh endpoint and reply object per case: nothing left over from the last server. */
        endpoint = env_new(seL4_EndpointObject, 0);
        reply_object = env_new(seL4_ReplyObject, 0);
        if (ready == 0 || endpoint == 0 || reply_object == 0) {
            return bench_fail("ipc: out of memory");
        }
        if (run_case(&cases[i]) != 0) {
            return -1;
        }
    }
    return 0;
}

/*
 * Notification latency across address spaces: a low-priority thread
 * signals a notification on which a higher-priority thread of the far
 * address space waits. Sample: the signaller's timestamp before its Signal
 * to the waiter's after its Wait returned (sel4bench's "signal" set-up).
 */
#include <bench/timing.h>
#include <sel4/sel4.h>

#include "bench.h"
#include "env.h"

enum {
    PRIO_WAITER = 254,
    PRIO_SIGNALLER = 253,
};

static seL4_CPtr ntfn;
static seL4_CPtr ready;
static seL4_CPtr done;

static void waiter(seL4_Word runs)
{
    /* The first wait also signals `ready`, in one system call so the root task runs only after. */
    bench_regs_t r = { ntfn, 0, 0, ready };
    bench_span_t span = bench_timed_syscall(seL4_SysNBSendWait, &r);

    log_arrive[0] = span.after;
    for (unsigned i = 1; i < runs; i++) {
        r.cap = ntfn;
        span = bench_timed_syscall(seL4_SysWait, &r);
        log_arrive[i] = span.after;
    }
    env_park();
}

static void signaller(seL4_Word runs)
{
    for (unsigned i = 0; i < runs; i++) {
        bench_regs_t r = { ntfn, 0, 0, 0 }; /* Send with an empty message: seL4_Signal */
        bench_span_t span = bench_timed_syscall(seL4_SysSend, &r);
        log_start[i] = span.before;
    }
    seL4_Signal(done);
    env_park();
}

int bench_notify(void)
{
    span_set_t set = { log_start, log_arrive, bench_plan.runs, bench_plan.warmup, overhead_nop };
    thread_spec_t wait_spec = { waiter, bench_plan.runs, PRIO_WAITER, 1, seL4_CapNull };
    thread_spec_t signal_spec = { signaller, bench_plan.runs, PRIO_SIGNALLER, 0, seL4_CapNull };
    bench_thread_t w;
    bench_thread_t s;
    seL4_Word badge = 0;

    ntfn = env_new(seL4_NotificationObject, 0);
    ready = env_new(seL4_NotificationObject, 0);
    done = env_new(seL4_NotificationObject, 0);
    if (ntfn == 0 || ready == 0 || done == 0 || env_thread_start(&w, &wait_spec) != 0) {
        return bench_fail("notify: cannot start the waiter");
    }
    seL4_Wait(ready, &badge);
    if (env_thread_start(&s, &signal_spec) != 0) {
        return bench_fail("notify: cannot start the signaller");
    }
    seL4_Wait(done, &badge);
    env_thread_stop(&s);
    env_thread_stop(&w);
    bench_report("notify_cross_as", &set);
    return 0;
}

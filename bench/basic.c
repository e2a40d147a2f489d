/*
 * The cost of the measurement itself, the null system call, and seL4_Yield
 * between two threads of one address space.
 */
#include <bench/timing.h>
#include <sel4/sel4.h>

#include "bench.h"
#include "env.h"

uint64_t overhead_nop;
uint64_t overhead_timestamp;

static uint64_t minimum_span(const uint64_t *start, const uint64_t *end)
{
    uint64_t min = UINT64_MAX;

    for (unsigned i = bench_plan.warmup; i < bench_plan.runs; i++) {
        uint64_t span = end[i] - start[i];
        min = span < min ? span : min;
    }
    return min;
}

int bench_overheads(void)
{
    span_set_t set = { log_start, log_back, bench_plan.runs, bench_plan.warmup, 0 };
    bench_regs_t r = { 0, 0, 0, 0 };

    for (unsigned i = 0; i < bench_plan.runs; i++) {
        bench_span_t span = bench_timed_nop(seL4_SysCall, &r);
        log_start[i] = span.before;
        log_back[i] = span.after;
    }
    overhead_nop = minimum_span(log_start, log_back);
    bench_report("overhead_nop", &set);
    for (unsigned i = 0; i < bench_plan.runs; i++) {
        log_start[i] = bench_timestamp();
        log_back[i] = bench_timestamp();
    }
    overhead_timestamp = minimum_span(log_start, log_back);
    bench_report("overhead_timestamp", &set);
    return 0;
}

int bench_null_syscall(void)
{
    span_set_t set = { log_start, log_back, bench_plan.runs, bench_plan.warmup, overhead_nop };
    bench_regs_t r = { 0, 0, 0, 0 };

    for (unsigned i = 0; i < bench_plan.runs; i++) {
        bench_span_t span = bench_timed_syscall(seL4_SysBenchmarkNullSyscall, &r);
        log_start[i] = span.before;
        log_back[i] = span.after;
    }
    bench_report("null_syscall", &set);
    return 0;
}

/* The second thread: yields back as often as the root task yields to it. */
static void yielder(seL4_Word runs)
{
    bench_regs_t r = { 0, 0, 0, 0 };

    for (unsigned i = 0; i < runs; i++) {
        bench_span_t span = bench_timed_syscall(seL4_SysYield, &r);
        log_answer[i] = span.before;
        log_arrive[i] = span.after;
    }
    env_park();
}

/*
 * The root task and a second thread at the same priority take turns:
 * the root task's yield i returns right after the other thread's yield i
 * began, so one sample is that thread's timestamp before its Yield to
 * the root task's after its own Yield returned.
 */
int bench_yield(void)
{
    span_set_t set = { log_answer, log_back, bench_plan.runs, bench_plan.warmup, overhead_nop };
    thread_spec_t spec = { yielder, bench_plan.runs, PRIO_TOP, 0, seL4_CapNull };
    bench_regs_t r = { 0, 0, 0, 0 };
    bench_thread_t other;

    if (env_thread_start(&other, &spec) != 0) {
        return bench_fail("yield: cannot start the second thread");
    }
    for (unsigned i = 0; i < bench_plan.runs; i++) {
        bench_span_t span = bench_timed_syscall(seL4_SysYield, &r);
        log_start[i] = span.before;
        log_back[i] = span.after;
    }
    /* The other thread stores its last timestamp once this yield lets its last Yield return. */
    seL4_Yield();
    env_thread_stop(&other);
    bench_report("yield_switch", &set);
    return 0;
}

/*
 * The benchmark root task (`make bench`): measures the kernel's basic
 * operations the way sel4bench does and prints one line per benchmark,
 * with its statistics computed here in integer arithmetic. With the
 * argument `quick` it runs every benchmark a few times only (`make test`'s
 * check that each one works). docs/performance.md describes the method.
 */
#include <stdio.h>
#include <string.h>

#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "bench.h"
#include "env.h"
#include "stats.h"

bench_plan_t bench_plan = { 20000, 2000 };
static const bench_plan_t quick_plan = { 200, 20 };

uint64_t log_start[RUNS_MAX + 1];
uint64_t log_arrive[RUNS_MAX + 1];
uint64_t log_answer[RUNS_MAX + 1];
uint64_t log_back[RUNS_MAX + 1];
static uint64_t samples[RUNS_MAX];
static char line[200];

int bench_fail(const char *what)
{
    printf("bench: error: %s\n", what);
    return -1;
}

void bench_report(const char *name, const span_set_t *s)
{
    unsigned n = s->runs - s->warmup;
    unsigned short_ones = 0;
    bench_stats_t stats;

    for (unsigned i = 0; i < n; i++) {
        uint64_t span = s->end[s->warmup + i] - s->start[s->warmup + i];
        short_ones += span < s->overhead;
        samples[i] = span < s->overhead ? 0 : span - s->overhead;
    }
    bench_stats(samples, n, &stats);
    bench_stats_line(line, sizeof(line), name, &stats);
    printf("%s", line);
    if (short_ones != 0) {
        printf("bench: warning: %s: %u samples shorter than the overhead\n", name, short_ones);
    }
}

int main(void)
{
    int (*const groups[])(void) = { bench_overheads, bench_null_syscall, bench_ipc, bench_notify,
                                    bench_yield,     bench_vm,           bench_irq };

    if (strcmp(sel4_root_args(), "quick") == 0) {
        bench_plan = quick_plan;
    }
    printf("bench: plan runs=%u warmup=%u (n = runs - warmup for every benchmark)\n",
           bench_plan.runs, bench_plan.warmup);
    if (env_init() != 0) {
        return bench_fail("cannot build the benchmark environment");
    }
    for (unsigned i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        if (groups[i]() != 0) {
            return 1;
        }
    }
    printf("bench: done\n");
    return 0;
}

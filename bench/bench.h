/*
 * What the benchmarks share: the plan (how many timed runs, how many of
 * them discarded as warm-up), the timestamp log that both sides of a
 * measurement write, the measured cost of the measurement itself, and the
 * report. Each benchmark file exports one bench_<group>() that runs its
 * benchmarks and prints one line per benchmark.
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdint.h>

enum {
    RUNS_MAX = 20000,
};

/*
 * Every benchmark makes the same number of timed runs: even the expensive
 * ones (IRQ, fault) take seconds only, so all report n = runs - warmup.
 */
typedef struct {
    unsigned runs;   /* timed runs */
    unsigned warmup; /* how many of the first runs are discarded */
} bench_plan_t;

extern bench_plan_t bench_plan;

/*
 * The timestamp log, in the image so that threads of the far address space
 * write it too. One run i of a two-sided measurement fills:
 *   log_start[i]  the initiator, before it enters the kernel (client before Call)
 *   log_arrive[i] the other side, when it is back in user mode (server after Recv)
 *   log_answer[i] the other side, before it answers (server before ReplyRecv)
 *   log_back[i]   the initiator, back in user mode (client after Call)
 * One entry more than RUNS_MAX: a server's loop writes one past its last run.
 */
extern uint64_t log_start[RUNS_MAX + 1];
extern uint64_t log_arrive[RUNS_MAX + 1];
extern uint64_t log_answer[RUNS_MAX + 1];
extern uint64_t log_back[RUNS_MAX + 1];

/* The cost of the measurement, measured first (minima over the plan's runs). */
extern uint64_t overhead_nop;       /* the timed sequence with the NOP in place of `syscall` */
extern uint64_t overhead_timestamp; /* two back-to-back timestamps */

/* One benchmark's samples: end[i] - start[i] - overhead for warmup <= i < runs. */
typedef struct {
    const uint64_t *start;
    const uint64_t *end;
    unsigned runs;
    unsigned warmup;
    uint64_t overhead;
} span_set_t;

/*
 * Computes the samples, their statistics and prints the report line for
 * `name`. A sample shorter than the overhead would be a measuring error;
 * it counts as 0 and the line is followed by a warning.
 */
void bench_report(const char *name, const span_set_t *s);

/* Prints "bench: error: <what>" and returns -1, for a set-up step that failed. */
int bench_fail(const char *what);

/* The benchmark groups, in the order main() runs them; each returns 0 or bench_fail's -1. */
int bench_overheads(void);
int bench_null_syscall(void);
int bench_ipc(void);
int bench_notify(void);
int bench_yield(void);
int bench_vm(void);
int bench_irq(void);

#endif /* BENCH_BENCH_H */

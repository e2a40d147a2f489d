/*
 * Statistics of one benchmark's samples in integer arithmetic, and the
 * one-line report every benchmark prints. Shared by the benchmark root task
 * and the Microkit client PD (bench/microkit/), so it needs no C library.
 */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t n;
    uint64_t min;
    uint64_t max;
    uint64_t median;       /* the sample at index n/2 once sorted (the upper median) */
    uint64_t mean_milli;   /* the mean times 1000, rounded to nearest */
    uint64_t stddev_milli; /* the sample standard deviation (n - 1) times 1000, rounded down */
} bench_stats_t;

/* Computes the statistics of samples[0..n), n > 0. Sorts the samples in place. */
void bench_stats(uint64_t *samples, uint64_t n, bench_stats_t *out);

/*
 * Writes the report line for `name` into buf, NUL-terminated, and returns
 * its length. The format, which tools/bench-report parses:
 *   bench: <name> n=<n> min=<min> median=<median> mean=<m>.<3 digits>
 *   stddev=<s>.<3 digits> max=<max>
 * on one line, ending in a newline. A line that does not fit is cut short.
 */
size_t bench_stats_line(char *buf, size_t size, const char *name, const bench_stats_t *s);

#endif /* BENCH_STATS_H */

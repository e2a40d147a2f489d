/*
 * The benchmark's client: times microkit_ppcall round trips to the passive
 * server (an empty message both ways), prints the statistics line in the
 * root task's format (bench/stats.h), and ends the machine, so `make bench`
 * needs no timeout to stop QEMU.
 */
#include <stdint.h>

#include <bench/timing.h>
#include <microkit.h>

#include "stats.h"

#define SERVER 1

enum {
    RUNS = 20000,
    WARMUP = 2000, /* the first runs, discarded as in the root task's benchmarks */
};

static uint64_t start[RUNS];
static uint64_t end[RUNS];
static uint64_t samples[RUNS];
static char line[200];

/* The least cost of two back-to-back timestamps, subtracted from every sample. */
static uint64_t timestamp_overhead(void)
{
    uint64_t min = UINT64_MAX;

    for (unsigned i = 0; i < RUNS; i++) {
        uint64_t a = bench_timestamp();
        uint64_t b = bench_timestamp();
        min = b - a < min ? b - a : min;
    }
    return min;
}

void init(void)
{
    uint64_t overhead = timestamp_overhead();
    bench_stats_t stats;

    for (unsigned i = 0; i < RUNS; i++) {
        start[i] = bench_timestamp();
        (void)microkit_ppcall(SERVER, microkit_msginfo_new(0, 0));
        end[i] = bench_timestamp();
    }
    for (unsigned i = WARMUP; i < RUNS; i++) {
        uint64_t span = end[i] - start[i];
        samples[i - WARMUP] = span > overhead ? span - overhead : 0;
    }
    bench_stats(samples, RUNS - WARMUP, &stats);
    bench_stats_line(line, sizeof(line), "microkit_ppcall_roundtrip", &stats);
    microkit_dbg_puts(line);
    seL4_CairnDebugExit(0);
}

void notified(microkit_channel ch)
{
    (void)ch;
}

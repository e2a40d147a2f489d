/* Time for the scheduling tests: the TSC and its frequency from BootInfo. */
#ifndef SYSTEST_TIMING_H
#define SYSTEST_TIMING_H

#include <sel4/runtime.h>
#include <sel4/sel4.h>

/* The TSC frequency BootInfo reports, in whole MHz (0 if none). */
static inline seL4_Word tsc_mhz(void)
{
    seL4_Word len = 0;
    const seL4_Word *mhz = sel4_bootinfo_chunk(SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, &len);

    return mhz != 0 && len >= sizeof(*mhz) ? *mhz : 0;
}

static inline seL4_Word rdtsc(void)
{
    seL4_Uint32 lo = 0;
    seL4_Uint32 hi = 0;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (seL4_Word)hi << 32 | lo;
}

#endif /* SYSTEST_TIMING_H */

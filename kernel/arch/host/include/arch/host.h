/*
 * Test hooks of the host architecture double (kernel/arch/host/host.c): the
 * fake physical memory behind the kernel window, the captured console, and
 * what the kernel would have done to the machine (exit, mappings, user entry).
 * Only unit tests and fuzzers include this; the generic core sees arch.h.
 */
#ifndef ARCH_HOST_H
#define ARCH_HOST_H

#include <setjmp.h>

#include "arch.h"

enum {
    HOST_MAX_MAPPINGS = 256,
};

/* One arch_boot_map_frame call that succeeded. */
typedef struct {
    paddr_t root;
    vaddr_t vaddr;
    paddr_t frame;
    unsigned rights;
} host_mapping_t;

/*
 * Resets every double below to its initial state (no memory, empty console,
 * nothing armed). Call it in each test's setup, before anything else.
 */
void host_reset(void);

/*
 * Makes buf[0..len) the physical memory at [base_pa, base_pa + len): the
 * kernel window covers exactly this range. buf stays owned by the test.
 */
void host_set_phys_memory(paddr_t base_pa, void *buf, size_t len);

/* Everything arch_console_putc wrote since the last reset, NUL-terminated. */
const char *host_console_text(void);
void host_console_reset(void);

/*
 * Arms a one-shot catch for arch_system_exit: it records the code and
 * longjmps to env with value 1. Without an armed catch it aborts the test.
 */
void host_expect_exit(jmp_buf *env);
unsigned host_exit_code(void);

/* The same for arch_restore_user, which records the thread first. */
void host_expect_restore(jmp_buf *env);
struct tcb *host_restored_tcb(void);
unsigned host_restore_count(void);

/* What arch_boot_vspace_create returns next (0 simulates out of memory). */
void host_set_vspace_root(paddr_t root);
unsigned host_vspace_create_count(void);

/* Successful arch_boot_map_frame calls, in call order. */
unsigned host_mapping_count(void);
const host_mapping_t *host_mapping(unsigned i);
/* Makes every arch_boot_map_frame call fail (out of boot memory). */
void host_set_map_fails(bool fails);

void host_set_tsc_khz(uint32_t khz);

/*
 * Makes arch_interrupt_pending report an interrupt on every `polls`-th
 * poll (0: never), to drive preemption points in tests.
 */
void host_set_interrupt_every(unsigned polls);
/* The last deadline arch_set_timeout was given, and how often it was called. */
uint64_t host_timeout(void);
unsigned host_timeout_writes(void);
/* What arch_timestamp returns. */
void host_set_timestamp(uint64_t ticks);
/* How many times a system call was set up to restart. */
unsigned host_restart_count(void);

#endif /* ARCH_HOST_H */

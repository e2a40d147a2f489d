/*
 * The host "architecture": arch.h implemented as a test double for unit
 * tests and fuzzers. No assembly and no real hardware; every piece of state
 * lives in one struct that host_reset() clears (hooks in arch/host.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>

#include "kernel.h"
#include "object/tcb.h"

enum {
    CONSOLE_MAX = 16384,
};

typedef struct {
    paddr_t mem_base;
    uint8_t *mem;
    size_t mem_len;
    char console[CONSOLE_MAX];
    size_t console_len;
    jmp_buf *exit_env;
    unsigned exit_code;
    jmp_buf *restore_env;
    struct tcb *restored_tcb;
    unsigned restore_count;
    paddr_t vspace_root;
    unsigned vspace_creates;
    host_mapping_t maps[HOST_MAX_MAPPINGS];
    unsigned map_count;
    bool map_fails;
    uint32_t tsc_khz;
    unsigned irq_after; /* interrupt_pending polls until one is pending (0: never) */
    unsigned irq_polls;
    unsigned restarts;
    uint64_t timestamp;
    uint64_t timeout;
    unsigned timeout_writes;
} host_state_t;

enum {
    HOST_DEFAULT_ROOT = 0x200000, /* any page-aligned non-zero address will do */
};

static host_state_t host;

void host_reset(void)
{
    memset(&host, 0, sizeof(host));
    host.vspace_root = HOST_DEFAULT_ROOT;
}

void host_set_phys_memory(paddr_t base_pa, void *buf, size_t len)
{
    host.mem_base = base_pa;
    host.mem = buf;
    host.mem_len = len;
}

void *arch_kernel_window(paddr_t pa, word_t len)
{
    if (host.mem == NULL || pa < host.mem_base || len > host.mem_len ||
        pa - host.mem_base > host.mem_len - len) {
        return NULL;
    }
    return host.mem + (pa - host.mem_base);
}

paddr_t arch_window_to_phys(const void *ptr)
{
    return host.mem_base + ((uintptr_t)ptr - (uintptr_t)host.mem);
}

void arch_console_putc(char c)
{
    /* The last byte stays NUL so the capture is always a string. */
    if (host.console_len + 1 < CONSOLE_MAX) {
        host.console[host.console_len++] = c;
    }
}

const char *host_console_text(void)
{
    return host.console;
}

void host_console_reset(void)
{
    memset(host.console, 0, sizeof(host.console));
    host.console_len = 0;
}

void host_expect_exit(jmp_buf *env)
{
    host.exit_env = env;
}

unsigned host_exit_code(void)
{
    return host.exit_code;
}

void arch_system_exit(unsigned code)
{
    jmp_buf *env = host.exit_env;

    host.exit_code = code;
    host.exit_env = NULL;
    if (env == NULL) {
        (void)fprintf(stderr, "host: unexpected arch_system_exit(0x%x)\n", code);
        abort();
    }
    longjmp(*env, 1);
}

paddr_t arch_boot_vspace_create(cap_t *root_cap, cap_t *pool_cap)
{
    host.vspace_creates++;
    *root_cap = cap_vspace(arch_phys_to_kernel(host.vspace_root), ROOT_TASK_ASID);
    *pool_cap = cap_null();
    return host.vspace_root;
}

void arch_boot_paging_caps(paddr_t root, unsigned (*add)(cap_t cap))
{
    (void)root;
    (void)add;
}

void host_set_vspace_root(paddr_t root)
{
    host.vspace_root = root;
}

unsigned host_vspace_create_count(void)
{
    return host.vspace_creates;
}

static bool is_mapped(paddr_t root, vaddr_t vaddr)
{
    for (unsigned i = 0; i < host.map_count; i++) {
        if (host.maps[i].root == root && host.maps[i].vaddr == vaddr) {
            return true;
        }
    }
    return false;
}

bool arch_boot_map_frame(paddr_t root, vaddr_t vaddr, paddr_t frame, unsigned rights)
{
    if (host.map_fails || host.map_count == HOST_MAX_MAPPINGS || is_mapped(root, vaddr)) {
        return false;
    }
    host.maps[host.map_count].root = root;
    host.maps[host.map_count].vaddr = vaddr;
    host.maps[host.map_count].frame = frame;
    host.maps[host.map_count].rights = rights;
    host.map_count++;
    return true;
}

unsigned host_mapping_count(void)
{
    return host.map_count;
}

const host_mapping_t *host_mapping(unsigned i)
{
    return i < host.map_count ? &host.maps[i] : NULL;
}

void host_set_map_fails(bool fails)
{
    host.map_fails = fails;
}

void arch_context_init(arch_tcb_t *ctx, word_t ip, word_t sp, word_t arg0)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->tcb_regs[USER_REG_IP] = ip;
    ctx->tcb_regs[USER_REG_SP] = sp;
    ctx->tcb_regs[HOST_REG_ARG0] = arg0;
}

void host_expect_restore(jmp_buf *env)
{
    host.restore_env = env;
}

struct tcb *host_restored_tcb(void)
{
    return host.restored_tcb;
}

unsigned host_restore_count(void)
{
    return host.restore_count;
}

void arch_restore_user(struct tcb *tcb)
{
    jmp_buf *env = host.restore_env;

    host.restored_tcb = tcb;
    host.restore_count++;
    host.restore_env = NULL;
    if (env == NULL) {
        (void)fprintf(stderr, "host: unexpected arch_restore_user\n");
        abort();
    }
    longjmp(*env, 1);
}

uint32_t arch_tsc_khz(void)
{
    return host.tsc_khz;
}

void host_set_tsc_khz(uint32_t khz)
{
    host.tsc_khz = khz;
}

void arch_tcb_forget(struct tcb *tcb)
{
    (void)tcb;
}

void arch_restart_syscall(arch_tcb_t *ctx)
{
    (void)ctx;
    host.restarts++;
}

unsigned host_restart_count(void)
{
    return host.restarts;
}

bool arch_interrupt_pending(void)
{
    if (host.irq_after == 0) {
        return false;
    }
    return ++host.irq_polls % host.irq_after == 0;
}

void host_set_interrupt_every(unsigned polls)
{
    host.irq_after = polls;
    host.irq_polls = 0;
}

unsigned arch_device_memory(paddr_t *lo, paddr_t *hi, paddr_t reserved[][2], unsigned max)
{
    (void)reserved;
    (void)max;
    *lo = 0;
    *hi = 0;
    return 0;
}

void *arch_phys_to_kernel(paddr_t pa)
{
    if (host.mem != NULL && pa >= host.mem_base && pa - host.mem_base < host.mem_len) {
        return host.mem + (pa - host.mem_base);
    }
    return (void *)(uintptr_t)pa;
}

word_t arch_user_context_get(struct tcb *tcb, unsigned index)
{
    const arch_tcb_t *ctx = &tcb->tcb_arch;

    return index < HOST_NUM_REGS ? ctx->tcb_regs[index] : 0;
}

void arch_user_context_set(struct tcb *tcb, unsigned index, word_t value)
{
    arch_tcb_t *ctx = &tcb->tcb_arch;

    if (index < HOST_NUM_REGS) {
        ctx->tcb_regs[index] = value;
    }
}

void arch_set_tls_base(struct tcb *tcb, word_t base)
{
    arch_user_context_set(tcb, USER_CONTEXT_WORDS - 2, base);
}

void arch_idle(void)
{
    /* Host tests never idle: behave like the end of the machine. */
    arch_system_exit(SYSTEM_EXIT_IDLE);
}

unsigned arch_ioapic_pins(void)
{
    return 24;
}

void arch_irq_route_ioapic(unsigned irq, unsigned pin, bool level, bool active_low)
{
    (void)irq;
    (void)pin;
    (void)level;
    (void)active_low;
}

void arch_irq_set_masked(unsigned irq, bool masked)
{
    (void)irq;
    (void)masked;
}

void arch_irq_release(unsigned irq)
{
    (void)irq;
}

uint64_t arch_timestamp(void)
{
    return host.timestamp;
}

void host_set_timestamp(uint64_t ticks)
{
    host.timestamp = ticks;
}

void arch_set_timeout(uint64_t deadline)
{
    host.timeout = deadline;
    host.timeout_writes++;
}

unsigned host_timeout_writes(void)
{
    return host.timeout_writes;
}

uint64_t host_timeout(void)
{
    return host.timeout;
}

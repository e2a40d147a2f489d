/*
 * Fault cases: each performs one operation user mode must not be able to do.
 * The kernel has to stop this thread with a report and keep running; if the
 * operation returns, main() reports that it survived. tools/run-system-tests
 * lists the report each case must produce.
 */
#include <string.h>

#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "test.h"

#define KERNEL_IMAGE_ADDR  0xffffffff80100000ul
#define KERNEL_WINDOW_ADDR 0xffff800000100000ul
#define NONCANONICAL_ADDR  0x0000800000000000ul

static volatile unsigned long sink;
static unsigned char data_code[16] = { 0xc3 }; /* ret */
static const unsigned char rodata_byte = 1;

static void do_hlt(void)
{
    __asm__ volatile("hlt");
}
static void do_cli(void)
{
    __asm__ volatile("cli");
}
static void do_sti(void)
{
    __asm__ volatile("sti");
}
static void do_mov_cr3(void)
{
    __asm__ volatile("mov %%rax, %%cr3" : : "a"(0ul));
}
static void do_write_cr0(void)
{
    __asm__ volatile("mov %%rax, %%cr0" : : "a"(0x80000011ul));
}
static void do_invlpg(void)
{
    __asm__ volatile("invlpg (%0)" : : "r"(&sink) : "memory");
}
static void do_lgdt(void)
{
    struct {
        unsigned short limit;
        unsigned long base;
    } __attribute__((packed)) gdtr = { 0, 0 };
    __asm__ volatile("lgdt %0" : : "m"(gdtr));
}
static void do_in_port(void)
{
    unsigned char v = 0;
    __asm__ volatile("inb $0x60, %0" : "=a"(v));
    sink = v;
}
/* Port 0xf4 is QEMU's exit device: if this got through, QEMU would end. */
static void do_out_port(void)
{
    __asm__ volatile("outl %0, $0xf4" : : "a"(0x10u));
}
static void do_rdmsr(void)
{
    unsigned lo = 0;
    unsigned hi = 0;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080u));
    sink = lo | (unsigned long)hi << 32;
}
static void do_wrmsr(void)
{
    __asm__ volatile("wrmsr" : : "a"(0u), "d"(0u), "c"(0xc0000082u));
}

/* In asm, so the compiler neither warns about nor optimises the bad access. */
static void do_read(unsigned long addr)
{
    unsigned long v = 0;
    __asm__ volatile("mov (%1), %0" : "=r"(v) : "r"(addr) : "memory");
    sink = v;
}
static void do_write(unsigned long addr)
{
    __asm__ volatile("movq $0x5a5a5a5a, (%0)" : : "r"(addr) : "memory");
}
static void do_call(unsigned long addr)
{
    __asm__ volatile("call *%0" : : "r"(addr) : "memory");
}

static void do_kernel_read(void)
{
    do_read(KERNEL_IMAGE_ADDR);
}
static void do_kernel_write(void)
{
    do_write(KERNEL_IMAGE_ADDR);
}
static void do_window_read(void)
{
    do_read(KERNEL_WINDOW_ADDR);
}
static void do_null_read(void)
{
    do_read(0);
}
static void do_null_write(void)
{
    do_write(8);
}
static void do_noncanonical(void)
{
    do_read(NONCANONICAL_ADDR);
}
static void do_write_text(void)
{
    do_write((unsigned long)&do_write_text);
}
static void do_write_rodata(void)
{
    do_write((unsigned long)&rodata_byte & ~7ul);
}

static void do_exec_stack(void)
{
    unsigned char code[16];
    memset(code, 0xc3, sizeof(code));
    do_call((unsigned long)code);
    sink = code[0];
}

static void do_exec_data(void)
{
    do_call((unsigned long)data_code);
}

/*
 * The kernel puts an unmapped guard page between the IPC buffer and the
 * stack (kernel/boot/boot.c), so overflowing the stack faults.
 */
static void do_stack_guard(void)
{
    unsigned long ipc = (unsigned long)seL4_GetBootInfo()->ipcBuffer;
    do_write(ipc + 4096 + 4096 - 8);
}

static void do_div_zero(void)
{
    volatile unsigned zero = 0;
    /* cppcheck-suppress zerodiv ; deliberate: the case checks the kernel stops a #DE */
    sink = 10u / zero; /* NOLINT(clang-analyzer-core.DivideZero): deliberate, as above */
}
static void do_ud2(void)
{
    __asm__ volatile("ud2");
}
static void do_int3(void)
{
    __asm__ volatile("int3");
}
static void do_int_0x80(void)
{
    __asm__ volatile("int $0x80");
}
static void do_int_timer(void)
{
    __asm__ volatile("int $0x20");
}
static void do_bad_syscall(void)
{
    seL4_CairnSyscall1((seL4_Syscall_ID)-1000, 0);
}

/* A capability pointer the root CNode's guard rejects: a lookup failure. */
static void do_cap_fault(void)
{
    seL4_Call(1ul << 60, seL4_MessageInfo_new(0, 0, 0, 0));
}

typedef struct {
    const char *name;
    void (*fn)(void);
} fault_case_t;

static const fault_case_t cases[] = {
    { "hlt", do_hlt },
    { "cli", do_cli },
    { "sti", do_sti },
    { "mov_cr3", do_mov_cr3 },
    { "write_cr0", do_write_cr0 },
    { "invlpg", do_invlpg },
    { "lgdt", do_lgdt },
    { "in_port", do_in_port },
    { "out_port", do_out_port },
    { "rdmsr", do_rdmsr },
    { "wrmsr", do_wrmsr },
    { "kernel_read", do_kernel_read },
    { "kernel_write", do_kernel_write },
    { "window_read", do_window_read },
    { "null_read", do_null_read },
    { "null_write", do_null_write },
    { "noncanonical", do_noncanonical },
    { "write_text", do_write_text },
    { "write_rodata", do_write_rodata },
    { "exec_stack", do_exec_stack },
    { "exec_data", do_exec_data },
    { "stack_guard", do_stack_guard },
    { "div_zero", do_div_zero },
    { "ud2", do_ud2 },
    { "int3", do_int3 },
    { "int_0x80", do_int_0x80 },
    { "int_timer", do_int_timer },
    { "bad_syscall", do_bad_syscall },
    { "cap_fault", do_cap_fault },
};

int systest_run_fault_case(const char *name)
{
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (strcmp(cases[i].name, name) == 0) {
            cases[i].fn();
            return 1;
        }
    }
    return 0;
}

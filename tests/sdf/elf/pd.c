/*
 * A stand-in PD program for the system tool's tests: it never runs, it only
 * has the symbols the tool looks for. Built several ways (tests/sdf/build.mk):
 * PD_FULL defines libmicrokit's variables and every setvar the fixtures use,
 * PD_NO_IPC leaves out the IPC buffer, PD_BSS puts microkit_name in .bss,
 * PD_SMALL_IPC makes the IPC buffer too small, PD_RO_IPC puts it in
 * read-only memory; no flag gives a program
 * without libmicrokit. Initial values of 1 keep variables out of .bss.
 */
#include <stdint.h>

/* The ELF entry point's conventional name. */
// NOLINTNEXTLINE(readability-identifier-naming)
__attribute__((noreturn)) void _start(void);

/* Something read-only: an empty rodata segment would sit at address 0, which loaders refuse. */
extern const char pd_banner[];
const char pd_banner[] = "stand-in PD";
/* And something writable, for the same reason. */
extern uint64_t pd_counter;
uint64_t pd_counter = 1;

#if defined(PD_FULL) || defined(PD_BSS)
extern char microkit_name[64];
extern uint8_t microkit_passive;
extern uint64_t microkit_irqs;
extern uint64_t microkit_notifications;
extern uint64_t microkit_pps;
extern uint64_t microkit_ioports;

#ifdef PD_BSS
char microkit_name[64];
#else
char microkit_name[64] = { 1 };
#endif
uint8_t microkit_passive = 1;
uint64_t microkit_irqs = 1;
uint64_t microkit_notifications = 1;
uint64_t microkit_pps = 1;
uint64_t microkit_ioports = 1;
#endif /* PD_FULL || PD_BSS */

#ifdef PD_FULL
extern uint64_t buffer_vaddr;
extern uint64_t buffer_size;
extern uint64_t buffer_prefill;
extern uint64_t buffer_paddr;
extern uint64_t device_paddr;
extern uint64_t channel_id;
extern uint64_t irq_id;
extern uint64_t port_id;
extern uint64_t port_addr;
extern uint64_t child_id;
extern uint64_t bss_var;
extern uint32_t small_var;

uint64_t buffer_vaddr = 1;
uint64_t buffer_size = 1;
uint64_t buffer_prefill = 1;
uint64_t buffer_paddr = 1;
uint64_t device_paddr = 1;
uint64_t channel_id = 1;
uint64_t irq_id = 1;
uint64_t port_id = 1;
uint64_t port_addr = 1;
uint64_t child_id = 1;
uint64_t bss_var;
uint32_t small_var = 1;
#endif /* PD_FULL */

#ifndef PD_NO_IPC
#ifdef PD_SMALL_IPC
#define IPC_BYTES 512
#else
#define IPC_BYTES 4096
#endif
/* libmicrokit's name for the IPC buffer; the tool finds the PD's buffer by it. */
#ifdef PD_RO_IPC
#define IPC_CONST const
#else
#define IPC_CONST
#endif
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c)
extern IPC_CONST uint8_t __sel4_ipc_buffer_obj[IPC_BYTES];
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c)
IPC_CONST uint8_t __sel4_ipc_buffer_obj[IPC_BYTES] __attribute__((aligned(4096))) = { 1 };
#endif /* !PD_NO_IPC */

void _start(void)
{
    for (;;) {
    }
}

/*
 * The architecture interface: every function the generic core may call on
 * the machine. kernel/arch/x86_64/ implements it for real hardware and
 * kernel/arch/host/ as a test double for unit tests and fuzzers. Each
 * addition is explained in docs/architecture.md.
 */
#ifndef ARCH_H
#define ARCH_H

#include <arch/tcb.h>

#include "object/cap.h"
#include "types.h"

struct tcb;

/* Registers by role; each architecture maps them onto its own. */
typedef enum {
    USER_REG_SYSNO,   /* syscall number on entry */
    USER_REG_CAP,     /* capability / first argument; badge on return */
    USER_REG_MSGINFO, /* message info */
    USER_REG_MR0,
    USER_REG_MR1,
    USER_REG_MR2,
    USER_REG_MR3,
    USER_REG_REPLY, /* reply object (MCS) */
    USER_REG_DEST,  /* where NBSendRecv and NBSendWait send */
    USER_REG_IP,
    USER_REG_SP,
    USER_REG_COUNT,
} user_reg_t;

/* --- Kernel window and console --- */

/*
 * Kernel window: a kernel pointer to physical range [pa, pa + len), or NULL
 * when any byte of it is outside the window (or the range wraps).
 */
void *arch_kernel_window(paddr_t pa, word_t len);

/* Physical address of a pointer inside the kernel window. */
paddr_t arch_window_to_phys(const void *ptr);

/* Writes one byte to the kernel's debug console. */
void arch_console_putc(char c);

/*
 * Ends the whole machine: under QEMU the exit status encodes `code`
 * (enum system_exit in kernel.h); on hardware it halts the CPU.
 */
NORETURN void arch_system_exit(unsigned code);

/* --- Physical memory --- */

enum {
    ARCH_MAX_KERNEL_DEVICES = 4,
};

/*
 * The physical range [*lo, *hi) where devices may live, and (written to
 * reserved, at most max, sorted) the ranges in it the kernel keeps for its
 * own devices. Boot gives the rest that is not RAM to the root task as
 * device untyped memory. Returns the number of reserved ranges.
 */
unsigned arch_device_memory(paddr_t *lo, paddr_t *hi, paddr_t reserved[][2], unsigned max);

/*
 * The kernel's name for physical address pa, RAM or not. Capabilities use it
 * as the object address; device memory is never accessed through it.
 */
void *arch_phys_to_kernel(paddr_t pa);

/* --- Boot-time user address space (the root task's) --- */

enum {
    VM_WRITE = 1, /* otherwise read-only */
    VM_EXEC = 2,  /* otherwise no-execute */
};

/*
 * A fresh, empty user address space whose kernel half is shared with every
 * other, with ASID ROOT_TASK_ASID from the first ASID pool, which this
 * makes. Returns its root's physical address (0 when out of boot memory)
 * and sets the capabilities for the root and the pool.
 */
paddr_t arch_boot_vspace_create(cap_t *root_cap, cap_t *pool_cap);

/* Calls add() with a mapped capability for every paging structure below root. */
void arch_boot_paging_caps(paddr_t root, unsigned (*add)(cap_t cap));

/*
 * Maps the 4 KiB frame at `frame` at user address `vaddr` with `rights`
 * (VM_*), taking page-table pages from the boot allocator. False when out
 * of boot memory or the slot is already mapped.
 */
bool arch_boot_map_frame(paddr_t root, vaddr_t vaddr, paddr_t frame, unsigned rights);

/* --- Architecture objects (x86: paging structures, frames, ASIDs, I/O ports) --- */

/* Whether Untyped_Retype can make objects of this architecture type here. */
bool arch_object_type_supported(word_t type);

/* Frames are the only objects device memory can become. */
bool arch_object_is_frame(word_t type);

/* Size in bits of an object of an architecture type. */
unsigned arch_object_size_bits(word_t type);

/* Initialises a new architecture object in cleared memory (device memory is not cleared). */
cap_t arch_object_create(word_t type, void *ptr, bool is_device);

/* Whether an architecture capability may be copied (IllegalOperation otherwise). */
bool arch_cap_derivable(cap_t cap);

/*
 * An architecture capability is being deleted (`final`: its object's last
 * capability): remove the mappings, ASIDs or ports it owns.
 */
void arch_cap_finalise(cap_t cap, bool final);

/* --- Threads --- */

/* Sets up a thread that enters user mode at ip with stack sp and arg0. */
void arch_context_init(arch_tcb_t *ctx, word_t ip, word_t sp, word_t arg0);

/* arch_get_register, arch_set_register and arch_timestamp: per architecture, inline where it pays.
 */
#include <arch/inline.h>

/*
 * Leaves the kernel into `tcb`, in the address space its VSpace capability
 * names (one with no valid root runs in the kernel's alone and faults on
 * its first access), restoring its FPU state if another thread used the
 * FPU last. Does not return.
 */
NORETURN void arch_restore_user(struct tcb *tcb);

/*
 * The thread is being destroyed: forget any lazily kept state of it (the
 * FPU owner), since its memory may be reused.
 */
void arch_tcb_forget(struct tcb *tcb);

/*
 * Makes the thread's pending system call execute again when it next runs
 * (used when a long operation stops at a preemption point).
 */
void arch_restart_syscall(arch_tcb_t *ctx);

/* --- Interrupts --- */

enum {
    ARCH_NUM_IRQS = 108, /* user IRQ numbers 0..107 (x86: vectors 0x30..0x9b) */
};

/* Pins the interrupt controller has (x86: the I/O APIC's). */
unsigned arch_ioapic_pins(void);

/* Routes I/O APIC `pin` to IRQ number irq; it stays masked until acknowledged. */
void arch_irq_route_ioapic(unsigned irq, unsigned pin, bool level, bool active_low);

/* Masks or unmasks an IRQ's line (MSIs have none: nothing to do). */
void arch_irq_set_masked(unsigned irq, bool masked);

/* The IRQ's handler is gone: mask it and forget its routing. */
void arch_irq_release(unsigned irq);

/*
 * Nothing can run: wait with interrupts enabled; an interrupt then enters
 * the kernel as from a thread, with ks_cur_thread NULL. Does not return.
 */
NORETURN void arch_idle(void);

/* Whether an interrupt is waiting to be taken (polled at preemption points). */
bool arch_interrupt_pending(void);

/*
 * A thread's registers in seL4_UserContext order (rip, rsp, rflags, rax,
 * rbx, rcx, rdx, rsi, rdi, rbp, r8..r15, fs_base, gs_base on x86_64) for
 * TCB_ReadRegisters/WriteRegisters. Writing sanitises what the thread
 * could not set itself (privileged flags, non-canonical addresses).
 */
enum {
    USER_CONTEXT_WORDS = 20,
};
word_t arch_user_context_get(struct tcb *tcb, unsigned index);
void arch_user_context_set(struct tcb *tcb, unsigned index, word_t value);

/* Sets the thread's TLS base register (FS base on x86_64). */
void arch_set_tls_base(struct tcb *tcb, word_t base);

/* --- Time and machine facts --- */

/*
 * Arms the one-shot timer for timestamp `deadline` (at most a few ms ahead:
 * it is re-armed on every kernel exit).
 */
void arch_set_timeout(uint64_t deadline);

/* arch_timestamp(): the timestamp counter now (x86: TSC), see <arch/inline.h>. */

/* Timestamp counter frequency in kHz (0 if unknown). */
uint32_t arch_tsc_khz(void);

#endif /* ARCH_H */

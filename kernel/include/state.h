/*
 * Every kernel global, declared in one place (defined in kernel/state.c) so
 * the host harness can reset and snapshot all of them.
 */
#ifndef STATE_H
#define STATE_H

#include "boot/regions.h"
#include "object/tcb.h"
#include "sched/sched.h"

/* The thread the kernel entered from, or NULL when idle. */
extern tcb_t *ks_cur_thread;

/* Ready queues and their occupancy bitmap. */
extern tcb_queue_t ks_ready_queues[NUM_PRIORITIES];
extern prio_bitmap_t ks_ready_bitmap;

/* Free physical memory during boot; empty once boot hands it to untypeds. */
extern region_list_t ks_boot_free;

/* Work done since the last look for pending interrupts (api/preempt.c). */
extern word_t ks_work_units;

/* Debug: stop at every Nth preemption point regardless of interrupts (0: off). */
extern word_t ks_debug_preempt_every;
extern word_t ks_debug_preempt_points; /* preemption points passed while it is on */

/* Counts object creations, so saved clearing progress can tell it is stale. */
extern word_t ks_object_epoch;

/* The slot holding the zombie being reduced, while a deletion is in
 * progress (cspace/delete.c); NULL otherwise. */
extern cte_t *ks_delete_active;

/* User IRQs: whether a handler capability exists, and the notification each signals. */
extern bool ks_irq_issued[ARCH_NUM_IRQS];
extern cte_t ks_irq_slots[ARCH_NUM_IRQS];

/* Depleted scheduling contexts in order of their head refill's time (sched/budget.c). */
extern struct sched_context *ks_release_head;

/*
 * Where the current thread's charging starts: the last kernel entry that
 * charged (or boot, or the end of idling). The time since then is the
 * current thread's scheduling context's.
 */
extern uint64_t ks_switch_time;
/*
 * When the running thread's budget ends or a refill is due: the time the
 * timer is armed for (sched_arm_timer), 0 once it has fired.
 */
extern uint64_t ks_deadline;

/*
 * Address spaces: the ASID pools by index (ASID >> 9), and the I/O ports
 * issued to user level, one bit per port (x86). Both are read only by
 * kernel/arch/<arch>/object/.
 */
enum {
    KS_ASID_POOLS = ASID_COUNT >> 9,
    KS_IO_PORTS = 1 << 16,
};
extern struct asid_pool *ks_asid_pools[KS_ASID_POOLS];
/* Bumped by every write to the ASID table (arch/vspace.h), so cached roots notice. */
extern word_t ks_asid_version;
extern uint8_t ks_io_ports_issued[KS_IO_PORTS / 8];

/* Timer ticks since boot. */
extern uint64_t ks_ticks;

#endif /* STATE_H */

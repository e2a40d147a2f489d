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

/* Timer ticks since boot. */
extern uint64_t ks_ticks;

#endif /* STATE_H */

/*
 * Every kernel global in one file (seL4's statedata idea): the host harness
 * can reset and snapshot them all, and nothing hides state elsewhere.
 */
#include "state.h"

tcb_t *ks_cur_thread;
tcb_queue_t ks_ready_queues[NUM_PRIORITIES];
prio_bitmap_t ks_ready_bitmap;
region_list_t ks_boot_free;
uint64_t ks_ticks;
uint64_t ks_switch_time;
uint64_t ks_deadline;
struct sched_context *ks_release_head;
word_t ks_work_units;
word_t ks_debug_preempt_every;
word_t ks_debug_preempt_points;
word_t ks_object_epoch;
cte_t *ks_delete_active;
bool ks_irq_issued[ARCH_NUM_IRQS];
cte_t ks_irq_slots[ARCH_NUM_IRQS];
struct asid_pool *ks_asid_pools[KS_ASID_POOLS];
word_t ks_asid_version = 1; /* never 0: see vspace_cache_t */
uint8_t ks_io_ports_issued[KS_IO_PORTS / 8];

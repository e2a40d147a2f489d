/*
 * The preemption point: cheap counting, and a look at the interrupt
 * controller only every PREEMPT_WORK_UNITS units.
 */
#include "api/preempt.h"

#include "arch.h"
#include "state.h"

exception_t preemption_point(void)
{
    if (ks_debug_preempt_every != 0 && ++ks_debug_preempt_points % ks_debug_preempt_every == 0) {
        return EXC_PREEMPTED;
    }
    if (++ks_work_units < PREEMPT_WORK_UNITS) {
        return EXC_NONE;
    }
    ks_work_units = 0;
    return arch_interrupt_pending() ? EXC_PREEMPTED : EXC_NONE;
}

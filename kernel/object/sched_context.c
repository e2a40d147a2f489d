/*
 * Scheduling contexts and SchedControl (seL4 manual, "Scheduling
 * Contexts", MCS): a thread runs only on a scheduling context. Configure
 * sets budget, period and the number of refills (kernel/sched/budget.c
 * enforces them); Bind and Unbind attach one to a thread.
 */
#include <invocation_labels.h>

#include "api/invocation.h"
#include "arch.h"
#include "object/ipc.h"
#include "object/object.h"
#include "sched/budget.h"
#include "sched/refill.h"
#include "sched/sched.h"

/* Budgets and periods are in microseconds, as seL4's API gives them. */
#define MAX_PERIOD_US (60ul * 60 * 1000000) /* an hour */

static exception_t decode_configure_flags(invocation_t *inv)
{
    const word_t *w = inv->words;

    if (inv->label != SchedControlConfigureFlags) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (!has_message(inv, ARG_SchedControlConfigureFlags_flags + 1,
                     CAP_SchedControlConfigureFlags_schedcontext + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cap_t sc_cap = inv->extra_slots[CAP_SchedControlConfigureFlags_schedcontext]->cap;
    if (cap_type(sc_cap) != CAP_SCHED_CONTEXT) {
        return fail_capability(inv, 1);
    }
    word_t budget = w[ARG_SchedControlConfigureFlags_budget];
    word_t period = w[ARG_SchedControlConfigureFlags_period];
    if (budget < MIN_BUDGET_US || budget > MAX_PERIOD_US) {
        return fail_range(inv, MIN_BUDGET_US, MAX_PERIOD_US);
    }
    if (period < budget || period > MAX_PERIOD_US) {
        return fail_range(inv, budget, MAX_PERIOD_US);
    }
    /*
     * seL4 refuses more refills than the object holds (RangeError up to
     * what fits) rather than clamping; the object's size is in the cap.
     */
    word_t extra = w[ARG_SchedControlConfigureFlags_extra_refills];
    word_t fit = refill_capacity(cap_sched_context_size_bits(sc_cap));
    if (extra > fit - MIN_REFILLS) {
        return fail_range(inv, 0, fit - MIN_REFILLS);
    }
    sched_context_t *sc = cap_ptr(sc_cap);
    sc->sc_badge = w[ARG_SchedControlConfigureFlags_badge];
    sc_configure(sc, us_to_ticks(budget), us_to_ticks(period), extra + MIN_REFILLS,
                 arch_timestamp());
    return EXC_NONE;
}

exception_t decode_sched_control_invocation(invocation_t *inv)
{
    return decode_configure_flags(inv);
}

static exception_t decode_bind(invocation_t *inv, sched_context_t *sc)
{
    if (!has_message(inv, 0, CAP_SchedContextBind_cap + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cap_t cap = inv->extra_slots[CAP_SchedContextBind_cap]->cap;
    if (cap_type(cap) == CAP_NOTIFICATION) {
        notification_t *ntfn = cap_ptr(cap);
        if (sc->sc_tcb != NULL || sc->sc_ntfn != NULL || ntfn->ntfn_sc != NULL) {
            return fail_error(inv, seL4_IllegalOperation);
        }
        sc->sc_ntfn = ntfn;
        ntfn->ntfn_sc = sc;
        return EXC_NONE;
    }
    if (cap_type(cap) != CAP_THREAD) {
        return fail_capability(inv, 1);
    }
    tcb_t *tcb = cap_ptr(cap);
    if (sc->sc_tcb != NULL || sc->sc_ntfn != NULL || tcb->tcb_sc != NULL) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    tcb_bind_sc(tcb, sc);
    return EXC_NONE;
}

/* Consumed: the time used on this SC since the last call (then reset). */
static exception_t consumed(invocation_t *inv, sched_context_t *sc)
{
    inv->reply[RET_SchedContextConsumed_consumed] = ticks_to_us(sc->sc_consumed);
    inv->reply_length = RET_SchedContextConsumed_consumed + 1;
    sc->sc_consumed = 0;
    return EXC_NONE;
}

/* UnbindObject: takes the SC from the given thread, which must be the one using it. */
static exception_t decode_unbind_object(invocation_t *inv, sched_context_t *sc)
{
    if (!has_message(inv, 0, CAP_SchedContextUnbindObject_cap + 1)) {
        return fail_error(inv, seL4_TruncatedMessage);
    }
    cap_t cap = inv->extra_slots[CAP_SchedContextUnbindObject_cap]->cap;
    if (cap_type(cap) != CAP_THREAD && cap_type(cap) != CAP_NOTIFICATION) {
        return fail_capability(inv, 1);
    }
    if (cap_type(cap) == CAP_NOTIFICATION && sc->sc_ntfn == cap_ptr(cap)) {
        sc->sc_ntfn->ntfn_sc = NULL;
        sc->sc_ntfn = NULL;
        return EXC_NONE;
    }
    if (cap_type(cap) != CAP_THREAD || sc->sc_tcb != cap_ptr(cap)) {
        return fail_error(inv, seL4_IllegalOperation); /* not bound to this SC */
    }
    tcb_bind_sc(sc->sc_tcb, NULL);
    return EXC_NONE;
}

/*
 * YieldTo: the SC's thread goes first in its ready queue (so it runs before
 * the caller if their priorities are equal); it may not be above the
 * caller's MCP. Replies with the time consumed, like Consumed.
 */
static exception_t decode_yield_to(invocation_t *inv, sched_context_t *sc)
{
    tcb_t *tcb = sc->sc_tcb;

    if (tcb == NULL || tcb->tcb_priority > inv->thread->tcb_mcp) {
        return fail_error(inv, seL4_IllegalOperation);
    }
    if (tcb != inv->thread && tcb->tcb_state == THREAD_RUNNING && sc_has_budget(sc)) {
        sched_enqueue_head(tcb);
    }
    inv->reply[RET_SchedContextYieldTo_consumed] = ticks_to_us(sc->sc_consumed);
    inv->reply_length = RET_SchedContextYieldTo_consumed + 1;
    sc->sc_consumed = 0;
    return EXC_NONE;
}

exception_t decode_sched_context_invocation(invocation_t *inv)
{
    sched_context_t *sc = cap_ptr(inv->cap);

    switch (inv->label) {
    case SchedContextBind:
        return decode_bind(inv, sc);
    case SchedContextUnbind:
        if (sc->sc_tcb != NULL) {
            tcb_bind_sc(sc->sc_tcb, NULL);
        }
        if (sc->sc_ntfn != NULL) {
            sc->sc_ntfn->ntfn_sc = NULL;
            sc->sc_ntfn = NULL;
        }
        return EXC_NONE;
    case SchedContextConsumed:
        return consumed(inv, sc);
    case SchedContextUnbindObject:
        return decode_unbind_object(inv, sc);
    case SchedContextYieldTo:
        return decode_yield_to(inv, sc);
    default:
        return fail_error(inv, seL4_IllegalOperation);
    }
}

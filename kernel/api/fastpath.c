/*
 * The IPC fastpath: Call and ReplyRecv with a short message between a
 * client and a passive server that pass one scheduling context back and
 * forth (seL4's idea; see docs/performance.md). Each path first checks
 * every condition under which the slowpath would do something other than
 * the common case, changing nothing; if one fails it returns and the
 * slowpath runs. Otherwise it does what the slowpath would do, in a
 * straight line, and leaves the kernel into the other thread.
 *
 * Time: the scheduling context that runs after the fastpath is the one
 * that ran before it, so nothing is charged here and the timer stays as
 * it was; the next slowpath entry charges the whole stretch to that same
 * context. From the minimum budget before the armed deadline on (budget
 * too short to run on, gone, or a refill due) the slowpath runs instead,
 * so a Timeout fault or a release happens where it would without the
 * fastpath.
 */
#include "api/fastpath.h"

#include "api/fault.h"
#include "api/message.h"
#include "arch.h"
#include "cspace/lookup.h"
#include "object/ipc.h"
#include "sched/budget.h"
#include "sched/sched.h"
#include "state.h"

word_t ks_fastpath_count;

/* Length at most MSG_REGISTERS and no extra capabilities. */
static bool fits_registers(word_t info)
{
    word_t extra = (info >> MSGINFO_EXTRA_CAPS_SHIFT) & MSGINFO_EXTRA_CAPS_MASK;

    return (info & MSGINFO_LENGTH_MASK) <= MSG_REGISTERS && extra == 0;
}

/* The capability at cptr in the thread's CSpace; a null one if the lookup fails. */
static ALWAYS_INLINE cap_t lookup(tcb_t *tcb, word_t cptr)
{
    return cspace_lookup_fast(tcb_cspace_root(tcb), cptr);
}

/*
 * Takes `cur` (running, so the head of the highest ready queue) out of the
 * ready queues and puts `next` in, if `next` is then what the scheduler
 * would choose: no other thread is ready at or above its priority.
 * Otherwise changes nothing and returns false.
 */
static ALWAYS_INLINE bool switch_ready(tcb_t *cur, tcb_t *next)
{
    tcb_queue_t *q = &ks_ready_queues[cur->tcb_priority];

    if (q->head == cur && cur->tcb_sched_next == NULL && next->tcb_priority == cur->tcb_priority) {
        /* Alone at the top: `next` takes its place in the queue. */
        q->head = next;
        q->tail = next;
        next->tcb_sched_next = NULL;
        next->tcb_sched_prev = NULL;
        return true;
    }
    sched_dequeue(cur);
    tcb_t *other = sched_choose();
    if (other != NULL && other->tcb_priority >= next->tcb_priority) {
        sched_enqueue_head(cur);
        return false;
    }
    sched_enqueue(next);
    return true;
}

/* Copies message words 0 .. length-1 (length 1 to 4), register to register. */
static void copy_words(tcb_t *from, tcb_t *to, word_t length)
{
    switch (length) {
    case 4:
        arch_set_register(&to->tcb_arch, USER_REG_MR3,
                          arch_get_register(&from->tcb_arch, USER_REG_MR3));
        /* fall through */
    case 3:
        arch_set_register(&to->tcb_arch, USER_REG_MR2,
                          arch_get_register(&from->tcb_arch, USER_REG_MR2));
        /* fall through */
    case 2:
        arch_set_register(&to->tcb_arch, USER_REG_MR1,
                          arch_get_register(&from->tcb_arch, USER_REG_MR1));
        /* fall through */
    default:
        arch_set_register(&to->tcb_arch, USER_REG_MR0,
                          arch_get_register(&from->tcb_arch, USER_REG_MR0));
        break;
    }
}

/* Copies the register words of the message and gives `to` the info and badge. */
static void transfer(tcb_t *from, tcb_t *to, word_t info, word_t badge)
{
    word_t length = info & MSGINFO_LENGTH_MASK;

    /* Empty messages first: protected procedure calls often carry nothing. */
    if (__builtin_expect(length != 0, 0)) {
        copy_words(from, to, length);
    }
    /* The label and length; no caps, none unwrapped. */
    word_t label_bits = info & ~mask_bits(MSGINFO_LABEL_SHIFT);
    arch_set_register(&to->tcb_arch, USER_REG_MSGINFO, label_bits | length);
    arch_set_register(&to->tcb_arch, USER_REG_CAP, badge);
}

/* The endpoint's first waiting thread leaves its queue. */
static void ep_pop_head(endpoint_t *ep, tcb_t *head)
{
    tcb_t *next = head->tcb_queue_next;

    ep->ep_head = next;
    if (next == NULL) {
        ep->ep_tail_state = EP_IDLE;
    } else {
        next->tcb_queue_prev = NULL;
    }
    head->tcb_queue_next = NULL;
    head->tcb_blocked_on = NULL;
}

/* The thread waits at the end of the endpoint's queue of receivers. */
static void ep_push_receiver(endpoint_t *ep, tcb_t *t)
{
    tcb_t *tail = (tcb_t *)(uintptr_t)(ep->ep_tail_state & ~(word_t)3);

    t->tcb_queue_next = NULL;
    t->tcb_queue_prev = tail;
    if (tail != NULL) {
        tail->tcb_queue_next = t;
    } else {
        ep->ep_head = t;
    }
    ep->ep_tail_state = (word_t)(uintptr_t)t | EP_RECEIVING;
    t->tcb_blocked_on = ep;
}

/* Leaves the kernel into `next` (ready already), on the same scheduling context. */
static ALWAYS_INLINE NORETURN void switch_to(tcb_t *next)
{
    next->tcb_state = THREAD_RUNNING;
    ks_cur_thread = next;
    ks_fastpath_count++;
    arch_restore_user(next);
}

/* Before the armed deadline no budget has run out and no refill is due. */
static bool before_deadline(void)
{
    return arch_timestamp() < ks_deadline;
}

/*
 * Until the last sc_refill_min ticks before the armed deadline, charging
 * the running context `sc` would change nothing the fastpath relies on: no
 * refill is due, and what is left of the head refill is still enough to run
 * on. Closer to it the slowpath runs, so a Timeout fault or a round-robin
 * rotation happens where it would without the fastpath.
 */
static bool budget_holds(const sched_context_t *sc)
{
    return arch_timestamp() + sc->sc_refill_min < ks_deadline;
}

void fastpath_call(word_t cptr, word_t info)
{
    if (!fits_registers(info)) {
        return;
    }
    tcb_t *cur = ks_cur_thread;
    sched_context_t *sc = cur->tcb_sc;
    if (sc == NULL || !budget_holds(sc)) {
        return;
    }
    cap_t cap = lookup(cur, cptr);
    unsigned rights = cap_rights(cap);
    if (cap_type(cap) != CAP_ENDPOINT || (rights & RIGHT_WRITE) == 0 ||
        (rights & (RIGHT_GRANT | RIGHT_GRANT_REPLY)) == 0) {
        return;
    }
    endpoint_t *ep = cap_ptr(cap);
    if ((ep->ep_tail_state & 3) != EP_RECEIVING) {
        return;
    }
    tcb_t *server = ep->ep_head;
    reply_t *reply = server->tcb_reply;
    /*
     * A passive server with a free reply object takes the caller's context,
     * which has budget: it is the running one, and budget_holds.
     */
    if (reply == NULL || reply->reply_caller != NULL || server->tcb_sc != NULL ||
        cur->tcb_fault_type != FAULT_NONE || !switch_ready(cur, server)) {
        return;
    }

    ep_pop_head(ep, server);
    server->tcb_reply = NULL;
    reply->reply_receiver = NULL;
    transfer(cur, server, info, cap_badge(cap));
    reply->reply_caller = cur;
    reply->reply_can_grant = (rights & RIGHT_GRANT) != 0;
    reply->reply_donated = sc;
    cur->tcb_reply = reply;
    cur->tcb_state = THREAD_BLOCKED_ON_REPLY;
    cur->tcb_sc = NULL;
    sc->sc_tcb = server;
    server->tcb_sc = sc;
    switch_to(server);
}

void fastpath_reply_recv(word_t cptr, word_t info)
{
    tcb_t *cur = ks_cur_thread;
    if (!fits_registers(info) || cur->tcb_bound != NULL || cur->tcb_sc == NULL ||
        !budget_holds(cur->tcb_sc)) {
        return;
    }
    cap_t ep_cap = lookup(cur, cptr);
    cap_t reply_cap = lookup(cur, arch_get_register(&cur->tcb_arch, USER_REG_REPLY));
    if (cap_type(ep_cap) != CAP_ENDPOINT || (cap_rights(ep_cap) & RIGHT_READ) == 0 ||
        cap_type(reply_cap) != CAP_REPLY) {
        return;
    }
    endpoint_t *ep = cap_ptr(ep_cap);
    reply_t *reply = cap_ptr(reply_cap);
    tcb_t *caller = reply->reply_caller;
    sched_context_t *sc = reply->reply_donated;
    /*
     * The server gives back the context it runs on (so one with budget), and
     * blocks: no sender is queued.
     */
    if ((ep->ep_tail_state & 3) == EP_SENDING || caller == NULL || sc == NULL ||
        sc != cur->tcb_sc || caller->tcb_fault_type != FAULT_NONE || !switch_ready(cur, caller)) {
        return;
    }

    reply->reply_caller = NULL;
    reply->reply_donated = NULL;
    caller->tcb_reply = NULL;
    cur->tcb_sc = NULL;
    sc->sc_tcb = caller;
    caller->tcb_sc = sc;
    transfer(cur, caller, info, 0);
    cur->tcb_reply = reply;
    reply->reply_receiver = cur;
    cur->tcb_state = THREAD_BLOCKED_ON_RECEIVE;
    ep_push_receiver(ep, cur);
    switch_to(caller);
}

/*
 * seL4_Signal to a notification a higher-priority thread with a scheduling
 * context of its own waits on: that thread runs at once (the slowpath's
 * choice, since nothing ready can outrank the signaller). Unlike Call and
 * ReplyRecv the scheduling context changes, so the signaller's time is
 * charged and the timer armed for the waiter's, as the slowpath does; only
 * the general lookup, dispatch and scheduler search are skipped. Before the
 * deadline no refill is due, so there is nothing to release.
 */
void fastpath_signal(word_t cptr)
{
    if (!before_deadline()) {
        return;
    }
    tcb_t *cur = ks_cur_thread;
    cap_t cap = lookup(cur, cptr);
    if (cap_type(cap) != CAP_NOTIFICATION || (cap_rights(cap) & RIGHT_WRITE) == 0) {
        return;
    }
    notification_t *ntfn = cap_ptr(cap);
    tcb_t *waiter = ntfn->ntfn_waiting.head;
    if (waiter == NULL || waiter->tcb_priority <= cur->tcb_priority || waiter->tcb_sc == NULL ||
        !sc_has_budget(waiter->tcb_sc)) {
        return;
    }

    /*
     * Before the deadline the head refill has not ended, but what is left of
     * it may be too short to run on; then, as on the slowpath, the Signal
     * waits for the next refill.
     */
    if (sched_account()) {
        fault_out_of_budget(cur);
    }
    queue_remove(&ntfn->ntfn_waiting, waiter);
    waiter->tcb_blocked_on = NULL;
    arch_set_register(&waiter->tcb_arch, USER_REG_CAP, cap_badge(cap));
    arch_set_register(&waiter->tcb_arch, USER_REG_MSGINFO, 0);
    waiter->tcb_state = THREAD_RUNNING;
    sched_enqueue(waiter);
    ks_cur_thread = waiter;
    sched_arm_timer(sc_next_deadline(waiter->tcb_sc, ks_switch_time));
    ks_fastpath_count++;
    arch_restore_user(waiter);
}

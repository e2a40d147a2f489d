/*
 * Endpoints (seL4 manual, "IPC", MCS): a rendezvous. A sender meets a
 * waiting receiver or queues, and the other way round; Call links the
 * caller to the receiver's reply object and, if the receiver has no
 * scheduling context of its own (a passive server), lends it the caller's.
 */
#include "api/message.h"
#include "arch.h"
#include "object/ipc.h"

static thread_queue_t ep_queue(const endpoint_t *ep)
{
    thread_queue_t q = { ep->ep_head, (tcb_t *)(uintptr_t)(ep->ep_tail_state & ~(word_t)3) };
    return q;
}

static ep_state_t ep_state(const endpoint_t *ep)
{
    return (ep_state_t)(ep->ep_tail_state & 3);
}

static void ep_set(endpoint_t *ep, thread_queue_t q, ep_state_t state)
{
    ep->ep_head = q.head;
    ep->ep_tail_state = (word_t)(uintptr_t)q.tail | (q.head != NULL ? (word_t)state : EP_IDLE);
}

void queue_append(thread_queue_t *q, tcb_t *t)
{
    t->tcb_queue_next = NULL;
    t->tcb_queue_prev = q->tail;
    if (q->tail != NULL) {
        q->tail->tcb_queue_next = t;
    } else {
        q->head = t;
    }
    q->tail = t;
}

void queue_remove(thread_queue_t *q, tcb_t *t)
{
    if (t->tcb_queue_prev != NULL) {
        t->tcb_queue_prev->tcb_queue_next = t->tcb_queue_next;
    } else {
        q->head = t->tcb_queue_next;
    }
    if (t->tcb_queue_next != NULL) {
        t->tcb_queue_next->tcb_queue_prev = t->tcb_queue_prev;
    } else {
        q->tail = t->tcb_queue_prev;
    }
    t->tcb_queue_next = NULL;
    t->tcb_queue_prev = NULL;
}

/* Blocks thread in the endpoint's queue (which must be idle or in `state`). */
static void ep_block(endpoint_t *ep, tcb_t *thread, ep_state_t state, thread_state_t ts)
{
    thread_queue_t q = ep_queue(ep);

    queue_append(&q, thread);
    ep_set(ep, q, state);
    thread->tcb_blocked_on = ep;
    thread_set_state(thread, ts);
}

static tcb_t *ep_take_first(endpoint_t *ep)
{
    thread_queue_t q = ep_queue(ep);
    tcb_t *first = q.head;
    ep_state_t state = ep_state(ep);

    queue_remove(&q, first);
    ep_set(ep, q, state);
    first->tcb_blocked_on = NULL;
    return first;
}

/*
 * After a Call delivered: the caller waits on the receiver's reply object,
 * lending its scheduling context to a receiver that has none.
 */
static void call_link(tcb_t *caller, tcb_t *receiver, reply_t *reply, unsigned flags)
{
    if ((flags & (IPC_CAN_GRANT | IPC_CAN_GRANT_REPLY)) == 0 || reply == NULL) {
        thread_set_state(caller, THREAD_INACTIVE);
        return;
    }
    if (reply->reply_caller != NULL) {
        reply_cancel(reply);
    }
    reply->reply_caller = caller;
    reply->reply_can_grant = (flags & IPC_CAN_GRANT) != 0;
    caller->tcb_reply = reply;
    thread_set_state(caller, THREAD_BLOCKED_ON_REPLY);
    if (receiver->tcb_sc == NULL && caller->tcb_sc != NULL) {
        sched_context_t *sc = caller->tcb_sc;
        caller->tcb_sc = NULL;
        sc->sc_tcb = receiver;
        receiver->tcb_sc = sc;
        reply->reply_donated = sc;
        /* A receiver picking up a queued call is running already: now it can be scheduled. */
        thread_set_state(receiver, receiver->tcb_state);
    }
}

void ep_send(endpoint_t *ep, tcb_t *sender, word_t badge, unsigned flags, bool blocking)
{
    if (ep_state(ep) == EP_RECEIVING) {
        tcb_t *receiver = ep_take_first(ep);
        reply_t *reply = receiver->tcb_reply;
        receiver->tcb_reply = NULL;
        if (reply != NULL) {
            reply->reply_receiver = NULL;
        }
        ipc_transfer(sender, receiver, badge, ep, (flags & IPC_CAN_GRANT) != 0);
        if ((flags & IPC_IS_CALL) != 0) {
            call_link(sender, receiver, reply, flags);
        }
        thread_set_state(receiver, THREAD_RUNNING);
        return;
    }
    if (!blocking) {
        return;
    }
    sender->tcb_ipc_badge = badge;
    sender->tcb_ipc_flags = flags;
    ep_block(ep, sender, EP_SENDING, THREAD_BLOCKED_ON_SEND);
}

/* Delivers a pending signal of the bound notification instead; false if none. */
static bool take_bound_signal(tcb_t *receiver)
{
    notification_t *ntfn = receiver->tcb_bound;

    if (ntfn == NULL || !ntfn->ntfn_active) {
        return false;
    }
    ntfn_wait(ntfn, receiver, false);
    return true;
}

void ep_receive(endpoint_t *ep, tcb_t *receiver, reply_t *reply, bool blocking)
{
    if (reply != NULL && reply->reply_caller != NULL) {
        reply_cancel(reply); /* a reply object serves one call at a time */
    }
    if (take_bound_signal(receiver)) {
        return;
    }
    if (ep_state(ep) == EP_SENDING) {
        tcb_t *sender = ep_take_first(ep);
        unsigned flags = sender->tcb_ipc_flags;
        ipc_transfer(sender, receiver, sender->tcb_ipc_badge, ep, (flags & IPC_CAN_GRANT) != 0);
        if ((flags & IPC_IS_CALL) != 0) {
            call_link(sender, receiver, reply, flags);
        } else {
            thread_set_state(sender, THREAD_RUNNING);
        }
        return;
    }
    if (!blocking) {
        msginfo_t none = { 0, 0, 0, 0 };
        arch_set_register(&receiver->tcb_arch, USER_REG_MSGINFO, msginfo_word(none));
        arch_set_register(&receiver->tcb_arch, USER_REG_CAP, 0);
        return;
    }
    receiver->tcb_reply = reply;
    if (reply != NULL) {
        reply->reply_receiver = receiver;
    }
    if (receiver->tcb_bound != NULL) {
        ntfn_take_back_sc(receiver->tcb_bound, receiver);
    }
    ep_block(ep, receiver, EP_RECEIVING, THREAD_BLOCKED_ON_RECEIVE);
}

/* A thread woken from a deleted object's queue runs its system call again. */
static void restart(tcb_t *t)
{
    t->tcb_blocked_on = NULL;
    if (t->tcb_reply != NULL) {
        t->tcb_reply->reply_receiver = NULL;
        t->tcb_reply = NULL;
    }
    arch_restart_syscall(&t->tcb_arch);
    thread_set_state(t, THREAD_RUNNING);
}

void ep_cancel_all(endpoint_t *ep)
{
    while (ep->ep_head != NULL) {
        restart(ep_take_first(ep));
    }
    ep->ep_tail_state = 0;
}

void ep_cancel_badged_sends(endpoint_t *ep, word_t badge)
{
    if (ep_state(ep) != EP_SENDING) {
        return;
    }
    thread_queue_t q = ep_queue(ep);
    for (tcb_t *t = q.head; t != NULL;) {
        tcb_t *next = t->tcb_queue_next;
        if (t->tcb_ipc_badge == badge) {
            queue_remove(&q, t);
            restart(t);
        }
        t = next;
    }
    ep_set(ep, q, EP_SENDING);
}

/* Removes a blocked thread from the endpoint it waits in. */
void ep_dequeue(endpoint_t *ep, tcb_t *t)
{
    thread_queue_t q = ep_queue(ep);
    ep_state_t state = ep_state(ep);

    queue_remove(&q, t);
    ep_set(ep, q, state);
    t->tcb_blocked_on = NULL;
    if (t->tcb_reply != NULL) {
        t->tcb_reply->reply_receiver = NULL;
        t->tcb_reply = NULL;
    }
}

/*
 * Endpoints, notifications and reply objects (seL4 manual, "IPC" and
 * "Notifications", MCS): their layout in the object's memory and the
 * operations the system calls perform on them. Blocked threads wait in
 * FIFO queues linked through tcb_queue_next/prev.
 */
#ifndef OBJECT_IPC_H
#define OBJECT_IPC_H

#include "tcb.h"

typedef struct {
    tcb_t *head;
    tcb_t *tail;
} thread_queue_t;

typedef enum {
    EP_IDLE = 0,
    EP_SENDING,   /* the queue holds senders */
    EP_RECEIVING, /* the queue holds receivers */
} ep_state_t;

/* 16 bytes (seL4_EndpointBits): TCBs are 2 KiB aligned, so the state fits in tail's low bits. */
typedef struct endpoint {
    tcb_t *ep_head;
    word_t ep_tail_state;
} endpoint_t;

/* 64 bytes (seL4_NotificationBits, MCS). */
typedef struct notification {
    thread_queue_t ntfn_waiting;
    word_t ntfn_word;              /* badges signalled and not yet received */
    tcb_t *ntfn_bound;             /* the thread it is bound to */
    word_t ntfn_active;            /* signalled and not yet received (even with badge 0) */
    struct sched_context *ntfn_sc; /* lent to the thread it wakes, if that has none */
    word_t ntfn_reserved[2];
} notification_t;

/* 32 bytes (seL4_ReplyBits): one-shot, links a caller to its callee. */
typedef struct reply {
    tcb_t *reply_caller;                 /* blocked on this reply, or NULL */
    struct sched_context *reply_donated; /* the caller's SC lent to the callee */
    tcb_t *reply_receiver;               /* blocked in Recv with this reply object */
    word_t reply_can_grant;              /* the call came through a capability with Grant */
} reply_t;

/*
 * One sporadic-server refill: `refill_amount` ticks of budget that may be
 * used from `refill_time` on (kernel/sched/refill.c).
 */
typedef struct refill {
    uint64_t refill_time;
    uint64_t refill_amount;
} refill_t;

/*
 * A scheduling context: a 96-byte header followed, in the same object, by
 * its circular queue of refills; the object's size (2^7 bytes at least,
 * seL4_MinSchedContextBits) fixes how many fit. Times are TSC ticks. Only
 * kernel/sched/budget.c and refill.c change the budget and refill fields.
 */
typedef struct sched_context {
    tcb_t *sc_tcb;    /* the thread running on it */
    word_t sc_budget; /* per period; 0: not configured, cannot run a thread */
    word_t sc_period;
    word_t sc_badge;
    word_t sc_consumed;                    /* since the last Consumed */
    struct sched_context *sc_release_next; /* release list, while depleted */
    word_t sc_depleted;                    /* in the release list: its head refill is not due */
    struct notification *sc_ntfn;          /* bound notification, lent on its signals */
    word_t sc_refill_max;                  /* queue capacity chosen by ConfigureFlags */
    word_t sc_refill_head;                 /* index of the head refill in sc_refills */
    word_t sc_refill_count;                /* refills queued (at least 1 once configured) */
    word_t sc_refill_min;  /* smallest head it may run on: MIN_BUDGET_US or the budget */
    refill_t sc_refills[]; /* the rest of the object */
} sched_context_t;

_Static_assert(sizeof(endpoint_t) == 16, "seL4_EndpointBits");
_Static_assert(sizeof(notification_t) == 64, "seL4_NotificationBits");
_Static_assert(sizeof(reply_t) == 32, "seL4_ReplyBits");
_Static_assert(sizeof(sched_context_t) == 96, "scheduling context header");
_Static_assert(sizeof(sched_context_t) + 2 * sizeof(refill_t) == 128,
               "seL4_MinSchedContextBits holds the header and MIN_REFILLS refills");

/*
 * Send on an endpoint through a capability with `badge` and IPC_* flags:
 * to a waiting receiver at once, else the sender queues (blocking) or the
 * message is dropped.
 */
void ep_send(endpoint_t *ep, tcb_t *sender, word_t badge, unsigned flags, bool blocking);

/*
 * Receive on an endpoint, with `reply` to answer a Call through (may be
 * NULL). A pending signal on the bound notification is taken first.
 */
void ep_receive(endpoint_t *ep, tcb_t *receiver, reply_t *reply, bool blocking);

/* Replies through `reply` to the thread that called, if there is one. */
void reply_send(reply_t *reply, tcb_t *replier);

/* Signal: wakes the first waiter or the bound thread, else ORs badge in. */
void ntfn_signal(notification_t *ntfn, word_t badge);

/* Wait or Poll on a notification. */
void ntfn_wait(notification_t *ntfn, tcb_t *thread, bool blocking);

/* Takes a thread out of any IPC it is blocked in; it becomes inactive. */
void ipc_cancel(tcb_t *thread);

/* An endpoint or notification is deleted: every waiter restarts its call. */
void ep_cancel_all(endpoint_t *ep);
void ntfn_cancel_all(notification_t *ntfn);

/* Queued senders with `badge` restart their call (CancelBadgedSends). */
void ep_cancel_badged_sends(endpoint_t *ep, word_t badge);

/* Removes a thread blocked on `ep` from its queue. */
void ep_dequeue(endpoint_t *ep, tcb_t *thread);

/* Ends a pending call through the reply object: its caller becomes inactive. */
void reply_cancel(reply_t *reply);

/* A reply object is deleted: also forget a receiver waiting to use it. */
void reply_finalise(reply_t *reply);

/* A scheduling context is deleted: its thread can no longer run. */
void sc_finalise(sched_context_t *sc);

/*
 * A notification's scheduling context (SchedContext_Bind on a notification)
 * is lent to a thread without one that its signal wakes, and comes back when
 * that thread waits on it again.
 */
void ntfn_lend_sc(notification_t *ntfn, tcb_t *woken);
void ntfn_take_back_sc(notification_t *ntfn, tcb_t *waiter);

/*
 * Copies sender's message (info, words, extra capabilities when it came
 * through `ep` with a granting capability) to receiver and gives receiver
 * the badge; the length is clamped to what both can hold.
 */
void ipc_transfer(tcb_t *sender, tcb_t *receiver, word_t badge, const endpoint_t *ep,
                  bool can_grant);

/*
 * Passes up to `count` of the sender's extra capabilities (kernel/object/
 * cap_transfer.c); returns how many were processed and sets the
 * capsUnwrapped bits.
 */
word_t ipc_transfer_caps(tcb_t *sender, tcb_t *receiver, const endpoint_t *ep, bool can_grant,
                         word_t count, word_t *unwrapped);

/* Appends to / removes from a wait queue (FIFO). */
void queue_append(thread_queue_t *q, tcb_t *t);
void queue_remove(thread_queue_t *q, tcb_t *t);

/* Binds sc to tcb (NULL unbinds), replacing any it had; updates the ready queues. */
void tcb_bind_sc(tcb_t *tcb, sched_context_t *sc);

/* Makes a thread runnable (or blocked) and updates the ready queues. */
void thread_set_state(tcb_t *thread, thread_state_t state);

#endif /* OBJECT_IPC_H */

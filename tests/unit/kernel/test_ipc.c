/*
 * Unit tests for IPC (kernel/object/endpoint.c, notification.c, reply.c and
 * the thread-state half of tcb.c): threads built by hand in the fixture's
 * memory send, receive, call, reply, signal and wait through the object
 * layer directly, and every test checks the wait queues link both ways and
 * that exactly the runnable threads with a scheduling context are ready.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

/* cmocka's fail() macro would hide the kernel's fail() (api/invocation.h). */
#undef fail

#include <arch/host.h>

#include "api/message.h"
#include "cspace_fixture.h"
#include "object/ipc.h"
#include "object/object.h"
#include "sched/budget.h"
#include "sched/sched.h"
#include "state.h"

enum {
    MEM_BITS = 18,
    ROOT_RADIX = 4,
    UT_BITS = 12,
    EP_BITS = 4,
    NTFN_BITS = 6,
    REPLY_BITS = 5,
    SC_BITS = 7,
    PRIO = 10,
    MAX_THREADS = 8,
};

static int setup(void **state)
{
    (void)state;
    return fx_setup(MEM_BITS, ROOT_RADIX, UT_BITS);
}

static int teardown(void **state)
{
    (void)state;
    fx_teardown();
    return 0;
}

/* --- Helpers ---------------------------------------------------------- */

/* A thread at `prio`, running, with its own scheduling context if `with_sc`. */
static tcb_t *new_thread(unsigned prio, bool with_sc)
{
    tcb_t *t = fx_alloc(TCB_SIZE_BITS);

    tcb_init(t);
    t->tcb_priority = prio;
    if (with_sc) {
        sched_context_t *sc = fx_alloc(SC_BITS);
        sc_configure(sc, 1000, 1000, 2, 0); /* a configured SC with budget: the thread may run */
        tcb_bind_sc(t, sc);
    }
    thread_set_state(t, THREAD_RUNNING);
    return t;
}

static endpoint_t *new_ep(void)
{
    return fx_alloc(EP_BITS);
}

static notification_t *new_ntfn(void)
{
    return fx_alloc(NTFN_BITS);
}

static reply_t *new_reply(void)
{
    return fx_alloc(REPLY_BITS);
}

static word_t reg(tcb_t *t, user_reg_t r)
{
    return arch_get_register(&t->tcb_arch, r);
}

static void set_reg(tcb_t *t, user_reg_t r, word_t v)
{
    arch_set_register(&t->tcb_arch, r, v);
}

/* Loads a message of `length` words (at most MSG_REGISTERS) into t's registers. */
static void set_msg(tcb_t *t, word_t label, word_t length, const word_t *words)
{
    msginfo_t info = { label, length, 0, 0 };

    for (word_t i = 0; i < length; i++) {
        msg_set(t, i, words[i]);
    }
    set_reg(t, USER_REG_MSGINFO, msginfo_word(info));
}

/* A distinct message per tag: label tag, three words derived from it. */
static void set_tagged_msg(tcb_t *t, word_t tag)
{
    word_t w[] = { tag * 100 + 1, tag * 100 + 2, tag * 100 + 3 };

    set_msg(t, tag, ARRAY_SIZE(w), w);
}

static void assert_tagged_msg(tcb_t *t, word_t tag, word_t badge)
{
    msginfo_t info = msg_info(t);

    assert_int_equal(info.label, tag);
    assert_int_equal(info.length, 3);
    assert_int_equal(msg_get(t, 0), tag * 100 + 1);
    assert_int_equal(msg_get(t, 1), tag * 100 + 2);
    assert_int_equal(msg_get(t, 2), tag * 100 + 3);
    assert_int_equal(reg(t, USER_REG_CAP), badge);
}

/* Whether t is linked into its priority's ready queue (walked, not trusted). */
static bool is_ready(const tcb_t *t)
{
    const tcb_queue_t *q = &ks_ready_queues[t->tcb_priority];

    for (const tcb_t *p = q->head; p != NULL; p = p->tcb_sched_next) {
        if (p == t) {
            return true;
        }
    }
    return false;
}

/* The invariant: in the ready queue exactly when running with an SC; links and bitmap agree. */
static void assert_sched_consistent(tcb_t *const *threads, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const tcb_t *t = threads[i];
        bool should =
            t->tcb_state == THREAD_RUNNING && t->tcb_sc != NULL && sc_has_budget(t->tcb_sc);
        if (is_ready(t) != should) {
            FX_FAIL("thread %zu (state %d, sc %p) %s the ready queue", i, (int)t->tcb_state,
                    (void *)t->tcb_sc, should ? "is missing from" : "is wrongly in");
        }
        if (t->tcb_sc != NULL && t->tcb_sc->sc_tcb != t) {
            FX_FAIL("thread %zu's SC does not point back to it", i);
        }
    }
    for (unsigned p = 0; p < NUM_PRIORITIES; p++) {
        const tcb_queue_t *q = &ks_ready_queues[p];
        const tcb_t *prev = NULL;
        for (const tcb_t *t = q->head; t != NULL; t = t->tcb_sched_next) {
            assert_ptr_equal(t->tcb_sched_prev, prev);
            prev = t;
        }
        assert_ptr_equal(q->tail, prev);
        assert_int_equal(prio_bitmap_is_set(&ks_ready_bitmap, p), q->head != NULL);
    }
}

/* Checks a wait queue links both ways and holds exactly `expect`, in order. */
static void assert_queue(const tcb_t *head, const tcb_t *tail, tcb_t *const *expect, size_t n,
                         const void *object)
{
    const tcb_t *prev = NULL;
    size_t i = 0;

    for (const tcb_t *t = head; t != NULL; t = t->tcb_queue_next) {
        if (i >= n) {
            FX_FAIL("queue longer than %zu", n);
        }
        assert_ptr_equal(t, expect[i]);
        assert_ptr_equal(t->tcb_queue_prev, prev);
        assert_ptr_equal(t->tcb_blocked_on, object);
        prev = t;
        i++;
    }
    assert_int_equal(i, n);
    assert_ptr_equal(tail, prev);
}

static void assert_ep_queue(const endpoint_t *ep, ep_state_t state, tcb_t *const *expect, size_t n)
{
    const tcb_t *tail = (const tcb_t *)(uintptr_t)(ep->ep_tail_state & ~(word_t)3);

    assert_queue(ep->ep_head, tail, expect, n, ep);
    assert_int_equal(ep->ep_tail_state & 3, n == 0 ? EP_IDLE : state);
}

static void assert_ntfn_queue(const notification_t *ntfn, tcb_t *const *expect, size_t n)
{
    assert_queue(ntfn->ntfn_waiting.head, ntfn->ntfn_waiting.tail, expect, n, ntfn);
}

/* A thread out of every queue: unlinked, blocked on nothing. */
static void assert_unlinked(const tcb_t *t)
{
    assert_null(t->tcb_queue_next);
    assert_null(t->tcb_queue_prev);
    assert_null(t->tcb_blocked_on);
}

/* --- Send and receive ------------------------------------------------- */

static void test_send_to_waiting_receiver(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *r = new_thread(PRIO, true);
    tcb_t *s = new_thread(PRIO, true);
    tcb_t *all[] = { r, s };
    word_t w[] = { 0x11, 0x22, 0x33, 0x44 };

    ep_receive(ep, r, NULL, true);
    assert_int_equal(r->tcb_state, THREAD_BLOCKED_ON_RECEIVE);
    assert_ep_queue(ep, EP_RECEIVING, all, 1);
    assert_sched_consistent(all, 2);

    set_msg(s, 0x5a5, 4, w);
    ep_send(ep, s, 0xbad6e, 0, true);
    assert_int_equal(r->tcb_state, THREAD_RUNNING);
    assert_int_equal(s->tcb_state, THREAD_RUNNING);
    msginfo_t info = msg_info(r);
    assert_int_equal(info.label, 0x5a5);
    assert_int_equal(info.length, 4);
    for (word_t i = 0; i < 4; i++) {
        assert_int_equal(msg_get(r, i), w[i]);
    }
    assert_int_equal(reg(r, USER_REG_CAP), 0xbad6e);
    assert_ep_queue(ep, EP_IDLE, NULL, 0);
    assert_unlinked(r);
    assert_sched_consistent(all, 2);
}

static void test_blocking_send_queues(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *s = new_thread(PRIO, true);

    assert_true(is_ready(s));
    set_tagged_msg(s, 1);
    ep_send(ep, s, 9, IPC_CAN_GRANT, true);
    assert_int_equal(s->tcb_state, THREAD_BLOCKED_ON_SEND);
    assert_false(is_ready(s));
    assert_null(sched_choose());
    assert_int_equal(s->tcb_ipc_badge, 9);
    assert_int_equal(s->tcb_ipc_flags, IPC_CAN_GRANT);
    assert_ep_queue(ep, EP_SENDING, &s, 1);
    assert_sched_consistent(&s, 1);
}

static void test_nonblocking_send_dropped(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *s = new_thread(PRIO, true);
    tcb_t *r = new_thread(PRIO, true);
    tcb_t *all[] = { s, r };

    set_tagged_msg(s, 1);
    ep_send(ep, s, 9, 0, false);
    assert_int_equal(s->tcb_state, THREAD_RUNNING);
    assert_true(is_ready(s));
    assert_null(ep->ep_head);
    assert_int_equal(ep->ep_tail_state, 0);
    assert_unlinked(s);

    /* Nothing was kept: a later non-blocking receive finds no message. */
    set_reg(r, USER_REG_MSGINFO, 0x777);
    set_reg(r, USER_REG_CAP, 0x888);
    ep_receive(ep, r, NULL, false);
    assert_int_equal(r->tcb_state, THREAD_RUNNING);
    assert_int_equal(reg(r, USER_REG_MSGINFO), 0);
    assert_int_equal(reg(r, USER_REG_CAP), 0);
    assert_sched_consistent(all, 2);
}

static void test_senders_fifo(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *s[3];
    tcb_t *r = new_thread(PRIO, true);

    for (word_t i = 0; i < 3; i++) {
        s[i] = new_thread(PRIO, true);
        set_tagged_msg(s[i], i + 1);
        ep_send(ep, s[i], 10 + i, 0, true);
        assert_ep_queue(ep, EP_SENDING, s, i + 1);
    }
    for (word_t i = 0; i < 3; i++) {
        ep_receive(ep, r, NULL, true);
        assert_int_equal(r->tcb_state, THREAD_RUNNING);
        assert_tagged_msg(r, i + 1, 10 + i);
        assert_int_equal(s[i]->tcb_state, THREAD_RUNNING);
        assert_unlinked(s[i]);
        assert_ep_queue(ep, EP_SENDING, s + i + 1, 2 - i);
        assert_sched_consistent(s, 3);
    }
    assert_int_equal(ep->ep_tail_state, 0);
}

static void test_receivers_fifo(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *r[3];
    tcb_t *s = new_thread(PRIO, true);

    for (word_t i = 0; i < 3; i++) {
        r[i] = new_thread(PRIO, true);
        ep_receive(ep, r[i], NULL, true);
        assert_ep_queue(ep, EP_RECEIVING, r, i + 1);
    }
    assert_sched_consistent(r, 3);
    for (word_t i = 0; i < 3; i++) {
        set_tagged_msg(s, i + 1);
        ep_send(ep, s, 20 + i, 0, true);
        assert_int_equal(r[i]->tcb_state, THREAD_RUNNING);
        assert_tagged_msg(r[i], i + 1, 20 + i);
        assert_unlinked(r[i]);
        assert_ep_queue(ep, EP_RECEIVING, r + i + 1, 2 - i);
        assert_sched_consistent(r, 3);
    }
    /* Still-waiting receivers were not written to. */
    assert_int_equal(s->tcb_state, THREAD_RUNNING);
}

/* --- Call and reply --------------------------------------------------- */

static void test_call_and_reply(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *server = new_thread(PRIO, true);
    tcb_t *client = new_thread(PRIO + 1, true);
    tcb_t *all[] = { server, client };

    ep_receive(ep, server, reply, true);
    assert_ptr_equal(reply->reply_receiver, server);
    assert_ptr_equal(server->tcb_reply, reply);

    set_tagged_msg(client, 3);
    ep_send(ep, client, 42, IPC_IS_CALL | IPC_CAN_GRANT, true);
    assert_int_equal(client->tcb_state, THREAD_BLOCKED_ON_REPLY);
    assert_ptr_equal(reply->reply_caller, client);
    assert_ptr_equal(client->tcb_reply, reply);
    assert_null(reply->reply_receiver);
    assert_null(server->tcb_reply);
    assert_null(reply->reply_donated); /* the server has its own SC */
    assert_int_equal(server->tcb_state, THREAD_RUNNING);
    assert_tagged_msg(server, 3, 42);
    assert_ptr_equal(sched_choose(), server);
    assert_sched_consistent(all, 2);

    set_tagged_msg(server, 4);
    reply_send(reply, server);
    assert_int_equal(client->tcb_state, THREAD_RUNNING);
    assert_tagged_msg(client, 4, 0);
    assert_null(reply->reply_caller);
    assert_null(client->tcb_reply);
    assert_ptr_equal(sched_choose(), client);
    assert_sched_consistent(all, 2);

    /* A second reply through the now-empty object does nothing. */
    set_tagged_msg(server, 5);
    reply_send(reply, server);
    assert_tagged_msg(client, 4, 0);
}

static void test_queued_call_then_receive(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *client = new_thread(PRIO, true);
    tcb_t *server = new_thread(PRIO, true);
    tcb_t *all[] = { client, server };

    set_tagged_msg(client, 6);
    ep_send(ep, client, 5, IPC_IS_CALL | IPC_CAN_GRANT_REPLY, true);
    assert_int_equal(client->tcb_state, THREAD_BLOCKED_ON_SEND);
    ep_receive(ep, server, reply, true);
    assert_tagged_msg(server, 6, 5);
    assert_int_equal(client->tcb_state, THREAD_BLOCKED_ON_REPLY);
    assert_ptr_equal(reply->reply_caller, client);
    assert_ptr_equal(client->tcb_reply, reply);
    assert_ep_queue(ep, EP_IDLE, NULL, 0);
    assert_unlinked(client);
    assert_sched_consistent(all, 2);
}

static void test_call_without_grant_is_inactive(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *server = new_thread(PRIO, true);
    tcb_t *client = new_thread(PRIO, true);
    tcb_t *all[] = { server, client };

    ep_receive(ep, server, reply, true);
    set_tagged_msg(client, 7);
    ep_send(ep, client, 1, IPC_IS_CALL, true);
    assert_tagged_msg(server, 7, 1);
    assert_int_equal(client->tcb_state, THREAD_INACTIVE);
    assert_null(reply->reply_caller);
    assert_null(client->tcb_reply);
    assert_sched_consistent(all, 2);
}

static void test_call_without_reply_is_inactive(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *server = new_thread(PRIO, false); /* passive: nothing to donate to */
    tcb_t *client = new_thread(PRIO, true);
    tcb_t *all[] = { server, client };
    sched_context_t *sc = client->tcb_sc;

    ep_receive(ep, server, NULL, true);
    set_tagged_msg(client, 8);
    ep_send(ep, client, 1, IPC_IS_CALL | IPC_CAN_GRANT, true);
    assert_tagged_msg(server, 8, 1);
    assert_int_equal(client->tcb_state, THREAD_INACTIVE);
    assert_null(client->tcb_reply);
    /* No reply object, no donation. */
    assert_ptr_equal(client->tcb_sc, sc);
    assert_null(server->tcb_sc);
    assert_sched_consistent(all, 2);
}

/* --- Scheduling-context donation -------------------------------------- */

static void test_sc_donation_and_return(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *server = new_thread(PRIO + 5, false);
    tcb_t *client = new_thread(PRIO, true);
    tcb_t *all[] = { server, client };
    sched_context_t *sc = client->tcb_sc;

    ep_receive(ep, server, reply, true);
    set_tagged_msg(client, 9);
    ep_send(ep, client, 3, IPC_IS_CALL | IPC_CAN_GRANT, true);
    assert_ptr_equal(server->tcb_sc, sc);
    assert_ptr_equal(sc->sc_tcb, server);
    assert_null(client->tcb_sc);
    assert_ptr_equal(reply->reply_donated, sc);
    assert_true(is_ready(server));
    assert_false(is_ready(client));
    assert_ptr_equal(sched_choose(), server);
    assert_sched_consistent(all, 2);

    set_tagged_msg(server, 10);
    reply_send(reply, server);
    assert_ptr_equal(client->tcb_sc, sc);
    assert_ptr_equal(sc->sc_tcb, client);
    assert_null(server->tcb_sc);
    assert_null(reply->reply_donated);
    assert_int_equal(server->tcb_state, THREAD_RUNNING);
    assert_false(is_ready(server));
    assert_true(is_ready(client));
    assert_ptr_equal(sched_choose(), client);
    assert_tagged_msg(client, 10, 0);
    assert_sched_consistent(all, 2);
}

/*
 * ReplyRecv on a passive server: the reply returns the lent SC (the server
 * leaves the ready queue), then the receive takes a queued Call and lends
 * the new caller's SC. call_link once moved the SC without putting the
 * server back in the ready queue, so sched_run never picked it again.
 */
static void test_receive_donation_makes_receiver_ready(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *server = new_thread(PRIO, false);
    tcb_t *a = new_thread(PRIO, true);
    tcb_t *b = new_thread(PRIO, true);
    tcb_t *all[] = { server, a, b };

    ep_receive(ep, server, reply, true);
    set_tagged_msg(a, 1);
    ep_send(ep, a, 1, IPC_IS_CALL | IPC_CAN_GRANT, true);
    set_tagged_msg(b, 2);
    ep_send(ep, b, 2, IPC_IS_CALL | IPC_CAN_GRANT, true);
    assert_int_equal(b->tcb_state, THREAD_BLOCKED_ON_SEND);

    /* ReplyRecv */
    set_tagged_msg(server, 3);
    reply_send(reply, server);
    ep_receive(ep, server, reply, true);
    assert_tagged_msg(server, 2, 2);
    assert_ptr_equal(server->tcb_sc, reply->reply_donated);
    assert_int_equal(server->tcb_state, THREAD_RUNNING);
    assert_true(is_ready(server));
    assert_sched_consistent(all, 3);
}

/* --- Cancelling ------------------------------------------------------- */

static void test_ep_cancel_all_senders(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *s[3];
    unsigned restarts = host_restart_count();

    for (word_t i = 0; i < 3; i++) {
        s[i] = new_thread(PRIO, true);
        set_tagged_msg(s[i], i + 1);
        ep_send(ep, s[i], i, IPC_IS_CALL | IPC_CAN_GRANT, true);
    }
    ep_cancel_all(ep);
    assert_int_equal(host_restart_count(), restarts + 3);
    assert_null(ep->ep_head);
    assert_int_equal(ep->ep_tail_state, 0);
    for (word_t i = 0; i < 3; i++) {
        assert_int_equal(s[i]->tcb_state, THREAD_RUNNING);
        assert_unlinked(s[i]);
    }
    assert_sched_consistent(s, 3);
    /* Ready in the order they were queued. */
    assert_ptr_equal(sched_choose(), s[0]);
}

static void test_ep_cancel_all_receivers(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *r[2];
    reply_t *reply[2];
    unsigned restarts = host_restart_count();

    for (word_t i = 0; i < 2; i++) {
        r[i] = new_thread(PRIO, true);
        reply[i] = new_reply();
        ep_receive(ep, r[i], reply[i], true);
    }
    ep_cancel_all(ep);
    assert_int_equal(host_restart_count(), restarts + 2);
    assert_null(ep->ep_head);
    assert_int_equal(ep->ep_tail_state, 0);
    for (word_t i = 0; i < 2; i++) {
        assert_int_equal(r[i]->tcb_state, THREAD_RUNNING);
        assert_unlinked(r[i]);
        assert_null(r[i]->tcb_reply);
        assert_null(reply[i]->reply_receiver);
    }
    assert_sched_consistent(r, 2);
}

static void test_ep_cancel_badged_sends(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    const word_t badges[] = { 1, 2, 1, 3, 2, 1 };
    tcb_t *s[ARRAY_SIZE(badges)];
    unsigned restarts = host_restart_count();

    for (size_t i = 0; i < ARRAY_SIZE(badges); i++) {
        s[i] = new_thread(PRIO, true);
        ep_send(ep, s[i], badges[i], 0, true);
    }
    /* Badge 1 is at the head, in the middle and at the tail. */
    ep_cancel_badged_sends(ep, 1);
    assert_int_equal(host_restart_count(), restarts + 3);
    tcb_t *left[] = { s[1], s[3], s[4] };
    assert_ep_queue(ep, EP_SENDING, left, 3);
    for (size_t i = 0; i < ARRAY_SIZE(badges); i++) {
        thread_state_t want = badges[i] == 1 ? THREAD_RUNNING : THREAD_BLOCKED_ON_SEND;
        assert_int_equal(s[i]->tcb_state, want);
    }
    assert_sched_consistent(s, ARRAY_SIZE(s));

    /* A badge nobody sends with changes nothing. */
    ep_cancel_badged_sends(ep, 9);
    assert_ep_queue(ep, EP_SENDING, left, 3);

    ep_cancel_badged_sends(ep, 2);
    assert_ep_queue(ep, EP_SENDING, s + 3, 1);
    ep_cancel_badged_sends(ep, 3);
    assert_ep_queue(ep, EP_IDLE, NULL, 0);
    assert_int_equal(ep->ep_tail_state, 0);
    assert_int_equal(host_restart_count(), restarts + ARRAY_SIZE(badges));
    assert_sched_consistent(s, ARRAY_SIZE(s));
}

static void test_cancel_badged_sends_ignores_receivers(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *r = new_thread(PRIO, true);
    unsigned restarts = host_restart_count();

    r->tcb_ipc_badge = 4; /* stale, from an earlier send */
    ep_receive(ep, r, NULL, true);
    ep_cancel_badged_sends(ep, 4);
    assert_int_equal(r->tcb_state, THREAD_BLOCKED_ON_RECEIVE);
    assert_ep_queue(ep, EP_RECEIVING, &r, 1);
    assert_int_equal(host_restart_count(), restarts);
}

static void test_ipc_cancel_senders(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *s[4];

    for (size_t i = 0; i < 4; i++) {
        s[i] = new_thread(PRIO, true);
        ep_send(ep, s[i], i, 0, true);
    }
    ipc_cancel(s[1]); /* middle */
    tcb_t *left1[] = { s[0], s[2], s[3] };
    assert_ep_queue(ep, EP_SENDING, left1, 3);
    ipc_cancel(s[0]); /* head */
    assert_ep_queue(ep, EP_SENDING, s + 2, 2);
    ipc_cancel(s[3]); /* tail */
    assert_ep_queue(ep, EP_SENDING, s + 2, 1);
    ipc_cancel(s[2]); /* last */
    assert_ep_queue(ep, EP_IDLE, NULL, 0);
    assert_int_equal(ep->ep_tail_state, 0);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(s[i]->tcb_state, THREAD_INACTIVE);
        assert_unlinked(s[i]);
    }
    assert_sched_consistent(s, 4);
    assert_null(sched_choose());
}

static void test_ipc_cancel_receiver_with_reply(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *r[2];

    r[0] = new_thread(PRIO, true);
    r[1] = new_thread(PRIO, true);
    ep_receive(ep, r[0], reply, true);
    ep_receive(ep, r[1], NULL, true);
    ipc_cancel(r[0]);
    assert_int_equal(r[0]->tcb_state, THREAD_INACTIVE);
    assert_unlinked(r[0]);
    assert_null(r[0]->tcb_reply);
    assert_null(reply->reply_receiver);
    assert_ep_queue(ep, EP_RECEIVING, r + 1, 1);
    assert_sched_consistent(r, 2);

    /* The remaining receiver still gets the next message. */
    tcb_t *s = new_thread(PRIO, true);
    set_tagged_msg(s, 11);
    ep_send(ep, s, 6, 0, true);
    assert_tagged_msg(r[1], 11, 6);
    assert_ep_queue(ep, EP_IDLE, NULL, 0);
}

static void test_ipc_cancel_ntfn_waiter(void **state)
{
    (void)state;
    notification_t *ntfn = new_ntfn();
    tcb_t *w[3];

    for (size_t i = 0; i < 3; i++) {
        w[i] = new_thread(PRIO, true);
        ntfn_wait(ntfn, w[i], true);
        assert_int_equal(w[i]->tcb_state, THREAD_BLOCKED_ON_NOTIFICATION);
    }
    assert_ntfn_queue(ntfn, w, 3);
    ipc_cancel(w[1]);
    assert_int_equal(w[1]->tcb_state, THREAD_INACTIVE);
    assert_unlinked(w[1]);
    tcb_t *left[] = { w[0], w[2] };
    assert_ntfn_queue(ntfn, left, 2);
    ipc_cancel(w[2]);
    assert_ntfn_queue(ntfn, w, 1);
    assert_sched_consistent(w, 3);

    ntfn_signal(ntfn, 0x40);
    assert_int_equal(w[0]->tcb_state, THREAD_RUNNING);
    assert_int_equal(reg(w[0], USER_REG_CAP), 0x40);
    assert_ntfn_queue(ntfn, NULL, 0);
    assert_int_equal(ntfn->ntfn_word, 0);
    assert_sched_consistent(w, 3);
}

static void test_ipc_cancel_reply_waiter(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *server = new_thread(PRIO, false);
    tcb_t *client = new_thread(PRIO, true);
    tcb_t *all[] = { server, client };
    sched_context_t *sc = client->tcb_sc;

    ep_receive(ep, server, reply, true);
    ep_send(ep, client, 0, IPC_IS_CALL | IPC_CAN_GRANT, true);
    assert_ptr_equal(server->tcb_sc, sc);

    ipc_cancel(client);
    assert_int_equal(client->tcb_state, THREAD_INACTIVE);
    assert_null(client->tcb_reply);
    assert_null(reply->reply_caller);
    assert_null(reply->reply_donated);
    assert_ptr_equal(client->tcb_sc, sc);
    assert_ptr_equal(sc->sc_tcb, client);
    assert_null(server->tcb_sc);
    assert_false(is_ready(server));
    assert_false(is_ready(client));
    assert_sched_consistent(all, 2);

    /* The server's late reply reaches nobody. */
    set_tagged_msg(server, 12);
    reply_send(reply, server);
    assert_int_equal(client->tcb_state, THREAD_INACTIVE);
    assert_null(sched_choose());
}

static void test_tcb_finalise_queued_sender(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    tcb_t *s[2];

    s[0] = new_thread(PRIO, true);
    s[1] = new_thread(PRIO, true);
    sched_context_t *sc = s[0]->tcb_sc;
    ep_send(ep, s[0], 1, 0, true);
    ep_send(ep, s[1], 2, 0, true);
    tcb_finalise(s[0]);
    assert_int_equal(s[0]->tcb_state, THREAD_INACTIVE);
    assert_unlinked(s[0]);
    assert_null(s[0]->tcb_sc);
    assert_null(sc->sc_tcb);
    assert_ep_queue(ep, EP_SENDING, s + 1, 1);
    assert_sched_consistent(s, 2);
}

/* --- Notifications ---------------------------------------------------- */

static void test_ntfn_signal_accumulates_and_poll_clears(void **state)
{
    (void)state;
    notification_t *ntfn = new_ntfn();
    tcb_t *t = new_thread(PRIO, true);

    ntfn_signal(ntfn, 0x1);
    ntfn_signal(ntfn, 0x4);
    ntfn_signal(ntfn, 0x1);
    assert_int_equal(ntfn->ntfn_word, 0x5);

    ntfn_wait(ntfn, t, true); /* a pending word is taken without blocking */
    assert_int_equal(t->tcb_state, THREAD_RUNNING);
    assert_int_equal(reg(t, USER_REG_CAP), 0x5);
    assert_int_equal(reg(t, USER_REG_MSGINFO), 0);
    assert_int_equal(ntfn->ntfn_word, 0);

    set_reg(t, USER_REG_CAP, 0x99);
    ntfn_wait(ntfn, t, false); /* Poll with nothing pending */
    assert_int_equal(t->tcb_state, THREAD_RUNNING);
    assert_int_equal(reg(t, USER_REG_CAP), 0);
    assert_ntfn_queue(ntfn, NULL, 0);
    assert_sched_consistent(&t, 1);
}

/* A signal with badge 0 is still a signal (seL4's notification is "active"). */
static void test_ntfn_unbadged_signal_is_pending(void **state)
{
    (void)state;
    notification_t *ntfn = new_ntfn();
    tcb_t *t = new_thread(PRIO, true);

    ntfn_signal(ntfn, 0);
    ntfn_wait(ntfn, t, true);
    assert_int_equal(t->tcb_state, THREAD_RUNNING);
    assert_int_equal(reg(t, USER_REG_CAP), 0);
    ntfn_wait(ntfn, t, true); /* nothing pending now: it blocks */
    assert_int_equal(t->tcb_state, THREAD_BLOCKED_ON_NOTIFICATION);
    assert_ntfn_queue(ntfn, &t, 1);
}

static void test_ntfn_waiters_woken_in_order(void **state)
{
    (void)state;
    notification_t *ntfn = new_ntfn();
    tcb_t *w[2];

    w[0] = new_thread(PRIO, true);
    w[1] = new_thread(PRIO, true);
    ntfn_wait(ntfn, w[0], true);
    ntfn_wait(ntfn, w[1], true);
    assert_sched_consistent(w, 2);
    assert_null(sched_choose());

    ntfn_signal(ntfn, 0x10);
    assert_int_equal(w[0]->tcb_state, THREAD_RUNNING);
    assert_int_equal(reg(w[0], USER_REG_CAP), 0x10);
    assert_int_equal(w[1]->tcb_state, THREAD_BLOCKED_ON_NOTIFICATION);
    assert_ntfn_queue(ntfn, w + 1, 1);
    assert_int_equal(ntfn->ntfn_word, 0);

    ntfn_signal(ntfn, 0x20);
    assert_int_equal(reg(w[1], USER_REG_CAP), 0x20);
    assert_ntfn_queue(ntfn, NULL, 0);
    assert_int_equal(ntfn->ntfn_word, 0);
    assert_unlinked(w[0]);
    assert_unlinked(w[1]);
    assert_sched_consistent(w, 2);
}

/* Binds ntfn to t as TCBBindNotification does. */
static void bind(notification_t *ntfn, tcb_t *t)
{
    ntfn->ntfn_bound = t;
    t->tcb_bound = ntfn;
}

static void test_ntfn_wakes_bound_receiver(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    notification_t *ntfn = new_ntfn();
    reply_t *reply = new_reply();
    tcb_t *t[3];

    for (size_t i = 0; i < 3; i++) {
        t[i] = new_thread(PRIO, true);
    }
    bind(ntfn, t[0]);
    /* The bound thread waits between two others. */
    ep_receive(ep, t[1], NULL, true);
    ep_receive(ep, t[0], reply, true);
    ep_receive(ep, t[2], NULL, true);
    assert_ptr_equal(reply->reply_receiver, t[0]);

    ntfn_signal(ntfn, 0x300);
    assert_int_equal(t[0]->tcb_state, THREAD_RUNNING);
    assert_int_equal(reg(t[0], USER_REG_CAP), 0x300);
    assert_int_equal(reg(t[0], USER_REG_MSGINFO), 0);
    assert_unlinked(t[0]);
    assert_null(t[0]->tcb_reply);
    assert_null(reply->reply_receiver);
    tcb_t *left[] = { t[1], t[2] };
    assert_ep_queue(ep, EP_RECEIVING, left, 2);
    assert_int_equal(ntfn->ntfn_word, 0);
    assert_int_equal(t[1]->tcb_state, THREAD_BLOCKED_ON_RECEIVE);
    assert_sched_consistent(t, 3);
}

static void test_bound_pending_signal_preempts_receive(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    notification_t *ntfn = new_ntfn();
    tcb_t *s = new_thread(PRIO, true);
    tcb_t *r = new_thread(PRIO, true);
    tcb_t *all[] = { s, r };

    bind(ntfn, r);
    ep_send(ep, s, 1, 0, true);
    ntfn_signal(ntfn, 0x8); /* r is running, not receiving: the badge waits */
    assert_int_equal(ntfn->ntfn_word, 0x8);

    ep_receive(ep, r, NULL, true);
    assert_int_equal(r->tcb_state, THREAD_RUNNING);
    assert_int_equal(reg(r, USER_REG_CAP), 0x8);
    assert_int_equal(ntfn->ntfn_word, 0);
    /* The sender is still queued. */
    assert_ep_queue(ep, EP_SENDING, &s, 1);
    assert_sched_consistent(all, 2);
}

static void test_ntfn_cancel_all(void **state)
{
    (void)state;
    notification_t *ntfn = new_ntfn();
    tcb_t *w[3];
    unsigned restarts = host_restart_count();

    for (size_t i = 0; i < 3; i++) {
        w[i] = new_thread(PRIO, true);
    }
    bind(ntfn, w[2]);
    ntfn_wait(ntfn, w[0], true);
    ntfn_wait(ntfn, w[1], true);
    ntfn_cancel_all(ntfn);
    assert_int_equal(host_restart_count(), restarts + 2);
    assert_ntfn_queue(ntfn, NULL, 0);
    assert_null(ntfn->ntfn_bound);
    assert_null(w[2]->tcb_bound);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(w[i]->tcb_state, THREAD_RUNNING);
        assert_unlinked(w[i]);
    }
    assert_sched_consistent(w, 3);
}

/* --- Reply objects ---------------------------------------------------- */

static void test_reply_finalise_forgets_receiver(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *server = new_thread(PRIO, true);
    tcb_t *client = new_thread(PRIO, true);
    tcb_t *all[] = { server, client };

    ep_receive(ep, server, reply, true);
    reply_finalise(reply);
    assert_null(server->tcb_reply);
    assert_null(reply->reply_receiver);
    assert_int_equal(server->tcb_state, THREAD_BLOCKED_ON_RECEIVE);
    assert_ep_queue(ep, EP_RECEIVING, &server, 1);

    /* A Call now finds no reply object: the caller is left inactive, the object untouched. */
    set_tagged_msg(client, 13);
    ep_send(ep, client, 2, IPC_IS_CALL | IPC_CAN_GRANT, true);
    assert_tagged_msg(server, 13, 2);
    assert_int_equal(client->tcb_state, THREAD_INACTIVE);
    assert_null(reply->reply_caller);
    assert_sched_consistent(all, 2);
}

static void test_reply_finalise_with_caller(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *server = new_thread(PRIO, false);
    tcb_t *client = new_thread(PRIO, true);
    tcb_t *all[] = { server, client };
    sched_context_t *sc = client->tcb_sc;

    ep_receive(ep, server, reply, true);
    ep_send(ep, client, 0, IPC_IS_CALL | IPC_CAN_GRANT, true);
    reply_finalise(reply);
    assert_int_equal(client->tcb_state, THREAD_INACTIVE);
    assert_ptr_equal(client->tcb_sc, sc);
    assert_null(server->tcb_sc);
    assert_null(reply->reply_caller);
    assert_null(reply->reply_receiver);
    assert_null(reply->reply_donated);
    assert_sched_consistent(all, 2);
}

static void test_reply_cancel_returns_sc(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *server = new_thread(PRIO, false);
    tcb_t *client = new_thread(PRIO + 1, true);
    tcb_t *all[] = { server, client };
    sched_context_t *sc = client->tcb_sc;

    ep_receive(ep, server, reply, true);
    ep_send(ep, client, 0, IPC_IS_CALL | IPC_CAN_GRANT, true);
    assert_true(is_ready(server));

    reply_cancel(reply);
    assert_int_equal(client->tcb_state, THREAD_INACTIVE);
    assert_null(client->tcb_reply);
    assert_ptr_equal(client->tcb_sc, sc);
    assert_ptr_equal(sc->sc_tcb, client);
    assert_null(server->tcb_sc);
    assert_null(reply->reply_caller);
    assert_null(reply->reply_donated);
    assert_false(is_ready(server));
    assert_false(is_ready(client));
    assert_null(sched_choose());
    assert_sched_consistent(all, 2);

    /* Cancelling an idle reply object is harmless. */
    reply_cancel(reply);
    assert_int_equal(client->tcb_state, THREAD_INACTIVE);
}

static void test_receive_cancels_pending_reply(void **state)
{
    (void)state;
    endpoint_t *ep = new_ep();
    reply_t *reply = new_reply();
    tcb_t *server = new_thread(PRIO, true);
    tcb_t *client = new_thread(PRIO, true);
    tcb_t *all[] = { server, client };

    ep_receive(ep, server, reply, true);
    ep_send(ep, client, 0, IPC_IS_CALL | IPC_CAN_GRANT, true);
    assert_int_equal(client->tcb_state, THREAD_BLOCKED_ON_REPLY);
    /* Receiving again on the same reply object without replying drops the call. */
    ep_receive(ep, server, reply, true);
    assert_int_equal(client->tcb_state, THREAD_INACTIVE);
    assert_null(client->tcb_reply);
    assert_null(reply->reply_caller);
    assert_ptr_equal(reply->reply_receiver, server);
    assert_ep_queue(ep, EP_RECEIVING, &server, 1);
    assert_sched_consistent(all, 2);
}

/* --- Thread state ----------------------------------------------------- */

static void test_thread_set_state_ready_queue(void **state)
{
    (void)state;
    tcb_t *t[2];
    const thread_state_t states[] = {
        THREAD_INACTIVE,        THREAD_RUNNING,          THREAD_BLOCKED_ON_RECEIVE,
        THREAD_BLOCKED_ON_SEND, THREAD_BLOCKED_ON_REPLY, THREAD_BLOCKED_ON_NOTIFICATION,
        THREAD_RUNNING,
    };

    t[0] = new_thread(PRIO, true);
    t[1] = new_thread(PRIO, false);
    for (size_t i = 0; i < ARRAY_SIZE(states); i++) {
        thread_set_state(t[0], states[i]);
        thread_set_state(t[1], states[i]);
        assert_int_equal(is_ready(t[0]), states[i] == THREAD_RUNNING);
        assert_false(is_ready(t[1]));
        assert_sched_consistent(t, 2);
    }
    /* Running twice does not queue twice. */
    thread_set_state(t[0], THREAD_RUNNING);
    assert_ptr_equal(ks_ready_queues[PRIO].head, t[0]);
    assert_ptr_equal(ks_ready_queues[PRIO].tail, t[0]);

    /* Binding and unbinding an SC moves a running thread in and out. */
    sched_context_t *sc = t[0]->tcb_sc;
    tcb_bind_sc(t[0], NULL);
    assert_null(sc->sc_tcb);
    assert_false(is_ready(t[0]));
    tcb_bind_sc(t[1], sc);
    thread_set_state(t[1], THREAD_RUNNING);
    assert_true(is_ready(t[1]));
    assert_ptr_equal(sched_choose(), t[1]);
    assert_sched_consistent(t, 2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    static const struct CMUnitTest tests[] = {
        T(test_send_to_waiting_receiver),
        T(test_blocking_send_queues),
        T(test_nonblocking_send_dropped),
        T(test_senders_fifo),
        T(test_receivers_fifo),
        T(test_call_and_reply),
        T(test_queued_call_then_receive),
        T(test_call_without_grant_is_inactive),
        T(test_call_without_reply_is_inactive),
        T(test_sc_donation_and_return),
        T(test_receive_donation_makes_receiver_ready),
        T(test_ep_cancel_all_senders),
        T(test_ep_cancel_all_receivers),
        T(test_ep_cancel_badged_sends),
        T(test_cancel_badged_sends_ignores_receivers),
        T(test_ipc_cancel_senders),
        T(test_ipc_cancel_receiver_with_reply),
        T(test_ipc_cancel_ntfn_waiter),
        T(test_ipc_cancel_reply_waiter),
        T(test_tcb_finalise_queued_sender),
        T(test_ntfn_signal_accumulates_and_poll_clears),
        T(test_ntfn_unbadged_signal_is_pending),
        T(test_ntfn_waiters_woken_in_order),
        T(test_ntfn_wakes_bound_receiver),
        T(test_bound_pending_signal_preempts_receive),
        T(test_ntfn_cancel_all),
        T(test_reply_finalise_forgets_receiver),
        T(test_reply_finalise_with_caller),
        T(test_reply_cancel_returns_sc),
        T(test_receive_cancels_pending_reply),
        T(test_thread_set_state_ready_queue),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

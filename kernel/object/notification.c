/*
 * Notifications (seL4 manual, "Notifications"): a word of badge bits.
 * Signal ORs a badge in or hands it straight to a waiter; Wait and Poll
 * take the word and clear it. A thread bound to a notification also wakes
 * for its signals while it waits on an endpoint.
 */
#include "api/message.h"
#include "arch.h"
#include "object/ipc.h"

static void deliver(tcb_t *t, word_t badge)
{
    msginfo_t none = { 0, 0, 0, 0 };

    arch_set_register(&t->tcb_arch, USER_REG_CAP, badge);
    arch_set_register(&t->tcb_arch, USER_REG_MSGINFO, msginfo_word(none));
}

void ntfn_signal(notification_t *ntfn, word_t badge)
{
    tcb_t *waiter = ntfn->ntfn_waiting.head;
    tcb_t *bound = ntfn->ntfn_bound;

    if (waiter != NULL) {
        queue_remove(&ntfn->ntfn_waiting, waiter);
        waiter->tcb_blocked_on = NULL;
        deliver(waiter, badge);
        ntfn_lend_sc(ntfn, waiter);
        thread_set_state(waiter, THREAD_RUNNING);
        return;
    }
    if (bound != NULL && bound->tcb_state == THREAD_BLOCKED_ON_RECEIVE) {
        ipc_cancel(bound);
        deliver(bound, badge);
        ntfn_lend_sc(ntfn, bound);
        thread_set_state(bound, THREAD_RUNNING);
        return;
    }
    ntfn->ntfn_word |= badge;
    ntfn->ntfn_active = 1;
}

void ntfn_wait(notification_t *ntfn, tcb_t *thread, bool blocking)
{
    if (ntfn->ntfn_active) {
        deliver(thread, ntfn->ntfn_word);
        ntfn->ntfn_word = 0;
        ntfn->ntfn_active = 0;
        return;
    }
    if (!blocking) {
        deliver(thread, 0);
        return;
    }
    ntfn_take_back_sc(ntfn, thread);
    queue_append(&ntfn->ntfn_waiting, thread);
    thread->tcb_blocked_on = ntfn;
    thread_set_state(thread, THREAD_BLOCKED_ON_NOTIFICATION);
}

void ntfn_cancel_all(notification_t *ntfn)
{
    while (ntfn->ntfn_waiting.head != NULL) {
        tcb_t *t = ntfn->ntfn_waiting.head;
        queue_remove(&ntfn->ntfn_waiting, t);
        t->tcb_blocked_on = NULL;
        arch_restart_syscall(&t->tcb_arch);
        thread_set_state(t, THREAD_RUNNING);
    }
    if (ntfn->ntfn_bound != NULL) {
        ntfn->ntfn_bound->tcb_bound = NULL;
        ntfn->ntfn_bound = NULL;
    }
    if (ntfn->ntfn_sc != NULL) {
        ntfn->ntfn_sc->sc_ntfn = NULL;
        ntfn->ntfn_sc = NULL;
    }
}

void ntfn_lend_sc(notification_t *ntfn, tcb_t *woken)
{
    sched_context_t *sc = ntfn->ntfn_sc;

    if (sc != NULL && sc->sc_tcb == NULL && woken->tcb_sc == NULL) {
        sc->sc_tcb = woken;
        woken->tcb_sc = sc;
    }
}

void ntfn_take_back_sc(notification_t *ntfn, tcb_t *waiter)
{
    sched_context_t *sc = ntfn->ntfn_sc;

    if (sc != NULL && waiter->tcb_sc == sc) {
        sc->sc_tcb = NULL;
        waiter->tcb_sc = NULL;
    }
}

/*
 * Reply objects (MCS): a Call links the caller to the receiver's reply
 * object; replying through it wakes the caller once and returns a lent
 * scheduling context. Message transfer between threads lives here too.
 */
#include "api/fault.h"
#include "api/message.h"
#include "arch.h"
#include "object/ipc.h"
#include "sched/budget.h"

/* A fault message, built from the faulting thread's record (api/fault.c). */
static void transfer_fault(tcb_t *faulter, tcb_t *receiver, word_t badge)
{
    word_t words[24];
    msginfo_t info = { faulter->tcb_fault_type, fault_message(faulter, words), 0, 0 };

    if (receiver->tcb_ipc_buffer == NULL && info.length > MSG_REGISTERS) {
        info.length = MSG_REGISTERS;
    }
    for (word_t i = 0; i < info.length; i++) {
        msg_set(receiver, i, words[i]);
    }
    arch_set_register(&receiver->tcb_arch, USER_REG_MSGINFO, msginfo_word(info));
    arch_set_register(&receiver->tcb_arch, USER_REG_CAP, badge);
}

void ipc_transfer(tcb_t *sender, tcb_t *receiver, word_t badge, const endpoint_t *ep,
                  bool can_grant)
{
    msginfo_t info = msg_info(sender);

    if (sender->tcb_fault_type != FAULT_NONE) {
        transfer_fault(sender, receiver, badge);
        return;
    }
    if (receiver->tcb_ipc_buffer == NULL && info.length > MSG_REGISTERS) {
        info.length = MSG_REGISTERS;
    }
    for (word_t i = 0; i < info.length; i++) {
        msg_set(receiver, i, msg_get(sender, i));
    }
    if (receiver->tcb_ipc_buffer == NULL) {
        info.extra_caps = 0;
    }
    info.extra_caps =
        ipc_transfer_caps(sender, receiver, ep, can_grant, info.extra_caps, &info.unwrapped);
    arch_set_register(&receiver->tcb_arch, USER_REG_MSGINFO, msginfo_word(info));
    arch_set_register(&receiver->tcb_arch, USER_REG_CAP, badge);
}

/* Ends the link between a reply object and its caller, returning a lent SC. */
static tcb_t *reply_unlink(reply_t *reply)
{
    tcb_t *caller = reply->reply_caller;
    sched_context_t *sc = reply->reply_donated;

    reply->reply_caller = NULL;
    reply->reply_donated = NULL;
    caller->tcb_reply = NULL;
    if (sc != NULL) {
        tcb_t *borrower = sc->sc_tcb;
        if (borrower != NULL) {
            borrower->tcb_sc = NULL;
            thread_set_state(borrower, borrower->tcb_state); /* may leave the ready queue */
        }
        sc->sc_tcb = caller;
        caller->tcb_sc = sc;
    }
    return caller;
}

void reply_send(reply_t *reply, tcb_t *replier)
{
    if (reply->reply_caller == NULL) {
        return;
    }
    bool grant = reply->reply_can_grant != 0;
    tcb_t *caller = reply_unlink(reply);
    if (caller->tcb_fault_type != FAULT_NONE) {
        fault_reply(caller, replier);
        return;
    }
    /* A reply may pass capabilities if the call came through a capability with Grant. */
    ipc_transfer(replier, caller, 0, NULL, grant);
    thread_set_state(caller, THREAD_RUNNING);
}

void reply_cancel(reply_t *reply)
{
    if (reply->reply_caller != NULL) {
        tcb_t *caller = reply_unlink(reply);
        thread_set_state(caller, THREAD_INACTIVE);
    }
}

void reply_finalise(reply_t *reply)
{
    reply_cancel(reply);
    if (reply->reply_receiver != NULL) {
        reply->reply_receiver->tcb_reply = NULL;
        reply->reply_receiver = NULL;
    }
}

void sc_finalise(sched_context_t *sc)
{
    tcb_t *t = sc->sc_tcb;

    sc_release_remove(sc);
    if (sc->sc_ntfn != NULL) {
        sc->sc_ntfn->ntfn_sc = NULL;
        sc->sc_ntfn = NULL;
    }
    if (t != NULL) {
        t->tcb_sc = NULL;
        thread_set_state(t, t->tcb_state);
        sc->sc_tcb = NULL;
    }
}

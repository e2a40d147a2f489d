/*
 * A thread's message: seL4_MessageInfo in one register, the first
 * MSG_REGISTERS words in registers, the rest in its IPC buffer (which the
 * kernel reaches through the kernel window). Threads without an IPC buffer
 * can only pass the register words.
 */
#ifndef API_MESSAGE_H
#define API_MESSAGE_H

#include "../object/tcb.h"

enum {
    MSG_MAX_LENGTH = 120,
    MSG_MAX_EXTRA_CAPS = 3,
    MSG_REGISTERS = 4,
    /* seL4_MessageInfo_t: label 63..12, capsUnwrapped 11..9, extraCaps 8..7, length 6..0. */
    MSGINFO_LABEL_SHIFT = 12,
    MSGINFO_UNWRAPPED_SHIFT = 9,
    MSGINFO_EXTRA_CAPS_SHIFT = 7,
    MSGINFO_EXTRA_CAPS_MASK = 3,
    MSGINFO_LENGTH_MASK = 0x7f,
    /* seL4_IPCBuffer in words: tag, msg[120], userData, caps_or_badges[3], ... */
    IPC_BUFFER_MSG = 1,
    IPC_BUFFER_CAPS = 1 + MSG_MAX_LENGTH + 1,
    IPC_BUFFER_RECEIVE_CNODE = IPC_BUFFER_CAPS + MSG_MAX_EXTRA_CAPS,
    IPC_BUFFER_RECEIVE_INDEX,
    IPC_BUFFER_RECEIVE_DEPTH,
};

typedef struct {
    word_t label;
    word_t length; /* clamped to what the thread can send */
    word_t extra_caps;
    word_t unwrapped;
} msginfo_t;

/* The thread's message info register, clamped to its limits. */
msginfo_t msg_info(tcb_t *tcb);

static inline word_t msginfo_word(msginfo_t info)
{
    return (info.label << MSGINFO_LABEL_SHIFT) | (info.unwrapped << MSGINFO_UNWRAPPED_SHIFT) |
           (info.extra_caps << MSGINFO_EXTRA_CAPS_SHIFT) | info.length;
}

/* Message word i of the thread (i < its clamped length). */
word_t msg_get(tcb_t *tcb, word_t i);

/* Sets message word i; words past the registers are dropped without a buffer. */
void msg_set(tcb_t *tcb, word_t i, word_t value);

/* The thread's IPC buffer word `index` (0 without a buffer). */
word_t msg_buffer_word(tcb_t *tcb, word_t index);
void msg_set_buffer_word(tcb_t *tcb, word_t index, word_t value);

#endif /* API_MESSAGE_H */

/*
 * Reading and writing a thread's message words (see message.h). The IPC
 * buffer pointer is a kernel-window pointer set when the buffer's frame
 * capability is installed, so no user address is ever dereferenced.
 */
#include "api/message.h"

#include "arch.h"

static const user_reg_t msg_regs[MSG_REGISTERS] = { USER_REG_MR0, USER_REG_MR1, USER_REG_MR2,
                                                    USER_REG_MR3 };

msginfo_t msg_info(tcb_t *tcb)
{
    word_t w = arch_get_register(&tcb->tcb_arch, USER_REG_MSGINFO);
    msginfo_t info = { w >> MSGINFO_LABEL_SHIFT, w & MSGINFO_LENGTH_MASK,
                       (w >> MSGINFO_EXTRA_CAPS_SHIFT) & MSGINFO_EXTRA_CAPS_MASK, 0 };

    if (info.length > MSG_MAX_LENGTH) {
        info.length = MSG_MAX_LENGTH;
    }
    if (tcb->tcb_ipc_buffer == NULL) {
        info.length = info.length > MSG_REGISTERS ? MSG_REGISTERS : info.length;
        info.extra_caps = 0;
    }
    return info;
}

word_t msg_get(tcb_t *tcb, word_t i)
{
    if (i < MSG_REGISTERS) {
        return arch_get_register(&tcb->tcb_arch, msg_regs[i]);
    }
    return msg_buffer_word(tcb, IPC_BUFFER_MSG + i);
}

void msg_set(tcb_t *tcb, word_t i, word_t value)
{
    if (i < MSG_REGISTERS) {
        arch_set_register(&tcb->tcb_arch, msg_regs[i], value);
    } else {
        msg_set_buffer_word(tcb, IPC_BUFFER_MSG + i, value);
    }
}

word_t msg_buffer_word(tcb_t *tcb, word_t index)
{
    const word_t *buffer = tcb->tcb_ipc_buffer;

    return buffer != NULL ? buffer[index] : 0;
}

void msg_set_buffer_word(tcb_t *tcb, word_t index, word_t value)
{
    word_t *buffer = tcb->tcb_ipc_buffer;

    if (buffer != NULL) {
        buffer[index] = value;
    }
}

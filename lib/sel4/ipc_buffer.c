/*
 * The IPC buffer pointer every libsel4 call that uses the buffer reads
 * (declared in <sel4/functions.h>). Its own object, so programs that are
 * not root tasks link libsel4 without the root task runtime.
 */
#include <sel4/sel4.h>

seL4_IPCBuffer *__sel4_ipc_buffer;

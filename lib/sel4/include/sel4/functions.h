/*
 * IPC buffer access (libsel4's sel4/functions.h): message registers, extra
 * caps and badges, user data and the capability receive path of the calling
 * thread. The buffer pointer is set by the runtime (lib/sel4/runtime.c) from
 * BootInfo; a thread started another way calls seL4_SetIPCBuffer first.
 */
#ifndef SEL4_FUNCTIONS_H
#define SEL4_FUNCTIONS_H

#include <sel4/types.h>

/* The calling thread's IPC buffer (one thread per address space for now: no TLS). */
/* libsel4's own name for it, kept for source compatibility. */
extern seL4_IPCBuffer *__sel4_ipc_buffer; // NOLINT(bugprone-reserved-identifier,cert-dcl37-c)

static inline void seL4_SetIPCBuffer(seL4_IPCBuffer *ipc_buffer)
{
    __sel4_ipc_buffer = ipc_buffer;
}

static inline seL4_IPCBuffer *seL4_GetIPCBuffer(void)
{
    return __sel4_ipc_buffer;
}

/* Message register i (0 <= i < seL4_MsgMaxLength), as the buffer holds it. */
static inline seL4_Word seL4_GetMR(int i)
{
    return seL4_GetIPCBuffer()->msg[i];
}

static inline void seL4_SetMR(int i, seL4_Word mr)
{
    seL4_GetIPCBuffer()->msg[i] = mr;
}

/*
 * After a Map that failed with seL4_FailedLookup: the address bits the
 * missing paging structure's entry would translate (x86_64: 21 means a page
 * table is missing, 30 a page directory, 39 a PDPT).
 */
#define SEL4_MAPPING_LOOKUP_LEVEL 2

static inline seL4_Word seL4_MappingFailedLookupLevel(void)
{
    return seL4_GetMR(SEL4_MAPPING_LOOKUP_LEVEL);
}

static inline seL4_Word seL4_GetUserData(void)
{
    return seL4_GetIPCBuffer()->userData;
}

static inline void seL4_SetUserData(seL4_Word data)
{
    seL4_GetIPCBuffer()->userData = data;
}

/* Badge of the i-th extra cap of a received message that the kernel unwrapped. */
static inline seL4_Word seL4_GetBadge(int i)
{
    return seL4_GetIPCBuffer()->caps_or_badges[i];
}

/* The i-th extra cap of a message: written before a send, read after a receive. */
static inline seL4_CPtr seL4_GetCap(int i)
{
    return (seL4_CPtr)seL4_GetIPCBuffer()->caps_or_badges[i];
}

static inline void seL4_SetCap(int i, seL4_CPtr cptr)
{
    seL4_GetIPCBuffer()->caps_or_badges[i] = cptr;
}

/* Where a received capability goes: receiveIndex resolved receiveDepth bits into receiveCNode. */
static inline void seL4_GetCapReceivePath(seL4_CPtr *receiveCNode, seL4_CPtr *receiveIndex,
                                          seL4_Word *receiveDepth)
{
    seL4_IPCBuffer *ipc_buffer = seL4_GetIPCBuffer();

    if (receiveCNode != seL4_Null) {
        *receiveCNode = ipc_buffer->receiveCNode;
    }
    if (receiveIndex != seL4_Null) {
        *receiveIndex = ipc_buffer->receiveIndex;
    }
    if (receiveDepth != seL4_Null) {
        *receiveDepth = ipc_buffer->receiveDepth;
    }
}

static inline void seL4_SetCapReceivePath(seL4_CPtr receiveCNode, seL4_CPtr receiveIndex,
                                          seL4_Word receiveDepth)
{
    seL4_IPCBuffer *ipc_buffer = seL4_GetIPCBuffer();

    ipc_buffer->receiveCNode = receiveCNode;
    ipc_buffer->receiveIndex = receiveIndex;
    ipc_buffer->receiveDepth = receiveDepth;
}

#endif /* SEL4_FUNCTIONS_H */

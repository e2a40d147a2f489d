/*
 * The second program of the loader test (tests/system/test_loader.c): the
 * root task loads it from a boot module into an address space it builds
 * with libsel4 calls only. It starts at _start with its IPC buffer in rdi
 * and an endpoint capability in rsi, checks that its data and bss were
 * loaded, reports, and then writes where the root task tells it to.
 */
#include <stdio.h>

#include <sel4/sel4.h>

enum {
    HELLO_LABEL = 0x4e11,
    BSS_WORDS = 512,
};

static volatile seL4_Word initialised = 0x1234abcd;
static volatile seL4_Word zeroed[BSS_WORDS];
static const char greeting[] = "hello: running in a second address space";

/* The ELF entry point's conventional name. */
// NOLINTNEXTLINE(readability-identifier-naming)
_Noreturn void _start(seL4_IPCBuffer *ipc_buffer, seL4_CPtr ep);

_Noreturn void _start(seL4_IPCBuffer *ipc_buffer, seL4_CPtr ep)
{
    seL4_Word ok = initialised == 0x1234abcd;

    seL4_SetIPCBuffer(ipc_buffer);
    for (unsigned i = 0; i < BSS_WORDS; i++) {
        ok = ok && zeroed[i] == 0;
    }
    printf("%s\n", greeting);
    seL4_SetMR(0, ok);
    seL4_SetMR(1, (seL4_Word)&initialised);
    seL4_Call(ep, seL4_MessageInfo_new(HELLO_LABEL, 0, 0, 2));
    /* Told where to write; the root task picks an address that must fault. */
    *(volatile seL4_Word *)seL4_GetMR(0) = 1;
    for (;;) {
        seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    }
}

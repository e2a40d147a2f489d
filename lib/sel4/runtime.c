/*
 * Root task runtime: remembers the BootInfo and the IPC buffer, finds extra
 * BootInfo chunks and the module arguments, runs main() and reports its result.
 */
#include <sel4/runtime.h>
#include <sel4/sel4.h>

static const seL4_BootInfo *boot_info;

_Noreturn void sel4_runtime_start(const seL4_BootInfo *bi);

const seL4_BootInfo *seL4_GetBootInfo(void)
{
    return boot_info;
}

const void *sel4_bootinfo_chunk(seL4_Word id, seL4_Word *len)
{
    const unsigned char *extra = (const unsigned char *)boot_info + (1u << seL4_BootInfoFrameBits);
    seL4_Word at = 0;

    while (at + sizeof(seL4_BootInfoHeader) <= boot_info->extraLen) {
        const seL4_BootInfoHeader *h = (const seL4_BootInfoHeader *)(const void *)(extra + at);
        if (h->len < sizeof(*h) || h->len > boot_info->extraLen - at) {
            return 0;
        }
        if (h->id == id) {
            *len = h->len - sizeof(*h);
            return h + 1;
        }
        at += h->len;
    }
    return 0;
}

const char *sel4_root_args(void)
{
    seL4_Word len = 0;
    const char *line = sel4_bootinfo_chunk(SEL4_BOOTINFO_HEADER_CAIRN_CMDLINE, &len);
    seL4_Word i = 0;

    if (line == 0) {
        return "";
    }
    while (i < len && line[i] != '\0' && line[i] != ' ') {
        i++;
    }
    while (i < len && line[i] == ' ') {
        i++;
    }
    return i < len ? line + i : "";
}

_Noreturn void sel4_runtime_start(const seL4_BootInfo *bi)
{
    boot_info = bi;
    seL4_SetIPCBuffer(bi->ipcBuffer);
    int code = main();
    seL4_CairnDebugExit((seL4_Word)code);
}

/*
 * BootInfo for the root task: node facts, the IPC buffer, untyped memory
 * (all free RAM left after boot, in naturally aligned power-of-two blocks)
 * and the extra chunks (TSC frequency, the module's command line).
 */
#include "boot/bootinfo.h"

#include <sel4/bootinfo_types.h>

#include "arch.h"
#include "boot/regions.h"
#include "kstring.h"
#include "printf.h"
#include "state.h"

enum {
    UNTYPED_MIN_BITS = 4,
    UNTYPED_MAX_BITS = 47,
};

typedef struct {
    seL4_BootInfoHeader header;
    seL4_Uint32 tsc_mhz;
    seL4_Uint32 pad;
} tsc_chunk_t;

/*
 * Appends descriptors for the untyped blocks of [base, end) from slot n on,
 * a few blocks at a time (the kernel stack is small). Returns the new count;
 * counts blocks that did not fit in *dropped.
 */
static unsigned add_untypeds(seL4_BootInfo *bi, unsigned n, paddr_t base, paddr_t end,
                             unsigned *dropped)
{
    untyped_block_t blocks[8];

    while (base < end) {
        unsigned need = untyped_split(base, end, UNTYPED_MIN_BITS, UNTYPED_MAX_BITS, blocks,
                                      ARRAY_SIZE(blocks));
        unsigned got = need < ARRAY_SIZE(blocks) ? need : (unsigned)ARRAY_SIZE(blocks);
        if (got == 0) {
            break;
        }
        for (unsigned j = 0; j < got; j++) {
            if (n == CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS) {
                (*dropped)++;
                continue;
            }
            bi->untypedList[n].paddr = blocks[j].base;
            bi->untypedList[n].sizeBits = (seL4_Uint8)blocks[j].size_bits;
            bi->untypedList[n].isDevice = 0;
            n++;
        }
        base = blocks[got - 1].base + ((paddr_t)1 << blocks[got - 1].size_bits);
    }
    return n;
}

/* Hands every free range to untyped memory; returns the number of untypeds. */
static unsigned fill_untypeds(seL4_BootInfo *bi)
{
    unsigned n = 0;
    unsigned dropped = 0;

    for (unsigned i = 0; i < ks_boot_free.count; i++) {
        n = add_untypeds(bi, n, ks_boot_free.r[i].base, ks_boot_free.r[i].end, &dropped);
    }
    if (dropped != 0) {
        kprintf("cairn: warning: %u untyped blocks dropped (BootInfo holds %u)\n", dropped,
                (unsigned)CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    }
    ks_boot_free.count = 0;
    return n;
}

static word_t fill_extra(uint8_t *extra, const boot_params_t *params)
{
    tsc_chunk_t tsc = { { SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, sizeof(tsc_chunk_t) },
                        arch_tsc_khz() / 1000,
                        0 };
    seL4_BootInfoHeader cmd;
    const char *line = params->modules[0].cmdline;
    word_t len = strlen(line) + 1;

    memcpy(extra, &tsc, sizeof(tsc));
    cmd.id = SEL4_BOOTINFO_HEADER_CAIRN_CMDLINE;
    cmd.len = (sizeof(cmd) + len + 7) & ~(word_t)7;
    memcpy(extra + sizeof(tsc), &cmd, sizeof(cmd));
    memcpy(extra + sizeof(tsc) + sizeof(cmd), line, len);
    return sizeof(tsc) + cmd.len;
}

void bootinfo_fill(void *bi_page, void *extra, const root_layout_t *layout,
                   const boot_params_t *params)
{
    seL4_BootInfo *bi = bi_page;

    bi->nodeID = 0;
    bi->numNodes = 1;
    bi->numIOPTLevels = 0;
    bi->ipcBuffer = (struct seL4_IPCBuffer_ *)layout->ipc_buffer;
    bi->initThreadDomain = 0;
    bi->extraLen = fill_extra(extra, params);

    /* The CSpace is not populated yet (docs/deviations.md): the untyped
     * region names the slots the untyped caps will occupy. */
    unsigned n = fill_untypeds(bi);
    bi->untyped.start = seL4_NumInitialCaps;
    bi->untyped.end = seL4_NumInitialCaps + n;
}

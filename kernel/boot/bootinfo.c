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
#include "object/cnode.h"
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

typedef struct {
    seL4_BootInfo *bi;
    unsigned n;       /* untypeds so far */
    unsigned dropped; /* blocks that did not fit */
} untyped_fill_t;

static void add_untyped(untyped_fill_t *f, const untyped_block_t *block, bool device)
{
    if (f->n == CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS) {
        f->dropped++;
        return;
    }
    seL4_UntypedDesc *d = &f->bi->untypedList[f->n];
    d->paddr = block->base;
    d->sizeBits = (seL4_Uint8)block->size_bits;
    d->isDevice = device ? 1 : 0;
    root_cnode_add(cap_untyped(arch_phys_to_kernel(block->base), block->size_bits, device, 0));
    f->n++;
}

/* Describes [base, end) as untyped blocks, a few at a time (the kernel stack is small). */
static void add_range(untyped_fill_t *f, paddr_t base, paddr_t end, bool device)
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
            add_untyped(f, &blocks[j], device);
        }
        base = blocks[got - 1].base + ((paddr_t)1 << blocks[got - 1].size_bits);
    }
}

/* Device memory: what is neither RAM nor the kernel's own devices. */
static void add_device_range(untyped_fill_t *f, paddr_t base, paddr_t end)
{
    paddr_t reserved[ARCH_MAX_KERNEL_DEVICES][2];
    paddr_t lo = 0;
    paddr_t hi = 0;
    unsigned count = arch_device_memory(&lo, &hi, reserved, ARCH_MAX_KERNEL_DEVICES);

    base = base < lo ? lo : base;
    end = end > hi ? hi : end;
    for (unsigned i = 0; i < count && base < end; i++) {
        if (reserved[i][1] <= base || reserved[i][0] >= end) {
            continue;
        }
        add_range(f, base, reserved[i][0] > base ? reserved[i][0] : base, true);
        base = reserved[i][1];
    }
    if (base < end) {
        add_range(f, base, end, true);
    }
}

static void fill_untypeds(untyped_fill_t *f, const boot_params_t *params)
{
    paddr_t cursor = 0;

    for (unsigned i = 0; i < ks_boot_free.count; i++) {
        add_range(f, ks_boot_free.r[i].base, ks_boot_free.r[i].end, false);
    }
    ks_boot_free.count = 0;
    for (unsigned i = 0; i < params->ram_count; i++) {
        add_device_range(f, cursor, params->ram[i].base);
        cursor = params->ram[i].end > cursor ? params->ram[i].end : cursor;
    }
    add_device_range(f, cursor, ~(paddr_t)0);
    if (f->dropped != 0) {
        kprintf("cairn: warning: %u untyped blocks dropped (BootInfo holds %u)\n", f->dropped,
                (unsigned)CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    }
}

/* The chunk listing boot modules 1.. and where the root task finds them. */
static word_t fill_modules(uint8_t *chunk, const root_layout_t *layout, const boot_params_t *params)
{
    seL4_BootInfoHeader header = { SEL4_BOOTINFO_HEADER_CAIRN_MODULES, 0 };
    seL4_Word count = params->module_count - 1;
    word_t offset = sizeof(header) + sizeof(count);

    for (unsigned i = 1; i < params->module_count; i++) {
        const boot_module_t *m = &params->modules[i];
        seL4_CairnModule desc;
        memset(&desc, 0, sizeof(desc));
        desc.vaddr = layout->modules[i];
        desc.size = m->end - m->start;
        memcpy(desc.name, m->cmdline, strnlen(m->cmdline, sizeof(desc.name) - 1));
        memcpy(chunk + offset, &desc, sizeof(desc));
        offset += sizeof(desc);
    }
    header.len = offset;
    memcpy(chunk, &header, sizeof(header));
    memcpy(chunk + sizeof(header), &count, sizeof(count));
    return offset;
}

static word_t fill_extra(uint8_t *extra, const root_layout_t *layout, const boot_params_t *params)
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
    return sizeof(tsc) + cmd.len + fill_modules(extra + sizeof(tsc) + cmd.len, layout, params);
}

void bootinfo_fill(void *bi_page, void *extra, const root_layout_t *layout,
                   const boot_params_t *params)
{
    seL4_BootInfo *bi = bi_page;
    untyped_fill_t f = { bi, 0, 0 };

    bi->nodeID = 0;
    bi->numNodes = 1;
    bi->numIOPTLevels = 0;
    bi->ipcBuffer = (struct seL4_IPCBuffer_ *)layout->ipc_buffer;
    bi->initThreadDomain = 0;
    bi->initThreadCNodeSizeBits = ROOT_CNODE_RADIX;
    bi->extraLen = fill_extra(extra, layout, params);
    bi->userImageFrames.start = layout->image_frames_start;
    bi->userImageFrames.end = layout->image_frames_end;
    bi->userImagePaging.start = layout->paging_start;
    bi->userImagePaging.end = layout->paging_end;
    bi->extraBIPages.start = layout->extra_pages_start;
    bi->extraBIPages.end = layout->extra_pages_end;
    bi->schedcontrol.start = root_cnode_add(cap_sched_control(0));
    bi->schedcontrol.end = bi->schedcontrol.start + 1;
    bi->untyped.start = root_cnode_next_free();
    fill_untypeds(&f, params);
    bi->untyped.end = bi->untyped.start + f.n;
    bi->empty.start = root_cnode_next_free();
    bi->empty.end = (seL4_Word)1 << ROOT_CNODE_RADIX;
}

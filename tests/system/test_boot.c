/*
 * What the kernel hands the root task at boot: the BootInfo page (seL4
 * manual layout), extra BootInfo chunks, untyped memory descriptors, and
 * the memory layout of the initial address space.
 */
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include <sel4/runtime.h>
#include <sel4/sel4.h>

#include "test.h"

enum {
    PAGE = 4096,
    MIB = 1 << 20,
    STACK_BYTES = 4 * PAGE,
    QEMU_RAM = 512 * MIB, /* tools/qemu-run's -m */
};

static const seL4_BootInfo *bi(void)
{
    return seL4_GetBootInfo();
}

static seL4_Word untyped_count(void)
{
    return bi()->untyped.end - bi()->untyped.start;
}

DEFINE_TEST(BOOT_001, "BootInfo is page-aligned, below the IPC buffer, in the user range")
{
    seL4_Word b = (seL4_Word)bi();

    CHECK(b != 0);
    CHECK_EQ(b % PAGE, 0);
    CHECK(b < 0x0000800000000000ul);
    /* Layout (kernel/boot/boot.c): BootInfo, one extra page, IPC buffer. */
    CHECK_EQ((seL4_Word)bi()->ipcBuffer, b + 2 * (seL4_Word)PAGE);
}

DEFINE_TEST(BOOT_002, "BootInfo describes one node, no IOMMU, domain 0")
{
    CHECK_EQ(bi()->nodeID, 0);
    CHECK_EQ(bi()->numNodes, 1);
    CHECK_EQ(bi()->numIOPTLevels, 0);
    CHECK_EQ(bi()->initThreadDomain, 0);
}

DEFINE_TEST(BOOT_003, "the IPC buffer is a whole writable page")
{
    volatile unsigned char *p = (volatile unsigned char *)bi()->ipcBuffer;

    for (unsigned i = 0; i < PAGE; i += 64) {
        p[i] = (unsigned char)i;
    }
    for (unsigned i = 0; i < PAGE; i += 64) {
        CHECK_EQ(p[i], (unsigned char)i);
    }
    p[PAGE - 1] = 0xee;
    CHECK_EQ(p[PAGE - 1], 0xee);
}

DEFINE_TEST(
    BOOT_004,
    "slot regions: image frames, extra page, paging structures, SchedControl, untypeds, empty")
{
    seL4_Word image_pages = ((seL4_Word)bi() - 0x400000) / PAGE - 1;

    CHECK_EQ(bi()->userImageFrames.start, seL4_NumInitialCaps);
    CHECK(bi()->userImageFrames.end > bi()->userImageFrames.start);
    CHECK(bi()->userImageFrames.end - bi()->userImageFrames.start <= image_pages);
    CHECK_EQ(bi()->extraBIPages.start, bi()->userImageFrames.end);
    CHECK_EQ(bi()->extraBIPages.end, bi()->extraBIPages.start + 1);
    /* A PDPT, a page directory and at least one page table map the image. */
    CHECK_EQ(bi()->userImagePaging.start, bi()->extraBIPages.end);
    CHECK(bi()->userImagePaging.end >= bi()->userImagePaging.start + 3);
    CHECK_EQ(bi()->schedcontrol.start, bi()->userImagePaging.end);
    CHECK_EQ(bi()->schedcontrol.end, bi()->schedcontrol.start + 1);
    CHECK_EQ(bi()->untyped.start, bi()->schedcontrol.end);
    CHECK(untyped_count() > 0);
    CHECK(untyped_count() <= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    CHECK_EQ(bi()->empty.start, bi()->untyped.end);
    CHECK_EQ(bi()->initThreadCNodeSizeBits, 12);
    CHECK_EQ(bi()->empty.end, (seL4_Word)1 << bi()->initThreadCNodeSizeBits);
}

/* BOOT_005's checks of one untyped descriptor; a failure ends the test. */
static void check_untyped_desc(const seL4_UntypedDesc *u)
{
    CHECK(u->sizeBits >= 4 && u->sizeBits <= 47);
    CHECK_EQ(u->paddr & (((seL4_Word)1 << u->sizeBits) - 1), 0);
    CHECK(u->isDevice == 0 || u->isDevice == 1);
    for (unsigned j = 0; j < sizeof(u->padding); j++) {
        CHECK_EQ(u->padding[j], 0);
    }
}

DEFINE_TEST(BOOT_005, "every untyped is naturally aligned, 16 B..128 TiB, zero padding")
{
    for (seL4_Word i = 0; i < untyped_count() && !systest_failed(); i++) {
        check_untyped_desc(&bi()->untypedList[i]);
    }
}

static int overlap(const seL4_UntypedDesc *a, const seL4_UntypedDesc *b)
{
    return a->paddr < b->paddr + ((seL4_Word)1 << b->sizeBits) &&
           b->paddr < a->paddr + ((seL4_Word)1 << a->sizeBits);
}

DEFINE_TEST(BOOT_006, "untypeds are disjoint; RAM ones first, each kind sorted by address")
{
    for (seL4_Word i = 0; i < untyped_count(); i++) {
        for (seL4_Word j = i + 1; j < untyped_count(); j++) {
            CHECK(!overlap(&bi()->untypedList[i], &bi()->untypedList[j]));
        }
        if (i > 0) {
            const seL4_UntypedDesc *prev = &bi()->untypedList[i - 1];
            CHECK(prev->isDevice <= bi()->untypedList[i].isDevice);
            CHECK(prev->isDevice != bi()->untypedList[i].isDevice ||
                  prev->paddr < bi()->untypedList[i].paddr);
        }
    }
}

DEFINE_TEST(BOOT_011A, "device untypeds cover the PCI hole but not the kernel's APIC pages")
{
    static const seL4_Word kernel_pages[] = { 0xfec00000, 0xfee00000 };
    seL4_Word device = 0;

    for (seL4_Word i = 0; i < untyped_count(); i++) {
        const seL4_UntypedDesc *u = &bi()->untypedList[i];
        seL4_Word end = u->paddr + ((seL4_Word)1 << u->sizeBits);
        for (unsigned k = 0; k < 2; k++) {
            CHECK(!(u->paddr <= kernel_pages[k] && kernel_pages[k] < end));
        }
        device += u->isDevice ? end - u->paddr : 0;
    }
    /* QEMU's 512 MiB leave [512 MiB, 4 GiB) to devices, less the two pages. */
    CHECK(device >= 0xe0000000ul - 0x100000ul);
}

DEFINE_TEST(BOOT_007, "no untyped covers the first MiB (BIOS and boot structures)")
{
    for (seL4_Word i = 0; i < untyped_count(); i++) {
        CHECK(bi()->untypedList[i].paddr >= MIB);
    }
}

DEFINE_TEST(BOOT_008, "RAM untyped memory is most of the machine's RAM, never more")
{
    seL4_Word total = 0;

    for (seL4_Word i = 0; i < untyped_count(); i++) {
        if (!bi()->untypedList[i].isDevice) {
            total += (seL4_Word)1 << bi()->untypedList[i].sizeBits;
        }
    }
    CHECK(total < QEMU_RAM);
    CHECK(total > QEMU_RAM - 64 * MIB);
}

DEFINE_TEST(BOOT_009, "untypedList entries past the last untyped are zero")
{
    for (seL4_Word i = untyped_count(); i < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS; i++) {
        CHECK_EQ(bi()->untypedList[i].paddr, 0);
        CHECK_EQ(bi()->untypedList[i].sizeBits, 0);
    }
}

DEFINE_TEST(BOOT_010, "extra BootInfo chunks are well-formed and fill extraLen exactly")
{
    const unsigned char *extra = (const unsigned char *)bi() + PAGE;
    seL4_Word at = 0;
    unsigned chunks = 0;

    CHECK(bi()->extraLen > 0);
    CHECK(bi()->extraLen <= PAGE);
    while (at < bi()->extraLen) {
        const seL4_BootInfoHeader *h = (const void *)(extra + at);
        CHECK(h->len >= sizeof(*h));
        CHECK_EQ(h->len % 8, 0);
        at += h->len;
        chunks++;
    }
    CHECK_EQ(at, bi()->extraLen);
    CHECK_EQ(chunks, 3); /* TSC frequency, command line, boot modules */
}

DEFINE_TEST(BOOT_011, "the TSC frequency chunk gives a plausible frequency")
{
    seL4_Word len = 0;
    const seL4_Word *mhz = sel4_bootinfo_chunk(SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, &len);

    CHECK(mhz != NULL);
    CHECK(len >= sizeof(*mhz));
    CHECK(*mhz >= 100 && *mhz <= 10000);
}

DEFINE_TEST(BOOT_012, "the command line chunk holds this module's path")
{
    seL4_Word len = 0;
    const char *line = sel4_bootinfo_chunk(SEL4_BOOTINFO_HEADER_CAIRN_CMDLINE, &len);

    CHECK(line != NULL);
    CHECK(len > 0);
    CHECK(strnlen(line, len) < len);
    CHECK(strnlen(line, len) >= strlen("systest.elf"));
    CHECK(strncmp(line + strnlen(line, len) - strlen("systest.elf"), "systest.elf", 11) == 0);
    CHECK_EQ(sel4_root_args()[0], '\0');
}

static unsigned char big_bss[3 * PAGE];
static volatile unsigned data_word = 0x12345678;
static const char rodata_text[] = "cairn rodata";

DEFINE_TEST(MEM_001, "a multi-page .bss starts zeroed and is writable")
{
    for (unsigned i = 0; i < sizeof(big_bss); i++) {
        CHECK_EQ(big_bss[i], 0);
    }
    memset(big_bss, 0x77, sizeof(big_bss));
    CHECK_EQ(big_bss[sizeof(big_bss) - 1], 0x77);
}

DEFINE_TEST(MEM_002, ".data and .rodata hold their initial values")
{
    CHECK_EQ(data_word, 0x12345678);
    data_word = 1;
    CHECK_EQ(data_word, 1);
    CHECK(strcmp(rodata_text, "cairn rodata") == 0);
}

DEFINE_TEST(MEM_003, "the stack is the 16 KiB above the guard page, all of it usable")
{
    seL4_Word base = (seL4_Word)bi()->ipcBuffer + 2 * (seL4_Word)PAGE;
    unsigned char here = 0;
    seL4_Word sp = (seL4_Word)&here;

    CHECK(sp > base && sp < base + STACK_BYTES);
    /* Touch every page between the stack's base and the current frame. */
    for (seL4_Word a = base; a + PAGE <= (sp & ~(seL4_Word)(PAGE - 1)); a += PAGE) {
        volatile unsigned char *p = (volatile unsigned char *)a;
        *p = 0x3c;
        CHECK_EQ(*p, 0x3c);
    }
}

DEFINE_TEST(MEM_004, "the stack is 16-byte aligned at calls, as the SysV ABI requires")
{
    /* The compiler places this at a 16-byte boundary only by assuming the
     * ABI's alignment at entry, so a misaligned crt0 stack shows here. */
    _Alignas(16) volatile unsigned char probe[16];

    probe[0] = 1;
    CHECK_EQ((seL4_Word)probe % 16, 0);
}

/*
 * seL4_BootInfo and its parts, laid out as the seL4 manual ("BootInfo")
 * describes for an MCS kernel. The kernel fills this page for the root task;
 * the _Static_asserts pin every offset so both sides agree.
 */
#ifndef SEL4_BOOTINFO_TYPES_H
#define SEL4_BOOTINFO_TYPES_H

#include <sel4/simple_types.h>

/* Initial capabilities in the root task's CNode (seL4 manual, MCS numbering). */
enum seL4_RootCNodeCapSlots {
    seL4_CapNull = 0,
    seL4_CapInitThreadTCB = 1,
    seL4_CapInitThreadCNode = 2,
    seL4_CapInitThreadVSpace = 3,
    seL4_CapIRQControl = 4,
    seL4_CapASIDControl = 5,
    seL4_CapInitThreadASIDPool = 6,
    seL4_CapIOPortControl = 7,
    seL4_CapIOSpace = 8,
    seL4_CapBootInfoFrame = 9,
    seL4_CapInitThreadIPCBuffer = 10,
    seL4_CapDomain = 11,
    seL4_CapSMMUSIDControl = 12,
    seL4_CapSMMUCBControl = 13,
    seL4_CapInitThreadSC = 14,
    seL4_CapSMC = 15,
    seL4_NumInitialCaps = 16,
};

#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230

typedef seL4_Word seL4_SlotPos;

typedef struct seL4_SlotRegion {
    seL4_SlotPos start; /* first slot of the region */
    seL4_SlotPos end;   /* first slot after the region */
} seL4_SlotRegion;

typedef struct seL4_UntypedDesc {
    seL4_Word paddr;
    seL4_Uint8 sizeBits;
    seL4_Uint8 isDevice;
    seL4_Uint8 padding[sizeof(seL4_Word) - 2 * sizeof(seL4_Uint8)];
} seL4_UntypedDesc;

typedef struct seL4_BootInfo {
    seL4_Word extraLen; /* bytes of extra bootinfo after this page */
    seL4_NodeId nodeID;
    seL4_Word numNodes;
    seL4_Word numIOPTLevels;
    struct seL4_IPCBuffer_ *ipcBuffer; /* the root task's IPC buffer */
    seL4_SlotRegion empty;
    seL4_SlotRegion sharedFrames;
    seL4_SlotRegion userImageFrames;
    seL4_SlotRegion userImagePaging;
    seL4_SlotRegion ioSpaceCaps;
    seL4_SlotRegion extraBIPages;
    seL4_Word initThreadCNodeSizeBits;
    seL4_Domain initThreadDomain;
    seL4_SlotRegion schedcontrol; /* MCS: one SchedControl cap per node */
    seL4_SlotRegion untyped;
    seL4_UntypedDesc untypedList[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
} seL4_BootInfo;

/* Extra bootinfo chunks follow the BootInfo page, each starting with a header. */
typedef struct seL4_BootInfoHeader {
    seL4_Word id;
    seL4_Word len; /* bytes, including this header */
} seL4_BootInfoHeader;

enum {
    SEL4_BOOTINFO_HEADER_PADDING = 0,
    SEL4_BOOTINFO_HEADER_X86_VBE = 1,
    SEL4_BOOTINFO_HEADER_X86_MBMMAP = 2,
    SEL4_BOOTINFO_HEADER_X86_ACPI_RSDP = 3,
    SEL4_BOOTINFO_HEADER_X86_FRAMEBUFFER = 4,
    SEL4_BOOTINFO_HEADER_X86_TSC_FREQ = 5,
    SEL4_BOOTINFO_HEADER_FDT = 6,
    /* Cairn addition (docs/deviations.md): the root task module's command line. */
    SEL4_BOOTINFO_HEADER_CAIRN_CMDLINE = 0x100,
    /*
     * Cairn addition: boot modules after the root task, mapped read-only
     * into it: a seL4_Word count, then count seL4_CairnModule entries.
     */
    SEL4_BOOTINFO_HEADER_CAIRN_MODULES = 0x101,
};

typedef struct seL4_CairnModule {
    seL4_Word vaddr; /* where the module's first byte is mapped */
    seL4_Word size;  /* bytes */
    char name[48];   /* its command line, NUL-terminated, possibly cut short */
} seL4_CairnModule;

#define seL4_BootInfoFrameBits 12

_Static_assert(sizeof(seL4_UntypedDesc) == 16, "seL4_UntypedDesc layout");
_Static_assert(__builtin_offsetof(seL4_BootInfo, ipcBuffer) == 32, "BootInfo.ipcBuffer");
_Static_assert(__builtin_offsetof(seL4_BootInfo, untypedList) == 184, "BootInfo.untypedList");
_Static_assert(sizeof(seL4_BootInfo) <= (1u << seL4_BootInfoFrameBits), "BootInfo fits a page");

#endif /* SEL4_BOOTINFO_TYPES_H */

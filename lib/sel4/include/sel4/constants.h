/*
 * libsel4 constants for x86_64 with the MCS kernel: message limits, object
 * sizes (log2 bytes), paging geometry, priorities, the user address limit.
 * Shared with the kernel, which must size its objects to match.
 */
#ifndef SEL4_CONSTANTS_H
#define SEL4_CONSTANTS_H

#include <sel4/simple_types.h>

/* Messages (seL4 manual, "Message Registers"). */
enum seL4_MsgLimits {
    seL4_MsgLengthBits = 7,
    seL4_MsgExtraCapBits = 2,
};
#define seL4_MsgMaxLength         120
#define seL4_MsgMaxExtraCaps      ((1 << seL4_MsgExtraCapBits) - 1)
#define seL4_FastMessageRegisters 4
#define seL4_IPCBufferSizeBits    10

/* Capability addressing. */
#define seL4_SlotBits      5
#define seL4_BadgeBits     64
#define seL4_GuardBits     58
#define seL4_GuardSizeBits 6

/* Kernel object sizes, log2 bytes (CNodes and untypeds vary: size_bits). */
#define seL4_TCBBits             11
#define seL4_EndpointBits        4
#define seL4_NotificationBits    6
#define seL4_ReplyBits           5
#define seL4_MinSchedContextBits 7
#define seL4_MinUntypedBits      4
#define seL4_MaxUntypedBits      47

/* x86_64 paging: every paging structure is one 4 KiB frame of 512 entries. */
#define seL4_PageBits           12
#define seL4_LargePageBits      21
#define seL4_HugePageBits       30
#define seL4_PageTableEntryBits 3
#define seL4_PageTableIndexBits 9
#define seL4_PageTableBits      12
#define seL4_PageDirEntryBits   3
#define seL4_PageDirIndexBits   9
#define seL4_PageDirBits        12
#define seL4_PDPTEntryBits      3
#define seL4_PDPTIndexBits      9
#define seL4_PDPTBits           12
#define seL4_PML4EntryBits      3
#define seL4_PML4IndexBits      9
#define seL4_PML4Bits           12
#define seL4_VSpaceBits         seL4_PML4Bits
#define seL4_ASIDPoolIndexBits  9
#define seL4_ASIDPoolBits       12
#define seL4_NumASIDPoolsBits   3

/* First address user mappings may not reach (seL4 16 deprecates it for seL4_UserVSpaceTop). */
#define seL4_UserTop 0x00007ffffffff000ull

/* Priorities: 256 levels (KernelNumPriorities). */
enum priorityConstants {
    seL4_InvalidPrio = -1,
    seL4_MinPrio = 0,
    seL4_MaxPrio = 255,
};

/* Flags of seL4_SchedControl_ConfigureFlags (MCS). */
typedef enum {
    seL4_SchedContext_NoFlag = 0x0,
    seL4_SchedContext_Sporadic = 0x1,
} seL4_SchedContextFlag;

#endif /* SEL4_CONSTANTS_H */

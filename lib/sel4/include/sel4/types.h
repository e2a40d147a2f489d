/*
 * libsel4's value types: capability pointer aliases, seL4_MessageInfo_t,
 * seL4_CapRights_t, seL4_CNode_CapData_t and the IPC buffer; the
 * architecture's own (seL4_UserContext) come from <sel4/arch/types.h>. Bit
 * layouts are those of seL4's shared_types.bf (the first field named is the
 * topmost); the accessors are written here until Cairn's bitfield generator
 * covers them.
 */
#ifndef SEL4_TYPES_H
#define SEL4_TYPES_H

#include <sel4/arch/types.h>
#include <sel4/constants.h>
#include <sel4/simple_types.h>

/* Capability pointers, named by the object they should refer to. */
typedef seL4_CPtr seL4_CNode;
typedef seL4_CPtr seL4_IRQHandler;
typedef seL4_CPtr seL4_IRQControl;
typedef seL4_CPtr seL4_TCB;
typedef seL4_CPtr seL4_Untyped;
typedef seL4_CPtr seL4_DomainSet;
typedef seL4_CPtr seL4_SchedContext;
typedef seL4_CPtr seL4_SchedControl;
typedef seL4_CPtr seL4_X86_ASIDControl;
typedef seL4_CPtr seL4_X86_ASIDPool;
typedef seL4_CPtr seL4_X86_IOPortControl;
typedef seL4_CPtr seL4_X86_IOPort;
typedef seL4_CPtr seL4_X86_Page;
typedef seL4_CPtr seL4_X86_PageTable;
typedef seL4_CPtr seL4_X86_PageDirectory;
typedef seL4_CPtr seL4_X86_PDPT;
typedef seL4_CPtr seL4_X64_PML4;

/* MCS time, in microseconds. */
typedef seL4_Uint64 seL4_Time;

typedef enum {
    seL4_X86_WriteBack = 0,
    seL4_X86_WriteThrough = 1,
    seL4_X86_CacheDisabled = 2,
    seL4_X86_Uncacheable = 3,
    seL4_X86_WriteCombining = 4,
    /* Cairn addition: map without execute permission (NX); seL4 has no x86 equivalent. */
    seL4_X86_ExecuteNever = 8,
    seL4_X86_Default_VMAttributes = 0,
} seL4_X86_VMAttributes;

/* Why a capability lookup failed (FailedLookup error details, cap faults). */
typedef enum {
    seL4_NoFailure = 0,
    seL4_InvalidRoot,
    seL4_MissingCapability,
    seL4_DepthMismatch,
    seL4_GuardMismatch,
} seL4_LookupFailureType;

/*
 * seL4_MessageInfo_t, one word: label (bits 63..12), capsUnwrapped (11..9),
 * extraCaps (8..7), length (6..0).
 */
typedef struct seL4_MessageInfo {
    seL4_Uint64 words[1];
} seL4_MessageInfo_t;

static inline seL4_MessageInfo_t seL4_MessageInfo_new(seL4_Uint64 label, seL4_Uint64 capsUnwrapped,
                                                      seL4_Uint64 extraCaps, seL4_Uint64 length)
{
    seL4_MessageInfo_t info = { { ((label & 0xfffffffffffffull) << 12) |
                                  ((capsUnwrapped & 0x7u) << 9) | ((extraCaps & 0x3u) << 7) |
                                  (length & 0x7fu) } };
    return info;
}

static inline seL4_Uint64 seL4_MessageInfo_get_label(seL4_MessageInfo_t info)
{
    return info.words[0] >> 12;
}

static inline seL4_MessageInfo_t seL4_MessageInfo_set_label(seL4_MessageInfo_t info, seL4_Uint64 v)
{
    info.words[0] = (info.words[0] & 0xfffull) | ((v & 0xfffffffffffffull) << 12);
    return info;
}

static inline seL4_Uint64 seL4_MessageInfo_get_capsUnwrapped(seL4_MessageInfo_t info)
{
    return (info.words[0] >> 9) & 0x7u;
}

static inline seL4_MessageInfo_t seL4_MessageInfo_set_capsUnwrapped(seL4_MessageInfo_t info,
                                                                    seL4_Uint64 v)
{
    info.words[0] = (info.words[0] & ~(0x7ull << 9)) | ((v & 0x7u) << 9);
    return info;
}

static inline seL4_Uint64 seL4_MessageInfo_get_extraCaps(seL4_MessageInfo_t info)
{
    return (info.words[0] >> 7) & 0x3u;
}

static inline seL4_MessageInfo_t seL4_MessageInfo_set_extraCaps(seL4_MessageInfo_t info,
                                                                seL4_Uint64 v)
{
    info.words[0] = (info.words[0] & ~(0x3ull << 7)) | ((v & 0x3u) << 7);
    return info;
}

static inline seL4_Uint64 seL4_MessageInfo_get_length(seL4_MessageInfo_t info)
{
    return info.words[0] & 0x7fu;
}

static inline seL4_MessageInfo_t seL4_MessageInfo_set_length(seL4_MessageInfo_t info, seL4_Uint64 v)
{
    info.words[0] = (info.words[0] & ~0x7full) | (v & 0x7fu);
    return info;
}

/*
 * seL4_CapRights_t, one word: capAllowGrantReply (bit 3), capAllowGrant (2),
 * capAllowRead (1), capAllowWrite (0); the rest is zero.
 */
typedef struct seL4_CapRights {
    seL4_Uint64 words[1];
} seL4_CapRights_t;

static inline seL4_CapRights_t seL4_CapRights_new(seL4_Uint64 capAllowGrantReply,
                                                  seL4_Uint64 capAllowGrant,
                                                  seL4_Uint64 capAllowRead,
                                                  seL4_Uint64 capAllowWrite)
{
    seL4_CapRights_t rights = { { ((capAllowGrantReply & 1u) << 3) | ((capAllowGrant & 1u) << 2) |
                                  ((capAllowRead & 1u) << 1) | (capAllowWrite & 1u) } };
    return rights;
}

static inline seL4_Uint64 seL4_CapRights_get_capAllowGrantReply(seL4_CapRights_t r)
{
    return (r.words[0] >> 3) & 1u;
}

static inline seL4_CapRights_t seL4_CapRights_set_capAllowGrantReply(seL4_CapRights_t r,
                                                                     seL4_Uint64 v)
{
    r.words[0] = (r.words[0] & ~(1ull << 3)) | ((v & 1u) << 3);
    return r;
}

static inline seL4_Uint64 seL4_CapRights_get_capAllowGrant(seL4_CapRights_t r)
{
    return (r.words[0] >> 2) & 1u;
}

static inline seL4_CapRights_t seL4_CapRights_set_capAllowGrant(seL4_CapRights_t r, seL4_Uint64 v)
{
    r.words[0] = (r.words[0] & ~(1ull << 2)) | ((v & 1u) << 2);
    return r;
}

static inline seL4_Uint64 seL4_CapRights_get_capAllowRead(seL4_CapRights_t r)
{
    return (r.words[0] >> 1) & 1u;
}

static inline seL4_CapRights_t seL4_CapRights_set_capAllowRead(seL4_CapRights_t r, seL4_Uint64 v)
{
    r.words[0] = (r.words[0] & ~(1ull << 1)) | ((v & 1u) << 1);
    return r;
}

static inline seL4_Uint64 seL4_CapRights_get_capAllowWrite(seL4_CapRights_t r)
{
    return r.words[0] & 1u;
}

static inline seL4_CapRights_t seL4_CapRights_set_capAllowWrite(seL4_CapRights_t r, seL4_Uint64 v)
{
    r.words[0] = (r.words[0] & ~1ull) | (v & 1u);
    return r;
}

/* The usual rights sets, spelled as libsel4 spells them. */
#define seL4_NoRights      seL4_CapRights_new(0, 0, 0, 0)
#define seL4_CanWrite      seL4_CapRights_new(0, 0, 0, 1)
#define seL4_CanRead       seL4_CapRights_new(0, 0, 1, 0)
#define seL4_CanGrant      seL4_CapRights_new(0, 1, 0, 0)
#define seL4_CanGrantReply seL4_CapRights_new(1, 0, 0, 0)
#define seL4_ReadWrite     seL4_CapRights_new(0, 0, 1, 1)
#define seL4_NoWrite       seL4_CapRights_new(1, 1, 1, 0)
#define seL4_NoRead        seL4_CapRights_new(1, 1, 0, 1)
#define seL4_AllRights     seL4_CapRights_new(1, 1, 1, 1)

/*
 * seL4_CNode_CapData_t, the badge word of Mint/Mutate/Rotate for a CNode
 * capability: guard (bits 63..6), guardSize (5..0).
 */
typedef struct seL4_CNode_CapData {
    seL4_Uint64 words[1];
} seL4_CNode_CapData_t;

static inline seL4_CNode_CapData_t seL4_CNode_CapData_new(seL4_Uint64 guard, seL4_Uint64 guardSize)
{
    seL4_CNode_CapData_t data = { { ((guard & 0x3ffffffffffffffull) << 6) | (guardSize & 0x3fu) } };
    return data;
}

static inline seL4_Uint64 seL4_CNode_CapData_get_guard(seL4_CNode_CapData_t d)
{
    return d.words[0] >> 6;
}

static inline seL4_CNode_CapData_t seL4_CNode_CapData_set_guard(seL4_CNode_CapData_t d,
                                                                seL4_Uint64 v)
{
    d.words[0] = (d.words[0] & 0x3full) | ((v & 0x3ffffffffffffffull) << 6);
    return d;
}

static inline seL4_Uint64 seL4_CNode_CapData_get_guardSize(seL4_CNode_CapData_t d)
{
    return d.words[0] & 0x3fu;
}

static inline seL4_CNode_CapData_t seL4_CNode_CapData_set_guardSize(seL4_CNode_CapData_t d,
                                                                    seL4_Uint64 v)
{
    d.words[0] = (d.words[0] & ~0x3full) | (v & 0x3fu);
    return d;
}

/*
 * The IPC buffer: one per thread, 1 KiB, aligned to its size. The kernel
 * reads message words past seL4_FastMessageRegisters and the extra caps
 * from it, and writes the receive side back into it.
 */
typedef struct __attribute__((__aligned__(1u << seL4_IPCBufferSizeBits))) seL4_IPCBuffer_ {
    seL4_MessageInfo_t tag;
    seL4_Word msg[seL4_MsgMaxLength];
    seL4_Word userData;
    seL4_Word caps_or_badges[seL4_MsgMaxExtraCaps];
    seL4_CPtr receiveCNode;
    seL4_CPtr receiveIndex;
    seL4_Word receiveDepth;
} seL4_IPCBuffer;

_Static_assert(sizeof(seL4_MessageInfo_t) == 8, "seL4_MessageInfo_t is one word");
_Static_assert(sizeof(seL4_CapRights_t) == 8, "seL4_CapRights_t is one word");
_Static_assert(sizeof(seL4_IPCBuffer) == (1u << seL4_IPCBufferSizeBits), "seL4_IPCBuffer is 1 KiB");
_Static_assert(_Alignof(seL4_IPCBuffer) == (1u << seL4_IPCBufferSizeBits), "aligned to its size");
_Static_assert(__builtin_offsetof(seL4_IPCBuffer, msg) == 8, "IPCBuffer.msg");
_Static_assert(__builtin_offsetof(seL4_IPCBuffer, userData) == 968, "IPCBuffer.userData");
_Static_assert(__builtin_offsetof(seL4_IPCBuffer, caps_or_badges) == 976, "IPCBuffer.caps");
_Static_assert(__builtin_offsetof(seL4_IPCBuffer, receiveDepth) == 1016, "IPCBuffer.receiveDepth");

#endif /* SEL4_TYPES_H */

/*
 * The object types seL4_Untyped_Retype can create, numbered as libsel4
 * numbers them for x86_64 with MCS and huge pages: generic types, then the
 * x86_64 mode types, then the x86 architecture types.
 */
#ifndef SEL4_OBJECTTYPE_H
#define SEL4_OBJECTTYPE_H

#include <sel4/simple_types.h>

typedef enum api_object {
    seL4_UntypedObject = 0,
    seL4_TCBObject,
    seL4_EndpointObject,
    seL4_NotificationObject,
    seL4_CapTableObject,
    seL4_SchedContextObject,
    seL4_ReplyObject,
    seL4_NonArchObjectTypeCount,
} seL4_ObjectType;

typedef seL4_Word api_object_t;

typedef enum {
    seL4_X86_PDPTObject = seL4_NonArchObjectTypeCount,
    seL4_X64_PML4Object,
    seL4_X64_HugePageObject,
    seL4_ModeObjectTypeCount,
} seL4_ModeObjectType;

typedef enum {
    seL4_X86_4K = seL4_ModeObjectTypeCount,
    seL4_X86_LargePageObject,
    seL4_X86_PageTableObject,
    seL4_X86_PageDirectoryObject,
    seL4_ObjectTypeCount,
} seL4_ArchObjectType;

_Static_assert(seL4_X86_4K == 10 && seL4_ObjectTypeCount == 14, "x86_64 MCS object numbering");

#endif /* SEL4_OBJECTTYPE_H */

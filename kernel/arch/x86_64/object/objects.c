/*
 * The x86_64 object types as the generic core sees them (arch.h): which
 * Untyped_Retype can make, their sizes and first capabilities, how their
 * capabilities are invoked, copied and finalised.
 */
#include <arch/mmu.h>
#include <arch/pte.h>
#include <arch/vspace.h>
#include <sel4/objecttype.h>

#include "arch.h"

bool arch_object_type_supported(word_t type)
{
    if (type == seL4_X64_HugePageObject) {
        return mmu_has_huge_pages();
    }
    return type >= seL4_NonArchObjectTypeCount && type < seL4_ObjectTypeCount;
}

bool arch_object_is_frame(word_t type)
{
    return type == seL4_X86_4K || type == seL4_X86_LargePageObject ||
           type == seL4_X64_HugePageObject;
}

unsigned arch_object_size_bits(word_t type)
{
    switch (type) {
    case seL4_X86_LargePageObject:
        return PAGE_BITS + 9;
    case seL4_X64_HugePageObject:
        return PAGE_BITS + 18;
    default:
        return PAGE_BITS; /* 4 KiB frames and every paging structure */
    }
}

cap_t arch_object_create(word_t type, void *ptr, bool is_device)
{
    switch (type) {
    case seL4_X86_PageTableObject:
        return cap_page_table(ptr, 0, 0);
    case seL4_X86_PageDirectoryObject:
        return cap_page_table(ptr, 1, 0);
    case seL4_X86_PDPTObject:
        return cap_page_table(ptr, 2, 0);
    case seL4_X64_PML4Object:
        mmu_init_root(ptr);
        return cap_vspace(ptr, 0);
    default:
        return cap_frame(ptr, arch_object_size_bits(type), RIGHT_READ | RIGHT_WRITE, is_device, 0);
    }
}

/*
 * seL4's rule: a paging structure's capability can be copied only once it
 * is mapped (a root: once it has an ASID), so no two capabilities can each
 * believe an unmapped table is theirs to map. Copies of the controls would
 * let a holder escape revocation of the original.
 */
bool arch_cap_derivable(cap_t cap)
{
    if (cap_type(cap) == CAP_PAGE_TABLE) {
        return cap_mapping(cap) != 0;
    }
    if (cap_type(cap) == CAP_VSPACE) {
        return cap_vspace_asid(cap) != 0;
    }
    return cap_type(cap) != CAP_IO_PORT_CONTROL;
}

/* A frame capability's own mapping goes with it; the rest go with their last capability. */
void arch_cap_finalise(cap_t cap, bool final)
{
    cap_type_t type = cap_type(cap);

    if (type == CAP_FRAME || (final && type == CAP_PAGE_TABLE)) {
        vspace_unmap_cap(cap);
    } else if (final && type == CAP_VSPACE) {
        vspace_root_finalise(cap);
    } else if (final && type == CAP_ASID_POOL) {
        asid_pool_finalise(cap);
    } else if (final && type == CAP_IO_PORT) {
        io_port_finalise(cap);
    }
}

exception_t arch_decode_invocation(invocation_t *inv)
{
    static exception_t (*const decoders[CAP_TYPE_COUNT])(invocation_t *) = {
        [CAP_FRAME] = decode_frame_invocation,
        [CAP_PAGE_TABLE] = decode_page_table_invocation,
        [CAP_ASID_CONTROL] = decode_asid_control_invocation,
        [CAP_ASID_POOL] = decode_asid_pool_invocation,
        [CAP_IO_PORT_CONTROL] = decode_io_port_control_invocation,
        [CAP_IO_PORT] = decode_io_port_invocation,
    };
    exception_t (*decode)(invocation_t *) = decoders[cap_type(inv->cap)];

    if (decode == NULL) {
        return fail_error(inv, seL4_IllegalOperation); /* a VSpace root has no methods */
    }
    return decode(inv);
}

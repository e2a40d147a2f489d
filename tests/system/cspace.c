/*
 * Capability test helpers (see cspace.h). The suite takes one 32 MiB
 * untyped at first use and makes everything from it; the leak check at the
 * end revokes it and proves every BootInfo untyped is whole again.
 */
#include "cspace.h"

#include <sel4/runtime.h>

enum {
    SUITE_UNTYPED_BITS = 25,
};

static seL4_Word next_slot;
static seL4_CPtr suite_untyped;

seL4_CPtr cs_slots(seL4_Word count)
{
    const seL4_BootInfo *bi = seL4_GetBootInfo();

    if (next_slot == 0) {
        next_slot = bi->empty.start;
    }
    if (next_slot + count > bi->empty.end) {
        return 0;
    }
    seL4_CPtr first = next_slot;
    next_slot += count;
    return first;
}

seL4_CPtr cs_slot(void)
{
    return cs_slots(1);
}

static seL4_CPtr largest_ram_untyped(void)
{
    const seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr best = 0;
    unsigned best_bits = 0;

    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && u->sizeBits > best_bits) {
            best = bi->untyped.start + i;
            best_bits = u->sizeBits;
        }
    }
    return best;
}

seL4_CPtr cs_untyped(void)
{
    if (suite_untyped == 0) {
        seL4_CPtr slot = cs_slot();
        if (seL4_Untyped_Retype(largest_ram_untyped(), seL4_UntypedObject, SUITE_UNTYPED_BITS, ROOT,
                                0, 0, slot, 1) == seL4_NoError) {
            suite_untyped = slot;
        }
    }
    return suite_untyped;
}

seL4_CPtr cs_new_untyped(unsigned size_bits)
{
    seL4_CPtr slot = cs_slot();

    if (seL4_Untyped_Retype(cs_untyped(), seL4_UntypedObject, size_bits, ROOT, 0, 0, slot, 1) !=
        seL4_NoError) {
        return 0;
    }
    return slot;
}

seL4_CPtr cs_new(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = cs_slot();

    if (seL4_Untyped_Retype(cs_untyped(), type, size_bits, ROOT, 0, 0, slot, 1) != seL4_NoError) {
        return 0;
    }
    return slot;
}

int cs_occupied(seL4_CPtr slot)
{
    seL4_CPtr probe = cs_slot();
    seL4_Error e = seL4_CNode_Copy(ROOT, probe, DEPTH, ROOT, slot, DEPTH, seL4_AllRights);

    if (e == seL4_NoError) {
        seL4_CNode_Delete(ROOT, probe, DEPTH);
        return 1;
    }
    /* An untyped cannot be copied; anything but "missing" means occupied. */
    return e != seL4_FailedLookup;
}

seL4_Error cs_raw_call(seL4_CPtr cap, seL4_Word label, seL4_Word length)
{
    /* Words 0 and 1 name a valid empty slot, so CNode methods get past
     * their first lookup to the length check of their other arguments. */
    for (seL4_Word i = 0; i < length; i++) {
        seL4_SetMR((int)i, 0);
    }
    seL4_SetMR(0, cs_slot());
    seL4_SetMR(1, seL4_WordBits);
    seL4_MessageInfo_t info = seL4_Call(cap, seL4_MessageInfo_new(label, 0, 0, length));
    return (seL4_Error)seL4_MessageInfo_get_label(info);
}

seL4_CPtr cs_device_untyped(void)
{
    const seL4_BootInfo *bi = seL4_GetBootInfo();

    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        if (bi->untypedList[i].isDevice) {
            return bi->untyped.start + i;
        }
    }
    return 0;
}

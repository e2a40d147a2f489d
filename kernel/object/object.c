/*
 * Per-type facts about objects and their capabilities (see object.h). Each
 * function is one switch over the capability or object type, so adding a
 * type shows every place that must learn about it.
 */
#include "object/object.h"

#include <sel4/objecttype.h>

#include "arch.h"
#include "cspace/mdb.h"
#include "kstring.h"
#include "object/tcb.h"

unsigned object_size_bits(word_t type, word_t user_size_bits)
{
    switch (type) {
    case seL4_UntypedObject:
    case seL4_SchedContextObject:
        return (unsigned)user_size_bits;
    case seL4_TCBObject:
        return TCB_SIZE_BITS;
    case seL4_EndpointObject:
        return ENDPOINT_SIZE_BITS;
    case seL4_NotificationObject:
        return NOTIFICATION_SIZE_BITS;
    case seL4_CapTableObject:
        return (unsigned)user_size_bits + SLOT_BITS;
    case seL4_ReplyObject:
        return REPLY_SIZE_BITS;
    default:
        return arch_object_size_bits(type);
    }
}

bool object_type_supported(word_t type)
{
    return type < seL4_NonArchObjectTypeCount || arch_object_type_supported(type);
}

cap_t object_create(word_t type, void *ptr, word_t user_size_bits, bool is_device)
{
    switch (type) {
    case seL4_UntypedObject:
        return cap_untyped(ptr, (unsigned)user_size_bits, is_device, 0);
    case seL4_TCBObject:
        tcb_init(ptr);
        return cap_thread(ptr);
    case seL4_EndpointObject:
        return cap_endpoint(ptr, 0, RIGHTS_ALL);
    case seL4_NotificationObject:
        return cap_notification(ptr, 0, RIGHTS_ALL);
    case seL4_CapTableObject:
        return cap_cnode(ptr, (unsigned)user_size_bits, 0, 0);
    case seL4_SchedContextObject:
        return cap_sched_context(ptr, (unsigned)user_size_bits);
    case seL4_ReplyObject:
        return cap_reply(ptr, true);
    default:
        return arch_object_create(type, ptr, is_device);
    }
}

uintptr_t cap_region_base(cap_t cap)
{
    return (uintptr_t)cap_ptr(cap);
}

unsigned cap_region_bits(cap_t cap)
{
    switch (cap_type(cap)) {
    case CAP_UNTYPED:
        return cap_untyped_size_bits(cap);
    case CAP_ENDPOINT:
        return ENDPOINT_SIZE_BITS;
    case CAP_NOTIFICATION:
        return NOTIFICATION_SIZE_BITS;
    case CAP_REPLY:
        return REPLY_SIZE_BITS;
    case CAP_CNODE:
        return cap_cnode_radix(cap) + SLOT_BITS;
    case CAP_THREAD:
        return TCB_SIZE_BITS;
    case CAP_SCHED_CONTEXT:
        return cap_sched_context_size_bits(cap);
    case CAP_FRAME:
        return cap_frame_size_bits(cap);
    case CAP_PAGE_TABLE:
    case CAP_VSPACE:
    case CAP_ASID_POOL:
        return PAGE_BITS;
    case CAP_ZOMBIE:
        /* Still covers its object, so the untyped cannot be reused under it. */
        return cap_zombie_kind(cap) == ZOMBIE_TCB ? TCB_SIZE_BITS
                                                  : cap_zombie_radix(cap) + SLOT_BITS;
    case CAP_NULL:
    case CAP_SCHED_CONTROL:
    case CAP_IRQ_CONTROL:
    case CAP_IRQ_HANDLER:
    case CAP_DOMAIN:
    case CAP_ASID_CONTROL:
    case CAP_IO_PORT_CONTROL:
    case CAP_IO_PORT:
    case CAP_TYPE_COUNT:
        break;
    }
    return 0;
}

static bool untyped_covers(cap_t untyped, cap_t b)
{
    unsigned b_bits = cap_region_bits(b);
    uintptr_t a_base = cap_region_base(untyped);
    uintptr_t a_last = a_base + (uintptr_t)mask_bits(cap_untyped_size_bits(untyped));
    uintptr_t b_base = cap_region_base(b);
    uintptr_t b_last = b_base + (uintptr_t)mask_bits(b_bits);

    return b_bits != 0 && a_base <= b_base && b_last <= a_last && b_base <= b_last;
}

bool cap_same_region_as(cap_t a, cap_t b)
{
    switch (cap_type(a)) {
    case CAP_UNTYPED:
        return untyped_covers(a, b);
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
    case CAP_REPLY:
    case CAP_THREAD:
    case CAP_PAGE_TABLE:
    case CAP_VSPACE:
    case CAP_ASID_POOL:
        return cap_type(b) == cap_type(a) && cap_ptr(a) == cap_ptr(b);
    case CAP_FRAME:
        return cap_type(b) == CAP_FRAME && cap_ptr(a) == cap_ptr(b) &&
               cap_frame_size_bits(a) == cap_frame_size_bits(b);
    case CAP_CNODE:
        return cap_type(b) == CAP_CNODE && cap_ptr(a) == cap_ptr(b) &&
               cap_cnode_radix(a) == cap_cnode_radix(b);
    case CAP_SCHED_CONTEXT:
        return cap_type(b) == CAP_SCHED_CONTEXT && cap_ptr(a) == cap_ptr(b) &&
               cap_sched_context_size_bits(a) == cap_sched_context_size_bits(b);
    case CAP_SCHED_CONTROL:
        return cap_type(b) == CAP_SCHED_CONTROL && a.w1 == b.w1;
    case CAP_IRQ_CONTROL:
        return cap_type(b) == CAP_IRQ_CONTROL || cap_type(b) == CAP_IRQ_HANDLER;
    case CAP_IRQ_HANDLER:
        return cap_type(b) == CAP_IRQ_HANDLER && a.w1 == b.w1;
    case CAP_DOMAIN:
    case CAP_ASID_CONTROL:
        return cap_type(b) == cap_type(a);
    case CAP_IO_PORT_CONTROL:
        return cap_type(b) == CAP_IO_PORT_CONTROL || cap_type(b) == CAP_IO_PORT;
    case CAP_IO_PORT:
        return cap_type(b) == CAP_IO_PORT && a.w1 == b.w1;
    case CAP_NULL:
    case CAP_ZOMBIE:
    case CAP_TYPE_COUNT:
        break;
    }
    return false;
}

bool cap_same_object_as(cap_t a, cap_t b)
{
    if (cap_type(a) == CAP_UNTYPED) {
        return false;
    }
    if ((cap_type(a) == CAP_IRQ_CONTROL && cap_type(b) == CAP_IRQ_HANDLER) ||
        (cap_type(a) == CAP_IO_PORT_CONTROL && cap_type(b) == CAP_IO_PORT)) {
        return false;
    }
    return cap_same_region_as(a, b);
}

static bool is_badgeable(cap_t cap)
{
    return cap_type(cap) == CAP_ENDPOINT || cap_type(cap) == CAP_NOTIFICATION;
}

bool cap_is_revocable(cap_t derived, cap_t src)
{
    if (is_badgeable(derived)) {
        /* A newly badged capability heads the subtree of that badge. */
        return cap_badge(derived) != cap_badge(src);
    }
    if (cap_type(derived) == CAP_IRQ_HANDLER) {
        return cap_type(src) == CAP_IRQ_CONTROL;
    }
    if (cap_type(derived) == CAP_IO_PORT) {
        return cap_type(src) == CAP_IO_PORT_CONTROL;
    }
    return cap_type(derived) == CAP_UNTYPED;
}

cap_t cap_mask_rights(cap_t cap, unsigned rights)
{
    if (is_badgeable(cap)) {
        return cap_with_a(cap, cap_rights(cap) & rights);
    }
    if (cap_type(cap) == CAP_REPLY) {
        return cap_reply(cap_ptr(cap), cap_reply_can_grant(cap) && (rights & RIGHT_GRANT) != 0);
    }
    if (cap_type(cap) == CAP_FRAME) {
        return cap_frame(cap_ptr(cap), cap_frame_size_bits(cap), cap_frame_rights(cap) & rights,
                         cap_frame_is_device(cap), cap_mapping(cap));
    }
    return cap;
}

/* seL4_CNode_CapData: guard size in bits 5..0, guard in bits 63..6. */
static cap_t cnode_update_guard(cap_t cap, word_t data)
{
    unsigned guard_size = (unsigned)(data & 0x3f);
    word_t guard = data >> 6;

    if (guard_size + cap_cnode_radix(cap) > WORD_BITS) {
        return cap_null();
    }
    guard &= mask_bits(guard_size);
    return cap_cnode(cap_ptr(cap), cap_cnode_radix(cap), guard_size, guard);
}

cap_t cap_update_data(cap_t cap, word_t data, bool preserve)
{
    if (is_badgeable(cap)) {
        /* A badge is set once, by Mint; Mutate and Rotate cannot change it. */
        if (preserve || cap_badge(cap) != 0) {
            return cap_null();
        }
        return cap_with_b(cap, data);
    }
    if (cap_type(cap) == CAP_CNODE) {
        return cnode_update_guard(cap, data);
    }
    return cap;
}

/*
 * An untyped in use cannot be copied (RevokeFirst, as in seL4); Cairn
 * refuses copying a free one too, keeping one untyped capability per region
 * so its free index tells exactly what is allocated (docs/deviations.md).
 */
seL4_Error cap_derive(const cte_t *src, cap_t cap, cap_t *out)
{
    *out = cap;
    switch (cap_type(cap)) {
    case CAP_UNTYPED:
        return mdb_has_children(src) ? seL4_RevokeFirst : seL4_IllegalOperation;
    case CAP_NULL:
    case CAP_ZOMBIE:
    case CAP_IRQ_CONTROL:
        return seL4_IllegalOperation;
    case CAP_FRAME:
        *out = cap_with_b(cap, 0); /* each copy maps once, on its own */
        return seL4_NoError;
    case CAP_PAGE_TABLE:
    case CAP_VSPACE:
    case CAP_ASID_CONTROL:
    case CAP_ASID_POOL:
    case CAP_IO_PORT_CONTROL:
    case CAP_IO_PORT:
        return arch_cap_derivable(cap) ? seL4_NoError : seL4_IllegalOperation;
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
    case CAP_REPLY:
    case CAP_CNODE:
    case CAP_THREAD:
    case CAP_SCHED_CONTEXT:
    case CAP_SCHED_CONTROL:
    case CAP_IRQ_HANDLER:
    case CAP_DOMAIN:
    case CAP_TYPE_COUNT:
        break;
    }
    return seL4_NoError;
}

/*
 * Capabilities: two words naming an object and what the holder may do with
 * it. Word 0 holds the type, 15 type-specific bits and the object pointer;
 * word 1 is a type-specific word (badge, guard, free index, ...). The
 * accessors below are the only code that knows the encoding.
 */
#ifndef OBJECT_CAP_H
#define OBJECT_CAP_H

#include "../bits.h"
#include "../types.h"

typedef enum {
    CAP_NULL = 0,
    CAP_UNTYPED,
    CAP_ENDPOINT,
    CAP_NOTIFICATION,
    CAP_REPLY,
    CAP_CNODE,
    CAP_THREAD,
    CAP_SCHED_CONTEXT,
    CAP_SCHED_CONTROL,
    CAP_IRQ_CONTROL,
    CAP_IRQ_HANDLER,
    CAP_DOMAIN,
    CAP_ZOMBIE, /* an object being destroyed: see kernel/cspace/delete.c */
    /* Architecture objects: kernel/arch/<arch>/object/ gives their behaviour. */
    CAP_FRAME,           /* a page of memory a thread can map */
    CAP_PAGE_TABLE,      /* a paging structure below the root (level 0 is the last) */
    CAP_VSPACE,          /* the root of an address space */
    CAP_ASID_CONTROL,    /* the authority to make ASID pools */
    CAP_ASID_POOL,       /* a table of address-space identifiers */
    CAP_IO_PORT_CONTROL, /* the authority to issue I/O port ranges (x86) */
    CAP_IO_PORT,         /* a range of I/O ports (x86) */
    CAP_TYPE_COUNT,
} cap_type_t;

/* Access rights, in seL4_CapRights_t's bit order. */
enum {
    RIGHT_WRITE = 1 << 0,
    RIGHT_READ = 1 << 1,
    RIGHT_GRANT = 1 << 2,
    RIGHT_GRANT_REPLY = 1 << 3,
    RIGHTS_ALL = 0xf,
};

/* Zombie kinds: which object's slots the zombie is still clearing. */
enum {
    ZOMBIE_CNODE = 0,
    ZOMBIE_TCB = 1,
};

typedef struct {
    word_t w0;
    word_t w1;
} cap_t;

enum {
    CAP_TYPE_SHIFT = 59,
    CAP_A_SHIFT = 44,
    CAP_A_BITS = 15,
    CAP_PTR_BITS = 44, /* pointer bits 47..4: objects are 16-byte aligned */
    CAP_PTR_SHIFT = 4,
    CNODE_GUARD_SIZE_SHIFT = 6,
};

static inline cap_type_t cap_type(cap_t cap)
{
    return (cap_type_t)(cap.w0 >> CAP_TYPE_SHIFT);
}

static inline bool cap_is_null(cap_t cap)
{
    return cap_type(cap) == CAP_NULL;
}

/* The object pointer: bits 47..4 stored, sign-extended from bit 47. */
static inline void *cap_ptr(cap_t cap)
{
    word_t low = (cap.w0 & mask_bits(CAP_PTR_BITS)) << CAP_PTR_SHIFT;
    sword_t extended = (sword_t)(low << 16) >> 16;
    return (void *)(uintptr_t)extended;
}

static inline word_t cap_a(cap_t cap)
{
    return (cap.w0 >> CAP_A_SHIFT) & mask_bits(CAP_A_BITS);
}

static inline cap_t cap_make(cap_type_t type, const void *ptr, word_t a, word_t b)
{
    word_t p = ((word_t)(uintptr_t)ptr >> CAP_PTR_SHIFT) & mask_bits(CAP_PTR_BITS);
    cap_t cap = {
        ((word_t)type << CAP_TYPE_SHIFT) | ((a & mask_bits(CAP_A_BITS)) << CAP_A_SHIFT) | p, b
    };
    return cap;
}

static inline cap_t cap_null(void)
{
    cap_t cap = { 0, 0 };
    return cap;
}

static inline cap_t cap_with_a(cap_t cap, word_t a)
{
    return cap_make(cap_type(cap), cap_ptr(cap), a, cap.w1);
}

static inline cap_t cap_with_b(cap_t cap, word_t b)
{
    cap.w1 = b;
    return cap;
}

static inline bool cap_equal(cap_t a, cap_t b)
{
    return a.w0 == b.w0 && a.w1 == b.w1;
}

/* --- Untyped: a = size_bits | is_device << 6; b = free index in bytes --- */

static inline cap_t cap_untyped(void *ptr, unsigned size_bits, bool is_device, word_t free_index)
{
    return cap_make(CAP_UNTYPED, ptr, size_bits | ((word_t)is_device << 6), free_index);
}

static inline unsigned cap_untyped_size_bits(cap_t cap)
{
    return (unsigned)(cap_a(cap) & 0x3f);
}

static inline bool cap_untyped_is_device(cap_t cap)
{
    return ((cap_a(cap) >> 6) & 1) != 0;
}

static inline word_t cap_untyped_free_index(cap_t cap)
{
    return cap.w1;
}

/* --- Endpoint and notification: a = rights; b = badge --- */

static inline cap_t cap_endpoint(void *ptr, word_t badge, unsigned rights)
{
    return cap_make(CAP_ENDPOINT, ptr, rights, badge);
}

static inline cap_t cap_notification(void *ptr, word_t badge, unsigned rights)
{
    return cap_make(CAP_NOTIFICATION, ptr, rights, badge);
}

static inline unsigned cap_rights(cap_t cap)
{
    return (unsigned)(cap_a(cap) & RIGHTS_ALL);
}

static inline word_t cap_badge(cap_t cap)
{
    return cap.w1;
}

/* --- Reply: a = can grant --- */

static inline cap_t cap_reply(void *ptr, bool can_grant)
{
    return cap_make(CAP_REPLY, ptr, can_grant ? 1 : 0, 0);
}

static inline bool cap_reply_can_grant(cap_t cap)
{
    return (cap_a(cap) & 1) != 0;
}

/* --- CNode: a = radix | guard_size << 6; b = guard --- */

static inline cap_t cap_cnode(void *ptr, unsigned radix, unsigned guard_size, word_t guard)
{
    return cap_make(CAP_CNODE, ptr, radix | ((word_t)guard_size << CNODE_GUARD_SIZE_SHIFT), guard);
}

static inline unsigned cap_cnode_radix(cap_t cap)
{
    return (unsigned)(cap_a(cap) & 0x3f);
}

static inline unsigned cap_cnode_guard_size(cap_t cap)
{
    return (unsigned)((cap_a(cap) >> CNODE_GUARD_SIZE_SHIFT) & 0x7f);
}

static inline word_t cap_cnode_guard(cap_t cap)
{
    return cap.w1;
}

/* --- Thread, scheduling context, scheduling control, IRQs, domain --- */

static inline cap_t cap_thread(void *tcb_object)
{
    return cap_make(CAP_THREAD, tcb_object, 0, 0);
}

static inline cap_t cap_sched_context(void *ptr, unsigned size_bits)
{
    return cap_make(CAP_SCHED_CONTEXT, ptr, size_bits, 0);
}

static inline unsigned cap_sched_context_size_bits(cap_t cap)
{
    return (unsigned)(cap_a(cap) & 0x3f);
}

static inline cap_t cap_sched_control(word_t core)
{
    return cap_make(CAP_SCHED_CONTROL, NULL, 0, core);
}

static inline cap_t cap_irq_control(void)
{
    return cap_make(CAP_IRQ_CONTROL, NULL, 0, 0);
}

static inline cap_t cap_irq_handler(word_t irq)
{
    return cap_make(CAP_IRQ_HANDLER, NULL, 0, irq);
}

static inline cap_t cap_domain(void)
{
    return cap_make(CAP_DOMAIN, NULL, 0, 0);
}

/*
 * --- Mappings: frames and paging structures record where they are mapped
 * as one word, the virtual address with the address space's ASID in its low
 * bits; 0 means "not mapped" (ASID 0 is never handed out). ---
 */
enum {
    ASID_BITS = 12,
    ASID_COUNT = 1 << ASID_BITS,
    ROOT_TASK_ASID = 1, /* the root task's address space (seL4's IT_ASID) */
};

static inline word_t mapping_word(word_t vaddr, word_t asid)
{
    return (vaddr & ~mask_bits(ASID_BITS)) | (asid & mask_bits(ASID_BITS));
}

static inline word_t mapping_asid(word_t mapping)
{
    return mapping & mask_bits(ASID_BITS);
}

static inline word_t mapping_vaddr(word_t mapping)
{
    return mapping & ~mask_bits(ASID_BITS);
}

/* --- Frame: a = size_bits | rights << 6 (RIGHT_READ/WRITE) | device << 10; b = mapping --- */

enum {
    FRAME_RIGHTS_SHIFT = 6,
    FRAME_DEVICE_SHIFT = 10,
};

static inline cap_t cap_frame(void *ptr, unsigned size_bits, unsigned rights, bool device,
                              word_t mapping)
{
    word_t a = size_bits | ((word_t)(rights & (RIGHT_READ | RIGHT_WRITE)) << FRAME_RIGHTS_SHIFT) |
               ((word_t)device << FRAME_DEVICE_SHIFT);
    return cap_make(CAP_FRAME, ptr, a, mapping);
}

static inline unsigned cap_frame_size_bits(cap_t cap)
{
    return (unsigned)(cap_a(cap) & 0x3f);
}

static inline unsigned cap_frame_rights(cap_t cap)
{
    return (unsigned)((cap_a(cap) >> FRAME_RIGHTS_SHIFT) & RIGHTS_ALL);
}

static inline bool cap_frame_is_device(cap_t cap)
{
    return ((cap_a(cap) >> FRAME_DEVICE_SHIFT) & 1) != 0;
}

/* --- Paging structure below the root: a = level; b = mapping --- */

static inline cap_t cap_page_table(void *ptr, unsigned level, word_t mapping)
{
    return cap_make(CAP_PAGE_TABLE, ptr, level, mapping);
}

static inline unsigned cap_page_table_level(cap_t cap)
{
    return (unsigned)(cap_a(cap) & 3);
}

/* The mapping word of a frame or paging structure capability (0: unmapped). */
static inline word_t cap_mapping(cap_t cap)
{
    return cap.w1;
}

/* --- VSpace root: b = its ASID, 0 until one is assigned --- */

static inline cap_t cap_vspace(void *ptr, word_t asid)
{
    return cap_make(CAP_VSPACE, ptr, 0, asid);
}

static inline word_t cap_vspace_asid(cap_t cap)
{
    return cap.w1;
}

/* --- ASIDs: control has no object; a pool's b is its first ASID --- */

static inline cap_t cap_asid_control(void)
{
    return cap_make(CAP_ASID_CONTROL, NULL, 0, 0);
}

static inline cap_t cap_asid_pool(void *ptr, word_t first_asid)
{
    return cap_make(CAP_ASID_POOL, ptr, 0, first_asid);
}

static inline word_t cap_asid_pool_base(cap_t cap)
{
    return cap.w1;
}

/* --- I/O ports: control has no object; a range's b = first | last << 16 --- */

static inline cap_t cap_io_port_control(void)
{
    return cap_make(CAP_IO_PORT_CONTROL, NULL, 0, 0);
}

static inline cap_t cap_io_port(word_t first, word_t last)
{
    return cap_make(CAP_IO_PORT, NULL, 0, (first & 0xffff) | ((last & 0xffff) << 16));
}

static inline word_t cap_io_port_first(cap_t cap)
{
    return cap.w1 & 0xffff;
}

static inline word_t cap_io_port_last(cap_t cap)
{
    return (cap.w1 >> 16) & 0xffff;
}

/*
 * --- Zombie: an object whose slots are being cleared (cspace/delete.c) ---
 * a = kind | radix << 1 | remaining[28:21] << 7;
 * b = parent slot (bits 47..5) << 21 | remaining[20:0].
 * The parent is the slot where the zombie of the enclosing object waits.
 */
enum {
    ZOMBIE_REMAINING_LO_BITS = 21,
    ZOMBIE_REMAINING_BITS = 29,
    ZOMBIE_PARENT_SHIFT = 5,
    ZOMBIE_PARENT_BITS = 43,
    CNODE_MAX_RADIX = 28, /* a zombie must count 2^radix slots */
};

static inline cap_t cap_zombie(void *slots, unsigned kind, unsigned radix, word_t remaining,
                               const void *parent)
{
    word_t hi = remaining >> ZOMBIE_REMAINING_LO_BITS;
    word_t lo = remaining & mask_bits(ZOMBIE_REMAINING_LO_BITS);
    word_t p = ((word_t)(uintptr_t)parent >> ZOMBIE_PARENT_SHIFT) & mask_bits(ZOMBIE_PARENT_BITS);

    return cap_make(CAP_ZOMBIE, slots, kind | ((word_t)radix << 1) | (hi << 7),
                    (p << ZOMBIE_REMAINING_LO_BITS) | lo);
}

static inline unsigned cap_zombie_kind(cap_t cap)
{
    return (unsigned)(cap_a(cap) & 1);
}

static inline unsigned cap_zombie_radix(cap_t cap)
{
    return (unsigned)((cap_a(cap) >> 1) & 0x3f);
}

static inline word_t cap_zombie_remaining(cap_t cap)
{
    return ((cap_a(cap) >> 7) << ZOMBIE_REMAINING_LO_BITS) |
           (cap.w1 & mask_bits(ZOMBIE_REMAINING_LO_BITS));
}

static inline void *cap_zombie_parent(cap_t cap)
{
    word_t p = (cap.w1 >> ZOMBIE_REMAINING_LO_BITS) << ZOMBIE_PARENT_SHIFT;
    sword_t extended = (sword_t)(p << 16) >> 16;
    return (void *)(uintptr_t)extended;
}

static inline cap_t cap_zombie_with_remaining(cap_t cap, word_t remaining)
{
    return cap_zombie(cap_ptr(cap), cap_zombie_kind(cap), cap_zombie_radix(cap), remaining,
                      cap_zombie_parent(cap));
}

#endif /* OBJECT_CAP_H */

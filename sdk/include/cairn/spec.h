/*
 * The system specification the SDK tool (sdk/tool) writes into loader.img
 * and the initialiser (sdk/initialiser) builds the system from: CapDL's
 * idea, as plain tables. Shared, byte for byte, by the host tool and the
 * user-mode initialiser, so only fixed-size types appear here.
 *
 * loader.img is an ELF64 executable: the initialiser's own PT_LOAD
 * segments, plus one read-only PT_LOAD at CAIRN_SPEC_VADDR holding this
 * blob. The blob starts with cairn_spec_header_t; every table and string
 * is found by a byte offset from the blob's start; program images (ELF
 * files, already patched by the tool: microkit_name, the channel masks and
 * every setvar the tool can resolve) and prefill data are byte ranges of it.
 *
 * The PD runtime contract the tables assume (libmicrokit follows it):
 * each PD has a one-level CSpace of 2^CAIRN_PD_CNODE_BITS slots whose
 * guard makes a cptr the slot number; slots are the CAIRN_SLOT_* below;
 * badges are the CAIRN_BADGE_* below.
 */
#ifndef CAIRN_SPEC_H
#define CAIRN_SPEC_H

#include <stdint.h>

#define CAIRN_SPEC_MAGIC   0x3143455053524143ull /* "CARSPEC1", little-endian */
#define CAIRN_SPEC_VERSION 1u
#define CAIRN_SPEC_VADDR   0x40000000ull /* 1 GiB in the initialiser's address space */
#define CAIRN_NONE         0xffffffffu   /* "no index" in a uint32_t field */

/* Where PDs' pieces go in their address spaces (user range: below 2^47). */
#define CAIRN_PD_STACK_TOP      0x00007ff000000000ull /* the stack grows down from here */
#define CAIRN_PD_MAX_STACK      (16ull << 20)
#define CAIRN_PD_NAME_LENGTH    64 /* microkit_name's size */
#define CAIRN_MAX_CHANNELS      63 /* channel ids 0..62 */
#define CAIRN_MAX_CHILDREN      64 /* child ids 0..63 */
#define CAIRN_PD_CNODE_BITS     9
#define CAIRN_MAX_PRIORITY      254
#define CAIRN_DEFAULT_BUDGET_US 1000
#define CAIRN_DEFAULT_STACK     0x2000ull

/* Slots of a PD's CSpace. Bases hold 64 capabilities each, indexed by id. */
enum {
    CAIRN_SLOT_INPUT = 1,        /* endpoint (PPC callee or parent) or notification: Recv here */
    CAIRN_SLOT_REPLY = 4,        /* the PD's reply object */
    CAIRN_SLOT_MONITOR = 5,      /* badged endpoint to the monitor (passive PDs report init) */
    CAIRN_SLOT_OWN_TCB = 6,      /* the PD's own TCB */
    CAIRN_SLOT_NOTIFY_BASE = 10, /* + channel id: notification of the other end */
    CAIRN_SLOT_PPC_BASE = 74,    /* + channel id: badged endpoint of the callee */
    CAIRN_SLOT_IRQ_BASE = 138,   /* + channel id: IRQ handler */
    CAIRN_SLOT_CHILD_TCB_BASE = 202, /* + child id: the child PD's TCB */
    CAIRN_SLOT_IOPORT_BASE = 394,    /* + ioport id: I/O port range */
    CAIRN_SLOT_USER_BASE = 458,      /* <cspace> caps at 458 + slot */
};

/* Badges on what a PD receives on CAIRN_SLOT_INPUT. */
#define CAIRN_BADGE_PPC   (1ull << 63) /* | channel id: a protected call */
#define CAIRN_BADGE_FAULT (1ull << 62) /* | child id: a child's fault */
/* Anything else is a bit mask of notified channels (bit n = channel n; IRQs too). */

/* The badge the monitor's fault endpoint carries for PD i (no parent). */
#define CAIRN_MONITOR_BADGE_FAULT(i)   ((1ull << 62) | (uint64_t)(i))
#define CAIRN_MONITOR_BADGE_PASSIVE(i) ((1ull << 61) | (uint64_t)(i))

typedef struct {
    uint64_t magic;
    uint32_t version;
    uint32_t total_size; /* bytes of the whole blob */
    uint32_t pd_count, pd_offset;
    uint32_t mr_count, mr_offset;
    uint32_t map_count, map_offset;
    uint32_t channel_count, channel_offset;
    uint32_t irq_count, irq_offset;
    uint32_t ioport_count, ioport_offset;
    uint32_t cap_count, cap_offset; /* <cspace> entries */
    uint32_t patch_count, patch_offset;
    uint32_t strings_offset, strings_size; /* NUL-terminated names */
} cairn_spec_header_t;

typedef struct {
    uint32_t name;     /* string offset */
    uint32_t parent;   /* PD index, or CAIRN_NONE */
    uint32_t child_id; /* its id in the parent (with a parent) */
    uint8_t priority;  /* 0..254 */
    uint8_t passive;
    uint8_t fpu;
    uint8_t pad0;
    uint64_t budget_us;
    uint64_t period_us;
    uint64_t stack_size; /* bytes, page multiple */
    uint32_t elf_offset; /* the patched program image in the blob */
    uint32_t elf_size;
    uint64_t ipc_buffer; /* vaddr of the page-aligned __sel4_ipc_buffer_obj */
    uint64_t entry;
} cairn_spec_pd_t;

typedef struct {
    uint32_t name;
    uint32_t page_bits;      /* 12 or 21 */
    uint64_t size;           /* bytes, a multiple of the page size */
    uint64_t phys_addr;      /* 0: anywhere (zeroed RAM); else device or RAM at this address */
    uint32_t prefill_offset; /* bytes copied in at the start; size 0: none */
    uint32_t prefill_size;
} cairn_spec_mr_t;

enum {
    CAIRN_PERM_R = 1,
    CAIRN_PERM_W = 2,
    CAIRN_PERM_X = 4,
};

typedef struct {
    uint32_t pd;
    uint32_t mr;
    uint64_t vaddr;
    uint8_t perms; /* CAIRN_PERM_* */
    uint8_t cached;
    uint8_t pad[6];
} cairn_spec_map_t;

/* One end of a channel: what PD `pd` gets for its channel id `id`. */
typedef struct {
    uint32_t pd;
    uint8_t id;
    uint8_t pp;     /* this end may call the other */
    uint8_t notify; /* this end may notify the other */
    uint8_t pad;
} cairn_spec_end_t;

typedef struct {
    cairn_spec_end_t end[2];
} cairn_spec_channel_t;

enum {
    CAIRN_IRQ_IOAPIC = 0,
    CAIRN_IRQ_MSI = 1,
};

typedef struct {
    uint32_t pd;
    uint8_t id;                          /* channel id it is notified on */
    uint8_t kind;                        /* CAIRN_IRQ_* */
    uint8_t level;                       /* IOAPIC: 1 level-triggered, 0 edge */
    uint8_t active_low;                  /* IOAPIC: polarity */
    uint32_t ioapic, pin;                /* IOAPIC */
    uint32_t pci_bus, pci_dev, pci_func; /* MSI */
    uint64_t handle;                     /* MSI */
    uint32_t vector;                     /* 0..107 */
    uint32_t pad;
} cairn_spec_irq_t;

typedef struct {
    uint32_t pd;
    uint32_t id;
    uint32_t addr; /* first port */
    uint32_t size; /* ports */
} cairn_spec_ioport_t;

enum {
    CAIRN_CAP_TCB = 0,
    CAIRN_CAP_SC = 1,
    CAIRN_CAP_VSPACE = 2,
};

/* <cspace>: PD `pd` gets `target` PD's TCB/SC/VSpace capability in CAIRN_SLOT_USER_BASE + slot. */
typedef struct {
    uint32_t pd;
    uint32_t target;
    uint32_t kind; /* CAIRN_CAP_* */
    uint32_t slot;
} cairn_spec_cap_t;

/*
 * A value only known at boot, written by the initialiser into PD `pd`'s
 * memory at `vaddr` (8 bytes): the physical address of memory region `mr`
 * (setvar region_paddr for a region the tool could not place).
 */
typedef struct {
    uint32_t pd;
    uint32_t mr;
    uint64_t vaddr;
} cairn_spec_patch_t;

#endif /* CAIRN_SPEC_H */

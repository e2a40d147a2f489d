/*
 * A second program in an address space of its own: the root task builds a
 * VSpace from untyped memory with libsel4 calls only (libcairn), loads
 * hello.elf from a boot module into it, gives it a CSpace, IPC buffer,
 * stack and scheduling context, and runs it. Its fault reaches the root
 * task as a VMFault with the address it wrote.
 */
#include <string.h>

#include <cairn/elfload.h>
#include <sel4/runtime.h>

#include "cspace.h"
#include "test.h"
#include "vs.h"

enum {
    HELLO_LABEL = 0x4e11,
    HELLO_BADGE = 0xbe11,
    FAULT_BADGE = 0xfa17,
    CHILD_CNODE_BITS = 4,
    CHILD_EP_SLOT = 1,
    PRIO = 200,
};

#define CHILD_IPC_BUFFER 0x10000000ul
#define CHILD_STACK_TOP  0x10010000ul /* two pages below it */

/* The boot module whose name ends with `suffix`, or NULL. */
static const seL4_CairnModule *find_module(const char *suffix)
{
    seL4_Word len = 0;
    const seL4_Word *chunk = sel4_bootinfo_chunk(SEL4_BOOTINFO_HEADER_CAIRN_MODULES, &len);
    size_t n = strlen(suffix);

    if (chunk == NULL || len < sizeof(seL4_Word)) {
        return NULL;
    }
    const seL4_CairnModule *mods = (const seL4_CairnModule *)(chunk + 1);
    for (seL4_Word i = 0; i < chunk[0] && (i + 1) * sizeof(*mods) <= len - sizeof(seL4_Word); i++) {
        size_t name = strlen(mods[i].name);
        if (name >= n && strcmp(mods[i].name + name - n, suffix) == 0) {
            return &mods[i];
        }
    }
    return NULL;
}

/* Maps `pages` fresh frames read-write, no-execute, ending at `top` in vspace. */
static int map_fresh(seL4_CPtr vspace, seL4_Word top, unsigned pages, seL4_CPtr *last)
{
    for (unsigned i = 1; i <= pages; i++) {
        *last = cs_new(seL4_X86_4K, 0);
        if (*last == 0 || cairn_map_frame(&vs_alloc, vspace, *last, top - i * PAGE, seL4_ReadWrite,
                                          seL4_X86_ExecuteNever) != seL4_NoError) {
            return -1;
        }
    }
    return 0;
}

/* CSpace, IPC buffer, stack and scheduling of the child; starts it at entry. */
static int start_child(seL4_CPtr vspace, seL4_Word entry, seL4_CPtr ep, seL4_CPtr fault_ep)
{
    seL4_CPtr cnode = cs_new(seL4_CapTableObject, CHILD_CNODE_BITS);
    seL4_CPtr tcb = cs_new(seL4_TCBObject, 0);
    seL4_CPtr sc = cs_new(seL4_SchedContextObject, 8);
    seL4_CPtr ipc = 0;
    seL4_CPtr stack = 0;
    seL4_UserContext regs = { 0 };

    if (cnode == 0 || tcb == 0 || sc == 0 || map_fresh(vspace, CHILD_IPC_BUFFER + PAGE, 1, &ipc) ||
        map_fresh(vspace, CHILD_STACK_TOP, 2, &stack) ||
        seL4_CNode_Mint(cnode, CHILD_EP_SLOT, CHILD_CNODE_BITS, ROOT, ep, DEPTH, seL4_AllRights,
                        HELLO_BADGE) ||
        /* The guard makes the 16-slot CNode resolve all 64 bits of a cptr. */
        seL4_TCB_Configure(tcb, cnode, seL4_WordBits - CHILD_CNODE_BITS, vspace, 0,
                           CHILD_IPC_BUFFER, ipc) ||
        seL4_SchedControl_ConfigureFlags(seL4_GetBootInfo()->schedcontrol.start, sc, 1000, 1000, 0,
                                         0, 0) ||
        seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, PRIO, PRIO, sc, fault_ep)) {
        return -1;
    }
    regs.rip = entry;
    regs.rsp = CHILD_STACK_TOP - 8;
    regs.rdi = CHILD_IPC_BUFFER;
    regs.rsi = CHILD_EP_SLOT;
    return seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs) != 0;
}

DEFINE_TEST(LOADER_001, "an ELF boot module runs in an address space built with libsel4 calls only")
{
    const seL4_CairnModule *hello = find_module("hello.elf");
    seL4_CPtr vspace = cs_new(seL4_X64_PML4Object, 0);
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    seL4_CPtr fault_ep = cs_slot();
    cairn_loader_t loader = { &vs_alloc, VSPACE, vs_range(100), NULL, NULL };
    seL4_Word entry = 0;
    seL4_Word badge = 0;
    vm_fault_t fault;

    CHECK(hello != NULL);
    CHECK(vspace != 0 && ep != 0 && reply != 0);
    CHECK_EQ(seL4_CNode_Mint(ROOT, fault_ep, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, FAULT_BADGE),
             seL4_NoError);
    CHECK_EQ(seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vspace), seL4_NoError);
    /* A corrupt image is refused before anything is mapped. */
    CHECK_EQ(cairn_elf_load(&loader, vspace, (const void *)hello->vaddr, 60, &entry),
             CAIRN_LOAD_BAD_ELF);
    CHECK_EQ(cairn_elf_load(&loader, vspace, (const void *)hello->vaddr, hello->size, &entry),
             CAIRN_LOAD_OK);
    CHECK_EQ(entry, *(const seL4_Word *)(hello->vaddr + 24)); /* e_entry */
    /* Nothing of the child stays mapped in the loader. */
    CHECK_EQ(vs_probe(PROBE_READ, loader.scratch, &fault, 0), 1);
    CHECK_EQ(start_child(vspace, entry, ep, fault_ep), 0);

    seL4_MessageInfo_t info = seL4_Recv(ep, &badge, reply);
    CHECK_EQ(badge, HELLO_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), HELLO_LABEL);
    CHECK_EQ(seL4_GetMR(0), 1); /* data initialised and bss zero */
    seL4_Word data = seL4_GetMR(1);
    CHECK(data > entry && data < entry + hello->size + 0x10000);
    /* Its text is read-only to it: the write it is told to do faults. */
    seL4_SetMR(0, entry);
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 1));
    info = seL4_Recv(ep, &badge, reply);
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), LABEL_VM_FAULT);
    CHECK_EQ(seL4_GetMR(1), entry);
    CHECK_EQ(seL4_GetMR(2), 0);
    CHECK_EQ(seL4_GetMR(3), 0x7); /* present, write, user */
    /* The child stays stopped on its fault; tools/run-system-tests checks what it printed. */
}

/*
 * Deleting the ASID pool a running program's address space came from takes
 * that space from it: when it next runs it runs in no address space (the
 * kernel's alone) and its very next instruction fetch faults. The kernel
 * caches each thread's root, so this checks the cache notices the ASID
 * table changing under it.
 */
DEFINE_TEST(LOADER_002, "a program whose ASID pool is deleted faults on its next instruction")
{
    const seL4_CairnModule *hello = find_module("hello.elf");
    seL4_CPtr untyped = cs_new_untyped(seL4_ASIDPoolBits);
    seL4_CPtr pool = cs_slot();
    seL4_CPtr vspace = cs_new(seL4_X64_PML4Object, 0);
    seL4_CPtr ep = cs_new(seL4_EndpointObject, 0);
    seL4_CPtr reply = cs_new(seL4_ReplyObject, 0);
    seL4_CPtr fault_ep = cs_slot();
    cairn_loader_t loader = { &vs_alloc, VSPACE, vs_range(101), NULL, NULL };
    seL4_Word entry = 0;
    seL4_Word badge = 0;

    CHECK(hello != NULL);
    CHECK(untyped != 0 && vspace != 0 && ep != 0 && reply != 0);
    CHECK_EQ(seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, untyped, ROOT, pool, DEPTH),
             seL4_NoError);
    CHECK_EQ(seL4_CNode_Mint(ROOT, fault_ep, DEPTH, ROOT, ep, DEPTH, seL4_AllRights, FAULT_BADGE),
             seL4_NoError);
    CHECK_EQ(seL4_X86_ASIDPool_Assign(pool, vspace), seL4_NoError);
    CHECK_EQ(cairn_elf_load(&loader, vspace, (const void *)hello->vaddr, hello->size, &entry),
             CAIRN_LOAD_OK);
    CHECK_EQ(start_child(vspace, entry, ep, fault_ep), 0);

    /* It runs in its space: its report arrives. */
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge, reply);
    CHECK_EQ(badge, HELLO_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), HELLO_LABEL);
    seL4_Word data = seL4_GetMR(1);
    CHECK_EQ(seL4_CNode_Delete(ROOT, pool, DEPTH), seL4_NoError);
    /* Told to write its own data, which it could a moment ago, it cannot even fetch code. */
    seL4_SetMR(0, data);
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 1));
    info = seL4_Recv(ep, &badge, reply);
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), LABEL_VM_FAULT);
    seL4_Word ip = seL4_GetMR(0);
    CHECK_EQ(seL4_GetMR(1), ip); /* the fault address is the instruction's own */
    CHECK(ip > entry && ip < entry + hello->size);
}

/*
 * Generic boot: accounts free memory, builds the root task's address space
 * from the first boot module (validated completely before anything is
 * mapped), gives it a stack, IPC buffer and BootInfo, and starts it.
 */
#include "boot/boot.h"

#include <sel4/bootinfo_types.h>

#include "api/fastpath.h"
#include "arch.h"
#include "bits.h"
#include "boot/bootinfo.h"
#include "boot/elf.h"
#include "cspace/mdb.h"
#include "kernel.h"
#include "kstring.h"
#include "object/object.h"
#include "printf.h"
#include "sched/sched.h"
#include "state.h"

enum {
    LOW_MEMORY_END = 0x100000, /* BIOS areas: never handed out */
    ROOT_STACK_PAGES = 4,
    ROOT_PRIORITY = 255,
    EM_X86_64 = 62,
};

/* The root task's user range: above the null page, below the stack area. */
#define ROOT_IMAGE_LO 0x1000ULL
#define ROOT_IMAGE_HI 0x7f0000000000ULL

static elf_image_t root_image; /* boot-only; too big for the kernel stack */

void boot_memory_init(const boot_params_t *params, paddr_t kernel_start, paddr_t kernel_end)
{
    ks_boot_free.count = 0;
    for (unsigned i = 0; i < params->ram_count; i++) {
        paddr_t base = params->ram[i].base;
        if (base < LOW_MEMORY_END) {
            base = LOW_MEMORY_END;
        }
        if (base < params->ram[i].end &&
            !region_list_add(&ks_boot_free, base, params->ram[i].end)) {
            boot_error("too many RAM regions");
        }
    }
    if (!region_list_remove(&ks_boot_free, kernel_start, round_up(kernel_end, PAGE_BITS))) {
        boot_error("cannot reserve the kernel image");
    }
    for (unsigned i = 0; i < params->module_count; i++) {
        const boot_module_t *m = &params->modules[i];
        if (!region_list_remove(&ks_boot_free, round_down(m->start, PAGE_BITS),
                                round_up(m->end, PAGE_BITS))) {
            boot_error("cannot reserve boot module %u", i);
        }
    }
}

paddr_t boot_alloc_frame(void)
{
    paddr_t pa = region_list_alloc(&ks_boot_free, PAGE_SIZE, PAGE_BITS, ~(paddr_t)0);
    void *p = pa != 0 ? arch_kernel_window(pa, PAGE_SIZE) : NULL;

    if (p == NULL) {
        boot_error("out of memory while building the root task");
    }
    memset(p, 0, PAGE_SIZE);
    return pa;
}

void *boot_alloc_object(unsigned size_bits)
{
    word_t size = (word_t)1 << size_bits;
    unsigned align = size_bits > PAGE_BITS ? size_bits : PAGE_BITS;
    paddr_t pa = region_list_alloc(&ks_boot_free, round_up(size, PAGE_BITS), align, ~(paddr_t)0);
    void *p = pa != 0 ? arch_kernel_window(pa, size) : NULL;

    if (p == NULL) {
        boot_error("out of memory for the root task's objects");
    }
    memset(p, 0, size);
    return p;
}

/* The capability for a frame boot mapped at va with VM_* rights. */
static cap_t mapped_frame_cap(paddr_t frame, vaddr_t va, unsigned vm_rights)
{
    unsigned rights = RIGHT_READ | ((vm_rights & VM_WRITE) != 0 ? RIGHT_WRITE : 0);

    return cap_frame(arch_phys_to_kernel(frame), PAGE_BITS, rights, false,
                     mapping_word(va, ROOT_TASK_ASID));
}

/* Maps fresh zeroed frames over [start, end); returns the first one's physical address. */
static paddr_t map_fresh(paddr_t root, vaddr_t start, vaddr_t end, unsigned rights)
{
    paddr_t first = 0;

    for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
        paddr_t frame = boot_alloc_frame();
        if (!arch_boot_map_frame(root, va, frame, rights)) {
            boot_error("cannot map root task page 0x%lx", va);
        }
        if (first == 0) {
            first = frame;
        }
    }
    return first;
}

/* One page mapped like map_fresh, with a frame capability in `slot` (0: the next free one). */
static void *map_page_with_cap(paddr_t root, vaddr_t va, unsigned slot)
{
    paddr_t frame = map_fresh(root, va, va + PAGE_SIZE, VM_WRITE);
    cap_t cap = mapped_frame_cap(frame, va, VM_WRITE);

    if (slot == 0) {
        root_cnode_add(cap);
    } else {
        root_cnode_set(slot, cap);
    }
    return arch_kernel_window(frame, PAGE_SIZE);
}

static unsigned segment_rights(const elf_segment_t *seg)
{
    unsigned rights = 0;

    if ((seg->flags & ELF_PF_W) != 0) {
        rights |= VM_WRITE;
    }
    if ((seg->flags & ELF_PF_X) != 0) {
        rights |= VM_EXEC;
    }
    return rights;
}

/* Copies the part of the segment's file bytes that falls in page [va, va + PAGE_SIZE). */
static void fill_page(uint8_t *page, vaddr_t va, const elf_segment_t *seg, const uint8_t *file)
{
    vaddr_t from = seg->vaddr > va ? seg->vaddr : va;
    vaddr_t file_end = seg->vaddr + seg->filesz;
    vaddr_t to = file_end < va + PAGE_SIZE ? file_end : va + PAGE_SIZE;

    if (from < to) {
        memcpy(page + (from - va), file + seg->offset + (from - seg->vaddr), to - from);
    }
}

static void load_segment(paddr_t root, const elf_segment_t *seg, const uint8_t *file)
{
    vaddr_t start = round_down(seg->vaddr, PAGE_BITS);
    vaddr_t end = round_up(seg->vaddr + seg->memsz, PAGE_BITS);
    unsigned rights = segment_rights(seg);

    for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
        paddr_t frame = boot_alloc_frame();
        fill_page(arch_kernel_window(frame, PAGE_SIZE), va, seg, file);
        if (!arch_boot_map_frame(root, va, frame, rights)) {
            boot_error("cannot map root task page 0x%lx", va);
        }
        root_cnode_add(mapped_frame_cap(frame, va, rights));
    }
}

/* Validates and loads module 0; returns the first free page above the image. */
static vaddr_t load_image(paddr_t root, const boot_module_t *mod, elf_image_t *image)
{
    word_t size = mod->end - mod->start;
    const uint8_t *file = arch_kernel_window(mod->start, size);

    if (file == NULL) {
        boot_error("root task module '%s' is outside the kernel window", mod->cmdline);
    }
    elf_status_t st = elf_parse(file, size, EM_X86_64, ROOT_IMAGE_LO, ROOT_IMAGE_HI, image);
    if (st != ELF_OK) {
        boot_error("root task module '%s': %s", mod->cmdline, elf_status_str(st));
    }
    for (unsigned i = 0; i < image->segment_count; i++) {
        load_segment(root, &image->segments[i], file);
    }
    const elf_segment_t *last = &image->segments[image->segment_count - 1];
    return round_up(last->vaddr + last->memsz, PAGE_BITS);
}

/*
 * Maps modules 1.. read-only from `va` on, a guard page after each (no
 * capabilities: their memory never becomes untyped, and the root task reads
 * them through the BootInfo chunk that lists them).
 */
static void map_modules(paddr_t root, vaddr_t va, const boot_params_t *params,
                        root_layout_t *layout)
{
    for (unsigned i = 1; i < params->module_count; i++) {
        const boot_module_t *m = &params->modules[i];
        paddr_t first = round_down(m->start, PAGE_BITS);
        layout->modules[i] = va + (m->start - first);
        for (paddr_t pa = first; pa < m->end; pa += PAGE_SIZE) {
            if (!arch_boot_map_frame(root, va, pa, 0)) {
                boot_error("cannot map boot module %u at 0x%lx", i, va);
            }
            va += PAGE_SIZE;
        }
        va += PAGE_SIZE;
    }
}

void boot_start_root_task(const boot_params_t *params)
{
    elf_image_t *image = &root_image;
    root_layout_t layout;
    cap_t vspace_cap;
    cap_t pool_cap;

    kprintf("cairn: fastpath %s\n", CONFIG_FASTPATH ? "on" : "off");

    if (params->module_count == 0) {
        boot_error("no boot module: pass the root task as the first Multiboot module");
    }
    memset(&layout, 0, sizeof(layout));
    paddr_t root = arch_boot_vspace_create(&vspace_cap, &pool_cap);
    if (root == 0) {
        boot_error("out of memory for the root task's address space");
    }
    tcb_t *tcb = boot_alloc_object(TCB_SIZE_BITS);
    cte_t *cnode = root_cnode_create(tcb, vspace_cap, pool_cap);
    layout.image_frames_start = root_cnode_next_free();
    layout.bootinfo = load_image(root, &params->modules[0], image) + PAGE_SIZE;
    layout.image_frames_end = root_cnode_next_free();
    layout.extra = layout.bootinfo + PAGE_SIZE;
    layout.ipc_buffer = layout.extra + PAGE_SIZE;
    /* One guard page below the stack. */
    layout.stack_base = layout.ipc_buffer + 2 * (word_t)PAGE_SIZE;
    layout.stack_top = layout.stack_base + ROOT_STACK_PAGES * (word_t)PAGE_SIZE;

    void *bi = map_page_with_cap(root, layout.bootinfo, seL4_CapBootInfoFrame);
    layout.extra_pages_start = root_cnode_next_free();
    void *extra = map_page_with_cap(root, layout.extra, 0);
    layout.extra_pages_end = root_cnode_next_free();
    void *ipc_buffer = map_page_with_cap(root, layout.ipc_buffer, seL4_CapInitThreadIPCBuffer);
    map_fresh(root, layout.stack_base, layout.stack_top, VM_WRITE);
    map_modules(root, layout.stack_top + PAGE_SIZE, params, &layout);
    layout.paging_start = root_cnode_next_free();
    arch_boot_paging_caps(root, root_cnode_add);
    layout.paging_end = root_cnode_next_free();
    /* The thread's copy is unmapped, like every copy: deleting it must not unmap the buffer. */
    mdb_insert_derived(&cnode[seL4_CapInitThreadIPCBuffer], &tcb_slots(tcb)[TCB_SLOT_BUFFER],
                       cap_with_b(cnode[seL4_CapInitThreadIPCBuffer].cap, 0));

    bootinfo_fill(bi, extra, &layout, params);

    arch_context_init(&tcb->tcb_arch, image->entry, layout.stack_top, layout.bootinfo);
    tcb->tcb_ipc_buffer = ipc_buffer;
    tcb->tcb_priority = ROOT_PRIORITY;
    tcb->tcb_state = THREAD_RUNNING;
    tcb_set_name(tcb, "rootserver");
    sched_enqueue(tcb);
    sched_run();
}

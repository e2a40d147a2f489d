/*
 * cairn_elf_load (cairn/elfload.h). The parser is the kernel's own
 * (kernel/boot/elf.c, built again with user flags), so the root task's
 * image and the programs it loads pass the same checks.
 */
#include <string.h>

#include <cairn/elfload.h>

#include "boot/elf.h"

enum {
    PAGE = 4096,
    EM_X86_64 = 62,
};

/* User programs live above the null page and below the canonical-address hole. */
#define LOAD_LO 0x1000UL
#define LOAD_HI 0x7f0000000000UL

static elf_image_t image; /* too big for a small stack */

/* Fills one frame through the scratch mapping: the segment's bytes in [va, va + PAGE), zeros
 * elsewhere. */
static cairn_load_status_t fill_page(const cairn_loader_t *l, seL4_CPtr frame, seL4_Word va,
                                     const elf_segment_t *seg, const unsigned char *file)
{
    unsigned char *page = (unsigned char *)(uintptr_t)l->scratch;
    seL4_Word from = seg->vaddr > va ? seg->vaddr : va;
    seL4_Word file_end = seg->vaddr + seg->filesz;
    seL4_Word to = file_end < va + PAGE ? file_end : va + PAGE;

    if (cairn_map_frame(l->alloc, l->own_vspace, frame, l->scratch, seL4_ReadWrite,
                        seL4_X86_Default_VMAttributes | seL4_X86_ExecuteNever) != seL4_NoError) {
        return CAIRN_LOAD_MAP_FAILED;
    }
    memset(page, 0, PAGE);
    if (from < to) {
        memcpy(page + (from - va), file + seg->offset + (from - seg->vaddr), to - from);
    }
    if (l->on_page != NULL) {
        l->on_page(l->on_page_ctx, va, frame, page);
    }
    return seL4_X86_Page_Unmap(frame) == seL4_NoError ? CAIRN_LOAD_OK : CAIRN_LOAD_MAP_FAILED;
}

static cairn_load_status_t load_segment(const cairn_loader_t *l, seL4_CPtr vspace,
                                        const elf_segment_t *seg, const unsigned char *file)
{
    seL4_Word start = seg->vaddr & ~(seL4_Word)(PAGE - 1);
    seL4_Word end = (seg->vaddr + seg->memsz + PAGE - 1) & ~(seL4_Word)(PAGE - 1);
    seL4_CapRights_t rights = (seg->flags & ELF_PF_W) != 0 ? seL4_ReadWrite : seL4_CanRead;
    seL4_Word attr =
        (seg->flags & ELF_PF_X) != 0 ? seL4_X86_Default_VMAttributes : seL4_X86_ExecuteNever;

    for (seL4_Word va = start; va < end; va += PAGE) {
        seL4_CPtr frame = l->alloc->new_object(l->alloc->ctx, seL4_X86_4K, 0);
        if (frame == 0) {
            return CAIRN_LOAD_NO_MEMORY;
        }
        cairn_load_status_t st = fill_page(l, frame, va, seg, file);
        if (st != CAIRN_LOAD_OK) {
            return st;
        }
        seL4_Error err = cairn_map_frame(l->alloc, vspace, frame, va, rights, attr);
        if (err != seL4_NoError) {
            return err == seL4_NotEnoughMemory ? CAIRN_LOAD_NO_MEMORY : CAIRN_LOAD_MAP_FAILED;
        }
    }
    return CAIRN_LOAD_OK;
}

cairn_load_status_t cairn_elf_load(const cairn_loader_t *loader, seL4_CPtr vspace, const void *elf,
                                   seL4_Word size, seL4_Word *entry)
{
    if (elf_parse(elf, size, EM_X86_64, LOAD_LO, LOAD_HI, &image) != ELF_OK) {
        return CAIRN_LOAD_BAD_ELF;
    }
    for (unsigned i = 0; i < image.segment_count; i++) {
        cairn_load_status_t st = load_segment(loader, vspace, &image.segments[i], elf);
        if (st != CAIRN_LOAD_OK) {
            return st;
        }
    }
    *entry = image.entry;
    return CAIRN_LOAD_OK;
}

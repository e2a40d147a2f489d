/*
 * Loading an ELF64 program (such as a boot module) into a fresh address
 * space with libsel4 invocations only: every page gets a new frame, filled
 * while it is mapped at a scratch address in the loader's own address
 * space, then mapped into the target with the segment's rights (no-execute
 * unless PF_X, read-only unless PF_W). The image is validated completely
 * first, by the same parser the kernel uses for the root task.
 */
#ifndef CAIRN_ELFLOAD_H
#define CAIRN_ELFLOAD_H

#include <cairn/vspace.h>

typedef struct cairn_loader {
    const cairn_alloc_t *alloc;
    seL4_CPtr own_vspace; /* the loader's own VSpace */
    seL4_Word scratch;    /* a free page-aligned address in it for filling frames */
    /*
     * Optional: called for every page once it is filled, while it is still
     * mapped at `page` in the loader, with the target address and the
     * frame's capability (to patch values in, or keep the frame).
     */
    void (*on_page)(void *ctx, seL4_Word vaddr, seL4_CPtr frame, unsigned char *page);
    void *on_page_ctx;
} cairn_loader_t;

typedef enum {
    CAIRN_LOAD_OK = 0,
    CAIRN_LOAD_BAD_ELF,    /* not a valid x86_64 executable for the user range */
    CAIRN_LOAD_NO_MEMORY,  /* the allocator ran out */
    CAIRN_LOAD_MAP_FAILED, /* an invocation refused (the target is not empty there?) */
} cairn_load_status_t;

/*
 * Loads elf[0..size) into `vspace`; sets *entry. Not reentrant (the parsed
 * image lives in static memory).
 */
cairn_load_status_t cairn_elf_load(const cairn_loader_t *loader, seL4_CPtr vspace, const void *elf,
                                   seL4_Word size, seL4_Word *entry);

#endif /* CAIRN_ELFLOAD_H */

/*
 * cairn_map_frame (cairn/vspace.h): a failed Map's lookup level names the
 * highest missing structure; it is made and mapped, and the Map tried
 * again, at most once per paging level.
 */
#include <cairn/vspace.h>

enum {
    MAX_MISSING = 3, /* PDPT, page directory, page table */
    BITS_PT = 21,
    BITS_PD = 30,
    BITS_PDPT = 39,
};

/* Maps the structure covering `bits` (21, 30 or 39, as a lookup failure names it). */
static seL4_Error map_structure(seL4_CPtr table, seL4_Word bits, seL4_CPtr vspace, seL4_Word vaddr)
{
    if (bits == BITS_PT) {
        return seL4_X86_PageTable_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes);
    }
    if (bits == BITS_PD) {
        return seL4_X86_PageDirectory_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes);
    }
    return seL4_X86_PDPT_Map(table, vspace, vaddr, seL4_X86_Default_VMAttributes);
}

static seL4_Word structure_type(seL4_Word bits)
{
    if (bits == BITS_PT) {
        return seL4_X86_PageTableObject;
    }
    return bits == BITS_PD ? seL4_X86_PageDirectoryObject : seL4_X86_PDPTObject;
}

/* Makes and maps the structure a failed lookup named (its parents exist: the walk names the first
 * gap). */
static seL4_Error make_structure(const cairn_alloc_t *alloc, seL4_CPtr vspace, seL4_Word vaddr,
                                 seL4_Word bits)
{
    if (bits != BITS_PT && bits != BITS_PD && bits != BITS_PDPT) {
        return seL4_FailedLookup;
    }
    seL4_CPtr table = alloc->new_object(alloc->ctx, structure_type(bits), 0);
    if (table == 0) {
        return seL4_NotEnoughMemory;
    }
    return map_structure(table, bits, vspace, vaddr);
}

seL4_Error cairn_map_frame(const cairn_alloc_t *alloc, seL4_CPtr vspace, seL4_CPtr frame,
                           seL4_Word vaddr, seL4_CapRights_t rights, seL4_Word attr)
{
    for (int made = 0;; made++) {
        seL4_Error err = seL4_X86_Page_Map(frame, vspace, vaddr, rights, attr);
        if (err != seL4_FailedLookup || made == MAX_MISSING) {
            return err;
        }
        err = make_structure(alloc, vspace, vaddr, seL4_MappingFailedLookupLevel());
        if (err != seL4_NoError) {
            return err;
        }
    }
}

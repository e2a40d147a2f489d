/*
 * Image patching (patch.h). A variable the tool writes must have its bytes
 * in the file: a zero-initialised variable lives in .bss, which has none,
 * so the user is told to give it an initial value.
 */
#include "patch.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "elf_file.h"
#include "layout.h"
#include "setvar.h"

typedef enum {
    SYM_OPTIONAL, /* libmicrokit's: absent in programs that do not use it */
    SYM_REQUIRED, /* setvars: the description names them */
} sym_need_t;

/* Where a message about a PD's symbol points, and which file it names. */
typedef struct {
    pd_t *pd;
    loc_t loc;
} sym_ctx_t;

static const char *symbols_file(const pd_t *pd)
{
    return pd->symbols_path != NULL ? pd->symbols_path : pd->image_path;
}

/*
 * Finds symbol `name` of exactly `len` bytes in loaded memory; returns its
 * address, or 0 after reporting (or silently for an absent optional one).
 */
static uint64_t find_symbol(const sym_ctx_t *c, const char *name, uint64_t len, sym_need_t need)
{
    uint64_t addr = 0;
    uint64_t size = 0;

    if (!elf_file_symbol(c->pd->symbols, name, &addr, &size)) {
        if (need == SYM_REQUIRED) {
            diag_error(c->loc, "symbol '%s' not found in program image '%s'", name,
                       symbols_file(c->pd));
        }
        return 0;
    }
    if (size != len) {
        diag_error(c->loc, "symbol '%s' in '%s' is %llu bytes; the tool writes %llu", name,
                   symbols_file(c->pd), (unsigned long long)size, (unsigned long long)len);
        return 0;
    }
    return addr;
}

/* Writes len bytes into the symbol's file bytes, or reports why it cannot. */
static void patch_symbol(const sym_ctx_t *c, const char *name, const void *bytes, uint64_t len,
                         sym_need_t need)
{
    uint64_t addr = find_symbol(c, name, len, need);
    uint64_t off = 0;

    if (addr == 0) {
        return;
    }
    switch (elf_file_locate(c->pd->image, addr, len, true, &off)) {
    case ELF_LOCATE_OK:
        (void)elf_file_patch(c->pd->image, addr, bytes, len);
        break;
    case ELF_LOCATE_BSS:
        diag_error(c->loc,
                   "symbol '%s' in '%s' is in .bss, which has no bytes in the file to "
                   "set: give the variable an initial value so it lands in .data",
                   name, c->pd->image_path);
        break;
    case ELF_LOCATE_OUTSIDE:
    default:
        diag_error(c->loc, "symbol '%s' at %#llx is not inside a loadable segment of '%s'", name,
                   (unsigned long long)addr, c->pd->image_path);
        break;
    }
}

static void patch_u64(const sym_ctx_t *c, const char *name, uint64_t value, sym_need_t need)
{
    uint8_t bytes[8];

    for (unsigned i = 0; i < 8; i++) {
        bytes[i] = (uint8_t)(value >> (8 * i));
    }
    patch_symbol(c, name, bytes, sizeof(bytes), need);
}

/* Out of line: its buffers would swell patch_all()'s frame in sanitizer builds. */
__attribute__((noinline)) static void patch_libmicrokit(system_t *sys, uint32_t i)
{
    pd_t *pd = &sys->pds[i];
    sym_ctx_t c = { pd, pd->image_loc };
    char name[CAIRN_PD_NAME_LENGTH];
    layout_masks_t masks;
    uint8_t passive = pd->passive ? 1 : 0;

    memset(name, 0, sizeof(name));
    strncpy(name, pd->name, sizeof(name) - 1);
    patch_symbol(&c, "microkit_name", name, sizeof(name), SYM_OPTIONAL);
    patch_symbol(&c, "microkit_passive", &passive, 1, SYM_OPTIONAL);
    layout_masks(sys, i, &masks);
    patch_u64(&c, "microkit_irqs", masks.irqs, SYM_OPTIONAL);
    patch_u64(&c, "microkit_notifications", masks.notifications, SYM_OPTIONAL);
    patch_u64(&c, "microkit_pps", masks.pps, SYM_OPTIONAL);
    patch_u64(&c, "microkit_ioports", masks.ioports, SYM_OPTIONAL);
}

typedef struct {
    cairn_spec_patch_t *items;
    uint32_t count;
    uint32_t cap;
} patch_list_t;

/* region_paddr of a region the initialiser places: it writes the address at boot. */
static void defer_paddr(const sym_ctx_t *c, const setvar_entry_t *e, patch_list_t *l)
{
    uint64_t addr = find_symbol(c, e->symbol, 8, SYM_REQUIRED);
    uint64_t off = 0;

    if (addr == 0) {
        return;
    }
    if (elf_file_locate(c->pd->image, addr, 8, false, &off) != ELF_LOCATE_OK) {
        diag_error(c->loc, "symbol '%s' at %#llx is not inside a loadable segment of '%s'",
                   e->symbol, (unsigned long long)addr, c->pd->image_path);
        return;
    }
    cairn_spec_patch_t *p = model_push((void **)&l->items, &l->count, &l->cap, sizeof(*p));
    p->pd = e->pd;
    p->mr = e->mr;
    p->vaddr = addr;
}

static void patch_setvars(system_t *sys, patch_list_t *l)
{
    setvar_entry_t *list = NULL;
    uint32_t n = setvar_collect(sys, &list);

    for (uint32_t i = 0; i < n; i++) {
        const setvar_entry_t *e = &list[i];
        pd_t *pd = &sys->pds[e->pd];
        sym_ctx_t c = { pd, e->loc };
        if (pd->image == NULL || pd->symbols == NULL) {
            continue;
        }
        if (e->kind == SETVAR_PADDR && e->mr != MODEL_NONE && !sys->mrs[e->mr].has_phys_addr) {
            defer_paddr(&c, e, l);
        } else {
            patch_u64(&c, e->symbol, e->value, SYM_REQUIRED);
        }
    }
    free(list);
}

uint32_t patch_all(system_t *sys, cairn_spec_patch_t **patches)
{
    patch_list_t l = { NULL, 0, 0 };

    for (uint32_t i = 0; i < sys->pds_count; i++) {
        if (sys->pds[i].image != NULL && sys->pds[i].symbols != NULL) {
            patch_libmicrokit(sys, i);
        }
    }
    patch_setvars(sys, &l);
    *patches = l.items;
    return l.count;
}

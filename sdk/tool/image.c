/*
 * Loading program images and prefill files (image.h).
 */
#include "image.h"

#include <stdlib.h>

#include "diag.h"
#include "elf_file.h"
#include "files.h"

/* Finds, reads and validates one ELF file named in the description; NULL after reporting. */
static elf_file_t *load_elf(const char *name, loc_t loc)
{
    char *path = files_find(name);
    const char *why = NULL;
    size_t size = 0;

    if (path == NULL) {
        diag_error(loc,
                   "program image '%s' not found in the search path or the current "
                   "directory",
                   name);
        return NULL;
    }
    uint8_t *data = files_read(path, &size, &why);
    free(path);
    if (data == NULL) {
        diag_error(loc, "program image '%s': %s", name, why);
        return NULL;
    }
    elf_file_t *elf = calloc(1, sizeof(*elf));
    if (elf == NULL) {
        free(data);
        diag_tool_error("out of memory");
        return NULL;
    }
    why = elf_file_load(elf, data, size, ELF_USER_LO, ELF_USER_HI);
    if (why != NULL) {
        diag_error(loc, "program image '%s' is not a usable x86_64 executable: %s", name, why);
        free(data);
        free(elf);
        return NULL;
    }
    return elf;
}

/* The IPC buffer: libmicrokit's page-aligned __sel4_ipc_buffer_obj, in writable memory. */
static void find_ipc_buffer(pd_t *pd)
{
    const char *file = pd->symbols_path != NULL ? pd->symbols_path : pd->image_path;
    uint64_t addr = 0;
    uint64_t size = 0;

    if (!elf_file_symbol(pd->symbols, "__sel4_ipc_buffer_obj", &addr, &size)) {
        diag_error(pd->image_loc,
                   "program image '%s' has no symbol '__sel4_ipc_buffer_obj' (the "
                   "IPC buffer, which libmicrokit defines)",
                   file);
        return;
    }
    if ((addr & 0xfff) != 0 || size < IMAGE_IPC_BUFFER_MIN || size > IMAGE_IPC_BUFFER_MAX) {
        diag_error(pd->image_loc,
                   "program image '%s': __sel4_ipc_buffer_obj at %#llx (%llu "
                   "bytes) must be page-aligned and %u..%u bytes",
                   file, (unsigned long long)addr, (unsigned long long)size, IMAGE_IPC_BUFFER_MIN,
                   IMAGE_IPC_BUFFER_MAX);
        return;
    }
    if (!elf_file_inside(pd->image, addr, size, ELF_PF_R | ELF_PF_W)) {
        diag_error(pd->image_loc,
                   "program image '%s': __sel4_ipc_buffer_obj at %#llx is not in a "
                   "writable segment",
                   pd->image_path, (unsigned long long)addr);
        return;
    }
    pd->ipc_buffer = addr;
}

static void load_pd(pd_t *pd)
{
    if (!pd->has_image || pd->image_path == NULL) {
        return;
    }
    pd->image = load_elf(pd->image_path, pd->image_loc);
    pd->symbols = pd->image;
    if (pd->symbols_path != NULL) {
        pd->symbols = load_elf(pd->symbols_path, pd->image_loc);
    }
    if (pd->image != NULL && pd->symbols != NULL) {
        find_ipc_buffer(pd);
    }
}

static void load_prefill(mr_t *mr)
{
    char *path = files_find(mr->prefill_path);
    const char *why = NULL;
    size_t size = 0;

    if (path == NULL) {
        diag_error(mr->loc,
                   "prefill file '%s' not found in the search path or the current "
                   "directory",
                   mr->prefill_path);
        return;
    }
    mr->prefill = files_read(path, &size, &why);
    free(path);
    if (mr->prefill == NULL) {
        diag_error(mr->loc, "prefill file '%s': %s", mr->prefill_path, why);
        return;
    }
    if (size == 0) {
        diag_error(mr->loc, "prefill file '%s' is empty", mr->prefill_path);
    }
    mr->prefill_size = size;
}

void image_load_all(system_t *sys)
{
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        load_pd(&sys->pds[i]);
    }
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        if (sys->mrs[i].prefill_path != NULL) {
            load_prefill(&sys->mrs[i]);
        }
    }
}

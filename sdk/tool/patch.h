/*
 * Patching program images: libmicrokit's variables (microkit_name,
 * microkit_passive and the channel masks, where the program defines them)
 * and every setvar, written into the file bytes of the segment holding the
 * symbol. Symbols are looked up in path_for_symbols when it is given.
 */
#ifndef TOOL_PATCH_H
#define TOOL_PATCH_H

#include <stdint.h>

#include "model.h"

/*
 * Patches every loaded image of a checked system. Values only known at boot
 * (the physical address of a region without phys_addr) become entries of a
 * new array *patches (caller frees) for the initialiser. Returns the number
 * of such entries; problems are reported through diag.h.
 */
uint32_t patch_all(system_t *sys, cairn_spec_patch_t **patches);

#endif /* TOOL_PATCH_H */

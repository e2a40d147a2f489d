/*
 * The outputs the initialiser boots from: the spec blob exactly as
 * cairn/spec.h lays it out (header, tables, strings, patched program
 * images, prefill data; every offset 8-byte aligned), and loader.img, a new
 * ELF64 executable made of the initialiser's PT_LOAD segments plus one
 * read-only PT_LOAD holding the blob at CAIRN_SPEC_VADDR.
 */
#ifndef TOOL_PACK_H
#define TOOL_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "model.h"

/*
 * Builds the spec blob of a checked and patched system into out (empty on
 * entry). `patches` are the values only the initialiser can write. Returns
 * false after reporting if the blob would not fit the format's 32-bit
 * offsets.
 */
bool pack_spec(const system_t *sys, const cairn_spec_patch_t *patches, uint32_t patch_count,
               buf_t *out);

/*
 * Builds loader.img from the initialiser ELF (validated here: an x86_64
 * executable whose segments leave room for the spec) and the spec blob.
 * `init_name` names the initialiser in messages. Returns false after
 * reporting.
 */
bool pack_image(const uint8_t *init, size_t init_size, const char *init_name, const buf_t *spec,
                buf_t *out);

#endif /* TOOL_PACK_H */

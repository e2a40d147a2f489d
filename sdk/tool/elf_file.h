/*
 * Program images as the tool sees them: an ELF64 file held in memory,
 * validated by the kernel's own loader checks (kernel/boot/elf.c, so the
 * tool refuses exactly what the initialiser's loader would), plus its
 * symbol table, so libmicrokit's variables and setvars can be found and
 * their initial bytes patched in the file.
 */
#ifndef TOOL_ELF_FILE_H
#define TOOL_ELF_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/elf.h"
#include "cairn/spec.h"

/* Where program images may place segments: above page 0, below the PD stack area. */
#define ELF_USER_LO 0x1000ull
#define ELF_USER_HI (CAIRN_PD_STACK_TOP - CAIRN_PD_MAX_STACK)

typedef struct elf_file {
    uint8_t *data; /* the whole file, owned; patches change it in place */
    size_t size;
    elf_image_t info; /* entry point and PT_LOAD segments, sorted */
    bool has_symtab;
    uint64_t symtab_offset; /* of the first Elf64_Sym */
    uint64_t symtab_count;
    uint64_t strtab_offset;
    uint64_t strtab_size;
} elf_file_t;

typedef enum {
    ELF_LOCATE_OK,
    ELF_LOCATE_OUTSIDE, /* not inside any PT_LOAD segment */
    ELF_LOCATE_BSS,     /* inside a segment, but beyond its file bytes */
} elf_locate_t;

/*
 * Validates data[0..size) as an x86_64 ELF64 executable whose segments lie in
 * [lo, hi), and reads its symbol table location. On success the file takes
 * ownership of data and NULL is returned; otherwise a short reason (data is
 * then still the caller's).
 */
const char *elf_file_load(elf_file_t *elf, uint8_t *data, size_t size, uint64_t lo, uint64_t hi);

/* Frees the file's bytes. */
void elf_file_free(elf_file_t *elf);

/*
 * Looks up a defined symbol by name in .symtab. Returns true and its value
 * and size if found.
 */
bool elf_file_symbol(const elf_file_t *elf, const char *name, uint64_t *value, uint64_t *size);

/*
 * Where bytes [vaddr, vaddr + len) of the loaded program come from: with
 * ELF_LOCATE_OK, *offset is their offset in the file. `need_file` false
 * accepts bytes beyond the file part of a segment (zero-filled at load).
 */
elf_locate_t elf_file_locate(const elf_file_t *elf, uint64_t vaddr, uint64_t len, bool need_file,
                             uint64_t *offset);

/* True if [vaddr, vaddr + len) lies inside one segment whose flags include `flags`. */
bool elf_file_inside(const elf_file_t *elf, uint64_t vaddr, uint64_t len, uint32_t flags);

/*
 * Writes len bytes at vaddr into the file bytes; the range must have been
 * located with ELF_LOCATE_OK. Returns false if it was not.
 */
bool elf_file_patch(elf_file_t *elf, uint64_t vaddr, const void *bytes, uint64_t len);

#endif /* TOOL_ELF_FILE_H */

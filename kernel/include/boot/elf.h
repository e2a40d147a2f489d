/*
 * ELF64 validation for boot modules: checks a program image completely before
 * anything is mapped, so a malformed module is a boot error, never a crash.
 */
#ifndef BOOT_ELF_H
#define BOOT_ELF_H

#include "../types.h"

enum {
    ELF_MAX_SEGMENTS = 16,
    ELF_PF_X = 1,
    ELF_PF_W = 2,
    ELF_PF_R = 4,
};

typedef struct {
    word_t vaddr;
    word_t memsz;
    word_t filesz;
    word_t offset;  /* of the file bytes within the image */
    uint32_t flags; /* ELF_PF_* */
} elf_segment_t;

typedef struct {
    word_t entry;
    unsigned segment_count;
    elf_segment_t segments[ELF_MAX_SEGMENTS]; /* non-empty PT_LOAD, sorted by vaddr */
} elf_image_t;

typedef enum {
    ELF_OK = 0,
    ELF_ERR_TRUNCATED,   /* smaller than an ELF header */
    ELF_ERR_MAGIC,       /* not \x7fELF */
    ELF_ERR_CLASS,       /* not ELFCLASS64 */
    ELF_ERR_DATA,        /* not little-endian */
    ELF_ERR_VERSION,     /* e_ident or e_version not EV_CURRENT */
    ELF_ERR_TYPE,        /* not ET_EXEC */
    ELF_ERR_MACHINE,     /* not the expected e_machine */
    ELF_ERR_PHDRS,       /* program header table malformed or outside the file */
    ELF_ERR_NO_SEGMENTS, /* no PT_LOAD segment */
    ELF_ERR_TOO_MANY,    /* more than ELF_MAX_SEGMENTS PT_LOAD segments */
    ELF_ERR_FILE_RANGE,  /* a segment's file bytes are outside the file */
    ELF_ERR_FILESZ,      /* p_filesz > p_memsz */
    ELF_ERR_ADDR_RANGE,  /* a segment is outside the allowed address range */
    ELF_ERR_OVERLAP,     /* two segments share a page */
    ELF_ERR_ENTRY,       /* entry point not inside an executable segment */
} elf_status_t;

/*
 * Validates the ELF64 image data[0..size) for machine `machine` (EM_X86_64 is
 * 62) and fills out with its loadable segments. Every segment, rounded out to
 * pages, must lie in [lo, hi) and no two may share a page. No arithmetic on
 * file values may overflow: each sum is checked first. Returns ELF_OK or the
 * first problem found; out is unspecified on error.
 */
elf_status_t elf_parse(const uint8_t *data, word_t size, uint16_t machine, word_t lo, word_t hi,
                       elf_image_t *out);

/* A one-line description of a status, for boot error messages. */
const char *elf_status_str(elf_status_t status);

#endif /* BOOT_ELF_H */

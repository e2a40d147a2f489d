/*
 * Multiboot (version 1) information parsing. The structures are read through
 * the kernel window (arch_kernel_window), so a pointer the loader got wrong
 * is an error, never a wild read.
 */
#ifndef BOOT_MULTIBOOT_H
#define BOOT_MULTIBOOT_H

#include "params.h"

enum {
    MULTIBOOT_BOOT_MAGIC = 0x2BADB002, /* in EAX when a Multiboot loader jumps to us */
};

typedef enum {
    MB_OK = 0,
    MB_ERR_MAGIC,         /* EAX did not hold the Multiboot magic */
    MB_ERR_INFO,          /* the info structure is not readable */
    MB_ERR_NO_MEMORY_MAP, /* flags bit 6 clear: no memory map */
    MB_ERR_MEMORY_MAP,    /* map unreadable or an entry is malformed */
    MB_ERR_MODULES,       /* module list unreadable or a module is malformed */
    MB_ERR_TOO_MANY,      /* more RAM regions or modules than boot_params_t holds */
} mb_status_t;

/*
 * Parses the Multiboot information at physical address info_pa into out.
 * RAM regions are the map's type-1 entries, page-aligned inward, sorted and
 * merged; empty ones are dropped. Returns MB_OK or the first problem found;
 * out is unspecified on error.
 */
mb_status_t multiboot_parse(uint32_t magic, paddr_t info_pa, boot_params_t *out);

/* A one-line description of a status, for boot error messages. */
const char *multiboot_status_str(mb_status_t status);

#endif /* BOOT_MULTIBOOT_H */

/*
 * The report (-r report.txt): for people, not programs. Every PD with its
 * parameters, objects, capabilities slot by slot, mappings, channels, IRQs,
 * I/O ports and memory cost; then the memory regions and the totals.
 */
#ifndef TOOL_REPORT_H
#define TOOL_REPORT_H

#include <stdint.h>

#include <stdio.h>

#include "model.h"

/* What the report says about the run itself. */
typedef struct {
    const char *board;
    const char *config;
    const char *image_path;
    uint64_t image_size;
    uint64_t spec_size;
    uint32_t boot_patches; /* values the initialiser writes at boot */
} report_info_t;

/* Writes the report of a checked, patched system to f. */
void report_write(FILE *f, const system_t *sys, const report_info_t *info);

#endif /* TOOL_REPORT_H */

/*
 * Writing the tool's outputs for a checked, patched system: loader.img, the
 * kernel ELFs copied beside it, the report, and the diagram (.dot, and
 * .svg when Graphviz is installed), with the SDK's default locations for
 * the initialiser and kernels.
 */
#ifndef TOOL_OUTPUT_H
#define TOOL_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "options.h"

typedef struct {
    cairn_spec_patch_t *patches; /* values the initialiser writes at boot */
    uint32_t patch_count;
} output_t;

/*
 * Writes every output. argv0 locates the SDK when /proc/self/exe cannot.
 * Returns false after reporting a problem.
 */
bool output_write_all(const options_t *opts, const system_t *sys, const output_t *out,
                      const char *argv0);

#endif /* TOOL_OUTPUT_H */

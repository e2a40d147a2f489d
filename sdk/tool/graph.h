/*
 * The architecture diagram: a Graphviz description of the system (PDs as
 * boxes with name and priority, channels as edges marked pp or notify,
 * parent-child links, shared memory regions, IRQs and I/O ports as nodes).
 */
#ifndef TOOL_GRAPH_H
#define TOOL_GRAPH_H

#include <stdbool.h>

#include <stdio.h>

#include "model.h"

/* Writes the diagram of a checked system in the dot language to f. */
void graph_write(FILE *f, const system_t *sys);

/*
 * Renders dot_path to svg_path with Graphviz's `dot -Tsvg` if `dot` is on
 * PATH. Returns false only if dot was found and failed; *ran tells whether
 * it was found.
 */
bool graph_render_svg(const char *dot_path, const char *svg_path, bool *ran);

#endif /* TOOL_GRAPH_H */

/*
 * Diagnostics in gcc's form, "FILE:LINE:COL: error: MESSAGE", counted so a
 * run reports every independent problem and then fails once. Messages about
 * the description name its file; tool-level ones start with "cairn:".
 */
#ifndef TOOL_DIAG_H
#define TOOL_DIAG_H

#include <stdio.h>

#include "model.h"

/*
 * Starts a run: messages about the description name `file`; they go to `out`
 * (stderr in the tool; NULL keeps only the counts, as the fuzz target does).
 * Resets the error and warning counts.
 */
void diag_begin(const char *file, FILE *out);

/* An error at a line of the description (line 0: the file as a whole). */
__attribute__((format(printf, 2, 3))) void diag_error(loc_t loc, const char *fmt, ...);

/* The same at a line and column that libxml2 reported. */
__attribute__((format(printf, 3, 4))) void diag_error_at(unsigned line, unsigned col,
                                                         const char *fmt, ...);

/* A warning at a line of the description; it does not fail the run. */
__attribute__((format(printf, 2, 3))) void diag_warn(loc_t loc, const char *fmt, ...);

/* "cairn: error: ..." and "cairn: warning: ..." for problems outside the description. */
__attribute__((format(printf, 1, 2))) void diag_tool_error(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void diag_tool_warn(const char *fmt, ...);

/* Prints the held messages about the description, in line order. */
void diag_flush(void);

/* Errors reported since diag_begin(). */
unsigned diag_error_count(void);

#endif /* TOOL_DIAG_H */

/*
 * Diagnostics (diag.h). One global state: the tool is single-threaded and
 * every stage reports through here, so the counts are the run's verdict.
 */
#include "diag.h"

#include <stdarg.h>

#include <stdio.h>

static const char *diag_file = "";
static FILE *diag_out;
static unsigned diag_errors;

void diag_begin(const char *file, FILE *out)
{
    diag_file = file;
    diag_out = out;
    diag_errors = 0;
}

__attribute__((format(printf, 5, 0))) static void emit(const char *where, unsigned line,
                                                       unsigned col, const char *kind,
                                                       const char *fmt, va_list ap)
{
    if (diag_out == NULL) {
        return;
    }
    if (line == 0) {
        (void)fprintf(diag_out, "%s: %s: ", where, kind);
    } else {
        (void)fprintf(diag_out, "%s:%u:%u: %s: ", where, line, col, kind);
    }
    (void)vfprintf(diag_out, fmt, ap);
    (void)fputc('\n', diag_out);
}

void diag_error(loc_t loc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    emit(diag_file, loc.line, 1, "error", fmt, ap);
    va_end(ap);
    diag_errors++;
}

void diag_error_at(unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    emit(diag_file, line, col == 0 ? 1 : col, "error", fmt, ap);
    va_end(ap);
    diag_errors++;
}

void diag_warn(loc_t loc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    emit(diag_file, loc.line, 1, "warning", fmt, ap);
    va_end(ap);
}

void diag_tool_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    emit("cairn", 0, 0, "error", fmt, ap);
    va_end(ap);
    diag_errors++;
}

void diag_tool_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    emit("cairn", 0, 0, "warning", fmt, ap);
    va_end(ap);
}

unsigned diag_error_count(void)
{
    return diag_errors;
}

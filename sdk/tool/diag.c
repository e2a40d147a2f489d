/*
 * Diagnostics (diag.h). One global state: the tool is single-threaded and
 * every stage reports through here, so the counts are the run's verdict.
 * Messages about the description are held until diag_flush() and then
 * printed in line order, as a compiler would, whatever order the checks
 * found them in.
 */
#include "diag.h"

#include <stdarg.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned line;
    unsigned seq; /* keeps messages of one line in the order they were found */
    char *text;
} held_t;

static const char *diag_file = "";
static FILE *diag_out;
static unsigned diag_errors;
static held_t *held;
static unsigned held_count;
static unsigned held_cap;

void diag_begin(const char *file, FILE *out)
{
    diag_flush();
    diag_file = file;
    diag_out = out;
    diag_errors = 0;
}

static void hold(unsigned line, char *text)
{
    if (held_count == held_cap) {
        unsigned cap = held_cap == 0 ? 16 : held_cap * 2;
        held_t *bigger = realloc(held, cap * sizeof(*held));
        if (bigger == NULL) {
            (void)fputs(text, diag_out);
            free(text);
            return;
        }
        held = bigger;
        held_cap = cap;
    }
    held[held_count] = (held_t){ line, held_count, text };
    held_count++;
}

static int by_line(const void *a, const void *b)
{
    const held_t *x = a;
    const held_t *y = b;

    if (x->line != y->line) {
        return x->line < y->line ? -1 : 1;
    }
    return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : 0;
}

void diag_flush(void)
{
    if (held_count > 0) {
        qsort(held, held_count, sizeof(*held), by_line);
    }
    for (unsigned i = 0; i < held_count; i++) {
        if (diag_out != NULL) {
            (void)fputs(held[i].text, diag_out);
        }
        free(held[i].text);
    }
    free(held);
    held = NULL;
    held_count = 0;
    held_cap = 0;
}

/* Formats one whole message line into a new string, or NULL. */
__attribute__((format(printf, 5, 0))) static char *format(const char *where, unsigned line,
                                                          unsigned col, const char *kind,
                                                          const char *fmt, va_list ap)
{
    char head[64];
    va_list again;

    if (line == 0) {
        (void)snprintf(head, sizeof(head), ": %s: ", kind);
    } else {
        (void)snprintf(head, sizeof(head), ":%u:%u: %s: ", line, col, kind);
    }
    va_copy(again, ap);
    int body = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    if (body < 0) {
        return NULL;
    }
    size_t prefix = strlen(where) + strlen(head);
    char *text = malloc(prefix + (size_t)body + 2);
    if (text != NULL) {
        (void)snprintf(text, prefix + 1, "%s%s", where, head);
        (void)vsnprintf(text + prefix, (size_t)body + 1, fmt, ap);
        text[prefix + (size_t)body] = '\n';
        text[prefix + (size_t)body + 1] = '\0';
    }
    return text;
}

/* Messages about the description are held for diag_flush(); the tool's own go out at once. */
__attribute__((format(printf, 5, 0))) static void emit(const char *where, unsigned line,
                                                       unsigned col, const char *kind,
                                                       const char *fmt, va_list ap)
{
    if (diag_out == NULL) {
        return;
    }
    char *text = format(where, line, col, kind, fmt, ap);
    if (text == NULL) {
        return;
    }
    if (where == diag_file) {
        hold(line, text);
    } else {
        (void)fputs(text, diag_out);
        free(text);
    }
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

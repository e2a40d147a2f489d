/*
 * The kernel's formatted output: a small printf for the debug console and for
 * buffers. Supports %d %i %u %x %X %p %s %c %% with flags '-' and '0', a field
 * width, and the length modifiers l, ll and z. Unknown conversions print
 * verbatim so a bad format never reads a missing argument.
 */
#ifndef PRINTF_H
#define PRINTF_H

#include <stdarg.h>

#include "types.h"

/*
 * Formats into buf (always NUL-terminated when size > 0). Returns the length
 * the full output would have had, like C's vsnprintf.
 */
size_t kvsnprintf(char *buf, size_t size, const char *fmt, va_list args);
size_t ksnprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Formats to the debug console; returns the number of bytes written. */
size_t kprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
size_t kvprintf(const char *fmt, va_list args);

/* Writes a string to the debug console without formatting. */
void kputs(const char *s);

#endif /* PRINTF_H */

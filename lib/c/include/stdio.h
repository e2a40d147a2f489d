/*
 * Formatted output for user programs, written to the kernel's debug console
 * with seL4_DebugPutChar. The conversions are the kernel printf's (see
 * kernel/include/printf.h): %d %i %u %x %X %p %s %c %% with '-', '0', width
 * and the l, ll and z modifiers.
 */
#ifndef CAIRN_LIBC_STDIO_H
#define CAIRN_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int putchar(int c);
/* Writes s and a newline. */
int puts(const char *s);

#endif /* CAIRN_LIBC_STDIO_H */

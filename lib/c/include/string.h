/*
 * The string functions of Cairn's small user C library. The implementations
 * are the kernel's own (kernel/lib/string.c), built again for user mode.
 */
#ifndef CAIRN_LIBC_STRING_H
#define CAIRN_LIBC_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strncmp(const char *a, const char *b, size_t n);
int strcmp(const char *a, const char *b);

#endif /* CAIRN_LIBC_STRING_H */

/*
 * The freestanding subset of <string.h> the kernel uses (kernel/lib/string.c).
 * gcc and clang may emit calls to memcpy/memset/memmove/memcmp themselves, so
 * these keep their standard names and contracts. The host unit tests build
 * string.c with those names renamed to kern_* (tests/unit/build.mk), so
 * test_string.c tests the kernel's copies while other host-built code calls libc's.
 */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include "types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
/* Length of s, but at most max: never reads past s[max - 1]. */
size_t strnlen(const char *s, size_t max);
int strncmp(const char *a, const char *b, size_t n);
/* Copies at most size - 1 bytes and always terminates (size > 0). */
size_t kstrlcpy(char *dst, const char *src, size_t size);

#endif /* KERNEL_STRING_H */

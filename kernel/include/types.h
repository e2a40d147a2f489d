/*
 * Basic kernel types and attribute macros shared by every generic file.
 * Machine word sizes come from the selected architecture's <arch/types.h>.
 */
#ifndef TYPES_H
#define TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <arch/types.h>

#define NORETURN          __attribute__((noreturn))
#define UNUSED            __attribute__((unused))
#define ALWAYS_INLINE     inline __attribute__((always_inline))
#define PACKED            __attribute__((packed))
#define ALIGNED(n)        __attribute__((aligned(n)))
#define WARN_UNUSED       __attribute__((warn_unused_result))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* TYPES_H */

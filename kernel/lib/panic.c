/*
 * The two ways the kernel stops itself: panic() for kernel bugs and
 * boot_error() for a machine or boot module the kernel cannot run with.
 */
#include <stdarg.h>

#include "arch.h"
#include "kernel.h"
#include "printf.h"

static void vprint(const char *prefix, const char *fmt, va_list args)
{
    char buf[200];

    kvsnprintf(buf, sizeof(buf), fmt, args);
    kprintf("cairn: %s: %s\n", prefix, buf);
}

void panic(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprint("panic", fmt, args);
    va_end(args);
    arch_system_exit(SYSTEM_EXIT_PANIC);
}

void boot_error(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprint("boot error", fmt, args);
    va_end(args);
    arch_system_exit(SYSTEM_EXIT_BOOT_ERROR);
}

/*
 * User-mode stdio on top of the kernel's formatting engine (kernel/lib/
 * printf.c, built into this library too, so there is one implementation to
 * test). Output goes to the debug console one character at a time.
 */
#include <stdio.h>

#include <sel4/sel4.h>

#include "arch.h"
#include "printf.h"

/* kernel/lib/printf.c writes through this arch hook; in user mode it is a syscall. */
void arch_console_putc(char c)
{
    seL4_DebugPutChar(c);
}

static int clamp_int(size_t n)
{
    return n > 0x7fffffff ? 0x7fffffff : (int)n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    return clamp_int(kvsnprintf(buf, size, fmt, args));
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    int n = vsnprintf(buf, size, fmt, args);
    va_end(args);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    size_t n = kvprintf(fmt, args);
    va_end(args);
    return clamp_int(n);
}

int putchar(int c)
{
    seL4_DebugPutChar((char)c);
    return (unsigned char)c;
}

int puts(const char *s)
{
    kputs(s);
    seL4_DebugPutChar('\n');
    return 1;
}

/*
 * Kernel-wide facts: the version, how the machine ends (the codes QEMU's
 * isa-debug-exit turns into its exit status) and the panic path for
 * conditions no user input can reach.
 */
#ifndef KERNEL_H
#define KERNEL_H

#include "types.h"

#define CAIRN_VERSION "0.1.0"

/*
 * Written to the isa-debug-exit port; QEMU exits with (code << 1) | 1.
 * tools/qemu-run maps these back to meaningful exit statuses.
 */
enum system_exit {
    SYSTEM_EXIT_PASS = 0x10,       /* status 33: a test run passed */
    SYSTEM_EXIT_FAIL = 0x11,       /* status 35: a test run failed */
    SYSTEM_EXIT_HALT = 0x12,       /* status 37: seL4_DebugHalt */
    SYSTEM_EXIT_IDLE = 0x13,       /* status 39: no thread can ever run again */
    SYSTEM_EXIT_PANIC = 0x14,      /* status 41: kernel bug */
    SYSTEM_EXIT_BOOT_ERROR = 0x15, /* status 43: bad boot modules or machine */
};

/* Prints "cairn: panic: ..." and ends the machine. Kernel bugs only. */
NORETURN void panic(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Prints "cairn: boot error: ..." and ends the machine. */
NORETURN void boot_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif /* KERNEL_H */

/*
 * The libsel4-compatible user API: include this one header. It grows with the
 * kernel; the invocation stubs will be generated from interface/ (issue 3).
 */
#ifndef SEL4_SEL4_H
#define SEL4_SEL4_H

#include <sel4/bootinfo_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscall_numbers.h>
#include <sel4/syscalls.h>

#endif /* SEL4_SEL4_H */

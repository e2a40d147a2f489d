/*
 * The libsel4-compatible user API: include this one header. The invocation
 * stubs and labels come from tools/sel4gen (the XML in interface/), so user builds
 * need -I $(GEN_DIR)/include as well as lib/sel4/include and the arch dir.
 */
#ifndef SEL4_SEL4_H
#define SEL4_SEL4_H

#include <sel4/bootinfo_types.h>
#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/functions.h>
#include <sel4/interface_stubs.h>
#include <sel4/invocation.h>
#include <sel4/objecttype.h>
#include <sel4/simple_types.h>
#include <sel4/syscall_numbers.h>
#include <sel4/syscalls.h>
#include <sel4/types.h>

#endif /* SEL4_SEL4_H */

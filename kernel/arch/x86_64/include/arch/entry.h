/*
 * Numbers the entry code (trap/entry.S) needs as plain constants; trap.c
 * checks each against its C definition.
 */
#ifndef ARCH_ENTRY_H
#define ARCH_ENTRY_H

/* The system calls the entry hands to a fastpath (seL4's numbers, sel4/syscall_numbers.h). */
#define ENTRY_SYS_CALL       (-1)
#define ENTRY_SYS_REPLY_RECV (-2)
#define ENTRY_SYS_SEND       (-5)
#define ENTRY_SYS_NULL       (-19)

#endif /* ARCH_ENTRY_H */

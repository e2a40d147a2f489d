/*
 * Program images and prefill data: finds each file on the search path,
 * reads it, validates program images as x86_64 executables that fit a PD's
 * address space, and finds each PD's IPC buffer (__sel4_ipc_buffer_obj).
 */
#ifndef TOOL_IMAGE_H
#define TOOL_IMAGE_H

#include "model.h"

/* The smallest and largest __sel4_ipc_buffer_obj: sizeof(seL4_IPCBuffer) to a page. */
#define IMAGE_IPC_BUFFER_MIN 1024u
#define IMAGE_IPC_BUFFER_MAX 4096u

/*
 * Loads every PD's program image (and path_for_symbols file) and every
 * region's prefill file, reporting what is missing or malformed at the
 * element that names it. A PD whose image fails keeps image == NULL.
 */
void image_load_all(system_t *sys);

#endif /* TOOL_IMAGE_H */

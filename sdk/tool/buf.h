/*
 * A growable byte buffer: the spec blob and the output image are built in
 * one before they are written. Out of memory ends the tool with a message.
 */
#ifndef TOOL_BUF_H
#define TOOL_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *data;
    size_t size;
    size_t cap;
} buf_t;

/* Appends n bytes (zeroes when bytes is NULL); returns their offset. */
size_t buf_append(buf_t *b, const void *bytes, size_t n);

/* Appends zero bytes until the size is a multiple of align (a power of two). */
void buf_align(buf_t *b, size_t align);

/* Overwrites n bytes at offset off, which must lie inside the buffer. */
void buf_write_at(buf_t *b, size_t off, const void *bytes, size_t n);

void buf_free(buf_t *b);

#endif /* TOOL_BUF_H */

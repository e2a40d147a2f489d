/*
 * Growable byte buffer (buf.h).
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static void grow(buf_t *b, size_t need)
{
    size_t cap = b->cap == 0 ? 4096 : b->cap;

    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    uint8_t *bigger = realloc(b->data, cap);
    if (bigger == NULL) {
        model_out_of_memory();
    }
    b->data = bigger;
    b->cap = cap;
}

size_t buf_append(buf_t *b, const void *bytes, size_t n)
{
    size_t off = b->size;

    if (n > SIZE_MAX - b->size) {
        model_out_of_memory();
    }
    if (b->size + n > b->cap) {
        grow(b, b->size + n);
    }
    if (n != 0) {
        if (bytes == NULL) {
            memset(b->data + off, 0, n);
        } else {
            memcpy(b->data + off, bytes, n);
        }
    }
    b->size += n;
    return off;
}

void buf_align(buf_t *b, size_t align)
{
    size_t pad = (align - (b->size & (align - 1))) & (align - 1);

    (void)buf_append(b, NULL, pad);
}

void buf_write_at(buf_t *b, size_t off, const void *bytes, size_t n)
{
    if (off <= b->size && n <= b->size - off) {
        memcpy(b->data + off, bytes, n);
    }
}

void buf_free(buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->size = 0;
    b->cap = 0;
}

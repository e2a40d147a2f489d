/*
 * The replay driver: a main() for the fuzz targets built without libFuzzer
 * (tests/fuzz/build.mk). It feeds each file named on the command line to
 * LLVMFuzzerTestOneInput, in an exactly sized heap buffer as libFuzzer
 * does, and prints "replay: ok FILE" after each, so tools/run-fuzz-replay
 * can count passes and name the file that crashed.
 */
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

/* Reads a whole file into a buffer of exactly its size (one byte if empty). */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0;
    size_t cap = 0;

    if (f == NULL) {
        return NULL;
    }
    for (;;) {
        if (len == cap) {
            cap = cap == 0 ? 4096 : cap * 2;
            uint8_t *bigger = realloc(buf, cap);
            if (bigger == NULL) {
                free(buf);
                (void)fclose(f);
                return NULL;
            }
            buf = bigger;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            break;
        }
    }
    if (ferror(f) != 0) {
        free(buf);
        (void)fclose(f);
        return NULL;
    }
    (void)fclose(f);
    /* Exactly sized, so ASan sees a read one past the input's end. */
    uint8_t *exact = malloc(len == 0 ? 1 : len);
    if (exact != NULL) {
        for (size_t i = 0; i < len; i++) {
            exact[i] = buf[i];
        }
    }
    free(buf);
    *size = len;
    return exact;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        size_t size = 0;
        uint8_t *data = read_file(argv[i], &size);
        if (data == NULL) {
            (void)fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 2;
        }
        (void)LLVMFuzzerTestOneInput(data, size);
        free(data);
        (void)printf("replay: ok %s\n", argv[i]);
        (void)fflush(stdout);
    }
    return 0;
}

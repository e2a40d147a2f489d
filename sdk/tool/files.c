/*
 * File access for the tool (files.h): POSIX stat/open and stdio only.
 */
#include "files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <sys/stat.h>

#include "model.h"

static const char *const *search_dirs;
static unsigned search_count;

bool files_exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Reads exactly size bytes of f into a new buffer, or NULL. */
static uint8_t *read_all(FILE *f, size_t size, const char **why)
{
    uint8_t *data = malloc(size == 0 ? 1 : size);

    if (data == NULL) {
        *why = "out of memory";
        return NULL;
    }
    if (size != 0 && fread(data, 1, size, f) != size) {
        *why = "read error";
        free(data);
        return NULL;
    }
    return data;
}

uint8_t *files_read(const char *path, size_t *size, const char **why)
{
    struct stat st;

    if (stat(path, &st) != 0) {
        *why = "no such file";
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        *why = "not a regular file";
        return NULL;
    }
    if ((uint64_t)st.st_size > FILES_MAX_SIZE) {
        *why = "larger than 1 GiB";
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        *why = "cannot be opened";
        return NULL;
    }
    *size = (size_t)st.st_size;
    uint8_t *data = read_all(f, *size, why);
    (void)fclose(f);
    return data;
}

void files_set_search_path(const char *const *dirs, unsigned count)
{
    search_dirs = dirs;
    search_count = count;
}

char *files_join(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *s = malloc(len);

    if (s == NULL) {
        model_out_of_memory();
    }
    (void)snprintf(s, len, "%s/%s", dir, name);
    return s;
}

char *files_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL) {
        return model_strdup(".");
    }
    if (slash == path) {
        return model_strdup("/");
    }
    char *dir = model_strdup(path);
    dir[slash - path] = '\0';
    return dir;
}

char *files_find(const char *name)
{
    if (name[0] == '\0') {
        return NULL;
    }
    if (name[0] == '/') {
        return files_exists(name) ? model_strdup(name) : NULL;
    }
    for (unsigned i = 0; i < search_count; i++) {
        char *path = files_join(search_dirs[i], name);
        if (files_exists(path)) {
            return path;
        }
        free(path);
    }
    return files_exists(name) ? model_strdup(name) : NULL;
}

bool files_write(const char *path, const void *data, size_t size, const char **why)
{
    FILE *f = fopen(path, "wb");

    if (f == NULL) {
        *why = strerror(errno); /* NOLINT(concurrency-mt-unsafe): single-threaded tool */
        return false;
    }
    bool ok = size == 0 || fwrite(data, 1, size, f) == size;
    if (fclose(f) != 0) {
        ok = false;
    }
    if (!ok) {
        *why = "write error";
    }
    return ok;
}

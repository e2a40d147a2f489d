/*
 * Files the tool reads and writes: whole-file reads with a size limit, the
 * search path for program images and prefill files (the --search-path
 * directories in order, then the current directory), copies and writes.
 */
#ifndef TOOL_FILES_H
#define TOOL_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Files larger than this are refused: the spec's offsets are 32-bit. */
#define FILES_MAX_SIZE (1024ull * 1024 * 1024)

/*
 * Reads a whole regular file into a new buffer (caller frees). Returns NULL
 * and sets *why to a short reason when it cannot.
 */
uint8_t *files_read(const char *path, size_t *size, const char **why);

/* Sets the directories files_find() searches (the array must outlive its use). */
void files_set_search_path(const char *const *dirs, unsigned count);

/*
 * Finds `name` (absolute, or relative: tried in each search directory, then
 * the current directory). Returns a new string with the path found (caller
 * frees), or NULL.
 */
char *files_find(const char *name);

/* Writes size bytes to path (replacing it). Returns false with *why set on failure. */
bool files_write(const char *path, const void *data, size_t size, const char **why);

/* Joins a directory and a file name into a new string (caller frees). */
char *files_join(const char *dir, const char *name);

/* The directory part of a path, as a new string ("." when there is none). */
char *files_dirname(const char *path);

/* True if path names an existing regular file. */
bool files_exists(const char *path);

#endif /* TOOL_FILES_H */

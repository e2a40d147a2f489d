/*
 * The command line, Microkit's: `cairn SYSTEM --board B --config C
 * [--search-path DIR...] [-o IMAGE] [-r REPORT]` and its other options,
 * plus Cairn's --initialiser and --kernel-dir. Options Cairn has no use
 * for are accepted with a warning, never refused.
 */
#ifndef TOOL_OPTIONS_H
#define TOOL_OPTIONS_H

#include <stdbool.h>

enum {
    EXIT_BAD_SYSTEM = 1, /* a bad system description, or a file the tool could not use */
    EXIT_USAGE = 2,      /* unknown option, missing argument, unknown board or config */
};

typedef struct {
    const char *system;
    const char *board;
    const char *config;
    const char *output;
    const char *report;
    const char *initialiser; /* NULL: the SDK's default for the board and config */
    const char *kernel_dir;  /* NULL: the SDK's default */
    const char *override_kernel;
    const char **search; /* --search-path directories, in order */
    unsigned search_count;
    bool help;
} options_t;

/*
 * Parses argv into opts (which points into argv). Returns 0 on success, or
 * EXIT_USAGE after printing why and the usage line to stderr. Warnings for
 * accepted-but-unused options go to stderr too.
 */
int options_parse(int argc, char **argv, options_t *opts);

/* Prints the help text to stdout. */
void options_help(void);

/* Frees what options_parse() allocated. */
void options_free(options_t *opts);

#endif /* TOOL_OPTIONS_H */

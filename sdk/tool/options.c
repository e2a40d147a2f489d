/*
 * Command-line parsing (options.h), following Microkit's argument rules:
 * one positional system file, --search-path takes every following word
 * that does not start with '-', and every other option takes one value.
 */
#include "options.h"

#include <stdarg.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const boards[] = { "x86_64_generic", NULL };
static const char *const configs[] = { "debug", "release", "benchmark", NULL };

static const char usage[] = "usage: cairn [-h] [OPTIONS] --board BOARD --config CONFIG "
                            "[--search-path SEARCH_PATH ...] system\n";

void options_help(void)
{
    (void)fputs(usage, stdout);
    (void)fputs("\npositional arguments:\n  system                   the system description "
                "(SDF XML)\n\noptions:\n"
                "  -h, --help               show this help and exit\n"
                "  -o, --output IMAGE       the bootable image (default loader.img)\n"
                "  -r, --report REPORT      the report (default report.txt)\n"
                "  --board BOARD            x86_64_generic\n"
                "  --config CONFIG          debug, release or benchmark\n"
                "  --search-path DIR ...    where program images and prefill files are found\n"
                "  --initialiser PATH       the initialiser ELF (default: the SDK's)\n"
                "  --kernel-dir DIR         where sel4.elf and sel4_32.elf are (default: the "
                "SDK's)\n"
                "  --override-kernel KERNEL copy this kernel as sel4.elf instead\n"
                "  --image-type TYPE        binary, elf or uimage; x86_64 images are always ELF\n"
                "  --capdl-json PATH        accepted; Cairn has no capDL spec to write\n"
                "  --viper-output DIR       accepted; Cairn writes no Viper descriptions\n",
                stdout);
}

static bool in_list(const char *s, const char *const *list)
{
    for (unsigned i = 0; list[i] != NULL; i++) {
        if (strcmp(s, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    (void)fputs("cairn: error: ", stderr);
    (void)vfprintf(stderr, fmt, ap);
    (void)fputc('\n', stderr);
    va_end(ap);
    (void)fputs(usage, stderr);
    return EXIT_USAGE;
}

/* The options Cairn accepts but has no use for, and what it says about them. */
static int accept_unused(const char *opt, const char *value)
{
    if (strcmp(opt, "--image-type") == 0) {
        static const char *const types[] = { "binary", "elf", "uimage", NULL };
        if (!in_list(value, types)) {
            return usage_error("argument --image-type: unknown type '%s' (binary, elf, uimage)",
                               value);
        }
        if (strcmp(value, "elf") != 0) {
            (void)fprintf(stderr,
                          "cairn: warning: --image-type %s ignored: x86_64 images are "
                          "always ELF\n",
                          value);
        }
    } else if (strcmp(opt, "--capdl-json") == 0) {
        (void)fprintf(stderr, "cairn: warning: --capdl-json ignored: Cairn has no capDL spec; "
                              "the report describes the system\n");
    } else {
        (void)fprintf(stderr, "cairn: warning: --viper-output ignored: Cairn writes no Viper "
                              "descriptions\n");
    }
    return 0;
}

static int add_search_paths(int argc, char **argv, int *i, options_t *opts)
{
    while (*i + 1 < argc && argv[*i + 1][0] != '-') {
        const char **grown = realloc(opts->search, (opts->search_count + 1) * sizeof(char *));
        if (grown == NULL) {
            (void)fputs("cairn: error: out of memory\n", stderr);
            return EXIT_BAD_SYSTEM;
        }
        opts->search = grown;
        opts->search[opts->search_count++] = argv[++*i];
    }
    return 0;
}

/* Where an option taking one value stores it; NULL for the accepted-but-unused ones. */
static const char **value_slot(const char *opt, options_t *opts, bool *known)
{
    static const char *const unused[] = { "--image-type", "--capdl-json", "--viper-output", NULL };
    const char **slot = NULL;

    *known = true;
    if (strcmp(opt, "-o") == 0 || strcmp(opt, "--output") == 0) {
        slot = &opts->output;
    } else if (strcmp(opt, "-r") == 0 || strcmp(opt, "--report") == 0) {
        slot = &opts->report;
    } else if (strcmp(opt, "--board") == 0) {
        slot = &opts->board;
    } else if (strcmp(opt, "--config") == 0) {
        slot = &opts->config;
    } else if (strcmp(opt, "--initialiser") == 0) {
        slot = &opts->initialiser;
    } else if (strcmp(opt, "--kernel-dir") == 0) {
        slot = &opts->kernel_dir;
    } else if (strcmp(opt, "--override-kernel") == 0) {
        slot = &opts->override_kernel;
    } else {
        *known = in_list(opt, unused);
    }
    return slot;
}

static int parse_one(int argc, char **argv, int *i, options_t *opts)
{
    const char *arg = argv[*i];
    bool known = false;

    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
        opts->help = true;
        return 0;
    }
    if (strcmp(arg, "--search-path") == 0) {
        return add_search_paths(argc, argv, i, opts);
    }
    if (arg[0] != '-' || arg[1] == '\0') {
        if (opts->system != NULL) {
            return usage_error("unrecognised argument '%s'", arg);
        }
        opts->system = arg;
        return 0;
    }
    const char **slot = value_slot(arg, opts, &known);
    if (!known) {
        return usage_error("unknown option '%s'", arg);
    }
    if (*i + 1 >= argc) {
        return usage_error("argument %s: expected one value", arg);
    }
    const char *value = argv[++*i];
    if (slot == NULL) {
        return accept_unused(arg, value);
    }
    *slot = value;
    return 0;
}

static int check_required(const options_t *opts)
{
    if (opts->board == NULL || opts->config == NULL || opts->system == NULL) {
        bool b = opts->board == NULL;
        bool c = opts->config == NULL;
        bool s = opts->system == NULL;
        return usage_error("the following arguments are required: %s%s%s%s%s", b ? "--board" : "",
                           b && (c || s) ? ", " : "", c ? "--config" : "", c && s ? ", " : "",
                           s ? "system" : "");
    }
    if (!in_list(opts->board, boards)) {
        return usage_error("argument --board: unknown board '%s' (x86_64_generic)", opts->board);
    }
    if (!in_list(opts->config, configs)) {
        return usage_error("argument --config: unknown config '%s' (debug, release, benchmark)",
                           opts->config);
    }
    return 0;
}

int options_parse(int argc, char **argv, options_t *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->output = "loader.img";
    opts->report = "report.txt";
    for (int i = 1; i < argc; i++) {
        int rc = parse_one(argc, argv, &i, opts);
        if (rc != 0) {
            return rc;
        }
    }
    return opts->help ? 0 : check_required(opts);
}

void options_free(options_t *opts)
{
    free(opts->search);
    opts->search = NULL;
}

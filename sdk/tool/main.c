/*
 * cairn, the system tool: reads a system description (Microkit's SDF),
 * checks it and the PD programs it names, patches the programs, and writes
 * the bootable image (initialiser + spec), the kernel ELFs beside it, a
 * report and an architecture diagram. Exit status: 0 done, 1 a bad system
 * description (or a file the tool could not use), 2 bad usage.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "diag.h"
#include "files.h"
#include "image.h"
#include "options.h"
#include "output.h"
#include "patch.h"
#include "sdf.h"

/* Parses, loads, checks and patches; false if anything was reported. */
static bool build_model(const options_t *opts, system_t *sys, output_t *out)
{
    const char *why = NULL;
    size_t size = 0;
    uint8_t *text = files_read(opts->system, &size, &why);

    if (text == NULL) {
        diag_tool_error("cannot read system description '%s': %s", opts->system, why);
        return false;
    }
    bool ok = sdf_parse(sys, (const char *)text, size);
    free(text);
    if (!ok) {
        return false;
    }
    image_load_all(sys);
    if (!check_system(sys) || diag_error_count() != 0) {
        return false;
    }
    out->patch_count = patch_all(sys, &out->patches);
    return diag_error_count() == 0;
}

int main(int argc, char **argv)
{
    options_t opts;
    system_t sys = { 0 };
    output_t out = { 0 };
    int rc = options_parse(argc, argv, &opts);

    if (rc != 0 || opts.help) {
        if (opts.help) {
            options_help();
        }
        options_free(&opts);
        return rc;
    }
    sys.file = opts.system;
    diag_begin(opts.system, stderr);
    files_set_search_path(opts.search, opts.search_count);
    rc = EXIT_BAD_SYSTEM;
    bool built = build_model(&opts, &sys, &out);
    diag_flush();
    if (built && output_write_all(&opts, &sys, &out, argv[0])) {
        rc = 0;
    }
    diag_flush();
    free(out.patches);
    model_free(&sys);
    options_free(&opts);
    return rc;
}

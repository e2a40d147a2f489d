/*
 * The tool's outputs (output.h). The SDK layout is Microkit's: the tool in
 * <sdk>/bin, and per board and config <sdk>/board/<board>/<config>/elf/
 * holding initialiser.elf, sel4.elf and sel4_32.elf.
 */
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "files.h"
#include "graph.h"
#include "pack.h"
#include "report.h"

/* <sdk>/board/<board>/<config>/elf, found from the tool's own path. */
static char *sdk_elf_dir(const options_t *opts, const char *argv0)
{
    char *exe = realpath("/proc/self/exe", NULL);

    if (exe == NULL) {
        exe = realpath(argv0, NULL);
    }
    char *bin = files_dirname(exe != NULL ? exe : argv0);
    char *board = files_join(bin, "../board");
    char *config = files_join(board, opts->board);
    char *elf = files_join(config, opts->config);
    char *dir = files_join(elf, "elf");
    free(exe);
    free(bin);
    free(board);
    free(config);
    free(elf);
    return dir;
}

/* path with its extension (if any, after the last '/') replaced by ext. */
static char *with_extension(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    size_t stem =
        dot != NULL && (slash == NULL || dot > slash + 1) ? (size_t)(dot - path) : strlen(path);
    size_t len = stem + strlen(ext) + 1;
    char *s = malloc(len);

    if (s == NULL) {
        model_out_of_memory();
    }
    (void)snprintf(s, len, "%.*s%s", (int)stem, path, ext);
    return s;
}

static bool write_image(const options_t *opts, const system_t *sys, const output_t *out,
                        const char *init_path, report_info_t *info)
{
    buf_t spec = { 0 };
    buf_t image = { 0 };
    const char *why = NULL;
    size_t init_size = 0;
    bool ok = false;
    uint8_t *init = files_read(init_path, &init_size, &why);

    if (init == NULL) {
        diag_tool_error("cannot read the initialiser '%s': %s (give one with --initialiser)",
                        init_path, why);
        return false;
    }
    if (pack_spec(sys, out->patches, out->patch_count, &spec) &&
        pack_image(init, init_size, init_path, &spec, &image)) {
        ok = files_write(opts->output, image.data, image.size, &why);
        if (!ok) {
            diag_tool_error("cannot write '%s': %s", opts->output, why);
        }
        info->image_size = image.size;
        info->spec_size = spec.size;
    }
    free(init);
    buf_free(&spec);
    buf_free(&image);
    return ok;
}

/* Copies one kernel ELF next to the image; a missing one is only a warning. */
static bool copy_kernel(const char *from, const char *dest_dir, const char *name)
{
    const char *why = NULL;
    size_t size = 0;
    uint8_t *data = files_read(from, &size, &why);

    if (data == NULL) {
        diag_tool_warn("no kernel '%s' (%s): copy one next to the image as %s to boot it", from,
                       why, name);
        return true;
    }
    char *to = files_join(dest_dir, name);
    bool ok = files_write(to, data, size, &why);
    if (!ok) {
        diag_tool_error("cannot write '%s': %s", to, why);
    }
    free(to);
    free(data);
    return ok;
}

static bool copy_kernels(const options_t *opts, const char *elf_dir)
{
    const char *dir = opts->kernel_dir != NULL ? opts->kernel_dir : elf_dir;
    char *dest = files_dirname(opts->output);
    char *k64 = opts->override_kernel != NULL ? model_strdup(opts->override_kernel)
                                              : files_join(dir, "sel4.elf");
    char *k32 = files_join(dir, "sel4_32.elf");
    bool ok = copy_kernel(k64, dest, "sel4.elf") && copy_kernel(k32, dest, "sel4_32.elf");

    free(k64);
    free(k32);
    free(dest);
    return ok;
}

static bool write_text(const char *path, const system_t *sys, const report_info_t *info)
{
    FILE *f = fopen(path, "w");

    if (f == NULL) {
        diag_tool_error("cannot write '%s'", path);
        return false;
    }
    if (info != NULL) {
        report_write(f, sys, info);
    } else {
        graph_write(f, sys);
    }
    if (fclose(f) != 0) {
        diag_tool_error("cannot write '%s'", path);
        return false;
    }
    return true;
}

static bool write_diagram(const options_t *opts, const system_t *sys)
{
    char *dot = with_extension(opts->output, ".dot");
    char *svg = with_extension(opts->output, ".svg");
    bool ran = false;
    bool ok = write_text(dot, sys, NULL);

    if (ok && !graph_render_svg(dot, svg, &ran)) {
        diag_tool_warn("Graphviz's dot could not render '%s'", svg);
    }
    free(dot);
    free(svg);
    return ok;
}

bool output_write_all(const options_t *opts, const system_t *sys, const output_t *out,
                      const char *argv0)
{
    char *elf_dir = sdk_elf_dir(opts, argv0);
    char *init = opts->initialiser != NULL ? model_strdup(opts->initialiser)
                                           : files_join(elf_dir, "initialiser.elf");
    report_info_t info = { opts->board, opts->config, opts->output, 0, 0, out->patch_count };
    bool ok = write_image(opts, sys, out, init, &info) && copy_kernels(opts, elf_dir) &&
              write_text(opts->report, sys, &info) && write_diagram(opts, sys);

    free(init);
    free(elf_dir);
    return ok;
}

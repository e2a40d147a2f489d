/*
 * The architecture diagram (graph.h). Names come from the description and
 * may hold any character, so every label is written through quote().
 * Nodes: p<i> for PDs, m<i> for regions, q<i> for IRQs, io<i> for ports.
 */
#include "graph.h"

#include <stdlib.h>
#include <string.h>

#include <inttypes.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "files.h"

extern char **environ;

/* Writes s as the inside of a dot double-quoted string. */
static void quote(FILE *f, const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\') {
            (void)fputc('\\', f);
        }
        if (*s == '\n' || *s == '\r') {
            (void)fputc(' ', f);
            continue;
        }
        (void)fputc(*s, f);
    }
}

static void write_pds(FILE *f, const system_t *sys)
{
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        const pd_t *pd = &sys->pds[i];
        (void)fprintf(f, "  p%u [shape=box, style=%s, label=\"", i,
                      pd->passive ? "\"rounded,dashed\"" : "rounded");
        quote(f, pd->name);
        (void)fprintf(f, "\\npriority %u%s\"];\n", pd->priority, pd->passive ? ", passive" : "");
        if (pd->parent != MODEL_NONE) {
            (void)fprintf(f, "  p%u -> p%u [style=bold, label=\"child %u\"];\n", pd->parent, i,
                          pd->child_id);
        }
    }
}

static void write_channels(FILE *f, const system_t *sys)
{
    for (uint32_t i = 0; i < sys->channels_count; i++) {
        const end_t *a = &sys->channels[i].end[0];
        const end_t *b = &sys->channels[i].end[1];
        if (b->pp) {
            const end_t *t = a;
            a = b;
            b = t;
        }
        /* The edge runs caller -> callee for pp; arrows show who may notify whom. */
        const char *dir = a->notify && b->notify ? "both"
                          : a->notify            ? "forward"
                          : b->notify            ? "back"
                                                 : "none";
        (void)fprintf(f, "  p%u -> p%u [dir=%s, label=\"%s%u:%u\"%s];\n", a->pd, b->pd, dir,
                      a->pp ? "pp " : "notify ", a->id, b->id, a->pp ? ", penwidth=2" : "");
    }
}

/* Regions mapped by more than one PD, or by a PD and a device address. */
static void write_regions(FILE *f, const system_t *sys)
{
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        const mr_t *mr = &sys->mrs[i];
        (void)fprintf(f, "  m%u [shape=note, label=\"", i);
        quote(f, mr->name);
        (void)fprintf(f, "\\n%#" PRIx64 " bytes\"];\n", mr->size);
    }
    for (uint32_t i = 0; i < sys->maps_count; i++) {
        const map_t *m = &sys->maps[i];
        (void)fprintf(f, "  p%u -> m%u [style=dotted, arrowhead=none, label=\"%s%s%s\"];\n", m->pd,
                      m->mr, m->perms & CAIRN_PERM_R ? "r" : "", m->perms & CAIRN_PERM_W ? "w" : "",
                      m->perms & CAIRN_PERM_X ? "x" : "");
    }
}

static void write_devices(FILE *f, const system_t *sys)
{
    for (uint32_t i = 0; i < sys->irqs_count; i++) {
        const irq_t *irq = &sys->irqs[i];
        if (irq->kind == CAIRN_IRQ_IOAPIC) {
            (void)fprintf(f, "  q%u [shape=diamond, label=\"IRQ pin %u\\nvector %u\"];\n", i,
                          irq->pin, irq->vector);
        } else {
            (void)fprintf(f, "  q%u [shape=diamond, label=\"MSI %02x:%02x.%x\\nvector %u\"];\n", i,
                          irq->pci_bus, irq->pci_dev, irq->pci_func, irq->vector);
        }
        (void)fprintf(f, "  q%u -> p%u [label=\"%u\"];\n", i, irq->pd, irq->id);
    }
    for (uint32_t i = 0; i < sys->ioports_count; i++) {
        const ioport_t *io = &sys->ioports[i];
        (void)fprintf(f, "  io%u [shape=hexagon, label=\"ports\\n%#" PRIx64 "-%#" PRIx64 "\"];\n",
                      i, io->addr, io->addr + io->size - 1);
        (void)fprintf(f, "  p%u -> io%u [arrowhead=none, label=\"%u\"];\n", io->pd, i, io->id);
    }
}

void graph_write(FILE *f, const system_t *sys)
{
    (void)fprintf(f, "digraph system {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
    (void)fprintf(f, "  edge [fontname=\"Helvetica\", fontsize=10];\n");
    write_pds(f, sys);
    write_channels(f, sys);
    write_regions(f, sys);
    write_devices(f, sys);
    (void)fprintf(f, "}\n");
}

/* True if an executable `dot` is in one of PATH's directories. */
static bool have_dot(void)
{
    const char *path = getenv("PATH"); /* NOLINT(concurrency-mt-unsafe): single-threaded tool */

    if (path == NULL) {
        return false;
    }
    char *copy = model_strdup(path);
    bool found = false;
    char *save = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir != NULL && !found;
         dir = strtok_r(NULL, ":", &save)) {
        char *exe = files_join(dir[0] == '\0' ? "." : dir, "dot");
        found = access(exe, X_OK) == 0;
        free(exe);
    }
    free(copy);
    return found;
}

bool graph_render_svg(const char *dot_path, const char *svg_path, bool *ran)
{
    char prog[] = "dot";
    char format[] = "-Tsvg";
    char out_flag[] = "-o";
    char *out = model_strdup(svg_path);
    char *in = model_strdup(dot_path);
    char *argv[] = { prog, format, out_flag, out, in, NULL };
    pid_t pid = 0;
    int status = 0;
    bool ok = true;

    *ran = have_dot();
    if (*ran) {
        ok = posix_spawnp(&pid, prog, NULL, NULL, argv, environ) == 0 &&
             waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    free(out);
    free(in);
    return ok;
}

/*
 * The system model's helpers (model.h): growable arrays, lookup by name,
 * and freeing everything the model owns.
 */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_file.h"

void model_out_of_memory(void)
{
    (void)fputs("cairn: error: out of memory\n", stderr);
    exit(1); /* NOLINT(concurrency-mt-unsafe): the tool is single-threaded */
}

void *model_push(void **items, uint32_t *count, uint32_t *cap, size_t elem_size)
{
    if (*count == *cap) {
        uint32_t bigger = *cap == 0 ? 8 : *cap * 2;
        if (bigger < *cap) {
            model_out_of_memory();
        }
        void *grown = realloc(*items, (size_t)bigger * elem_size);
        if (grown == NULL) {
            model_out_of_memory();
        }
        *items = grown;
        *cap = bigger;
    }
    uint8_t *elem = (uint8_t *)*items + (size_t)*count * elem_size;
    memset(elem, 0, elem_size);
    (*count)++;
    return elem;
}

char *model_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);

    if (copy == NULL) {
        model_out_of_memory();
    }
    memcpy(copy, s, n);
    return copy;
}

uint32_t model_find_pd(const system_t *sys, const char *name)
{
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        if (strcmp(sys->pds[i].name, name) == 0) {
            return i;
        }
    }
    return MODEL_NONE;
}

uint32_t model_find_mr(const system_t *sys, const char *name)
{
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        if (strcmp(sys->mrs[i].name, name) == 0) {
            return i;
        }
    }
    return MODEL_NONE;
}

static void free_image(elf_file_t *elf)
{
    if (elf != NULL) {
        elf_file_free(elf);
        free(elf);
    }
}

static void free_pd(pd_t *pd)
{
    if (pd->symbols != pd->image) {
        free_image(pd->symbols);
    }
    free_image(pd->image);
    free(pd->name);
    free(pd->setvar_id);
    free(pd->image_path);
    free(pd->symbols_path);
}

static void free_links(system_t *sys)
{
    for (uint32_t i = 0; i < sys->maps_count; i++) {
        free(sys->maps[i].mr_name);
        free(sys->maps[i].setvar_vaddr);
        free(sys->maps[i].setvar_size);
        free(sys->maps[i].setvar_prefill_size);
    }
    for (uint32_t i = 0; i < sys->channels_count; i++) {
        for (unsigned e = 0; e < 2; e++) {
            free(sys->channels[i].end[e].pd_name);
            free(sys->channels[i].end[e].setvar_id);
        }
    }
    for (uint32_t i = 0; i < sys->irqs_count; i++) {
        free(sys->irqs[i].setvar_id);
    }
    for (uint32_t i = 0; i < sys->ioports_count; i++) {
        free(sys->ioports[i].setvar_id);
        free(sys->ioports[i].setvar_addr);
    }
    for (uint32_t i = 0; i < sys->setvars_count; i++) {
        free(sys->setvars[i].symbol);
        free(sys->setvars[i].region);
    }
    for (uint32_t i = 0; i < sys->caps_count; i++) {
        free(sys->caps[i].target_name);
    }
}

void model_free(system_t *sys)
{
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        free_pd(&sys->pds[i]);
    }
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        free(sys->mrs[i].name);
        free(sys->mrs[i].prefill_path);
        free(sys->mrs[i].prefill);
    }
    free_links(sys);
    free(sys->pds);
    free(sys->mrs);
    free(sys->maps);
    free(sys->channels);
    free(sys->irqs);
    free(sys->ioports);
    free(sys->setvars);
    free(sys->caps);
    memset(sys, 0, sizeof(*sys));
}

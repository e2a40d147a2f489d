/*
 * The system specification in loader.img (<cairn/spec.h>), checked once
 * before anything is built: every table inside the blob, every index in
 * range, every string terminated. The tool is trusted to be correct, but a
 * damaged image must give a clear message, never a wild build.
 */
#ifndef INIT_SPEC_H
#define INIT_SPEC_H

#include <cairn/spec.h>

typedef struct {
    const cairn_spec_header_t *header;
    const unsigned char *base;
    const cairn_spec_pd_t *pds;
    const cairn_spec_mr_t *mrs;
    const cairn_spec_map_t *maps;
    const cairn_spec_channel_t *channels;
    const cairn_spec_irq_t *irqs;
    const cairn_spec_ioport_t *ioports;
    const cairn_spec_cap_t *caps;
    const cairn_spec_patch_t *patches;
} spec_t;

/* Checks the blob at `blob` (of at most `limit` bytes) and fills *spec; NULL or what is wrong. */
const char *spec_open(const void *blob, unsigned long limit, spec_t *spec);

/* A name: a blob offset inside the string table. */
const char *spec_string(const spec_t *spec, uint32_t offset);

#endif /* INIT_SPEC_H */

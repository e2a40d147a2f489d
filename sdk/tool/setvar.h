/*
 * Every value the description asks to be written into a program image
 * ("setvar"): the setvar_* attributes of <map>, <end>, <irq>, <ioport> and
 * child <protection_domain>, and <setvar region_paddr>. check.c uses the
 * list to find clashes, patch.c to write the values.
 */
#ifndef TOOL_SETVAR_H
#define TOOL_SETVAR_H

#include <stdint.h>

#include "model.h"

typedef enum {
    SETVAR_VADDR,        /* <map setvar_vaddr>: the mapping's address */
    SETVAR_SIZE,         /* <map setvar_size>: the region's size */
    SETVAR_PREFILL_SIZE, /* <map setvar_prefill_size>: bytes of prefill data */
    SETVAR_ID,           /* channel, irq, ioport or child id */
    SETVAR_PORT_ADDR,    /* <ioport setvar_addr>: the first port */
    SETVAR_PADDR,        /* <setvar region_paddr>: the region's physical address */
} setvar_kind_t;

typedef struct {
    uint32_t pd;        /* whose image holds the symbol */
    const char *symbol; /* owned by the model */
    loc_t loc;
    setvar_kind_t kind;
    uint64_t value; /* for SETVAR_PADDR: only if the region has a phys_addr */
    uint32_t mr;    /* SETVAR_PADDR: the region, or MODEL_NONE */
} setvar_entry_t;

/*
 * Collects every setvar of a checked (or partly checked) system into a new
 * array (caller frees) and returns how many there are. Values that depend on
 * an unresolved reference are 0.
 */
uint32_t setvar_collect(const system_t *sys, setvar_entry_t **out);

#endif /* TOOL_SETVAR_H */

/*
 * The system description as the tool holds it after parsing: plain arrays
 * of PDs, memory regions, mappings, channels, IRQs, I/O ports, setvars and
 * <cspace> capabilities, cross-referenced by index. sdf.c fills it, check.c
 * and image.c validate it, layout.c, pack.c, report.c and graph.c read it.
 */
#ifndef TOOL_MODEL_H
#define TOOL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/spec.h"

#define MODEL_NONE CAIRN_NONE

/* Where an element starts in the description (libxml2 gives no columns). */
typedef struct {
    uint32_t line;
} loc_t;

typedef struct {
    char *name;
    loc_t loc;
    uint64_t size;
    uint64_t page_size;
    uint64_t phys_addr;
    bool has_size;
    bool has_page_size; /* given in the description, not chosen by the tool */
    bool has_phys_addr;
    char *prefill_path;
    uint8_t *prefill; /* the file's bytes, read by image.c */
    uint64_t prefill_size;
} mr_t;

typedef struct {
    uint32_t pd;
    uint32_t mr; /* index, resolved by check.c; MODEL_NONE until then */
    char *mr_name;
    loc_t loc;
    uint64_t vaddr;
    uint8_t perms; /* CAIRN_PERM_* */
    bool cached;
    char *setvar_vaddr;
    char *setvar_size;
    char *setvar_prefill_size;
} map_t;

typedef struct {
    uint32_t pd; /* resolved by check.c */
    char *pd_name;
    loc_t loc;
    uint32_t id;
    bool pp;
    bool notify;
    char *setvar_id;
} end_t;

typedef struct {
    end_t end[2];
    loc_t loc;
} channel_t;

typedef struct {
    uint32_t pd;
    loc_t loc;
    uint32_t id;
    uint8_t kind; /* CAIRN_IRQ_* */
    bool level;
    bool active_low;
    uint32_t ioapic;
    uint32_t pin;
    uint32_t pci_bus;
    uint32_t pci_dev;
    uint32_t pci_func;
    uint64_t handle;
    uint32_t vector;
    char *setvar_id;
} irq_t;

typedef struct {
    uint32_t pd;
    loc_t loc;
    uint32_t id;
    uint64_t addr;
    uint64_t size;
    char *setvar_id;
    char *setvar_addr;
} ioport_t;

/* <setvar symbol region_paddr>: the symbol gets the region's physical address. */
typedef struct {
    uint32_t pd;
    loc_t loc;
    char *symbol;
    char *region;
    uint32_t mr; /* resolved by check.c */
} setvar_t;

typedef struct {
    uint32_t pd;
    loc_t loc;
    uint32_t kind; /* CAIRN_CAP_* */
    uint32_t slot;
    char *target_name;
    uint32_t target; /* resolved by check.c */
} cap_t;

struct elf_file;

typedef struct {
    char *name;
    loc_t loc;
    uint32_t parent; /* PD index, or MODEL_NONE */
    uint32_t child_id;
    bool has_child_id;
    char *setvar_id; /* in the parent's image */
    uint32_t priority;
    uint64_t budget_us;
    uint64_t period_us;
    uint64_t stack_size;
    uint32_t cpu;
    bool passive;
    bool fpu;
    bool has_image;
    loc_t image_loc;
    char *image_path;
    char *symbols_path;
    struct elf_file *image;   /* loaded by image.c; patched in place */
    struct elf_file *symbols; /* == image unless path_for_symbols was given */
    uint64_t ipc_buffer;
} pd_t;

/* A growable array of one element type; model_push() adds zeroed elements. */
#define MODEL_ARRAY(type, name) \
    type *name;                 \
    uint32_t name##_count;      \
    uint32_t name##_cap

typedef struct {
    const char *file; /* the description's path, as given (for messages) */
    MODEL_ARRAY(pd_t, pds);
    MODEL_ARRAY(mr_t, mrs);
    MODEL_ARRAY(map_t, maps);
    MODEL_ARRAY(channel_t, channels);
    MODEL_ARRAY(irq_t, irqs);
    MODEL_ARRAY(ioport_t, ioports);
    MODEL_ARRAY(setvar_t, setvars);
    MODEL_ARRAY(cap_t, caps);
} system_t;

/*
 * Appends one zeroed element to an array (*items, *count, *cap) of elements
 * of elem_size bytes, growing it as needed. Returns the new element; exits
 * the tool with a message when memory runs out.
 */
void *model_push(void **items, uint32_t *count, uint32_t *cap, size_t elem_size);

#define MODEL_PUSH(sys, name)                                                   \
    model_push((void **)&(sys)->name, &(sys)->name##_count, &(sys)->name##_cap, \
               sizeof(*(sys)->name))

/* Frees everything the system owns (strings, arrays, loaded images), not sys itself. */
void model_free(system_t *sys);

/* Index of the PD or memory region with this name, or MODEL_NONE. */
uint32_t model_find_pd(const system_t *sys, const char *name);
uint32_t model_find_mr(const system_t *sys, const char *name);

/* Ends the tool with "out of memory" (exit status 1). */
__attribute__((noreturn)) void model_out_of_memory(void);

/* Duplicates a string; exits the tool with a message when memory runs out. */
char *model_strdup(const char *s);

#endif /* TOOL_MODEL_H */

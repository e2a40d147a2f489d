/*
 * Attribute values of SDF elements: the allowed-attribute check and typed
 * readers (numbers in decimal or 0x-hex with optional '_' separators as in
 * Microkit, "true"/"false", one of a fixed set of words). Each reader
 * reports its own error at the element's line and marks the element bad.
 */
#ifndef TOOL_ATTR_H
#define TOOL_ATTR_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "model.h"

/* The element being read: its node, its name for messages, its line. */
typedef struct {
    xmlNode *node;
    const char *name;
    loc_t loc;
    bool ok; /* false once any of its attributes was reported */
} elem_t;

/* Starts reading an element. */
elem_t attr_elem(xmlNode *node);

/* Reports every attribute not in the NULL-terminated list `allowed`. */
void attr_check_known(elem_t *e, const char *const *allowed);

/* True if the element has the attribute. */
bool attr_has(const elem_t *e, const char *attr);

/* The attribute's value as a new string (caller frees), or NULL if absent (an error if required).
 */
char *attr_string(elem_t *e, const char *attr, bool required);

/*
 * Reads a number in [min, max] into *out. Absent: *out is left alone, an
 * error if required. Returns true only if the attribute was present and valid.
 */
bool attr_number(elem_t *e, const char *attr, bool required, uint64_t min, uint64_t max,
                 uint64_t *out);

/* The same for a 32-bit field. */
bool attr_u32(elem_t *e, const char *attr, bool required, uint32_t max, uint32_t *out);

/* Reads "true" or "false" into *out; absent leaves *out alone. */
void attr_bool(elem_t *e, const char *attr, bool *out);

/*
 * Reads one of the NULL-terminated `words` and returns its index; absent
 * returns dflt; a value not in the list is an error and returns dflt.
 */
unsigned attr_choice(elem_t *e, const char *attr, const char *const *words, unsigned dflt);

/*
 * Parses a number as attr_number does, without reporting. Returns false for
 * anything that is not a decimal or 0x-hex number fitting 64 bits.
 */
bool attr_parse_number(const char *s, uint64_t *out);

#endif /* TOOL_ATTR_H */

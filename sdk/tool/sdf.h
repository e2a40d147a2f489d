/*
 * The SDF parser: Microkit's system description XML, read with libxml2,
 * into the model (model.h). It checks each element on its own (known
 * elements and attributes, value syntax and ranges, required children);
 * check.c does everything that relates elements to each other.
 */
#ifndef TOOL_SDF_H
#define TOOL_SDF_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "attr.h"
#include "model.h"

/*
 * Parses `len` bytes of XML into sys, reporting every problem through
 * diag.h (which the caller has begun). Returns true if none was found; on
 * false the model may be incomplete and must only be freed.
 */
bool sdf_parse(system_t *sys, const char *text, size_t len);

/*
 * For sdf.c: parses a <protection_domain> and its children except child
 * PDs, which the caller parses next with the returned index as parent.
 */
uint32_t sdf_parse_pd(system_t *sys, xmlNode *node, uint32_t parent);

/*
 * For the element parsers: reports text (other than whitespace and
 * comments) directly inside the element, which the SDF never has.
 */
void sdf_check_no_text(elem_t *e);

#endif /* TOOL_SDF_H */

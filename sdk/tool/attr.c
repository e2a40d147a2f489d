/*
 * Attribute readers for the SDF parser (attr.h). Messages name the element
 * as <name> and the attribute in quotes, so every one reads the same way.
 */
#include "attr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "diag.h"

elem_t attr_elem(xmlNode *node)
{
    long line = xmlGetLineNo(node);
    elem_t e = { .node = node, .name = (const char *)node->name, .ok = true };

    e.loc.line = line > 0 && line <= (long)UINT32_MAX ? (uint32_t)line : 0;
    return e;
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

void attr_check_known(elem_t *e, const char *const *allowed)
{
    for (xmlAttr *a = e->node->properties; a != NULL; a = a->next) {
        if (!in_list((const char *)a->name, allowed)) {
            diag_error(e->loc, "<%s>: unknown attribute '%s'", e->name, (const char *)a->name);
            e->ok = false;
        }
    }
}

bool attr_has(const elem_t *e, const char *attr)
{
    return xmlHasProp(e->node, (const xmlChar *)attr) != NULL;
}

char *attr_string(elem_t *e, const char *attr, bool required)
{
    xmlChar *value = xmlGetProp(e->node, (const xmlChar *)attr);

    if (value == NULL) {
        if (required) {
            diag_error(e->loc, "<%s>: missing attribute '%s'", e->name, attr);
            e->ok = false;
        }
        return NULL;
    }
    char *copy = model_strdup((const char *)value);
    xmlFree(value);
    return copy;
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool attr_parse_number(const char *s, uint64_t *out)
{
    uint64_t base = 10;
    uint64_t v = 0;
    bool any = false;

    if (s[0] == '0' && s[1] == 'x') {
        base = 16;
        s += 2;
    }
    for (; *s != '\0'; s++) {
        if (*s == '_') {
            continue;
        }
        int d = digit_value(*s);
        if (d < 0 || (uint64_t)d >= base || v > (UINT64_MAX - (uint64_t)d) / base) {
            return false;
        }
        v = v * base + (uint64_t)d;
        any = true;
    }
    *out = v;
    return any;
}

bool attr_number(elem_t *e, const char *attr, bool required, uint64_t min, uint64_t max,
                 uint64_t *out)
{
    char *s = attr_string(e, attr, required);
    uint64_t v = 0;
    bool ok = false;

    if (s == NULL) {
        return false;
    }
    if (!attr_parse_number(s, &v)) {
        diag_error(e->loc, "<%s> attribute '%s': '%s' is not a number", e->name, attr, s);
    } else if (v < min || v > max) {
        diag_error(e->loc, "<%s> attribute '%s': %s is out of range (%llu..%llu)", e->name, attr, s,
                   (unsigned long long)min, (unsigned long long)max);
    } else {
        *out = v;
        ok = true;
    }
    if (!ok) {
        e->ok = false;
    }
    free(s);
    return ok;
}

bool attr_u32(elem_t *e, const char *attr, bool required, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;

    if (!attr_number(e, attr, required, 0, max, &v)) {
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

void attr_bool(elem_t *e, const char *attr, bool *out)
{
    static const char *const words[] = { "false", "true", NULL };
    unsigned v = attr_choice(e, attr, words, *out ? 1 : 0);

    *out = v == 1;
}

/* "'a', 'b' or 'c'" for a message. */
static void list_words(char *msg, size_t len, const char *const *words)
{
    size_t used = 0;

    msg[0] = '\0';
    for (unsigned i = 0; words[i] != NULL && used < len; i++) {
        const char *sep = i == 0 ? "" : words[i + 1] == NULL ? " or " : ", ";
        int n = snprintf(msg + used, len - used, "%s'%s'", sep, words[i]);
        if (n < 0) {
            return;
        }
        used += (size_t)n;
    }
}

unsigned attr_choice(elem_t *e, const char *attr, const char *const *words, unsigned dflt)
{
    char *s = attr_string(e, attr, false);
    unsigned result = dflt;

    if (s == NULL) {
        return dflt;
    }
    for (unsigned i = 0; words[i] != NULL; i++) {
        if (strcmp(s, words[i]) == 0) {
            free(s);
            return i;
        }
    }
    char msg[128];
    list_words(msg, sizeof(msg), words);
    diag_error(e->loc, "<%s> attribute '%s': '%s' is not %s", e->name, attr, s, msg);
    e->ok = false;
    free(s);
    return result;
}

/*
 * SDF parser, top level (sdf.h): libxml2 reads the XML with line numbers
 * and without network or external entities; its syntax errors become our
 * diagnostics. <system>, <memory_region> and <channel> are read here,
 * <protection_domain> and its children in sdf_pd.c.
 */
#include "sdf.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "diag.h"

#define MAX_USER_ADDR 0x0000800000000000ull

static bool is_blank(const xmlChar *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
            return false;
        }
    }
    return true;
}

void sdf_check_no_text(elem_t *e)
{
    for (xmlNode *c = e->node->children; c != NULL; c = c->next) {
        bool text = c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
                    c->type == XML_ENTITY_REF_NODE;
        if (text && (c->type != XML_TEXT_NODE || !is_blank(c->content))) {
            diag_error(e->loc, "<%s>: unexpected text inside the element", e->name);
            e->ok = false;
            return;
        }
    }
}

/*
 * Element parsers stay out of line: inlined into one another, their elem_t
 * locals would add up to a large frame in sanitizer builds.
 */
#define ELEMENT_PARSER __attribute__((noinline)) static void

ELEMENT_PARSER parse_mr(system_t *sys, xmlNode *node)
{
    static const char *const known[] = { "name",      "size",         "page_size",
                                         "phys_addr", "prefill_path", "prefill_bootinfo",
                                         NULL };
    elem_t e = attr_elem(node);
    mr_t *mr = MODEL_PUSH(sys, mrs);

    mr->loc = e.loc;
    attr_check_known(&e, known);
    mr->name = attr_string(&e, "name", true);
    mr->has_size = attr_number(&e, "size", false, 1, MAX_USER_ADDR, &mr->size);
    mr->has_page_size = attr_number(&e, "page_size", false, 0, UINT64_MAX, &mr->page_size);
    if (mr->has_page_size && mr->page_size != 0x1000 && mr->page_size != 0x200000) {
        diag_error(e.loc, "<memory_region> attribute 'page_size': %#llx is not 0x1000 or 0x200000",
                   (unsigned long long)mr->page_size);
    }
    mr->has_phys_addr = attr_number(&e, "phys_addr", false, 0, UINT64_MAX, &mr->phys_addr);
    mr->prefill_path = attr_string(&e, "prefill_path", false);
    if (attr_has(&e, "prefill_bootinfo")) {
        diag_error(e.loc, "<memory_region> attribute 'prefill_bootinfo': not supported yet");
    }
    if (!attr_has(&e, "size") && mr->prefill_path == NULL) {
        diag_error(e.loc, "<memory_region>: missing attribute 'size' (needed unless prefill_path "
                          "is given)");
    }
    if (mr->name == NULL) {
        mr->name = model_strdup("");
    }
    sdf_check_no_text(&e);
    for (xmlNode *c = node->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            diag_error(attr_elem(c).loc, "<memory_region>: unexpected element <%s>",
                       (const char *)c->name);
        }
    }
}

ELEMENT_PARSER parse_end(end_t *end, xmlNode *node)
{
    static const char *const known[] = { "pd", "id", "pp", "notify", "setvar_id", NULL };
    elem_t e = attr_elem(node);

    end->loc = e.loc;
    end->pd = MODEL_NONE;
    end->notify = true;
    attr_check_known(&e, known);
    end->pd_name = attr_string(&e, "pd", true);
    (void)attr_u32(&e, "id", true, CAIRN_MAX_CHANNELS - 1, &end->id);
    attr_bool(&e, "pp", &end->pp);
    attr_bool(&e, "notify", &end->notify);
    end->setvar_id = attr_string(&e, "setvar_id", false);
    if (end->pd_name == NULL) {
        end->pd_name = model_strdup("");
    }
    sdf_check_no_text(&e);
}

ELEMENT_PARSER parse_channel(system_t *sys, xmlNode *node)
{
    static const char *const known[] = { NULL };
    elem_t e = attr_elem(node);
    channel_t *ch = MODEL_PUSH(sys, channels);
    unsigned ends = 0;

    ch->loc = e.loc;
    attr_check_known(&e, known);
    sdf_check_no_text(&e);
    for (xmlNode *c = node->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (strcmp((const char *)c->name, "end") != 0) {
            diag_error(attr_elem(c).loc, "<channel>: unexpected element <%s>",
                       (const char *)c->name);
        } else if (ends < 2) {
            parse_end(&ch->end[ends], c);
            ends++;
        } else {
            ends++;
        }
    }
    if (ends != 2) {
        diag_error(e.loc, "<channel>: needs exactly two <end> elements, has %u", ends);
    } else if (ch->end[0].pp && ch->end[1].pp) {
        diag_error(e.loc, "<channel>: both ends have pp=\"true\"; only one end may call the other");
    }
    for (unsigned i = ends; i < 2; i++) {
        ch->end[i].pd_name = model_strdup("");
    }
}

/* PDs waiting to be parsed: child PDs are queued here rather than parsed recursively. */
typedef struct {
    xmlNode *node;
    uint32_t parent;
} pending_pd_t;

typedef struct {
    pending_pd_t *items;
    uint32_t count;
    uint32_t cap;
} pd_queue_t;

static void queue_pd(pd_queue_t *q, xmlNode *node, uint32_t parent)
{
    pending_pd_t *p = model_push((void **)&q->items, &q->count, &q->cap, sizeof(*q->items));

    p->node = node;
    p->parent = parent;
}

/* Parses the queued PDs in order, queueing each one's children behind it. */
static void parse_queued_pds(system_t *sys, pd_queue_t *q)
{
    for (uint32_t i = 0; i < q->count; i++) {
        xmlNode *node = q->items[i].node;
        uint32_t index = sdf_parse_pd(sys, node, q->items[i].parent);
        for (xmlNode *c = node->children; c != NULL; c = c->next) {
            if (c->type == XML_ELEMENT_NODE &&
                strcmp((const char *)c->name, "protection_domain") == 0) {
                queue_pd(q, c, index);
            }
        }
    }
}

static void parse_top(system_t *sys, xmlNode *node, pd_queue_t *q)
{
    const char *name = (const char *)node->name;
    loc_t loc = attr_elem(node).loc;

    if (strcmp(name, "protection_domain") == 0) {
        queue_pd(q, node, MODEL_NONE);
    } else if (strcmp(name, "memory_region") == 0) {
        parse_mr(sys, node);
    } else if (strcmp(name, "channel") == 0) {
        parse_channel(sys, node);
    } else if (strcmp(name, "virtual_machine") == 0) {
        diag_error(loc, "<virtual_machine>: not supported yet");
    } else if (strcmp(name, "io_address_space") == 0) {
        diag_error(loc, "<io_address_space>: not supported yet");
    } else if (strcmp(name, "domains") == 0) {
        diag_error(loc, "<domains>: not supported yet");
    } else {
        diag_error(loc, "<system>: unknown element <%s>", name);
    }
}

ELEMENT_PARSER parse_system(system_t *sys, xmlNode *root)
{
    static const char *const known[] = { NULL };
    elem_t e = attr_elem(root);

    if (strcmp((const char *)root->name, "system") != 0 || root->ns != NULL) {
        diag_error(e.loc, "the root element must be <system>, not <%s>", (const char *)root->name);
        return;
    }
    pd_queue_t q = { NULL, 0, 0 };

    attr_check_known(&e, known);
    sdf_check_no_text(&e);
    for (xmlNode *c = root->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            parse_top(sys, c, &q);
        }
    }
    parse_queued_pds(sys, &q);
    free(q.items);
}

/* libxml2's syntax errors, as our diagnostics; the message ends in a newline we drop. */
static void xml_error(void *ctx, xmlErrorPtr err)
{
    (void)ctx;
    if (err == NULL || err->level == XML_ERR_NONE) {
        return;
    }
    const char *msg = err->message != NULL ? err->message : "malformed XML";
    int len = (int)strcspn(msg, "\n");
    unsigned line = err->line > 0 ? (unsigned)err->line : 1;
    unsigned col = err->int2 > 0 ? (unsigned)err->int2 : 1;
    if (err->level == XML_ERR_WARNING) {
        diag_warn((loc_t){ line }, "%.*s", len, msg);
    } else {
        diag_error_at(line, col, "%.*s", len, msg);
    }
}

bool sdf_parse(system_t *sys, const char *text, size_t len)
{
    unsigned before = diag_error_count();

    if (len == 0) {
        diag_error((loc_t){ 0 }, "the description is empty");
        return false;
    }
    if (len > (size_t)INT32_MAX) {
        diag_error((loc_t){ 0 }, "the description is too large");
        return false;
    }
    xmlSetStructuredErrorFunc(NULL, xml_error);
    xmlDocPtr doc = xmlReadMemory(text, (int)len, NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc == NULL) {
        if (diag_error_count() == before) {
            diag_error((loc_t){ 0 }, "not a well-formed XML document");
        }
        return false;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root == NULL) {
        diag_error((loc_t){ 0 }, "the document has no <system> element");
    } else {
        parse_system(sys, root);
    }
    xmlFreeDoc(doc);
    return diag_error_count() == before;
}

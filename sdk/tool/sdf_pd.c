/*
 * SDF parser, protection domains (sdf.h): <protection_domain> with its
 * <program_image>, <map>, <irq>, <ioport>, <setvar> and <cspace> children.
 * Child PDs are not parsed recursively: sdf.c queues them (the tool keeps
 * to the project's no-recursion rule), and they get their parent's index.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sdf.h"

#define MAX_USER_ADDR  0x0000800000000000ull
#define MAX_TIME_US    (1ull << 40) /* about 12.7 days: far beyond any sane period */
#define IOPORT_LIMIT   0x10000ull
#define IRQ_MAX_VECTOR 107
#define USER_SLOTS     ((1u << CAIRN_PD_CNODE_BITS) - CAIRN_SLOT_USER_BASE)

/*
 * Element parsers stay out of line: inlined into one another, their elem_t
 * locals would add up to a large frame in sanitizer builds.
 */
#define ELEMENT_PARSER __attribute__((noinline)) static void

static bool is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static uint8_t parse_perms(elem_t *e)
{
    char *s = attr_string(e, "perms", false);
    uint8_t perms = 0;

    if (s == NULL) {
        return CAIRN_PERM_R | CAIRN_PERM_W;
    }
    for (const char *p = s; *p != '\0'; p++) {
        perms |= *p == 'r'   ? CAIRN_PERM_R
                 : *p == 'w' ? CAIRN_PERM_W
                 : *p == 'x' ? CAIRN_PERM_X
                             : 0x80;
    }
    if (s[0] == '\0' || (perms & 0x80) != 0) {
        diag_error(e->loc, "<map> attribute 'perms': '%s' is not a combination of 'r', 'w' and 'x'",
                   s);
        e->ok = false;
    } else if (perms == CAIRN_PERM_W) {
        diag_error(e->loc, "<map> attribute 'perms': write-only mappings are not possible");
        e->ok = false;
    }
    free(s);
    return perms & (CAIRN_PERM_R | CAIRN_PERM_W | CAIRN_PERM_X);
}

ELEMENT_PARSER parse_map(system_t *sys, xmlNode *node, uint32_t pd)
{
    static const char *const known[] = {
        "mr", "vaddr", "perms", "cached", "setvar_vaddr", "setvar_size", "setvar_prefill_size", NULL
    };
    elem_t e = attr_elem(node);
    map_t *map = MODEL_PUSH(sys, maps);

    map->pd = pd;
    map->mr = MODEL_NONE;
    map->loc = e.loc;
    map->cached = true;
    attr_check_known(&e, known);
    map->mr_name = attr_string(&e, "mr", true);
    (void)attr_number(&e, "vaddr", true, 0, MAX_USER_ADDR - 1, &map->vaddr);
    map->perms = parse_perms(&e);
    attr_bool(&e, "cached", &map->cached);
    map->setvar_vaddr = attr_string(&e, "setvar_vaddr", false);
    map->setvar_size = attr_string(&e, "setvar_size", false);
    map->setvar_prefill_size = attr_string(&e, "setvar_prefill_size", false);
    if (map->mr_name == NULL) {
        map->mr_name = model_strdup("");
    }
    sdf_check_no_text(&e);
}

/* Reads 1..max_digits hex digits at *s, advancing it; false if there are none. */
static bool hex_field(const char **s, unsigned max_digits, unsigned *out)
{
    unsigned v = 0;
    unsigned n = 0;

    for (; n < max_digits; n++, (*s)++) {
        char c = **s;
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16;
        if (d == 16) {
            break;
        }
        v = v * 16 + d;
    }
    *out = v;
    return n > 0;
}

/* pcidev="BUS:DEV.FUNC" in hex, as lspci prints it. */
static void parse_pcidev(elem_t *e, irq_t *irq)
{
    char *s = attr_string(e, "pcidev", true);
    const char *p = s;

    if (s == NULL) {
        return;
    }
    bool ok = hex_field(&p, 2, &irq->pci_bus) && *p++ == ':' && hex_field(&p, 2, &irq->pci_dev) &&
              *p++ == '.' && hex_field(&p, 1, &irq->pci_func) && *p == '\0' && irq->pci_dev <= 31 &&
              irq->pci_func <= 7;
    if (!ok) {
        diag_error(e->loc,
                   "<irq> attribute 'pcidev': '%s' is not BUS:DEV.FUNC (hex; bus <= ff, "
                   "dev <= 1f, func <= 7)",
                   s);
        e->ok = false;
    }
    free(s);
}

static void parse_irq_ioapic(elem_t *e, irq_t *irq)
{
    static const char *const known[] = { "id",      "pin",      "vector",    "ioapic",
                                         "trigger", "polarity", "setvar_id", NULL };
    static const char *const triggers[] = { "edge", "level", NULL };
    static const char *const polarities[] = { "high", "low", NULL };

    irq->kind = CAIRN_IRQ_IOAPIC;
    attr_check_known(e, known);
    (void)attr_u32(e, "pin", true, 255, &irq->pin);
    (void)attr_u32(e, "ioapic", false, 255, &irq->ioapic);
    irq->level = attr_choice(e, "trigger", triggers, 1) == 1;
    irq->active_low = attr_choice(e, "polarity", polarities, 0) == 1;
}

ELEMENT_PARSER parse_irq(system_t *sys, xmlNode *node, uint32_t pd)
{
    static const char *const known_msi[] = {
        "id", "pcidev", "handle", "vector", "setvar_id", NULL
    };
    elem_t e = attr_elem(node);
    irq_t *irq = MODEL_PUSH(sys, irqs);

    irq->pd = pd;
    irq->loc = e.loc;
    if (attr_has(&e, "irq")) {
        diag_error(e.loc, "<irq> attribute 'irq': the ARM/RISC-V form does not exist on x86_64; "
                          "use pin and vector (I/O APIC) or pcidev, handle and vector (MSI)");
        return;
    }
    if (attr_has(&e, "pin") == attr_has(&e, "pcidev")) {
        diag_error(e.loc, "<irq>: needs either 'pin' (I/O APIC) or 'pcidev' (MSI)");
        return;
    }
    if (attr_has(&e, "pin")) {
        parse_irq_ioapic(&e, irq);
    } else {
        irq->kind = CAIRN_IRQ_MSI;
        attr_check_known(&e, known_msi);
        parse_pcidev(&e, irq);
        (void)attr_number(&e, "handle", true, 0, UINT64_MAX, &irq->handle);
    }
    (void)attr_u32(&e, "id", true, CAIRN_MAX_CHANNELS - 1, &irq->id);
    (void)attr_u32(&e, "vector", true, IRQ_MAX_VECTOR, &irq->vector);
    irq->setvar_id = attr_string(&e, "setvar_id", false);
    sdf_check_no_text(&e);
}

ELEMENT_PARSER parse_ioport(system_t *sys, xmlNode *node, uint32_t pd)
{
    static const char *const known[] = { "id", "addr", "size", "setvar_id", "setvar_addr", NULL };
    elem_t e = attr_elem(node);
    ioport_t *io = MODEL_PUSH(sys, ioports);

    io->pd = pd;
    io->loc = e.loc;
    attr_check_known(&e, known);
    (void)attr_u32(&e, "id", true, CAIRN_MAX_CHANNELS - 1, &io->id);
    bool has_addr = attr_number(&e, "addr", true, 0, IOPORT_LIMIT - 1, &io->addr);
    bool has_size = attr_number(&e, "size", true, 1, IOPORT_LIMIT, &io->size);
    if (has_addr && has_size && io->size > IOPORT_LIMIT - io->addr) {
        diag_error(e.loc, "<ioport>: ports %#llx..%#llx run past the last port 0xffff",
                   (unsigned long long)io->addr, (unsigned long long)(io->addr + io->size - 1));
    }
    io->setvar_id = attr_string(&e, "setvar_id", false);
    io->setvar_addr = attr_string(&e, "setvar_addr", false);
    sdf_check_no_text(&e);
}

ELEMENT_PARSER parse_setvar(system_t *sys, xmlNode *node, uint32_t pd)
{
    static const char *const known[] = { "symbol", "region_paddr", NULL };
    elem_t e = attr_elem(node);
    setvar_t *sv = MODEL_PUSH(sys, setvars);

    sv->pd = pd;
    sv->loc = e.loc;
    sv->mr = MODEL_NONE;
    attr_check_known(&e, known);
    sv->symbol = attr_string(&e, "symbol", true);
    sv->region = attr_string(&e, "region_paddr", true);
    if (sv->symbol == NULL) {
        sv->symbol = model_strdup("");
    }
    if (sv->region == NULL) {
        sv->region = model_strdup("");
    }
    sdf_check_no_text(&e);
}

ELEMENT_PARSER parse_cap(system_t *sys, xmlNode *node, uint32_t pd, uint32_t kind)
{
    static const char *const known[] = { "slot", "pd", NULL };
    elem_t e = attr_elem(node);
    cap_t *cap = MODEL_PUSH(sys, caps);

    cap->pd = pd;
    cap->loc = e.loc;
    cap->kind = kind;
    cap->target = MODEL_NONE;
    attr_check_known(&e, known);
    (void)attr_u32(&e, "slot", true, USER_SLOTS - 1, &cap->slot);
    cap->target_name = attr_string(&e, "pd", true);
    if (cap->target_name == NULL) {
        cap->target_name = model_strdup("");
    }
    sdf_check_no_text(&e);
}

ELEMENT_PARSER parse_cspace(system_t *sys, xmlNode *node, uint32_t pd)
{
    static const char *const known[] = { NULL };
    elem_t e = attr_elem(node);

    attr_check_known(&e, known);
    sdf_check_no_text(&e);
    for (xmlNode *c = node->children; c != NULL; c = c->next) {
        if (is_elem(c, "cap_tcb")) {
            parse_cap(sys, c, pd, CAIRN_CAP_TCB);
        } else if (is_elem(c, "cap_sc")) {
            parse_cap(sys, c, pd, CAIRN_CAP_SC);
        } else if (is_elem(c, "cap_vspace")) {
            parse_cap(sys, c, pd, CAIRN_CAP_VSPACE);
        } else if (c->type == XML_ELEMENT_NODE) {
            diag_error(attr_elem(c).loc, "<cspace>: unknown element <%s>", (const char *)c->name);
        }
    }
}

ELEMENT_PARSER parse_image(system_t *sys, xmlNode *node, uint32_t pd)
{
    static const char *const known[] = { "path", "path_for_symbols", NULL };
    elem_t e = attr_elem(node);
    pd_t *p = &sys->pds[pd];

    if (p->has_image) {
        diag_error(e.loc, "<protection_domain>: more than one <program_image>");
        return;
    }
    p->has_image = true;
    p->image_loc = e.loc;
    attr_check_known(&e, known);
    p->image_path = attr_string(&e, "path", true);
    p->symbols_path = attr_string(&e, "path_for_symbols", false);
    sdf_check_no_text(&e);
}

/* One child element of a PD; child PDs are left to the caller. */
ELEMENT_PARSER parse_pd_child(system_t *sys, xmlNode *c, uint32_t pd, unsigned *cspaces)
{
    loc_t loc = attr_elem(c).loc;

    if (is_elem(c, "program_image")) {
        parse_image(sys, c, pd);
    } else if (is_elem(c, "map")) {
        parse_map(sys, c, pd);
    } else if (is_elem(c, "irq")) {
        parse_irq(sys, c, pd);
    } else if (is_elem(c, "ioport")) {
        parse_ioport(sys, c, pd);
    } else if (is_elem(c, "setvar")) {
        parse_setvar(sys, c, pd);
    } else if (is_elem(c, "cspace")) {
        if (++*cspaces > 1) {
            diag_error(loc, "<protection_domain>: more than one <cspace>");
        }
        parse_cspace(sys, c, pd);
    } else if (is_elem(c, "virtual_machine")) {
        diag_error(loc, "<virtual_machine>: not supported yet");
    } else if (!is_elem(c, "protection_domain")) {
        diag_error(loc, "<protection_domain>: unknown element <%s>", (const char *)c->name);
    }
}

ELEMENT_PARSER parse_pd_attrs(elem_t *e, pd_t *pd, bool is_child)
{
    static const char *const known[] = { "name",       "priority", "budget", "period", "passive",
                                         "stack_size", "cpu",      "fpu",    "domain", NULL };
    static const char *const known_child[] = { "name",    "priority",   "budget", "period",
                                               "passive", "stack_size", "cpu",    "fpu",
                                               "id",      "setvar_id",  "domain", NULL };

    if (attr_has(e, "domain")) {
        diag_error(e->loc, "<protection_domain> attribute 'domain': domains are not supported yet");
    }
    attr_check_known(e, is_child ? known_child : known);
    pd->name = attr_string(e, "name", true);
    (void)attr_u32(e, "priority", false, CAIRN_MAX_PRIORITY, &pd->priority);
    pd->budget_us = CAIRN_DEFAULT_BUDGET_US;
    (void)attr_number(e, "budget", false, 1, MAX_TIME_US, &pd->budget_us);
    pd->period_us = pd->budget_us;
    (void)attr_number(e, "period", false, 1, MAX_TIME_US, &pd->period_us);
    attr_bool(e, "passive", &pd->passive);
    pd->stack_size = CAIRN_DEFAULT_STACK;
    (void)attr_number(e, "stack_size", false, 0x1000, CAIRN_PD_MAX_STACK, &pd->stack_size);
    (void)attr_u32(e, "cpu", false, UINT32_MAX, &pd->cpu);
    pd->fpu = true;
    attr_bool(e, "fpu", &pd->fpu);
    if (is_child) {
        pd->has_child_id = attr_u32(e, "id", true, CAIRN_MAX_CHILDREN - 1, &pd->child_id);
        pd->setvar_id = attr_string(e, "setvar_id", false);
    }
}

uint32_t sdf_parse_pd(system_t *sys, xmlNode *node, uint32_t parent)
{
    elem_t e = attr_elem(node);
    uint32_t index = sys->pds_count;
    pd_t *pd = MODEL_PUSH(sys, pds);
    unsigned cspaces = 0;

    pd->loc = e.loc;
    pd->parent = parent;
    parse_pd_attrs(&e, pd, parent != MODEL_NONE);
    if (pd->name == NULL) {
        pd->name = model_strdup("");
    }
    if (pd->cpu != 0) {
        diag_error(e.loc, "<protection_domain> attribute 'cpu': only CPU 0 is supported");
    }
    if ((pd->stack_size & 0xfff) != 0) {
        diag_error(e.loc,
                   "<protection_domain> attribute 'stack_size': %#llx is not a multiple "
                   "of the page size 0x1000",
                   (unsigned long long)pd->stack_size);
    }
    sdf_check_no_text(&e);
    for (xmlNode *c = node->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            parse_pd_child(sys, c, index, &cspaces);
        }
    }
    if (!sys->pds[index].has_image) {
        diag_error(e.loc, "<protection_domain>: missing <program_image>");
    }
    return index;
}

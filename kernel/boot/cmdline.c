/*
 * Kernel command line options. `preempt_every=N` makes every Nth
 * preemption point stop its operation as if an interrupt were pending, so
 * the system tests can run every long operation through the syscall restart
 * path deterministically.
 */
#include "boot/cmdline.h"

#include "kstring.h"
#include "state.h"

static word_t parse_decimal(const char *p)
{
    word_t value = 0;

    while (*p >= '0' && *p <= '9') {
        value = value * 10 + (word_t)(*p - '0');
        p++;
    }
    return (*p == '\0' || *p == ' ') ? value : 0;
}

bool cmdline_option(const char *line, const char *name, word_t *value)
{
    size_t len = strlen(name);

    for (const char *p = line; *p != '\0'; p++) {
        bool at_start = p == line || p[-1] == ' ';
        bool ends = p[len] == '\0' || p[len] == ' ' || p[len] == '=';
        if (!at_start || strncmp(p, name, len) != 0 || !ends) {
            continue;
        }
        if (value != NULL) {
            *value = p[len] == '=' ? parse_decimal(p + len + 1) : 0;
        }
        return true;
    }
    return false;
}

void cmdline_apply(const char *line)
{
    word_t every = 0;

    if (cmdline_option(line, "preempt_every", &every)) {
        ks_debug_preempt_every = every;
    }
}

/*
 * The shell: reads lines from the serial driver's rx ring, answers on the
 * tx ring. Commands: help, ps, ping, crash <worker>, quit. The workers are
 * its children, so their faults arrive here (fault()), are reported and
 * the worker restarted, while the shell keeps serving the terminal.
 */
#include <microkit.h>

#include "ring.h"

#define SERIAL              2
#define ECHO                3
#define WORKER_CHANNEL_BASE 10       /* worker n is notified on channel 10 + n */
#define ENTRY               0x200000 /* every program's _start (microkit.ld) */
#define LINE_MAX            64

uintptr_t rx_ring = 1;
uintptr_t tx_ring = 1;

typedef struct {
    const char *name;
    const char *role;
    unsigned priority;
    int child; /* its child id, or -1 */
} pd_info_t;

static const pd_info_t pds[] = {
    { "serial", "COM1 driver", 250, -1 }, { "echo", "passive server", 220, -1 },
    { "shell", "this shell", 200, -1 },   { "worker1", "worker", 100, 1 },
    { "worker2", "worker", 110, 2 },
};

static unsigned restarts[3];
static char line[LINE_MAX];
static unsigned line_length;

static void put(const char *s)
{
    while (*s != '\0') {
        (void)ring_put((byte_ring_t *)tx_ring, *s++);
    }
}

static void put_decimal(seL4_Word n)
{
    char digits[24];
    int i = 0;

    do {
        digits[i++] = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    while (i > 0) {
        (void)ring_put((byte_ring_t *)tx_ring, digits[--i]);
    }
}

static void put_hex(seL4_Word n)
{
    put("0x");
    for (int i = 15; i >= 0; i--) {
        (void)ring_put((byte_ring_t *)tx_ring, "0123456789abcdef"[(n >> (4 * i)) & 0xf]);
    }
}

/* The serial driver has the higher priority: it has written everything when this returns. */
static void flush(void)
{
    microkit_notify(SERIAL);
}

static int same(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static seL4_Word rdtsc(void)
{
    seL4_Uint32 lo = 0;
    seL4_Uint32 hi = 0;

    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi));
    return (seL4_Word)hi << 32 | lo;
}

static void cmd_help(void)
{
    put("commands:\n"
        "  help           this list\n"
        "  ps             protection domains, priorities and state\n"
        "  ping           a protected call to the echo server, timed in cycles\n"
        "  crash <pd>     make worker1 or worker2 fault (the shell restarts it)\n"
        "  quit           end the system\n");
}

/* s, then spaces up to `width` columns. */
static void put_padded(const char *s, unsigned width)
{
    unsigned n = 0;

    for (; s[n] != '\0'; n++) {
        (void)ring_put((byte_ring_t *)tx_ring, s[n]);
    }
    for (; n < width; n++) {
        (void)ring_put((byte_ring_t *)tx_ring, ' ');
    }
}

static void cmd_ps(void)
{
    put("PD        PRIO  ROLE             STATE\n");
    for (unsigned i = 0; i < sizeof(pds) / sizeof(pds[0]); i++) {
        const pd_info_t *p = &pds[i];
        put_padded(p->name, 10);
        put_decimal(p->priority);
        put("   ");
        put_padded(p->role, 17);
        if (p->child >= 0) {
            put("running, restarted ");
            put_decimal(restarts[p->child]);
            put(" times\n");
        } else {
            put(same(p->name, "echo") ? "waiting for calls\n" : "running\n");
        }
    }
}

static void cmd_ping(void)
{
    microkit_mr_set(0, 0xc0ffee);
    seL4_Word start = rdtsc();
    microkit_msginfo reply = microkit_ppcall(ECHO, microkit_msginfo_new(0, 1));
    seL4_Word cycles = rdtsc() - start;
    if (microkit_msginfo_get_count(reply) == 1 && microkit_mr_get(0) == 0xc0ffee) {
        put("ping: echo answered in ");
        put_decimal(cycles);
        put(" cycles (call and reply)\n");
    } else {
        put("ping: wrong answer from echo\n");
    }
}

static void cmd_crash(const char *target)
{
    for (unsigned i = 0; i < sizeof(pds) / sizeof(pds[0]); i++) {
        if (same(pds[i].name, target) && pds[i].child >= 0) {
            put("crash: telling ");
            put(target);
            put(" to fault\n");
            microkit_notify(WORKER_CHANNEL_BASE + (unsigned)pds[i].child);
            return;
        }
    }
    put("crash: only worker1 and worker2 can be crashed from here\n");
}

static void execute(void)
{
    if (same(line, "help")) {
        cmd_help();
    } else if (same(line, "ps")) {
        cmd_ps();
    } else if (same(line, "ping")) {
        cmd_ping();
    } else if (line[0] == 'c' && line[1] == 'r' && line[2] == 'a' && line[3] == 's' &&
               line[4] == 'h' && line[5] == ' ') {
        cmd_crash(line + 6);
    } else if (same(line, "quit")) {
        put("bye\n");
        flush();
        seL4_CairnDebugExit(0);
    } else if (line[0] != '\0') {
        put("unknown command '");
        put(line);
        put("' (try help)\n");
    }
}

static void prompt(void)
{
    put("cairn> ");
    flush();
}

void init(void)
{
    put("\nCairn flagship system: a COM1 driver, this shell, an echo server, two workers.\n");
    put("Type help for the commands.\n");
    prompt();
}

static void take_input(void)
{
    char c = 0;

    while (ring_get((byte_ring_t *)rx_ring, &c)) {
        if (c == '\n') {
            put("\n");
            line[line_length] = '\0';
            execute();
            line_length = 0;
            prompt();
        } else if ((c == '\b' || c == 0x7f) && line_length > 0) {
            line_length--;
            put("\b \b");
        } else if (c >= ' ' && line_length < LINE_MAX - 1) {
            line[line_length++] = c;
            (void)ring_put((byte_ring_t *)tx_ring, c);
        }
    }
    flush();
}

void notified(microkit_channel ch)
{
    if (ch == SERIAL) {
        take_input();
    }
}

seL4_Bool fault(microkit_child child, microkit_msginfo msginfo, microkit_msginfo *reply_msginfo)
{
    (void)reply_msginfo;
    put("\nshell: ");
    put(child == 1 ? "worker1" : "worker2");
    put(" faulted (label ");
    put_decimal(microkit_msginfo_get_label(msginfo));
    put(microkit_msginfo_get_label(msginfo) == 6 ? ", VMFault" : "");
    put(", ip ");
    put_hex(microkit_mr_get(0));
    put(", address ");
    put_hex(microkit_mr_get(1));
    put("); restarting it\n");
    if (child < 3) {
        restarts[child]++;
    }
    microkit_pd_restart(child, ENTRY);
    prompt();
    return seL4_False;
}

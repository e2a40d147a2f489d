/*
 * Meltdown (rogue data cache load) handling by need: whether user address
 * spaces map the whole kernel or only the skim region (skim_vspace.c,
 * trap/entry.S's *_kpti code). CPUs that cannot leak kernel memory to user
 * mode run without isolation, since it costs two CR3 loads and a TLB flush
 * per kernel entry; `kpti=on|off|auto` on the command line, or the build's
 * KPTI default, overrides the CPU's answer.
 */
#include <arch/cpu.h>
#include <arch/machine.h>

#include "boot/cmdline.h"
#include "kstring.h"
#include "printf.h"

/* Set by the build (`make KPTI=on|off|auto`, kernel/build.mk). */
#ifndef CONFIG_KPTI_DEFAULT
#define CONFIG_KPTI_DEFAULT "auto"
#endif

#define MSR_ARCH_CAPABILITIES 0x10Au
#define ARCH_CAP_RDCL_NO      1u /* not vulnerable to rogue data cache load */

bool kpti_enabled;
static const char *kpti_reason = "not decided";

/* Whether two strings are equal (the kernel's string.c has no strcmp). */
static bool same(const char *a, const char *b)
{
    size_t n = strlen(b);

    return strnlen(a, n + 1) == n && strncmp(a, b, n) == 0;
}

static bool is_vendor(const char *vendor)
{
    return same(cpu_features.vendor, vendor);
}

/* QEMU's TCG executes nothing speculatively, whatever CPU model it shows. */
static bool is_tcg(void)
{
    return cpu_features.hypervisor_present &&
           strncmp(cpu_features.hypervisor, "TCGTCGTCGTCG", 12) == 0;
}

/* The MSR exists only where CPUID says so; reading it otherwise is a #GP. */
static bool has_rdcl_no(void)
{
    return cpu_features.arch_capabilities && (rdmsr(MSR_ARCH_CAPABILITIES) & ARCH_CAP_RDCL_NO) != 0;
}

/* The CPU's own answer: isolate unless it is known not to leak. */
static bool cpu_needs_isolation(const char **reason)
{
    if (is_vendor("AuthenticAMD")) {
        *reason = "AMD: not vulnerable";
        return false;
    }
    if (is_vendor("HygonGenuine")) {
        *reason = "Hygon: not vulnerable";
        return false;
    }
    if (is_tcg()) {
        *reason = "QEMU TCG: no speculation";
        return false;
    }
    if (!is_vendor("GenuineIntel")) {
        *reason = "unknown vendor: assumed vulnerable";
        return true;
    }
    if (has_rdcl_no()) {
        *reason = "Intel with RDCL_NO";
        return false;
    }
    *reason = "Intel without RDCL_NO";
    return true;
}

/* "on", "off" or "auto" from the command line; NULL when it does not say. */
static const char *cmdline_request(const char *cmdline)
{
    static const char *const modes[] = { "on", "off", "auto" };
    static const char *const options[] = { "kpti=on", "kpti=off", "kpti=auto" };

    for (unsigned i = 0; i < ARRAY_SIZE(options); i++) {
        if (cmdline_option(cmdline, options[i], NULL)) {
            return modes[i];
        }
    }
    if (cmdline_option(cmdline, "kpti", NULL)) {
        kprintf("cairn: warning: kpti= takes on, off or auto; using the default\n");
    }
    return NULL;
}

void kpti_decide(const char *cmdline)
{
    const char *request = cmdline_request(cmdline);
    const char *forced = "forced";

    if (request == NULL) {
        request = CONFIG_KPTI_DEFAULT;
        forced = "forced at build time";
    }
    if (same(request, "on") || same(request, "off")) {
        kpti_enabled = same(request, "on");
        kpti_reason = forced;
        return;
    }
    kpti_enabled = cpu_needs_isolation(&kpti_reason);
}

void kpti_print(void)
{
    kprintf("cairn: kpti %s (%s)\n", kpti_enabled ? "on" : "off", kpti_reason);
}

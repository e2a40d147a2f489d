/*
 * Fuzz target for the system tool's description parser and checks
 * (sdk/tool/sdf.c, check.c, check_map.c), and for what runs on a system
 * that passed them: layout (masks, CSpace slots, memory cost), the spec
 * blob, the report and the diagram. No files are read: program images and
 * prefill data are absent, as if none had been found.
 *
 * Input: the bytes of a system description. The target checks the
 * promises check_system() makes to the later stages: every reference
 * resolved, every id in range and unique where it must be, and a spec
 * blob whose header and tables lie inside it.
 */
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "fuzz.h"
#include "graph.h"
#include "layout.h"
#include "model.h"
#include "pack.h"
#include "report.h"
#include "sdf.h"

static volatile uint64_t sink;

static void check_refs(const system_t *sys)
{
    for (uint32_t i = 0; i < sys->maps_count; i++) {
        if (sys->maps[i].mr >= sys->mrs_count || sys->maps[i].pd >= sys->pds_count) {
            fuzz_fail("map %u: unresolved", i);
        }
    }
    for (uint32_t i = 0; i < sys->channels_count; i++) {
        const channel_t *ch = &sys->channels[i];
        if (ch->end[0].pd >= sys->pds_count || ch->end[1].pd >= sys->pds_count ||
            ch->end[0].pd == ch->end[1].pd || ch->end[0].id >= CAIRN_MAX_CHANNELS ||
            ch->end[1].id >= CAIRN_MAX_CHANNELS) {
            fuzz_fail("channel %u: bad ends", i);
        }
    }
    for (uint32_t i = 0; i < sys->caps_count; i++) {
        if (sys->caps[i].target >= sys->pds_count ||
            CAIRN_SLOT_USER_BASE + sys->caps[i].slot >= (1u << CAIRN_PD_CNODE_BITS)) {
            fuzz_fail("cap %u: unresolved or out of the CNode", i);
        }
    }
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        const pd_t *pd = &sys->pds[i];
        if (pd->parent != MODEL_NONE && pd->parent >= i) {
            fuzz_fail("pd %u: parent %u not before it", i, pd->parent);
        }
        if (pd->budget_us > pd->period_us || strlen(pd->name) >= CAIRN_PD_NAME_LENGTH) {
            fuzz_fail("pd %u: bad parameters", i);
        }
    }
}

static void check_regions(const system_t *sys)
{
    for (uint32_t i = 0; i < sys->mrs_count; i++) {
        const mr_t *mr = &sys->mrs[i];
        if ((mr->page_size != 0x1000 && mr->page_size != 0x200000) || mr->size == 0 ||
            mr->size % mr->page_size != 0) {
            fuzz_fail("mr %u: size %#llx page size %#llx", i, (unsigned long long)mr->size,
                      (unsigned long long)mr->page_size);
        }
    }
}

/* Slots must be unique and inside the CNode. */
static void check_layout(const system_t *sys, layout_cap_t *caps)
{
    for (uint32_t i = 0; i < sys->pds_count; i++) {
        uint32_t n = layout_caps(sys, i, caps);
        for (uint32_t k = 0; k < n; k++) {
            if (caps[k].slot >= LAYOUT_MAX_CAPS || (k > 0 && caps[k].slot == caps[k - 1].slot)) {
                fuzz_fail("pd %u: slot %u duplicated or outside the CNode", i, caps[k].slot);
            }
        }
        layout_cost_t cost;
        layout_pd_cost(sys, i, &cost);
        sink += cost.total;
    }
}

static void check_spec(const system_t *sys)
{
    buf_t spec = { 0 };

    if (!pack_spec(sys, NULL, 0, &spec)) {
        fuzz_fail("pack_spec failed");
    }
    cairn_spec_header_t h;
    memcpy(&h, spec.data, sizeof(h));
    if (h.magic != CAIRN_SPEC_MAGIC || h.total_size != spec.size || h.pd_count != sys->pds_count ||
        (uint64_t)h.pd_offset + (uint64_t)h.pd_count * sizeof(cairn_spec_pd_t) > spec.size ||
        (uint64_t)h.strings_offset + h.strings_size > spec.size || h.strings_offset % 8 != 0) {
        fuzz_fail("spec header inconsistent");
    }
    buf_free(&spec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static layout_cap_t caps[LAYOUT_MAX_CAPS];
    static FILE *null_out;
    static system_t sys;
    static const report_info_t info = { "x86_64_generic", "debug", "fuzz.img", 0, 0, 0 };

    if (null_out == NULL) {
        null_out = fopen("/dev/null", "w");
    }
    memset(&sys, 0, sizeof(sys));
    sys.file = "fuzz.system";
    diag_begin(sys.file, NULL);
    if (sdf_parse(&sys, (const char *)data, size) && check_system(&sys)) {
        check_refs(&sys);
        check_regions(&sys);
        check_layout(&sys, caps);
        check_spec(&sys);
        if (null_out != NULL) {
            report_write(null_out, &sys, &info);
            graph_write(null_out, &sys);
        }
    }
    diag_flush();
    model_free(&sys);
    return 0;
}

/*
 * Unit tests of the system tool's checks and layout (sdk/tool/check.c,
 * check_map.c, layout.c): range arithmetic at its edges, page-size choice,
 * the protected-call and passive rules, masks and CSpace slots.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "layout.h"
#include "sdk_test.h"

static system_t sys;

static int teardown(void **state)
{
    (void)state;
    model_free(&sys);
    return 0;
}

static void test_overlaps(void **state)
{
    (void)state;
    assert_true(check_overlaps(0x1000, 0x1000, 0x1fff, 1));
    assert_false(check_overlaps(0x1000, 0x1000, 0x2000, 0x1000));
    assert_false(check_overlaps(0x2000, 0x1000, 0x1000, 0x1000));
    assert_true(check_overlaps(0x1000, 0x3000, 0x2000, 0x10));
    assert_true(check_overlaps(0x2000, 0x10, 0x1000, 0x3000));
    assert_false(check_overlaps(0x1000, 0, 0x1000, 0x1000));
    assert_false(check_overlaps(0x1000, 0x1000, 0x1000, 0));
    /* Ranges that reach the top of the address space do not wrap. */
    assert_true(check_overlaps(UINT64_MAX - 0xfff, 0x1000, UINT64_MAX, 1));
    assert_false(check_overlaps(0, 0x1000, UINT64_MAX - 0xfff, 0x1000));
}

static void test_round_up(void **state)
{
    (void)state;
    assert_int_equal(check_round_up(0, 0x1000), 0);
    assert_int_equal(check_round_up(1, 0x1000), 0x1000);
    assert_int_equal(check_round_up(0x1000, 0x1000), 0x1000);
    assert_true(check_round_up(UINT64_MAX, 0x1000) == (UINT64_MAX & ~0xfffull));
}

static void test_count_blocks(void **state)
{
    const uint64_t start[] = { 0x400000, 0x401000, 0x7ff000000000 - 0x2000, 0x600000, 0x5ff000 };
    const uint64_t len[] = { 0x1000, 0x3000, 0x2000, 0, 0x2000 };

    (void)state;
    /* 2 MiB blocks: the first two ranges share block 2, 0x5ff000..0x601000 adds block 3. */
    assert_int_equal(layout_count_blocks(start, len, 5, 21), 3);
    /* 1 GiB blocks: the low ones share one, the stack its own. */
    assert_int_equal(layout_count_blocks(start, len, 5, 30), 2);
    assert_int_equal(layout_count_blocks(start, len, 0, 21), 0);
}

#define PD(name, attrs, body)                                                     \
    "<protection_domain name='" name "' " attrs "><program_image path='x'/>" body \
    "</protection_domain>"

static void test_page_size_choice(void **state)
{
    (void)state;
    assert_int_equal(sdk_test_load(&sys,
                                   "<system>"
                                   "<memory_region name='big' size='0x400000'/>"
                                   "<memory_region name='off' size='0x200000'/>"
                                   "<memory_region name='odd' size='0x201000'/>"
                                   "<memory_region name='dev' size='0x200000' "
                                   "phys_addr='0xfe001000'/>" PD(
                                       "a", "",
                                       "<map mr='big' vaddr='0x40000000'/>"
                                       "<map mr='off' vaddr='0x50001000'/>") "</system>",
                                   true),
                     0);
    assert_int_equal(sys.mrs[0].page_size, 0x200000);
    assert_int_equal(sys.mrs[1].page_size, 0x1000); /* a mapping is not 2 MiB aligned */
    assert_int_equal(sys.mrs[2].page_size, 0x1000); /* the size is not */
    assert_int_equal(sys.mrs[3].page_size, 0x1000); /* the physical address is not */
}

static void test_pp_rule(void **state)
{
    (void)state;
    assert_int_equal(
        sdk_test_load(&sys,
                      "<system>" PD("lo", "priority='1'", "")
                          PD("hi", "priority='2'", "") "<channel><end pd='lo' id='0' pp='true'/>"
                                                       "<end pd='hi' id='0'/></channel></system>",
                      true),
        0);
    assert_int_equal(
        sdk_test_load(&sys,
                      "<system>" PD("lo", "priority='1'", "")
                          PD("hi", "priority='2'", "") "<channel><end pd='lo' id='0'/>"
                                                       "<end pd='hi' id='0' pp='true'/></channel>"
                                                       "</system>",
                      true),
        1);
    assert_non_null(strstr(sdk_test_messages(), "strictly higher priority"));
}

/* A passive PD is woken by a call or a notification from the other end, or an IRQ. */
static void test_passive_wake(void **state)
{
    (void)state;
    const char *notified = "<system>" PD("p", "passive='true'", "") PD(
        "q", "",
        "") "<channel><end pd='p' id='0' notify='false'/><end pd='q' id='0'/></channel></system>";
    const char *not_notified = "<system>" PD("p", "passive='true'", "") PD(
        "q", "",
        "") "<channel><end pd='p' id='0'/><end pd='q' id='0' notify='false'/></channel></system>";
    const char *irq =
        "<system>" PD("p", "passive='true'", "<irq id='3' pin='1' vector='1'/>") "</system>";

    assert_int_equal(sdk_test_load(&sys, notified, true), 0);
    model_free(&sys);
    assert_int_equal(sdk_test_load(&sys, not_notified, true), 1);
    model_free(&sys);
    assert_int_equal(sdk_test_load(&sys, irq, true), 0);
}

static void test_masks_and_slots(void **state)
{
    layout_masks_t m;
    static layout_cap_t caps[LAYOUT_MAX_CAPS];

    (void)state;
    assert_int_equal(
        sdk_test_load(&sys,
                      "<system>" PD("a", "priority='1'",
                                    "<irq id='7' pin='1' vector='1'/>"
                                    "<ioport id='4' addr='0x2f8' size='8'/>")
                          PD("b", "priority='2'",
                             "") "<channel><end pd='a' id='62' pp='true'/><end pd='b' id='0'/>"
                                 "</channel></system>",
                      true),
        0);
    layout_masks(&sys, 0, &m);
    assert_true(m.irqs == 1ull << 7);
    assert_true(m.pps == 1ull << 62);
    assert_true(m.notifications == 1ull << 62);
    assert_true(m.ioports == 1ull << 4);
    uint32_t n = layout_caps(&sys, 0, caps);
    assert_int_equal(n, 7);
    assert_int_equal(caps[0].slot, CAIRN_SLOT_INPUT);
    assert_int_equal(caps[1].slot, CAIRN_SLOT_REPLY);
    assert_int_equal(caps[2].slot, CAIRN_SLOT_OWN_TCB);
    assert_int_equal(caps[3].slot, CAIRN_SLOT_NOTIFY_BASE + 62);
    assert_int_equal(caps[4].slot, CAIRN_SLOT_PPC_BASE + 62);
    assert_int_equal(caps[5].slot, CAIRN_SLOT_IRQ_BASE + 7);
    assert_int_equal(caps[6].slot, CAIRN_SLOT_IOPORT_BASE + 4);
    assert_non_null(strstr(caps[4].what, "badge 0x8000000000000000"));
    assert_false(layout_has_endpoint(&sys, 0));
    assert_true(layout_has_endpoint(&sys, 1));
}

static void test_map_layout(void **state)
{
    (void)state;
    /* Clear of each other and of the stack top... */
    assert_int_equal(sdk_test_load(&sys,
                                   "<system><memory_region name='m' size='0x1000'/>" PD(
                                       "a", "stack_size='0x1000'",
                                       "<map mr='m' vaddr='0x7fefffffe000'/>"
                                       "<map mr='m' vaddr='0x7ff000000000'/>") "</system>",
                                   true),
                     0);
    model_free(&sys);
    /* ...but not of a bigger stack, and not of each other. */
    assert_int_equal(sdk_test_load(&sys,
                                   "<system><memory_region name='m' size='0x2000'/>" PD(
                                       "a", "stack_size='0x3000'",
                                       "<map mr='m' vaddr='0x7fefffffc000'/>"
                                       "<map mr='m' vaddr='0x7fefffffb000'/>") "</system>",
                                   true),
                     2);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlaps),
        cmocka_unit_test(test_round_up),
        cmocka_unit_test(test_count_blocks),
        cmocka_unit_test_teardown(test_page_size_choice, teardown),
        cmocka_unit_test_teardown(test_pp_rule, teardown),
        cmocka_unit_test_teardown(test_passive_wake, teardown),
        cmocka_unit_test_teardown(test_masks_and_slots, teardown),
        cmocka_unit_test_teardown(test_map_layout, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

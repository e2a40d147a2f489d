/*
 * Unit tests of the system tool's parser (sdk/tool/sdf.c, sdf_pd.c,
 * attr.c): defaults, number syntax, child PDs, and that errors name the
 * right line and are all reported.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "attr.h"
#include "sdk_test.h"

static system_t sys;

static int teardown(void **state)
{
    (void)state;
    model_free(&sys);
    return 0;
}

static void test_numbers(void **state)
{
    uint64_t v = 0;

    (void)state;
    assert_true(attr_parse_number("0x10", &v));
    assert_int_equal(v, 16);
    assert_true(attr_parse_number("1_000_000", &v));
    assert_int_equal(v, 1000000);
    assert_true(attr_parse_number("0xffff_ffff_ffff_ffff", &v));
    assert_true(v == UINT64_MAX);
    assert_true(attr_parse_number("0", &v));
    assert_int_equal(v, 0);
    assert_false(attr_parse_number("", &v));
    assert_false(attr_parse_number("0x", &v));
    assert_false(attr_parse_number("_", &v));
    assert_false(attr_parse_number("-1", &v));
    assert_false(attr_parse_number(" 1", &v));
    assert_false(attr_parse_number("12a", &v));
    assert_false(attr_parse_number("0X10", &v));
    assert_false(attr_parse_number("18446744073709551616", &v));
    assert_false(attr_parse_number("0x1_0000_0000_0000_0000", &v));
}

static void test_defaults(void **state)
{
    (void)state;
    assert_int_equal(sdk_test_load(&sys,
                                   "<system><protection_domain name='a'>"
                                   "<program_image path='a.elf'/></protection_domain>"
                                   "<memory_region name='m' size='0x1000'/></system>",
                                   false),
                     0);
    assert_int_equal(sys.pds_count, 1);
    const pd_t *pd = &sys.pds[0];
    assert_string_equal(pd->name, "a");
    assert_int_equal(pd->priority, 0);
    assert_int_equal(pd->budget_us, CAIRN_DEFAULT_BUDGET_US);
    assert_int_equal(pd->period_us, CAIRN_DEFAULT_BUDGET_US);
    assert_int_equal(pd->stack_size, CAIRN_DEFAULT_STACK);
    assert_true(pd->fpu);
    assert_false(pd->passive);
    assert_int_equal(pd->parent, MODEL_NONE);
    assert_string_equal(pd->image_path, "a.elf");
    assert_null(pd->symbols_path);
    assert_false(sys.mrs[0].has_page_size);
}

/* A period given without a budget keeps the default budget; one without a period copies it. */
static void test_period_follows_budget(void **state)
{
    (void)state;
    assert_int_equal(sdk_test_load(&sys,
                                   "<system><protection_domain name='a' budget='300'>"
                                   "<program_image path='a.elf'/></protection_domain>"
                                   "</system>",
                                   false),
                     0);
    assert_int_equal(sys.pds[0].budget_us, 300);
    assert_int_equal(sys.pds[0].period_us, 300);
}

static void test_children(void **state)
{
    (void)state;
    assert_int_equal(sdk_test_load(&sys,
                                   "<system>\n"
                                   "<protection_domain name='p'><program_image path='x'/>\n"
                                   "  <protection_domain name='c' id='5'>\n"
                                   "    <program_image path='x'/>\n"
                                   "    <protection_domain name='g' id='0'>\n"
                                   "      <program_image path='x'/>\n"
                                   "    </protection_domain>\n"
                                   "  </protection_domain>\n"
                                   "</protection_domain>\n"
                                   "<protection_domain name='q'><program_image path='x'/>"
                                   "</protection_domain></system>",
                                   true),
                     0);
    assert_int_equal(sys.pds_count, 4);
    /* Top-level PDs first, then each one's children behind it. */
    assert_string_equal(sys.pds[0].name, "p");
    assert_string_equal(sys.pds[1].name, "q");
    assert_string_equal(sys.pds[2].name, "c");
    assert_int_equal(sys.pds[2].parent, 0);
    assert_int_equal(sys.pds[2].child_id, 5);
    assert_string_equal(sys.pds[3].name, "g");
    assert_int_equal(sys.pds[3].parent, 2);
    assert_int_equal(sys.pds[3].loc.line, 5);
}

static void test_irq_forms(void **state)
{
    (void)state;
    assert_int_equal(sdk_test_load(&sys,
                                   "<system><protection_domain name='a'>"
                                   "<program_image path='x'/>"
                                   "<irq id='1' pin='9' vector='3' polarity='low'/>"
                                   "<irq id='2' pcidev='ff:1F.7' handle='9' vector='4'/>"
                                   "</protection_domain></system>",
                                   false),
                     0);
    assert_int_equal(sys.irqs[0].kind, CAIRN_IRQ_IOAPIC);
    assert_true(sys.irqs[0].level);
    assert_true(sys.irqs[0].active_low);
    assert_int_equal(sys.irqs[0].pin, 9);
    assert_int_equal(sys.irqs[1].kind, CAIRN_IRQ_MSI);
    assert_int_equal(sys.irqs[1].pci_bus, 0xff);
    assert_int_equal(sys.irqs[1].pci_dev, 0x1f);
    assert_int_equal(sys.irqs[1].pci_func, 7);
    assert_int_equal(sys.irqs[1].handle, 9);
}

static void test_perms(void **state)
{
    (void)state;
    assert_int_equal(sdk_test_load(&sys,
                                   "<system><protection_domain name='a'>"
                                   "<program_image path='x'/>"
                                   "<map mr='m' vaddr='0x1000'/>"
                                   "<map mr='m' vaddr='0x2000' perms='x'/>"
                                   "<map mr='m' vaddr='0x3000' perms='rxr'/>"
                                   "</protection_domain></system>",
                                   false),
                     0);
    assert_int_equal(sys.maps[0].perms, CAIRN_PERM_R | CAIRN_PERM_W);
    assert_int_equal(sys.maps[1].perms, CAIRN_PERM_X);
    assert_int_equal(sys.maps[2].perms, CAIRN_PERM_R | CAIRN_PERM_X);
    assert_true(sys.maps[0].cached);
}

/* Every problem of every element is reported, in line order, with its line. */
static void test_all_errors_reported(void **state)
{
    (void)state;
    assert_int_equal(sdk_test_load(&sys,
                                   "<system>\n"
                                   "<protection_domain name='a' priority='x' cpu='2'>\n"
                                   "<program_image path='x' extra='1'/>\n"
                                   "</protection_domain>\n"
                                   "<memory_region name='m'/>\n"
                                   "</system>\n",
                                   true),
                     4);
    assert_string_equal(sdk_test_messages(),
                        "t.system:2:1: error: <protection_domain> attribute 'priority': 'x' is "
                        "not a number\n"
                        "t.system:2:1: error: <protection_domain> attribute 'cpu': only CPU 0 is "
                        "supported\n"
                        "t.system:3:1: error: <program_image>: unknown attribute 'extra'\n"
                        "t.system:5:1: error: <memory_region>: missing attribute 'size' (needed "
                        "unless prefill_path is given)\n");
}

static void test_syntax_error_column(void **state)
{
    (void)state;
    assert_int_equal(sdk_test_load(&sys, "<system>\n  <a b='1' b='2'/>\n</system>\n", false), 1);
    assert_non_null(strstr(sdk_test_messages(), "t.system:2:"));
    assert_non_null(strstr(sdk_test_messages(), "error: Attribute b redefined"));
}

static void test_no_external_entities(void **state)
{
    (void)state;
    /* An external entity is never fetched: the reference stays unexpanded text, an error. */
    assert_int_equal(sdk_test_load(&sys,
                                   "<!DOCTYPE system [<!ENTITY x SYSTEM '/etc/passwd'>]>\n"
                                   "<system><protection_domain name='a'>&x;"
                                   "<program_image path='x'/></protection_domain></system>",
                                   false),
                     1);
    assert_null(strstr(sdk_test_messages(), "root:"));
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test_teardown(test_defaults, teardown),
        cmocka_unit_test_teardown(test_period_follows_budget, teardown),
        cmocka_unit_test_teardown(test_children, teardown),
        cmocka_unit_test_teardown(test_irq_forms, teardown),
        cmocka_unit_test_teardown(test_perms, teardown),
        cmocka_unit_test_teardown(test_all_errors_reported, teardown),
        cmocka_unit_test_teardown(test_syntax_error_column, teardown),
        cmocka_unit_test_teardown(test_no_external_entities, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

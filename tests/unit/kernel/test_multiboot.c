/*
 * Unit tests for Multiboot v1 parsing (kernel/boot/multiboot.c). The tests
 * lay out an info structure, memory map, module list and strings in the
 * host double's fake physical memory and parse it through the kernel window.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host.h>

#include "boot/multiboot.h"

#define MEM_BASE 0x100000ULL
#define INFO_PA  MEM_BASE
#define MMAP_PA  (MEM_BASE + 0x1000)
#define MODS_PA  (MEM_BASE + 0x2000)
#define STR_PA   (MEM_BASE + 0x3000)

enum {
    MEM_SIZE = 0x4000,
    F_CMDLINE = 1 << 2,
    F_MODS = 1 << 3,
    F_MMAP = 1 << 6,
    RAM = 1,
    RESERVED = 2,
};

static uint8_t mem[MEM_SIZE];
static uint32_t mmap_len;
static boot_params_t params;

static void put(paddr_t pa, uint64_t value, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++) {
        mem[pa - MEM_BASE + i] = (uint8_t)(value >> (8 * i));
    }
}

static void set_flags(uint32_t flags)
{
    put(INFO_PA, flags, 4);
}

/* Appends a map entry whose size field is `size` (20 for a plain entry). */
static void add_entry_sized(uint32_t size, uint64_t base, uint64_t len, uint32_t type)
{
    paddr_t e = MMAP_PA + mmap_len;

    put(e, size, 4);
    put(e + 4, base, 8);
    put(e + 12, len, 8);
    put(e + 20, type, 4);
    mmap_len += 4 + size;
    put(INFO_PA + 44, mmap_len, 4);
}

static void add_entry(uint64_t base, uint64_t len, uint32_t type)
{
    add_entry_sized(20, base, len, type);
}

static void put_string(paddr_t pa, const char *s)
{
    memcpy(&mem[pa - MEM_BASE], s, strlen(s) + 1);
}

static void set_module(unsigned i, uint32_t start, uint32_t end, paddr_t string)
{
    paddr_t m = MODS_PA + (paddr_t)i * 16;

    put(m, start, 4);
    put(m + 4, end, 4);
    put(m + 8, string, 4);
    put(m + 12, 0, 4);
}

static void set_module_count(uint32_t count)
{
    put(INFO_PA + 20, count, 4);
    put(INFO_PA + 24, MODS_PA, 4);
}

static int setup(void **state)
{
    (void)state;
    host_reset();
    memset(mem, 0, sizeof(mem));
    memset(&params, 0xa5, sizeof(params));
    host_set_phys_memory(MEM_BASE, mem, sizeof(mem));
    mmap_len = 0;
    set_flags(F_MMAP);
    put(INFO_PA + 48, MMAP_PA, 4);
    return 0;
}

static mb_status_t parse(void)
{
    return multiboot_parse(MULTIBOOT_BOOT_MAGIC, INFO_PA, &params);
}

static void assert_ram(unsigned i, paddr_t base, paddr_t end)
{
    assert_true(i < params.ram_count);
    assert_int_equal(params.ram[i].base, base);
    assert_int_equal(params.ram[i].end, end);
}

static void test_bad_magic(void **state)
{
    (void)state;
    assert_int_equal(multiboot_parse(0x36d76289, INFO_PA, &params), MB_ERR_MAGIC);
}

static void test_info_not_readable(void **state)
{
    (void)state;
    assert_int_equal(multiboot_parse(MULTIBOOT_BOOT_MAGIC, 0x9000, &params), MB_ERR_INFO);
    /* Starts inside memory, but the structure runs past its end. */
    assert_int_equal(multiboot_parse(MULTIBOOT_BOOT_MAGIC, MEM_BASE + MEM_SIZE - 16, &params),
                     MB_ERR_INFO);
}

static void test_no_memory_map_flag(void **state)
{
    (void)state;
    set_flags(F_MODS | F_CMDLINE);
    assert_int_equal(parse(), MB_ERR_NO_MEMORY_MAP);
}

static void test_memory_map_not_readable(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    put(INFO_PA + 48, MEM_BASE + MEM_SIZE - 8, 4);
    assert_int_equal(parse(), MB_ERR_MEMORY_MAP);
}

static void test_entry_size_too_small(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    add_entry_sized(16, 0x300000, 0x100000, RAM);
    assert_int_equal(parse(), MB_ERR_MEMORY_MAP);
}

static void test_entry_runs_past_map_end(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    put(INFO_PA + 44, mmap_len - 1, 4);
    assert_int_equal(parse(), MB_ERR_MEMORY_MAP);
}

static void test_trailing_bytes_after_last_entry(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    put(INFO_PA + 44, mmap_len + 2, 4);
    assert_int_equal(parse(), MB_ERR_MEMORY_MAP);
}

static void test_larger_entry_size_is_skipped_over(void **state)
{
    (void)state;
    add_entry_sized(24, 0x100000, 0x100000, RAM);
    add_entry(0x400000, 0x100000, RAM);
    assert_int_equal(parse(), MB_OK);
    assert_int_equal(params.ram_count, 2);
    assert_ram(0, 0x100000, 0x200000);
    assert_ram(1, 0x400000, 0x500000);
}

static void test_ram_sorted_merged_and_aligned(void **state)
{
    (void)state;
    add_entry(0x800000, 0x100000, RAM);
    add_entry(0x100800, 0xff800, RAM);  /* base rounds up to 0x101000 */
    add_entry(0x200000, 0x100400, RAM); /* touches the previous; end rounds down */
    add_entry(0x880000, 0x100000, RAM); /* overlaps the first */
    assert_int_equal(parse(), MB_OK);
    assert_int_equal(params.ram_count, 2);
    assert_ram(0, 0x101000, 0x300000);
    assert_ram(1, 0x800000, 0x980000);
}

static void test_reserved_entries_skipped(void **state)
{
    (void)state;
    add_entry(0x0, 0x9fc00, RAM);
    add_entry(0x9fc00, 0x400, RESERVED);
    add_entry(0xf0000, 0x10000, RESERVED);
    add_entry(0x100000, 0x7ee0000, RAM);
    add_entry(0xfffc0000, 0x40000, RESERVED);
    add_entry(0x7fe0000, 0x20000, 3); /* ACPI reclaimable */
    assert_int_equal(parse(), MB_OK);
    assert_int_equal(params.ram_count, 2);
    assert_ram(0, 0x0, 0x9f000);
    assert_ram(1, 0x100000, 0x7fe0000);
}

static void test_region_smaller_than_a_page_dropped(void **state)
{
    (void)state;
    add_entry(0x1800, 0x1000, RAM);
    add_entry(0x5000, 0, RAM);
    assert_int_equal(parse(), MB_OK);
    assert_int_equal(params.ram_count, 0);
}

static void test_entry_end_overflow(void **state)
{
    (void)state;
    add_entry(0xfffffffffffff000ULL, 0x2000, RAM);
    assert_int_equal(parse(), MB_ERR_MEMORY_MAP);
}

static void test_max_regions_fit(void **state)
{
    (void)state;
    for (uint64_t i = 0; i < BOOT_MAX_RAM_REGIONS; i++) {
        add_entry(0x100000 + i * 0x2000, 0x1000, RAM);
    }
    assert_int_equal(parse(), MB_OK);
    assert_int_equal(params.ram_count, BOOT_MAX_RAM_REGIONS);
}

static void test_too_many_regions(void **state)
{
    (void)state;
    for (uint64_t i = 0; i <= BOOT_MAX_RAM_REGIONS; i++) {
        add_entry(0x100000 + i * 0x2000, 0x1000, RAM);
    }
    assert_int_equal(parse(), MB_ERR_TOO_MANY);
}

static void test_modules_parsed_with_cmdline_truncation(void **state)
{
    char long_line[201];

    (void)state;
    memset(long_line, 'a', 200);
    long_line[200] = '\0';
    add_entry(0x100000, 0x100000, RAM);
    set_flags(F_MMAP | F_MODS);
    set_module_count(2);
    set_module(0, 0x200000, 0x201234, STR_PA);
    set_module(1, 0x300000, 0x300000, STR_PA + 0x100);
    put_string(STR_PA, "root.elf arg");
    put_string(STR_PA + 0x100, long_line);
    assert_int_equal(parse(), MB_OK);
    assert_int_equal(params.module_count, 2);
    assert_int_equal(params.modules[0].start, 0x200000);
    assert_int_equal(params.modules[0].end, 0x201234);
    assert_string_equal(params.modules[0].cmdline, "root.elf arg");
    assert_int_equal(params.modules[1].end, 0x300000);
    assert_int_equal(strlen(params.modules[1].cmdline), BOOT_CMDLINE_MAX - 1);
    assert_memory_equal(params.modules[1].cmdline, long_line, BOOT_CMDLINE_MAX - 1);
}

static void test_module_end_before_start(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    set_flags(F_MMAP | F_MODS);
    set_module_count(1);
    set_module(0, 0x200000, 0x1fffff, STR_PA);
    assert_int_equal(parse(), MB_ERR_MODULES);
}

static void test_module_list_not_readable(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    set_flags(F_MMAP | F_MODS);
    set_module_count(1);
    put(INFO_PA + 24, MEM_BASE + MEM_SIZE - 8, 4);
    assert_int_equal(parse(), MB_ERR_MODULES);
}

static void test_module_string_not_readable(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    set_flags(F_MMAP | F_MODS);
    set_module_count(1);
    set_module(0, 0x200000, 0x201000, 0x50000);
    assert_int_equal(parse(), MB_ERR_MODULES);
}

static void test_too_many_modules(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    set_flags(F_MMAP | F_MODS);
    put_string(STR_PA, "m");
    for (unsigned i = 0; i <= BOOT_MAX_MODULES; i++) {
        set_module(i, 0x200000, 0x201000, STR_PA);
    }
    set_module_count(BOOT_MAX_MODULES + 1);
    assert_int_equal(parse(), MB_ERR_TOO_MANY);
}

static void test_cmdline_copied(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    set_flags(F_MMAP | F_CMDLINE);
    put(INFO_PA + 16, STR_PA + 0x200, 4);
    put_string(STR_PA + 0x200, "cairn debug=1");
    assert_int_equal(parse(), MB_OK);
    assert_string_equal(params.cmdline, "cairn debug=1");
    assert_int_equal(params.module_count, 0);
}

static void test_cmdline_ending_at_memory_end(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    set_flags(F_MMAP | F_CMDLINE);
    put(INFO_PA + 16, MEM_BASE + MEM_SIZE - 4, 4);
    put_string(MEM_BASE + MEM_SIZE - 4, "abc");
    assert_int_equal(parse(), MB_OK);
    assert_string_equal(params.cmdline, "abc");
    /* Without its NUL the string would run off the end of memory. */
    mem[MEM_SIZE - 1] = 'd';
    assert_int_equal(parse(), MB_ERR_INFO);
}

static void test_absent_flags_give_empty_fields(void **state)
{
    (void)state;
    add_entry(0x100000, 0x100000, RAM);
    put(INFO_PA + 16, STR_PA, 4);
    put_string(STR_PA, "ignored");
    set_module_count(1);
    set_module(0, 0x200000, 0x201000, STR_PA);
    assert_int_equal(parse(), MB_OK);
    assert_int_equal(params.module_count, 0);
    assert_string_equal(params.cmdline, "");
    assert_int_equal(params.ram_count, 1);
}

static void test_status_strings_distinct(void **state)
{
    (void)state;
    for (int a = MB_OK; a <= MB_ERR_TOO_MANY; a++) {
        const char *sa = multiboot_status_str((mb_status_t)a);
        assert_non_null(sa);
        for (int b = a + 1; b <= MB_ERR_TOO_MANY; b++) {
            assert_string_not_equal(sa, multiboot_status_str((mb_status_t)b));
        }
    }
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_bad_magic, setup),
        cmocka_unit_test_setup(test_info_not_readable, setup),
        cmocka_unit_test_setup(test_no_memory_map_flag, setup),
        cmocka_unit_test_setup(test_memory_map_not_readable, setup),
        cmocka_unit_test_setup(test_entry_size_too_small, setup),
        cmocka_unit_test_setup(test_entry_runs_past_map_end, setup),
        cmocka_unit_test_setup(test_trailing_bytes_after_last_entry, setup),
        cmocka_unit_test_setup(test_larger_entry_size_is_skipped_over, setup),
        cmocka_unit_test_setup(test_ram_sorted_merged_and_aligned, setup),
        cmocka_unit_test_setup(test_reserved_entries_skipped, setup),
        cmocka_unit_test_setup(test_region_smaller_than_a_page_dropped, setup),
        cmocka_unit_test_setup(test_entry_end_overflow, setup),
        cmocka_unit_test_setup(test_max_regions_fit, setup),
        cmocka_unit_test_setup(test_too_many_regions, setup),
        cmocka_unit_test_setup(test_modules_parsed_with_cmdline_truncation, setup),
        cmocka_unit_test_setup(test_module_end_before_start, setup),
        cmocka_unit_test_setup(test_module_list_not_readable, setup),
        cmocka_unit_test_setup(test_module_string_not_readable, setup),
        cmocka_unit_test_setup(test_too_many_modules, setup),
        cmocka_unit_test_setup(test_cmdline_copied, setup),
        cmocka_unit_test_setup(test_cmdline_ending_at_memory_end, setup),
        cmocka_unit_test_setup(test_absent_flags_give_empty_fields, setup),
        cmocka_unit_test_setup(test_status_strings_distinct, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

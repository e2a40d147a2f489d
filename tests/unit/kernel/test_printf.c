/*
 * Unit tests for the kernel printf (kernel/lib/printf.c): every conversion,
 * the flags, widths and length modifiers, truncation and the return value,
 * and the console path through the host double's capture buffer.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host.h>

#include "printf.h"

static char buf[128];

static int setup(void **state)
{
    (void)state;
    host_reset();
    memset(buf, 'X', sizeof(buf));
    return 0;
}

static void test_signed_decimal(void **state)
{
    (void)state;
    assert_int_equal(ksnprintf(buf, sizeof(buf), "%d %i %d", 42, -7, 0), 7);
    assert_string_equal(buf, "42 -7 0");
}

static void test_int_min_and_max(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "%d %d", INT_MIN, INT_MAX);
    assert_string_equal(buf, "-2147483648 2147483647");
}

static void test_unsigned_decimal(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "%u %u", 0U, UINT_MAX);
    assert_string_equal(buf, "0 4294967295");
}

static void test_hex_lower_and_upper(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "%x %X %x", 0xdeadbeefU, 0xabcdefU, 0U);
    assert_string_equal(buf, "deadbeef ABCDEF 0");
}

static void test_pointer(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "%p", (void *)(uintptr_t)0xffff800000001000ULL);
    assert_string_equal(buf, "0xffff800000001000");
}

static void test_null_pointer(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "%p", (void *)NULL);
    assert_string_equal(buf, "0x0");
}

static void test_pointer_zero_padded_after_prefix(void **state)
{
    (void)state;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
    ksnprintf(buf, sizeof(buf), "%08p", (void *)(uintptr_t)0xff);
#pragma GCC diagnostic pop
    assert_string_equal(buf, "0x0000ff");
}

static void test_string_and_char(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "[%s] [%c%c]", "root", 'o', 'k');
    assert_string_equal(buf, "[root] [ok]");
}

/* Read through a volatile so the compiler cannot see the NULL at the call. */
static const char *volatile null_string;

static void test_null_string_prints_null(void **state)
{
    const char *none = null_string;

    (void)state;
    ksnprintf(buf, sizeof(buf), "%s", none);
    assert_string_equal(buf, "(null)");
}

static void test_percent_literal(void **state)
{
    (void)state;
    assert_int_equal(ksnprintf(buf, sizeof(buf), "100%%"), 4);
    assert_string_equal(buf, "100%");
}

static void test_width_right_justifies(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "[%5d] [%4x] [%6s] [%3c]", -42, 0xabU, "ab", 'z');
    assert_string_equal(buf, "[  -42] [  ab] [    ab] [  z]");
}

static void test_minus_flag_left_justifies(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "[%-5d] [%-6s] [%-3c]", 42, "ab", 'z');
    assert_string_equal(buf, "[42   ] [ab    ] [z  ]");
}

static void test_zero_flag_pads_after_sign(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "[%05d] [%08x] [%03u]", -42, 0xbeefU, 7U);
    assert_string_equal(buf, "[-0042] [0000beef] [007]");
}

static void test_minus_overrides_zero(void **state)
{
    (void)state;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
    ksnprintf(buf, sizeof(buf), "[%-05d]", 42);
#pragma GCC diagnostic pop
    assert_string_equal(buf, "[42   ]");
}

static void test_zero_flag_does_not_pad_strings_with_zeros(void **state)
{
    (void)state;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
    ksnprintf(buf, sizeof(buf), "[%05s]", "ab");
#pragma GCC diagnostic pop
    assert_string_equal(buf, "[   ab]");
}

static void test_width_narrower_than_value_does_not_truncate(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "[%2d] [%2s]", 12345, "abcdef");
    assert_string_equal(buf, "[12345] [abcdef]");
}

static void test_long_modifier(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "%ld %lu %lx", LONG_MIN, ULONG_MAX, 0x123456789abcUL);
    assert_string_equal(buf, "-9223372036854775808 18446744073709551615 123456789abc");
}

static void test_long_long_modifier_int64_min(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "%lld %llu %llX", (long long)INT64_MIN, ULLONG_MAX,
              0xfedcba9876543210ULL);
    assert_string_equal(buf, "-9223372036854775808 18446744073709551615 FEDCBA9876543210");
}

static void test_size_modifier(void **state)
{
    (void)state;
    ksnprintf(buf, sizeof(buf), "%zu %zx %zd", (size_t)SIZE_MAX, (size_t)0x1000, (size_t)5);
    assert_string_equal(buf, "18446744073709551615 1000 5");
}

static void test_truncation_returns_full_length(void **state)
{
    (void)state;
    assert_int_equal(ksnprintf(buf, 5, "hello %s", "world"), 11);
    assert_string_equal(buf, "hell");
    assert_int_equal(buf[5], 'X');
}

static void test_truncation_inside_padding(void **state)
{
    (void)state;
    assert_int_equal(ksnprintf(buf, 4, "%8d", 1), 8);
    assert_string_equal(buf, "   ");
}

static void test_size_zero_writes_nothing(void **state)
{
    (void)state;
    assert_int_equal(ksnprintf(buf, 0, "%d", 12345), 5);
    assert_int_equal(buf[0], 'X');
    assert_int_equal(ksnprintf(NULL, 0, "%s", "abc"), 3);
}

static void test_size_one_gives_empty_string(void **state)
{
    (void)state;
    assert_int_equal(ksnprintf(buf, 1, "abc"), 3);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'X');
}

static void test_exact_fit(void **state)
{
    (void)state;
    assert_int_equal(ksnprintf(buf, 4, "abc"), 3);
    assert_string_equal(buf, "abc");
}

static void test_unknown_conversion_printed_verbatim(void **state)
{
    (void)state;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
    /* %q and %hd are unknown: printed as written, taking no argument. */
    assert_int_equal(ksnprintf(buf, sizeof(buf), "a%qb %d %hd", 7, 8), 10);
#pragma GCC diagnostic pop
    assert_string_equal(buf, "a%qb 7 %hd");
}

static void test_unknown_conversion_keeps_flags_and_width(void **state)
{
    (void)state;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
    ksnprintf(buf, sizeof(buf), "%-08lw|%d", 3);
#pragma GCC diagnostic pop
    assert_string_equal(buf, "%-08lw|3");
}

static void test_trailing_percent(void **state)
{
    (void)state;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
    assert_int_equal(ksnprintf(buf, sizeof(buf), "50%"), 3);
    assert_string_equal(buf, "50%");
    ksnprintf(buf, sizeof(buf), "x%-5");
#pragma GCC diagnostic pop
    assert_string_equal(buf, "x%-5");
}

static void test_huge_width_is_clamped(void **state)
{
    (void)state;
    assert_int_equal(ksnprintf(NULL, 0, "%5000d", 1), 1024);
}

static void test_kprintf_writes_console_and_counts(void **state)
{
    (void)state;
    assert_int_equal(kprintf("cairn: %s %u\n", "boot", 3U), 14);
    assert_string_equal(host_console_text(), "cairn: boot 3\n");
}

static void test_kprintf_streams_long_output(void **state)
{
    char expect[301];

    (void)state;
    memset(expect, ' ', 299);
    expect[299] = '7';
    expect[300] = '\0';
    assert_int_equal(kprintf("%300d", 7), 300);
    assert_string_equal(host_console_text(), expect);
}

static void test_kputs_writes_verbatim(void **state)
{
    (void)state;
    kputs("100% %d raw\n");
    assert_string_equal(host_console_text(), "100% %d raw\n");
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_signed_decimal, setup),
        cmocka_unit_test_setup(test_int_min_and_max, setup),
        cmocka_unit_test_setup(test_unsigned_decimal, setup),
        cmocka_unit_test_setup(test_hex_lower_and_upper, setup),
        cmocka_unit_test_setup(test_pointer, setup),
        cmocka_unit_test_setup(test_null_pointer, setup),
        cmocka_unit_test_setup(test_pointer_zero_padded_after_prefix, setup),
        cmocka_unit_test_setup(test_string_and_char, setup),
        cmocka_unit_test_setup(test_null_string_prints_null, setup),
        cmocka_unit_test_setup(test_percent_literal, setup),
        cmocka_unit_test_setup(test_width_right_justifies, setup),
        cmocka_unit_test_setup(test_minus_flag_left_justifies, setup),
        cmocka_unit_test_setup(test_zero_flag_pads_after_sign, setup),
        cmocka_unit_test_setup(test_minus_overrides_zero, setup),
        cmocka_unit_test_setup(test_zero_flag_does_not_pad_strings_with_zeros, setup),
        cmocka_unit_test_setup(test_width_narrower_than_value_does_not_truncate, setup),
        cmocka_unit_test_setup(test_long_modifier, setup),
        cmocka_unit_test_setup(test_long_long_modifier_int64_min, setup),
        cmocka_unit_test_setup(test_size_modifier, setup),
        cmocka_unit_test_setup(test_truncation_returns_full_length, setup),
        cmocka_unit_test_setup(test_truncation_inside_padding, setup),
        cmocka_unit_test_setup(test_size_zero_writes_nothing, setup),
        cmocka_unit_test_setup(test_size_one_gives_empty_string, setup),
        cmocka_unit_test_setup(test_exact_fit, setup),
        cmocka_unit_test_setup(test_unknown_conversion_printed_verbatim, setup),
        cmocka_unit_test_setup(test_unknown_conversion_keeps_flags_and_width, setup),
        cmocka_unit_test_setup(test_trailing_percent, setup),
        cmocka_unit_test_setup(test_huge_width_is_clamped, setup),
        cmocka_unit_test_setup(test_kprintf_writes_console_and_counts, setup),
        cmocka_unit_test_setup(test_kprintf_streams_long_output, setup),
        cmocka_unit_test_setup(test_kputs_writes_verbatim, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

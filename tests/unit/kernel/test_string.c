/*
 * Unit tests for the kernel's string functions (kernel/lib/string.c). The
 * host object of string.c is built with its standard names renamed to kern_*
 * (tests/unit/build.mk), so these tests call the kernel's copies, not libc's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/*
 * Declare the renamed kernel functions from the kernel's own header, so the
 * tests see exactly its contracts. The macros must spell the libc names.
 */
/* NOLINTBEGIN(readability-identifier-naming) */
#define memcpy  kern_memcpy
#define memmove kern_memmove
#define memset  kern_memset
#define memcmp  kern_memcmp
#define strlen  kern_strlen
#define strnlen kern_strnlen
#define strncmp kern_strncmp
#include "kstring.h"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef strlen
#undef strnlen
#undef strncmp
/* NOLINTEND(readability-identifier-naming) */

static void test_memcpy_copies_and_returns_dst(void **state)
{
    char dst[8] = "xxxxxxx";

    (void)state;
    assert_ptr_equal(kern_memcpy(dst, "abc", 3), dst);
    assert_string_equal(dst, "abcxxxx");
    kern_memcpy(dst, "zz", 0);
    assert_string_equal(dst, "abcxxxx");
}

static void test_memmove_overlap_forward(void **state)
{
    char b[] = "abcdefgh";

    (void)state;
    /* dst above src: a naive forward copy would smear "ab" over the range. */
    assert_ptr_equal(kern_memmove(b + 2, b, 5), b + 2);
    assert_string_equal(b, "ababcdeh");
}

static void test_memmove_overlap_backward(void **state)
{
    char b[] = "abcdefgh";

    (void)state;
    kern_memmove(b, b + 3, 5);
    assert_string_equal(b, "defghfgh");
}

static void test_memmove_same_and_disjoint(void **state)
{
    char b[] = "abcdef";
    char c[] = "123456";

    (void)state;
    kern_memmove(b, b, 6);
    assert_string_equal(b, "abcdef");
    kern_memmove(c, b, 3);
    assert_string_equal(c, "abc456");
}

static void test_memset_fills_with_low_byte(void **state)
{
    unsigned char b[6] = { 1, 2, 3, 4, 5, 6 };

    (void)state;
    assert_ptr_equal(kern_memset(b + 1, 0x1ab, 4), b + 1);
    assert_int_equal(b[0], 1);
    for (int i = 1; i < 5; i++) {
        assert_int_equal(b[i], 0xab);
    }
    assert_int_equal(b[5], 6);
}

static void test_memcmp_orders_as_unsigned_bytes(void **state)
{
    const unsigned char lo[] = { 1, 2, 0x7f };
    const unsigned char hi[] = { 1, 2, 0x80 };

    (void)state;
    assert_int_equal(kern_memcmp(lo, hi, 2), 0);
    assert_true(kern_memcmp(lo, hi, 3) < 0);
    assert_true(kern_memcmp(hi, lo, 3) > 0);
    assert_int_equal(kern_memcmp(lo, hi, 0), 0);
}

static void test_strlen(void **state)
{
    (void)state;
    assert_int_equal(kern_strlen(""), 0);
    assert_int_equal(kern_strlen("cairn"), 5);
}

static void test_strnlen_never_reads_past_max(void **state)
{
    /* Not NUL-terminated: reading byte 4 would be an ASan error. */
    char *b = malloc(4);

    (void)state;
    assert_non_null(b);
    for (int i = 0; i < 4; i++) {
        b[i] = (char)('a' + i);
    }
    assert_int_equal(kern_strnlen(b, 4), 4);
    assert_int_equal(kern_strnlen(b, 2), 2);
    assert_int_equal(kern_strnlen(b, 0), 0);
    assert_int_equal(kern_strnlen("ab", 10), 2);
    free(b);
}

static void test_strncmp(void **state)
{
    (void)state;
    assert_int_equal(kern_strncmp("KVMKVMKVM", "KVMKVMKVMxyz", 9), 0);
    assert_true(kern_strncmp("abc", "abd", 3) < 0);
    assert_true(kern_strncmp("abd", "abc", 3) > 0);
    assert_int_equal(kern_strncmp("abc", "abd", 2), 0);
    assert_true(kern_strncmp("ab", "abc", 5) < 0);
    assert_int_equal(kern_strncmp("ab\0x", "ab\0y", 4), 0);
    assert_true(kern_strncmp("\x80", "\x7f", 1) > 0);
}

static void test_kstrlcpy_fits(void **state)
{
    char dst[8];

    (void)state;
    memset(dst, 'X', sizeof(dst));
    assert_int_equal(kstrlcpy(dst, "root", sizeof(dst)), 4);
    assert_string_equal(dst, "root");
}

static void test_kstrlcpy_truncates_and_terminates(void **state)
{
    char dst[8];

    (void)state;
    memset(dst, 'X', sizeof(dst));
    assert_int_equal(kstrlcpy(dst, "rootserver", 5), 10);
    assert_string_equal(dst, "root");
    assert_int_equal(dst[5], 'X');
}

static void test_kstrlcpy_size_zero_writes_nothing(void **state)
{
    char dst[2] = { 'X', 'X' };

    (void)state;
    assert_int_equal(kstrlcpy(dst, "abc", 0), 3);
    assert_int_equal(dst[0], 'X');
    assert_int_equal(kstrlcpy(dst, "abc", 1), 3);
    assert_int_equal(dst[0], '\0');
    assert_int_equal(dst[1], 'X');
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memcpy_copies_and_returns_dst),
        cmocka_unit_test(test_memmove_overlap_forward),
        cmocka_unit_test(test_memmove_overlap_backward),
        cmocka_unit_test(test_memmove_same_and_disjoint),
        cmocka_unit_test(test_memset_fills_with_low_byte),
        cmocka_unit_test(test_memcmp_orders_as_unsigned_bytes),
        cmocka_unit_test(test_strlen),
        cmocka_unit_test(test_strnlen_never_reads_past_max),
        cmocka_unit_test(test_strncmp),
        cmocka_unit_test(test_kstrlcpy_fits),
        cmocka_unit_test(test_kstrlcpy_truncates_and_terminates),
        cmocka_unit_test(test_kstrlcpy_size_zero_writes_nothing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

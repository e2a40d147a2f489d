/*
 * Unit tests for ELF64 validation (kernel/boot/elf.c). A small builder writes
 * a valid two-segment executable into a buffer byte by byte (independent of
 * elf.c's structures); each test breaks one thing and expects its status.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "boot/elf.h"

enum {
    IMG_MAX = 0x3000,
    EHDR_SIZE = 64,
    PHDR_SIZE = 56,
    EM_X86_64 = 62,
    PT_LOAD = 1,
    PT_NOTE = 4,
    RX = ELF_PF_R | ELF_PF_X,
    RW = ELF_PF_R | ELF_PF_W,
};

#define LO   0x1000ULL
#define HI   0x7f0000000000ULL
#define TEXT 0x400000ULL
#define DATA 0x401000ULL

static uint8_t img[IMG_MAX];
static word_t img_size;
static unsigned phnum;
static elf_image_t out;

static void put(word_t off, uint64_t value, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++) {
        img[off + i] = (uint8_t)(value >> (8 * i));
    }
}

/* Appends a program header; the header table starts right after the ELF header. */
static void add_phdr(uint32_t type, uint32_t flags, uint64_t offset, uint64_t vaddr,
                     uint64_t filesz, uint64_t memsz)
{
    word_t ph = EHDR_SIZE + (word_t)phnum * PHDR_SIZE;

    put(ph + 0, type, 4);
    put(ph + 4, flags, 4);
    put(ph + 8, offset, 8);
    put(ph + 16, vaddr, 8);
    put(ph + 24, vaddr, 8);
    put(ph + 32, filesz, 8);
    put(ph + 40, memsz, 8);
    put(ph + 48, 0x1000, 8);
    phnum++;
    put(56, phnum, 2);
}

/* A valid header with no program headers yet. */
static void build_header(void)
{
    memset(img, 0, sizeof(img));
    img[0] = 0x7f;
    img[1] = 'E';
    img[2] = 'L';
    img[3] = 'F';
    img[4] = 2;              /* ELFCLASS64 */
    img[5] = 1;              /* ELFDATA2LSB */
    img[6] = 1;              /* EV_CURRENT */
    put(16, 2, 2);           /* e_type = ET_EXEC */
    put(18, EM_X86_64, 2);   /* e_machine */
    put(20, 1, 4);           /* e_version */
    put(24, TEXT + 0x10, 8); /* e_entry */
    put(32, EHDR_SIZE, 8);   /* e_phoff */
    put(52, EHDR_SIZE, 2);   /* e_ehsize */
    put(54, PHDR_SIZE, 2);   /* e_phentsize */
    phnum = 0;
    put(56, 0, 2);
    img_size = IMG_MAX;
}

/* Text (R-X) at TEXT from file offset 0x1000, data and bss (RW-) at DATA. */
static int setup(void **state)
{
    (void)state;
    build_header();
    add_phdr(PT_LOAD, RX, 0x1000, TEXT, 0x100, 0x100);
    add_phdr(PT_LOAD, RW, 0x1100, DATA, 0x20, 0x2000);
    return 0;
}

static elf_status_t parse(void)
{
    return elf_parse(img, img_size, EM_X86_64, LO, HI, &out);
}

static void set_phdr_field(unsigned index, word_t field_off, uint64_t value)
{
    put(EHDR_SIZE + (word_t)index * PHDR_SIZE + field_off, value, 8);
}

static void test_valid_image(void **state)
{
    (void)state;
    assert_int_equal(parse(), ELF_OK);
    assert_int_equal(out.entry, TEXT + 0x10);
    assert_int_equal(out.segment_count, 2);
    assert_int_equal(out.segments[0].vaddr, TEXT);
    assert_int_equal(out.segments[0].offset, 0x1000);
    assert_int_equal(out.segments[0].filesz, 0x100);
    assert_int_equal(out.segments[0].memsz, 0x100);
    assert_int_equal(out.segments[0].flags, RX);
    assert_int_equal(out.segments[1].vaddr, DATA);
    assert_int_equal(out.segments[1].memsz, 0x2000);
    assert_int_equal(out.segments[1].flags, RW);
}

static void test_segments_sorted_by_vaddr(void **state)
{
    (void)state;
    build_header();
    add_phdr(PT_LOAD, RW, 0x1100, 0x600000, 0x10, 0x10);
    add_phdr(PT_LOAD, RW, 0x1200, 0x500000, 0x10, 0x10);
    add_phdr(PT_LOAD, RX, 0x1000, TEXT, 0x100, 0x100);
    assert_int_equal(parse(), ELF_OK);
    assert_int_equal(out.segment_count, 3);
    assert_int_equal(out.segments[0].vaddr, TEXT);
    assert_int_equal(out.segments[1].vaddr, 0x500000);
    assert_int_equal(out.segments[1].offset, 0x1200);
    assert_int_equal(out.segments[2].vaddr, 0x600000);
}

/* Found by fuzz_elf: an empty segment inside a loaded page made the result order-dependent. */
static void test_empty_segment_ignored_in_any_order(void **state)
{
    (void)state;
    build_header();
    add_phdr(PT_LOAD, RX, 0x1000, TEXT, 0x100, 0x100);
    add_phdr(PT_LOAD, RW, 0x1000, TEXT + 0x20, 0, 0);
    assert_int_equal(parse(), ELF_OK);
    assert_int_equal(out.segment_count, 1);
    build_header();
    add_phdr(PT_LOAD, RW, 0x1000, TEXT + 0x20, 0, 0);
    add_phdr(PT_LOAD, RX, 0x1000, TEXT, 0x100, 0x100);
    assert_int_equal(parse(), ELF_OK);
    assert_int_equal(out.segment_count, 1);
    assert_int_equal(out.segments[0].vaddr, TEXT);
}

static void test_non_load_headers_ignored(void **state)
{
    (void)state;
    /* Garbage in a PT_NOTE and a GNU_STACK must not matter. */
    add_phdr(PT_NOTE, 0, ~0ULL, 0, ~0ULL, 1);
    add_phdr(0x6474e551, RW, 0, 0, 0, 0);
    assert_int_equal(parse(), ELF_OK);
    assert_int_equal(out.segment_count, 2);
}

static void test_unaligned_image(void **state)
{
    static uint8_t shifted[IMG_MAX + 1];

    (void)state;
    memcpy(shifted + 1, img, IMG_MAX);
    assert_int_equal(elf_parse(shifted + 1, img_size, EM_X86_64, LO, HI, &out), ELF_OK);
    assert_int_equal(out.segment_count, 2);
}

static void test_truncated_header(void **state)
{
    (void)state;
    img_size = EHDR_SIZE - 1;
    assert_int_equal(parse(), ELF_ERR_TRUNCATED);
    img_size = 0;
    assert_int_equal(parse(), ELF_ERR_TRUNCATED);
}

static void test_bad_magic(void **state)
{
    (void)state;
    img[3] = 'G';
    assert_int_equal(parse(), ELF_ERR_MAGIC);
}

static void test_class_32(void **state)
{
    (void)state;
    img[4] = 1;
    assert_int_equal(parse(), ELF_ERR_CLASS);
}

static void test_big_endian(void **state)
{
    (void)state;
    img[5] = 2;
    assert_int_equal(parse(), ELF_ERR_DATA);
}

static void test_bad_ident_version(void **state)
{
    (void)state;
    img[6] = 0;
    assert_int_equal(parse(), ELF_ERR_VERSION);
}

static void test_bad_e_version(void **state)
{
    (void)state;
    put(20, 2, 4);
    assert_int_equal(parse(), ELF_ERR_VERSION);
}

static void test_shared_object_rejected(void **state)
{
    (void)state;
    put(16, 3, 2); /* ET_DYN */
    assert_int_equal(parse(), ELF_ERR_TYPE);
}

static void test_wrong_machine(void **state)
{
    (void)state;
    put(18, 3, 2); /* EM_386 */
    assert_int_equal(parse(), ELF_ERR_MACHINE);
}

static void test_phoff_outside_file(void **state)
{
    (void)state;
    put(32, img_size - 10, 8);
    assert_int_equal(parse(), ELF_ERR_PHDRS);
    put(32, img_size + 1, 8);
    assert_int_equal(parse(), ELF_ERR_PHDRS);
}

static void test_phdr_table_end_overflows(void **state)
{
    (void)state;
    /* phoff + phnum * phentsize wraps around to a small number. */
    put(32, ~0ULL - 8, 8);
    assert_int_equal(parse(), ELF_ERR_PHDRS);
    put(32, EHDR_SIZE, 8);
    put(56, 0xffff, 2);
    assert_int_equal(parse(), ELF_ERR_PHDRS);
}

static void test_wrong_phentsize(void **state)
{
    (void)state;
    put(54, 64, 2);
    assert_int_equal(parse(), ELF_ERR_PHDRS);
    put(54, 0, 2);
    assert_int_equal(parse(), ELF_ERR_PHDRS);
}

static void test_no_load_segment(void **state)
{
    (void)state;
    build_header();
    assert_int_equal(parse(), ELF_ERR_NO_SEGMENTS);
    add_phdr(PT_NOTE, 0, 0x1000, 0, 0x10, 0x10);
    assert_int_equal(parse(), ELF_ERR_NO_SEGMENTS);
}

static void add_small_segments(unsigned n)
{
    build_header();
    add_phdr(PT_LOAD, RX, 0x1000, TEXT, 0x100, 0x100);
    for (unsigned i = 1; i < n; i++) {
        add_phdr(PT_LOAD, RW, 0x1000, TEXT + (uint64_t)i * 0x1000, 0x10, 0x10);
    }
}

static void test_sixteen_segments_ok(void **state)
{
    (void)state;
    add_small_segments(ELF_MAX_SEGMENTS);
    assert_int_equal(parse(), ELF_OK);
    assert_int_equal(out.segment_count, ELF_MAX_SEGMENTS);
}

static void test_seventeen_segments(void **state)
{
    (void)state;
    add_small_segments(ELF_MAX_SEGMENTS + 1);
    assert_int_equal(parse(), ELF_ERR_TOO_MANY);
}

static void test_file_range_overflow(void **state)
{
    (void)state;
    set_phdr_field(1, 8, ~0ULL - 0x10);
    assert_int_equal(parse(), ELF_ERR_FILE_RANGE);
}

static void test_file_range_outside_file(void **state)
{
    (void)state;
    set_phdr_field(1, 8, img_size - 0x10); /* offset */
    set_phdr_field(1, 32, 0x11);           /* filesz: one byte past the end */
    assert_int_equal(parse(), ELF_ERR_FILE_RANGE);
    set_phdr_field(1, 32, 0x10);
    assert_int_equal(parse(), ELF_OK);
}

static void test_filesz_above_memsz(void **state)
{
    (void)state;
    set_phdr_field(0, 40, 0xff);
    assert_int_equal(parse(), ELF_ERR_FILESZ);
}

static void test_vaddr_plus_memsz_overflows(void **state)
{
    (void)state;
    set_phdr_field(1, 16, 0xfffffffffffff000ULL);
    assert_int_equal(parse(), ELF_ERR_ADDR_RANGE);
    /* No wrap in the sum, but rounding the end up to a page would wrap. */
    set_phdr_field(1, 16, ~0ULL - 0x2100);
    assert_int_equal(parse(), ELF_ERR_ADDR_RANGE);
}

static void test_segment_below_lo(void **state)
{
    (void)state;
    set_phdr_field(0, 16, 0x800); /* rounds down to page 0, below LO */
    put(24, 0x810, 8);
    assert_int_equal(parse(), ELF_ERR_ADDR_RANGE);
}

static void test_segment_above_hi(void **state)
{
    (void)state;
    set_phdr_field(1, 16, HI - 0x1800); /* rounds up past HI */
    assert_int_equal(parse(), ELF_ERR_ADDR_RANGE);
    set_phdr_field(1, 16, HI - 0x2000); /* ends exactly at HI */
    assert_int_equal(parse(), ELF_OK);
}

static void test_segments_share_a_page(void **state)
{
    (void)state;
    set_phdr_field(1, 16, TEXT + 0x800);
    assert_int_equal(parse(), ELF_ERR_OVERLAP);
}

static void test_overlap_found_in_unsorted_input(void **state)
{
    (void)state;
    build_header();
    add_phdr(PT_LOAD, RW, 0x1100, 0x402000, 0x10, 0x10);
    add_phdr(PT_LOAD, RX, 0x1000, TEXT, 0x100, 0x2001); /* ends inside 0x402000's page */
    assert_int_equal(parse(), ELF_ERR_OVERLAP);
}

static void test_entry_outside_any_segment(void **state)
{
    (void)state;
    put(24, 0x500000, 8);
    assert_int_equal(parse(), ELF_ERR_ENTRY);
}

static void test_entry_in_non_exec_segment(void **state)
{
    (void)state;
    put(24, DATA + 0x10, 8);
    assert_int_equal(parse(), ELF_ERR_ENTRY);
}

static void test_entry_at_exec_segment_end(void **state)
{
    (void)state;
    put(24, TEXT + 0x100, 8);
    assert_int_equal(parse(), ELF_ERR_ENTRY);
    put(24, TEXT + 0xff, 8);
    assert_int_equal(parse(), ELF_OK);
}

static void test_status_strings_distinct(void **state)
{
    (void)state;
    for (int a = ELF_OK; a <= ELF_ERR_ENTRY; a++) {
        const char *sa = elf_status_str((elf_status_t)a);
        assert_non_null(sa);
        for (int b = a + 1; b <= ELF_ERR_ENTRY; b++) {
            assert_string_not_equal(sa, elf_status_str((elf_status_t)b));
        }
    }
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_valid_image, setup),
        cmocka_unit_test_setup(test_segments_sorted_by_vaddr, setup),
        cmocka_unit_test_setup(test_non_load_headers_ignored, setup),
        cmocka_unit_test_setup(test_unaligned_image, setup),
        cmocka_unit_test_setup(test_truncated_header, setup),
        cmocka_unit_test_setup(test_bad_magic, setup),
        cmocka_unit_test_setup(test_class_32, setup),
        cmocka_unit_test_setup(test_big_endian, setup),
        cmocka_unit_test_setup(test_bad_ident_version, setup),
        cmocka_unit_test_setup(test_bad_e_version, setup),
        cmocka_unit_test_setup(test_shared_object_rejected, setup),
        cmocka_unit_test_setup(test_wrong_machine, setup),
        cmocka_unit_test_setup(test_phoff_outside_file, setup),
        cmocka_unit_test_setup(test_phdr_table_end_overflows, setup),
        cmocka_unit_test_setup(test_wrong_phentsize, setup),
        cmocka_unit_test_setup(test_no_load_segment, setup),
        cmocka_unit_test_setup(test_sixteen_segments_ok, setup),
        cmocka_unit_test_setup(test_seventeen_segments, setup),
        cmocka_unit_test_setup(test_file_range_overflow, setup),
        cmocka_unit_test_setup(test_file_range_outside_file, setup),
        cmocka_unit_test_setup(test_filesz_above_memsz, setup),
        cmocka_unit_test_setup(test_vaddr_plus_memsz_overflows, setup),
        cmocka_unit_test_setup(test_segment_below_lo, setup),
        cmocka_unit_test_setup(test_segment_above_hi, setup),
        cmocka_unit_test_setup(test_segments_share_a_page, setup),
        cmocka_unit_test_setup(test_overlap_found_in_unsorted_input, setup),
        cmocka_unit_test_setup(test_entry_outside_any_segment, setup),
        cmocka_unit_test_setup(test_entry_in_non_exec_segment, setup),
        cmocka_unit_test_setup(test_entry_at_exec_segment_end, setup),
        cmocka_unit_test_setup(test_status_strings_distinct, setup),
        cmocka_unit_test_setup(test_empty_segment_ignored_in_any_order, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

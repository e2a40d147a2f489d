/*
 * Unit tests of the system tool's ELF handling: symbol lookup and patching
 * (sdk/tool/elf_file.c) and loader.img (pack_elf.c). A builder writes a
 * small executable byte by byte: text at 0x400000, data at 0x401000 with
 * 0x100 file bytes of 0x200, and a symbol table naming a variable in the
 * file bytes, one in .bss and one outside every segment.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "elf_file.h"
#include "pack.h"

enum {
    IMG_SIZE = 0x3000,
    TEXT_OFF = 0x1000,
    DATA_OFF = 0x2000,
    SYMTAB_OFF = 0x2100,
    STRTAB_OFF = 0x2200,
    SHDR_OFF = 0x2300,
};

static const char strtab[] = "\0var\0bssvar\0far\0";

static void put(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* A PT_LOAD: flags, file offset, vaddr, file size, memory size. */
typedef struct {
    uint32_t flags;
    uint64_t off;
    uint64_t vaddr;
    uint64_t filesz;
    uint64_t memsz;
} load_t;

static void phdr(uint8_t *img, size_t i, load_t l)
{
    uint8_t *p = img + 64 + 56 * i;

    put(p, 1, 4);
    put(p + 4, l.flags, 4);
    put(p + 8, l.off, 8);
    put(p + 16, l.vaddr, 8);
    put(p + 24, l.vaddr, 8);
    put(p + 32, l.filesz, 8);
    put(p + 40, l.memsz, 8);
    put(p + 48, 0x1000, 8);
}

static void symbol(uint8_t *img, size_t i, uint32_t name, uint64_t value, uint64_t size)
{
    uint8_t *p = img + SYMTAB_OFF + 24 * i;

    put(p, name, 4);
    p[4] = 0x11; /* global object */
    put(p + 6, 1, 2);
    put(p + 8, value, 8);
    put(p + 16, size, 8);
}

static void section(uint8_t *img, size_t i, uint32_t type, uint64_t off, uint64_t size,
                    uint32_t link)
{
    uint8_t *p = img + SHDR_OFF + 64 * i;

    put(p + 4, type, 4);
    put(p + 24, off, 8);
    put(p + 32, size, 8);
    put(p + 40, link, 4);
}

/* A new valid image (caller frees). */
static uint8_t *make_image(void)
{
    uint8_t *img = calloc(1, IMG_SIZE);
    static const uint8_t ident[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

    memcpy(img, ident, sizeof(ident));
    put(img + 16, 2, 2);  /* ET_EXEC */
    put(img + 18, 62, 2); /* EM_X86_64 */
    put(img + 20, 1, 4);
    put(img + 24, 0x400000, 8);
    put(img + 32, 64, 8);
    put(img + 40, SHDR_OFF, 8);
    put(img + 52, 64, 2);
    put(img + 54, 56, 2);
    put(img + 56, 2, 2);
    put(img + 58, 64, 2);
    put(img + 60, 3, 2);
    phdr(img, 0, (load_t){ 5, TEXT_OFF, 0x400000, 0x10, 0x10 });
    phdr(img, 1, (load_t){ 6, DATA_OFF, 0x401000, 0x100, 0x200 });
    symbol(img, 1, 1, 0x401010, 8);
    symbol(img, 2, 5, 0x401180, 8);
    symbol(img, 3, 12, 0x500000, 8);
    memcpy(img + STRTAB_OFF, strtab, sizeof(strtab));
    section(img, 1, 2, SYMTAB_OFF, 4ull * 24, 2);
    section(img, 2, 3, STRTAB_OFF, sizeof(strtab), 0);
    return img;
}

static void test_symbols_and_patch(void **state)
{
    static elf_file_t elf;
    uint8_t *img = make_image();
    uint64_t value = 0;
    uint64_t size = 0;
    uint64_t off = 0;
    const uint8_t bytes[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

    (void)state;
    assert_null(elf_file_load(&elf, img, IMG_SIZE, ELF_USER_LO, ELF_USER_HI));
    assert_true(elf_file_symbol(&elf, "var", &value, &size));
    assert_int_equal(value, 0x401010);
    assert_int_equal(size, 8);
    assert_false(elf_file_symbol(&elf, "va", &value, &size));
    assert_false(elf_file_symbol(&elf, "nothing", &value, &size));
    assert_int_equal(elf_file_locate(&elf, 0x401010, 8, true, &off), ELF_LOCATE_OK);
    assert_int_equal(off, DATA_OFF + 0x10);
    assert_int_equal(elf_file_locate(&elf, 0x401180, 8, true, &off), ELF_LOCATE_BSS);
    assert_int_equal(elf_file_locate(&elf, 0x401180, 8, false, &off), ELF_LOCATE_OK);
    assert_int_equal(elf_file_locate(&elf, 0x4010fc, 8, true, &off), ELF_LOCATE_BSS);
    assert_int_equal(elf_file_locate(&elf, 0x4011fc, 8, false, &off), ELF_LOCATE_OUTSIDE);
    assert_int_equal(elf_file_locate(&elf, 0x500000, 8, false, &off), ELF_LOCATE_OUTSIDE);
    assert_true(elf_file_inside(&elf, 0x401000, 0x200, ELF_PF_W));
    assert_false(elf_file_inside(&elf, 0x400000, 0x10, ELF_PF_W));
    assert_true(elf_file_patch(&elf, 0x401010, bytes, sizeof(bytes)));
    assert_memory_equal(elf.data + DATA_OFF + 0x10, bytes, sizeof(bytes));
    assert_false(elf_file_patch(&elf, 0x401180, bytes, sizeof(bytes)));
    elf_file_free(&elf);
}

static void test_rejects(void **state)
{
    static elf_file_t elf;
    uint8_t *img = make_image();

    (void)state;
    img[18] = 3; /* EM_386 */
    assert_string_equal(elf_file_load(&elf, img, IMG_SIZE, ELF_USER_LO, ELF_USER_HI),
                        "built for another machine");
    img[18] = 62;
    img[16] = 3; /* ET_DYN */
    assert_non_null(elf_file_load(&elf, img, IMG_SIZE, ELF_USER_LO, ELF_USER_HI));
    img[16] = 2;
    put(img + SHDR_OFF + 64 + 32, 1ull << 40, 8); /* a symbol table beyond the file */
    assert_string_equal(elf_file_load(&elf, img, IMG_SIZE, ELF_USER_LO, ELF_USER_HI),
                        "symbol table is malformed or outside the file");
    put(img + 60, 0x400, 2); /* section headers beyond the file */
    assert_non_null(elf_file_load(&elf, img, IMG_SIZE, ELF_USER_LO, ELF_USER_HI));
    /* A file without section headers loads, with no symbols. */
    put(img + 40, 0, 8);
    assert_null(elf_file_load(&elf, img, IMG_SIZE, ELF_USER_LO, ELF_USER_HI));
    assert_false(elf.has_symtab);
    elf_file_free(&elf);
}

static void test_loader_image(void **state)
{
    uint8_t *init = make_image();
    buf_t spec = { 0 };
    buf_t out = { 0 };
    static elf_image_t info;

    (void)state;
    (void)buf_append(&spec, "SPECDATA", 8);
    diag_begin("t.system", NULL);
    assert_true(pack_image(init, IMG_SIZE, "init.elf", &spec, &out));
    assert_int_equal(elf_parse(out.data, out.size, 62, 0x1000, ELF_USER_HI, &info), ELF_OK);
    assert_int_equal(info.entry, 0x400000);
    assert_int_equal(info.segment_count, 3);
    assert_int_equal(info.segments[2].vaddr, CAIRN_SPEC_VADDR);
    assert_int_equal(info.segments[2].flags, ELF_PF_R);
    assert_int_equal(info.segments[2].offset % 0x1000, 0);
    assert_memory_equal(out.data + info.segments[2].offset, "SPECDATA", 8);
    assert_memory_equal(out.data + info.segments[1].offset, init + DATA_OFF, 0x100);
    buf_free(&out);
    /* An initialiser that reaches into the spec's place is refused. */
    phdr(init, 1, (load_t){ 6, DATA_OFF, CAIRN_SPEC_VADDR - 0x1000, 0x100, 0x2000 });
    assert_false(pack_image(init, IMG_SIZE, "init.elf", &spec, &out));
    assert_int_equal(diag_error_count(), 1);
    buf_free(&out);
    buf_free(&spec);
    free(init);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_symbols_and_patch),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_loader_image),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The kernel's printf: one formatter that writes either into a bounded buffer
 * (kvsnprintf) or straight to the debug console one byte at a time (kprintf),
 * so no large buffer sits on the small kernel stack.
 */
#include "printf.h"

#include "arch.h"

enum {
    WIDTH_MAX = 1024,    /* wider fields are clamped: a typo cannot spin for long */
    NUM_DIGITS_MAX = 24, /* 2^64 - 1 has 20 decimal digits */
};

/* Where formatted bytes go; len counts every byte, stored or not. */
typedef struct {
    char *buf;
    size_t size;
    size_t len;
    bool to_console;
} out_t;

/* One parsed conversion specification. */
typedef struct {
    bool left; /* '-': pad on the right */
    bool zero; /* '0': pad numbers with zeros after the sign */
    unsigned width;
    unsigned length; /* 0 int, 1 long, 2 long long, 3 size_t */
} spec_t;

static void emit(out_t *o, char c)
{
    if (o->to_console) {
        arch_console_putc(c);
    } else if (o->len + 1 < o->size) {
        o->buf[o->len] = c;
    }
    o->len++;
}

static void emit_repeat(out_t *o, char c, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        emit(o, c);
    }
}

static void emit_str(out_t *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        emit(o, s[i]);
    }
}

/* Pads [prefix][digits] to the field width as the flags ask. */
static void emit_field(out_t *o, const spec_t *sp, const char *prefix, const char *body,
                       size_t body_len)
{
    size_t prefix_len = 0;
    unsigned pad = 0;

    while (prefix[prefix_len] != '\0') {
        prefix_len++;
    }
    if (prefix_len + body_len < sp->width) {
        pad = sp->width - (unsigned)(prefix_len + body_len);
    }
    if (!sp->left && !sp->zero) {
        emit_repeat(o, ' ', pad);
    }
    emit_str(o, prefix, prefix_len);
    if (!sp->left && sp->zero) {
        emit_repeat(o, '0', pad);
    }
    emit_str(o, body, body_len);
    if (sp->left) {
        emit_repeat(o, ' ', pad);
    }
}

static void emit_number(out_t *o, const spec_t *sp, const char *prefix, uint64_t value,
                        unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[NUM_DIGITS_MAX];
    size_t pos = sizeof(tmp);

    do {
        tmp[--pos] = digits[value % base];
        value /= base;
    } while (value != 0);
    emit_field(o, sp, prefix, &tmp[pos], sizeof(tmp) - pos);
}

static uint64_t fetch_unsigned(const spec_t *sp, va_list *args)
{
    switch (sp->length) {
    case 1:
        return va_arg(*args, unsigned long);
    case 2:
        return va_arg(*args, unsigned long long);
    case 3:
        return va_arg(*args, size_t);
    default:
        return va_arg(*args, unsigned int);
    }
}

static int64_t fetch_signed(const spec_t *sp, va_list *args)
{
    switch (sp->length) {
    case 1:
        return va_arg(*args, long);
    case 2:
        return va_arg(*args, long long);
    case 3:
        /* %zd takes the signed type of size_t's width; size_t is 64-bit here. */
        return (int64_t)va_arg(*args, size_t);
    default:
        return va_arg(*args, int);
    }
}

static void emit_signed(out_t *o, const spec_t *sp, int64_t value)
{
    /* Negating in unsigned arithmetic keeps INT64_MIN defined. */
    uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;

    emit_number(o, sp, value < 0 ? "-" : "", magnitude, 10, false);
}

static void emit_string(out_t *o, const spec_t *sp, const char *s)
{
    size_t n = 0;
    spec_t text = *sp;

    if (s == NULL) {
        s = "(null)";
    }
    while (s[n] != '\0') {
        n++;
    }
    text.zero = false; /* '0' pads numbers only */
    emit_field(o, &text, "", s, n);
}

static void emit_char(out_t *o, const spec_t *sp, char c)
{
    emit_field(o, sp, "", &c, 1);
}

/* Formats one conversion character; false if it is not one we know. */
static bool convert(out_t *o, const spec_t *sp, char conv, va_list *args)
{
    switch (conv) {
    case 'd':
    case 'i':
        emit_signed(o, sp, fetch_signed(sp, args));
        return true;
    case 'u':
        emit_number(o, sp, "", fetch_unsigned(sp, args), 10, false);
        return true;
    case 'x':
    case 'X':
        emit_number(o, sp, "", fetch_unsigned(sp, args), 16, conv == 'X');
        return true;
    case 'p':
        emit_number(o, sp, "0x", (uint64_t)(uintptr_t)va_arg(*args, void *), 16, false);
        return true;
    case 's':
        emit_string(o, sp, va_arg(*args, const char *));
        return true;
    case 'c':
        emit_char(o, sp, (char)va_arg(*args, int));
        return true;
    default:
        return false;
    }
}

/* Parses flags, width and length after a '%'; returns the conversion's position. */
static const char *parse_spec(const char *p, spec_t *sp)
{
    for (;; p++) {
        if (*p == '-') {
            sp->left = true;
        } else if (*p == '0') {
            sp->zero = true;
        } else {
            break;
        }
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        sp->width = sp->width * 10 + (unsigned)(*p - '0');
        if (sp->width > WIDTH_MAX) {
            sp->width = WIDTH_MAX;
        }
    }
    if (*p == 'l') {
        p++;
        sp->length = 1;
        if (*p == 'l') {
            p++;
            sp->length = 2;
        }
    } else if (*p == 'z') {
        p++;
        sp->length = 3;
    }
    return p;
}

static void format(out_t *o, const char *fmt, va_list *args)
{
    const char *p = fmt;

    while (*p != '\0') {
        if (*p != '%') {
            emit(o, *p++);
            continue;
        }
        if (p[1] == '%') {
            emit(o, '%');
            p += 2;
            continue;
        }
        spec_t sp = { false, false, 0, 0 };
        const char *conv = parse_spec(p + 1, &sp);
        if (*conv != '\0' && convert(o, &sp, *conv, args)) {
            p = conv + 1;
            continue;
        }
        /* Unknown or cut-off conversion: print it as written, take no argument. */
        const char *end = *conv != '\0' ? conv + 1 : conv;
        emit_str(o, p, (size_t)(end - p));
        p = end;
    }
}

size_t kvsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    out_t o = { buf, size, 0, false };
    va_list copy;

    va_copy(copy, args);
    format(&o, fmt, &copy);
    va_end(copy);
    if (size > 0) {
        buf[o.len < size ? o.len : size - 1] = '\0';
    }
    return o.len;
}

size_t ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    size_t n = kvsnprintf(buf, size, fmt, args);
    va_end(args);
    return n;
}

size_t kvprintf(const char *fmt, va_list args)
{
    out_t o = { NULL, 0, 0, true };
    va_list copy;

    va_copy(copy, args);
    format(&o, fmt, &copy);
    va_end(copy);
    return o.len;
}

size_t kprintf(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    size_t n = kvprintf(fmt, args);
    va_end(args);
    return n;
}

void kputs(const char *s)
{
    while (*s != '\0') {
        arch_console_putc(*s++);
    }
}

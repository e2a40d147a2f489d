/*
 * Integer statistics for the benchmarks (stats.h). Exact on every input:
 * sums and squares are taken over the distance from the minimum in 128-bit
 * words, so an outlier (a timer interrupt inside a timed window) can
 * neither overflow nor round the figures.
 */
#include "stats.h"

__extension__ typedef unsigned __int128 wide_t;

static void swap(uint64_t *a, uint64_t *b)
{
    uint64_t t = *a;

    *a = *b;
    *b = t;
}

/* Moves v[root] down the max-heap v[0..n) to where it belongs. */
static void sift_down(uint64_t *v, uint64_t root, uint64_t n)
{
    for (;;) {
        uint64_t child = 2 * root + 1;
        if (child >= n) {
            return;
        }
        if (child + 1 < n && v[child + 1] > v[child]) {
            child++;
        }
        if (v[root] >= v[child]) {
            return;
        }
        swap(&v[root], &v[child]);
        root = child;
    }
}

/* Heapsort: O(n log n) without recursion or extra memory, for 20,000 samples in the guest. */
static void sort(uint64_t *v, uint64_t n)
{
    for (uint64_t i = n / 2; i > 0; i--) {
        sift_down(v, i - 1, n);
    }
    for (uint64_t end = n; end > 1; end--) {
        swap(&v[0], &v[end - 1]);
        sift_down(v, 0, end - 1);
    }
}

/*
 * num / den by shift and subtract: user programs link no libgcc, whose
 * __udivti3 a plain 128-bit division would call.
 */
static wide_t divide(wide_t num, uint64_t den)
{
    wide_t quotient = 0;
    wide_t rest = 0;

    for (unsigned bit = 128; bit > 0; bit--) {
        rest = rest << 1 | ((num >> (bit - 1)) & 1);
        if (rest >= den) {
            rest -= den;
            quotient |= (wide_t)1 << (bit - 1);
        }
    }
    return quotient;
}

/* The integer square root, rounded down (bit by bit, as on paper). */
static uint64_t isqrt(wide_t x)
{
    wide_t root = 0;
    wide_t bit = (wide_t)1 << 126;

    while (bit > x) {
        bit >>= 2;
    }
    while (bit != 0) {
        if (x >= root + bit) {
            x -= root + bit;
            root = (root >> 1) + bit;
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    return (uint64_t)root;
}

void bench_stats(uint64_t *samples, uint64_t n, bench_stats_t *out)
{
    wide_t sum = 0;
    wide_t squares = 0;

    sort(samples, n);
    out->n = n;
    out->min = samples[0];
    out->max = samples[n - 1];
    out->median = samples[n / 2];
    for (uint64_t i = 0; i < n; i++) {
        wide_t d = samples[i] - out->min;
        sum += d;
        squares += d * d;
    }
    wide_t total_milli = ((wide_t)out->min * n + sum) * 1000;
    out->mean_milli = (uint64_t)divide(total_milli + n / 2, n);
    out->stddev_milli = 0;
    if (n > 1) {
        /* n(n-1) s^2 = n sum(d^2) - (sum d)^2, the shift-invariant textbook form. */
        wide_t spread = (wide_t)n * squares - sum * sum;
        out->stddev_milli = isqrt(divide(spread * 1000000, n * (n - 1)));
    }
}

/* Appends s to buf[*at..size-1), always leaving room for the NUL. */
static void put_text(char *buf, size_t size, size_t *at, const char *s)
{
    while (*s != '\0' && *at + 1 < size) {
        buf[(*at)++] = *s++;
    }
}

static void put_number(char *buf, size_t size, size_t *at, uint64_t v)
{
    char digits[24];
    size_t n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0 && *at + 1 < size) {
        buf[(*at)++] = digits[--n];
    }
}

/* A fixed-point value in thousandths as <whole>.<3 digits>. */
static void put_milli(char *buf, size_t size, size_t *at, uint64_t milli)
{
    uint64_t frac = milli % 1000;
    char digits[5] = { '.', (char)('0' + frac / 100), (char)('0' + frac / 10 % 10),
                       (char)('0' + frac % 10), '\0' };

    put_number(buf, size, at, milli / 1000);
    put_text(buf, size, at, digits);
}

size_t bench_stats_line(char *buf, size_t size, const char *name, const bench_stats_t *s)
{
    size_t at = 0;

    if (size == 0) {
        return 0;
    }
    put_text(buf, size, &at, "bench: ");
    put_text(buf, size, &at, name);
    put_text(buf, size, &at, " n=");
    put_number(buf, size, &at, s->n);
    put_text(buf, size, &at, " min=");
    put_number(buf, size, &at, s->min);
    put_text(buf, size, &at, " median=");
    put_number(buf, size, &at, s->median);
    put_text(buf, size, &at, " mean=");
    put_milli(buf, size, &at, s->mean_milli);
    put_text(buf, size, &at, " stddev=");
    put_milli(buf, size, &at, s->stddev_milli);
    put_text(buf, size, &at, " max=");
    put_number(buf, size, &at, s->max);
    put_text(buf, size, &at, "\n");
    buf[at] = '\0';
    return at;
}

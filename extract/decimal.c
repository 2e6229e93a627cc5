/* Exact decimal arithmetic (see decimal.h). Intermediate products use __int128 so that
 * overflow is detected instead of wrapping. */
#include "decimal.h"

#include <string.h>

static const int64_t P10[19] = {
    1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL, 100000000LL,
    1000000000LL, 10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL,
    100000000000000LL, 1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
    1000000000000000000LL};

static fx_dec mk(__int128 m, int scale)
{
    if (scale < 0 || scale > 18 || m > INT64_MAX || m < -INT64_MAX)
        return FX_DEC_BAD;
    return (fx_dec){(int64_t)m, (int8_t)scale, true};
}

fx_dec fx_dec_from_int(int64_t v) { return (fx_dec){v, 0, true}; }

fx_dec fx_dec_parse(const char *s, size_t n)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) { neg = s[i] == '-'; i++; }
    __int128 m = 0;
    int digits = 0, scale = 0, group = -1; /* digits since the last separator, -1: none seen */
    bool point = false;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') {
            m = m * 10 + (c - '0');
            if (m > INT64_MAX) return FX_DEC_BAD;
            digits++;
            if (point) scale++;
            else if (group >= 0) group++;
        } else if (c == '.' && !point && digits > 0) {
            if (group >= 0 && group != 3) return FX_DEC_BAD;
            point = true;
        } else if ((c == ',' || (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                                 (unsigned char)s[i + 2] == 0x81)) && !point && digits > 0) {
            /* ',' or '、' (E3 80 81) as a thousands separator */
            if (group >= 0 && group != 3) return FX_DEC_BAD;
            if (group < 0 && digits > 3) return FX_DEC_BAD;
            group = 0;
            if (c == 0xE3) i += 2;
        } else {
            return FX_DEC_BAD;
        }
    }
    if (digits == 0 || scale > 18) return FX_DEC_BAD;
    if (!point && group >= 0 && group != 3) return FX_DEC_BAD;
    if (point && scale == 0) return FX_DEC_BAD; /* "12." */
    return mk(neg ? -m : m, scale);
}

char *fx_dec_format(fx_dec d, char *buf)
{
    if (!d.ok) { strcpy(buf, "NaN"); return buf; }
    /* digits by hand, not snprintf: every amount, row cell and check figure is formatted */
    uint64_t u = d.m < 0 ? (uint64_t)0 - (uint64_t)d.m : (uint64_t)d.m;
    char tmp[24];
    int k = sizeof tmp;
    do { tmp[--k] = (char)('0' + u % 10); u /= 10; } while (u);
    int len = (int)sizeof tmp - k;
    const char *digits = tmp + k;
    char *o = buf;
    if (d.m < 0) *o++ = '-';
    if (d.scale == 0) { memcpy(o, digits, (size_t)len); o[len] = 0; return buf; }
    int intlen = len - d.scale;
    if (intlen <= 0) {
        *o++ = '0'; *o++ = '.';
        for (int z = 0; z < -intlen; z++) *o++ = '0';
        memcpy(o, digits, (size_t)len); o[len] = 0;
    } else {
        memcpy(o, digits, (size_t)intlen); o += intlen;
        *o++ = '.';
        memcpy(o, digits + intlen, (size_t)d.scale); o += d.scale;
        *o = 0;
    }
    return buf;
}

fx_dec fx_dec_shift(fx_dec d, int k)
{
    if (!d.ok) return d;
    if (k >= 0) {
        /* move the point right: lower the scale first, then multiply */
        int take = k < d.scale ? k : d.scale;
        int scale = d.scale - take, rest = k - take;
        if (rest > 18) return FX_DEC_BAD;
        return mk((__int128)d.m * P10[rest], scale);
    }
    return mk(d.m, d.scale - k);
}

fx_dec fx_dec_rescale(fx_dec d, int scale)
{
    if (!d.ok || d.scale >= scale) return d;
    if (scale > 18) return FX_DEC_BAD;
    return mk((__int128)d.m * P10[scale - d.scale], scale);
}

static void align(fx_dec *a, fx_dec *b)
{
    int s = a->scale > b->scale ? a->scale : b->scale;
    *a = fx_dec_rescale(*a, s);
    *b = fx_dec_rescale(*b, s);
}

fx_dec fx_dec_add(fx_dec a, fx_dec b)
{
    if (!a.ok || !b.ok) return FX_DEC_BAD;
    align(&a, &b);
    if (!a.ok || !b.ok) return FX_DEC_BAD;
    return mk((__int128)a.m + b.m, a.scale);
}

fx_dec fx_dec_neg(fx_dec a) { if (a.ok) a.m = -a.m; return a; }
fx_dec fx_dec_sub(fx_dec a, fx_dec b) { return fx_dec_add(a, fx_dec_neg(b)); }
fx_dec fx_dec_abs(fx_dec a) { if (a.ok && a.m < 0) a.m = -a.m; return a; }
bool fx_dec_is_zero(fx_dec a) { return a.ok && a.m == 0; }

int fx_dec_cmp(fx_dec a, fx_dec b)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    __int128 x = (__int128)a.m * P10[s - a.scale], y = (__int128)b.m * P10[s - b.scale];
    return x < y ? -1 : x > y;
}

fx_dec fx_dec_mul(fx_dec a, fx_dec b)
{
    if (!a.ok || !b.ok) return FX_DEC_BAD;
    return mk((__int128)a.m * b.m, a.scale + b.scale);
}

fx_dec fx_dec_div(fx_dec a, fx_dec b, int scale)
{
    if (!a.ok || !b.ok || b.m == 0 || scale < 0 || scale > 18) return FX_DEC_BAD;
    /* q = a/b * 10^scale = a.m * 10^(scale + b.scale - a.scale) / b.m */
    int e = scale + b.scale - a.scale;
    __int128 num = a.m, den = b.m;
    if (e >= 0) {
        if (e > 36) return FX_DEC_BAD;
        for (int k = 0; k < e; k++) { num *= 10; if (num > ((__int128)1 << 120) || num < -((__int128)1 << 120)) return FX_DEC_BAD; }
    } else {
        for (int k = 0; k < -e; k++) den *= 10;
    }
    bool neg = (num < 0) != (den < 0);
    if (num < 0) num = -num;
    if (den < 0) den = -den;
    __int128 q = num / den, r = num % den;
    if (2 * r >= den) q++; /* half up */
    return mk(neg ? -q : q, scale);
}

fx_dec fx_dec_yuan(fx_dec v, int unit_pow10)
{
    return fx_dec_rescale(fx_dec_shift(v, unit_pow10), 2);
}

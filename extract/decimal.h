/* Exact decimals for money and percentages: a 64-bit mantissa and a decimal scale.
 * Money is never a float. Operations that would overflow return a value with ok = false. */
#ifndef FX_DECIMAL_H
#define FX_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fx_dec {
    int64_t m;      /* value = m / 10^scale */
    int8_t scale;   /* 0..18 digits after the point */
    bool ok;
} fx_dec;

#define FX_DEC_BAD ((fx_dec){0, 0, false})

/* Parse "6,302.48", "9815", "-5.3", "０.５"(ASCII only: normalize first), "1、234.5".
 * Separators , and 、 are accepted only between groups of three digits.
 * Returns ok=false for anything else. */
fx_dec fx_dec_parse(const char *s, size_t n);
fx_dec fx_dec_from_int(int64_t v);
/* Shortest exact text: keeps the scale as written ("24.00" stays "24.00"). buf >= 32. */
char *fx_dec_format(fx_dec d, char *buf);
/* Multiply by 10^k (k may be negative: exact only if no digits are lost -> else !ok). */
fx_dec fx_dec_shift(fx_dec d, int k);
/* Same value with at least `scale` digits after the point. */
fx_dec fx_dec_rescale(fx_dec d, int scale);
fx_dec fx_dec_add(fx_dec a, fx_dec b);
fx_dec fx_dec_sub(fx_dec a, fx_dec b);
fx_dec fx_dec_neg(fx_dec a);
fx_dec fx_dec_abs(fx_dec a);
/* -1, 0, 1; both must be ok */
int fx_dec_cmp(fx_dec a, fx_dec b);
bool fx_dec_is_zero(fx_dec a);
/* a * b exactly (scales add) */
fx_dec fx_dec_mul(fx_dec a, fx_dec b);
/* a / b rounded half-up to `scale` digits; !ok when b is zero */
fx_dec fx_dec_div(fx_dec a, fx_dec b, int scale);
/* Money in yuan: value times the unit's power of ten (元 0, 千元 3, 万元 4, 亿元 8), at
 * least two decimals. */
fx_dec fx_dec_yuan(fx_dec v, int unit_pow10);

#endif

/* quantity records: counts with a unit that are not money (patterns/quantity.pcre).
 * 3.5万余人 is 35000 with approx 余; 两个 is 2 (ICU reads the Chinese numeral). A lone 一
 * (一个中心, 一批企业) is an article more often than a count, so it is not a quantity. */
#include "facts.h"

#include <stdint.h>
#include <string.h>

static int mult_pow(const char *s, size_t n)
{
    if (n >= 3 && !memcmp(s, "亿", 3)) return 8;
    if (n >= 3 && !memcmp(s, "万", 3)) return 4;
    if (n >= 3 && !memcmp(s, "千", 3)) return 3;
    return 0;
}

/* Length of the numeral character at s[i] (an ASCII digit or a Han numeral), else 0. */
static size_t numeral_at(const char *s, size_t i, size_t len)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] >= '0' && u[0] <= '9') return 1;
    if (u[0] < 0xE3 || u[0] > 0xE9 || i + 3 > len) return 0;
    switch ((uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2]) {
    case 0xE99BB6: case 0xE38087: case 0xE4B880: case 0xE4BA8C: case 0xE4B8A4: /* 零〇一二两 */
    case 0xE4B889: case 0xE59B9B: case 0xE4BA94: case 0xE585AD: case 0xE4B883: /* 三四五六七 */
    case 0xE585AB: case 0xE4B99D: case 0xE58D81: case 0xE799BE: case 0xE58D83: /* 八九十百千 */
        return 3;
    default:
        return 0;
    }
}

/* The match fx_match_caps() would find from `at`, tried only where one can start. Every
 * quantity holds a digit or a Han numeral (groups num, cn) with at most an approx1 word (3
 * characters) and spaces before it: the anchored pattern is tried at those few places, not
 * at every character of the prose between numbers (callgrind: 12% of the run went there).
 * Keep in step with patterns/quantity.pcre (a longer lead word, a new numeral character). */
static int next_quantity(fx_doc *d, const pcre2_code *re, const pcre2_code *anch,
                         const char *sub, size_t len, size_t at, fx_caps *c)
{
    size_t max = d->opts ? d->opts->max_line_bytes : 0;
    if (max && len > max) return fx_match_caps(d, re, sub, len, at, c); /* its diagnostic */
    size_t tried = at; /* every start below this has been tried */
    for (size_t q = at; q < len;) {
        size_t k = numeral_at(sub, q, len);
        if (!k) { q++; continue; }
        size_t s = q;
        while (s > tried && sub[s - 1] == ' ') s--;
        for (int n = 0; n < 3 && s > tried; n++)
            do s--; while (s > tried && ((unsigned char)sub[s] & 0xC0) == 0x80);
        while (s <= q) {
            int rc = fx_match_caps(d, anch, sub, len, s, c);
            if (rc != 0) return rc;
            do s++; while (s < q && ((unsigned char)sub[s] & 0xC0) == 0x80);
        }
        tried = q + k;
        q += k;
    }
    c->rc = 0;
    return 0;
}

void fx_quantities(fx_para *p)
{
    fx_doc *d = p->d;
    const pcre2_code *re = fx_pat("quantity"), *anch = fx_pat_anchored("quantity");
    int g_num = fx_group(re, "num"), g_cn = fx_group(re, "cn"), g_mult = fx_group(re, "mult"),
        g_unit = fx_group(re, "unit"), g_lone = fx_group(re, "lone");
    int g_approx[3] = {fx_group(re, "approx1"), fx_group(re, "approx2"), fx_group(re, "approx3")};
    const char *sub = d->text + p->s;
    size_t len = p->e - p->s, at = 0;
    while (at < len && !fx_para_full(p, p->s + at)) {
        fx_caps c;
        int rc = next_quantity(d, re, anch, sub, len, at, &c);
        if (rc <= 0) break;
        const PCRE2_SIZE *ov = c.v;
        size_t ms = p->s + ov[0], me = p->s + ov[1];
        at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        while (ms < me && d->text[ms] == ' ') ms++; /* no approximation word before it */
        if (fx_para_taken(p, ms, me)) continue;
        size_t s, e, us, ue, ns;
        fx_dec v;
        if (fx_cap(ov, rc, g_num, p->s, &s, &e)) {
            v = fx_num(d, s, e);
            ns = s;
        } else if (fx_cap(ov, rc, g_cn, p->s, &s, &e)) {
            size_t used;
            v = fx_cn_dec(d->text + s, e - s, &used);
            if (!v.ok || used != e - s) continue;
            if (e - s == 3 && !memcmp(d->text + s, "一", 3)) continue;
            ns = s;
        } else if (fx_cap(ov, rc, g_lone, p->s, &s, &e)) {
            /* 近百, 百余: the idiom for about a hundred, not a numeral ICU reads alone */
            v = fx_dec_from_int(!memcmp(d->text + s, "百", 3) ? 100 : 1000);
            ns = s;
        } else {
            continue;
        }
        if (!v.ok || !fx_cap(ov, rc, g_unit, p->s, &us, &ue)) continue;
        if (fx_cap(ov, rc, g_mult, p->s, &s, &e)) v = fx_dec_shift(v, mult_pow(d->text + s, e - s));
        if (!v.ok) continue;
        const char *approx = NULL;
        for (int k = 0; k < 3 && !approx; k++)
            if (fx_cap(ov, rc, g_approx[k], p->s, &s, &e)) approx = fx_text(d, s, e);
        const char *label = fx_label_clean(d, fx_label_start(p, ms), ms < ns ? ms : ns);
        fx_rec *r = fx_rec_new(d, "quantity", ms, me);
        char buf[40];
        fx_set_str(d, r, "value", fx_dec_format(v, buf));
        fx_set_strn(d, r, "unit", d->text + us, ue - us);
        fx_set_str(d, r, "approx", approx);
        fx_fact_fields(p, r, label, ms, me, false);
        fx_para_add(p, (fx_fact){FXF_QUANTITY, r, ms, me, label, v, FX_DEC_BAD});
    }
}

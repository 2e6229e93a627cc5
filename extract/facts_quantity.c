/* quantity records: counts with a unit that are not money (patterns/quantity.pcre).
 * 3.5万余人 is 35000 with approx 余; 两个 is 2 (ICU reads the Chinese numeral). A lone 一
 * (一个中心, 一批企业) is an article more often than a count, so it is not a quantity. */
#include "facts.h"

#include <string.h>

static int mult_pow(const char *s, size_t n)
{
    if (n >= 3 && !memcmp(s, "亿", 3)) return 8;
    if (n >= 3 && !memcmp(s, "万", 3)) return 4;
    if (n >= 3 && !memcmp(s, "千", 3)) return 3;
    return 0;
}

void fx_quantities(fx_para *p)
{
    fx_doc *d = p->d;
    const pcre2_code *re = fx_pat("quantity");
    int g_num = fx_group(re, "num"), g_cn = fx_group(re, "cn"), g_mult = fx_group(re, "mult"),
        g_unit = fx_group(re, "unit"), g_lone = fx_group(re, "lone");
    int g_approx[3] = {fx_group(re, "approx1"), fx_group(re, "approx2"), fx_group(re, "approx3")};
    const char *sub = d->text + p->s;
    size_t len = p->e - p->s, at = 0;
    while (at < len && !fx_para_full(p, p->s + at)) {
        fx_caps c;
        int rc = fx_scan_quantity(d, sub, len, at, &c);
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

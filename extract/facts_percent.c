/* percent records (patterns/percent.pcre), their kind from the nearest keyword before them
 * in the clause (patterns/percent_kind.pcre). The label of a share or a change (占2.09%,
 * 增长0.98%) is what comes before the keyword, and when that is empty the subject of the
 * amount it follows (基本支出318.27万元，占2.09% -> 基本支出). */
#include "facts.h"

#include <string.h>

static const char *const KINDS[] = {"share", "completion", "growth", "decline", "rate"};

/* the kind and, for share/completion/growth/decline, where its keyword starts */
static const char *kind_of(fx_para *p, size_t cs, size_t ce, size_t *kw)
{
    const pcre2_code *re = fx_pat("percent_kind");
    PCRE2_SIZE *ov;
    *kw = ce;
    /* the keyword is near the number: look at the clause's last ~30 characters */
    if (ce > cs + 96) {
        cs = ce - 96;
        while (cs < ce && ((unsigned char)p->d->text[cs] & 0xC0) == 0x80) cs++;
    }
    if (cs >= ce) return "other";
    int rc = fx_match(p->d, re, p->d->text + cs, ce - cs, 0, &ov);
    if (rc <= 0) return "other";
    for (int k = 0; k < 5; k++) {
        size_t s, e;
        if (fx_cap(ov, rc, fx_group(re, KINDS[k]), cs, &s, &e)) {
            if (k < 4) *kw = s;
            return KINDS[k];
        }
    }
    return "other";
}

void fx_percents(fx_para *p)
{
    fx_doc *d = p->d;
    const pcre2_code *re = fx_pat("percent");
    int g_sign = fx_group(re, "sign"), g_num = fx_group(re, "num"), g_points = fx_group(re, "points"),
        g_cn = fx_group(re, "cn");
    const char *sub = d->text + p->s;
    size_t len = p->e - p->s, at = 0;
    while (at < len && !fx_para_full(p, p->s + at)) {
        fx_caps c;
        int rc = fx_scan_percent(d, sub, len, at, &c);
        if (rc <= 0) break;
        const PCRE2_SIZE *ov = c.v;
        size_t ms = p->s + ov[0], me = p->s + ov[1];
        at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        if (fx_para_taken(p, ms, me)) continue;
        size_t s, e;
        fx_dec v;
        if (fx_cap(ov, rc, g_num, p->s, &s, &e)) {
            v = fx_num(d, s, e);
            if (fx_cap(ov, rc, g_sign, p->s, &s, &e)) v = fx_dec_neg(v);
        } else if (fx_cap(ov, rc, g_cn, p->s, &s, &e)) {
            size_t used;
            v = fx_cn_dec(d->text + s, e - s, &used);
            if (v.ok && s + used < e) me = s + used; /* trailing 点 without digits */
            /* 百分之百: a lone 百 is the idiom for 100, not a numeral ICU reads */
            if (!v.ok && e - s == 3 && !memcmp(d->text + s, "百", 3)) v = fx_dec_from_int(100);
        } else {
            continue;
        }
        if (!v.ok) continue;
        size_t lstart = fx_label_start(p, ms), kw;
        const char *kind = kind_of(p, lstart, ms, &kw);
        if (fx_cap(ov, rc, g_points, p->s, &s, &e)) kind = "points";
        const char *label = fx_label_clean(d, lstart, kw);
        if (!label) label = fx_label_fallback(p, ms);
        fx_rec *r = fx_rec_new(d, "percent", ms, me);
        char buf[40];
        fx_set_str(d, r, "value", fx_dec_format(v, buf));
        fx_set_str(d, r, "kind", kind);
        fx_fact_fields(p, r, label, ms, me, true);
        fx_set_null(d, r, "change");
        fx_para_add(p, (fx_fact){FXF_PERCENT, r, ms, me, label, v, FX_DEC_BAD});
    }
}

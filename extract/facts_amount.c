/* amount records: money in prose (patterns/amount.pcre).
 *
 * A bare 万 or 亿 (60万, 4.5亿) is read as 万元/亿元 only when the clause before the number
 * speaks of money (patterns/money_context.pcre: 资金, 经费, 预算, …): reports write 60万 for
 * money and 32.8万 for people, and only the words around tell them apart. Rates (300元/人/年)
 * keep the rate as their unit and have no yuan value, also when the rate is written before
 * the number (每人每年1200元 -> 元/人/年). Ranges give two records, range
 * "low"/"high", both spanning the whole range. */
#include "facts.h"

#include <string.h>

static int unit_pow(const char *u, size_t n)
{
    if (n >= 3 && !memcmp(u, "亿", 3)) return 8;
    if (n >= 3 && !memcmp(u, "万", 3)) return 4;
    if (n >= 3 && !memcmp(u, "千", 3)) return 3;
    return 0;
}

static const char *unit_name(int pow)
{
    switch (pow) {
    case 8: return "亿元";
    case 4: return "万元";
    case 3: return "千元";
    default: return "元";
    }
}

/* 每人每年 before the number: the unit 元/人/年 (each 每 opens one "per" part) */
static const char *per_unit(fx_doc *d, const char *unit, size_t s, size_t e)
{
    const char *t = d->text;
    size_t n = strlen(unit);
    char *u = fx_alloc(&d->arena, n + (e - s) + 1);
    memcpy(u, unit, n);
    for (size_t i = s; i < e;) {
        if (e - i >= 3 && !memcmp(t + i, "每", 3)) { u[n++] = '/'; i += 3; }
        else if (t[i] == ' ') i++;
        else u[n++] = t[i++];
    }
    u[n] = 0;
    return u;
}

static bool money_clause(fx_para *p, size_t s, size_t e)
{
    PCRE2_SIZE *ov;
    return s < e && fx_match(p->d, fx_pat("money_context"), p->d->text + s, e - s, 0, &ov) > 0;
}

static void emit(fx_para *p, size_t ms, size_t me, size_t ns, size_t ne, const char *unit,
                 int pow, bool rate, const char *label, const char *range)
{
    fx_doc *d = p->d;
    fx_dec v = fx_num(d, ns, ne);
    if (!v.ok) return;
    fx_dec y = rate ? FX_DEC_BAD : fx_dec_yuan(v, pow);
    fx_rec *r = fx_rec_new(d, "amount", ms, me);
    char buf[40];
    fx_set_str(d, r, "value", fx_dec_format(v, buf));
    fx_set_str(d, r, "unit", unit);
    fx_set_dec(d, r, "yuan", y);
    fx_fact_fields(p, r, label, ms, me, true);
    fx_set_str(d, r, "range", range);
    fx_set_null(d, r, "change");
    fx_para_add(p, (fx_fact){FXF_AMOUNT, r, ms, me, label, v, y});
}

void fx_amounts(fx_para *p)
{
    fx_doc *d = p->d;
    const pcre2_code *re = fx_pat("amount");
    int g_lo = fx_group(re, "lo"), g_lounit = fx_group(re, "lounit"), g_num = fx_group(re, "num"),
        g_unit = fx_group(re, "unit"), g_rate = fx_group(re, "rate"), g_bare = fx_group(re, "bare"),
        g_per = fx_group(re, "per");
    const char *sub = d->text + p->s;
    size_t len = p->e - p->s, at = 0;
    while (at < len && !fx_para_full(p, p->s + at)) {
        fx_caps c;
        int rc = fx_scan_amount(d, sub, len, at, &c);
        if (rc <= 0) break;
        const PCRE2_SIZE *ov = c.v;
        size_t ms = p->s + ov[0], me = p->s + ov[1];
        at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        size_t ns, ne, us, ue, ls, le, lus, lue, rs, re_;
        if (!fx_cap(ov, rc, g_num, p->s, &ns, &ne)) continue;
        bool has_lo = fx_cap(ov, rc, g_lo, p->s, &ls, &le);
        size_t lstart = fx_label_start(p, ms);
        const char *label = fx_label_clean(d, lstart, ms);
        int pow;
        bool rate = false;
        const char *unit;
        if (fx_cap(ov, rc, g_unit, p->s, &us, &ue)) {
            pow = unit_pow(d->text + us, ue - us);
            unit = unit_name(pow);
            if (fx_cap(ov, rc, g_rate, p->s, &rs, &re_)) {
                rate = true;
                unit = fx_sprintf(&d->arena, "%s%.*s", unit, (int)(re_ - rs), d->text + rs);
            } else if (fx_cap(ov, rc, g_per, p->s, &rs, &re_)) {
                rate = true;
                unit = per_unit(d, unit, rs, re_);
            }
        } else if (fx_cap(ov, rc, g_bare, p->s, &us, &ue)) {
            if (!money_clause(p, lstart, ms)) continue;
            pow = unit_pow(d->text + us, ue - us);
            unit = unit_name(pow);
        } else {
            continue;
        }
        if (!label) label = fx_label_fallback(p, ms);
        if (has_lo) {
            int lpow = pow;
            const char *lunit = unit;
            if (fx_cap(ov, rc, g_lounit, p->s, &lus, &lue)) {
                lpow = unit_pow(d->text + lus, lue - lus);
                lunit = rate ? unit : unit_name(lpow);
            }
            emit(p, ms, me, ls, le, lunit, lpow, rate, label, "low");
            emit(p, ms, me, ns, ne, unit, pow, rate, label, "high");
        } else {
            emit(p, ms, me, ns, ne, unit, pow, rate, label, NULL);
        }
    }
}

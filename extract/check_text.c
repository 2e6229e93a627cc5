/* Checks of prose figures: shares against their whole (text.share), comparison statements
 * against their amount and base (text.change, text.direction), completion ratios
 * (text.completion), parts whose shares say they are complete (text.parts), prose amounts
 * against table cells (text.table) and the years figures claim to be for (text.year).
 *
 * Records are related by where they are in the canonical text: the amount a share belongs to
 * is the one just before it in the same clause, the whole is the amount before the 其中/包括
 * that opens the list, and so on. A relation that cannot be placed gives no check or a skip;
 * it never guesses a number. */
#define _GNU_SOURCE /* memrchr */
#include "check.h"

#include <string.h>

/* ---- text helpers ---- */

/* how far back a relation is looked for: keeps hostile one-line documents linear */
#define BACK 1000

static bool is_stop(const char *p)
{
    return *p == '\n' || *p == ';' || *p == '!' || *p == '?' || ck_starts(p, "。");
}

/* start of the line holding x */
size_t ck_line_start(const fx_doc *d, size_t x)
{
    size_t floor = x > BACK ? x - BACK : 0;
    const char *nl = memrchr(d->text + floor, '\n', x - floor);
    return nl ? (size_t)(nl - d->text) + 1 : floor;
}

/* Bytes that may end a sentence (SB) or a clause (CB) break: ; \n, and the last byte of 。
 * (E3 80 82) or 、 (E3 80 81). One look-up per byte in the backward walks; the whole break is
 * confirmed only on a hit. */
enum { SB = 1, CB = 2 };
static const unsigned char BRK[256] = {
    ['\n'] = SB | CB, [';'] = SB | CB, [0x82] = SB | CB, [','] = CB, [':'] = CB, ['('] = CB, [')'] = CB,
    [0x81] = CB,
};

size_t ck_sentence_start(const fx_doc *d, size_t x)
{
    const unsigned char *t = (const unsigned char *)d->text;
    size_t floor = x > BACK ? x - BACK : 0;
    while (x > floor) {
        if (!(BRK[t[x - 1]] & SB)) { x--; continue; }
        if (t[x - 1] != 0x82 || (x >= 3 && ck_starts(d->text + x - 3, "。"))) break;
        x--;
    }
    return x;
}

/* does text[a,b) contain s? */
bool ck_span_has(const fx_doc *d, size_t a, size_t b, const char *s)
{
    size_t n = strlen(s);
    if (b > d->len) b = d->len;
    for (size_t i = a; i + n <= b; i++)
        if (!memcmp(d->text + i, s, n)) return true;
    return false;
}

static bool span_has_stop(const fx_doc *d, size_t a, size_t b)
{
    for (size_t i = a; i < b && i < d->len; i++) if (is_stop(d->text + i)) return true;
    return false;
}

/* the clause before x: back to , : ; 。 、 ( or the line start */
const char *ck_clause_before(fx_doc *d, size_t x)
{
    const unsigned char *t = (const unsigned char *)d->text;
    size_t a = x, floor = x > BACK ? x - BACK : 0;
    while (a > floor) {
        unsigned char ch = t[a - 1];
        if (!(BRK[ch] & CB)) { a--; continue; }
        if (ch != 0x82 && ch != 0x81) break;
        if (a >= 3 && (ck_starts(d->text + a - 3, "。") || ck_starts(d->text + a - 3, "、"))) break;
        a--;
    }
    return fx_strndup(&d->arena, d->text + a, x - a);
}

/* ---- figures from records ---- */

ck_fig ck_amount_fig(const fx_rec *a)
{
    ck_fig f = {FX_DEC_BAD, fx_dec_from_int(0), a, fx_get_str(a, "label"), -1};
    f.v = ck_dec(fx_get_str(a, "value"));
    if (f.v.ok) f.half = ck_half(f.v.scale);
    f.pow = ck_unit_pow(fx_get_str(a, "unit"));
    const char *u = fx_get_str(a, "unit");
    if (u && strchr(u, '/')) f.pow = -1;   /* a rate (元/人) is not an amount of money */
    return f;
}

ck_fig ck_percent_fig(const fx_rec *p)
{
    ck_fig f = {FX_DEC_BAD, fx_dec_from_int(0), p, fx_get_str(p, "label"), -1};
    f.v = ck_dec(fx_get_str(p, "value"));
    if (f.v.ok) f.half = ck_half(f.v.scale);
    return f;
}

/* the last amount ending at or before x (index), or -1 */
long ck_amount_before(const ck_ctx *c, size_t x)
{
    long lo = 0, hi = (long)c->namounts;
    while (lo < hi) {
        long m = (lo + hi) / 2;
        if (c->amounts[m]->cend <= x) lo = m + 1; else hi = m;
    }
    return lo - 1;
}

static bool followed_by(const fx_doc *d, size_t x, const char *s, size_t within)
{
    for (size_t i = x; i <= x + within && i < d->len; i++) {
        if (ck_starts(d->text + i, s)) return true;
        if (is_stop(d->text + i)) return false;
    }
    return false;
}

/* ---- shares ---- */

/* the whole a list of parts is a share of: the amount before the 其中/包括 opening the list */
static long share_whole(ck_ctx *c, long part)
{
    fx_doc *d = c->d;
    size_t first = c->amounts[part]->cstart;
    for (long i = part - 1; i >= 0; i--) {
        const fx_rec *a = c->amounts[i];
        if (first - a->cend > 400) return -1;
        if (followed_by(d, a->cend, "占", 6)) { first = a->cstart; continue; }   /* a sibling part */
        if (ck_in_change(c, a)) continue;   /* 较上年增加X万元: the change, not the whole */
        if (ck_span_has(d, a->cend, first, "其中") || ck_span_has(d, a->cend, first, "包括")) return i;
        return -1;
    }
    return -1;
}

static bool name_eq(const char *a, const char *b)
{
    return a && b && ck_name_is(a, b, CM_EXACT);
}

static bool table_figure(ck_ctx *c, const char *kw, ck_fig *out);

/* the whole a share names (占X的P%): the nearest figure before it labelled X (not a budget or
 * last year's figure unless X is one), else the table cell of X. ok=false when neither is found. */
static const char *named_whole(ck_ctx *c, long ai, const fx_rec *p, ck_fig *whole)
{
    fx_doc *d = c->d;
    const fx_rec *a = c->amounts[ai];
    whole->v = FX_DEC_BAD;
    size_t zx = a->cend;
    while (zx < p->cstart && !ck_starts(d->text + zx, "占")) zx++;
    size_t de = zx;
    while (de < p->cstart && !ck_starts(d->text + de, "的")) de++;
    if (zx + 3 >= de) return "";
    const char *name = fx_strndup(&d->arena, d->text + zx + 3, de - zx - 3);
    if (strlen(name) < 6) return name;   /* 占其的 / 占总的: nothing to name it by */
    bool budget = ck_budget_clause(name) || strstr(name, "上年");
    for (long k = ai - 1; k >= 0 && a->cstart - c->amounts[k]->cend <= BACK; k--) {
        const fx_rec *w = c->amounts[k];
        const char *label = fx_get_str(w, "label");
        if (!label || ck_in_change(c, w)) continue;
        if (!budget && (ck_budget_clause(label) || strstr(label, "上年"))) continue;
        /* the label is the name, or the name with 决算/数 around it (本年支出决算合计) */
        char *l2 = fx_strdup(&d->arena, label);
        for (char *q; (q = strstr(l2, "决算")) != NULL;) memmove(q, q + 6, strlen(q + 6) + 1);
        if (name_eq(label, name) || name_eq(l2, name)) {
            *whole = ck_amount_fig(w);
            return name;
        }
    }
    if (table_figure(c, name, whole)) return name;
    return name;
}

static void shares(ck_ctx *c)
{
    fx_doc *d = c->d;
    for (size_t i = 0; i < c->npercents; i++) {
        const fx_rec *p = c->percents[i];
        const char *kind = fx_get_str(p, "kind");
        if (!kind || strcmp(kind, "share")) continue;
        long ai = ck_amount_before(c, p->cstart);
        if (ai < 0) continue;
        const fx_rec *a = c->amounts[ai];
        if (p->cstart - a->cend > 40 || span_has_stop(d, a->cend, p->cstart)) continue;
        ck_fig part = ck_amount_fig(a), pct = ck_percent_fig(p);
        if (part.pow < 0) continue;
        /* 占X的P%: X names the whole; else the list's whole */
        long wi = -1;
        bool named = ck_span_has(d, a->cend, p->cstart, "的");
        if (!named) wi = share_whole(c, ai);
        const fx_rec *refs[3] = {p, a, NULL};
        if (named) {
            ck_fig whole;
            const char *wname = named_whole(c, ai, p, &whole);
            if (whole.v.ok) {
                refs[2] = whole.ref;
                ck_ratio(c, "text.share", fx_sprintf(&d->arena, "share of %s", wname), part, whole, pct, refs, 3);
                continue;
            }
        }
        if (wi < 0) {
            ck_emit(c, "text.share", "skip", FX_DEC_BAD, pct.v, FX_DEC_BAD, refs, 2,
                    "share %s%% of %s %s: the total it is a share of is not found",
                    ck_str(d, pct.v), part.name ? part.name : "", ck_str(d, part.v));
            continue;
        }
        refs[2] = c->amounts[wi];
        ck_fig whole = ck_amount_fig(c->amounts[wi]);
        ck_ratio(c, "text.share", fx_sprintf(&d->arena, "share of %s", whole.name ? whole.name : "the total"),
              part, whole, pct, refs, 3);
    }
}

/* the first percent starting within `within` bytes after x */
static const fx_rec *percent_after(const ck_ctx *c, size_t x, size_t within)
{
    size_t lo = 0, hi = c->npercents;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (c->percents[m]->cstart < x) lo = m + 1; else hi = m;
    }
    return lo < c->npercents && c->percents[lo]->cstart - x <= within ? c->percents[lo] : NULL;
}

/* text.parts: a list whose shares add up to 100% is complete, so its amounts add up to the whole */
static void parts(ck_ctx *c)
{
    fx_doc *d = c->d;
    for (size_t w = 0; w < c->namounts; w++) {
        /* the parts after whole w: consecutive amounts each followed by 占 */
        ck_sum s, ps;
        ck_sum_init(&s);
        ck_sum_init(&ps);
        size_t k = w + 1, n = 0;
        size_t prev = c->amounts[w]->cend;
        for (; k < c->namounts; k++) {
            const fx_rec *a = c->amounts[k];
            if (a->cstart - prev > 400 || !followed_by(d, a->cend, "占", 6)) break;
            if (!n && !(ck_span_has(d, prev, a->cstart, "其中") || ck_span_has(d, prev, a->cstart, "包括"))) break;
            /* the share percent right after it */
            const fx_rec *p = percent_after(c, a->cend, 12);
            if (!p) break;
            ck_fig f = ck_amount_fig(a);
            ck_fig pf = ck_percent_fig(p);
            if (f.pow < 0) break;
            ck_sum_add(&s, ck_yuan(f), 1);
            ck_sum_add(&ps, pf, 1);
            prev = p->cend;
            n++;
        }
        /* the whole is read only when there is a list (most amounts open none) */
        ck_fig whole = n >= 2 ? ck_yuan(ck_amount_fig(c->amounts[w])) : (ck_fig){.v = FX_DEC_BAD};
        if (n >= 2 && whole.v.ok && whole.pow >= 0 && ps.ok &&
            ck_within(fx_dec_from_int(100), ps.v, ps.tol)) {
            whole.name = whole.name ? whole.name : "total";
            ck_sum_check(c, "text.parts",
                         fx_sprintf(&d->arena, "parts of %s (their shares add up to 100%%; in 元)", whole.name),
                         whole, &s);
        }
        ck_sum_free(&s);
        ck_sum_free(&ps);
    }
}

/* ---- changes ---- */

static const fx_rec *inside(fx_rec **v, size_t n, const fx_rec *outer)
{
    for (size_t i = 0; i < n; i++)
        if (v[i]->cstart >= outer->cstart && v[i]->cend <= outer->cend) return v[i];
    return NULL;
}

bool ck_budget_clause(const char *cl)
{
    /* 一般公共预算 names a fund, not a budget figure. Without 预算 anywhere there is none to
     * remove and none to find: most clauses are answered by one strstr. */
    if (!strstr(cl, "预算")) return false;
    char buf[512];
    size_t o = 0;
    for (const char *p = cl; *p && o + 1 < sizeof buf;) {
        if (ck_starts(p, "一般公共预算")) { p += strlen("一般公共预算"); continue; }
        buf[o++] = *p++;
    }
    buf[o] = 0;
    return strstr(buf, "预算") != NULL;
}

/* an amount inside a comparison statement's span */
bool ck_in_change(const ck_ctx *c, const fx_rec *a)
{
    for (size_t i = 0; i < c->nchanges; i++)
        if (c->changes[i]->cstart != FX_NOSPAN && a->cstart >= c->changes[i]->cstart &&
            a->cend <= c->changes[i]->cend)
            return true;
    return false;
}

/* an amount listed after 其中/包括 in its sentence: a part, not the figure a statement is about */
static bool list_part(const fx_doc *d, const fx_rec *a)
{
    size_t x = a->cstart, floor = x > BACK ? x - BACK : 0;
    while (x > floor && d->text[x - 1] != '\n' && !(x >= 3 && ck_starts(d->text + x - 3, "。"))) x--;
    return ck_span_has(d, x, a->cstart, "其中") || ck_span_has(d, x, a->cstart, "包括");
}

/* could two labels name the same figure? Not 收入 vs 支出, nor 合计 vs 总计 */
static bool compatible(const char *a, const char *b)
{
    bool ai = strstr(a, "收入") != NULL, ao = strstr(a, "支出") != NULL;
    bool bi = strstr(b, "收入") != NULL, bo = strstr(b, "支出") != NULL;
    if ((ai && !ao && bo && !bi) || (ao && !ai && bi && !bo)) return false;
    if ((strstr(a, "合计") && strstr(b, "总计")) || (strstr(a, "总计") && strstr(b, "合计"))) return false;
    return true;
}

static const fx_rec *change_of(const ck_ctx *c, const fx_rec *a)
{
    for (size_t i = 0; i < c->nchanges; i++)
        if (c->changes[i]->cstart != FX_NOSPAN && a->cstart >= c->changes[i]->cstart &&
            a->cend <= c->changes[i]->cend)
            return c->changes[i];
    return NULL;
}

static void changes(ck_ctx *c)
{
    fx_doc *d = c->d;
    for (size_t i = 0; i < c->nchanges; i++) {
        const fx_rec *ch = c->changes[i];
        if (ch->cstart == FX_NOSPAN) continue;
        const fx_rec *am = inside(c->amounts, c->namounts, ch);
        const fx_rec *pr = inside(c->percents, c->npercents, ch);
        const char *dir = fx_get_str(ch, "direction");
        if (!am) continue;
        ck_fig A = ck_amount_fig(am);
        if (A.pow < 0) continue;
        /* a stated base: an amount followed by 相比 between the sentence start and the change */
        size_t ls = ck_line_start(d, ch->cstart);
        long bi = -1, ci = -1;
        const char *subject = fx_get_str(ch, "subject");
        long fallback = -1;
        bool fb_budget = false;
        for (long k = ck_amount_before(c, am->cstart); k >= 0 && c->amounts[k]->cstart >= ls; k--) {
            const fx_rec *a = c->amounts[k];
            if (a == am || ck_in_change(c, a)) continue;   /* figures of other statements (原因…) */
            if (bi < 0 && ci < 0 && fallback < 0 && followed_by(d, a->cend, "相比", 4)) { bi = k; continue; }
            const char *label = fx_get_str(a, "label");
            bool budget = ck_budget_clause(label ? label : ck_clause_before(d, a->cstart));
            if (!budget && subject && label && (strstr(label, subject) || strstr(subject, label))) { ci = k; break; }
            if (!list_part(d, a) && (fallback < 0 || (fb_budget && !budget))) { fallback = k; fb_budget = budget; }
        }
        /* the nearest figure is the statement's subject only if it can be the same figure */
        if (ci < 0 && fallback >= 0 && subject && fx_get_str(c->amounts[fallback], "label") &&
            !compatible(subject, fx_get_str(c->amounts[fallback], "label")))
            fallback = -1;
        if (ci < 0) ci = fallback;
        const fx_rec *refs[4] = {ch, am, NULL, NULL};
        int nr = 2;
        if (pr) refs[nr++] = pr;
        if (ci < 0) continue;   /* no current figure in the paragraph: nothing to compare */
        ck_fig C = ck_amount_fig(c->amounts[ci]);
        refs[nr++] = c->amounts[ci];
        if (C.pow < 0) continue;
        bool same_unit = C.pow == A.pow;   /* keep the report's unit in messages when it can */
        ck_fig Cy = same_unit ? C : ck_yuan(C), Ay = same_unit ? A : ck_yuan(A);
        bool inc = dir && !strcmp(dir, "increase"), dec = dir && !strcmp(dir, "decrease");
        ck_fig B;
        if (bi >= 0) {
            B = ck_amount_fig(c->amounts[bi]);
            if (!same_unit || B.pow != C.pow) { B = ck_yuan(B); Cy = ck_yuan(C); Ay = ck_yuan(A); }
            const fx_rec *r3[3] = {ch, c->amounts[bi], c->amounts[ci]};
            /* the stated change is the difference of the two figures */
            fx_dec diff = fx_dec_sub(Cy.v, B.v);
            if (inc || dec) {
                bool dir_ok = inc ? diff.m >= 0 : diff.m <= 0;
                ck_emit(c, "text.direction", dir_ok ? "pass" : "fail", diff, inc ? Ay.v : fx_dec_neg(Ay.v),
                        fx_dec_from_int(0), r3, 3, "%s %s vs base %s: the text says %s",
                        C.name ? C.name : "figure", ck_str(d, Cy.v), ck_str(d, B.v), inc ? "增加" : "减少");
            }
            ck_sum s;
            ck_sum_init(&s);
            ck_sum_add(&s, Cy, 1);
            ck_sum_add(&s, B, -1);
            ck_fig st = Ay;
            if (dec) st.v = fx_dec_neg(st.v);
            st.name = inc ? "增加" : dec ? "减少" : "change";
            ck_sum_check(c, "text.change", "change amount against its two figures", st, &s);
            ck_sum_free(&s);
        } else {
            /* base implied: current − increase, current + decrease */
            B = Cy;
            if (inc) B.v = fx_dec_sub(Cy.v, Ay.v);
            else if (dec) B.v = fx_dec_add(Cy.v, Ay.v);
            else continue;
            B.half = fx_dec_add(Cy.half, Ay.half);
            B.name = "implied base";
            if (B.v.ok && B.v.m < 0) {
                ck_emit(c, "text.direction", "fail", FX_DEC_BAD, Ay.v, FX_DEC_BAD, refs, nr,
                        "an increase of %s exceeds the current figure %s", ck_str(d, Ay.v), ck_str(d, Cy.v));
                continue;
            }
        }
        if (!pr) continue;
        const char *pk = fx_get_str(pr, "kind");
        if (pk && strcmp(pk, "growth") && strcmp(pk, "decline")) continue;   /* 个百分点 is no ratio */
        ck_fig P = ck_percent_fig(pr);
        if (fx_dec_is_zero(Ay.v) && P.v.ok && fx_dec_is_zero(P.v)) {
            ck_emit(c, "text.change", "pass", fx_dec_from_int(0), P.v, fx_dec_from_int(0), refs, nr,
                    "no change: 0 and 0%%");
            continue;
        }
        Ay.name = inc ? "增加" : dec ? "减少" : "change";
        ck_ratio(c, "text.change", fx_sprintf(&d->arena, "%s%s", inc ? "growth" : "decline",
                                           bi >= 0 ? " against the stated base" : " against the implied base"),
              Ay, B, P, refs, nr);
    }
}

/* ---- completion ratios ---- */

static void completions(ck_ctx *c)
{
    fx_doc *d = c->d;
    size_t floor_pos = 0;
    for (size_t i = 0; i < c->npercents; i++) {
        const fx_rec *p = c->percents[i];
        const char *kind = fx_get_str(p, "kind");
        if (!kind || strcmp(kind, "completion")) { if (kind) floor_pos = p->cend; continue; }
        size_t ls = ck_line_start(d, p->cstart);
        if (floor_pos < ls) floor_pos = ls;
        long k2 = ck_amount_before(c, p->cstart);
        long k1 = k2 - 1;
        const fx_rec *refs[3] = {p, NULL, NULL};
        if (k2 < 0 || c->amounts[k2]->cstart < floor_pos || k1 < 0 || c->amounts[k1]->cstart < floor_pos) {
            ck_emit(c, "text.completion", "skip", FX_DEC_BAD, ck_percent_fig(p).v, FX_DEC_BAD, refs, 1,
                    "completion %s%%: its two amounts are not found before it", fx_get_str(p, "value"));
            floor_pos = p->cend;
            continue;
        }
        const fx_rec *a1 = c->amounts[k1], *a2 = c->amounts[k2];
        /* 决算X万元，较年初预算减少Y万元，完成年初预算的P%: the base is X ± Y */
        const fx_rec *ch = change_of(c, a2);
        if (ch || change_of(c, a1)) {
            const char *dir = ch ? fx_get_str(ch, "direction") : NULL;
            if (!ch || change_of(c, a1) || !dir || (strcmp(dir, "increase") && strcmp(dir, "decrease"))) {
                ck_emit(c, "text.completion", "skip", FX_DEC_BAD, ck_percent_fig(p).v, FX_DEC_BAD, refs, 1,
                        "completion %s%%: its amounts are changes, not the two figures", fx_get_str(p, "value"));
                floor_pos = p->cend;
                continue;
            }
            ck_fig num = ck_amount_fig(a1), diff = ck_amount_fig(a2);
            if (num.pow != diff.pow) { num = ck_yuan(num); diff = ck_yuan(diff); }
            ck_fig den = num;
            den.v = !strcmp(dir, "increase") ? fx_dec_sub(num.v, diff.v) : fx_dec_add(num.v, diff.v);
            den.half = fx_dec_add(num.half, diff.half);
            den.name = !strcmp(dir, "increase") ? "base (figure − increase)" : "base (figure + decrease)";
            den.ref = a2;
            if (!num.name) num.name = ck_clause_before(d, a1->cstart);
            refs[1] = a1; refs[2] = a2;
            ck_ratio(c, "text.completion", "completion against the implied base", num, den, ck_percent_fig(p), refs, 3);
            floor_pos = p->cend;
            continue;
        }
        /* which is the base: the one compared against (…相比), else the budget figure */
        const fx_rec *base = NULL;
        if (followed_by(d, a2->cend, "相比", 4)) base = a2;
        else if (followed_by(d, a1->cend, "相比", 4)) base = a1;
        else {
            const char *c1 = ck_clause_before(d, a1->cstart), *c2 = ck_clause_before(d, a2->cstart);
            bool b1 = ck_budget_clause(c1), b2 = ck_budget_clause(c2);
            /* 完成X的: prefer the amount named X */
            const char *word = "年初预算";
            if (b1 && b2) base = strstr(c1, word) ? a1 : strstr(c2, word) ? a2 : a1;
            else base = b2 && !b1 ? a2 : a1;
        }
        const fx_rec *act = base == a1 ? a2 : a1;
        refs[1] = act; refs[2] = base;
        ck_fig num = ck_amount_fig(act), den = ck_amount_fig(base);
        if (!num.name) num.name = ck_clause_before(d, act->cstart);
        if (!den.name) den.name = ck_clause_before(d, base->cstart);
        ck_ratio(c, "text.completion", "completion", num, den, ck_percent_fig(p), refs, 3);
        floor_pos = p->cend;
    }
}

/* ---- text against tables ---- */

typedef struct { const char *kw; const char *not1, *not2; ck_kind kind; const char *side, *row, *col; } tmap;

static const tmap TMAP[] = {
    {"本年收入合计", "财政拨款", NULL, CK_SUMMARY, "收入", "本年收入合计", NULL},
    {"本年收入决算合计", "财政拨款", NULL, CK_SUMMARY, "收入", "本年收入合计", NULL},
    {"本年支出合计", "财政拨款", NULL, CK_SUMMARY, "支出", "本年支出合计", NULL},
    {"本年支出决算合计", "财政拨款", NULL, CK_SUMMARY, "支出", "本年支出合计", NULL},
    {"一般公共预算财政拨款基本支出", NULL, NULL, CK_GPB, NULL, "合计", "基本支出"},
    {"一般公共预算财政拨款项目支出", NULL, NULL, CK_GPB, NULL, "合计", "项目支出"},
    {"基本支出", "财政拨款", "一般公共", CK_EXPENSE, NULL, "合计", "基本支出"},
    {"项目支出", "财政拨款", "一般公共", CK_EXPENSE, NULL, "合计", "项目支出"},
};

/* The uncoded row of tb that a TMAP item names (on its side), and the column it is read
 * from: the item's column, or the row's first money column. Either may come back NULL. */
static const fx_rec *tmap_cell(ck_ctx *c, ck_table *tb, const tmap *t, const char **col)
{
    const fx_rec *row = NULL;
    for (size_t r = 0; r < tb->n && !row; r++) {
        const char *side = fx_get_str(tb->rows[r], "side");
        if (t->side && (!side || strcmp(side, t->side))) continue;
        if (fx_get_str(tb->rows[r], "code")) continue;
        if (strstr(ck_rowname(c->d, tb->rows[r]), t->row)) row = tb->rows[r];
    }
    *col = NULL;
    if (t->col) *col = ck_col(tb, t->col, CM_HAS);
    else if (row) { const char *mc[4]; if (ck_moneycols(row, mc, 4)) *col = mc[0]; }
    return row;
}

/* the table cell of a TMAP item named exactly kw */
static bool table_figure(ck_ctx *c, const char *kw, ck_fig *out)
{
    fx_doc *d = c->d;
    for (size_t m = 0; m < sizeof TMAP / sizeof TMAP[0]; m++) {
        const tmap *t = &TMAP[m];
        if (!ck_name_is(kw, t->kw, CM_EXACT)) continue;
        ck_table *tb = ck_first(c, t->kind);
        if (!tb || fx_get_int(tb->t, "empty", 0)) return false;
        const char *col;
        const fx_rec *row = tmap_cell(c, tb, t, &col);
        if (!row || !col || ck_unplaced(row)) return false;
        *out = ck_cellfig(tb, row, col);
        out->name = fx_sprintf(&d->arena, "%s %s %s", tb->label, t->row, col);
        return out->v.ok;
    }
    return false;
}

static void text_tables(ck_ctx *c)
{
    fx_doc *d = c->d;
    /* in a 预算 report the tables hold budget figures: budget words do not set a figure apart */
    const char *kind = d->document ? fx_get_str(d->document, "kind") : NULL;
    bool budget_doc = kind && strstr(kind, "预算");
    for (size_t i = 0; i < c->namounts; i++) {
        const fx_rec *a = c->amounts[i];
        const char *cl = ck_clause_before(d, a->cstart);
        if ((!budget_doc && ck_budget_clause(cl)) || strstr(cl, "上年") || strstr(cl, "年初")) continue;
        /* a part of a budget figure (年初预算收入…，其中：基本支出…) */
        size_t ss = ck_sentence_start(d, a->cstart);
        for (int k = 0; k < 8 && ss > 0 && d->text[ss - 1] == ';'; k++) ss = ck_sentence_start(d, ss - 1);
        const char *sent = fx_strndup(&d->arena, d->text + ss, a->cstart - ss);
        if ((!budget_doc && ck_budget_clause(sent)) || strstr(sent, "上年")) continue;
        const char *whole = fx_strndup(&d->arena, d->text + ss, a->cend - ss);
        for (size_t m = 0; m < sizeof TMAP / sizeof TMAP[0]; m++) {
            const tmap *t = &TMAP[m];
            /* the item is named in the clause; what it is of (财政拨款…) anywhere in the sentence */
            if (!strstr(cl, t->kw) || (t->not1 && strstr(whole, t->not1)) || (t->not2 && strstr(whole, t->not2)))
                continue;
            ck_table *tb = ck_first(c, t->kind);
            if (!tb || fx_get_int(tb->t, "empty", 0)) break;
            const char *col;
            const fx_rec *row = tmap_cell(c, tb, t, &col);
            ck_fig tf = ck_cellfig(tb, row, col);
            tf.name = fx_sprintf(&d->arena, "%s %s%s%s", tb->label, t->row, col ? " " : "", col ? col : "");
            if (!row || !col) tf.v = FX_DEC_BAD;
            ck_fig af = ck_amount_fig(a);
            af.name = fx_sprintf(&d->arena, "text %s", t->kw);
            if (af.pow < 0) break;
            ck_same(c, "text.table", fx_sprintf(&d->arena, "%s in the text vs %s", t->kw, tb->label), af, tf);
            break;
        }
    }
}

/* ---- years ---- */

static void years(ck_ctx *c)
{
    fx_doc *d = c->d;
    int year = d->year;
    if (!year && d->document) year = (int)fx_get_int(d->document, "year", 0);
    if (!year || !c->namounts) return;
    static const char *const CTX[] = {"收入", "支出", "本年", "一般公共", "财政拨款", "政府性基金", "国有资本",
                                      "年初", "全年", "部门", "单位", "\"三公\"", "三公", "机关运行", "机构运行", NULL};
    static const char *const CMP[] = {"与", "比", "较", "截至", "截止", "依据", "根据", "上年", NULL};
    int seen = 0, bad = 0;
    const fx_rec *first_bad = NULL;
    int bad_year = 0;
    size_t last_sentence = (size_t)-1;
    for (size_t i = 0; i < c->namounts; i++) {
        const fx_rec *a = c->amounts[i];
        size_t ss = ck_sentence_start(d, a->cstart);
        if (ss == last_sentence) continue;
        last_sentence = ss;
        for (size_t x = ss; x + 7 <= a->cstart; x++) {
            const char *t = d->text + x;
            if (*t == ',' || *t == ':') break;   /* only the sentence's subject claims a year */
            if (!(t[0] >= '1' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' && t[2] >= '0' && t[2] <= '9' &&
                  t[3] >= '0' && t[3] <= '9' && ck_starts(t + 4, "年")))
                continue;
            if (x > 0 && d->text[x - 1] >= '0' && d->text[x - 1] <= '9') continue;
            const char *after = t + 7;
            bool claim = ck_starts(after, "度");
            for (int k = 0; CTX[k] && !claim; k++) claim = ck_starts(after, CTX[k]);
            if (!claim) continue;
            bool cmp = false;
            for (int k = 0; CMP[k] && !cmp; k++) cmp = ck_span_has(d, x >= 12 ? x - 12 : 0, x, CMP[k]);
            if (cmp) continue;
            int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
            seen++;
            if (y != year) { bad++; if (!first_bad) { first_bad = a; bad_year = y; } }
            break;
        }
    }
    if (!seen) return;
    const fx_rec *refs[2] = {d->document, first_bad};
    if (!bad)
        ck_emit(c, "text.year", "pass", fx_dec_from_int(year), fx_dec_from_int(year), fx_dec_from_int(0), refs, 1,
                "%d sentence%s with figures claim the report's year %d", seen, seen == 1 ? "" : "s", year);
    else
        ck_emit(c, "text.year", "fail", fx_dec_from_int(year), fx_dec_from_int(bad_year), fx_dec_from_int(0), refs, 2,
                "%d of %d sentences with figures claim another year than the report's %d (first: %d)",
                bad, seen, year, bad_year);
}

void fx_check_text(ck_ctx *c)
{
    if (!c->d->text) return;
    shares(c);
    parts(c);
    changes(c);
    completions(c);
    text_tables(c);
    fx_check_text_items(c);
    fx_check_text_words(c);
    years(c);
}

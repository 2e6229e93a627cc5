/* Prose checks read from the words around the figures: a comparison word between the 决算 and
 * the budget of one sentence (决算数大于年初预算数, 与年初预算持平: text.direction), and parts
 * listed as complete after 包括/其中 against their total (text.parts).
 *
 * A list is complete only when the text says so by its structure: `包括:` with every part an
 * amount and no 主要/等, or `其中:` listing exactly a known partition (人员经费 + 公用经费,
 * 基本支出 + 项目支出, the three 三公 items). */
#include "check.h"

#include <stdint.h>
#include <string.h>

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* ---- 大于 / 小于 / 持平 ---- */

static const struct { const char *w; int dir; } CMPW[] = {
    {"大于", 1}, {"高于", 1}, {"多于", 1}, {"超过", 1}, {"小于", -1}, {"低于", -1}, {"少于", -1},
    {"等于", 0}, {"持平", 0},
};

/* the clause around x: back to , : ; 。 or the line start */
static size_t clause_start(const fx_doc *d, size_t x)
{
    size_t a = x, floor = x > 200 ? x - 200 : 0;
    while (a > floor) {
        char ch = d->text[a - 1];
        if (ch == '\n' || ch == ',' || ch == ':' || ch == ';') break;
        if (a >= 3 && ck_starts(d->text + a - 3, "。")) break;
        a--;
    }
    return a;
}

static size_t clause_end(const fx_doc *d, size_t x)
{
    size_t b = x, ceil = x + 200 < d->len ? x + 200 : d->len;
    while (b < ceil) {
        char ch = d->text[b];
        if (ch == '\n' || ch == ',' || ch == ':' || ch == ';') break;
        if (ck_starts(d->text + b, "。") || ck_starts(d->text + b, "的")) break;
        b++;
    }
    return b;
}

static void direction_at(ck_ctx *c, size_t x, int dir, const char *word)
{
    fx_doc *d = c->d;
    size_t cs = clause_start(d, x), ce = clause_end(d, x + strlen(word));
    char *L = fx_strndup(&d->arena, d->text + cs, x - cs);
    char *R = fx_strndup(&d->arena, d->text + x + strlen(word), ce - x - strlen(word));
    if (strstr(L, "上年") || strstr(R, "上年") || strstr(L, "不") || strstr(L, "未")) return;
    bool Lact = strstr(L, "决算") != NULL, Lbud = ck_budget_clause(L) && !Lact;
    bool Ract = strstr(R, "决算") != NULL, Rbud = ck_budget_clause(R) && !Ract;
    int sign;   /* the relation said of (actual − budget) */
    if (Lact && Rbud) sign = dir;
    else if (Lbud && Ract) sign = -dir;
    else if (dir == 0 && !strcmp(word, "持平") && Lbud && !*R) sign = 0;   /* 与年初预算持平 */
    else return;
    /* the two figures: the sentence's one budget amount and one 决算 amount before the word */
    size_t ss = ck_sentence_start(d, cs);
    const fx_rec *bud = NULL, *act = NULL;
    int nb = 0, na = 0;
    for (long k = ck_amount_before(c, x); k >= 0 && c->amounts[k]->cstart >= ss; k--) {
        const fx_rec *a = c->amounts[k];
        if (ck_in_change(c, a)) continue;
        const char *cl = ck_clause_before(d, a->cstart);
        if (strstr(cl, "上年")) continue;
        if (ck_budget_clause(cl) && !strstr(cl, "决算")) { bud = a; nb++; }
        else if (strstr(cl, "决算")) { act = a; na++; }
    }
    if (nb != 1 || na != 1) return;
    ck_fig A = ck_amount_fig(act), B = ck_amount_fig(bud);
    if (A.pow < 0 || B.pow < 0 || !A.v.ok || !B.v.ok) return;
    if (A.pow != B.pow) { A = ck_yuan(A); B = ck_yuan(B); }
    fx_dec diff = fx_dec_sub(A.v, B.v), tol = fx_dec_add(A.half, B.half);
    bool ok;
    if (sign > 0) ok = fx_dec_cmp(fx_dec_neg(diff), tol) < 0;       /* A + hA > B − hB */
    else if (sign < 0) ok = fx_dec_cmp(diff, tol) < 0;
    else ok = ck_within(B.v, A.v, tol);
    const fx_rec *refs[2] = {act, bud};
    ck_emit(c, "text.direction", ok ? "pass" : "fail", B.v, A.v, tol, refs, 2,
            "the text says %s%s%s: 决算 %s vs 预算 %s (difference %s, rounding %s)", L, word, R,
            ck_str(d, A.v), ck_str(d, B.v), ck_str(d, diff), ck_str(d, tol));
}

/* at most this many comparison words are looked at per document: keeps a hostile text of
 * repeated 大于 linear in time and memory */
#define MAX_WORDS 512

static void directions(ck_ctx *c)
{
    fx_doc *d = c->d;
    /* a cheap filter before the words are compared: which values the 2nd and 3rd byte of a
     * word's first character take (6 low bits each). Most characters pass neither. */
    uint64_t m1 = 0, m2 = 0;
    for (size_t k = 0; k < sizeof CMPW / sizeof CMPW[0]; k++) {
        m1 |= 1ULL << (CMPW[k].w[1] & 63);
        m2 |= 1ULL << (CMPW[k].w[2] & 63);
    }
    const unsigned char *t = (const unsigned char *)d->text;
    if (d->len < 6) return;
    /* A word counts only within 400 bytes after a figure's end, so only those windows are
     * scanned, in order. Words match at any byte where their bytes stand: none overlaps another
     * (no word's second character starts one), so where a window starts changes nothing. If the
     * figures' ends are not in order (nested figures), the whole text is one window. */
    bool ordered = true;
    for (size_t i = 1; i < c->namounts && ordered; i++)
        ordered = c->amounts[i]->cend >= c->amounts[i - 1]->cend;
    size_t end = d->len - 5;   /* x + 6 <= len */
    size_t nwin = ordered ? c->namounts : 1;
    int seen = 0;
    size_t x = 0;
    for (size_t w = 0; w < nwin && seen < MAX_WORDS; w++) {
        size_t lo = ordered ? c->amounts[w]->cend : 0, hi = ordered ? lo + 401 : end;
        if (lo < x) lo = x;
        if (hi > end) hi = end;
        for (x = lo; x < hi; x++) {
            if (t[x] < 0xe0) continue;
            if (!((m1 >> (t[x + 1] & 63)) & (m2 >> (t[x + 2] & 63)) & 1)) {
                /* no word starts here, nor inside this character: skip its continuation bytes */
                if (t[x + 1] < 0xe0 && t[x + 2] < 0xe0) x += 2;
                continue;
            }
            for (size_t k = 0; k < sizeof CMPW / sizeof CMPW[0]; k++)
                if (!memcmp(d->text + x, CMPW[k].w, 6)) {
                    /* only where a figure stands shortly before it */
                    long a = ck_amount_before(c, x);
                    if (a >= 0 && x - c->amounts[a]->cend <= 400) { direction_at(c, x, CMPW[k].dir, CMPW[k].w); seen++; }
                    x += 5;
                    break;
                }
            if (seen >= MAX_WORDS) break;
        }
        if (x < lo) x = lo;
    }
}

/* ---- parts listed as complete ---- */

/* which member of a known partition a part's name is: group*8 + member, or -1 */
static int member(const char *name)
{
    static const struct { int g; const char *kw; } M[] = {
        {0, "人员经费"}, {0, "公用经费"}, {1, "基本支出"}, {1, "项目支出"},
        {2, "因公出国"}, {2, "公务用车购置及运行"}, {2, "公务接待"},
    };
    if (!name) return -1;
    int hit = -1;
    for (size_t i = 0; i < sizeof M / sizeof M[0]; i++) {
        if (!strstr(name, M[i].kw)) continue;
        if (hit >= 0) return -1;   /* names two members: not a plain part */
        int m = 0;
        for (size_t j = 0; j < i; j++) if (M[j].g == M[i].g) m++;
        hit = M[i].g * 8 + m;
    }
    if (hit >= 0 && (strstr(name, "日常") || strstr(name, "机关运行") || strstr(name, "财政拨款") ||
                     strstr(name, "预算")))
        return -1;
    return hit;
}
static const int GROUP_SIZE[3] = {2, 2, 3};

/* text[a,b) holds a digit, a stop (。 or a line end) or words that end or open a list */
static bool gap_breaks(const fx_doc *d, size_t a, size_t b)
{
    for (size_t i = a; i < b && i < d->len; i++) {
        if (is_digit(d->text[i]) || d->text[i] == '\n' || d->text[i] == '%') return true;
        if (ck_starts(d->text + i, "。") || ck_starts(d->text + i, "其中") || ck_starts(d->text + i, "包括") ||
            ck_starts(d->text + i, "占"))
            return true;
    }
    return false;
}

static void lists(ck_ctx *c)
{
    fx_doc *d = c->d;
    for (size_t w = 0; w + 2 < c->namounts; w++) {
        const fx_rec *W = c->amounts[w];
        if (ck_in_change(c, W)) continue;
        /* the opening word within a short reach after the total: ",其中:" ",包括:" (",占P%" before it) */
        size_t x = W->cend, lim = x + 40 < d->len ? x + 40 : d->len, kw = 0;
        bool incl = false;
        for (size_t i = x; i + 6 <= lim; i++) {
            if (ck_starts(d->text + i, "。") || d->text[i] == '\n') break;
            if (ck_starts(d->text + i, "其中") || ck_starts(d->text + i, "包括")) {
                incl = ck_starts(d->text + i, "包括");
                kw = i;
                break;
            }
        }
        if (!kw) continue;
        /* only the share of the total may stand between it and the word */
        for (size_t i = x; kw && i < kw;) {
            if (ck_starts(d->text + i, "占")) { i += 3; continue; }
            if (d->text[i] && (is_digit(d->text[i]) || strchr(",.%: ", d->text[i]))) { i++; continue; }
            kw = 0;
        }
        if (!kw) continue;
        if (incl && (ck_span_has(d, kw >= 6 ? kw - 6 : 0, kw, "主要") || ck_span_has(d, kw >= 6 ? kw - 6 : 0, kw, "还"))) continue;
        size_t prev = kw + 6;
        ck_sum s;
        ck_sum_init(&s);
        int n = 0, mem[8], nm = 0;
        bool bad = false, all_members = true;
        size_t k = w + 1;
        for (; k < c->namounts && n < 8; k++) {
            const fx_rec *a = c->amounts[k];
            if (a->cstart - prev > 400 || gap_breaks(d, prev, a->cstart)) break;
            if (ck_in_change(c, a)) { bad = true; break; }
            const char *nm_s = ck_clause_before(d, a->cstart);
            if (!*nm_s) { bad = true; break; }
            ck_fig f = ck_amount_fig(a);
            if (f.pow < 0 || !f.v.ok) { bad = true; break; }
            f.name = nm_s;
            ck_sum_add(&s, ck_yuan(f), 1);
            int m = member(nm_s);
            if (m < 0) all_members = false;
            else mem[nm++] = m;
            prev = a->cend;
            n++;
            /* "占" after a part: a list of shares (text.parts by shares covers it) */
            if (d->text[prev] == ',' && ck_starts(d->text + prev + 1, "占")) { bad = true; break; }
        }
        /* the list ends with its sentence: nothing but words (no other figure) before the 。 */
        if (!bad && n >= 2) {
            size_t e = prev, lim_e = prev + 400 < d->len ? prev + 400 : d->len;
            while (e < lim_e && d->text[e] != '\n' && !ck_starts(d->text + e, "。")) {
                if (is_digit(d->text[e])) { bad = true; break; }
                e++;
            }
            if (e == lim_e && lim_e < d->len) bad = true;   /* no end in reach: not judged */
            if (!bad && ck_span_has(d, kw, e, "等")) bad = incl;   /* 包括 A、B等 is not all */
        }
        bool complete = false;
        if (!bad && n >= 2) {
            if (incl) complete = true;
            else if (all_members && nm == n) {
                int g = mem[0] / 8;
                unsigned seen = 0;
                bool same = true;
                for (int i = 0; i < nm; i++) {
                    if (mem[i] / 8 != g || (seen & (1u << (mem[i] % 8)))) same = false;
                    seen |= 1u << (mem[i] % 8);
                }
                complete = same && nm == GROUP_SIZE[g];
            }
        }
        if (complete) {
            ck_fig whole = ck_yuan(ck_amount_fig(W));
            if (whole.v.ok && whole.pow >= 0) {
                whole.name = fx_get_str(W, "label") ? fx_get_str(W, "label") : "total";
                /* the total is a rounded figure too */
                s.tol = fx_dec_add(s.tol, whole.half);
                ck_sum_check(c, "text.parts",
                             fx_sprintf(&d->arena, "parts of %s listed after %s (in 元)", whole.name,
                                        incl ? "包括" : "其中"),
                             whole, &s);
            }
        }
        ck_sum_free(&s);
    }
}

void fx_check_text_words(ck_ctx *c)
{
    if (!c->d->text) return;
    directions(c);
    lists(c);
}

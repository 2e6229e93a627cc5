/* Checks of 绩效 self-evaluation tables: the 分值 of the funds block and of the indicators add
 * up to 总分 (perf.weight_sum), their 得分 add up to the stated total (perf.score_sum), and
 * each funds line's 执行率 is 全年执行数 / 全年预算数 (perf.rate).
 *
 * Scores are not rounded money: integer scores are compared exactly, and only scores shown
 * with decimals bring half a unit of their last digit as tolerance. */
#include "check.h"

#include <string.h>

#define MAXC 40

typedef struct { const char *s[MAXC]; int n; } cells_t;

static void cells_of(const fx_rec *row, cells_t *cs)
{
    cs->n = 0;
    const fx_val *v = fx_get(row, "cells");
    if (!v || v->k != FXV_LIST) return;
    for (const fx_kv *kv = v->head; kv && cs->n < MAXC; kv = kv->next)
        cs->s[cs->n++] = kv->v.k == FXV_STR ? kv->v.s : "";
}

/* a cell that is a number (optionally with %), spaces trimmed */
static fx_dec cell_num(const char *s, bool *pct)
{
    if (pct) *pct = false;
    if (!s) return FX_DEC_BAD;
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    if (n && s[n - 1] == '%') { n--; if (pct) *pct = true; }
    if (!n) return FX_DEC_BAD;
    return fx_dec_parse(s, n);
}

static bool is_dash(const char *s)
{
    static const char *const D[] = {"—", "——", "-", "--", "/", "－", "–", NULL};
    for (int i = 0; D[i]; i++) if (!strcmp(s, D[i])) return true;
    return false;
}

static bool cells_have(const cells_t *cs, const char *kw)
{
    for (int i = 0; i < cs->n; i++) if (strstr(cs->s[i], kw)) return true;
    return false;
}

static int cell_index(const cells_t *cs, const char *kw)
{
    for (int i = 0; i < cs->n; i++) if (strstr(cs->s[i], kw)) return i;
    return -1;
}

/* score figures: exact when integral, else half a unit of the last digit */
static ck_fig score_fig(fx_dec v, const fx_rec *ref, const char *name)
{
    ck_fig f = {v, fx_dec_from_int(0), ref, name, -1};
    if (v.ok && v.scale > 0 && v.m % 10 != 0) f.half = ck_half(v.scale);
    return f;
}

static void perf_table(ck_ctx *c, ck_table *t)
{
    fx_doc *d = c->d;
    if (!t->n) return;
    size_t end = 0;
    for (size_t i = 0; i < t->n; i++) if (t->rows[i]->cend != FX_NOSPAN && t->rows[i]->cend > end) end = t->rows[i]->cend;
    size_t start = t->t->cstart != FX_NOSPAN ? t->t->cstart : t->rows[0]->cstart;

    /* funds block: the header with 分值 and 执行率, then the lines up to the next block. Cells
     * of converted tables may have lost their empty neighbours, so figures are matched to the
     * header by order of the figure cells, from the right (分值, 执行率, 得分 end both). */
    const char *hv[MAXC];   /* header names of the figure columns */
    int nh = 0;
    bool hdr_pct = false;
    ck_sum w, s;
    ck_sum_init(&w);
    ck_sum_init(&s);
    const fx_rec *total = NULL;
    fx_dec stated_w = FX_DEC_BAD, stated_s = FX_DEC_BAD;
    bool in_funds = false;
    for (size_t i = 0; i < t->n; i++) {
        cells_t cs;
        cells_of(t->rows[i], &cs);
        if (cells_have(&cs, "总分")) {
            total = t->rows[i];
            int k = 0;
            for (int j = 0; j < cs.n; j++) {
                fx_dec v = cell_num(cs.s[j], NULL);
                if (!v.ok) continue;
                if (k == 0) stated_w = v; else if (k == 1) stated_s = v;
                k++;
            }
            in_funds = false;
            continue;
        }
        if (cells_have(&cs, "执行率") && cells_have(&cs, "分值")) {
            nh = 0;
            for (int j = 0; j < cs.n; j++) {
                const char *h = cs.s[j];
                if (strstr(h, "预算") || strstr(h, "执行数") || strstr(h, "分值") || strstr(h, "执行率") ||
                    strstr(h, "得分"))
                    hv[nh++] = h;
                if (strstr(h, "执行率") && strchr(h, '%')) hdr_pct = true;
            }
            in_funds = true;
            continue;
        }
        if (in_funds && (cells_have(&cs, "目标") || cells_have(&cs, "指标"))) { in_funds = false; continue; }
        if (!in_funds) continue;
        const char *what = NULL;
        const char *vals[MAXC];
        int nv = 0;
        for (int j = 0; j < cs.n; j++) {
            const char *x = cs.s[j];
            while (*x == ' ') x++;
            if (!*x) continue;
            if (cell_num(x, NULL).ok || is_dash(x)) vals[nv++] = x;
            else if (!what) what = x;
        }
        if (!what) what = t->rows[i]->id;
        /* 分值, 执行率, 得分 from the right; 全年预算数/执行数 only when every column is there */
        fx_dec W = FX_DEC_BAD, R = FX_DEC_BAD, S = FX_DEC_BAD, A = FX_DEC_BAD, B = FX_DEC_BAD;
        bool rpct = false;
        for (int j = 0; j < nh; j++) {
            int at = nv - (nh - j);
            if (at < 0) continue;
            bool p;
            fx_dec v = cell_num(vals[at], &p);
            if (strstr(hv[j], "分值")) W = v;
            else if (strstr(hv[j], "执行率")) { R = v; rpct = p || hdr_pct; }
            else if (strstr(hv[j], "得分")) S = v;
            else if (nv == nh && strstr(hv[j], "执行数")) B = v;
            else if (nv == nh && strstr(hv[j], "全年预算")) A = v;
        }
        if (W.ok) ck_sum_add(&w, score_fig(W, t->rows[i], what), 1);
        if (S.ok) ck_sum_add(&s, score_fig(S, t->rows[i], what), 1);
        /* 执行率 = B / A, where the cell is a percentage (100% or a 执行率(%) column) */
        if (R.ok && rpct && A.ok && B.ok) {
            ck_fig fa = {A, ck_half(A.scale), t->rows[i], "全年预算数", t->pow};
            ck_fig fb = {B, ck_half(B.scale), t->rows[i], "全年执行数", t->pow};
            ck_fig fr = {R, ck_half(R.scale), t->rows[i], "执行率", -1};
            if (fx_dec_is_zero(A)) fa.half = fx_dec_from_int(0);
            if (fx_dec_is_zero(B)) fb.half = fx_dec_from_int(0);
            const fx_rec *refs[1] = {t->rows[i]};
            ck_ratio(c, "perf.rate", fx_sprintf(&d->arena, "%s %s 执行率", t->label, what), fb, fa, fr, refs, 1);
        }
    }
    /* the indicators inside the table */
    int nind = 0;
    ck_sum wi, si;
    ck_sum_init(&wi);
    ck_sum_init(&si);
    for (size_t i = 0; i < c->ninds; i++) {
        const fx_rec *ind = c->inds[i];
        if (ind->cstart == FX_NOSPAN || ind->cstart < start || ind->cstart >= end) continue;
        const char *name = fx_get_str(ind, "name");
        fx_dec wv = ck_dec(fx_get_str(ind, "weight")), sv = ck_dec(fx_get_str(ind, "score"));
        if (wv.ok) ck_sum_add(&wi, score_fig(wv, ind, name), 1);
        if (sv.ok) ck_sum_add(&si, score_fig(sv, ind, name), 1);
        nind++;
    }
    /* no indicator records (a layout the indicator stage did not read): the rows under the
     * indicator header, by the header's 分值/得分 cells */
    if (!nind) {
        int jW = -1, jS = -1;
        for (size_t i = 0; i < t->n; i++) {
            cells_t cs;
            cells_of(t->rows[i], &cs);
            if (cells_have(&cs, "总分")) break;
            if (cells_have(&cs, "三级指标") && cells_have(&cs, "分值")) {
                jW = cell_index(&cs, "分值");
                jS = cell_index(&cs, "得分");
                continue;
            }
            if (jW < 0 || jS < 0) continue;
            /* 分值 and 得分 are the last two figures of the row (notes after them are text) */
            const char *what = t->rows[i]->id;
            int last = -1, prev = -1;
            for (int j = 0; j < cs.n; j++)
                if (cell_num(cs.s[j], NULL).ok) { prev = last; last = j; }
            fx_dec wv = prev >= 0 ? cell_num(cs.s[prev], NULL) : FX_DEC_BAD;
            fx_dec sv = prev >= 0 ? cell_num(cs.s[last], NULL) : FX_DEC_BAD;
            if (wv.ok) { ck_sum_add(&wi, score_fig(wv, t->rows[i], what), 1); nind++; }
            if (sv.ok) ck_sum_add(&si, score_fig(sv, t->rows[i], what), 1);
        }
    }
    const char *title = t->label;
    if (!total) {
        if (nind) {
            const fx_rec *refs[1] = {t->t};
            ck_emit(c, "perf.weight_sum", "skip", FX_DEC_BAD, FX_DEC_BAD, FX_DEC_BAD, refs, 1,
                    "%s: %d indicators but no 总分 row", title, nind);
        }
    } else if (nind) {
        for (int which = 0; which < 2; which++) {
            ck_sum *blk = which ? &s : &w, *ind = which ? &si : &wi;
            fx_dec stated = which ? stated_s : stated_w;
            ck_sum all;
            ck_sum_init(&all);
            fx_dec sum = fx_dec_add(blk->v, ind->v), tol = fx_dec_add(blk->tol, ind->tol);
            const fx_rec *refs[50];
            int nr = 0;
            refs[nr++] = total;
            for (int k = 0; k < blk->nrefs && nr < 50; k++) refs[nr++] = blk->refs[k];
            for (int k = 0; k < ind->nrefs && nr < 50; k++) refs[nr++] = ind->refs[k];
            const char *rule = which ? "perf.score_sum" : "perf.weight_sum";
            const char *what = which ? "得分" : "分值";
            /* templates that give 总分 to the indicators alone, with the funds block apart */
            if (stated.ok && blk->n && !ck_within(sum, stated, tol) && ck_within(ind->v, stated, ind->tol)) {
                sum = ind->v;
                tol = ind->tol;
            }
            if (!stated.ok) {
                ck_emit(c, rule, "skip", sum, FX_DEC_BAD, tol, refs, nr, "%s: the 总分 row states no total %s",
                        title, what);
            } else {
                bool ok = ck_within(sum, stated, tol);
                ck_emit(c, rule, ok ? "pass" : "fail", sum, stated, tol, refs, nr,
                        "%s: %s listed %s (funds block) + %s (%d indicators) = %s vs stated %s %s (总分 %s); "
                        "difference %s",
                        title, what, ck_str(d, blk->v), ck_str(d, ind->v), ind->n, ck_str(d, sum),
                        which ? "得分" : "总分", ck_str(d, stated), stated_w.ok ? ck_str(d, stated_w) : "?",
                        ck_str(d, fx_dec_sub(stated, sum)));
            }
            ck_sum_free(&all);
        }
    }
    ck_sum_free(&w); ck_sum_free(&s); ck_sum_free(&wi); ck_sum_free(&si);
}

void fx_check_perf(ck_ctx *c)
{
    for (size_t i = 0; i < c->ntabs; i++)
        if (c->tabs[i].kind == CK_PERF) perf_table(c, &c->tabs[i]);
}

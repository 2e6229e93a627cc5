/* Checks of the side-by-side 总表s (收入支出决算总表, 财务收支总表, 财政拨款收入支出决算总表):
 * items against 本年收入/支出合计, carry-over lines against 总计, 收入总计 = 支出总计, and per
 * fund of the 财政拨款总表: 年末 = 年初 + 收入 − 支出. Rows carry side 收入/支出. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const fx_rec *rows[128]; int n;
    int total;      /* index of 本年X合计, -1 */
    int grand;      /* index of 总计/合计 after it, -1 */
} side_rows;

static bool starts(const char *s, const char *p) { return ck_starts(s, p); }

static void collect(ck_ctx *c, const ck_table *t, const char *side, side_rows *sr)
{
    sr->n = 0; sr->total = sr->grand = -1;
    for (size_t i = 0; i < t->n && sr->n < 128; i++) {
        const char *s = fx_get_str(t->rows[i], "side");
        const char *kind = fx_get_str(t->rows[i], "kind");
        if (!s || strcmp(s, side) || (kind && !strcmp(kind, "header"))) continue;
        const char *name = ck_rowname(c->d, t->rows[i]);
        if (!strcmp(name, "项目") || !strcmp(name, "栏次")) continue;
        sr->rows[sr->n] = t->rows[i];
        if (sr->total < 0 && strstr(name, "本年") && strstr(name, "合计")) sr->total = sr->n;
        else if (sr->total >= 0 && sr->grand < 0 &&
                 (!strcmp(name, "合计") || !strcmp(name, "总计") || strstr(name, "总计")))
            sr->grand = sr->n;
        sr->n++;
    }
}

/* the money columns used on a side, in first-seen order */
static int side_cols(const side_rows *sr, const char **cols, int max)
{
    int n = 0;
    for (int i = 0; i < sr->n; i++) {
        const char *mc[16];
        int m = ck_moneycols(sr->rows[i], mc, 16);
        for (int k = 0; k < m; k++) {
            bool seen = false;
            for (int j = 0; j < n; j++) if (!strcmp(cols[j], mc[k])) seen = true;
            if (!seen && n < max) cols[n++] = mc[k];
        }
    }
    return n;
}

/* the same column on the other side when the header names are the same (决算数 | 决算数) */
static void side_checks(ck_ctx *c, ck_table *t, side_rows *sr, bool income, const char **cols, int ncols)
{
    fx_doc *d = c->d;
    if (sr->total < 0) {
        if (sr->n) {
            const fx_rec *refs[1] = {t->t};
            ck_emit(c, income ? "summary.income_total" : "summary.expense_total", "skip", FX_DEC_BAD,
                    FX_DEC_BAD, FX_DEC_BAD, refs, 1, "%s: no 本年%s合计 row found on the %s side",
                    t->label, income ? "收入" : "支出", income ? "收入" : "支出");
        }
        return;
    }
    for (int j = 0; j < ncols; j++) {
        ck_sum s;
        ck_sum_init(&s);
        for (int i = 0; i < sr->total; i++) {
            const char *name = ck_rowname(d, sr->rows[i]);
            if (starts(name, "其中")) continue;
            ck_fig f = ck_cellfig(t, sr->rows[i], cols[j]);
            f.name = *name ? name : sr->rows[i]->id;
            if (ck_cell(sr->rows[i], cols[j]).ok) ck_sum_add(&s, f, 1);
        }
        ck_fig tot = ck_cellfig(t, sr->rows[sr->total], cols[j]);
        tot.name = ck_rowname(d, sr->rows[sr->total]);
        if (s.n || ck_cell(sr->rows[sr->total], cols[j]).ok)
            ck_sum_check(c, income ? "summary.income_total" : "summary.expense_total",
                         fx_sprintf(&d->arena, "%s %s side, column %s", t->label, income ? "收入" : "支出", cols[j]),
                         tot, &s);
        ck_sum_free(&s);
        if (sr->grand < 0) continue;
        ck_sum_init(&s);
        ck_sum_add(&s, tot, 1);
        for (int i = sr->total + 1; i < sr->grand; i++) {
            const char *name = ck_rowname(d, sr->rows[i]);
            if (starts(name, "其中") || !(strstr(name, "结余") || strstr(name, "结转"))) continue;
            ck_fig f = ck_cellfig(t, sr->rows[i], cols[j]);
            f.name = name;
            ck_sum_add(&s, f, 1);
        }
        ck_fig g = ck_cellfig(t, sr->rows[sr->grand], cols[j]);
        g.name = ck_rowname(d, sr->rows[sr->grand]);
        if (ck_cell(sr->rows[sr->grand], cols[j]).ok || (tot.v.ok && !fx_dec_is_zero(tot.v)))
            ck_sum_check(c, income ? "summary.income_grand" : "summary.expense_grand",
                         fx_sprintf(&d->arena, "%s %s side, column %s", t->label, income ? "收入" : "支出", cols[j]),
                         g, &s);
        ck_sum_free(&s);
    }
}

static const fx_rec *find_after(ck_ctx *c, const side_rows *sr, int from, int to, const char *kw1, const char *kw2)
{
    for (int i = from < 0 ? 0 : from; i < to && i < sr->n; i++) {
        const char *name = ck_rowname(c->d, sr->rows[i]);
        if (strstr(name, kw1) && (!kw2 || strstr(name, kw2))) return sr->rows[i];
    }
    return NULL;
}

static void fiscal_carry(ck_ctx *c, ck_table *t, side_rows *in, side_rows *out, const char *incol)
{
    static const char *const FUNDS[] = {"一般公共预算", "政府性基金", "国有资本经营"};
    fx_doc *d = c->d;
    if (in->total < 0 || out->total < 0) return;
    const fx_rec *beg_row = find_after(c, in, in->total + 1, in->n, "年初", NULL);
    const fx_rec *end_row = find_after(c, out, out->total + 1, out->n, "年末", NULL);
    int beg_i = -1;
    for (int i = 0; i < in->n; i++) if (in->rows[i] == beg_row) beg_i = i;
    for (int f = 0; f < 3; f++) {
        const char *col = ck_col(t, FUNDS[f], CM_HAS);
        const fx_rec *inc = find_after(c, in, 0, in->total, FUNDS[f], NULL);
        const fx_rec *beg = beg_i >= 0 ? find_after(c, in, beg_i + 1, in->n, FUNDS[f], NULL) : NULL;
        if (!col) continue;
        ck_fig fi = inc ? ck_cellfig(t, inc, incol) : (ck_fig){fx_dec_from_int(0), fx_dec_from_int(0), NULL, NULL, t->pow};
        ck_fig fb = beg ? ck_cellfig(t, beg, incol) : (ck_fig){fx_dec_from_int(0), fx_dec_from_int(0), NULL, NULL, t->pow};
        ck_fig fo = ck_cellfig(t, out->rows[out->total], col);
        ck_fig fe = end_row ? ck_cellfig(t, end_row, col) : (ck_fig){FX_DEC_BAD, fx_dec_from_int(0), NULL, NULL, t->pow};
        fi.name = "收入"; fb.name = "年初结转和结余"; fo.name = "支出"; fe.name = "年末结转和结余";
        bool any = !fx_dec_is_zero(fi.v) || !fx_dec_is_zero(fb.v) || !fx_dec_is_zero(fo.v) ||
                   (fe.v.ok && !fx_dec_is_zero(fe.v));
        if (!any) continue;
        const char *where = fx_sprintf(&d->arena, "%s %s财政拨款", t->label, FUNDS[f]);
        if (!end_row) {
            const fx_rec *refs[1] = {t->t};
            ck_emit(c, "fiscal.carryover", "skip", FX_DEC_BAD, FX_DEC_BAD, FX_DEC_BAD, refs, 1,
                    "%s: no 年末结转和结余 row found", where);
            continue;
        }
        ck_sum s;
        ck_sum_init(&s);
        ck_sum_add(&s, fb, 1);
        ck_sum_add(&s, fi, 1);
        ck_sum_add(&s, fo, -1);
        ck_sum_check(c, "fiscal.carryover", where, fe, &s);
        ck_sum_free(&s);
    }
}

static void summary_table(ck_ctx *c, ck_table *t)
{
    side_rows *in = calloc(1, sizeof *in), *out = calloc(1, sizeof *out);
    if (!in || !out) abort();
    collect(c, t, "收入", in);
    collect(c, t, "支出", out);
    if (!in->n && !out->n) {
        if (t->n) {
            const fx_rec *refs[1] = {t->t};
            ck_emit(c, "summary.balance", "skip", FX_DEC_BAD, FX_DEC_BAD, FX_DEC_BAD, refs, 1,
                    "%s: rows are not split into 收入/支出 sides; the 总表 rules cannot be placed", t->label);
        }
        free(in); free(out);
        return;
    }
    const char *icols[8], *ocols[8];
    int ni = side_cols(in, icols, 8), no = side_cols(out, ocols, 8);
    side_checks(c, t, in, true, icols, ni);
    side_checks(c, t, out, false, ocols, no);
    /* 收入总计 = 支出总计: the first money column of each side (金额/决算数 vs 合计/决算数) */
    if (in->grand >= 0 && out->grand >= 0 && ni && no) {
        ck_fig a = ck_cellfig(t, in->rows[in->grand], icols[0]);
        ck_fig b = ck_cellfig(t, out->rows[out->grand], ocols[0]);
        a.name = "收入总计"; b.name = "支出总计";
        ck_sum s;
        ck_sum_init(&s);
        ck_sum_add(&s, b, 1);
        ck_sum_check(c, "summary.balance", t->label, a, &s);
        ck_sum_free(&s);
    }
    if (t->kind == CK_FISCAL && ni) fiscal_carry(c, t, in, out, icols[0]);
    free(in); free(out);
}

void fx_check_summary(ck_ctx *c)
{
    for (size_t i = 0; i < c->ntabs; i++) {
        ck_table *t = &c->tabs[i];
        if (fx_get_int(t->t, "empty", 0)) continue;
        if (t->kind == CK_SUMMARY || t->kind == CK_FISCAL) summary_table(c, t);
    }
}

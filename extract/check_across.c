/* Checks across the standard tables: the same figure shown in two tables must be the same
 * (总表 vs 收入/支出决算表, 财政拨款总表 vs the fund tables, 一般公共预算支出表 vs 基本支出表),
 * and a table declared empty must not have money for its fund elsewhere. */
#include "check.h"

#include <string.h>

/* a row by name (and side), the first one whose name contains kw */
static const fx_rec *row_named(ck_ctx *c, const ck_table *t, const char *side, const char *kw, ck_cm mode)
{
    if (!t) return NULL;
    for (size_t i = 0; i < t->n; i++) {
        const char *s = fx_get_str(t->rows[i], "side");
        if (side && (!s || strcmp(s, side))) continue;
        if (ck_name_is(ck_rowname(c->d, t->rows[i]), kw, mode)) return t->rows[i];
    }
    return NULL;
}

static const fx_rec *total_row(ck_ctx *c, const ck_table *t)
{
    if (!t) return NULL;
    for (size_t i = 0; i < t->n; i++) {
        const fx_rec *r = t->rows[i];
        if (fx_get_str(r, "code")) continue;
        const char *n = ck_rowname(c->d, r), *kind = fx_get_str(r, "kind");
        if (!strcmp(n, "合计") || !strcmp(n, "总计") || (kind && !strcmp(kind, "total") && !*n)) return r;
    }
    return NULL;
}

/* the first money column of a row, or the named one */
static ck_fig fig_of(const ck_table *t, const fx_rec *row, const char *col, const char *name)
{
    ck_fig f = {FX_DEC_BAD, fx_dec_from_int(0), row, name, t ? t->pow : -1};
    if (!t || !row) return f;
    if (!col) {
        const char *mc[8];
        if (ck_moneycols(row, mc, 8) > 0) col = mc[0];
        else { f.v = fx_dec_from_int(0); return f; }   /* a row with every cell empty: 0 */
    }
    f = ck_cellfig(t, row, col);
    f.name = name;
    return f;
}

static bool empty_table(const ck_table *t) { return t && fx_get_int(t->t, "empty", 0); }

static void same(ck_ctx *c, const char *rule, const char *where, ck_fig a, ck_fig b, bool need_both)
{
    if (!a.ref && !b.ref) return;
    if (need_both && (!a.ref || !b.ref)) return;
    ck_same(c, rule, where, a, b);
}

void fx_check_across(ck_ctx *c)
{
    ck_table *sum = ck_first(c, CK_SUMMARY), *inc = ck_first(c, CK_INCOME), *exp = ck_first(c, CK_EXPENSE);
    ck_table *fis = ck_first(c, CK_FISCAL), *gpb = ck_first(c, CK_GPB), *bas = ck_first(c, CK_BASIC);
    ck_table *gov = ck_first(c, CK_GOVFUND), *soe = ck_first(c, CK_SOE);

    /* 总表 vs 收入决算表 / 支出决算表 */
    if (sum && inc && !empty_table(inc)) {
        const fx_rec *a = row_named(c, sum, "收入", "本年收入合计", CM_HAS), *b = total_row(c, inc);
        same(c, "across.income", "总表 本年收入合计 vs 收入决算表 合计",
             fig_of(sum, a, NULL, "总表 本年收入合计"),
             fig_of(inc, b, ck_col(inc, "收入合计", CM_HAS), "收入决算表 合计"), true);
    }
    if (sum && exp && !empty_table(exp)) {
        const fx_rec *a = row_named(c, sum, "支出", "本年支出合计", CM_HAS), *b = total_row(c, exp);
        same(c, "across.expense", "总表 本年支出合计 vs 支出决算表 合计",
             fig_of(sum, a, NULL, "总表 本年支出合计"),
             fig_of(exp, b, ck_col(exp, "支出合计", CM_HAS), "支出决算表 合计"), true);
    }
    /* 总表 income items vs the 收入决算表 合计 column of the same name */
    if (sum && inc && !empty_table(inc)) {
        static const char *const ITEMS[] = {"上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入", NULL};
        const fx_rec *b = total_row(c, inc);
        for (int k = 0; ITEMS[k] && b; k++) {
            const fx_rec *a = row_named(c, sum, "收入", ITEMS[k], CM_SUFFIX);
            const char *col = ck_col(inc, ITEMS[k], CM_HAS);
            if (!a || !col || (!ck_cell(b, col).ok && !ck_nvalues(a))) continue;
            same(c, "across.income", fx_sprintf(&c->d->arena, "总表 %s vs 收入决算表 合计", ITEMS[k]),
                 fig_of(sum, a, NULL, fx_sprintf(&c->d->arena, "总表 %s", ITEMS[k])),
                 fig_of(inc, b, col, fx_sprintf(&c->d->arena, "收入决算表 %s", ITEMS[k])), true);
        }
    }
    /* 总表 expenditure 类 lines vs the 支出决算表 3-digit rows of the same name */
    if (sum && exp && !empty_table(exp)) {
        const char *col = ck_col(exp, "支出合计", CM_HAS);
        for (size_t i = 0; col && i < sum->n; i++) {
            const fx_rec *r = sum->rows[i];
            const char *side = fx_get_str(r, "side");
            if (!side || strcmp(side, "支出") || !ck_nvalues(r)) continue;
            const char *name = ck_rowname(c->d, r);
            if (!*name || strstr(name, "合计") || strstr(name, "总计") || strstr(name, "结转") ||
                strstr(name, "结余"))
                continue;
            const fx_rec *m = NULL;
            for (size_t k = 0; k < exp->n && !m; k++) {
                const char *code = fx_get_str(exp->rows[k], "code");
                if (code && strlen(code) == 3 && !strcmp(ck_rowname(c->d, exp->rows[k]), name)) m = exp->rows[k];
            }
            ck_same(c, "across.expense", fx_sprintf(&c->d->arena, "总表 %s vs 支出决算表", name),
                    fig_of(sum, r, NULL, fx_sprintf(&c->d->arena, "总表 %s", name)),
                    fig_of(exp, m, col, fx_sprintf(&c->d->arena, "支出决算表 %s", name)));
        }
    }
    /* 总表 fiscal income lines vs the 财政拨款总表 lines of the same fund */
    if (sum && fis) {
        static const char *const FUNDS[] = {"一般公共预算财政拨款收入", "政府性基金预算财政拨款收入",
                                            "国有资本经营预算财政拨款收入", NULL};
        for (int k = 0; FUNDS[k]; k++) {
            const fx_rec *a = row_named(c, sum, "收入", FUNDS[k], CM_SUFFIX);
            const fx_rec *b = row_named(c, fis, "收入", FUNDS[k], CM_SUFFIX);
            if (!a || !b || (!ck_nvalues(a) && !ck_nvalues(b))) continue;
            same(c, "across.fiscal_income", fx_sprintf(&c->d->arena, "总表 vs 财政拨款总表 %s", FUNDS[k]),
                 fig_of(sum, a, NULL, fx_sprintf(&c->d->arena, "总表 %s", FUNDS[k])),
                 fig_of(fis, b, NULL, fx_sprintf(&c->d->arena, "财政拨款总表 %s", FUNDS[k])), true);
        }
    }
    /* 收入决算表 财政拨款收入 vs 财政拨款总表 本年收入合计 */
    if (inc && fis && !empty_table(inc)) {
        const char *col = ck_col(inc, "财政拨款收入", CM_HAS);
        const fx_rec *a = total_row(c, inc), *b = row_named(c, fis, "收入", "本年收入合计", CM_HAS);
        if (col)
            same(c, "across.fiscal_income", "收入决算表 财政拨款收入 vs 财政拨款总表 本年收入合计",
                 fig_of(inc, a, col, "收入决算表 财政拨款收入"), fig_of(fis, b, NULL, "财政拨款总表 本年收入合计"), true);
    }
    /* 财政拨款总表 by fund column vs the fund tables */
    if (fis) {
        const fx_rec *ftot = row_named(c, fis, "支出", "本年支出合计", CM_HAS);
        struct { ck_table *t; const char *kw, *rule, *name; } F[] = {
            {gpb, "一般公共预算", "across.gpb", "一般公共预算财政拨款支出表 合计"},
            {gov, "政府性基金", "across.gov_fund", "政府性基金预算财政拨款表 本年支出"},
            {soe, "国有资本经营", "across.soe", "国有资本经营预算财政拨款支出表 合计"},
        };
        for (int f = 0; f < 3; f++) {
            const char *col = ck_col(fis, F[f].kw, CM_HAS);
            if (!col || !ftot || !F[f].t) continue;
            ck_fig a = fig_of(fis, ftot, col, fx_sprintf(&c->d->arena, "财政拨款总表 本年支出合计 %s", F[f].kw));
            ck_fig b;
            if (empty_table(F[f].t)) {
                b = (ck_fig){fx_dec_from_int(0), fx_dec_from_int(0), F[f].t->t, "(declared empty)", a.pow};
                const char *status = fx_dec_is_zero(a.v) || !a.v.ok ? "pass" : "fail";
                const fx_rec *refs[2] = {ftot, F[f].t->t};
                ck_emit(c, "across.empty", status, fx_dec_from_int(0), a.v.ok ? a.v : fx_dec_from_int(0),
                        fx_dec_from_int(0), refs, 2, "%s is declared empty; %s is %s", F[f].t->label, a.name,
                        a.v.ok ? ck_str(c->d, a.v) : "empty");
                continue;
            }
            const char *sub = ck_col(F[f].t, "小计", CM_SUFFIX);
            if (!sub) sub = ck_col(F[f].t, "合计", CM_SUFFIX);
            if (!sub) sub = ck_col(F[f].t, "本年支出", CM_HAS);
            b = fig_of(F[f].t, total_row(c, F[f].t), sub, F[f].name);
            same(c, F[f].rule, fx_sprintf(&c->d->arena, "财政拨款总表 %s column vs %s", F[f].kw, F[f].t->label),
                 a, b, true);
        }
        /* per 类: the 财政拨款总表 expenditure items in the 一般公共预算 column vs the 3-digit rows */
        const char *col = ck_col(fis, "一般公共预算", CM_HAS);
        const char *sub = gpb ? ck_col(gpb, "小计", CM_SUFFIX) : NULL;
        if (gpb && !sub) sub = ck_col(gpb, "合计", CM_SUFFIX);
        if (col && gpb && sub && !empty_table(gpb)) {
            for (size_t i = 0; i < fis->n; i++) {
                const fx_rec *r = fis->rows[i];
                const char *side = fx_get_str(r, "side");
                if (!side || strcmp(side, "支出") || !ck_cell(r, col).ok) continue;
                const char *name = ck_rowname(c->d, r);
                if (strstr(name, "合计") || strstr(name, "结转") || strstr(name, "结余") || !*name) continue;
                const fx_rec *m = NULL;
                for (size_t k = 0; k < gpb->n && !m; k++) {
                    const char *code = fx_get_str(gpb->rows[k], "code");
                    if (code && strlen(code) == 3 && !strcmp(ck_rowname(c->d, gpb->rows[k]), name)) m = gpb->rows[k];
                }
                ck_fig a = fig_of(fis, r, col, fx_sprintf(&c->d->arena, "财政拨款总表 %s", name));
                ck_fig b = fig_of(gpb, m, sub, fx_sprintf(&c->d->arena, "%s %s", gpb->label, name));
                ck_same(c, "across.gpb", fx_sprintf(&c->d->arena, "%s 一般公共预算 vs %s", name, gpb->label), a, b);
            }
        }
        /* per 类, the 政府性基金 column vs the 政府性基金 table's 3-digit rows */
        const char *gcol = ck_col(fis, "政府性基金", CM_HAS);
        const char *gsub = gov ? ck_col(gov, "本年支出/小计", CM_HAS) : NULL;
        if (gov && !gsub) gsub = ck_col(gov, "小计", CM_SUFFIX);
        if (gcol && gov && gsub && !empty_table(gov)) {
            for (size_t i = 0; i < fis->n; i++) {
                const fx_rec *r = fis->rows[i];
                const char *side = fx_get_str(r, "side");
                if (!side || strcmp(side, "支出") || !ck_cell(r, gcol).ok) continue;
                const char *name = ck_rowname(c->d, r);
                if (strstr(name, "合计") || strstr(name, "结转") || strstr(name, "结余") || !*name) continue;
                const fx_rec *m = NULL;
                for (size_t k = 0; k < gov->n && !m; k++) {
                    const char *code = fx_get_str(gov->rows[k], "code");
                    if (code && strlen(code) == 3 && !strcmp(ck_rowname(c->d, gov->rows[k]), name)) m = gov->rows[k];
                }
                ck_same(c, "across.gov_fund", fx_sprintf(&c->d->arena, "%s 政府性基金 vs %s", name, gov->label),
                        fig_of(fis, r, gcol, fx_sprintf(&c->d->arena, "财政拨款总表 %s", name)),
                        fig_of(gov, m, gsub, fx_sprintf(&c->d->arena, "%s %s", gov->label, name)));
            }
        }
        /* a fund table declared empty: its fund has no income in the 总表s either */
        for (int f = 1; f < 3; f++) {
            if (!empty_table(F[f].t)) continue;
            const fx_rec *r = row_named(c, fis, "收入", F[f].kw, CM_HAS);
            ck_fig a = fig_of(fis, r, NULL, fx_sprintf(&c->d->arena, "财政拨款总表 %s收入", F[f].kw));
            if (!r || !a.v.ok || fx_dec_is_zero(a.v)) continue;
            const fx_rec *refs[2] = {r, F[f].t->t};
            ck_emit(c, "across.empty", "fail", fx_dec_from_int(0), a.v, fx_dec_from_int(0), refs, 2,
                    "%s is declared empty but %s is %s", F[f].t->label, a.name, ck_str(c->d, a.v));
        }
    }
    /* 一般公共预算支出表 基本支出 vs 基本支出表 人员经费 + 公用经费 */
    if (gpb && bas && !empty_table(gpb) && !empty_table(bas)) {
        const char *col = ck_col(gpb, "基本支出", CM_HAS);
        const fx_rec *tr = total_row(c, gpb);
        if (col && tr) {
            ck_fig a = fig_of(gpb, tr, col, "一般公共预算支出表 基本支出");
            ck_sum s;
            ck_sum_init(&s);
            int found = 0;
            for (size_t i = 0; i < bas->n; i++) {
                const fx_val *cells = fx_get(bas->rows[i], "cells");
                if (!cells || cells->k != FXV_LIST) continue;
                /* the 合计 lines: "人员经费合计 | | 318.27 | 公用经费合计 | | 13.30" */
                int pos = 0, want = -1;
                for (const fx_kv *kv = cells->head; kv; kv = kv->next, pos++) {
                    const char *cell = kv->v.k == FXV_STR ? kv->v.s : "";
                    if (strstr(cell, "人员经费") || strstr(cell, "公用经费")) { want = pos + 2; found++; continue; }
                    if (pos == want) {
                        size_t n = strlen(cell);
                        while (n && cell[n - 1] == ' ') n--;
                        while (n && *cell == ' ') { cell++; n--; }
                        fx_dec v = n ? fx_dec_parse(cell, n) : fx_dec_from_int(0);
                        ck_fig f = {v.ok ? v : fx_dec_from_int(0), v.ok && n && !fx_dec_is_zero(v) ? ck_half(bas->scale) : fx_dec_from_int(0),
                                    bas->rows[i], found == 1 ? "人员经费" : "公用经费", bas->pow};
                        ck_sum_add(&s, f, 1);
                    }
                }
            }
            if (found) ck_sum_check(c, "across.basic", "一般公共预算支出表 基本支出 vs 基本支出表", a, &s);
            ck_sum_free(&s);
        }
    }
}

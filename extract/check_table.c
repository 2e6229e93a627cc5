/* Checks within one table: component columns against their 合计 column (table.row_sum), the
 * 合计 row against the top-level code rows (table.total_row), code rows against their child
 * codes (table.code_sum), the 基本支出 table's 人员经费/公用经费 (basic.*), the 三公 table
 * (sangong.*) and the 政府性基金 table's carry-over (fund.carryover). */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* ---- row sums: a total column and the columns it is the sum of ---- */

typedef struct { const char *kw; ck_cm mode; } ck_colkw;
typedef struct {
    ck_kind kinds[4];            /* tables it applies to (CK_OTHER ends) */
    ck_colkw total[3];
    ck_colkw parts[7];
} rowsum_rule;

static const rowsum_rule ROWSUMS[] = {
    {{CK_INCOME}, {{"收入合计", CM_HAS}},
     {{"财政拨款收入", CM_HAS}, {"上级补助收入", CM_HAS}, {"事业收入", CM_HAS}, {"经营收入", CM_HAS},
      {"附属单位上缴收入", CM_HAS}, {"其他收入", CM_HAS}}},
    {{CK_EXPENSE}, {{"支出合计", CM_HAS}},
     {{"基本支出", CM_HAS}, {"项目支出", CM_HAS}, {"上缴上级支出", CM_HAS}, {"经营支出", CM_HAS},
      {"对附属单位补助支出", CM_HAS}}},
    {{CK_GPB, CK_GOVFUND, CK_SOE}, {{"小计", CM_SUFFIX}, {"合计", CM_SUFFIX}, {"本年支出", CM_SUFFIX}},
     {{"基本支出", CM_HAS}, {"项目支出", CM_HAS}}},
    {{CK_FISCAL}, {{"合计", CM_SUFFIX}},
     {{"一般公共预算", CM_HAS}, {"政府性基金", CM_HAS}, {"国有资本经营", CM_HAS}}},
    /* 预算 layouts: 合计 = the sources (收入预算总表) or the kinds of spending (支出预算总表) */
    {{CK_INCOME}, {{"合计", CM_EXACT}},
     {{"财政拨款", CM_HAS}, {"一般公共预算", CM_HAS}, {"政府性基金", CM_HAS}, {"国有资本经营", CM_HAS},
      {"上级补助收入", CM_HAS}, {"事业收入", CM_HAS}, {"其他收入", CM_HAS}}},
    {{CK_EXPENSE}, {{"合计", CM_EXACT}},
     {{"基本支出", CM_HAS}, {"项目支出", CM_HAS}, {"上缴上级支出", CM_HAS}, {"经营支出", CM_HAS},
      {"对附属单位补助支出", CM_HAS}}},
};

/* a column that names the row (code, name, 行次), not an amount */
static bool label_col(const char *name)
{
    const char *seg = strrchr(name, '/');
    seg = seg ? seg + 1 : name;
    return !strcmp(seg, "项目") || strstr(seg, "科目") || strstr(seg, "代码") || strstr(seg, "编码") ||
           strstr(seg, "名称") || strstr(seg, "行次") || strstr(seg, "栏次") || strstr(seg, "序号");
}

/* every amount column beside the total (under the same header, if it has one) must be a
 * known part: a column we do not know could be a component, and the sum would be wrong */
static bool parts_complete(const ck_table *t, const char *tot, const char *const *parts, int np)
{
    const char *slash = strrchr(tot, '/');
    size_t pre = slash ? (size_t)(slash - tot) + 1 : 0;
    const fx_val *cols = fx_get(t->t, "columns");
    for (const fx_kv *kv = cols && cols->k == FXV_LIST ? cols->head : NULL; kv; kv = kv->next) {
        const char *c = kv->v.k == FXV_STR ? kv->v.s : NULL;
        if (!c || c == tot || label_col(c) || strstr(c, "其中") || (pre && strncmp(c, tot, pre))) continue;
        bool known = false;
        for (int i = 0; i < np && !known; i++) {
            size_t n = strlen(parts[i]);
            known = c == parts[i] || (!strncmp(c, parts[i], n) && c[n] == '/') ||
                    (!strncmp(parts[i], c, strlen(c)) && parts[i][strlen(c)] == '/');
        }
        if (!known) return false;
    }
    return true;
}

static const fx_val *columns(const ck_table *t)
{
    const fx_val *cols = fx_get(t->t, "columns");
    return cols && cols->k == FXV_LIST ? cols : NULL;
}

/* the total column: not one under 基本支出/项目支出 (their own 小计), not a 其中 column */
static const char *total_col(const ck_table *t, const char *kw, ck_cm mode)
{
    const fx_val *cols = columns(t);
    for (const fx_kv *kv = cols ? cols->head : NULL; kv; kv = kv->next) {
        const char *n = kv->v.k == FXV_STR ? kv->v.s : NULL;
        if (!n || !ck_name_is(n, kw, mode) || strstr(n, "其中") || strstr(n, "基本支出") || strstr(n, "项目支出"))
            continue;
        return n;
    }
    return NULL;
}

/* the columns a part keyword names: one column, or its 小计 when it is split, or all of its
 * sub-columns (财政拨款收入/一般公共预算…, 财政拨款收入/政府性基金…); never 其中 columns */
static int part_cols(const ck_table *t, const char *kw, ck_cm mode, const char *tot, const char **out, int max)
{
    const fx_val *cols = columns(t);
    const char *m[16];
    int n = 0;
    for (const fx_kv *kv = cols ? cols->head : NULL; kv && n < 16; kv = kv->next) {
        const char *c = kv->v.k == FXV_STR ? kv->v.s : NULL;
        if (!c || c == tot || !ck_name_is(c, kw, mode) || strstr(c, "其中")) continue;
        m[n++] = c;
    }
    if (n > 1)
        for (int i = 0; i < n; i++)
            if (ck_name_is(m[i], "小计", CM_SUFFIX) || ck_name_is(m[i], "合计", CM_SUFFIX)) { m[0] = m[i]; n = 1; break; }
    int k = 0;
    for (int i = 0; i < n && k < max; i++) out[k++] = m[i];
    return k;
}

static bool kind_in(const ck_kind *ks, ck_kind k)
{
    for (int i = 0; i < 4 && ks[i] != CK_OTHER; i++) if (ks[i] == k) return true;
    return false;
}

static const char *where_row(ck_ctx *c, const ck_table *t, const fx_rec *row)
{
    const char *code = fx_get_str(row, "code");
    const char *name = ck_rowname(c->d, row);
    return fx_sprintf(&c->d->arena, "%s row %s%s%s", t->label, code ? code : "", code ? " " : "",
                      *name ? name : row->id);
}

static void row_sums(ck_ctx *c, ck_table *t)
{
    for (size_t r = 0; r < sizeof ROWSUMS / sizeof ROWSUMS[0]; r++) {
        const rowsum_rule *rs = &ROWSUMS[r];
        if (!kind_in(rs->kinds, t->kind)) continue;
        const char *tot = NULL;
        for (int i = 0; i < 3 && rs->total[i].kw && !tot; i++) tot = total_col(t, rs->total[i].kw, rs->total[i].mode);
        if (!tot) continue;
        const char *parts[24];
        int np = 0;
        for (int i = 0; i < 7 && rs->parts[i].kw; i++)
            np += part_cols(t, rs->parts[i].kw, rs->parts[i].mode, tot, parts + np, 24 - np);
        /* a column matched by two keywords (财政拨款 and 一般公共预算) is one part */
        for (int i = 0; i < np; i++)
            for (int k = i + 1; k < np; k++)
                if (parts[k] == parts[i]) { parts[k--] = parts[--np]; }
        if (np < 2 || !parts_complete(t, tot, parts, np)) continue;
        for (size_t i = 0; i < t->n; i++) {
            const fx_rec *row = t->rows[i];
            const char *kind = fx_get_str(row, "kind");
            if (kind && !strcmp(kind, "header")) continue;
            if (ck_unplaced(row)) {
                const fx_rec *refs[1] = {row};
                ck_emit(c, "table.row_sum", "skip", FX_DEC_BAD, FX_DEC_BAD, FX_DEC_BAD, refs, 1,
                        "%s: its numbers are not placed in columns", where_row(c, t, row));
                continue;
            }
            bool any = ck_cell(row, tot).ok;
            for (int k = 0; k < np && !any; k++) any = ck_cell(row, parts[k]).ok;
            if (!any) continue;   /* an empty row has nothing to add up */
            ck_sum s;
            ck_sum_init(&s);
            for (int k = 0; k < np; k++) ck_sum_add(&s, ck_cellfig(t, row, parts[k]), 1);
            ck_sum_check(c, "table.row_sum", where_row(c, t, row), ck_cellfig(t, row, tot), &s);
            ck_sum_free(&s);
        }
    }
}

/* ---- code hierarchy ---- */

typedef struct { const char *code; const fx_rec *row; ck_fig fig; } code_entry;

static bool is_code(const char *s)
{
    if (!s) return false;
    size_t n = strlen(s);
    if (n != 3 && n != 5 && n != 7) return false;
    for (size_t i = 0; i < n; i++) if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static bool child_of(const char *child, const char *parent)
{
    size_t np = strlen(parent);
    return strlen(child) == np + 2 && !strncmp(child, parent, np);
}

/* code rows of a table in one column: parent = Σ children */
static void code_sums_col(ck_ctx *c, const ck_table *t, const code_entry *e, size_t n, const char *colname)
{
    for (size_t i = 0; i < n; i++) {
        ck_sum s;
        ck_sum_init(&s);
        bool any = e[i].fig.v.ok && !fx_dec_is_zero(e[i].fig.v);
        int kids = 0;
        for (size_t k = 0; k < n; k++) {
            if (!child_of(e[k].code, e[i].code)) continue;
            ck_fig f = e[k].fig;
            f.name = e[k].code;
            ck_sum_add(&s, f, 1);
            kids++;
            if (f.v.ok && !fx_dec_is_zero(f.v)) any = true;
        }
        if (kids && any) {
            ck_fig tot = e[i].fig;
            tot.name = e[i].code;
            const char *where = fx_sprintf(&c->d->arena, "%s %s%s%s", t->label, e[i].code,
                                           colname ? " column " : "", colname ? colname : "");
            ck_sum_check(c, "table.code_sum", where, tot, &s);
        }
        ck_sum_free(&s);
    }
}

static const char *topcode_min(const code_entry *e, size_t n)
{
    const char *m = NULL;
    for (size_t i = 0; i < n; i++) if (!m || strlen(e[i].code) < strlen(m)) m = e[i].code;
    return m;
}

static bool is_total_name(const char *name)
{
    return !strcmp(name, "合计") || !strcmp(name, "总计") || !strcmp(name, "支出合计") ||
           !strcmp(name, "收入合计");
}

static void code_sums(ck_ctx *c, ck_table *t)
{
    /* the standard tables by 功能分类 code; other tables may list a code once per project */
    if (t->kind != CK_INCOME && t->kind != CK_EXPENSE && t->kind != CK_GPB && t->kind != CK_GOVFUND &&
        t->kind != CK_SOE)
        return;
    /* a code listed twice makes the hierarchy ambiguous */
    for (size_t i = 0; i < t->n; i++) {
        const char *a = fx_get_str(t->rows[i], "code");
        if (!is_code(a)) continue;
        for (size_t k = i + 1; k < t->n; k++) {
            const char *b = fx_get_str(t->rows[k], "code");
            if (b && !strcmp(a, b)) {
                const fx_rec *refs[2] = {t->rows[i], t->rows[k]};
                ck_emit(c, "table.code_sum", "skip", FX_DEC_BAD, FX_DEC_BAD, FX_DEC_BAD, refs, 2,
                        "%s: code %s is listed twice; the code hierarchy is not checked", t->label, a);
                return;
            }
        }
    }
    /* columns with money in any code row */
    const char *cols[32];
    int ncols = 0;
    size_t ncode = 0;
    const fx_rec *total = NULL;
    for (size_t i = 0; i < t->n; i++) {
        const fx_rec *row = t->rows[i];
        const char *code = fx_get_str(row, "code");
        if (!is_code(code)) {
            const char *kind = fx_get_str(row, "kind");
            if (!total && !code && ((kind && !strcmp(kind, "total")) || is_total_name(ck_rowname(c->d, row))))
                total = row;
            if (row != total) continue;
        } else {
            ncode++;
        }
        const char *mc[32];
        int m = ck_moneycols(row, mc, 32);
        for (int k = 0; k < m; k++) {
            bool seen = false;
            for (int j = 0; j < ncols; j++) if (!strcmp(cols[j], mc[k])) seen = true;
            if (!seen && ncols < 32) cols[ncols++] = mc[k];
        }
    }
    if (!ncode) return;
    code_entry *e = calloc(ncode, sizeof *e);
    if (!e) abort();
    for (int j = 0; j < ncols; j++) {
        size_t n = 0;
        for (size_t i = 0; i < t->n; i++) {
            const char *code = fx_get_str(t->rows[i], "code");
            if (!is_code(code)) continue;
            e[n].code = code;
            e[n].row = t->rows[i];
            e[n].fig = ck_cellfig(t, t->rows[i], cols[j]);
            n++;
        }
        code_sums_col(c, t, e, n, cols[j]);
        /* the 合计 row: the sum of the top-level codes */
        if (total) {
            const char *top = topcode_min(e, n);
            ck_sum s;
            ck_sum_init(&s);
            bool any = ck_cell(total, cols[j]).ok;
            for (size_t i = 0; i < n; i++) {
                if (strlen(e[i].code) != strlen(top)) continue;
                ck_fig f = e[i].fig;
                f.name = e[i].code;
                ck_sum_add(&s, f, 1);
                if (ck_cell(e[i].row, cols[j]).ok) any = true;
            }
            if (any) {
                ck_fig tot = ck_cellfig(t, total, cols[j]);
                tot.name = "合计";
                const char *where = fx_sprintf(&c->d->arena, "%s 合计 row, column %s", t->label, cols[j]);
                ck_sum_check(c, "table.total_row", where, tot, &s);
            }
            ck_sum_free(&s);
        }
    }
    free(e);
}

/* ---- 基本支出 table: code/name/value triples side by side ---- */

typedef struct { const char *code; const char *name; ck_fig fig; } triple;

static fx_dec cell_dec(const char *s)
{
    if (!s) return FX_DEC_BAD;
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    return fx_dec_parse(s, n);
}

static size_t basic_triples(ck_ctx *c, const ck_table *t, triple **out)
{
    size_t cap = t->n * 3 + 4, n = 0;
    triple *v = calloc(cap, sizeof *v);
    if (!v) abort();
    for (size_t i = 0; i < t->n; i++) {
        const fx_rec *row = t->rows[i];
        const fx_val *cells = fx_get(row, "cells");
        const char *cs[32];
        int nc = 0;
        if (cells && cells->k == FXV_LIST)
            for (const fx_kv *kv = cells->head; kv && nc < 32; kv = kv->next)
                cs[nc++] = kv->v.k == FXV_STR ? kv->v.s : "";
        if (nc >= 6 && nc % 3 == 0) {
            for (int g = 0; g + 2 < nc; g += 3) {
                const char *code = cs[g], *name = cs[g + 1];
                fx_dec x = cell_dec(cs[g + 2]);
                while (code && *code == ' ') code++;
                if (!*code && !*name) continue;
                triple *tr = &v[n++];
                tr->code = is_code(code) ? code : NULL;
                tr->name = name;
                tr->fig = (ck_fig){x.ok ? x : fx_dec_from_int(0),
                                   x.ok && !fx_dec_is_zero(x) ? ck_half(t->scale) : fx_dec_from_int(0),
                                   row, tr->code ? tr->code : name, t->pow};
            }
        } else {
            /* a row per code: its one money value */
            const char *mc[4];
            int m = ck_moneycols(row, mc, 4);
            triple *tr = &v[n++];
            const char *code = fx_get_str(row, "code");
            tr->code = is_code(code) ? code : NULL;
            tr->name = ck_rowname(c->d, row);
            for (int k = 0; k < nc && !*tr->name; k++)   /* an unnamed row: its first text cell */
                if (*cs[k] && !cell_dec(cs[k]).ok) tr->name = cs[k];
            tr->fig = m ? ck_cellfig(t, row, mc[0]) : (ck_fig){fx_dec_from_int(0), fx_dec_from_int(0), row, NULL, t->pow};
            tr->fig.name = tr->code ? tr->code : tr->name;
        }
    }
    *out = v;
    return n;
}

static void basic(ck_ctx *c, ck_table *t)
{
    triple *v;
    size_t n = basic_triples(c, t, &v);
    code_entry *e = calloc(n + 1, sizeof *e);
    if (!e) abort();
    size_t ne = 0;
    const triple *pers = NULL, *pub = NULL;
    for (size_t i = 0; i < n; i++) {
        if (v[i].code) { e[ne].code = v[i].code; e[ne].row = v[i].fig.ref; e[ne].fig = v[i].fig; ne++; }
        else if (v[i].name && strstr(v[i].name, "人员经费")) pers = &v[i];
        else if (v[i].name && strstr(v[i].name, "公用经费")) pub = &v[i];
    }
    code_sums_col(c, t, e, ne, NULL);
    /* 人员经费 = 301 + 303; 公用经费 = the other classes listed */
    for (int which = 0; which < 2; which++) {
        const triple *tot = which == 0 ? pers : pub;
        if (!tot) continue;
        ck_sum s;
        ck_sum_init(&s);
        for (size_t i = 0; i < ne; i++) {
            if (strlen(e[i].code) != 3) continue;
            bool personnel = !strcmp(e[i].code, "301") || !strcmp(e[i].code, "303");
            if (personnel != (which == 0)) continue;
            ck_sum_add(&s, e[i].fig, 1);
        }
        ck_fig f = tot->fig;
        f.name = which == 0 ? "人员经费合计" : "公用经费合计";
        const char *where = fx_sprintf(&c->d->arena, "%s %s", t->label, f.name);
        if (s.n || (f.v.ok && !fx_dec_is_zero(f.v)))
            ck_sum_check(c, which == 0 ? "basic.personnel" : "basic.public", where, f, &s);
        ck_sum_free(&s);
    }
    free(e);
    free(v);
}

/* ---- 三公 table ---- */

/* last segment of a flattened header name (parent/child) */
static const char *lastseg(const char *s)
{
    const char *p = s, *q;
    while ((q = strpbrk(p, "/|>")) != NULL) p = q + 1;
    return p;
}

static const char *find_col(const ck_table *t, int what)
{
    const fx_val *cols = fx_get(t->t, "columns");
    if (!cols || cols->k != FXV_LIST) return NULL;
    for (const fx_kv *kv = cols->head; kv; kv = kv->next) {
        if (kv->v.k != FXV_STR) continue;
        const char *full = kv->v.s, *s = lastseg(full);
        switch (what) {
        case 0: if (ck_name_is(s, "合计", CM_EXACT) && !strstr(full, "会议") && !strstr(full, "培训")) return full; break;
        case 1: if (strstr(s, "因公出国")) return full; break;
        case 2:
            if (ck_name_is(s, "小计", CM_SUFFIX) || ck_name_is(s, "购置及运行维护费", CM_SUFFIX) ||
                ck_name_is(s, "购置及运行费", CM_SUFFIX))
                return full;
            break;
        case 3: if (ck_name_is(s, "购置费", CM_SUFFIX) && !strstr(s, "运行")) return full; break;
        case 4: if ((ck_name_is(s, "运行维护费", CM_SUFFIX) || ck_name_is(s, "运行费", CM_SUFFIX)) && !strstr(s, "购置")) return full; break;
        case 5: if (strstr(s, "公务接待")) return full; break;
        }
    }
    return NULL;
}

ck_sg_item ck_sg_item_of(const char *full)
{
    if (!full) return SG_NONE;
    const char *s = lastseg(full);
    if (strstr(s, "因公出国")) return SG_ABROAD;
    if (strstr(s, "公务接待")) return SG_RECEPTION;
    if (strstr(s, "会议费")) return SG_MEETING;
    if (strstr(s, "培训费")) return SG_TRAINING;
    if (strstr(s, "购置及运行")) return SG_VEHICLE;
    if ((strstr(s, "购置费") || strstr(s, "用车购置")) && !strstr(s, "运行")) return SG_BUY;
    if ((strstr(s, "运行维护") || strstr(s, "运行费")) && !strstr(s, "购置") && !strstr(s, "机关运行") &&
        !strstr(s, "机构运行"))
        return SG_RUN;
    if (ck_name_is(s, "小计", CM_SUFFIX)) return strstr(full, "购置及运行") ? SG_VEHICLE : SG_NONE;
    if (ck_name_is(s, "合计", CM_EXACT) || ck_name_is(s, "总计", CM_EXACT) || strstr(s, "三公"))
        return strstr(full, "会议") || strstr(full, "培训") ? SG_NONE : SG_TOTAL;
    return SG_NONE;
}

int ck_sg_which(const char *name, int year)
{
    if (!name) return 0;
    char b[512];
    size_t o = 0;
    for (const char *p = name; *p && o + 1 < sizeof b;) {   /* 一般公共预算 names a fund */
        if (ck_starts(p, "一般公共预算")) { p += strlen("一般公共预算"); continue; }
        b[o++] = *p++;
    }
    b[o] = 0;
    if (strstr(b, "上年")) return -1;
    for (const char *p = b; p[0] && p[1] && p[2] && p[3]; p++) {
        bool digits = p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
                      p[3] >= '0' && p[3] <= '9' && (p == b || p[-1] < '0' || p[-1] > '9') &&
                      (p[4] < '0' || p[4] > '9');
        if (digits && year && ((p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0')) != year)
            return -1;
    }
    if (strstr(b, "决算")) return 2;
    if (strstr(b, "预算")) return 1;
    return 0;
}

/* the 三公 table with the items as rows (合计 / 因公出国(境)费 / … down the side, 预算数 and
 * 决算数 across): the same two sums, per money column */
static void sangong_rows(ck_ctx *c, ck_table *t)
{
    const fx_rec *item[SG_TRAINING + 1] = {0};
    for (size_t i = 0; i < t->n; i++) {
        const char *kind = fx_get_str(t->rows[i], "kind");
        if (kind && !strcmp(kind, "header")) continue;
        ck_sg_item k = ck_sg_item_of(ck_rowname(c->d, t->rows[i]));
        if (k != SG_NONE && !item[k]) item[k] = t->rows[i];
    }
    const fx_val *cols = fx_get(t->t, "columns");
    for (const fx_kv *kv = cols && cols->k == FXV_LIST ? cols->head : NULL; kv; kv = kv->next) {
        const char *col = kv->v.k == FXV_STR ? kv->v.s : NULL;
        if (!col || label_col(col) || !ck_moneycol(col)) continue;
        struct { ck_sg_item tot, p[3]; const char *rule; } S[2] = {
            {SG_TOTAL, {SG_ABROAD, SG_VEHICLE, SG_RECEPTION}, "sangong.total"},
            {SG_VEHICLE, {SG_BUY, SG_RUN, SG_NONE}, "sangong.vehicle"},
        };
        for (int k = 0; k < 2; k++) {
            if (!item[S[k].tot] || !item[S[k].p[0]] || !item[S[k].p[1]] ||
                (S[k].p[2] != SG_NONE && !item[S[k].p[2]]))
                continue;
            bool any = ck_cell(item[S[k].tot], col).ok;
            for (int j = 0; j < 3 && S[k].p[j] != SG_NONE; j++) any |= ck_cell(item[S[k].p[j]], col).ok;
            if (!any) continue;
            ck_sum s;
            ck_sum_init(&s);
            for (int j = 0; j < 3 && S[k].p[j] != SG_NONE; j++) {
                ck_fig f = ck_cellfig(t, item[S[k].p[j]], col);
                f.name = ck_rowname(c->d, item[S[k].p[j]]);
                ck_sum_add(&s, f, 1);
            }
            ck_fig tot = ck_cellfig(t, item[S[k].tot], col);
            tot.name = ck_rowname(c->d, item[S[k].tot]);
            ck_sum_check(c, S[k].rule, fx_sprintf(&c->d->arena, "%s column %s", t->label, col), tot, &s);
            ck_sum_free(&s);
        }
    }
}

static void sangong(ck_ctx *c, ck_table *t)
{
    const char *col[6];
    for (int i = 0; i < 6; i++) col[i] = find_col(t, i);
    if (!col[1] && !col[5]) { sangong_rows(c, t); return; }   /* no item columns: items are rows */
    for (size_t i = 0; i < t->n; i++) {
        const fx_rec *row = t->rows[i];
        const char *kind = fx_get_str(row, "kind");
        if (kind && !strcmp(kind, "header")) continue;
        const char *rn = ck_rowname(c->d, row);
        if (ck_unplaced(row)) {
            const fx_rec *refs[1] = {row};
            ck_emit(c, "sangong.total", "skip", FX_DEC_BAD, FX_DEC_BAD, FX_DEC_BAD, refs, 1,
                    "%s %s: its numbers are not placed in columns", t->label, rn);
            continue;
        }
        /* 合计 = 出国 + 车 + 接待 */
        if (col[0] && col[1] && col[2] && col[5]) {
            bool any = false;
            int idx[4] = {0, 1, 2, 5};
            for (int k = 0; k < 4; k++) any |= ck_cell(row, col[idx[k]]).ok;
            if (any) {
                ck_sum s;
                ck_sum_init(&s);
                ck_sum_add(&s, ck_cellfig(t, row, col[1]), 1);
                ck_sum_add(&s, ck_cellfig(t, row, col[2]), 1);
                ck_sum_add(&s, ck_cellfig(t, row, col[5]), 1);
                ck_sum_check(c, "sangong.total", fx_sprintf(&c->d->arena, "%s %s", t->label, rn),
                             ck_cellfig(t, row, col[0]), &s);
                ck_sum_free(&s);
            }
        }
        if (col[2] && col[3] && col[4]) {
            bool any = ck_cell(row, col[2]).ok || ck_cell(row, col[3]).ok || ck_cell(row, col[4]).ok;
            if (any) {
                ck_sum s;
                ck_sum_init(&s);
                ck_sum_add(&s, ck_cellfig(t, row, col[3]), 1);
                ck_sum_add(&s, ck_cellfig(t, row, col[4]), 1);
                ck_sum_check(c, "sangong.vehicle", fx_sprintf(&c->d->arena, "%s %s", t->label, rn),
                             ck_cellfig(t, row, col[2]), &s);
                ck_sum_free(&s);
            }
        }
    }
}

/* ---- 政府性基金 table: 年末 = 年初 + 本年收入 − 本年支出, per row ---- */

static void fund_carry(ck_ctx *c, ck_table *t)
{
    const char *beg = ck_col(t, "年初", CM_HAS), *inc = ck_col(t, "本年收入", CM_HAS);
    const char *end = ck_col(t, "年末", CM_HAS);
    const char *out = ck_col(t, "本年支出/小计", CM_HAS);
    if (!out) out = ck_col(t, "小计", CM_SUFFIX);
    if (!out) out = ck_col(t, "本年支出", CM_SUFFIX);
    if (!beg || !inc || !end || !out) return;
    for (size_t i = 0; i < t->n; i++) {
        const fx_rec *row = t->rows[i];
        if (!(ck_cell(row, beg).ok || ck_cell(row, inc).ok || ck_cell(row, out).ok || ck_cell(row, end).ok))
            continue;
        ck_sum s;
        ck_sum_init(&s);
        ck_sum_add(&s, ck_cellfig(t, row, beg), 1);
        ck_sum_add(&s, ck_cellfig(t, row, inc), 1);
        ck_sum_add(&s, ck_cellfig(t, row, out), -1);
        ck_sum_check(c, "fund.carryover", where_row(c, t, row), ck_cellfig(t, row, end), &s);
        ck_sum_free(&s);
    }
}

void fx_check_table(ck_ctx *c)
{
    for (size_t i = 0; i < c->ntabs; i++) {
        ck_table *t = &c->tabs[i];
        if (fx_get_int(t->t, "empty", 0)) continue;
        row_sums(c, t);
        code_sums(c, t);
        if (t->kind == CK_BASIC) basic(c, t);
        if (t->kind == CK_SANGONG) sangong(c, t);
        if (t->kind == CK_GOVFUND) fund_carry(c, t);
    }
}

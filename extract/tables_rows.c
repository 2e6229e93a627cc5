/* A table's header rows flattened into column names, and its body rows as `row` records.
 *
 * Header: the rows above the first data row (a number, a code, or a lone 合计); a 栏次 row
 * (栏次 1 2 3 …) is the last header row and names nothing. A merged header cell is printed
 * once and left blank to its right: a blank header cell takes the text on its left when the
 * rows below it are not blank (and the row above does not change there), so `本年支出` over
 * `小计 基本支出 项目支出` gives `本年支出/小计`, `本年支出/基本支出`, ...
 *
 * Side-by-side tables are split into logical rows: 收入 | 支出 (the first column's name
 * printed again further right, or a 收入 column and a 支出 column) get side 收入/支出; the three
 * 科目代码/科目名称/决算数 blocks of an economic-classification table get side "1".."3". Their
 * ids are t1.r7.1, t1.r7.2 (row 7 of the printed table, block 1 and 2); `index` is the printed
 * row's number, so the blocks of one printed row share it.
 *
 * 绩效 forms (title with 绩效) have no single header: every row is a body row, and a row of
 * header words (年初预算数 全年预算数 … / 一级指标 二级指标 …) is kind `header` and names the
 * columns of the rows under it. The table's `columns` are those of its funds block (the first
 * header row naming 预算数/执行数); the indicator block's roles are read by indicators.c.
 *
 * Values are exact decimals in the table's unit (table.unit), keyed by column name (within a
 * side, without the side's name). 行次 and other label columns are not values. */
#include "tables.h"
#include "patterns.h"

#include <stdio.h>
#include <string.h>

#define MAXB 8

typedef struct {
    const char *code;
    const char *id;
    int cols[64];
    int n;
} parent_t;

typedef struct {
    fx_doc *d;
    tb_table *t;
    tb_col *cols;
    int nc;
    int nb, bstart[MAXB + 1];
    const char *side[MAXB];
    parent_t *par;
    int npar, cappar;
    int *hash, hcap;      /* code -> 1 + index of its latest entry in par (0: empty slot) */
    int n_rows;           /* row records emitted */
    const char *tid;
    int total_row;        /* index into par of the table's 合计 row, -1 */
} ctx_t;

/* ---- small tests ---- */

static bool total_name(fx_doc *d, const char *s, bool *sub)
{
    if (!s) return false;
    size_t n = strlen(s);
    if (n > 80 || !tb_may_total(s, n)) return false;
    const pcre2_code *re = fx_pat("table_total");
    PCRE2_SIZE *ov;
    if (fx_match(d, re, s, n, 0, &ov) <= 0) return false;
    int g = fx_group(re, "sub");
    *sub = g >= 0 && ov[2 * g] != PCRE2_UNSET;
    return true;
}

/* the decimal digits of v at w; returns the end */
static char *put_uint(char *w, unsigned v)
{
    char tmp[12];
    int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) *w++ = tmp[--n];
    return w;
}

static bool is_num(const char *s) { fx_dec v; return tb_num(s, &v); }

static bool lineno_row(const tb_row *r)
{
    int k = 0;
    bool label = false;
    for (int i = 0; i < r->n; i++) {
        const char *s = r->c[i].t;
        if (!s[0]) continue;
        if (!strcmp(s, "栏次")) { label = true; continue; }
        char want[16];
        *put_uint(want, (unsigned)(k + 1)) = 0;   /* "%d" without a printf per cell */
        if (strcmp(s, want)) return false;
        k++;
    }
    return label && k >= 1;
}

bool tb_label_leaf(const char *leaf)
{
    static const char *const EXACT[] = {"项目", "科目代码", "科目名称", "科目编码", "行次", "栏次", "序号",
                                        "单位名称", "内容", "名称", "项目名称", "收入", "支出", "收入项目",
                                        "支出项目", "科目", "功能分类科目", "经济分类科目", "部门", "单位",
                                        "任务名称", "主要内容", NULL};
    for (int i = 0; EXACT[i]; i++) if (!strcmp(leaf, EXACT[i])) return true;
    return strstr(leaf, "代码") || strstr(leaf, "编码") || tb_ends_with(leaf, "科目名称");
}

static bool code_leaf(const char *leaf) { return strstr(leaf, "代码") || strstr(leaf, "编码"); }

static bool name_leaf(const char *leaf)
{
    return strstr(leaf, "名称") || !strcmp(leaf, "项目") || !strcmp(leaf, "收入") || !strcmp(leaf, "支出") ||
           !strcmp(leaf, "收入项目") || !strcmp(leaf, "支出项目") || !strcmp(leaf, "内容") || !strcmp(leaf, "科目");
}

static void set_col(fx_doc *d, tb_col *c, const char *name)
{
    c->name = name;
    const char *slash = strrchr(name, '/');
    c->leaf = slash ? slash + 1 : name;
    c->label = tb_label_leaf(c->leaf);
    c->lineno = !strcmp(c->leaf, "行次");
    c->total = !c->label && (strstr(c->leaf, "合计") || strstr(c->leaf, "小计") || strstr(c->leaf, "总计"));
    (void)d;
}

/* ---- positional header (layouts 1 and 2) ---- */

static bool data_like(fx_doc *d, const tb_row *r)
{
    int filled = 0, first = -1;
    bool tot = false, sub;
    for (int i = 0; i < r->n; i++) {
        const char *s = r->c[i].t;
        if (!s[0]) continue;
        filled++;
        if (first < 0) first = i;
        if (is_num(s)) return true;
        if (total_name(d, s, &sub)) tot = true;
    }
    if (first >= 0 && tb_is_code(r->c[first].t)) return true;
    return tot && filled <= 2;
}

static int header_rows(fx_doc *d, tb_table *t)
{
    for (int r = 0; r < t->n_rows; r++) {
        if (lineno_row(&t->rows[r])) return r + 1;
        if (data_like(d, &t->rows[r])) return r;
    }
    return t->n_rows > 1 ? 1 : 0;
}

static const char *hcell(ctx_t *x, int r, int j)
{
    const tb_row *row = &x->t->rows[r];
    if (j >= row->n) return "";
    return tb_squeeze(x->d, row->c[j].t);
}

/* A group row printed with fewer cells than the table is wide (`预算数 | | | 决算数` over eight
 * columns `合计 因公出国(境)费 … 合计 因公出国(境)费 …`): when the row below repeats the same names
 * once per group, each group spans one period of them. NULL when that is not the case. */
static const char **spread_groups(ctx_t *x, int r, int nc)
{
    const tb_row *row = &x->t->rows[r], *below = &x->t->rows[r + 1];
    const char *g[MAXB];
    int m = 0;
    for (int j = 0; j < row->n; j++)
        if (row->c[j].t[0]) { if (m == MAXB) return NULL; g[m++] = hcell(x, r, j); }
    if (m < 2 || nc % m || below->n != nc) return NULL;
    int per = nc / m;
    if (per < 2) return NULL;
    for (int j = 0; j < nc; j++) {
        if (!below->c[j].t[0] || strcmp(below->c[j].t, below->c[j % per].t)) return NULL;
    }
    /* already printed at the group starts: nothing to fix */
    bool aligned = true;
    for (int k = 0; k < m && aligned; k++)
        if (k * per >= row->n || strcmp(hcell(x, r, k * per), g[k])) aligned = false;
    if (aligned) return NULL;
    const char **out = fx_alloc(&x->d->arena, (size_t)nc * sizeof *out);
    for (int j = 0; j < nc; j++) out[j] = j % per == 0 ? g[j / per] : "";
    return out;
}

static void flatten(ctx_t *x, int h)
{
    fx_doc *d = x->d;
    tb_table *t = x->t;
    int nc = 0;
    for (int r = 0; r < t->n_rows; r++) if (t->rows[r].n > nc) nc = t->rows[r].n;
    x->nc = nc;
    x->cols = fx_alloc(&d->arena, (size_t)(nc ? nc : 1) * sizeof *x->cols);
    if (!nc) return;
    const char **car = fx_alloc(&d->arena, (size_t)(h ? h : 1) * (size_t)nc * sizeof *car);
    for (int r = 0; r < h; r++) {
        bool skip = lineno_row(&t->rows[r]);
        const char **grp = r + 1 < h ? spread_groups(x, r, nc) : NULL;
        for (int j = 0; j < nc; j++) {
            const char *s = skip ? "" : grp ? grp[j] : hcell(x, r, j);
            if (!s[0] && j > 0 && car[r * nc + j - 1][0] && !skip) {
                bool below = false;
                for (int q = r + 1; q < h && !below; q++)
                    if (!lineno_row(&t->rows[q]) && hcell(x, q, j)[0]) below = true;
                bool same_parent = r == 0 || !strcmp(car[(r - 1) * nc + j], car[(r - 1) * nc + j - 1]);
                if (below && same_parent) s = car[r * nc + j - 1];
            }
            car[r * nc + j] = s;
        }
    }
    for (int j = 0; j < nc; j++) {
        fx_buf b = {0};
        const char *prev = NULL;
        for (int r = 0; r < h; r++) {
            const char *s = car[r * nc + j];
            if (!s[0] || (prev && !strcmp(prev, s))) continue;
            if (b.n) fx_buf_putc(&b, '/');
            fx_buf_puts(&b, s);
            prev = s;
        }
        set_col(d, &x->cols[j], b.n ? fx_strndup(&d->arena, b.p, b.n) : fx_sprintf(&d->arena, "%d", j + 1));
        fx_buf_free(&b);
    }
}

/* 收入 | 支出, or the first column's name again further right */
static void blocks(ctx_t *x)
{
    x->nb = 1;
    x->bstart[0] = 0;
    if (x->nc < 2) { x->bstart[1] = x->nc; x->side[0] = NULL; return; }
    const char *leaf0 = x->cols[0].leaf;
    for (int j = 1; j < x->nc && x->nb < MAXB; j++)
        if (x->cols[0].label && !strcmp(x->cols[j].leaf, leaf0)) x->bstart[x->nb++] = j;
    if (x->nb == 1 && !strncmp(x->cols[0].name, "收入", 6)) {
        for (int j = 1; j < x->nc; j++)
            if (!strncmp(x->cols[j].name, "支出", 6)) { x->bstart[x->nb++] = j; break; }
    }
    x->bstart[x->nb] = x->nc;
    for (int b = 0; b < x->nb; b++) {
        const char *n = x->cols[x->bstart[b]].name;
        if (x->nb == 1) x->side[b] = NULL;
        else if (!strncmp(n, "收入", 6)) x->side[b] = "收入";
        else if (!strncmp(n, "支出", 6)) x->side[b] = "支出";
        else x->side[b] = b == 0 ? "1" : b == 1 ? "2" : "3";
    }
    /* `项目 行次 金额 | 项目 行次 金额` without 收入/支出 over them: the labels say which side */
    if (x->nb == 2 && x->side[0][0] == '1') {
        int in = 0, out = 0;
        for (int r = 0; r < x->t->n_rows; r++) {
            const tb_row *row = &x->t->rows[r];
            if (row->n > x->bstart[1] && strstr(row->c[x->bstart[1]].t, "支出")) out++;
            if (row->n > 0 && strstr(row->c[0].t, "收入")) in++;
        }
        if (in >= 2 && out >= 2) { x->side[0] = "收入"; x->side[1] = "支出"; }
    }
    if (x->nb > 3) {
        bool named = true;
        for (int b = 0; b < x->nb; b++) if (x->side[b][0] >= '0' && x->side[b][0] <= '9') named = false;
        if (!named) { x->nb = 1; x->bstart[1] = x->nc; x->side[0] = NULL; }
    }
}

/* value key: the column's name without its side */
static const char *key_of(ctx_t *x, int b, int c)
{
    const char *n = x->cols[c].name;
    const char *s = x->side[b];
    if (s && !strncmp(n, s, strlen(s)) && n[strlen(s)] == '/') return n + strlen(s) + 1;
    return n;
}

/* ---- rows ---- */

static void split_code(fx_doc *d, const char **code, const char **name)
{
    if (*code || !*name) return;
    const char *s = *name;
    size_t k = 0;
    while (s[k] >= '0' && s[k] <= '9') k++;
    if ((k == 3 || k == 5 || k == 7) && (s[k] == ' ' || tb_is_cjk(s + k))) {
        *code = fx_strndup(&d->arena, s, k);
        while (s[k] == ' ') k++;
        *name = s + k;
    }
}

static const char *clean_name(fx_doc *d, const char *s)
{
    if (!s) return NULL;
    s = tb_squeeze(d, s);
    s += tb_ordinal_len(s);
    return s[0] ? s : NULL;
}

/* codes are looked up once per row: a hash keeps a table of 10^5 rows linear */
static unsigned code_hash(const char *s)
{
    unsigned h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static int *code_slot(ctx_t *x, const char *code)
{
    unsigned m = (unsigned)x->hcap - 1, i = code_hash(code) & m;
    while (x->hash[i] && strcmp(x->par[x->hash[i] - 1].code, code)) i = (i + 1) & m;
    return &x->hash[i];
}

static void code_index(ctx_t *x, int i)
{
    if (2 * (x->npar + 1) > x->hcap) {  /* grow and re-insert in order: the latest entry wins */
        x->hcap = x->hcap ? x->hcap * 2 : 64;
        x->hash = fx_alloc(&x->d->arena, (size_t)x->hcap * sizeof *x->hash);
        for (int k = 0; k < i; k++)
            if (x->par[k].code) *code_slot(x, x->par[k].code) = k + 1;
    }
    if (x->par[i].code) *code_slot(x, x->par[i].code) = i + 1;
}

static parent_t *find_code(ctx_t *x, const char *code)
{
    if (!x->hcap) return NULL;
    int k = *code_slot(x, code);
    return k ? &x->par[k - 1] : NULL;
}

static parent_t *parent_of(ctx_t *x, const char *code)
{
    if (!code) return NULL;
    size_t n = strlen(code);
    if (n < 5) return NULL;
    char p[8];
    size_t k = n == 7 ? 5 : 3;
    memcpy(p, code, k);
    p[k] = 0;
    return find_code(x, p);
}

static parent_t *remember(ctx_t *x, const char *code, const char *id)
{
    if (x->npar == x->cappar) {
        int cap = x->cappar ? x->cappar * 2 : 32;
        parent_t *v = fx_alloc(&x->d->arena, (size_t)cap * sizeof *v);
        if (x->npar) memcpy(v, x->par, (size_t)x->npar * sizeof *v);
        x->par = v;
        x->cappar = cap;
    }
    parent_t *p = &x->par[x->npar++];
    p->code = code;
    p->id = id;
    p->n = 0;
    code_index(x, x->npar - 1);
    return p;
}

static void cell_span(const tb_cell *c, int n, size_t *s, size_t *e)
{
    *s = FX_NOSPAN; *e = 0;
    for (int i = 0; i < n; i++) {
        if (c[i].e <= c[i].s) continue;
        if (*s == FX_NOSPAN || c[i].s < *s) *s = c[i].s;
        if (c[i].e > *e) *e = c[i].e;
    }
}

/* `t3.r7`, or `t3.r7.2` for block 2 of a side-by-side row: written by hand, as a printf per
 * row costs more than the rest of the id's work */
static const char *row_id(fx_doc *d, const char *tid, int index, int block)
{
    if (index < 0) return block ? fx_sprintf(&d->arena, "%s.r%d.%d", tid, index, block)
                                : fx_sprintf(&d->arena, "%s.r%d", tid, index);
    size_t n = strlen(tid);
    char *id = fx_alloc(&d->arena, n + 2 + 10 + 1 + 10 + 1), *w = id;
    memcpy(w, tid, n);
    w += n;
    *w++ = '.';
    *w++ = 'r';
    w = put_uint(w, (unsigned)index);
    if (block) { *w++ = '.'; w = put_uint(w, (unsigned)block); }
    *w = 0;
    return id;
}

static fx_rec *row_rec(ctx_t *x, int index, int b, const tb_row *row, const tb_cell *cells, int n,
                       const char *code, const char *name, const char *kind)
{
    fx_doc *d = x->d;
    const char *id = row_id(d, x->tid, index, x->nb > 1 ? b + 1 : 0);
    size_t s, e;
    cell_span(cells, n, &s, &e);
    if (s == FX_NOSPAN) { s = d->lines[row->line0].s; e = d->lines[row->line1].e; }
    fx_rec *r = fx_rec_new_id(d, "row", id, s, e);
    fx_set_str(d, r, "table", x->tid);
    fx_set_int(d, r, "index", index);
    fx_val *cl = fx_set_list(d, r, "cells");
    for (int i = 0; i < n; i++) fx_list_add_str(d, cl, cells[i].t);
    fx_set_str(d, r, "code", code);
    fx_set_str(d, r, "name", name);
    fx_set_obj(d, r, "values");
    bool sub = false;
    if (!kind) kind = name && total_name(d, name, &sub) ? (sub ? "subtotal" : "total") : "data";
    fx_set_str(d, r, "kind", kind);
    fx_set_str(d, r, "side", x->nb > 1 ? x->side[b] : NULL);
    parent_t *p = parent_of(x, code);
    fx_set_str(d, r, "parent", p ? p->id : NULL);
    x->n_rows++;
    return r;
}

static void put_value(fx_doc *d, fx_rec *r, const char *key, fx_dec v)
{
    char buf[48];
    fx_val *vals = (fx_val *)fx_get(r, "values");
    if (fx_obj_get(vals, key)) return;  /* a repeated column name: first wins */
    fx_obj_add_str(d, vals, key, fx_dec_format(v, buf));
}

static void positional_rows(ctx_t *x, int h)
{
    fx_doc *d = x->d;
    tb_table *t = x->t;
    for (int r = h; r < t->n_rows; r++) {
        const tb_row *row = &t->rows[r];
        int index = r - h + 1;
        for (int b = 0; b < x->nb; b++) {
            int a = x->bstart[b], z = x->bstart[b + 1];
            if (a >= row->n) continue;
            if (z > row->n) z = row->n;
            const char *code = NULL, *name = NULL;
            int code_col = -1, name_col = -1;
            for (int c = a; c < z; c++) {
                if (code_col < 0 && code_leaf(x->cols[c].leaf)) code_col = c;
                if (name_col < 0 && name_leaf(x->cols[c].leaf)) name_col = c;
            }
            if (code_col >= 0 && tb_is_code(row->c[code_col].t)) code = row->c[code_col].t;
            if (name_col >= 0 && row->c[name_col].t[0] && !is_num(row->c[name_col].t)) name = row->c[name_col].t;
            if (!name)
                for (int c = a; c < z && !name; c++) {
                    const char *s = row->c[c].t;
                    if (s[0] && (c != code_col || !tb_is_code(s)) && !x->cols[c].lineno && !is_num(s) && !tb_is_dash(s) &&
                        !(tb_is_code(s) && !code))
                        name = s;
                    else if (s[0] && tb_is_code(s) && !code && c == a) code = s;
                }
            split_code(d, &code, &name);
            bool any = false;
            fx_dec v;
            for (int c = a; c < z; c++)
                if (!x->cols[c].label && tb_num(row->c[c].t, &v)) any = true;
            if (!code && !name && !any) continue;
            fx_rec *rec = row_rec(x, index, b, row, row->c + a, z - a, code, clean_name(d, name), NULL);
            parent_t *pm = code ? remember(x, code, rec->id) : NULL;
            for (int c = a; c < z; c++) {
                if (x->cols[c].label || !tb_num(row->c[c].t, &v)) continue;
                put_value(d, rec, key_of(x, b, c), v);
                if (pm && pm->n < 64) pm->cols[pm->n++] = c;
            }
        }
    }
}

/* ---- 绩效 forms ---- */

static bool header_words_row(fx_doc *d, const tb_row *r)
{
    static const char *const W[] = {"预算数", "执行数", "分值", "得分", "指标值", "一级指标", "完成值", "执行率", NULL};
    int filled = 0;
    bool word = false;
    /* the number test first: a data row is answered without searching its cells for words */
    for (int i = 0; i < r->n; i++) {
        const char *s = r->c[i].t;
        if (!s[0]) continue;
        if (is_num(s)) return false;
        filled++;
    }
    if (filled < 3) return false;
    for (int i = 0; i < r->n && !word; i++) {
        const char *s = r->c[i].t;
        if (!s[0]) continue;
        const char *q = tb_squeeze(d, s);
        for (int k = 0; W[k] && !word; k++) if (strstr(q, W[k])) word = true;
    }
    return word;
}

static void form_rows(ctx_t *x)
{
    fx_doc *d = x->d;
    tb_table *t = x->t;
    x->nb = 1;
    x->side[0] = NULL;
    const char **hdr = NULL;
    int nh = 0;
    for (int r = 0; r < t->n_rows; r++) {
        const tb_row *row = &t->rows[r];
        bool is_hdr = header_words_row(d, row);
        const char *name = NULL;
        for (int c = 0; c < row->n && !name; c++)
            if (row->c[c].t[0] && !is_num(row->c[c].t)) name = row->c[c].t;
        fx_rec *rec = row_rec(x, r + 1, 0, row, row->c, row->n, NULL, clean_name(d, name),
                              is_hdr ? "header" : NULL);
        if (is_hdr) {
            nh = row->n;
            hdr = fx_alloc(&d->arena, (size_t)(nh ? nh : 1) * sizeof *hdr);
            for (int c = 0; c < nh; c++) hdr[c] = tb_squeeze(d, row->c[c].t);
            /* the table's columns: those of its funds block (年初预算数 全年预算数 … 得分) */
            bool funds = false;
            for (int c = 0; c < nh; c++) funds |= strstr(hdr[c], "预算数") || strstr(hdr[c], "执行数");
            if (funds && !x->nc) {
                x->cols = fx_alloc(&d->arena, (size_t)nh * sizeof *x->cols);
                for (int c = 0; c < nh; c++) if (hdr[c][0]) set_col(d, &x->cols[x->nc++], hdr[c]);
            }
            continue;
        }
        fx_dec v;
        for (int c = 0; c < row->n && c < nh; c++)
            if (hdr[c][0] && tb_num(row->c[c].t, &v)) put_value(d, rec, hdr[c], v);
    }
}

/* ---- sparse tables (layouts 3 and 4) ---- */

typedef struct { const char **w; int n; } words_t;

static words_t row_words(fx_doc *d, const tb_row *r)
{
    words_t w = {fx_alloc(&d->arena, (size_t)(r->n ? r->n : 1) * sizeof(char *)), 0};
    for (int i = 0; i < r->n; i++)
        if (r->c[i].t[0]) w.w[w.n++] = tb_squeeze(d, r->c[i].t);
    return w;
}

/* how alike two names are: the longest common run of bytes */
static size_t common(const char *a, const char *b)
{
    size_t best = 0, na = strlen(a), nb = strlen(b);
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            size_t k = 0;
            while (i + k < na && j + k < nb && a[i + k] == b[j + k]) k++;
            if (k > best) best = k;
        }
    return best;
}

/* Leaf names of a sparse header: the lowest line's words; each line above either prefixes
 * them all (one word), splits them evenly (repeated leaves under several groups), or holds
 * one group word (the one most like its children) whose children they are. */
static words_t sparse_leaves(fx_doc *d, words_t *lines, int nl)
{
    words_t leaves = lines[nl - 1];
    for (int L = nl - 2; L >= 0; L--) {
        words_t up = lines[L];
        if (up.n == 0) continue;
        words_t out = {fx_alloc(&d->arena, (size_t)(up.n + leaves.n + 1) * sizeof(char *)), 0};
        if (up.n == 1) {
            for (int i = 0; i < leaves.n; i++) out.w[out.n++] = fx_sprintf(&d->arena, "%s/%s", up.w[0], leaves.w[i]);
        } else if (leaves.n % up.n == 0 && leaves.n / up.n >= 2) {
            int per = leaves.n / up.n;
            bool periodic = true;
            for (int i = per; i < leaves.n && periodic; i++) if (strcmp(leaves.w[i], leaves.w[i % per])) periodic = false;
            if (!periodic) goto group;
            for (int i = 0; i < leaves.n; i++) out.w[out.n++] = fx_sprintf(&d->arena, "%s/%s", up.w[i / per], leaves.w[i]);
        } else {
        group:;
            int g = 0;
            size_t best = 0;
            for (int i = 0; i < up.n && up.n * leaves.n <= 4096; i++) {
                size_t s = 0;
                for (int j = 0; j < leaves.n; j++) s += common(up.w[i], leaves.w[j]) >= 6 ? 1 : 0;
                if (s > best) { best = s; g = i; }
            }
            out.n = 0;
            for (int i = 0; i < up.n; i++) {
                if (i != g) { out.w[out.n++] = up.w[i]; continue; }
                for (int j = 0; j < leaves.n; j++) out.w[out.n++] = fx_sprintf(&d->arena, "%s/%s", up.w[g], leaves.w[j]);
            }
        }
        leaves = out;
    }
    return leaves;
}

static bool drop_word(const char *w)
{
    static const char *const W[] = {"项目", "科目代码", "科目名称", "科目编码", "栏次", "序号", "功能分类科目编码",
                                    "功能分类科目名称", "经济分类科目编码", "经济分类科目名称", NULL};
    for (int i = 0; W[i]; i++) if (!strcmp(w, W[i])) return true;
    return false;
}

/* Merge the placement by position into slot[] (the table's own rules): a number the rules
 * left unplaced takes its column by position; where both place a number and disagree, or
 * two numbers would share a column, or the order of the numbers is not the order of their
 * columns, nothing is guessed: the row keeps only what both agree on. */
static void by_position(ctx_t *x, const fx_rec *rec, const tb_geo *g, const tb_cell **cell, int n, int *slot)
{
    int pos[64], out[64];
    bool clash = false;
    for (int i = 0; i < n; i++) {
        pos[i] = tb_geo_slot(g, cell[i]->x0, cell[i]->x1);
        out[i] = pos[i] >= 0 ? pos[i] : slot[i];
        if (pos[i] >= 0 && slot[i] >= 0 && pos[i] != slot[i]) clash = true;
    }
    for (int i = 0, last = -1; i < n && !clash; i++) {
        if (out[i] < 0) continue;
        if (out[i] <= last) clash = true;
        last = out[i];
    }
    if (clash) {
        for (int i = 0; i < n; i++) if (pos[i] != slot[i]) slot[i] = -1;
        fx_diag(x->d, "warning", "table-alignment", rec->cstart, rec->cend,
                "row %s: the positions of its numbers contradict the columns the table gives them; "
                "only the columns both agree on are kept", rec->id);
        return;
    }
    for (int i = 0; i < n; i++) slot[i] = out[i];
}

static void sparse_rows(ctx_t *x)
{
    fx_doc *d = x->d;
    tb_table *t = x->t;
    int nl = 0, k = 0;
    words_t *lines = fx_alloc(&d->arena, (size_t)(t->n_rows + 1) * sizeof *lines);
    for (int r = 0; r < t->n_rows; r++) {
        if (t->rows[r].hdr == 1) lines[nl++] = row_words(d, &t->rows[r]);
        else if (t->rows[r].hdr == 2) k = 0, k = (int)row_words(d, &t->rows[r]).n - 1;
    }
    /* side by side: a line whose first word comes again, or 收入 … 支出 */
    int side_line = -1, split = -1;
    for (int L = nl - 1; L >= 0 && side_line < 0; L--)
        for (int i = 1; i < lines[L].n; i++)
            if (!strcmp(lines[L].w[i], lines[L].w[0])) { side_line = L; split = i; break; }
    for (int L = 0; L < nl && side_line < 0; L++)
        if (lines[L].n >= 2 && !strcmp(lines[L].w[0], "收入"))
            for (int i = 1; i < lines[L].n; i++)
                if (!strcmp(lines[L].w[i], "支出")) { side_line = L; split = i; break; }
    words_t leaves = {0};
    if (side_line >= 0) {
        leaves = lines[side_line];
        x->nb = 2;
        x->bstart[0] = 0;
        x->bstart[1] = split;
        x->bstart[2] = leaves.n;
        bool named = side_line > 0 && lines[0].n == 2;
        x->side[0] = named ? "收入" : !strcmp(leaves.w[0], "收入") ? "收入" : "1";
        x->side[1] = named ? "支出" : !strcmp(leaves.w[split], "支出") ? "支出" : "2";
    } else {
        words_t *vals = fx_alloc(&d->arena, (size_t)(nl + 1) * sizeof *vals);
        int nv = 0;
        for (int L = 0; L < nl; L++) {
            words_t w = {fx_alloc(&d->arena, (size_t)(lines[L].n + 1) * sizeof(char *)), 0};
            for (int i = 0; i < lines[L].n; i++) if (!drop_word(lines[L].w[i])) w.w[w.n++] = lines[L].w[i];
            if (w.n) vals[nv++] = w;
        }
        if (nv) leaves = sparse_leaves(d, vals, nv);
        /* a name column first: the rows start with their labels */
        words_t withname = {fx_alloc(&d->arena, (size_t)(leaves.n + 1) * sizeof(char *)), 0};
        withname.w[withname.n++] = "项目";
        for (int i = 0; i < leaves.n; i++) withname.w[withname.n++] = leaves.w[i];
        leaves = withname;
        x->nb = 1;
        x->bstart[0] = 0;
        x->bstart[1] = leaves.n;
        x->side[0] = NULL;
        if (k > 0 && k != leaves.n - 1)
            fx_diag(d, "info", "table-columns", d->lines[t->first_line].s, d->lines[t->first_line].e,
                    "table %s: the header names %d value columns, the 栏次 row numbers %d", x->tid,
                    leaves.n - 1, k);
    }
    x->nc = leaves.n;
    x->cols = fx_alloc(&d->arena, (size_t)(leaves.n ? leaves.n : 1) * sizeof *x->cols);
    for (int i = 0; i < leaves.n; i++) set_col(d, &x->cols[i], leaves.w[i]);
    /* positions, when the converter kept the page layout (one block only) */
    tb_geo geo = {0};
    if (x->nb == 1) tb_geo_init(d, t, x->cols, x->nc, &geo);

    int index = 0;
    for (int r = 0; r < t->n_rows; r++) {
        const tb_row *row = &t->rows[r];
        if (row->hdr) continue;
        index++;
        /* segments: a label after a number starts the next side */
        int seg[MAXB + 1], ns = 0;
        seg[ns++] = 0;
        for (int c = 1; c < row->n && ns < x->nb; c++)
            if (!is_num(row->c[c].t) && is_num(row->c[c - 1].t) && x->nb > 1) seg[ns++] = c;
        seg[ns] = row->n;
        for (int b = 0; b < ns; b++) {
            const tb_cell *cells = row->c + seg[b];
            int n = seg[b + 1] - seg[b];
            const char *code = NULL;
            fx_buf nb = {0};
            fx_dec nums[64];
            const tb_cell *ncell[64];
            int nn = 0, i = 0;
            if (n > 0 && tb_is_code(cells[0].t) && (n == 1 || !is_num(cells[1].t))) code = cells[i++].t;
            for (; i < n; i++) {
                fx_dec v;
                if (tb_num(cells[i].t, &v)) { if (nn < 64) { ncell[nn] = &cells[i]; nums[nn++] = v; } }
                else if (!tb_is_dash(cells[i].t)) fx_buf_puts(&nb, cells[i].t);
            }
            const char *name = nb.n ? fx_strndup(&d->arena, nb.p, nb.n) : NULL;
            fx_buf_free(&nb);
            split_code(d, &code, &name);
            if (!code && !name && !nn) continue;
            int a = x->bstart[b], z = x->bstart[b + 1];
            fx_rec *rec = row_rec(x, index, b, row, cells, n, code, clean_name(d, name), NULL);
            parent_t *pp = parent_of(x, code);
            if (!pp && code && strlen(code) == 3 && x->total_row >= 0) pp = &x->par[x->total_row];
            if (pp && pp->n < 0) pp = NULL; /* the parent's own columns are not all known */
            int slot[64];
            tb_place(x->cols + a, z - a, nums, nn, pp ? pp->cols : NULL, pp ? pp->n : 0, slot);
            if (geo.on) by_position(x, rec, &geo, ncell, nn, slot);
            bool sub;
            const char *nm = fx_get_str(rec, "name");
            parent_t *pm = code || (nm && total_name(d, nm, &sub) && !sub && b == 0) ? remember(x, code, rec->id) : NULL;
            if (pm && !code && x->total_row < 0) x->total_row = (int)(pm - x->par);
            fx_val *un = NULL;
            int lost = 0;
            for (int q = 0; q < nn; q++) {
                if (slot[q] >= 0) {
                    if (!x->cols[a + slot[q]].lineno) put_value(d, rec, key_of(x, b, a + slot[q]), nums[q]);
                    if (pm && pm->n < 64) pm->cols[pm->n++] = slot[q];
                } else {
                    char buf[48];
                    if (!un) un = fx_set_list(d, rec, "unplaced");
                    fx_list_add_str(d, un, fx_dec_format(nums[q], buf));
                    lost++;
                }
            }
            if (lost && pm) pm->n = -1;
            if (lost)
                fx_diag(d, "warning", "table-unplaced", rec->cstart, rec->cend,
                        "row %s: %d of %d numbers cannot be given a column (the converter dropped the "
                        "empty cells); they are listed in `unplaced`", rec->id, lost, nn);
        }
    }
}

void tb_emit(fx_doc *d, tb_table *t, size_t cs, size_t ce)
{
    fx_rec *r = fx_rec_new(d, "table", cs, ce);
    t->rec = r;
    fx_push(&d->tables, &d->n_tables, &d->cap_tables, r);
    ctx_t x = {.d = d, .t = t, .tid = r->id, .total_row = -1};
    bool form = t->title && strstr(t->title, "绩效");
    int h = 0;
    if (form || t->sparse) {
        x.nb = 1;
    } else {
        h = header_rows(d, t);
        flatten(&x, h);
        blocks(&x);
    }
    fx_set_str(d, r, "title", t->title ? tb_squeeze(d, t->title) : NULL);
    fx_set_str(d, r, "code", t->code);
    fx_set_str(d, r, "unit", t->unit);
    fx_set_str(d, r, "issuer", t->issuer);
    fx_val *cols = fx_set_list(d, r, "columns");
    fx_set_int(d, r, "header_rows", h);
    fx_set_int(d, r, "n_rows", 0);
    fx_set_bool(d, r, "empty", false);
    fx_set_str(d, r, "note", t->note);
    fx_set_null(d, r, "section");
    fx_set_int(d, r, "layout", t->layout);
    if (form) form_rows(&x);
    else if (t->sparse) {
        sparse_rows(&x);
        int hh = 0;
        for (int i = 0; i < t->n_rows; i++) hh += t->rows[i].hdr != 0;
        fx_set_int(d, r, "header_rows", hh);
    } else positional_rows(&x, h);
    for (int j = 0; j < x.nc; j++) fx_list_add_str(d, cols, x.cols[j].name);
    fx_set_int(d, r, "n_rows", x.n_rows);
    if (x.nb > 1) {
        /* where each side's columns start in `columns` (the CSV writer lays rows out by it) */
        fx_val *ss = fx_set_obj(d, r, "side_starts");
        for (int b = 0; b < x.nb; b++) {
            fx_val *v = fx_obj_add(d, ss, x.side[b]);
            v->k = FXV_INT;
            v->i = x.bstart[b];
        }
    }
}

/* indicators: one `indicator` record per 三级指标 row of a 绩效 self-evaluation table
 * (项目支出绩效自评表, 部门整体支出绩效自评表), read from the table's `row` records.
 *
 * The indicator block starts at its header row (一级指标 二级指标 三级指标|指标内容 …) and ends
 * at 总分. Columns get roles from the header words. 一级/二级 are printed once per merged cell,
 * so they are carried down to the rows under them. PDF converters shift cells of these rows
 * (an extra or a missing empty cell, `时效指标` under 三级指标): a row whose cells do not fit
 * the header positions (the 三级 cell holds a level word, a level cell holds a name, 分值 is
 * not a number) is read in order instead: level words, then the name, then the values in
 * header order.
 *
 * target/actual: an exact decimal when the cell is a number with an optional comparison and
 * unit (`≥ 2个`, `≤5 %`, `500人`), else the text. op comes from the direction column
 * (大于等于 → >=) or the value; unit from the unit column (百分比 → %) or the value.
 *
 * project: what the form evaluates: the cell after 项目名称 (项目支出 forms) or after
 * 部门(单位)名称 / 单位名称 (部门整体 forms: the unit itself is the project); a 部门整体 form
 * without such a cell takes the unit its title names (`某局2023年度部门整体…表`), else its
 * 编制部门. */
#include "tables.h"
#include "patterns.h"

#include <stdlib.h>
#include <string.h>

enum { R_NONE, R_L1, R_L2, R_NAME, R_NATURE, R_DIR, R_TARGET, R_ACTUAL, R_UNIT, R_WEIGHT, R_SCORE, R_NOTE, R_N };

static int role_of(const char *h)
{
    if (!h[0]) return R_NONE;
    if (strstr(h, "一级指标")) return R_L1;
    if (strstr(h, "二级指标")) return R_L2;
    if (strstr(h, "三级指标") || strstr(h, "指标内容") || strstr(h, "指标名称")) return R_NAME;
    if (strstr(h, "指标性质")) return R_NATURE;
    if (strstr(h, "方向")) return R_DIR;
    if (strstr(h, "实际") || strstr(h, "完成值")) return R_ACTUAL;
    if (strstr(h, "指标值") || strstr(h, "目标值")) return R_TARGET;
    if (strstr(h, "单位")) return R_UNIT;
    if (strstr(h, "分值") || strstr(h, "权重")) return R_WEIGHT;
    if (strstr(h, "得分")) return R_SCORE;
    if (strstr(h, "偏差") || strstr(h, "原因") || strstr(h, "备注") || strstr(h, "措施")) return R_NOTE;
    return R_NONE;
}

typedef struct {
    const char **c;   /* squeezed cell texts */
    int n;
} cells_t;

static cells_t cells_of(fx_doc *d, const fx_rec *r)
{
    const fx_val *l = fx_get(r, "cells");
    cells_t c = {0};
    if (!l || l->k != FXV_LIST) return c;
    c.c = fx_alloc(&d->arena, (l->n + 1) * sizeof *c.c);
    for (const fx_kv *kv = l->head; kv; kv = kv->next)
        c.c[c.n++] = kv->v.k == FXV_STR ? tb_squeeze(d, kv->v.s) : "";
    return c;
}

static bool level_like(fx_doc *d, const char *s)
{
    PCRE2_SIZE *ov;
    return s[0] && strlen(s) < 120 && fx_match(d, fx_pat("indicator_level"), s, strlen(s), 0, &ov) > 0;
}

/* 产出指标 (50分) -> 产出指标 */
static const char *level_text(fx_doc *d, const char *s)
{
    const char *p = strstr(s, "(");
    size_t n = p ? (size_t)(p - s) : strlen(s);
    while (n && s[n - 1] == ' ') n--;
    return fx_strndup(&d->arena, s, n);
}

static bool level1_word(const char *s)
{
    return !strncmp(s, "产出", 6) || !strncmp(s, "效益指标", 12) || !strcmp(s, "效益") ||
           !strncmp(s, "满意度", 9);
}

static const char *op_word(const char *s)
{
    static const struct { const char *w, *op; } OPS[] = {
        {"大于等于", ">="}, {"小于等于", "<="}, {"不低于", ">="}, {"不少于", ">="}, {"不高于", "<="},
        {"不超过", "<="}, {"≥", ">="}, {"≤", "<="}, {">=", ">="}, {"<=", "<="}, {"大于", ">"},
        {"高于", ">"}, {"小于", "<"}, {"低于", "<"}, {"等于", "="}, {">", ">"}, {"<", "<"}, {"=", "="},
        {NULL, NULL}};
    for (int i = 0; OPS[i].w; i++)
        if (!strcmp(s, OPS[i].w)) return OPS[i].op;
    return NULL;
}

static const char *unit_word(fx_doc *d, const char *u)
{
    if (!u || !u[0] || tb_is_dash(u)) return NULL;
    if (!strcmp(u, "百分比") || !strcmp(u, "百分率") || !strcmp(u, "%")) return "%";
    if (!strcmp(u, "人数")) return "人";
    if (!strcmp(u, "次数")) return "次";
    return fx_strdup(&d->arena, u);
}

typedef struct { const char *op, *num, *unit, *text; } val_t;

static val_t parse_value(fx_doc *d, const char *s)
{
    val_t v = {0};
    if (!s || !s[0] || tb_is_dash(s)) return v;
    const pcre2_code *re = fx_pat("indicator_value");
    PCRE2_SIZE *ov;
    if (strlen(s) < 200 && fx_match(d, re, s, strlen(s), 0, &ov) > 0) {
        int g = fx_group(re, "num");
        fx_dec x = fx_dec_parse(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        if (x.ok) {
            char buf[48];
            v.num = fx_strdup(&d->arena, fx_dec_format(x, buf));
            int go = fx_group(re, "op"), gu = fx_group(re, "unit");
            if (ov[2 * go] != PCRE2_UNSET) {
                char *w = fx_strndup(&d->arena, s + ov[2 * go], ov[2 * go + 1] - ov[2 * go]);
                v.op = op_word(w);
            }
            if (ov[2 * gu] != PCRE2_UNSET)
                v.unit = unit_word(d, fx_strndup(&d->arena, s + ov[2 * gu], ov[2 * gu + 1] - ov[2 * gu]));
            return v;
        }
    }
    v.text = s;
    return v;
}

static const char *dec_or_null(fx_doc *d, const char *s)
{
    fx_dec v;
    if (!s || !tb_num(s, &v)) return NULL;
    char buf[48];
    return fx_strdup(&d->arena, fx_dec_format(v, buf));
}

typedef struct {
    int role[64];
    int n;
    const char *project;
    const char *l1, *l2;
} block_t;

static void emit(fx_doc *d, const fx_rec *row, const char *tid, block_t *b, const char **val)
{
    fx_rec *r = fx_rec_new(d, "indicator", row->cstart, row->cend);
    val_t t = parse_value(d, val[R_TARGET]), a = parse_value(d, val[R_ACTUAL]);
    const char *op = val[R_DIR] ? op_word(val[R_DIR]) : NULL;
    if (!op) op = t.op ? t.op : a.op;
    const char *unit = unit_word(d, val[R_UNIT]);
    if (!unit) unit = t.unit ? t.unit : a.unit;
    const char *nature = val[R_NATURE] && (!strcmp(val[R_NATURE], "正向") || !strcmp(val[R_NATURE], "反向"))
                             ? val[R_NATURE] : NULL;
    fx_set_str(d, r, "project", b->project);
    fx_set_str(d, r, "level1", b->l1);
    fx_set_str(d, r, "level2", b->l2);
    fx_set_str(d, r, "name", val[R_NAME]);
    fx_set_str(d, r, "nature", nature);
    fx_set_str(d, r, "op", op);
    fx_set_str(d, r, "target", t.num ? t.num : t.text);
    fx_set_str(d, r, "actual", a.num ? a.num : a.text);
    fx_set_str(d, r, "unit", unit);
    fx_set_str(d, r, "weight", dec_or_null(d, val[R_WEIGHT]));
    fx_set_str(d, r, "score", dec_or_null(d, val[R_SCORE]));
    fx_set_str(d, r, "note", val[R_NOTE] && val[R_NOTE][0] && !tb_is_dash(val[R_NOTE]) ? val[R_NOTE] : NULL);
    fx_set_str(d, r, "table", tid);
    fx_set_str(d, r, "row", row->id);
}

static void set_levels(fx_doc *d, block_t *b, const char **lv, int n)
{
    if (n >= 2) { b->l1 = level_text(d, lv[0]); b->l2 = level_text(d, lv[1]); }
    else if (n == 1) {
        const char *s = level_text(d, lv[0]);
        if (level1_word(s)) { b->l1 = s; b->l2 = NULL; }
        else b->l2 = s;
    }
}

static bool num_or_blank(const char *s) { return !s || !s[0] || tb_is_dash(s) || tb_num(s, NULL); }

static void indicator_row(fx_doc *d, const fx_rec *row, const char *tid, block_t *b, cells_t c)
{
    const char *val[R_N] = {0};
    /* by position */
    for (int i = 0; i < c.n && i < b->n; i++)
        if (b->role[i] != R_NONE && !val[b->role[i]]) val[b->role[i]] = c.c[i];
    const char *name = val[R_NAME];
    bool fits = name && name[0] && !level_like(d, name) &&
                (!val[R_L1] || !val[R_L1][0] || level_like(d, val[R_L1])) &&
                (!val[R_L2] || !val[R_L2][0] || level_like(d, val[R_L2])) &&
                num_or_blank(val[R_WEIGHT]) && num_or_blank(val[R_SCORE]);
    if (fits) {
        const char *lv[2];
        int nl = 0;
        if (val[R_L1] && val[R_L1][0]) {
            b->l1 = level_text(d, val[R_L1]);
            b->l2 = NULL;
        }
        if (val[R_L2] && val[R_L2][0]) lv[nl++] = val[R_L2];
        if (nl) b->l2 = level_text(d, lv[0]);
        emit(d, row, tid, b, val);
        return;
    }
    /* in order: level words, the name, then the values in header order */
    memset(val, 0, sizeof val);
    const char *lv[4];
    int nl = 0, i = 0;
    const char *ne[64];
    int nn = 0;
    for (int k = 0; k < c.n && nn < 64; k++) {
        if (!c.c[k][0]) continue;
        /* the block's label column (绩效指标) repeated in the row */
        if (k < b->n && b->role[k] == R_NONE && k == 0) continue;
        ne[nn++] = c.c[k];
    }
    while (i < nn && nl < 4 && level_like(d, ne[i])) lv[nl++] = ne[i++];
    if (i >= nn) return;
    set_levels(d, b, lv, nl);
    val[R_NAME] = ne[i++];
    int after[R_N], na = 0;
    bool seen_name = false;
    for (int k = 0; k < b->n; k++) {
        if (b->role[k] == R_NAME) { seen_name = true; continue; }
        if (seen_name && b->role[k] != R_NONE && b->role[k] != R_L1 && b->role[k] != R_L2) {
            bool dup = false;
            for (int q = 0; q < na; q++) if (after[q] == b->role[k]) dup = true;
            if (!dup) after[na++] = b->role[k];
        }
    }
    int rest = nn - i;
    int need = na;
    for (int q = 0; q < na; q++) if (after[q] == R_NOTE) need--;
    if (rest >= need) {
        for (int q = 0; q < na && i < nn; q++) val[after[q]] = ne[i++];
    } else {
        /* fewer cells than columns: 分值 and 得分 are the last numbers, the rest in order */
        int end = nn;
        bool ws = false;
        for (int q = 0; q < na; q++) if (after[q] == R_SCORE || after[q] == R_WEIGHT) ws = true;
        if (ws && end - i >= 2 && tb_num(ne[end - 1], NULL) && tb_num(ne[end - 2], NULL)) {
            val[R_SCORE] = ne[end - 1];
            val[R_WEIGHT] = ne[end - 2];
            end -= 2;
        }
        for (int q = 0; q < na && i < end; q++)
            if (after[q] != R_SCORE && after[q] != R_WEIGHT) val[after[q]] = ne[i++];
    }
    emit(d, row, tid, b, val);
}

static bool header_row(cells_t c, block_t *b)
{
    /* a level column's word (一级指标, 二级指标) holds 级指标: a row without it is no header,
     * and the roles of its cells need not be read */
    bool cand = false;
    for (int i = 0; i < c.n && !cand; i++) cand = strstr(c.c[i], "级指标") != NULL;
    if (!cand) return false;
    bool name = false, lvl = false;
    int role[64];
    for (int i = 0; i < c.n; i++) {
        int r = role_of(c.c[i]);
        if (i < 64) role[i] = r;
        if (r == R_NAME) name = true;
        if (r == R_L1 || r == R_L2) lvl = true;
    }
    if (!name || !lvl) return false;
    b->n = c.n < 64 ? c.n : 64;
    for (int i = 0; i < b->n; i++) b->role[i] = role[i];
    b->l1 = b->l2 = NULL;
    return true;
}

/* the cell that names what a form evaluates: 项目名称 (项目支出), 部门(单位)名称 (部门整体) */
static bool project_label(const char *s)
{
    static const char *const W[] = {"项目名称", "部门(单位)名称", "部门(单位)", "部门名称", "单位名称",
                                     "预算部门名称", "预算单位名称", NULL};
    for (int i = 0; W[i]; i++) if (!strcmp(s, W[i])) return true;
    return false;
}

/* 部门整体 forms without a name cell: the unit the title names before 部门整体 or its year
 * (`青山区教育局2023年度部门整体支出绩效自评表`), else the table's 编制部门. */
static const char *title_unit(fx_doc *d, const fx_rec *t)
{
    const char *title = fx_get_str(t, "title");
    const char *p = title ? strstr(title, "部门整体") : NULL;
    if (!p) return NULL;
    const char *e = p;
    for (const char *q = title; q < p; q++)
        if (q[0] >= '0' && q[0] <= '9' && q[1] >= '0' && q[1] <= '9' && q[2] >= '0' && q[2] <= '9' &&
            q[3] >= '0' && q[3] <= '9') { e = q; break; }
    if (e > title) return fx_strndup(&d->arena, title, (size_t)(e - title));
    return fx_get_str(t, "issuer");
}

static const char *one_table(fx_doc *d, const fx_rec *t, fx_rec **rows, size_t n_rows)
{
    block_t b = {0};
    bool in = false;
    for (size_t i = 0; i < n_rows; i++) {
        const fx_rec *r = rows[i];
        cells_t c = cells_of(d, r);
        for (int k = 0; k + 1 < c.n && !b.project; k++)
            if (project_label(c.c[k]))
                for (int q = k + 1; q < c.n; q++) if (c.c[q][0]) { b.project = c.c[q]; break; }
        if (header_row(c, &b)) { in = true; continue; }
        if (!in) continue;
        const char *first = NULL;
        for (int k = 0; k < c.n && !first; k++) if (c.c[k][0]) first = c.c[k];
        if (!first) continue;
        if (!strcmp(first, "总分") || !strcmp(first, "合计") || !strcmp(first, "总计")) { in = false; continue; }
        indicator_row(d, r, t->id, &b, c);
    }
    return b.project;
}

void fx_indicators(fx_doc *d)
{
    /* the rows of each 绩效 table, in one pass over the records */
    size_t nt = d->n_tables;
    if (!nt) return;
    size_t *count = fx_alloc(&d->arena, nt * sizeof *count);
    bool *form = fx_alloc(&d->arena, nt * sizeof *form);
    for (size_t t = 0; t < nt; t++) {
        const char *title = fx_get_str(d->tables[t], "title");
        form[t] = title && strstr(title, "绩效");
    }
    fx_rec ***rows = fx_alloc(&d->arena, nt * sizeof *rows);
    size_t *cap = fx_alloc(&d->arena, nt * sizeof *cap);
    for (size_t i = 0; i < d->n_recs; i++) {
        fx_rec *r = d->recs[i];
        if (strcmp(r->type, "row")) continue;
        const char *tab = fx_get_str(r, "table");
        /* table ids are tN, tN+1, … in the order of d->tables (N is 1, or more in the later
         * pieces of a document processed in pieces) */
        long k = tab && tab[0] == 't' ? strtol(tab + 1, NULL, 10) - strtol(d->tables[0]->id + 1, NULL, 10) : -1;
        if (k < 0 || (size_t)k >= nt || !form[k] || strcmp(d->tables[k]->id, tab)) continue;
        if (count[k] == cap[k]) {
            size_t c = cap[k] ? cap[k] * 2 : 32;
            fx_rec **v = fx_alloc(&d->arena, c * sizeof *v);
            if (count[k]) memcpy(v, rows[k], count[k] * sizeof *v);
            rows[k] = v;
            cap[k] = c;
        }
        rows[k][count[k]++] = r;
    }
    for (size_t t = 0; t < nt; t++) {
        if (!form[t]) continue;
        /* the project a form is about, on the table too */
        const char *project = one_table(d, d->tables[t], rows[t], count[t]);
        if (!project) {
            project = title_unit(d, d->tables[t]);
            /* the indicators were written before the project was known */
            for (size_t i = 0; project && i < d->n_recs; i++)
                if (!strcmp(d->recs[i]->type, "indicator") && !fx_get_str(d->recs[i], "project") &&
                    fx_get_str(d->recs[i], "table") && !strcmp(fx_get_str(d->recs[i], "table"), d->tables[t]->id))
                    fx_set_str(d, d->recs[i], "project", project);
        }
        fx_set_str(d, d->tables[t], "project", project);
    }
}

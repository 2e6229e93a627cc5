/* text.table for the items the narrative reports one by one: a 功能分类 item named by its
 * 类/款/项 markers (`一般公共服务支出(类)群众团体事务(款)统计管理(项)。…支出决算5,917.30万元`)
 * against its code row, 三公 amounts against the 三公 table, and 人员经费/公用经费 against the
 * 基本支出 table's 合计 lines.
 *
 * Items are found by structure: the markers (类)/(款)/(项), the row names and codes of the
 * table, the item words of the 三公 table's own headers. Prose units and table units are
 * converted exactly (ck_same). A figure that is a budget, last year's, a change or a reason's
 * is not the item's figure and is never compared. */
#include "check.h"

#include <stdint.h>
#include <string.h>

static bool doc_is_budget(const fx_doc *d)
{
    const char *kind = d->document ? fx_get_str(d->document, "kind") : NULL;
    return kind && strstr(kind, "预算");
}

/* at most this many item checks per family and document (hostile texts stay linear) */
#define MAX_ITEMS 512

/* the section path of a prose record, joined ("" when it has none). Sections are in text
 * order: the record's section is among the last ones starting before it. */
static const char *section_path(ck_ctx *c, const fx_rec *a)
{
    fx_doc *d = c->d;
    const char *sid = fx_get_str(a, "section");
    if (!sid) return "";
    size_t lo = 0, hi = d->n_sections;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        size_t cs = d->sections[m]->cstart;
        if (cs != FX_NOSPAN && cs <= a->cstart) lo = m + 1; else hi = m;
    }
    size_t from = lo < d->n_sections ? lo + 1 : d->n_sections;   /* sections without a span sort anywhere */
    for (size_t j = 0, i = from; j < 64 && i > 0; j++, i--) {
        const fx_rec *s = d->sections[i - 1];
        if (!s->id || strcmp(s->id, sid)) continue;
        const fx_val *p = fx_get(s, "path");
        fx_buf b = {0};
        for (const fx_kv *kv = p && p->k == FXV_LIST ? p->head : NULL; kv; kv = kv->next)
            if (kv->v.k == FXV_STR) { fx_buf_puts(&b, kv->v.s); fx_buf_puts(&b, "/"); }
        const char *t = fx_get_str(s, "title");
        if (!b.n && t) fx_buf_puts(&b, t);
        const char *out = b.n ? fx_strndup(&d->arena, b.p, b.n) : "";
        fx_buf_free(&b);
        return out;
    }
    return "";
}

/* the text between the figure's sentence start and the figure says it is not the item's
 * own figure of this report: a reason's figure, last year's, a change */
static bool other_figure(ck_ctx *c, const fx_rec *a, size_t from)
{
    fx_doc *d = c->d;
    if (ck_in_change(c, a)) return true;
    static const char *const W[] = {"原因", "上年", "增加", "减少", "增长", "下降", "比", "较", NULL};
    const char *cl = ck_clause_before(d, a->cstart);
    for (int i = 0; W[i]; i++) if (strstr(cl, W[i])) return true;
    return ck_span_has(d, from, a->cstart, "原因") || ck_span_has(d, from, a->cstart, "上年");
}

/* ---- 类/款/项 ---- */

typedef struct { const char *name[3]; int level; size_t end; } ck_item;  /* 0 类, 1 款, 2 项 */

static const char *const MARK[3] = {"(类)", "(款)", "(项)"};
#define MARKLEN 5   /* "(" + 3 bytes + ")" */

static int mark_at(const fx_doc *d, size_t x)
{
    if (x + MARKLEN > d->len) return -1;
    for (int k = 0; k < 3; k++) if (!memcmp(d->text + x, MARK[k], MARKLEN)) return k;
    return -1;
}

/* a separator ends a name going back: punctuation, an opening or a non-marker closing bracket */
static bool name_stop(const fx_doc *d, size_t x)
{
    char ch = d->text[x - 1];
    if (ch == '\n' || ch == ',' || ch == ':' || ch == ';' || ch == '(' || ch == ')' || ch == ' ' || ch == '\t')
        return true;
    if (x >= 3 && (ck_starts(d->text + x - 3, "。") || ck_starts(d->text + x - 3, "、"))) return true;
    return false;
}

/* a leading "1." or "12." (the list ordinal; "1、" and "(一)" end at a separator already) */
static size_t skip_num(const fx_doc *d, size_t a, size_t b)
{
    size_t x = a;
    while (x < b && d->text[x] >= '0' && d->text[x] <= '9') x++;
    if (x > a && x < b && d->text[x] == '.') return x + 1;
    return a;
}

/* the markers before x on its line: the last one, and the higher levels glued before it */
static bool item_before(ck_ctx *c, size_t x, ck_item *it)
{
    fx_doc *d = c->d;
    size_t ls = ck_line_start(d, x);
    memset(it, 0, sizeof *it);
    size_t m = (size_t)-1;
    int lv = -1;
    /* markers starting before lim; each opens with '(': jump from one to the next */
    size_t lim = x >= MARKLEN ? x - MARKLEN + 1 : 0;
    for (size_t i = ls; i < lim; i++) {
        const char *q = memchr(d->text + i, '(', lim - i);
        if (!q) break;
        i = (size_t)(q - d->text);
        int k = mark_at(d, i);
        if (k >= 0) { m = i; lv = k; }
    }
    if (lv < 0) return false;
    it->level = lv;
    it->end = m + MARKLEN;
    int want = lv;
    for (;;) {
        size_t a = m;
        for (;;) {
            while (a > ls && !name_stop(d, a)) a--;
            /* a bracket inside a name (政府办公厅(室)及相关机构事务): after a name character */
            if (a <= ls || d->text[a - 1] != ')' || (a >= ls + MARKLEN && mark_at(d, a - MARKLEN) >= 0)) break;
            size_t o = a - 1, floor = a > ls + 16 ? a - 16 : ls;
            while (o > floor && d->text[o - 1] != '(') o--;
            if (o <= floor || o - 1 <= ls || name_stop(d, o - 1)) break;
            a = o - 1;
        }
        /* a closing bracket that ends a marker of the level above: the name stops there */
        size_t s = skip_num(d, a, m);
        if (s >= m) return false;
        it->name[want] = fx_strndup(&d->arena, d->text + s, m - s);
        if (want == 0 || a < ls + MARKLEN || a - MARKLEN < ls) break;
        int k = mark_at(d, a - MARKLEN);
        if (k < 0 || k >= want) break;
        want = k;
        m = a - MARKLEN;
    }
    return true;
}

static bool names_match(const char *text, const char *row)
{
    if (!text || !row || !*text || !*row) return false;
    if (ck_name_is(row, text, CM_EXACT)) return true;
    /* 一般公共服务(类) for the row 一般公共服务支出 */
    size_t nt = strlen(text), nr = strlen(row);
    return nr == nt + strlen("支出") && !strncmp(row, text, nt) && !strcmp(row + nt, "支出");
}

/* the column holding an item's whole figure: 小计/合计/本年支出合计/决算数…, not a part */
static const char *whole_col(const ck_table *t)
{
    static const char *const PREF[] = {"小计", "本年支出合计", "支出合计", "合计", "本年支出", "决算数", "预算数",
                                       "金额", NULL};
    const fx_val *cols = fx_get(t->t, "columns");
    for (int p = 0; PREF[p]; p++)
        for (const fx_kv *kv = cols && cols->k == FXV_LIST ? cols->head : NULL; kv; kv = kv->next) {
            const char *n = kv->v.k == FXV_STR ? kv->v.s : NULL;
            if (!n || strstr(n, "基本支出") || strstr(n, "项目支出") || strstr(n, "其中") || strstr(n, "年初") ||
                strstr(n, "年末") || strstr(n, "结转") || strstr(n, "上年"))
                continue;
            const char *seg = strrchr(n, '/');
            seg = seg ? seg + 1 : n;
            if (ck_name_is(seg, PREF[p], CM_EXACT)) return n;
        }
    return NULL;
}

static const fx_rec *code_row(ck_ctx *c, const ck_table *t, const char *code)
{
    for (size_t i = 0; i < t->n; i++) {
        const char *k = fx_get_str(t->rows[i], "code");
        if (k && !strcmp(k, code)) return t->rows[i];
    }
    (void)c;
    return NULL;
}

/* the code row of an item: its name at its level, its parents' names where the text gives them */
static const fx_rec *item_row(ck_ctx *c, const ck_table *t, const ck_item *it, int *nfound)
{
    static const size_t LEN[3] = {3, 5, 7};
    const fx_rec *hit = NULL;
    *nfound = 0;
    for (size_t i = 0; i < t->n; i++) {
        const char *code = fx_get_str(t->rows[i], "code");
        if (!code || strlen(code) != LEN[it->level]) continue;
        if (!names_match(it->name[it->level], ck_rowname(c->d, t->rows[i]))) continue;
        bool ok = true;
        for (int up = 0; up < it->level && ok; up++) {
            if (!it->name[up]) continue;
            char pc[8];
            memcpy(pc, code, LEN[up]);
            pc[LEN[up]] = 0;
            const fx_rec *p = code_row(c, t, pc);
            ok = p && names_match(it->name[up], ck_rowname(c->d, p));
        }
        if (!ok) continue;
        if (hit != t->rows[i]) (*nfound)++;
        hit = t->rows[i];
    }
    return hit;
}

/* which table the item's figure is in: the fund the section is about */
static ck_table *item_table(ck_ctx *c, const char *path)
{
    ck_table *t = NULL;
    if (strstr(path, "政府性基金")) t = ck_first(c, CK_GOVFUND);
    else if (strstr(path, "国有资本经营")) t = ck_first(c, CK_SOE);
    else if (strstr(path, "一般公共预算") || strstr(path, "财政拨款")) t = ck_first(c, CK_GPB);
    else {
        t = ck_first(c, CK_GPB);
        if (!t) t = ck_first(c, CK_EXPENSE);
    }
    return t && !fx_get_int(t->t, "empty", 0) ? t : NULL;
}

static void codes(ck_ctx *c)
{
    fx_doc *d = c->d;
    bool budget_doc = doc_is_budget(d);
    int done = 0;
    for (size_t i = 0; i < c->namounts; i++) {
        const fx_rec *a = c->amounts[i];
        ck_item it;
        if (!item_before(c, a->cstart, &it)) continue;
        ck_fig af = ck_amount_fig(a);
        if (af.pow < 0 || !af.v.ok) continue;
        /* the item's own figure: right after the markers, or named 决算 (预算 in a 预算 report) */
        const char *cl = ck_clause_before(d, a->cstart);
        bool glued = a->cstart - it.end <= 4 || ck_span_has(d, it.end, a->cstart, "(项)为") ||
                     ck_starts(cl, "为");
        bool own = budget_doc ? !ck_span_has(d, it.end, a->cstart, "上年") : !ck_budget_clause(cl) && strstr(cl, "决算");
        if (!glued && !own) continue;
        if (other_figure(c, a, it.end)) continue;
        if (budget_doc && ck_sg_which(cl, d->year) < 0) continue;
        ck_table *t = item_table(c, section_path(c, a));
        if (!t) continue;
        if (++done > MAX_ITEMS) break;
        const char *col = whole_col(t);
        int n = 0;
        const fx_rec *row = item_row(c, t, &it, &n);
        static const char *const LV[3] = {"类", "款", "项"};
        const char *what = fx_sprintf(&d->arena, "%s%s%s%s%s(%s)", it.name[0] && it.level > 0 ? it.name[0] : "",
                                      it.name[0] && it.level > 0 ? "/" : "", it.name[1] && it.level > 1 ? it.name[1] : "",
                                      it.name[1] && it.level > 1 ? "/" : "", it.name[it.level], LV[it.level]);
        af.name = fx_sprintf(&d->arena, "text %s", what);
        const char *where = fx_sprintf(&d->arena, "%s in the text vs %s", what, t->label);
        if (n != 1 || !col) {
            const fx_rec *refs[2] = {a, t->t};
            ck_emit(c, "text.table", "skip", FX_DEC_BAD, af.v, FX_DEC_BAD, refs, 2, "%s: %s", where,
                    !col ? "the table's total column is not found"
                    : n ? "more than one row has this name" : "no code row of this name under these names");
            continue;
        }
        ck_fig tf = ck_cellfig(t, row, col);
        tf.name = fx_sprintf(&d->arena, "%s %s %s %s", t->label, fx_get_str(row, "code"), ck_rowname(d, row), col);
        ck_same(c, "text.table", where, af, tf);
    }
}

/* ---- 三公 ---- */

static const struct { const char *kw; ck_sg_item item; } SGW[] = {
    {"公务用车购置及运行维护费", SG_VEHICLE}, {"公务用车购置及运行费", SG_VEHICLE}, {"公务用车购置费", SG_BUY},
    {"公务用车运行维护费", SG_RUN}, {"公务用车运行费", SG_RUN}, {"因公出国", SG_ABROAD}, {"公务接待", SG_RECEPTION},
    {"三公", SG_TOTAL}, {"会议费", SG_MEETING}, {"培训费", SG_TRAINING},
};

static const char *const SG_NAME[] = {"", "三公经费合计", "因公出国(境)费", "公务用车购置及运行维护费", "公务用车购置费",
                                      "公务用车运行维护费", "公务接待费", "会议费", "培训费"};

/* the last item word between from and x */
static ck_sg_item sg_word(const fx_doc *d, size_t from, size_t x)
{
    ck_sg_item last = SG_NONE;
    /* the first two bytes an item word can start with (the second by its 6 low bits): the
     * words are compared only where both fit */
    uint64_t first[4] = {0, 0, 0, 0}, second = 0;
    for (size_t k = 0; k < sizeof SGW / sizeof SGW[0]; k++) {
        unsigned char f = (unsigned char)SGW[k].kw[0];
        first[f >> 6] |= 1ULL << (f & 63);
        second |= 1ULL << (SGW[k].kw[1] & 63);
    }
    for (size_t i = from; i < x; i++) {
        unsigned char ch = (unsigned char)d->text[i];
        if (!((first[ch >> 6] >> (ch & 63)) & (second >> (d->text[i + 1] & 63)) & 1)) continue;
        for (size_t k = 0; k < sizeof SGW / sizeof SGW[0]; k++) {
            size_t n = strlen(SGW[k].kw);
            if (i + n <= x && !memcmp(d->text + i, SGW[k].kw, n)) { last = SGW[k].item; i += n - 1; break; }
        }
    }
    return last;
}

/* the table cell of an item and figure (1 budget, 2 actual): items in columns or rows, 预算数/决算数
 * in rows or columns; a table that does not say which is the report's own figure */
static int sg_cells(ck_ctx *c, const ck_table *t, ck_sg_item item, int which, ck_fig *out)
{
    fx_doc *d = c->d;
    int own = doc_is_budget(d) ? 1 : 2, n = 0;
    const fx_val *cols = fx_get(t->t, "columns");
    for (size_t i = 0; i < t->n; i++) {
        const fx_rec *row = t->rows[i];
        const char *kind = fx_get_str(row, "kind");
        if (kind && !strcmp(kind, "header")) continue;
        const char *rn = ck_rowname(d, row);
        ck_sg_item ri = ck_sg_item_of(rn);
        int rw = ck_sg_which(rn, d->year);
        for (const fx_kv *kv = cols && cols->k == FXV_LIST ? cols->head : NULL; kv; kv = kv->next) {
            const char *col = kv->v.k == FXV_STR ? kv->v.s : NULL;
            if (!col || !ck_moneycol(col) || ck_name_is(col, "项目", CM_EXACT)) continue;
            ck_sg_item ci = ck_sg_item_of(col);
            int cw = ck_sg_which(col, d->year);
            ck_sg_item got = ci != SG_NONE ? ci : ri;
            int w = cw ? cw : rw;
            if (cw && rw && cw != rw) continue;
            if (!w) w = own;
            if (got != item || w != which) continue;
            if (n < 4) {
                out[n] = ck_cellfig(t, row, col);
                out[n].name = fx_sprintf(&d->arena, "%s %s%s%s", t->label, *rn ? rn : "", *rn ? " " : "", col);
            }
            n++;
        }
    }
    return n;
}

static void sangong_text(ck_ctx *c)
{
    fx_doc *d = c->d;
    ck_table *t = ck_first(c, CK_SANGONG);
    if (!t || fx_get_int(t->t, "empty", 0)) return;
    int done = 0;
    for (size_t i = 0; i < c->namounts; i++) {
        const fx_rec *a = c->amounts[i];
        const char *path = section_path(c, a);
        if (!strstr(path, "三公") && !strstr(path, "会议费") && !strstr(path, "培训费")) continue;
        size_t ss = ck_sentence_start(d, a->cstart);
        ck_sg_item item = sg_word(d, ss, a->cstart);
        if (item == SG_NONE || other_figure(c, a, ss)) continue;
        ck_fig af = ck_amount_fig(a);
        if (af.pow < 0 || !af.v.ok) continue;
        const char *cl = ck_clause_before(d, a->cstart);
        int which = ck_sg_which(cl, d->year);
        if (which < 0) continue;
        if (!which) which = doc_is_budget(d) ? 1 : 2;
        /* 完成预算的 / 预算执行: a 决算 sentence names the budget only as the base */
        if (++done > MAX_ITEMS) break;
        ck_fig cells[4];
        int n = sg_cells(c, t, item, which, cells);
        if (!n) continue;   /* the table does not list this item (会议费 in a 三公-only table) */
        const char *what = fx_sprintf(&d->arena, "%s %s", SG_NAME[item], which == 1 ? "预算数" : "决算数");
        af.name = fx_sprintf(&d->arena, "text %s", what);
        const char *where = fx_sprintf(&d->arena, "%s in the text vs %s", what, t->label);
        bool same = n <= 4;
        for (int k = 1; k < n && k < 4 && same; k++)
            same = cells[k].v.ok && cells[0].v.ok && !fx_dec_cmp(cells[k].v, cells[0].v);
        if (!same) {
            const fx_rec *refs[2] = {a, t->t};
            ck_emit(c, "text.table", "skip", FX_DEC_BAD, af.v, FX_DEC_BAD, refs, 2,
                    "%s: %d cells of the table could hold it", where, n);
            continue;
        }
        ck_same(c, "text.table", where, af, cells[0]);
    }
}

/* ---- 人员经费 / 公用经费 ---- */

/* a label that names the whole 人员经费 (0) or 公用经费 (1), else -1 */
static int funds_kind(const char *label)
{
    if (!label || strstr(label, "日常") || strstr(label, "机关运行") || strstr(label, "机构运行")) return -1;
    char b[256];
    size_t o = 0;
    for (const char *p = label; *p && o + 1 < sizeof b; p++) if (*p != ' ') b[o++] = *p;
    b[o] = 0;
    static const char *const TAIL[] = {"为", "是", "决算数", "决算", "支出", "合计", NULL};
    for (bool cut = true; cut;) {
        cut = false;
        for (int i = 0; TAIL[i]; i++) {
            size_t n = strlen(TAIL[i]);
            if (o >= n && !strcmp(b + o - n, TAIL[i])) { o -= n; b[o] = 0; cut = true; }
        }
    }
    static const char *const K[2] = {"人员经费", "公用经费"};
    for (int k = 0; k < 2; k++) {
        size_t n = strlen(K[k]);
        if (o >= n && !strcmp(b + o - n, K[k])) {
            /* only an ordinal or the 基本支出 it is of may come before */
            const char *pre = b;
            size_t np = o - n;
            if (!np || (pre[np - 1] == ')') || (np >= 3 && ck_starts(pre + np - 3, "、")) ||
                (np >= 3 && ck_starts(pre + np - 3, "中")) || (np >= 6 && ck_starts(pre + np - 6, "其中")))
                return k;
        }
    }
    return -1;
}

/* the 基本支出 table's 人员经费合计 / 公用经费合计: a column of that name (total row), or a cell of
 * that name followed by its figure */
static bool funds_fig(ck_ctx *c, const ck_table *t, int k, ck_fig *out)
{
    static const char *const K[2] = {"人员经费", "公用经费"};
    const char *col = ck_col(t, K[k], CM_HAS);
    if (col) {
        for (size_t i = 0; i < t->n; i++) {
            const char *n = ck_rowname(c->d, t->rows[i]);
            if (!fx_get_str(t->rows[i], "code") && (!strcmp(n, "合计") || !strcmp(n, "总计"))) {
                *out = ck_cellfig(t, t->rows[i], col);
                out->name = fx_sprintf(&c->d->arena, "%s 合计 %s", t->label, col);
                return true;
            }
        }
        return false;
    }
    for (size_t i = 0; i < t->n; i++) {
        const fx_val *cells = fx_get(t->rows[i], "cells");
        int pos = 0, want = -1;
        for (const fx_kv *kv = cells && cells->k == FXV_LIST ? cells->head : NULL; kv; kv = kv->next, pos++) {
            const char *s = kv->v.k == FXV_STR ? kv->v.s : "";
            while (*s == ' ') s++;
            size_t n = strlen(s);
            while (n && s[n - 1] == ' ') n--;
            if (want < 0) {
                if (strstr(s, K[k]) && !strstr(s, "日常")) want = pos;
                continue;
            }
            if (!n && pos < want + 2) continue;
            fx_dec v = n ? fx_dec_parse(s, n) : fx_dec_from_int(0);
            if (!v.ok) return false;
            if (ck_unplaced(t->rows[i])) return false;
            *out = (ck_fig){v, n && !fx_dec_is_zero(v) ? ck_half(t->scale) : fx_dec_from_int(0), t->rows[i],
                            fx_sprintf(&c->d->arena, "%s %s合计", t->label, K[k]), t->pow};
            return true;
        }
        if (want >= 0) {   /* the name with nothing after it: an empty figure */
            *out = (ck_fig){fx_dec_from_int(0), fx_dec_from_int(0), t->rows[i],
                            fx_sprintf(&c->d->arena, "%s %s合计", t->label, K[k]), t->pow};
            return true;
        }
    }
    return false;
}

static void funds_text(ck_ctx *c)
{
    fx_doc *d = c->d;
    ck_table *t = ck_first(c, CK_BASIC);
    if (!t || fx_get_int(t->t, "empty", 0)) return;
    bool budget_doc = doc_is_budget(d);
    int looked[2] = {0, 0};   /* 0 not yet, 1 found, -1 not in the table */
    ck_fig found[2];
    int done = 0;
    for (size_t i = 0; i < c->namounts; i++) {
        const fx_rec *a = c->amounts[i];
        const char *cl = ck_clause_before(d, a->cstart);
        int k = funds_kind(fx_get_str(a, "label"));
        if (k < 0) k = funds_kind(cl);
        if (k < 0) continue;
        size_t ss = ck_sentence_start(d, a->cstart);
        const char *path = section_path(c, a);
        if (!strstr(path, "基本支出") && !ck_span_has(d, ck_line_start(d, a->cstart), a->cstart, "基本支出")) continue;
        if (other_figure(c, a, ss) || (!budget_doc && ck_budget_clause(cl))) continue;
        ck_fig af = ck_amount_fig(a);
        if (af.pow < 0 || !af.v.ok) continue;
        if (++done > MAX_ITEMS) break;
        if (!looked[k]) looked[k] = funds_fig(c, t, k, &found[k]) ? 1 : -1;
        af.name = k ? "text 公用经费" : "text 人员经费";
        const char *where = fx_sprintf(&d->arena, "%s in the text vs %s", k ? "公用经费" : "人员经费", t->label);
        if (looked[k] < 0) {
            const fx_rec *refs[2] = {a, t->t};
            ck_emit(c, "text.table", "skip", FX_DEC_BAD, af.v, FX_DEC_BAD, refs, 2,
                    "%s: the table's %s合计 is not found", where, k ? "公用经费" : "人员经费");
            continue;
        }
        ck_same(c, "text.table", where, af, found[k]);
    }
}

void fx_check_text_items(ck_ctx *c)
{
    if (!c->d->text) return;
    codes(c);
    sangong_text(c);
    funds_text(c);
}

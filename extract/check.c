/* check: the consistency checks (勾稽) run last on a document's records. This file holds the
 * rule registry, groups the records the rules read, and writes check records; the rules
 * live in check_table.c, check_summary.c, check_across.c, check_text.c and check_perf.c. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const fx_rule FX_RULES[] = {
    {"table.row_sum", "a 合计/小计 column equals the sum of its component columns, per row"},
    {"table.total_row", "a 合计 row equals the sum of the top-level (类) code rows, per column"},
    {"table.code_sum", "a code row equals the sum of its child code rows (类=Σ款, 款=Σ项, 301=Σ301xx)"},
    {"summary.income_total", "总表: 本年收入合计 equals the sum of the income items"},
    {"summary.expense_total", "总表: 本年支出合计 equals the sum of the expenditure items"},
    {"summary.income_grand", "总表: 收入总计 equals 本年收入合计 plus 使用结余 and 年初结转和结余"},
    {"summary.expense_grand", "总表: 支出总计 equals 本年支出合计 plus 结余分配 and 年末结转和结余"},
    {"summary.balance", "总表: 收入总计 equals 支出总计"},
    {"fiscal.carryover", "财政拨款总表, per fund: 年末结转和结余 = 年初 + 收入 − 支出"},
    {"fund.carryover", "政府性基金 table, per row: 年末结转和结余 = 年初 + 本年收入 − 本年支出"},
    {"basic.personnel", "基本支出表: 人员经费合计 = 301 + 303"},
    {"basic.public", "基本支出表: 公用经费合计 = 302 + 307 + 310 + 399 (those listed)"},
    {"sangong.total", "三公 table (items as columns or rows): 合计 = 因公出国(境)费 + 公务用车购置及运行维护费 + 公务接待费"},
    {"sangong.vehicle", "三公 table: 公务用车购置及运行维护费 = 购置费 + 运行维护费"},
    {"across.income", "总表 本年收入合计 equals 收入决算表 合计"},
    {"across.expense", "总表 本年支出合计 equals 支出决算表 合计"},
    {"across.fiscal_income", "收入决算表 财政拨款收入 equals 财政拨款总表 本年收入合计; 总表 fund income lines equal 财政拨款总表's"},
    {"across.gpb", "财政拨款总表 一般公共预算 column equals 一般公共预算财政拨款支出表 (total and 类)"},
    {"across.basic", "一般公共预算支出表 基本支出 equals 基本支出表 人员经费 + 公用经费"},
    {"across.gov_fund", "财政拨款总表 政府性基金 column equals the 政府性基金 table total"},
    {"across.soe", "财政拨款总表 国有资本经营 column equals the 国有资本经营 table total"},
    {"across.empty", "a table declared empty has no money for its fund elsewhere"},
    {"text.share", "a share (…万元，占P%) against the total it is a share of"},
    {"text.change", "a change (增加A万元，增长P%) against its amount and base"},
    {"text.completion", "a completion ratio (完成年初预算的P%) against its two amounts"},
    {"text.direction", "the direction word (增加/减少, 大于/小于/持平) against the stated figures"},
    {"text.parts", "parts listed as complete (shares of 100%, 包括:, a known partition after 其中) add up to their total"},
    {"text.table", "a prose amount against the table cell of the same item (totals, 类/款/项, 三公, 人员/公用经费)"},
    {"text.year", "the years the figures claim to be for against the report's year"},
    {"perf.weight_sum", "绩效 table: the 分值 listed add up to 总分"},
    {"perf.score_sum", "绩效 table: the 得分 listed add up to the stated total 得分"},
    {"perf.rate", "绩效 table: 执行率 = 全年执行数 / 全年预算数"},
    {NULL, NULL},
};

const fx_rule *fx_rule_find(const char *name)
{
    for (const fx_rule *r = FX_RULES; r->name; r++)
        if (!strcmp(r->name, name)) return r;
    return NULL;
}

/* ---- decimals ---- */

fx_dec ck_half(int scale)
{
    if (scale < 0) scale = 0;
    if (scale > 17) scale = 17;
    return (fx_dec){5, (int8_t)(scale + 1), true};
}

fx_dec ck_dec(const char *s)
{
    if (!s) return FX_DEC_BAD;
    return fx_dec_parse(s, strlen(s));
}

fx_dec ck_trim(fx_dec v, int min_scale)
{
    if (!v.ok) return v;
    while (v.scale > min_scale && v.m % 10 == 0) { v.m /= 10; v.scale--; }
    return v;
}

const char *ck_str(fx_doc *d, fx_dec v)
{
    char b[48];
    if (!v.ok) return "?";
    return fx_strdup(&d->arena, fx_dec_format(ck_trim(v, 0), b));
}

bool ck_within(fx_dec expected, fx_dec actual, fx_dec tol)
{
    fx_dec diff = fx_dec_abs(fx_dec_sub(actual, expected));
    if (!diff.ok || !tol.ok) return false;
    return fx_dec_cmp(diff, tol) <= 0;
}

/* ---- names ---- */

static size_t skip_spaces_copy(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (; *s && o + 1 < cap; s++)
        if (*s != ' ' && *s != '\t') out[o++] = *s;
    out[o] = 0;
    return o;
}

bool ck_name_is(const char *name, const char *kw, ck_cm mode)
{
    if (!name || !kw) return false;
    /* names without spaces (most of them) are compared where they are, not copied first */
    size_t na0 = strcspn(name, " \t"), nk0 = strcspn(kw, " \t");
    if (!name[na0] && !kw[nk0] && na0 < 512 && nk0 < 256) {
        switch (mode) {
        case CM_EXACT: return na0 == nk0 && !memcmp(name, kw, na0);
        case CM_SUFFIX: return na0 >= nk0 && !memcmp(name + na0 - nk0, kw, nk0);
        case CM_HAS: return strstr(name, kw) != NULL;
        }
        return false;
    }
    char a[512], k[256];
    size_t na = skip_spaces_copy(name, a, sizeof a), nk = skip_spaces_copy(kw, k, sizeof k);
    switch (mode) {
    case CM_EXACT: return !strcmp(a, k);
    case CM_SUFFIX: return na >= nk && !strcmp(a + na - nk, k);
    case CM_HAS: return strstr(a, k) != NULL;
    }
    return false;
}

const char *ck_col(const ck_table *t, const char *kw, ck_cm mode)
{
    const fx_val *cols = fx_get(t->t, "columns");
    if (!cols || cols->k != FXV_LIST) return NULL;
    for (const fx_kv *kv = cols->head; kv; kv = kv->next)
        if (kv->v.k == FXV_STR && ck_name_is(kv->v.s, kw, mode)) return kv->v.s;
    return NULL;
}

bool ck_unplaced(const fx_rec *row)
{
    const fx_val *u = row ? fx_get(row, "unplaced") : NULL;
    return u && u->k == FXV_LIST && u->n > 0;
}

fx_dec ck_cell(const fx_rec *row, const char *col)
{
    if (!col || !row || ck_unplaced(row)) return FX_DEC_BAD;
    const fx_val *vals = fx_get(row, "values");
    const fx_val *v = fx_obj_get(vals, col);
    /* rows of side-by-side tables key their values without the side's header
     * (支出/合计 -> 合计): try the name below each '/' level */
    for (const char *p = col; (!v || v->k != FXV_STR) && (p = strchr(p, '/')) != NULL;) {
        p++;
        v = fx_obj_get(vals, p);
    }
    if (!v || v->k != FXV_STR) return FX_DEC_BAD;
    return ck_dec(v->s);
}

int ck_nvalues(const fx_rec *row)
{
    const fx_val *vals = fx_get(row, "values");
    return vals && vals->k == FXV_OBJ ? (int)vals->n : 0;
}

ck_fig ck_cellfig(const ck_table *t, const fx_rec *row, const char *col)
{
    ck_fig f = {FX_DEC_BAD, {0, 0, true}, row, col, t->pow};
    if (!col || !row) return f;
    f.v = ck_cell(row, col);
    if (ck_unplaced(row)) return f;   /* numbers the table stage could not place: unknown */
    if (f.v.ok) {
        if (!fx_dec_is_zero(f.v)) f.half = ck_half(t->scale);
    } else {
        f.v = fx_dec_from_int(0);   /* empty cell of an existing column: nothing there */
    }
    return f;
}

/* skip a leading ordinal: 一、 (一) 1. 1、 ① */
static const char *skip_ordinal(const char *s)
{
    static const char *const CN[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", NULL};
    const char *p = s;
    bool paren = false;
    if (*p == '(') { paren = true; p++; }
    const char *q = p;
    for (;;) {
        if (*q >= '0' && *q <= '9') { q++; continue; }
        bool hit = false;
        for (int i = 0; CN[i]; i++)
            if (ck_starts(q, CN[i])) { q += strlen(CN[i]); hit = true; break; }
        if (!hit) break;
    }
    if (q == p) return s;
    if (paren && *q == ')') return q + 1;
    if (!paren && ck_starts(q, "、")) return q + 3;
    if (!paren && *q == '.') return q + 1;
    return s;
}

const char *ck_rowname(fx_doc *d, const fx_rec *row)
{
    const char *n = fx_get_str(row, "name");
    if (!n) return "";
    char tmp[512];
    skip_spaces_copy(n, tmp, sizeof tmp);
    return fx_strdup(&d->arena, skip_ordinal(tmp));
}

bool ck_moneycol(const char *name)
{
    static const char *const NOT[] = {"行次", "栏次", "序号", "代码", "编码", "编号", NULL};
    for (int i = 0; NOT[i]; i++) if (ck_name_is(name, NOT[i], CM_HAS)) return false;
    return true;
}

int ck_moneycols(const fx_rec *row, const char **out, int max)
{
    const fx_val *vals = fx_get(row, "values");
    int n = 0;
    if (!vals || vals->k != FXV_OBJ) return 0;
    for (const fx_kv *kv = vals->head; kv && n < max; kv = kv->next)
        if (kv->key && ck_moneycol(kv->key)) out[n++] = kv->key;
    return n;
}

int ck_unit_pow(const char *u)
{
    if (!u) return -1;
    if (strstr(u, "亿元")) return 8;
    if (strstr(u, "万元")) return 4;
    if (strstr(u, "千元")) return 3;
    if (strstr(u, "元")) return 0;
    return -1;
}

int ck_table_pow(ck_ctx *c, const ck_table *t)
{
    int p = ck_unit_pow(fx_get_str(t->t, "unit"));
    if (p < 0) p = ck_unit_pow(c->d->unit);
    return p < 0 ? 0 : p;
}

static ck_fig to_pow(ck_fig f, int pow)
{
    if (f.pow < 0 || pow < 0 || f.pow == pow) return f;
    f.v = fx_dec_shift(f.v, f.pow - pow);
    f.half = fx_dec_shift(f.half, f.pow - pow);
    f.pow = pow;
    return f;
}

const char *ck_same(ck_ctx *c, const char *rule, const char *where, ck_fig a, ck_fig b)
{
    fx_doc *d = c->d;
    const fx_rec *refs[2] = {a.ref, b.ref};
    if (!a.v.ok || !b.v.ok) {
        ck_emit(c, rule, "skip", b.v, a.v, FX_DEC_BAD, refs, 2, "%s: %s not found", where,
                !a.v.ok ? (a.name ? a.name : "the stated figure") : (b.name ? b.name : "the other figure"));
        return "skip";
    }
    int pow = a.pow == b.pow ? a.pow : 0;
    a = to_pow(a, pow);
    b = to_pow(b, pow);
    fx_dec tol = fx_dec_cmp(a.half, b.half) >= 0 ? a.half : b.half;
    bool ok = ck_within(b.v, a.v, tol);
    const char *unit = pow == 4 ? "万元" : pow == 8 ? "亿元" : pow == 3 ? "千元" : pow == 0 ? "元" : "";
    ck_emit(c, rule, ok ? "pass" : "fail", b.v, a.v, tol, refs, 2,
            "%s: %s %s%s vs %s %s%s; difference %s %s tolerance %s", where,
            a.name ? a.name : "", ck_str(d, a.v), unit, b.name ? b.name : "", ck_str(d, b.v), unit,
            ck_str(d, fx_dec_sub(a.v, b.v)), ok ? "within" : "over", ck_str(d, tol));
    return ok ? "pass" : "fail";
}

/* ---- sums ---- */

void ck_sum_init(ck_sum *s)
{
    memset(s, 0, sizeof *s);
    s->v = fx_dec_from_int(0);
    s->tol = fx_dec_from_int(0);
    s->ok = true;
}

void ck_addref(ck_sum *s, const fx_rec *r)
{
    if (!r) return;
    for (int i = 0; i < s->nrefs; i++) if (s->refs[i] == r) return;
    if (s->nrefs < (int)(sizeof s->refs / sizeof s->refs[0])) s->refs[s->nrefs++] = r;
}

void ck_sum_add(ck_sum *s, ck_fig f, int sign)
{
    if (!f.v.ok) { s->ok = false; return; }
    s->v = fx_dec_add(s->v, sign < 0 ? fx_dec_neg(f.v) : f.v);
    s->tol = fx_dec_add(s->tol, f.half);
    if (!s->v.ok || !s->tol.ok) s->ok = false;
    s->n++;
    ck_addref(s, f.ref);
    char b[48];
    if (s->text.n) fx_buf_puts(&s->text, sign < 0 ? " − " : " + ");
    else if (sign < 0) fx_buf_puts(&s->text, "− ");
    /* "<name> <figure>", without printf: a table's sums add thousands of parts */
    fx_buf_puts(&s->text, f.name ? f.name : "");
    fx_buf_putc(&s->text, ' ');
    fx_buf_puts(&s->text, fx_dec_format(ck_trim(f.v, 0), b));
}

void ck_sum_free(ck_sum *s) { fx_buf_free(&s->text); }

/* ---- records ---- */

/* The messages use %s, %d and %% only: formatted here, they cost a copy of their text, where
 * vsnprintf costs a multiple of it. Same bytes as vsnprintf(out, cap, …), truncation included;
 * any other directive returns false and vsnprintf does it. */
static bool format_simple(char *out, size_t cap, const char *fmt, va_list ap)
{
    for (const char *f = fmt; (f = strchr(f, '%')) != NULL; f += 2)
        if (f[1] != 's' && f[1] != 'd' && f[1] != '%') return false;
    size_t o = 0;
    for (const char *f = fmt; *f; f++) {
        char num[16];
        const char *s;
        size_t n;
        if (*f != '%') { s = f; n = strcspn(f, "%"); f += n - 1; }
        else if (*++f == '%') { s = "%"; n = 1; }
        else if (*f == 's') { s = va_arg(ap, const char *); if (!s) s = "(null)"; n = strlen(s); }
        else {
            int v = va_arg(ap, int);
            unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
            size_t k = sizeof num;
            do num[--k] = (char)('0' + u % 10); while (u /= 10);
            if (v < 0) num[--k] = '-';
            s = num + k; n = sizeof num - k;
        }
        if (o + 1 < cap) {
            size_t room = cap - 1 - o;
            memcpy(out + o, s, n < room ? n : room);
        }
        o += n;
    }
    out[o < cap ? o : cap - 1] = 0;
    return true;
}

fx_rec *ck_emit(ck_ctx *c, const char *rule, const char *status, fx_dec expected, fx_dec actual,
                fx_dec tol, const fx_rec *const *refs, int nrefs, const char *fmt, ...)
{
    fx_doc *d = c->d;
    fx_rec *r = fx_rec_new(d, "check", FX_NOSPAN, FX_NOSPAN);
    fx_set_str(d, r, "rule", rule);
    fx_set_str(d, r, "status", status);
    fx_set_dec(d, r, "expected", ck_trim(expected, 0));
    fx_set_dec(d, r, "actual", ck_trim(actual, 0));
    fx_set_dec(d, r, "tolerance", ck_trim(tol, 0));
    fx_val *l = fx_set_list(d, r, "refs");
    for (int i = 0; i < nrefs; i++)
        if (refs[i] && refs[i]->id) fx_list_add_str(d, l, refs[i]->id);
    char msg[1024];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    if (!format_simple(msg, sizeof msg, fmt, ap)) vsnprintf(msg, sizeof msg, fmt, ap2);
    va_end(ap2);
    va_end(ap);
    fx_set_str(d, r, "message", msg);
    return r;
}

const char *ck_sum_check(ck_ctx *c, const char *rule, const char *where, ck_fig total, ck_sum *s)
{
    fx_doc *d = c->d;
    const fx_rec *refs[50];
    int n = 0;
    if (total.ref) refs[n++] = total.ref;
    for (int i = 0; i < s->nrefs && n < 50; i++) if (s->refs[i] != total.ref) refs[n++] = s->refs[i];
    const char *parts = s->text.n ? fx_strndup(&d->arena, s->text.p, s->text.n) : "(nothing)";
    if (!total.v.ok || !s->ok) {
        const fx_rec *loose = NULL;
        for (int i = 0; i < n && !loose; i++) if (ck_unplaced(refs[i])) loose = refs[i];
        ck_emit(c, rule, "skip", s->ok ? s->v : FX_DEC_BAD, total.v, FX_DEC_BAD, refs, n,
                "%s: %s cannot be evaluated (%s%s)", where, total.name ? total.name : "total",
                loose ? "the numbers of row " : !total.v.ok ? "the total is not there" : "a part is not a number",
                loose ? fx_sprintf(&d->arena, "%s are not placed in columns", loose->id) : "");
        return "skip";
    }
    fx_dec tol = s->tol;
    bool ok = ck_within(s->v, total.v, tol);
    fx_dec diff = fx_dec_sub(total.v, s->v);
    ck_emit(c, rule, ok ? "pass" : "fail", s->v, total.v, tol, refs, n,
            "%s: %s %s vs %s = %s; difference %s %s tolerance %s (%d rounded part%s × half a unit)",
            where, total.name ? total.name : "total", ck_str(d, total.v), parts, ck_str(d, s->v),
            ck_str(d, diff), ok ? "within" : "over", ck_str(d, tol), s->n == 1 ? 1 : s->n,
            s->n == 1 ? "" : "s");
    return ok ? "pass" : "fail";
}

ck_fig ck_yuan(ck_fig f)
{
    if (f.pow <= 0) return f;
    f.v = fx_dec_shift(f.v, f.pow);
    f.half = fx_dec_shift(f.half, f.pow);
    f.pow = 0;
    return f;
}

/* ---- ratios: stated percent against num/den, with the rounding of all three ---- */

static fx_dec max_dec(fx_dec a, fx_dec b) { return fx_dec_cmp(a, b) >= 0 ? a : b; }

const char *ck_ratio(ck_ctx *c, const char *rule, const char *where, ck_fig num, ck_fig den,
                         ck_fig pct, const fx_rec *const *refs, int nrefs)
{
    fx_doc *d = c->d;
    if (!num.v.ok || !den.v.ok || !pct.v.ok) {
        ck_emit(c, rule, "skip", FX_DEC_BAD, pct.v, FX_DEC_BAD, refs, nrefs,
                "%s: a figure is not a number", where);
        return "skip";
    }
    if (num.pow >= 0 && den.pow >= 0 && num.pow != den.pow) { num = ck_yuan(num); den = ck_yuan(den); }
    num.v = fx_dec_abs(num.v);
    den.v = fx_dec_abs(den.v);
    if (fx_dec_is_zero(den.v)) {
        if (fx_dec_is_zero(num.v) && fx_dec_is_zero(pct.v)) {
            ck_emit(c, rule, "skip", FX_DEC_BAD, pct.v, FX_DEC_BAD, refs, nrefs,
                    "%s: %s%% of a 0 base with nothing against it: no ratio to check", where, ck_str(d, pct.v));
            return "skip";
        }
        ck_emit(c, rule, "fail", FX_DEC_BAD, pct.v, FX_DEC_BAD, refs, nrefs,
                "%s: %s%% is stated against a base of 0 (%s %s vs %s 0): a ratio to 0 cannot be %s%%",
                where, ck_str(d, pct.v), num.name ? num.name : "", ck_str(d, num.v),
                den.name ? den.name : "base", ck_str(d, pct.v));
        return "fail";
    }
    int sc = pct.v.scale + 3;
    if (sc > 8) sc = 8;
    fx_dec hundred = fx_dec_from_int(100);
    fx_dec e = fx_dec_div(fx_dec_mul(num.v, hundred), den.v, sc);
    /* the true ratio lies between (num-h)/(den+h) and (num+h)/(den-h) */
    fx_dec lo = fx_dec_div(fx_dec_mul(fx_dec_sub(num.v, num.half), hundred), fx_dec_add(den.v, den.half), sc);
    fx_dec dlo = fx_dec_sub(den.v, den.half);
    fx_dec spread;
    if (dlo.ok && dlo.m > 0) {
        fx_dec hi = fx_dec_div(fx_dec_mul(fx_dec_add(num.v, num.half), hundred), dlo, sc);
        spread = max_dec(fx_dec_sub(hi, e), fx_dec_sub(e, lo));
    } else {
        spread = FX_DEC_BAD;   /* the base may be as small as 0: nothing bounds the ratio */
    }
    if (!e.ok) {
        ck_emit(c, rule, "skip", FX_DEC_BAD, pct.v, FX_DEC_BAD, refs, nrefs, "%s: the ratio overflows", where);
        return "skip";
    }
    if (!spread.ok) {
        ck_emit(c, rule, "skip", e, pct.v, FX_DEC_BAD, refs, nrefs,
                "%s: base %s is within rounding of 0; the ratio is not bounded", where, ck_str(d, den.v));
        return "skip";
    }
    /* A whole unit of the percentage's last digit, not half: reports truncate (5.8354% shown
     * as 5.83%) or nudge one share so the shares add up to 100%; neither is an inconsistency
     * an auditor wants flagged. One more digit so rounding the bounds never narrows it. */
    fx_dec tol = fx_dec_add(fx_dec_add(spread, fx_dec_add(pct.half, pct.half)), (fx_dec){1, (int8_t)sc, true});
    bool ok = ck_within(e, pct.v, tol);
    ck_emit(c, rule, ok ? "pass" : "fail", ck_trim(e, pct.v.scale), pct.v, tol, refs, nrefs,
            "%s: %s %s / %s %s = %s%%, stated %s%%; difference %s %s tolerance %s", where,
            num.name ? num.name : "", ck_str(d, num.v), den.name ? den.name : "", ck_str(d, den.v),
            ck_str(d, fx_dec_div(fx_dec_mul(num.v, hundred), den.v, pct.v.scale + 2)), ck_str(d, pct.v),
            ck_str(d, fx_dec_sub(pct.v, e)), ok ? "within" : "over", ck_str(d, tol));
    return ok ? "pass" : "fail";
}

/* ---- grouping ---- */

static ck_kind classify(const char *title)
{
    if (!title) return CK_OTHER;
    char t[512];
    skip_spaces_copy(title, t, sizeof t);
#define HAS(k) (strstr(t, k) != NULL)
    bool sides = (HAS("收入支出") || HAS("收支")) && HAS("总表");
    bool listing = HAS("决算表") || HAS("预算表") || HAS("决算总表") || HAS("预算总表");
    if (HAS("绩效")) return CK_PERF;
    if (HAS("三公")) return CK_SANGONG;
    if (sides && HAS("财政拨款")) return CK_FISCAL;
    if (HAS("政府性基金")) return CK_GOVFUND;
    if (HAS("国有资本经营")) return CK_SOE;
    if (HAS("一般公共预算") && HAS("基本支出")) return CK_BASIC;
    if (HAS("一般公共预算") && HAS("支出")) return CK_GPB;
    if (sides) return CK_SUMMARY;
    if (HAS("项目支出") || HAS("采购") || HAS("机关运行") || HAS("会议") || HAS("培训")) return CK_OTHER;
    if (HAS("收入") && !HAS("支出") && listing) return CK_INCOME;
    if (HAS("支出") && !HAS("收入") && listing) return CK_EXPENSE;
#undef HAS
    return CK_OTHER;
}

ck_table *ck_first(ck_ctx *c, ck_kind k)
{
    for (size_t i = 0; i < c->ntabs; i++)
        if (c->tabs[i].kind == k) return &c->tabs[i];
    return NULL;
}

static void table_scale(ck_table *t)
{
    int scale = -1;
    for (size_t i = 0; i < t->n; i++) {
        const fx_val *vals = fx_get(t->rows[i], "values");
        if (!vals || vals->k != FXV_OBJ) continue;
        for (const fx_kv *kv = vals->head; kv; kv = kv->next) {
            if (kv->v.k != FXV_STR) continue;
            fx_dec v = ck_dec(kv->v.s);
            if (v.ok && v.scale > scale) scale = v.scale;
        }
    }
    t->scale = scale < 0 ? 2 : scale;
}

static int cmp_pos(const void *a, const void *b)
{
    const fx_rec *x = *(fx_rec *const *)a, *y = *(fx_rec *const *)b;
    if (x->cstart != y->cstart) return x->cstart < y->cstart ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* sort by position, unless already in order (records mostly are): cmp_pos is a total order,
 * so an ordered array is what qsort would give */
static void sort_pos(fx_rec **v, size_t n)
{
    size_t i = 1;
    while (i < n && cmp_pos(&v[i - 1], &v[i]) < 0) i++;
    if (i < n) qsort(v, n, sizeof(fx_rec *), cmp_pos);
}

static void group(ck_ctx *c)
{
    fx_doc *d = c->d;
    c->ntabs = d->n_tables;
    c->tabs = calloc(c->ntabs ? c->ntabs : 1, sizeof *c->tabs);
    if (!c->tabs) abort();
    for (size_t i = 0; i < d->n_tables; i++) {
        ck_table *t = &c->tabs[i];
        t->t = d->tables[i];
        t->kind = classify(fx_get_str(t->t, "title"));
        const char *code = fx_get_str(t->t, "code");
        const char *title = fx_get_str(t->t, "title");
        t->label = code ? code : title ? title : t->t->id;
    }
    size_t last = 0;   /* a table's rows come one after another: its table is tried first */
    for (size_t i = 0; i < d->n_recs; i++) {
        fx_rec *r = d->recs[i];
        char t0 = r->type[0];   /* the types told apart by their first byte before strcmp */
        if (t0 == 'r' && !strcmp(r->type, "row")) {
            const char *tid = fx_get_str(r, "table");
            if (!tid) continue;
            /* table ids are unique (automatic), so the remembered table is the first match */
            if (last < c->ntabs && c->tabs[last].t->id && !strcmp(c->tabs[last].t->id, tid)) {
                fx_push(&c->tabs[last].rows, &c->tabs[last].n, &c->tabs[last].cap, r);
                continue;
            }
            for (size_t k = 0; k < c->ntabs; k++)
                if (c->tabs[k].t->id && !strcmp(c->tabs[k].t->id, tid)) {
                    fx_push(&c->tabs[k].rows, &c->tabs[k].n, &c->tabs[k].cap, r);
                    last = k;
                    break;
                }
        } else if (t0 == 'a' && !strcmp(r->type, "amount")) {
            fx_push(&c->amounts, &c->namounts, &c->cap_amounts, r);
        } else if (t0 == 'p' && !strcmp(r->type, "percent")) {
            fx_push(&c->percents, &c->npercents, &c->cap_percents, r);
        } else if (t0 == 'c' && !strcmp(r->type, "change")) {
            fx_push(&c->changes, &c->nchanges, &c->cap_changes, r);
        } else if (t0 == 'i' && !strcmp(r->type, "indicator")) {
            fx_push(&c->inds, &c->ninds, &c->cap_inds, r);
        }
    }
    for (size_t k = 0; k < c->ntabs; k++) {
        sort_pos(c->tabs[k].rows, c->tabs[k].n);
        table_scale(&c->tabs[k]);
        c->tabs[k].pow = ck_table_pow(c, &c->tabs[k]);
    }
    sort_pos(c->amounts, c->namounts);
    sort_pos(c->percents, c->npercents);
    sort_pos(c->changes, c->nchanges);
    sort_pos(c->inds, c->ninds);
}

static void ungroup(ck_ctx *c)
{
    for (size_t k = 0; k < c->ntabs; k++) free(c->tabs[k].rows);
    free(c->tabs);
    free(c->amounts); free(c->percents); free(c->changes); free(c->inds);
}

void fx_check(fx_doc *d)
{
    ck_ctx c = {0};
    c.d = d;
    group(&c);
    fx_check_table(&c);
    fx_check_summary(&c);
    fx_check_across(&c);
    fx_check_text(&c);
    fx_check_perf(&c);
    ungroup(&c);
}

/* What the check families share: the rule registry, the document's records grouped for the
 * rules, exact figures with their rounding, and the one way a check record is written.
 *
 * A figure shown with k decimals stands for any value within half a unit of its last digit;
 * a sum of n shown parts may therefore miss the shown total by up to n such halves (the
 * reports call this 尾差). Every comparison here is exact decimal arithmetic against such a
 * tolerance, and the tolerance is written into the check record. */
#ifndef FX_CHECK_H
#define FX_CHECK_H

#include "internal.h"

/* Does p start with the literal lit? Same answer as !strncmp(p, lit, strlen(lit)), compared in
 * line: the prose scans ask this at every byte, and most bytes differ at once. */
static inline bool ck_starts(const char *p, const char *lit)
{
    for (size_t i = 0; lit[i]; i++)
        if (p[i] != lit[i]) return false;
    return true;
}

/* ---- registry: one stable name per rule (docs/checks.md documents each) ---- */
typedef struct fx_rule { const char *name, *what; } fx_rule;
extern const fx_rule FX_RULES[];
const fx_rule *fx_rule_find(const char *name);

/* ---- the standard tables, recognised by title ---- */
typedef enum {
    CK_OTHER, CK_SUMMARY, CK_INCOME, CK_EXPENSE, CK_FISCAL, CK_GPB, CK_BASIC, CK_GOVFUND,
    CK_SOE, CK_SANGONG, CK_PERF, CK_NKINDS
} ck_kind;

typedef struct ck_table {
    fx_rec *t;
    fx_rec **rows; size_t n, cap;
    ck_kind kind;
    int scale;          /* most decimals shown in any cell: the table's rounding unit */
    int pow;            /* money unit as a power of ten of 元 */
    const char *label;  /* code or title, for messages */
} ck_table;

typedef struct ck_ctx {
    fx_doc *d;
    ck_table *tabs; size_t ntabs;
    fx_rec **amounts; size_t namounts, cap_amounts;    /* in text order */
    fx_rec **percents; size_t npercents, cap_percents;
    fx_rec **changes; size_t nchanges, cap_changes;
    fx_rec **inds; size_t ninds, cap_inds;
} ck_ctx;

ck_table *ck_first(ck_ctx *c, ck_kind k);

/* ---- figures ---- */
typedef struct ck_fig {
    fx_dec v;           /* ok=false: not there */
    fx_dec half;        /* half a unit of the last digit shown (0 for exact figures) */
    const fx_rec *ref;  /* record it was read from */
    const char *name;   /* what it is, for messages */
    int pow;            /* unit as a power of ten of 元 (万元: 4); -1 for non-money */
} ck_fig;

fx_dec ck_half(int scale);              /* 5 x 10^-(scale+1) */
fx_dec ck_dec(const char *s);           /* parse a record's exact decimal string */
/* trimmed text of a decimal for messages and fields: no trailing zeros below min_scale */
const char *ck_str(fx_doc *d, fx_dec v);
fx_dec ck_trim(fx_dec v, int min_scale);

/* ---- table access ---- */
/* column name matching after removing spaces: exact, suffix or substring */
typedef enum { CM_EXACT, CM_SUFFIX, CM_HAS } ck_cm;
bool ck_name_is(const char *name, const char *kw, ck_cm mode);
/* the table's column matching kw (the first), or NULL */
const char *ck_col(const ck_table *t, const char *kw, ck_cm mode);
/* the row has numbers the table stage could not place in columns (`unplaced`) */
bool ck_unplaced(const fx_rec *row);
/* value of a row in a column; ok=false when the cell is empty or the column is absent, or
 * the row has unplaced numbers */
fx_dec ck_cell(const fx_rec *row, const char *col);
/* figure of a row in a column: an empty cell of an existing column is an exact 0; a row
 * with unplaced numbers gives ok=false (not known) */
ck_fig ck_cellfig(const ck_table *t, const fx_rec *row, const char *col);
const char *ck_rowname(fx_doc *d, const fx_rec *row); /* name without spaces and ordinal */
/* money columns of a row (not 行次/栏次/序号/代码): fills up to max names, returns the count */
int ck_moneycols(const fx_rec *row, const char **out, int max);
bool ck_moneycol(const char *name);
int ck_unit_pow(const char *unit);       /* 元 0, 千元 3, 万元 4, 亿元 8; -1 unknown */
int ck_table_pow(ck_ctx *c, const ck_table *t);
/* compare one figure with another that should be the same (across tables, text vs table) */
const char *ck_same(ck_ctx *c, const char *rule, const char *where, ck_fig stated, ck_fig ref);
int ck_nvalues(const fx_rec *row);

/* ---- sums ---- */
typedef struct ck_sum {
    fx_dec v, tol;
    int n;
    bool ok;
    const fx_rec *refs[48]; int nrefs;
    fx_buf text;        /* "A 1.00 + B 2.00" */
} ck_sum;
void ck_sum_init(ck_sum *s);
void ck_sum_add(ck_sum *s, ck_fig f, int sign);
void ck_sum_free(ck_sum *s);
void ck_addref(ck_sum *s, const fx_rec *r);

/* ---- check records ---- */
/* status for |actual - expected| <= tol */
bool ck_within(fx_dec expected, fx_dec actual, fx_dec tol);
fx_rec *ck_emit(ck_ctx *c, const char *rule, const char *status, fx_dec expected, fx_dec actual,
                fx_dec tol, const fx_rec *const *refs, int nrefs, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
/* compare a stated figure with a sum and write the record: "<where>: <total name> <actual>
 * vs <parts> = <expected>". Returns the status written. */
const char *ck_sum_check(ck_ctx *c, const char *rule, const char *where, ck_fig total, ck_sum *s);

/* a stated percent against 100 × num / den, with the rounding of all three: the true ratio
 * lies between (num−h)/(den+h) and (num+h)/(den−h). A 0 base is a fail (0 of 0 with 0%: skip). */
const char *ck_ratio(ck_ctx *c, const char *rule, const char *where, ck_fig num, ck_fig den,
                     ck_fig pct, const fx_rec *const *refs, int nrefs);
ck_fig ck_yuan(ck_fig f);   /* a money figure in 元 */

/* ---- families ---- */
void fx_check_table(ck_ctx *c);      /* check_table.c: within one table */
void fx_check_summary(ck_ctx *c);    /* check_summary.c: 总表 and 财政拨款总表 */
void fx_check_across(ck_ctx *c);     /* check_across.c: across the standard tables */
void fx_check_text(ck_ctx *c);       /* check_text.c: prose figures */
void fx_check_perf(ck_ctx *c);       /* check_perf.c: 绩效 self-evaluation tables */
void fx_check_text_items(ck_ctx *c); /* check_items.c: 类/款/项, 三公, 人员/公用经费 in prose vs tables */
void fx_check_text_words(ck_ctx *c); /* check_words.c: 大于/小于/持平, 包括 lists, named wholes */

/* ---- prose helpers (check_text.c) ---- */
size_t ck_line_start(const fx_doc *d, size_t x);
size_t ck_sentence_start(const fx_doc *d, size_t x);
bool ck_span_has(const fx_doc *d, size_t a, size_t b, const char *s);
const char *ck_clause_before(fx_doc *d, size_t x);   /* back to , : ; 。 、 ( */
ck_fig ck_amount_fig(const fx_rec *a);
ck_fig ck_percent_fig(const fx_rec *p);
long ck_amount_before(const ck_ctx *c, size_t x);    /* last amount ending at or before x, -1 */
bool ck_budget_clause(const char *cl);               /* names a budget figure (not 一般公共预算) */
bool ck_in_change(const ck_ctx *c, const fx_rec *a); /* inside a comparison statement */

/* ---- 三公 items (check_table.c): what a row or column name of a 三公 table holds ---- */
typedef enum { SG_NONE, SG_TOTAL, SG_ABROAD, SG_VEHICLE, SG_BUY, SG_RUN, SG_RECEPTION, SG_MEETING,
               SG_TRAINING } ck_sg_item;
ck_sg_item ck_sg_item_of(const char *name);
/* budget (1), actual (2), neither said (0), another year's or last year's figure (-1) */
int ck_sg_which(const char *name, int year);

#endif

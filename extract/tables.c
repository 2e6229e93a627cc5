/* tables: find the tables of a report and claim their lines.
 *
 * A table starts at a title line (patterns/table_title: `收入支出决算总表`, `2026年部门收入预算
 * 总表`, `表1 …`) that is followed, after its metadata lines (公开01表, 编制部门:…, 单位:万元,
 * (2023年度)), by a grid; or, without a title, at a grid of tab-separated cells (a caption
 * line right above a grid is taken as its title: `目录`). A title with no grid after it is a
 * table of contents entry and is left alone. The grid is read per layout (tables_layout.c),
 * a `注:` line right under it is its note, and every line of it is claimed (kind FXL_TABLE,
 * line.table = its index) so that the outline and prose stages skip it.
 *
 * Unit: the table's own `单位:` statement (or `(万元)` in a 绩效 form's funds header); a table
 * without one takes the unit of the previous table of the report; the first tables of a report
 * without any take fx_opts.default_unit, else the money unit the report's prose uses most
 * (万元 or 元), else null. d->unit is not used: document.c fills it after this stage.
 *
 * Empty tables: a table is `empty: true` when the report says so: a row of a 目录 table saying
 * 是 (是否空表) / 空表 next to its title, or a sentence `本部门无…收支,已公开空表`; the sentence
 * names the table by its title or by the title's subject (`政府性基金预算财政拨款`). */
#define _GNU_SOURCE /* memmem */
#include "tables.h"
#include "patterns.h"

#include <stdlib.h>
#include <string.h>

/* The first 3-byte UTF-8 character c in s[0,n), or NULL. memchr for its last byte (a
 * continuation byte: about one byte in a hundred of Chinese text) is several times cheaper
 * than memmem on the lines and the text this stage scans. */
static const char *find3(const char *s, size_t n, const char *c)
{
    for (const char *p = s + 2, *end = s + n; p < end; p++) {
        p = memchr(p, c[2], (size_t)(end - p));
        if (!p) return NULL;
        if (p[-1] == c[1] && p[-2] == c[0]) return p - 2;
    }
    return NULL;
}

static const char *line_text(fx_doc *d, size_t i, size_t *n)
{
    *n = d->lines[i].e - d->lines[i].s;
    return d->text + d->lines[i].s;
}

static bool blank(fx_doc *d, size_t i) { return d->lines[i].kind == FXL_BLANK; }

/* copy of group g of the last match, or NULL */
static char *group(fx_doc *d, const char *s, PCRE2_SIZE *ov, int g)
{
    if (g < 0 || ov[2 * g] == PCRE2_UNSET) return NULL;
    return fx_strndup(&d->arena, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

static char *trim_dup(fx_doc *d, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return fx_strndup(&d->arena, s, n);
}

bool tb_title_line(fx_doc *d, const char *s, size_t n, size_t *ts, size_t *te)
{
    /* every title ends in 表 (patterns/table_title): most lines have none, and the regex's
     * lazy runs make a failing match costly */
    if (n > 240 || !find3(s, n, "表")) return false;
    const pcre2_code *re = fx_pat("table_title");
    PCRE2_SIZE *ov;
    if (fx_match(d, re, s, n, 0, &ov) <= 0) return false;
    int g = fx_group(re, "title");
    *ts = ov[2 * g];
    *te = ov[2 * g + 1];
    return true;
}

bool tb_note_line(fx_doc *d, const char *s, size_t n)
{
    PCRE2_SIZE *ov;
    return n < 4000 && fx_match(d, fx_pat("table_note"), s, n, 0, &ov) > 0;
}

/* Blank out [a,b) of the scratch copy */
static void wipe(char *m, size_t a, size_t b) { memset(m + a, ' ', b - a); }

bool tb_meta_line(fx_doc *d, tb_table *t, const char *s, size_t n)
{
    if (n == 0 || n > 400) return false;
    char *m = fx_strndup(&d->arena, s, n); /* what is left once the metadata is wiped out */
    const char *unit = NULL, *issuer = NULL, *code = NULL;
    PCRE2_SIZE *ov;
    /* each pattern needs a character of its own (编制, 单位, 公开/表, 年): a line without it
     * is not matched against that pattern */
    const pcre2_code *re = fx_pat("table_issuer");
    if (find3(s, n, "编") && fx_match(d, re, s, n, 0, &ov) > 0) {
        issuer = group(d, s, ov, fx_group(re, "issuer"));
        wipe(m, ov[0], ov[1]);
    }
    re = fx_pat("table_unit");
    if (find3(s, n, "单") && fx_match(d, re, s, n, 0, &ov) > 0) {
        unit = group(d, s, ov, fx_group(re, "unit"));
        wipe(m, ov[0], ov[1]);
    }
    re = fx_pat("table_code");
    if ((find3(m, n, "表") || find3(m, n, "公")) && fx_match(d, re, m, n, 0, &ov) > 0) {
        code = group(d, m, ov, fx_group(re, "code"));
        wipe(m, ov[0], ov[1]);
    }
    bool year = false;
    if (find3(m, n, "年") && fx_match(d, fx_pat("table_year"), m, n, 0, &ov) > 0) { year = true; wipe(m, ov[0], ov[1]); }
    for (size_t i = 0; i < n; i++)
        if (m[i] != ' ' && m[i] != '\t' && m[i] != '(' && m[i] != ')') return false;
    if (!unit && !issuer && !code && !year) return false;
    if (t) {
        if (unit && !t->unit) t->unit = unit;
        if (issuer && !t->issuer) t->issuer = trim_dup(d, issuer, strlen(issuer));
        if (code && !t->code) {
            /* `表 1` -> `表1` */
            char *c = fx_strdup(&d->arena, code), *w = c;
            for (const char *r = code; *r; r++) if (*r != ' ') *w++ = *r;
            *w = 0;
            t->code = c;
        }
    }
    return true;
}

static bool line_has_tabs(fx_doc *d, size_t i) { return d->lines[i].tabs > 0; }

static bool docx_line(fx_doc *d, size_t i)
{
    const fx_line *l = &d->lines[i];
    return l->lead_tabs >= 1 && l->tabs == l->lead_tabs && l->lead_tabs <= 1;
}

static bool header_start(fx_doc *d, size_t i)
{
    size_t n;
    const char *s = line_text(d, i, &n);
    PCRE2_SIZE *ov;
    return n < 2000 && fx_match(d, fx_pat("table_header_start"), s, n, 0, &ov) > 0;
}

/* Which layout starts at line k (after the title and metadata), 0: no grid here. */
static tb_layout grid_at(fx_doc *d, size_t k)
{
    if (line_has_tabs(d, k)) {
        /* DOCX: one cell per line after a tab, rows separated by blank lines */
        int single = 0, multi = 0;
        for (size_t j = k; j < d->n_lines && j < k + 12; j++) {
            if (blank(d, j)) continue;
            if (docx_line(d, j)) single++;
            else if (line_has_tabs(d, j)) multi++;
        }
        return single > multi ? TB_DOCX : TB_TABS;
    }
    if (!header_start(d, k)) return 0;
    /* tabs were dropped: several cells on the line (layout 3) or one per line (layout 4) */
    size_t n;
    const char *s = line_text(d, k, &n);
    bool several = false;
    for (size_t i = 0; i < n; i++) {
        while (i < n && s[i] == ' ') i++;
        size_t j = i;
        while (j < n && s[j] != ' ') j++;
        if (j < n && i > 0) { several = true; break; }
        if (i == 0 && j < n) {
            /* a space after the first word and more text: several cells */
            size_t q = j;
            while (q < n && s[q] == ' ') q++;
            if (q < n) { several = true; break; }
        }
        i = j;
    }
    if (several) return TB_SPACES;
    /* one cell per line: the next line must be short too */
    size_t k2 = k + 1;
    while (k2 < d->n_lines && blank(d, k2)) k2++;
    if (k2 >= d->n_lines) return 0;
    size_t n2;
    line_text(d, k2, &n2);
    return n2 <= 90 ? TB_LINES : 0;
}

static tb_table *table_new(fx_doc *d)
{
    tb_table *t = fx_alloc(&d->arena, sizeof *t);
    t->note_line = (size_t)-1;
    return t;
}

/* The grid's own first rows may hold the title (DOCX puts it in the table) and metadata. */
static void pull_title_rows(fx_doc *d, tb_table *t)
{
    while (t->n_rows > 0) {
        tb_row *r = &t->rows[0];
        int filled = 0, last = -1;
        for (int c = 0; c < r->n; c++) if (r->c[c].t[0]) { filled++; last = c; }
        if (filled == 0) { memmove(t->rows, t->rows + 1, (size_t)(t->n_rows - 1) * sizeof *t->rows); t->n_rows--; continue; }
        const char *txt = r->c[last].t;
        size_t ts, te;
        if (filled == 1 && !t->title && tb_title_line(d, txt, strlen(txt), &ts, &te)) {
            t->title = fx_strndup(&d->arena, txt + ts, te - ts);
        } else {
            bool meta = true;
            tb_table probe = {0};
            for (int c = 0; c < r->n && meta; c++)
                if (r->c[c].t[0] && !tb_meta_line(d, &probe, r->c[c].t, strlen(r->c[c].t))) meta = false;
            if (!meta) break;
            for (int c = 0; c < r->n; c++)
                if (r->c[c].t[0]) tb_meta_line(d, t, r->c[c].t, strlen(r->c[c].t));
        }
        memmove(t->rows, t->rows + 1, (size_t)(t->n_rows - 1) * sizeof *t->rows);
        t->n_rows--;
    }
}

/* the report's prose money unit: 万元 or 元, whichever follows numbers more often */
static const char *prose_unit(fx_doc *d)
{
    long wan = 0, yuan = 0;
    for (size_t i = 1; i + 3 <= d->len; i++) {
        /* jump to the next 元 */
        const char *y = find3(d->text + i, d->len - i, "元");
        if (!y) break;
        i = (size_t)(y - d->text);
        bool after_wan = i >= 3 && !memcmp(d->text + i - 3, "万", 3);
        size_t p = after_wan ? i - 3 : i;
        if (p == 0 || d->text[p - 1] < '0' || d->text[p - 1] > '9') continue;
        if (after_wan) wan++; else yuan++;
    }
    if (!wan && !yuan) return NULL;
    return wan >= yuan ? "万元" : "元";
}

static void claim(fx_doc *d, tb_table *t)
{
    for (size_t j = t->first_line; j <= t->last_line && j < d->n_lines; j++) {
        d->lines[j].table = t->index;
        d->lines[j].kind = FXL_TABLE;
    }
}

static const char *unit_from_cells(tb_table *t)
{
    /* 绩效 forms: `项目资金(万元)`, `全年预算数(万元)` */
    for (int r = 0; r < t->n_rows; r++)
        for (int c = 0; c < t->rows[r].n; c++) {
            const char *s = t->rows[r].c[c].t;
            if (strstr(s, "(万元)")) return "万元";
            if (strstr(s, "(元)")) return "元";
        }
    return NULL;
}

/* A grid without a title line is a table when it has a header of words over at least one
 * more row (chart residue like `一般公共预算财政拨款收入 | 1747.59 | 0` is not). */
static bool untitled_ok(const tb_table *t)
{
    if (t->title) return true;
    if (t->n_rows < 2) return false;
    const tb_row *h = &t->rows[0];
    int words = 0;
    for (int c = 0; c < h->n; c++) {
        const char *s = h->c[c].t;
        if (!s[0]) continue;
        for (const char *p = s; *p; p++) if (*p >= '0' && *p <= '9') return false;
        words++;
    }
    return words >= 2;
}

/* Read the grid at line k in layout `lay`, then the note under it; emit. Returns the line
 * after the table, or k when there was no table after all. */
static size_t build(fx_doc *d, tb_table *t, tb_layout lay, size_t k, bool titled, const char **last_unit)
{
    t->layout = lay;
    t->body0 = k;
    size_t end;
    switch (lay) {
    case TB_DOCX: end = tb_read_docx(d, t, k); break;
    case TB_TABS: end = tb_read_tabs(d, t, k); break;
    case TB_SPACES: end = tb_read_spaces(d, t, k); t->sparse = true; break;
    default: end = tb_read_lines(d, t, k); t->sparse = true; break;
    }
    pull_title_rows(d, t);
    if (t->n_rows == 0 || (!titled && !untitled_ok(t))) return k;
    size_t last = end ? end - 1 : 0;
    while (last > k && blank(d, last)) last--;
    t->last_line = last;
    /* the note right under the grid */
    size_t j = end;
    while (j < d->n_lines && j < end + 3 && blank(d, j)) j++;
    if (j < d->n_lines) {
        size_t n;
        const char *s = line_text(d, j, &n);
        if (d->lines[j].table < 0 && tb_note_line(d, s, n)) {
            t->note = trim_dup(d, s, n);
            t->note_line = j;
            t->last_line = j;
            end = j + 1;
        }
    }
    if (!t->unit) t->unit = unit_from_cells(t);
    if (!t->unit) t->unit = *last_unit;
    if (t->unit) *last_unit = t->unit;
    t->index = (int)d->n_tables;
    claim(d, t);
    tb_emit(d, t, d->lines[t->first_line].s, d->lines[t->last_line].e);
    return end > k ? end : k + 1;
}

/* A title at line i: metadata lines, then a grid. */
static size_t try_titled(fx_doc *d, size_t i, size_t ts, size_t te, const char **last_unit)
{
    tb_table *t = table_new(d);
    size_t n;
    const char *s = line_text(d, i, &n);
    t->title = fx_strndup(&d->arena, s + ts, te - ts);
    t->first_line = i;
    /* a code written on the title line (表1 收入支出决算总表, 收入决算表 公开02表) */
    char *rest = fx_strndup(&d->arena, s, n);
    wipe(rest, ts, te);
    tb_meta_line(d, t, rest, n);
    PCRE2_SIZE *ov;
    if (!t->code && fx_match(d, fx_pat("table_code"), rest, n, 0, &ov) > 0)
        t->code = fx_strndup(&d->arena, rest + ov[0], ov[1] - ov[0]);
    size_t k = i + 1;
    int seen = 0;
    while (k < d->n_lines && seen < 8) {
        if (blank(d, k)) { k++; continue; }
        if (d->lines[k].table >= 0) return i + 1;
        size_t kn;
        const char *ks = line_text(d, k, &kn);
        if (!tb_meta_line(d, t, ks, kn)) break;
        k++;
        seen++;
    }
    if (k >= d->n_lines || d->lines[k].table >= 0) return i + 1;
    size_t kn, a, b;
    const char *ks = line_text(d, k, &kn);
    if (tb_title_line(d, ks, kn, &a, &b) && !line_has_tabs(d, k)) return i + 1; /* a list of titles */
    tb_layout lay = grid_at(d, k);
    if (!lay) return i + 1;
    size_t next = build(d, t, lay, k, true, last_unit);
    return next > k ? next : i + 1;
}

/* A grid without a title line: a caption right above it names it. */
/* An untitled grid is kept only if its first rows read as a header (untitled_ok): probe
 * those before reading the whole grid. Without the probe a long grid with no header was
 * read again from each of its lines: quadratic time and memory (a 300 KB one took 3 GB). */
static bool untitled_probe(fx_doc *d, tb_layout lay, size_t i)
{
    enum { PROBE_LINES = 8 };
    size_t all = d->n_lines;
    if (all > i + PROBE_LINES) d->n_lines = i + PROBE_LINES;
    tb_table *p = table_new(d);
    if (lay == TB_DOCX) tb_read_docx(d, p, i); else tb_read_tabs(d, p, i);
    d->n_lines = all;
    pull_title_rows(d, p);
    return p->n_rows > 0 && untitled_ok(p);
}

static size_t try_untitled(fx_doc *d, size_t i, const char **last_unit)
{
    tb_table *t = table_new(d);
    t->first_line = i;
    for (size_t back = 1; back <= 3 && back <= i; back++) {
        size_t p = i - back;
        if (blank(d, p)) continue;
        size_t n;
        const char *s = line_text(d, p, &n);
        bool digits = false;
        for (size_t q = 0; q < n; q++) if (s[q] >= '0' && s[q] <= '9') digits = true;
        if (d->lines[p].table < 0 && d->lines[p].tabs == 0 && n <= 30 && !memchr(s, ':', n) &&
            !memmem(s, n, "。", 3) && !memchr(s, ',', n) && !digits) {
            t->title = trim_dup(d, s, n);
            t->first_line = p;
        }
        break;
    }
    tb_layout lay = docx_line(d, i) ? TB_DOCX : TB_TABS;
    if (!t->title && !untitled_probe(d, lay, i)) return i + 1;
    size_t next = build(d, t, lay, i, false, last_unit);
    return next > i ? next : i + 1;
}

/* ---- empty declarations ---- */

/* the subject a title names: `政府性基金预算财政拨款收入支出决算表` -> `政府性基金预算财政拨款` */
static char *title_key(fx_doc *d, const char *title)
{
    char *k = fx_strdup(&d->arena, title);
    /* drop a leading year */
    char *y = strstr(k, "年");
    if (y && y - k <= 4 && k[0] >= '0' && k[0] <= '9') {
        y += 3;
        if (!strncmp(y, "度", 3)) y += 3;
        k = y;
    }
    static const char *const TAILS[][6] = {
        {"表", NULL}, {"总", NULL}, {"决算", "预算", NULL},
        {"收入支出", "收支", "支出", "收入", NULL}};
    for (size_t g = 0; g < sizeof TAILS / sizeof TAILS[0]; g++)
        for (int j = 0; TAILS[g][j]; j++)
            if (tb_ends_with(k, TAILS[g][j])) { k[strlen(k) - strlen(TAILS[g][j])] = 0; break; }
    return k;
}

/* The tables' titles and subjects, computed once for all declaring sentences. */
typedef struct { const char **title, **key; size_t n; } names_t;

/* Mark the tables a declaring text names: whole titles first, and a title inside a longer one
 * that the text also names (支出决算表 inside 国有资本经营预算财政拨款支出决算表) does not
 * count; else the subjects, the most specific one (财政拨款 is inside 政府性基金预算财政拨款). */
static void declare(fx_doc *d, const names_t *nm, const char *text)
{
    size_t *hit = fx_alloc(&d->arena, (nm->n + 1) * sizeof *hit), nh = 0;
    for (size_t t = 0; t < nm->n; t++)
        if (nm->title[t] && strstr(text, nm->title[t])) hit[nh++] = t;
    bool exact = false;
    for (size_t i = 0; i < nh; i++) {
        const char *ti = nm->title[hit[i]];
        bool inner = false;
        for (size_t j = 0; j < nh && !inner; j++)
            if (j != i && strlen(nm->title[hit[j]]) > strlen(ti) && strstr(nm->title[hit[j]], ti)) inner = true;
        if (inner) continue;
        fx_set_bool(d, d->tables[hit[i]], "empty", true);
        exact = true;
    }
    if (exact) return;
    nh = 0;
    for (size_t t = 0; t < nm->n; t++)
        if (nm->key[t] && strstr(text, nm->key[t])) hit[nh++] = t;
    for (size_t i = 0; i < nh; i++) {
        const char *ki = nm->key[hit[i]];
        bool inner = false;
        for (size_t j = 0; j < nh && !inner; j++)
            if (strlen(nm->key[hit[j]]) > strlen(ki) && strstr(nm->key[hit[j]], ki)) inner = true;
        if (!inner) fx_set_bool(d, d->tables[hit[i]], "empty", true);
    }
}

/* Every wording patterns/table_empty accepts holds 空表 or 表为空: a text with neither cannot
 * match, and the unanchored pattern is costly to fail on a long line. */
static bool may_declare(const char *s, size_t n)
{
    const char *k = find3(s, n, "空");   /* both hold 空: most texts have none */
    if (!k) return false;
    size_t from = (size_t)(k - s) >= 6 ? (size_t)(k - s) - 6 : 0;   /* 表为空 starts before its 空 */
    return memmem(s + from, n - from, "空表", 6) || memmem(s + from, n - from, "表为空", 9);
}

static void empty_declarations(fx_doc *d)
{
    if (!d->n_tables) return;
    names_t nm = {fx_alloc(&d->arena, d->n_tables * sizeof(char *)), fx_alloc(&d->arena, d->n_tables * sizeof(char *)),
                  d->n_tables};
    for (size_t t = 0; t < d->n_tables; t++) {
        const char *title = fx_get_str(d->tables[t], "title");
        nm.title[t] = title && strlen(title) >= 6 && !strstr(title, "目录") ? title : NULL;
        nm.key[t] = title ? title_key(d, title) : NULL;
        if (nm.key[t] && strlen(nm.key[t]) < 9) nm.key[t] = NULL;
    }
    const pcre2_code *re = fx_pat("table_empty");
    /* prose sentences */
    for (size_t i = 0; i < d->n_lines; i++) {
        if (d->lines[i].table >= 0 || blank(d, i)) continue;
        size_t n;
        const char *s = line_text(d, i, &n);
        if (n > 8000 || !may_declare(s, n)) continue;
        size_t at = 0;
        PCRE2_SIZE *ov;
        while (at < n && fx_match(d, re, s, n, at, &ov) > 0) {
            size_t a = ov[0], b = ov[1];
            declare(d, &nm, fx_strndup(&d->arena, s + a, b - a));
            at = b > a ? b : a + 1;
        }
    }
    /* rows of a 目录 table: `表7 | 政府性基金…决算表 | 是 | 本部门不涉及故公开空表` */
    for (size_t r = 0; r < d->n_recs; r++) {
        fx_rec *rec = d->recs[r];
        if (strcmp(rec->type, "row")) continue;
        const fx_val *cells = fx_get(rec, "cells");
        if (!cells || cells->k != FXV_LIST) continue;
        /* the cells are joined with spaces and no wording spans a space: a row with no 是 and
         * no cell that may declare cannot match */
        bool yes = false, may = false;
        for (const fx_kv *kv = cells->head; kv && !yes; kv = kv->next) {
            if (kv->v.k != FXV_STR) continue;
            if (!strcmp(kv->v.s, "是")) yes = true;
            else if (!may) may = may_declare(kv->v.s, strlen(kv->v.s));
        }
        if (!yes && !may) continue;
        fx_buf b = {0};
        for (const fx_kv *kv = cells->head; kv; kv = kv->next) {
            if (kv->v.k != FXV_STR) continue;
            fx_buf_puts(&b, kv->v.s);
            fx_buf_putc(&b, ' ');
        }
        if (b.p) {
            fx_buf_putc(&b, 0);
            b.n--;
            PCRE2_SIZE *ov;
            if (yes || (b.n < 4000 && fx_match(d, re, b.p, b.n, 0, &ov) > 0)) {
                /* not the row's own table */
                declare(d, &nm, fx_strdup(&d->arena, b.p));
            }
        }
        fx_buf_free(&b);
    }
}

/* a raw line break in the input bytes the canonical text dropped between p and p+1 */
static bool raw_break_after(const fx_doc *d, size_t p)
{
    long long a = (long long)d->moff[p] + d->mlen[p], b = d->moff[p + 1];
    for (long long q = a; q < b && q < (long long)d->raw_len; q++)
        if (d->raw[q] == '\n' || d->raw[q] == '\r') return true;
    return false;
}

/* whether one of the 16 bytes from p may leave a gap in the input before its successor: a
 * fixed-length loop of 32-bit lanes without an early exit, which the compiler vectorizes
 * (the map is read for every byte of the text). It may answer yes without a gap (the exact
 * test follows), never no with one: a 32-bit difference is exact below 2 GiB of input. */
static bool gap16(const fx_doc *d, size_t p)
{
    const uint32_t *o = d->moff + p;
    const uint8_t *m = d->mlen + p;
    uint32_t any = 0;
    for (int i = 0; i < 16; i++) any |= (int32_t)(o[i + 1] - o[i] - (uint32_t)m[i]) > 0;
    return any != 0;
}

static int count_tabs(const char *p, size_t n)
{
    int k = 0;
    for (const char *q = p, *end = p + n; (q = memchr(q, '\t', (size_t)(end - q))); q++) k++;
    return k;
}

/* The lines as the input had them: normalize rejoins lines it takes for a hard-wrapped
 * paragraph, and padded space-separated table rows (layout 3) look like one. A canonical line
 * is cut where the offset map shows a line break of the input between two of its bytes. */
static fx_line *input_lines(fx_doc *d, size_t *n)
{
    size_t cap = d->n_lines + 16, k = 0;
    bool fast = d->raw_len < ((size_t)1 << 31);   /* gap16's bound */
    fx_line *v = malloc(cap * sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < d->n_lines; i++) {
        const fx_line *l = &d->lines[i];
        size_t s = l->s;
        for (size_t p = l->s; p + 1 <= l->e; p++) {
            bool cut = false;
            if (p + 1 < l->e && d->moff) {
                /* most bytes follow their neighbour in the input: only a gap can hide a break */
                while (fast && p + 17 < l->e && !gap16(d, p)) p += 16;
                while (p + 1 < l->e && (long long)d->moff[p] + d->mlen[p] >= (long long)d->moff[p + 1]) p++;
                cut = p + 1 < l->e && raw_break_after(d, p);
            }
            if (!cut && p + 1 < l->e) continue;
            size_t e = cut ? p + 1 : l->e;
            if (k == cap) {
                cap *= 2;
                fx_line *w = realloc(v, cap * sizeof *v);
                if (!w) { free(v); return NULL; }
                v = w;
            }
            fx_line *o = &v[k++];
            *o = *l;
            o->s = s;
            o->e = e;
            if (s != l->s || e != l->e) {   /* a piece: its own tabs */
                size_t q = s;
                while (q < e && d->text[q] == '\t') q++;
                o->lead_tabs = (int)(q - s);
                o->tabs = count_tabs(d->text + s, e - s);
            }
            if (e > s && o->kind == FXL_BLANK) o->kind = FXL_PROSE;
            s = e;
            if (!cut) break;
        }
        if (l->e == l->s) {
            if (k == cap) {
                cap *= 2;
                fx_line *w = realloc(v, cap * sizeof *v);
                if (!w) { free(v); return NULL; }
                v = w;
            }
            v[k++] = *l;
        }
    }
    *n = k;
    return v;
}

static void find_tables(fx_doc *d);

void fx_tables(fx_doc *d)
{
    /* read on the input's lines, then claim the canonical lines they belong to */
    size_t n = 0;
    fx_line *orig = d->lines;
    size_t n_orig = d->n_lines;
    fx_line *v = input_lines(d, &n);
    if (v) { d->lines = v; d->n_lines = n; }
    find_tables(d);
    if (!v) { empty_declarations(d); return; }
    d->lines = orig;
    d->n_lines = n_orig;
    /* the input lines are in text order: the canonical line of each is found by walking on
     * (fx_line_at's binary search, done once per claimed line, costs more) */
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].table < 0) continue;
        while (o + 1 < n_orig && orig[o + 1].s <= v[i].s) o++;
        if (orig[o].table < 0) { orig[o].table = v[i].table; orig[o].kind = FXL_TABLE; }
    }
    free(v);
    empty_declarations(d);
}

static void find_tables(fx_doc *d)
{
    /* the unit of the first tables without one: the option, else the prose's (once) */
    const char *last_unit = d->opts && d->opts->default_unit ? d->opts->default_unit : prose_unit(d);
    for (size_t i = 0; i < d->n_lines;) {
        if (blank(d, i) || d->lines[i].table >= 0) { i++; continue; }
        size_t n, ts, te;
        const char *s = line_text(d, i, &n);
        if (tb_title_line(d, s, n, &ts, &te)) { i = try_titled(d, i, ts, te, &last_unit); continue; }
        if (line_has_tabs(d, i) && !tb_meta_line(d, NULL, s, n)) { i = try_untitled(d, i, &last_unit); continue; }
        i++;
    }
}

/* After fx_segment: a table's section is the innermost heading over its first line (the
 * tables are found before the headings, so the field is filled in this later pass). */
void fx_tables_sections(fx_doc *d)
{
    for (size_t t = 0; t < d->n_tables; t++) {
        fx_rec *r = d->tables[t];
        if (r->cstart == FX_NOSPAN || r->cstart >= d->len || !d->n_lines) continue;
        int s = d->lines[fx_line_at(d, r->cstart)].section;
        if (s >= 0 && (size_t)s < d->n_sections) fx_set_str(d, r, "section", d->sections[s]->id);
    }
}

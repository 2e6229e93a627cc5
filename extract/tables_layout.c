/* The cells of a table's lines, in the four layouts converters produce:
 *   1 DOCX: each cell on its own line after a tab, rows separated by blank lines; a cell
 *     that wraps continues on the next line without a tab (`项目资金` / `(万元)`).
 *   2 PDF with tabs: one line per row, cells between tabs, empty cells kept.
 *   3 PDF with spaces: cells separated by spaces and empty cells dropped; a code glued to
 *     its name (`2010506统计管理`), a number glued to the next label (`47,483,458一、…`),
 *     labels wrapped onto the next line (`…应急管理支` / `出`).
 *   4 one cell per line, no tabs (a text box per line).
 * Layouts 1 and 2 give positional cells; 3 and 4 give cells in reading order (t->sparse):
 * tables_rows.c and tables_place.c decide the columns. */
#define _GNU_SOURCE /* memmem */
#include "tables.h"
#include "patterns.h"

#include <stdio.h>
#include <string.h>

tb_row *tb_table_add_row(fx_doc *d, tb_table *t)
{
    if (t->n_rows == t->cap_rows) {
        int cap = t->cap_rows ? t->cap_rows * 2 : 16;
        tb_row *v = fx_alloc(&d->arena, (size_t)cap * sizeof *v);
        if (t->n_rows) memcpy(v, t->rows, (size_t)t->n_rows * sizeof *v);
        t->rows = v;
        t->cap_rows = cap;
    }
    tb_row *r = &t->rows[t->n_rows++];
    memset(r, 0, sizeof *r);
    return r;
}

tb_cell *tb_row_add(fx_doc *d, tb_row *r, size_t s, size_t e, const char *txt)
{
    if (r->n == r->cap) {
        int cap = r->cap ? r->cap * 2 : 8;
        tb_cell *v = fx_alloc(&d->arena, (size_t)cap * sizeof *v);
        if (r->n) memcpy(v, r->c, (size_t)r->n * sizeof *v);
        r->c = v;
        r->cap = cap;
    }
    tb_cell *c = &r->c[r->n++];
    c->s = s; c->e = e; c->t = txt;
    c->x0 = c->x1 = -1;
    return c;
}

static bool blank(fx_doc *d, size_t i) { return d->lines[i].kind == FXL_BLANK; }

/* trimmed [a,b) of the canonical text */
static void trim(const fx_doc *d, size_t *a, size_t *b)
{
    while (*a < *b && (d->text[*a] == ' ' || d->text[*a] == '\t')) (*a)++;
    while (*b > *a && (d->text[*b - 1] == ' ' || d->text[*b - 1] == '\t')) (*b)--;
}

static void add_cell(fx_doc *d, tb_row *r, size_t a, size_t b)
{
    trim(d, &a, &b);
    tb_row_add(d, r, a, b, fx_strndup(&d->arena, d->text + a, b - a));
}

static bool stop_line(fx_doc *d, size_t i)
{
    size_t n = d->lines[i].e - d->lines[i].s, a, b;
    const char *s = d->text + d->lines[i].s;
    if (d->lines[i].table >= 0) return true;
    if (tb_note_line(d, s, n)) return true;
    if (d->lines[i].tabs == 0 && tb_title_line(d, s, n, &a, &b)) return true;
    return false;
}

/* ---- layout 1 ---- */

/* Empty DOCX cells: the canonical text keeps no line that holds only tabs (normalize trims
 * them), so look at the input between this line's break and the previous one. */
static int raw_tabs(fx_doc *d, size_t i)
{
    if (!blank(d, i) || i == 0 || d->lines[i].e >= d->len) return d->lines[i].tabs;
    const char *r = fx_raw_text(d, d->lines[i - 1].e, d->lines[i].e + 1);
    int n = 0;
    for (; *r; r++) n += *r == '\t';
    return n;
}

/* a row separator: empty, not even a tab (a lone tab is an empty cell) */
static bool docx_sep(fx_doc *d, size_t i) { return blank(d, i) && raw_tabs(d, i) == 0; }

size_t tb_read_docx(fx_doc *d, tb_table *t, size_t i)
{
    tb_row *row = NULL;
    size_t j = i;
    while (j < d->n_lines) {
        const fx_line *l = &d->lines[j];
        if (docx_sep(d, j)) {
            row = NULL;
            size_t k = j + 1;
            while (k < d->n_lines && docx_sep(d, k)) k++;
            if (k >= d->n_lines || (d->lines[k].lead_tabs == 0 && !blank(d, k)) || stop_line(d, k)) break;
            j = k;
            continue;
        }
        if (blank(d, j)) {
            /* a line of empty cells */
            if (!row) { row = tb_table_add_row(d, t); row->line0 = j; }
            for (int k = raw_tabs(d, j); k > 0; k--) tb_row_add(d, row, l->s, l->s, "");
            row->line1 = j;
        } else if (l->lead_tabs >= 1) {
            if (!row) { row = tb_table_add_row(d, t); row->line0 = j; }
            /* each tab starts a cell */
            size_t p = l->s;
            while (p < l->e) {
                size_t q = p + 1;
                while (q < l->e && d->text[q] != '\t') q++;
                add_cell(d, row, p + 1, q);
                p = q;
            }
            row->line1 = j;
        } else {
            if (!row || row->n == 0 || stop_line(d, j)) break;
            /* a wrapped cell: join to the last cell (no space between CJK) */
            tb_cell *c = &row->c[row->n - 1];
            size_t a = l->s, b = l->e;
            trim(d, &a, &b);
            size_t cl = strlen(c->t);
            bool cjk = (cl && tb_is_cjk(c->t + (cl >= 3 ? cl - 3 : 0))) || tb_is_cjk(d->text + a) ||
                       d->text[a] == '(' || cl == 0;
            c->t = fx_sprintf(&d->arena, "%s%s%.*s", c->t, cjk ? "" : " ", (int)(b - a), d->text + a);
            if (!cl) c->s = a;
            c->e = b;
            row->line1 = j;
        }
        j++;
    }
    return j;
}

/* ---- layout 2 ---- */

size_t tb_read_tabs(fx_doc *d, tb_table *t, size_t i)
{
    size_t j = i;
    while (j < d->n_lines) {
        if (blank(d, j)) {
            /* a page break inside a table leaves blank lines: go on if the grid goes on */
            size_t k = j + 1;
            while (k < d->n_lines && k < j + 4 && blank(d, k)) k++;
            if (k >= d->n_lines || d->lines[k].tabs == 0 || stop_line(d, k)) break;
            size_t n = d->lines[k].e - d->lines[k].s;
            if (tb_meta_line(d, NULL, d->text + d->lines[k].s, n)) break;
            j = k;
            continue;
        }
        const fx_line *l = &d->lines[j];
        if (l->tabs == 0 || stop_line(d, j)) break;
        tb_row *row = tb_table_add_row(d, t);
        row->line0 = row->line1 = j;
        size_t p = l->s;
        for (;;) {
            size_t q = p;
            while (q < l->e && d->text[q] != '\t') q++;
            add_cell(d, row, p, q);
            if (q >= l->e) break;
            p = q + 1;
        }
        j++;
    }
    return j;
}

/* ---- layouts 3 and 4: tokens ---- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool starts_with_any(const char *s, const char *const *w)
{
    for (int i = 0; w[i]; i++) if (!strncmp(s, w[i], strlen(w[i]))) return true;
    return false;
}

/* Split a whitespace-free token where a number or code is glued to a label. */
static void add_token(fx_doc *d, tb_row *r, size_t a, size_t b)
{
    static const char *const UNITS[] = {"年", "月", "日", "个", "人", "次", "%", "万", "元", "名", "户",
                                        "家", "项", "辆", "平", "米", "天", "小时", "分", "号", "号", NULL};
    const char *s = d->text;
    /* leading digits glued to Han text */
    size_t p = a;
    while (p < b && (is_digit(s[p]) || s[p] == ',' || s[p] == '.' || (p == a && s[p] == '-'))) p++;
    if (p > a && p < b && !is_digit(s[p]) && tb_is_cjk(s + p) && !starts_with_any(s + p, UNITS)) {
        char *num = fx_strndup(&d->arena, s + a, p - a);
        fx_dec v;
        bool code = tb_is_code(num);
        bool sep = memchr(num, ',', p - a) || memchr(num, '.', p - a);
        bool ordinal = tb_ordinal_len(s + p) > 0;
        if (tb_num(num, &v) && (code || sep || ordinal)) {
            tb_row_add(d, r, a, p, num);
            a = p;
        }
    }
    /* a label with a number glued after it: `统计管理5,917.30` */
    size_t q = b;
    while (q > a && (is_digit(s[q - 1]) || s[q - 1] == ',' || s[q - 1] == '.')) q--;
    if (q > a && q < b && tb_is_cjk(s + (q >= a + 3 ? q - 3 : a))) {
        char *num = fx_strndup(&d->arena, s + q, b - q);
        if ((memchr(num, ',', b - q) || memchr(num, '.', b - q)) && tb_num(num, NULL)) {
            tb_row_add(d, r, a, q, fx_strndup(&d->arena, s + a, q - a));
            tb_row_add(d, r, q, b, num);
            return;
        }
    }
    tb_row_add(d, r, a, b, fx_strndup(&d->arena, s + a, b - a));
}

static void tokens(fx_doc *d, tb_row *r, size_t a, size_t b)
{
    const char *s = d->text;
    size_t p = a;
    while (p < b) {
        while (p < b && (s[p] == ' ' || s[p] == '\t')) p++;
        if (p >= b) break;
        size_t q = p;
        while (q < b && s[q] != ' ' && s[q] != '\t') q++;
        add_token(d, r, p, q);
        p = q;
    }
}

static bool cell_num(const tb_cell *c) { fx_dec v; return tb_num(c->t, &v); }

static bool lineno_row(const tb_row *r)
{
    /* 栏次 1 2 3 ... */
    if (r->n < 2) return false;
    int k = 0;
    bool label = false;
    for (int i = 0; i < r->n; i++) {
        if (!strcmp(r->c[i].t, "栏次")) { label = true; continue; }
        char want[16];
        snprintf(want, sizeof want, "%d", k + 1);
        if (strcmp(r->c[i].t, want)) return false;
        k++;
    }
    return label && k >= 1;
}

static bool total_name(fx_doc *d, const char *s)
{
    PCRE2_SIZE *ov;
    size_t n = strlen(s);
    return tb_may_total(s, n) && fx_match(d, fx_pat("table_total"), s, n, 0, &ov) > 0;
}

/* a cell that starts a body row: a code, an ordinal label, a total */
static bool row_start(fx_doc *d, const tb_cell *c)
{
    return tb_is_code(c->t) || tb_ordinal_len(c->t) > 0 || total_name(d, c->t) ||
           !strncmp(c->t, "其中", 6);
}

static bool data_row(fx_doc *d, const tb_row *r)
{
    (void)d;
    if (lineno_row(r)) return false;
    for (int i = 0; i < r->n; i++) {
        if (tb_is_code(r->c[i].t) && i + 1 < r->n && !cell_num(&r->c[i + 1])) return true;
        if (cell_num(&r->c[i])) return true;
    }
    return false;
}

static bool text_only(const tb_row *r)
{
    for (int i = 0; i < r->n; i++) if (cell_num(&r->c[i])) return false;
    return r->n > 0;
}

/* no numbers but a leading code: a label that may go on on the next line */
static bool label_only(const tb_row *r)
{
    for (int i = 0; i < r->n; i++)
        if (cell_num(&r->c[i]) && !(i == 0 && tb_is_code(r->c[i].t) && r->n > 1)) return false;
    return r->n > 0;
}

static bool numbers_only(const tb_row *r)
{
    for (int i = 0; i < r->n; i++) if (!cell_num(&r->c[i])) return false;
    return r->n > 0;
}

static bool long_prose(fx_doc *d, size_t i)
{
    size_t n = d->lines[i].e - d->lines[i].s;
    const char *s = d->text + d->lines[i].s;
    if (n > 400) return true;
    if (n >= 3 && !strncmp(s, "第", 3) && memmem(s, n, "部分", 6)) return true;
    return n > 45 && memmem(s, n, "。", 3);
}

/* append a wrapped label fragment to the row's label that was cut */
static void append_fragment(fx_doc *d, tb_row *r, const tb_cell *f)
{
    int best = -1;
    for (int i = 0; i < r->n; i++) {
        if (cell_num(&r->c[i])) continue;
        if (strchr(r->c[i].t, '(') && !strchr(r->c[i].t, ')')) { best = i; break; }
        best = i;
    }
    if (best < 0) { tb_row_add(d, r, f->s, f->e, f->t); return; }
    tb_cell *c = &r->c[best];
    c->t = fx_sprintf(&d->arena, "%s%s", c->t, f->t);
    if (f->e > c->e) c->e = f->e;
}

static bool fragment(fx_doc *d, const tb_row *r)
{
    if (r->n != 1 || !text_only(r) || row_start(d, &r->c[0])) return false;
    return strlen(r->c[0].t) <= 18 && tb_is_cjk(r->c[0].t);
}

size_t tb_read_spaces(fx_doc *d, tb_table *t, size_t i)
{
    size_t j = i;
    bool body = false;
    while (j < d->n_lines) {
        if (blank(d, j)) {
            size_t k = j + 1;
            while (k < d->n_lines && k < j + 4 && blank(d, k)) k++;
            if (k >= d->n_lines || stop_line(d, k) || long_prose(d, k) || !tb_spaces_row_like(d, k)) break;
            j = k;
            continue;
        }
        if (stop_line(d, j) || long_prose(d, j)) break;
        tb_row tmp = {0};
        tokens(d, &tmp, d->lines[j].s, d->lines[j].e);
        if (tmp.n == 0) { j++; continue; }
        tb_row_x(d, &tmp);
        tb_row *prev = t->n_rows ? &t->rows[t->n_rows - 1] : NULL;
        if (body && prev && fragment(d, &tmp)) {
            append_fragment(d, prev, &tmp.c[0]);
            prev->line1 = j;
            j++;
            continue;
        }
        /* numbers on their own line under a label that had none, or the label's wrapped
         * tail with the numbers after it (`…养老保险缴` / `费支出 712,610.50 …`): that row's */
        if (body && prev && label_only(prev) && !prev->hdr &&
            (numbers_only(&tmp) || (!cell_num(&tmp.c[0]) && !row_start(d, &tmp.c[0]) && tmp.n > 1 &&
                                    cell_num(&tmp.c[1]) && strlen(tmp.c[0].t) <= 18))) {
            int c = 0;
            if (!cell_num(&tmp.c[0])) append_fragment(d, prev, &tmp.c[c++]);
            for (; c < tmp.n; c++) {
                tb_cell *nc = tb_row_add(d, prev, tmp.c[c].s, tmp.c[c].e, tmp.c[c].t);
                nc->x0 = tmp.c[c].x0;
                nc->x1 = tmp.c[c].x1;
            }
            prev->line1 = j;
            j++;
            continue;
        }
        tb_row *r = tb_table_add_row(d, t);
        *r = tmp;
        r->line0 = r->line1 = j;
        if (!body && !data_row(d, r)) r->hdr = lineno_row(r) ? 2 : 1;
        else body = true;
        j++;
    }
    return j;
}

bool tb_spaces_row_like(fx_doc *d, size_t i)
{
    tb_row tmp = {0};
    tokens(d, &tmp, d->lines[i].s, d->lines[i].e);
    if (tmp.n == 0) return false;
    return data_row(d, &tmp) || (tmp.n == 1 && strlen(tmp.c[0].t) <= 60) || tmp.n >= 3;
}

/* ---- layout 4 ---- */

size_t tb_read_lines(fx_doc *d, tb_table *t, size_t i)
{
    /* all cells first, in reading order */
    tb_row all = {0};
    size_t j = i, last = i;
    while (j < d->n_lines) {
        if (blank(d, j)) {
            size_t k = j + 1;
            while (k < d->n_lines && k < j + 4 && blank(d, k)) k++;
            if (k >= d->n_lines || stop_line(d, k) || long_prose(d, k)) break;
            j = k;
            continue;
        }
        size_t n = d->lines[j].e - d->lines[j].s;
        if (stop_line(d, j) || long_prose(d, j) || n > 120) break;
        size_t before = (size_t)all.n;
        tokens(d, &all, d->lines[j].s, d->lines[j].e);
        /* a line is one cell: rejoin a label with inner spaces, keep split numbers/codes */
        if (all.n - (int)before > 1) {
            bool any_num = false;
            for (int c = (int)before; c < all.n; c++) if (cell_num(&all.c[c])) any_num = true;
            if (!any_num) {
                size_t a = d->lines[j].s, b = d->lines[j].e;
                trim(d, &a, &b);
                all.n = (int)before;
                tb_row_add(d, &all, a, b, tb_squeeze(d, fx_strndup(&d->arena, d->text + a, b - a)));
            }
        }
        last = j;
        j++;
    }
    (void)last;
    /* header: cells before the first body cell; a 栏次 run ends it */
    int c = 0;
    tb_row *h = NULL;
    while (c < all.n) {
        const tb_cell *x = &all.c[c];
        if (!strcmp(x->t, "栏次")) {
            tb_row *ln = tb_table_add_row(d, t);
            ln->hdr = 2;
            tb_row_add(d, ln, x->s, x->e, x->t);
            c++;
            int k = 1;
            char want[16];
            for (;;) {
                snprintf(want, sizeof want, "%d", k);
                if (c < all.n && !strcmp(all.c[c].t, want)) { tb_row_add(d, ln, all.c[c].s, all.c[c].e, all.c[c].t); c++; k++; }
                else break;
            }
            break;
        }
        if (cell_num(x) || (c + 1 < all.n && cell_num(&all.c[c + 1]))) break;
        if (!h) { h = tb_table_add_row(d, t); h->hdr = 1; }
        tb_row_add(d, h, x->s, x->e, x->t);
        c++;
    }
    /* body: a row starts at a code, at a row-start label, or at a label after a number */
    tb_row *r = NULL;
    bool had_num = false;
    for (; c < all.n; c++) {
        const tb_cell *x = &all.c[c];
        /* a code is a code when a name follows it, not a number */
        bool code = tb_is_code(x->t) && c + 1 < all.n && !cell_num(&all.c[c + 1]);
        bool num = !code && cell_num(x);
        bool start = !r || code || (!num && (had_num || row_start(d, x)));
        if (r && !code && !num && !had_num && r->n == 1 && tb_is_code(r->c[0].t)) start = false; /* code, then its name */
        if (start) {
            r = tb_table_add_row(d, t);
            r->line0 = fx_line_at(d, x->s);
            had_num = false;
        }
        if (!num && !had_num && r->n > 0 && !tb_is_code(r->c[r->n - 1].t) && !start) {
            /* a wrapped label */
            tb_cell *p = &r->c[r->n - 1];
            p->t = fx_sprintf(&d->arena, "%s%s", p->t, x->t);
            p->e = x->e;
        } else {
            tb_row_add(d, r, x->s, x->e, x->t);
        }
        if (num) had_num = true;
        r->line1 = fx_line_at(d, x->s);
    }
    for (int k = 0; k < t->n_rows; k++)
        if (t->rows[k].hdr && t->rows[k].n) {
            t->rows[k].line0 = fx_line_at(d, t->rows[k].c[0].s);
            t->rows[k].line1 = fx_line_at(d, t->rows[k].c[t->rows[k].n - 1].s);
        }
    return j;
}

/* The table stage's own model, shared by its files (not by other stages, which read the
 * `table` and `row` records):
*   tables.c         the stage: where tables are: titles, codes, units, issuers, notes, empty declarations
 *   tables_layout.c  the cells of a table's lines, per layout (DOCX, tabs, spaces, one per line)
 *   tables_rows.c    header rows flattened to column names; body rows to `row` records
 *   tables_place.c   which column a number belongs to when empty cells were dropped
 *   tables_align.c   the same, by display position when the converter kept the page layout
 *   tables_text.c    small text tests shared with indicators.c (numbers, codes, ordinals)
 *
 * Values in `row.values` stay in the table's own unit (the table record says which): that is
 * how the report prints them and how researchers compare them with the printed table. */
#ifndef FX_TABLES_H
#define FX_TABLES_H

#include "internal.h"

typedef struct tb_cell {
    size_t s, e;        /* canonical span of the cell text */
    const char *t;      /* cleaned text (arena, NUL-terminated): trimmed, wrapped parts joined */
    int x0, x1;         /* layout 3: display columns [x0,x1) in the input line, -1 unknown */
    int ink;            /* layout 3: display width of the text (not spaces) before it on its line */
} tb_cell;

typedef struct tb_row {
    tb_cell *c;
    int n, cap;
    size_t line0, line1; /* first and last line of the row */
    int hdr;             /* layouts 3/4: 1 a header line, 2 the 栏次 numbering line */
} tb_row;

typedef enum { TB_DOCX = 1, TB_TABS = 2, TB_SPACES = 3, TB_LINES = 4 } tb_layout;

typedef struct tb_table {
    tb_layout layout;
    size_t first_line, last_line;  /* lines claimed, inclusive */
    size_t body0;                  /* first line of the grid */
    const char *title, *code, *unit, *issuer, *note;
    size_t note_line;              /* (size_t)-1: none */
    tb_row *rows;                  /* grid rows (header and body), meta rows removed */
    int n_rows, cap_rows;
    bool sparse;                   /* layouts 3/4: empty cells were dropped by the converter */
    fx_rec *rec;
    int index;                     /* in d->tables */
} tb_table;

/* ---- tables_text.c ---- */
bool tb_is_cjk(const char *p);                  /* p starts a Han character or CJK punctuation */
/* text without spaces between two CJK characters (PDF cell wraps: `满意度 指标`) */
char *tb_squeeze(fx_doc *d, const char *s);
/* the whole cell is a number (`6,302.48`, `-3`, `100.00%`): its value */
bool tb_num(const char *s, fx_dec *out);
/* a 功能/经济分类 code: 3, 5 or 7 digits */
bool tb_is_code(const char *s);
/* length of a leading ordinal (`一、`, `(一)`, `1.`, `1、`), 0 if none */
size_t tb_ordinal_len(const char *s);
/* placeholders for an empty value (`—`, `——`, `-`, `/`) */
bool tb_is_dash(const char *s);
bool tb_contains(const char *s, const char *needle);
/* false when s[0,n) cannot match patterns/table_total: it does not end (before spaces) in 计
 * or 分 (合计 小计 总计 总分). A cheap test before the regex. */
bool tb_may_total(const char *s, size_t n);
bool tb_ends_with(const char *s, const char *suffix);

/* ---- tables_layout.c: read the grid starting at line i; returns the line after it ---- */
size_t tb_read_docx(fx_doc *d, tb_table *t, size_t i);
size_t tb_read_tabs(fx_doc *d, tb_table *t, size_t i);
size_t tb_read_spaces(fx_doc *d, tb_table *t, size_t i);
size_t tb_read_lines(fx_doc *d, tb_table *t, size_t i);
/* the line looks like a row of a table in layout 3/4 (numbers, a code, short cells) */
bool tb_spaces_row_like(fx_doc *d, size_t i);
tb_cell *tb_row_add(fx_doc *d, tb_row *r, size_t s, size_t e, const char *t);
tb_row *tb_table_add_row(fx_doc *d, tb_table *t);

/* ---- tables.c ---- */
/* a line that only carries table metadata (code, unit, issuer, year): fills t, true if so */
bool tb_meta_line(fx_doc *d, tb_table *t, const char *s, size_t n);
bool tb_note_line(fx_doc *d, const char *s, size_t n);
bool tb_title_line(fx_doc *d, const char *s, size_t n, size_t *ts, size_t *te);

/* ---- tables_rows.c: header, rows, records ---- */
void tb_emit(fx_doc *d, tb_table *t, size_t cs, size_t ce);

/* ---- tables_place.c: values of a row whose empty cells were dropped ---- */
typedef struct tb_col {
    const char *name;    /* flattened */
    const char *leaf;    /* last header part */
    bool label;          /* 项目/科目代码/科目名称/行次/栏次/序号: not a value column */
    bool lineno;         /* 行次 */
    bool total;          /* 合计/小计/总计 column: the sum of the value columns after it */
} tb_col;
/* Place the numbers nums[0..n) of a sparse row into value columns cols[0..nc); slot[i] is the
 * column of nums[i] or -1 (unplaced). `parent` is the column set (bitmask by index, -1 unknown)
 * of the row's parent, used when the row has exactly as many numbers as the parent has filled
 * columns. Returns how many were placed. */
int tb_place(const tb_col *cols, int nc, const fx_dec *nums, int n, const int *parent_cols,
             int n_parent, int *slot);

/* ---- tables_align.c: columns by display position (layout 3 with the page layout kept) ---- */
typedef struct tb_geo {
    bool on;             /* the table's numbers line up under its header */
    int nc;
    int *h0, *h1;        /* per column: display range of its header word, -1 none */
    int *redge;          /* right edge its numbers share, -1 none */
    int *centre2;        /* twice the centre its numbers share, -1 none */
} tb_geo;
/* the display range of each cell of a row in its input line (x0 = x1 = -1 when not
 * measurable); the cells in left-to-right order, as a line is read */
void tb_row_x(fx_doc *d, tb_row *r);
/* positions of the columns cols[0..nc) of a sparse table, when the table proves them */
bool tb_geo_init(fx_doc *d, const tb_table *t, const tb_col *cols, int nc, tb_geo *g);
/* the column of a number printed at [x0,x1), or -1 */
int tb_geo_slot(const tb_geo *g, int x0, int x1);

/* ---- tables_rows.c ---- */
/* a header leaf that names a label column (项目, 科目代码, 行次…), not a value column */
bool tb_label_leaf(const char *leaf);

#endif

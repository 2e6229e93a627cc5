/* The document model shared by the stages. Not installed: stages include it, users
 * include fiscx.h. Everything a document owns lives in its arena and dies with it. */
#ifndef FX_INTERNAL_H
#define FX_INTERNAL_H

#include "fiscx.h"
#include "decimal.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FX_NOSPAN ((size_t)-1)

/* ---- arena: bump allocation per document ---- */
typedef struct fx_arena_chunk fx_arena_chunk;
typedef struct fx_arena { fx_arena_chunk *head; size_t total; } fx_arena;
void *fx_alloc(fx_arena *a, size_t n);           /* zeroed, 8-aligned */
char *fx_strndup(fx_arena *a, const char *s, size_t n);
char *fx_strdup(fx_arena *a, const char *s);
char *fx_sprintf(fx_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fx_arena_free(fx_arena *a);

/* ---- growable byte buffer (malloc'd) ---- */
typedef struct fx_buf { char *p; size_t n, cap; } fx_buf;
void fx_buf_put(fx_buf *b, const void *s, size_t n);
void fx_buf_putc(fx_buf *b, char c);
void fx_buf_puts(fx_buf *b, const char *s);
void fx_buf_printf(fx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fx_buf_free(fx_buf *b);
void fx_buf_reserve(fx_buf *b, size_t n);   /* room for n more bytes and a NUL: writers fill p+n */

/* ---- values: the small JSON tree a record's fields are made of ---- */
typedef enum { FXV_NULL, FXV_BOOL, FXV_INT, FXV_STR, FXV_LIST, FXV_OBJ } fxv_kind;
typedef struct fx_kv fx_kv;
/* A value holds one kind at a time: the kinds share their storage, and the kind, key bits and
 * count share 8 bytes (a field node is 40 bytes, not 64: records are most of a document's
 * memory). Read a member only for its kind. */
typedef struct fx_val {
    unsigned k : 4;      /* fxv_kind */
    unsigned keys : 28;  /* OBJ: a bit per key's first bytes (record.c), so a new key needs no search */
    uint32_t n;          /* STR length (a field is far below 4 GiB: see fx_set_strn); LIST/OBJ item count */
    union {
        long long i;                     /* BOOL, INT */
        const char *s;                   /* STR (UTF-8, may hold anything: the writer escapes) */
        struct { fx_kv *head, *tail; };  /* LIST/OBJ items (key NULL in lists) */
    };
} fx_val;
struct fx_kv { const char *key; fx_val v; fx_kv *next; };

/* ---- records ---- */
typedef struct fx_doc fx_doc;
typedef struct fx_rec {
    const char *type;
    const char *id;
    size_t cstart, cend;        /* canonical span, FX_NOSPAN when none */
    long long span_s, span_e;   /* raw span, filled from the offset map */
    long line;                  /* 1-based raw line, 0 when none */
    int order;                  /* emission group: 0 text records, 1 checks, 2 late diagnostics */
    unsigned seq;               /* creation order, tie-break */
    fx_val f;                   /* fields beyond the common ones, in output order */
} fx_rec;

/* Create a record; the id is `<prefix><n>` per prefix (s1, a3, ...). cstart/cend are
 * canonical byte offsets (FX_NOSPAN for none). */
fx_rec *fx_rec_new(fx_doc *d, const char *type, size_t cstart, size_t cend);
/* Same, with an explicit id (rows: t3.r7). */
fx_rec *fx_rec_new_id(fx_doc *d, const char *type, const char *id, size_t cstart, size_t cend);
void fx_set_str(fx_doc *d, fx_rec *r, const char *key, const char *s);  /* NULL -> null */
void fx_set_strn(fx_doc *d, fx_rec *r, const char *key, const char *s, size_t n);
void fx_set_int(fx_doc *d, fx_rec *r, const char *key, long long v);
void fx_set_bool(fx_doc *d, fx_rec *r, const char *key, bool v);
void fx_set_null(fx_doc *d, fx_rec *r, const char *key);
void fx_set_dec(fx_doc *d, fx_rec *r, const char *key, fx_dec v);     /* exact string, null if !ok */
fx_val *fx_set_list(fx_doc *d, fx_rec *r, const char *key);           /* empty list to fill */
fx_val *fx_set_obj(fx_doc *d, fx_rec *r, const char *key);            /* empty object to fill */
void fx_list_add_str(fx_doc *d, fx_val *list, const char *s);
void fx_list_add_strn(fx_doc *d, fx_val *list, const char *s, size_t n);
void fx_obj_add_str(fx_doc *d, fx_val *obj, const char *key, const char *s);
fx_val *fx_obj_add(fx_doc *d, fx_val *obj, const char *key);         /* new null slot */
const fx_val *fx_get(const fx_rec *r, const char *key);
const char *fx_get_str(const fx_rec *r, const char *key);             /* STR only, else NULL */
long long fx_get_int(const fx_rec *r, const char *key, long long dflt);
const fx_val *fx_obj_get(const fx_val *obj, const char *key);
/* The raw input text of a canonical span, decoded to UTF-8 (arena). */
const char *fx_raw_text(fx_doc *d, size_t cstart, size_t cend);
/* A diagnostic record; span may be FX_NOSPAN. Severity error marks the document as failed. */
fx_rec *fx_diag(fx_doc *d, const char *severity, const char *code, size_t cstart, size_t cend,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A diagnostic about raw bytes that have no canonical position (decode errors). */
fx_rec *fx_diag_raw(fx_doc *d, const char *severity, const char *code, long long rs, long long re,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* ---- lines of the canonical text (blocks.c) ---- */
typedef enum {
    FXL_BLANK, FXL_PROSE, FXL_HEADING, FXL_TABLE, FXL_TOC, FXL_NOISE
} fx_line_kind;
typedef struct fx_line {
    size_t s, e;          /* canonical [s,e), without the '\n' */
    fx_line_kind kind;
    int tabs;             /* number of '\t' in the line */
    int lead_tabs;        /* leading '\t' count */
    int table;            /* index of the table record claiming it, -1 none */
    int section;          /* index into d->sections of the innermost section, -1 none */
    bool too_long;        /* over --max-line: reported once (fx_line_too_long) */
} fx_line;

/* ---- the document ---- */
struct fx_doc {
    fx_arena arena;
    const fx_opts *opts;
    const char *doc_id;

    /* raw input (owned by the parser) */
    const unsigned char *raw;
    size_t raw_len;
    const char *encoding;        /* detected, ICU name */

    /* decoded UTF-8 and the raw offset of each decoded byte's character (NULL: identity) */
    char *utf8; size_t utf8_len;
    uint32_t *umap;              /* NULL: raw offset = decoded offset + ubase */
    uint32_t ubase;              /* bytes of BOM skipped */

    /* raw offsets of line breaks, for line numbers */
    uint32_t *nl; size_t n_nl;

    /* canonical text, NUL-terminated, and for each canonical byte the raw [start, start+len)
     * of the input it came from */
    char *text; size_t len;
    uint32_t *moff; uint8_t *mlen;

    fx_line *lines; size_t n_lines;

    /* records */
    fx_rec **recs; size_t n_recs, cap_recs;
    unsigned next_seq;
    struct { char prefix[8]; unsigned n; } counters[24];
    int n_counters;

    /* stage results other stages read */
    fx_rec **sections; size_t n_sections, cap_sections;   /* in order */
    fx_rec **tables; size_t n_tables, cap_tables;
    fx_rec *document;
    const char *unit;            /* report's default money unit for tables, e.g. 万元 */
    int year;

    int error;                   /* an error diagnostic was emitted */
    int n_diag;
    struct fx_patterns *pat;     /* compiled patterns (shared, read-only) */
    struct fx_matcher *m;        /* per-document match context */
};

/* raw span and line of a canonical span */
void fx_span_raw(const fx_doc *d, size_t cs, size_t ce, long long *rs, long long *re);
long fx_line_of_raw(const fx_doc *d, long long raw_off);
/* index of the line holding canonical offset c */
size_t fx_line_at(const fx_doc *d, size_t c);
/* Is the line holding [s,e) longer than --max-line (opts->max_line_bytes)? Stages call this
 * before running patterns over a line and skip the line when it is; the first call for a
 * line emits one `line-too-long` diagnostic, so a hostile line costs linear time once. */
bool fx_line_too_long(fx_doc *d, size_t s, size_t e);
/* Is a text of n bytes over --max-line? (no diagnostic: a cheap test before the above) */
static inline bool fx_over_max_line(const fx_doc *d, size_t n)
{
    return d->opts && d->opts->max_line_bytes && n > d->opts->max_line_bytes;
}

/* ---- stages, in pipeline order ---- */
int fx_decode(fx_doc *d);         /* normalize/decode.c */
int fx_normalize(fx_doc *d);      /* normalize/normalize.c */
void fx_blocks(fx_doc *d);        /* extract/blocks.c: lines and their first classification */
void fx_tables(fx_doc *d);        /* extract/tables.c: table and row records, claims lines */
void fx_tables_sections(fx_doc *d); /* extract/tables.c: table.section, after fx_segment */
void fx_indicators(fx_doc *d);    /* extract/indicators.c: indicator records from 绩效 tables */
void fx_segment(fx_doc *d);       /* extract/segment.c: sections, TOC */
void fx_document_fields(fx_doc *d); /* extract/document.c: title, issuer, year, kind, scope */
void fx_facts(fx_doc *d);         /* extract/facts.c: amounts, percents, changes, quantities, terms */
void fx_check(fx_doc *d);         /* extract/check.c: consistency checks */

/* record list helpers */
void fx_push(fx_rec ***v, size_t *n, size_t *cap, fx_rec *r);

#endif

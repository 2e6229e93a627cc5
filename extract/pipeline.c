/* The push parser: buffer one document's bytes (bounded), run the stages in order, and hand
 * the records to the callback in the contract's order. */
#include "emit.h"
#include "patterns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FX_N_COUNTED = 12, FX_COUNTED_CHECK = 10 }; /* record types the summary counts */

struct fx_parser {
    fx_opts opts;
    char *doc_id;
    fx_record_cb cb;
    void *user;
    unsigned char *buf;
    size_t n, cap;
    size_t total;          /* bytes offered, also past the limit */
    int too_large;
    char *io_error;
    size_t expect;         /* the document's size if the caller knows it (fx_parser_expect) */

    /* A document over opts.piece_bytes is processed in pieces cut at line breaks, each
     * through all the stages, so memory stays bounded whatever the document's size. What
     * carries from one piece to the next: */
    int pieces;            /* pieces done */
    size_t consumed;       /* raw bytes of the document before buf[0] */
    long lines_before;     /* line breaks in those bytes */
    int unit;              /* code unit: 1 (UTF-8, GB18030), 2 (UTF-16 with a BOM), 0 never
                              cut, -1 not yet looked at (piece_unit) */
    unsigned char bom[4];
    int bom_len;           /* repeated at the head of later pieces so they decode alike */
    struct { char prefix[8]; unsigned n; } counters[24]; /* record ids go on, not restart */
    int n_counters;
    long counts[FX_N_COUNTED], pass, fail, skip, n_diag; /* for the one summary */
    int error, stopped;
};

void fx_opts_default(fx_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_doc_bytes = (size_t)64 << 20;
    o->piece_bytes = (size_t)1 << 20;    /* peak memory is ~30x a piece: see docs/scale.md */
    o->max_line_bytes = 64u << 10;
    o->match_limit = 1000000;
    o->depth_limit = 10000;
    o->default_unit = NULL;
}

fx_parser *fx_parser_new(const fx_opts *opts, const char *doc_id, fx_record_cb cb, void *user)
{
    fx_parser *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    if (opts) p->opts = *opts; else fx_opts_default(&p->opts);
    /* offsets into a document are 32-bit (the offset maps): a larger one is refused */
    if (p->opts.max_doc_bytes > UINT32_MAX - 1) p->opts.max_doc_bytes = UINT32_MAX - 1;
    p->doc_id = strdup(doc_id ? doc_id : "-");
    p->unit = -1;
    p->cb = cb;
    p->user = user;
    return p;
}

static void run_full_pieces(fx_parser *p);

void fx_parser_expect(fx_parser *p, size_t total)
{
    p->expect = total;
    if (total > p->opts.max_doc_bytes) p->too_large = 1; /* refused before any byte is read */
}

int fx_parser_feed(fx_parser *p, const void *data, size_t len)
{
    p->total += len;
    if (p->too_large || p->stopped) return -1; /* stopped: the reader went away mid-document */
    if (len == 0) return 0; /* nothing to copy (and buf may still be NULL) */
    if (p->total > p->opts.max_doc_bytes) {
        p->too_large = 1;
        free(p->buf);
        p->buf = NULL; p->n = p->cap = 0;
        return -1;
    }
    if (p->n + len > p->cap) {
        size_t cap = p->cap ? p->cap : 65536;
        while (cap < p->n + len) cap *= 2;
        if (cap > p->opts.max_doc_bytes) cap = p->opts.max_doc_bytes;
        unsigned char *b = realloc(p->buf, cap);
        if (!b) { p->too_large = 1; free(p->buf); p->buf = NULL; p->n = p->cap = 0; return -1; }
        p->buf = b; p->cap = cap;
    }
    if (len) memcpy(p->buf + p->n, data, len);
    p->n += len;
    /* a document known to be over the piece size is processed as it streams in: each full
     * piece goes through the stages and is dropped, so the buffer stays about one piece */
    if (p->expect > p->opts.piece_bytes) run_full_pieces(p);
    return 0;
}

void fx_parser_io_error(fx_parser *p, const char *message)
{
    free(p->io_error);
    p->io_error = strdup(message ? message : "read error");
}

void fx_parser_free(fx_parser *p)
{
    if (!p) return;
    free(p->buf); free(p->doc_id); free(p->io_error);
    free(p);
}

/* ---- record views for the callback ---- */

const char *fx_record_type(const fx_record *r) { return r->rec->type; }
const char *fx_record_id(const fx_record *r) { return r->rec->id; }
const char *fx_record_json(const fx_record *r, size_t *len) { if (len) *len = r->json->n; return r->json->p; }

const char *fx_record_get(const fx_record *r, const char *key)
{
    if (!strcmp(key, "type")) return r->rec->type;
    if (!strcmp(key, "id")) return r->rec->id;
    if (!strcmp(key, "doc")) return r->doc_id;
    const fx_val *v = fx_get(r->rec, key);
    if (!v) return NULL;
    if (v->k == FXV_STR) return v->s;
    if (v->k == FXV_INT || v->k == FXV_BOOL) {
        snprintf(((fx_record *)r)->num, sizeof r->num, "%lld", v->i);
        return r->num;
    }
    return NULL;
}

char *fx_record_field_json(const fx_record *r, const char *key)
{
    const fx_val *v = fx_get(r->rec, key);
    if (!v) return NULL;
    fx_buf b = {0};
    fx_json_val(&b, v);
    return b.p;
}

/* ---- ordering ---- */

static int cmp_rec(const void *a, const void *b)
{
    const fx_rec *x = *(fx_rec *const *)a, *y = *(fx_rec *const *)b;
    if (x->order != y->order) return x->order < y->order ? -1 : 1;
    if (x->order == 0 && x->span_s != y->span_s) return x->span_s < y->span_s ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *const COUNTED[FX_N_COUNTED] = {
    "document", "section", "amount", "percent", "change", "quantity", "table", "row",
    "indicator", "term", "check", "diagnostic"};

/* Add a document's (or a piece's) records to the summary's counts. */
static void tally(fx_parser *p, const fx_doc *d, const fx_rec *skip)
{
    const char *last = NULL;
    int t = -1;
    for (size_t i = 0; i < d->n_recs; i++) {
        const fx_rec *r = d->recs[i];
        if (r == skip) continue;
        if (r->type != last) { /* records come in runs of one type: look the name up per run */
            last = r->type;
            for (t = 0; t < FX_N_COUNTED && strcmp(COUNTED[t], last); t++) {}
        }
        if (t >= FX_N_COUNTED) continue;
        p->counts[t]++;
        if (t == FX_COUNTED_CHECK) {
            const char *st = fx_get_str(r, "status");
            if (st && !strcmp(st, "pass")) p->pass++;
            else if (st && !strcmp(st, "fail")) p->fail++;
            else p->skip++;
        }
    }
    p->n_diag += d->n_diag;
}

static fx_rec *summary(fx_parser *p, fx_doc *d)
{
    fx_rec *s = fx_rec_new(d, "summary", FX_NOSPAN, FX_NOSPAN);
    s->order = 3;
    fx_val *counts = fx_set_obj(d, s, "counts");
    for (int t = 0; t < FX_N_COUNTED; t++) {
        fx_val *v = fx_obj_add(d, counts, COUNTED[t]);
        v->k = FXV_INT; v->i = p->counts[t];
    }
    fx_val *ch = fx_set_obj(d, s, "checks");
    fx_val *v;
    v = fx_obj_add(d, ch, "pass"); v->k = FXV_INT; v->i = p->pass;
    v = fx_obj_add(d, ch, "fail"); v->k = FXV_INT; v->i = p->fail;
    v = fx_obj_add(d, ch, "skip"); v->k = FXV_INT; v->i = p->skip;
    fx_set_int(d, s, "diagnostics", p->n_diag);
    return s;
}

/* Hand d's records to the callback, except `skip`: document first, summary last, the
 * rest in input order, checks after them. */
static int emit_all(fx_doc *d, fx_parser *p, const fx_rec *skip)
{
    d->document->order = -1;
    qsort(d->recs, d->n_recs, sizeof *d->recs, cmp_rec);
    fx_buf b = {0};
    int stopped = 0;
    for (size_t i = 0; i < d->n_recs && !stopped; i++) {
        if (d->recs[i] == skip) continue;
        b.n = 0;
        fx_json_record(&b, p->doc_id, d->recs[i]);
        fx_record view = {d->recs[i], p->doc_id, &b, {0}};
        if (p->cb && p->cb(p->user, &view)) stopped = 1;
    }
    fx_buf_free(&b);
    return stopped;
}

static void run_stages(fx_doc *d)
{
    if (fx_decode(d) != 0) return;
    fx_set_str(d, d->document, "encoding", d->encoding);
    fx_normalize(d);
    fx_blocks(d);
    fx_tables(d);
    fx_indicators(d);
    fx_segment(d);
    fx_tables_sections(d);
    fx_document_fields(d);
    fx_facts(d);
    fx_check(d);
}

static fx_doc *doc_new_raw(fx_parser *p, const unsigned char *raw, size_t len)
{
    fx_doc *d = calloc(1, sizeof *d);
    if (!d) abort();
    d->opts = &p->opts;
    d->doc_id = p->doc_id;
    d->raw = raw ? raw : (const unsigned char *)"";
    d->raw_len = len;
    d->m = fx_match_new(&p->opts);
    return d;
}

static fx_doc *doc_new(fx_parser *p) { return doc_new_raw(p, p->buf, p->n); }

static void doc_free(fx_doc *d)
{
    fx_match_free(d->m);
    free(d->recs); free(d->sections); free(d->tables);
    fx_arena_free(&d->arena);
    free(d);
}

static void document_record(fx_doc *d, size_t bytes)
{
    fx_rec *r = fx_rec_new(d, "document", FX_NOSPAN, FX_NOSPAN);
    d->document = r;
    fx_set_str(d, r, "schema", FISCX_SCHEMA);
    fx_set_null(d, r, "title");
    fx_set_null(d, r, "issuer");
    fx_set_null(d, r, "year");
    fx_set_null(d, r, "kind");
    fx_set_null(d, r, "scope");
    fx_set_null(d, r, "encoding");
    fx_set_int(d, r, "bytes", (long long)bytes);
}

/* ---- pieces ---- */

/* Whether and how the document can be cut: at '\n' bytes for UTF-8 and GB18030 (no
 * multi-byte character contains 0x0A), at aligned newline units after a UTF-16 BOM; text
 * with NULs but no BOM (UTF-16/32 without one) is never cut. */
static void piece_unit(fx_parser *p, const unsigned char *b, size_t n)
{
    p->unit = 1;
    p->bom_len = 0;
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        if (n >= 4 && b[0] == 0xFF && b[2] == 0 && b[3] == 0) { p->unit = 0; return; } /* UTF-32LE */
        p->unit = 2;
        p->bom_len = 2;
        memcpy(p->bom, b, 2);
        return;
    }
    if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) { p->unit = 0; return; }
    size_t look = n < 65536 ? n : 65536;
    if (memchr(b, 0, look)) p->unit = 0;
}

/* Where to end a piece that starts at b (b[0,n) is what is buffered, n >= the piece size):
 * after the last blank line in the piece's second half, else after its last line break, else
 * at the piece size (not inside a UTF-8 character). */
static size_t piece_cut(const fx_parser *p, const unsigned char *b, size_t n)
{
    size_t P = p->opts.piece_bytes < n ? p->opts.piece_bytes : n, lo = P / 2, nl = 0;
    if (p->unit == 2) {
        int le = p->bom[0] == 0xFF;
        for (size_t i = (P & ~(size_t)1); i >= lo + 2 && i >= 2; i -= 2) {
            const unsigned char *u = b + i - 2;
            if ((le ? u[0] : u[1]) == '\n' && (le ? u[1] : u[0]) == 0) return i;
        }
        return P & ~(size_t)1;
    }
    for (size_t i = P; i > lo; i--) {
        if (b[i - 1] != '\n') continue;
        if (!nl) nl = i;
        if (i >= 2 && (b[i - 2] == '\n' || (i >= 3 && b[i - 2] == '\r' && b[i - 3] == '\n'))) return i;
    }
    if (nl) return nl;
    size_t i = P; /* a line over half a piece: do not cut inside a UTF-8 character */
    for (int k = 0; k < 3 && i > 1 && i < n && (b[i] & 0xC0) == 0x80; k++) i--;
    return i;
}

/* A document for one piece (or for the closing summary) whose record ids go on from the
 * pieces before it. */
static fx_doc *piece_doc(fx_parser *p, const unsigned char *raw, size_t len, size_t bytes)
{
    fx_doc *d = doc_new_raw(p, raw, len);
    _Static_assert(sizeof d->counters == sizeof p->counters, "record id counters carried over");
    memcpy(d->counters, p->counters, sizeof d->counters);
    d->n_counters = p->n_counters;
    document_record(d, bytes);
    return d;
}

/* Run the stages over one piece b[0,len) of the document (at p->consumed) and emit its
 * records with spans and lines of the whole document. */
static void run_piece(fx_parser *p, const unsigned char *b, size_t len)
{
    unsigned char *tmp = NULL;
    size_t pre = 0;
    if (p->pieces > 0 && p->bom_len) {
        tmp = malloc(len + (size_t)p->bom_len);
        if (!tmp) abort();
        memcpy(tmp, p->bom, (size_t)p->bom_len);
        memcpy(tmp + p->bom_len, b, len);
        b = tmp;
        pre = (size_t)p->bom_len;
        len += pre;
    }
    fx_doc *d = piece_doc(p, b, len, p->expect ? p->expect : p->total);
    if (p->pieces == 0)
        fx_diag(d, "warning", "in-pieces", FX_NOSPAN, FX_NOSPAN,
                "%s: %zu bytes is over the piece size of %zu bytes (--piece-size): processed in "
                "pieces cut at line breaks; sections, tables and checks do not reach across a cut",
                p->doc_id, p->expect ? p->expect : p->total, p->opts.piece_bytes);
    run_stages(d);
    long long shift = (long long)p->consumed - (long long)pre;
    for (size_t i = 0; i < d->n_recs; i++) {
        fx_rec *r = d->recs[i];
        if (r->span_s >= 0) { r->span_s += shift; r->span_e += shift; }
        if (r->line > 0) r->line += p->lines_before;
    }
    const fx_rec *skip = p->pieces > 0 ? d->document : NULL; /* one document record */
    tally(p, d, skip);
    if (emit_all(d, p, skip)) p->stopped = 1;
    if (d->error) p->error = 1;
    p->lines_before += (long)d->n_nl;
    memcpy(p->counters, d->counters, sizeof p->counters);
    p->n_counters = d->n_counters;
    p->pieces++;
    doc_free(d);
    free(tmp);
}

/* Run every full piece in the buffer (while more than a piece is left), then keep only what
 * is left; nothing if the document cannot be cut. */
static void run_full_pieces(fx_parser *p)
{
    size_t P = p->opts.piece_bytes, off = 0;
    if (!P || p->n <= P) return;
    if (p->unit < 0) piece_unit(p, p->buf, p->n); /* the head decides, before the first cut */
    if (!p->unit) return;
    while (!p->stopped && p->n - off > P) {
        size_t cut = piece_cut(p, p->buf + off, p->n - off);
        run_piece(p, p->buf + off, cut);
        p->consumed += cut;
        off += cut;
    }
    if (off) memmove(p->buf, p->buf + off, p->n - off);
    p->n -= off;
}

/* The end of a document processed in pieces: the last piece, what went wrong, the summary. */
static int finish_pieces(fx_parser *p)
{
    if (!p->too_large && !p->stopped) {
        run_full_pieces(p);
        if (!p->stopped && p->n > 0) run_piece(p, p->buf, p->n);
    }
    fx_doc *d = piece_doc(p, NULL, 0, p->total);
    if (p->io_error)
        fx_diag(d, "error", "read-error", FX_NOSPAN, FX_NOSPAN, "%s: %s", p->doc_id, p->io_error);
    if (p->too_large) /* the size changed while it was read: what came before was emitted */
        fx_diag(d, "error", "too-large", FX_NOSPAN, FX_NOSPAN,
                "%s: %zu bytes is over the document limit of %zu bytes (--max-doc-size); the "
                "records of the first %zu bytes were emitted, the rest was not processed",
                p->doc_id, p->total, p->opts.max_doc_bytes, p->consumed);
    tally(p, d, d->document);
    fx_rec *s = summary(p, d);
    if (!p->stopped) {
        for (size_t i = 0; i < d->n_recs; i++) d->recs[i]->order = d->recs[i] == s ? 3 : 2;
        if (emit_all(d, p, d->document)) p->stopped = 1;
    }
    int rc = p->stopped ? 2 : (p->error || d->error) ? 1 : 0;
    doc_free(d);
    free(p->buf);
    p->buf = NULL; p->n = p->cap = 0;
    return rc;
}

int fx_parser_finish(fx_parser *p)
{
    /* a document over the piece size not cut as it streamed (its size was not announced) */
    if (p->pieces == 0 && !p->too_large && !p->io_error) run_full_pieces(p);
    if (p->pieces > 0) return finish_pieces(p);
    fx_doc *d = doc_new(p);
    document_record(d, p->total);
    if (p->io_error)
        fx_diag(d, "error", "read-error", FX_NOSPAN, FX_NOSPAN, "%s: %s", p->doc_id, p->io_error);
    if (p->too_large)
        fx_diag(d, "error", "too-large", FX_NOSPAN, FX_NOSPAN,
                "%s: %zu bytes is over the document limit of %zu bytes (--max-doc-size); not processed",
                p->doc_id, p->total, p->opts.max_doc_bytes);
    else if (p->n == 0 && !p->io_error)
        fx_diag(d, "warning", "empty", FX_NOSPAN, FX_NOSPAN, "%s: empty input", p->doc_id);
    else
        run_stages(d);
    tally(p, d, NULL);
    summary(p, d);
    int stopped = emit_all(d, p, NULL);
    int rc = stopped ? 2 : d->error ? 1 : 0;
    doc_free(d);
    free(p->buf);
    p->buf = NULL; p->n = p->cap = 0;
    return rc;
}

int fx_parse_buffer(const fx_opts *opts, const char *doc_id, const void *buf, size_t len,
                    fx_record_cb cb, void *user)
{
    fx_parser *p = fx_parser_new(opts, doc_id, cb, user);
    if (!p) return 1;
    fx_parser_feed(p, buf, len);
    int rc = fx_parser_finish(p);
    fx_parser_free(p);
    return rc;
}

char *fx_normalize_buffer(const fx_opts *opts, const void *buf, size_t len, size_t *out_len)
{
    fx_parser *p = fx_parser_new(opts, "-", NULL, NULL);
    fx_parser_feed(p, buf, len);
    fx_doc *d = doc_new(p);
    char *out = NULL;
    if (fx_decode(d) == 0 && fx_normalize(d) == 0) {
        out = malloc(d->len + 1);
        if (out) { memcpy(out, d->text, d->len); out[d->len] = 0; }
        if (out_len) *out_len = d->len;
    }
    doc_free(d);
    fx_parser_free(p);
    return out;
}

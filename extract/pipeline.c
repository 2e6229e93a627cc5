/* The push parser: buffer one document's bytes (bounded), run the stages in order, and hand
 * the records to the callback in the contract's order. */
#include "emit.h"
#include "patterns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
};

void fx_opts_default(fx_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_doc_bytes = (size_t)64 << 20; /* peak memory is ~30x a document: see docs/scale.md */
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
    p->cb = cb;
    p->user = user;
    return p;
}

int fx_parser_feed(fx_parser *p, const void *data, size_t len)
{
    p->total += len;
    if (p->too_large) return -1;
    if (len == 0) return 0; /* nothing to copy (and buf may still be NULL) */
    if (p->n + len > p->opts.max_doc_bytes) {
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

static void summary(fx_doc *d)
{
    fx_rec *s = fx_rec_new(d, "summary", FX_NOSPAN, FX_NOSPAN);
    s->order = 3;
    fx_val *counts = fx_set_obj(d, s, "counts");
    static const char *const TYPES[] = {"document", "section", "amount", "percent", "change",
                                        "quantity", "table", "row", "indicator", "term", "check",
                                        "diagnostic", NULL};
    long pass = 0, fail = 0, skip = 0;
    for (int t = 0; TYPES[t]; t++) {
        long n = 0;
        for (size_t i = 0; i < d->n_recs; i++) {
            if (strcmp(d->recs[i]->type, TYPES[t])) continue;
            n++;
            if (t == 10) {
                const char *st = fx_get_str(d->recs[i], "status");
                if (st && !strcmp(st, "pass")) pass++;
                else if (st && !strcmp(st, "fail")) fail++;
                else skip++;
            }
        }
        fx_val *v = fx_obj_add(d, counts, TYPES[t]);
        v->k = FXV_INT; v->i = n;
    }
    fx_val *ch = fx_set_obj(d, s, "checks");
    fx_val *v;
    v = fx_obj_add(d, ch, "pass"); v->k = FXV_INT; v->i = pass;
    v = fx_obj_add(d, ch, "fail"); v->k = FXV_INT; v->i = fail;
    v = fx_obj_add(d, ch, "skip"); v->k = FXV_INT; v->i = skip;
    fx_set_int(d, s, "diagnostics", d->n_diag);
}

static int emit_all(fx_doc *d, fx_parser *p)
{
    /* document first, summary last, the rest in input order, checks after them */
    fx_rec *doc = d->document;
    d->document->order = -1;
    qsort(d->recs, d->n_recs, sizeof *d->recs, cmp_rec);
    (void)doc;
    fx_buf b = {0};
    int stopped = 0;
    for (size_t i = 0; i < d->n_recs && !stopped; i++) {
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

static fx_doc *doc_new(fx_parser *p)
{
    fx_doc *d = calloc(1, sizeof *d);
    if (!d) abort();
    d->opts = &p->opts;
    d->doc_id = p->doc_id;
    d->raw = p->buf ? p->buf : (const unsigned char *)"";
    d->raw_len = p->n;
    d->m = fx_match_new(&p->opts);
    return d;
}

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

int fx_parser_finish(fx_parser *p)
{
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
    summary(d);
    int stopped = emit_all(d, p);
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

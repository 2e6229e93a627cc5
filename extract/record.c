/* Records: creation, fields, and the mapping of canonical spans back to raw input. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct { const char *type, *prefix; } PREFIX[] = {
    {"document", "d"}, {"section", "s"}, {"amount", "a"}, {"percent", "p"},
    {"change", "c"}, {"quantity", "q"}, {"table", "t"}, {"row", "r"},
    {"indicator", "i"}, {"term", "g"}, {"check", "k"}, {"diagnostic", "x"},
    {"summary", "z"},
};

static unsigned next_n(fx_doc *d, const char *prefix)
{
    for (int i = 0; i < d->n_counters; i++)
        if (d->counters[i].prefix[0] == prefix[0] && !strcmp(d->counters[i].prefix, prefix))
            return ++d->counters[i].n;
    if (d->n_counters < (int)(sizeof d->counters / sizeof d->counters[0])) {
        snprintf(d->counters[d->n_counters].prefix, sizeof d->counters[0].prefix, "%s", prefix);
        d->counters[d->n_counters].n = 1;
        d->n_counters++;
    }
    return 1;
}

void fx_span_raw(const fx_doc *d, size_t cs, size_t ce, long long *rs, long long *re)
{
    if (cs == FX_NOSPAN || !d->moff) { *rs = *re = -1; return; }
    if (cs > d->len) cs = d->len;
    if (ce > d->len) ce = d->len;
    if (ce < cs) ce = cs;
    if (cs == d->len) { *rs = *re = (long long)d->raw_len; return; }
    *rs = d->moff[cs];
    if (ce == cs) { *re = *rs; return; }
    *re = (long long)d->moff[ce - 1] + d->mlen[ce - 1];
    if (*re < *rs) *re = *rs;
}

long fx_line_of_raw(const fx_doc *d, long long off)
{
    /* number of line breaks before off, plus one */
    size_t lo = 0, hi = d->n_nl;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((long long)d->nl[mid] < off) lo = mid + 1; else hi = mid;
    }
    return (long)lo + 1;
}

size_t fx_line_at(const fx_doc *d, size_t c)
{
    size_t lo = 0, hi = d->n_lines;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->lines[mid].s <= c) lo = mid; else hi = mid;
    }
    return lo;
}

bool fx_line_too_long(fx_doc *d, size_t s, size_t e)
{
    size_t max = d->opts ? d->opts->max_line_bytes : 0;
    if (!max) return false;
    /* a text no longer than the limit holds no line over it (nor a span: both are inside it) */
    if (d->len <= max && (e <= s || e - s <= max)) return false;
    /* the whole line counts, not the piece a stage looks at */
    fx_line *l = d->n_lines ? &d->lines[fx_line_at(d, s)] : NULL;
    if (l && l->s <= s && e <= l->e + 1) { s = l->s; e = l->e; }
    if (e <= s || e - s <= max) return false;
    if (l && l->too_long) return true;
    if (l) l->too_long = true;
    fx_diag(d, "warning", "line-too-long", s, e,
            "line of %zu bytes is over the limit of %zu bytes (--max-line): not read for "
            "amounts, percentages or headings", e - s, max);
    return true;
}

fx_rec *fx_rec_new_id(fx_doc *d, const char *type, const char *id, size_t cs, size_t ce)
{
    fx_rec *r = fx_alloc(&d->arena, sizeof *r);
    r->type = type;
    r->id = id;
    r->cstart = cs;
    r->cend = cs == FX_NOSPAN ? FX_NOSPAN : ce;
    r->f.k = FXV_OBJ;
    r->seq = d->next_seq++;
    fx_span_raw(d, cs, ce, &r->span_s, &r->span_e);
    r->line = r->span_s >= 0 ? fx_line_of_raw(d, r->span_s) : 0;
    fx_push(&d->recs, &d->n_recs, &d->cap_recs, r);
    return r;
}

fx_rec *fx_rec_new(fx_doc *d, const char *type, size_t cs, size_t ce)
{
    const char *prefix = "r";
    for (size_t i = 0; i < sizeof PREFIX / sizeof PREFIX[0]; i++)
        if (PREFIX[i].type[0] == type[0] && !strcmp(PREFIX[i].type, type)) { prefix = PREFIX[i].prefix; break; }
    /* `<prefix><n>` without printf: one id per record, tens of thousands per report */
    unsigned n = next_n(d, prefix);
    char digits[12];
    size_t k = sizeof digits;
    do digits[--k] = (char)('0' + n % 10); while (n /= 10);
    size_t pl = strlen(prefix);
    char *id = fx_alloc(&d->arena, pl + sizeof digits - k + 1);
    memcpy(id, prefix, pl);
    memcpy(id + pl, digits + k, sizeof digits - k);
    fx_rec *r = fx_rec_new_id(d, type, id, cs, ce);
    if (type[0] == 'c' && !strcmp(type, "check")) r->order = 1;
    return r;
}

/* ---- fields ---- */

/* Keys are mostly the same literals again and again, and differ from each other at their
 * first byte: both are answered before strcmp is called. */
static inline bool same_key(const char *a, const char *b)
{
    return a == b || (a[0] == b[0] && !strcmp(a, b));
}

/* An object remembers a bit per key it holds (fx_val.keys), hashed from the key's first two
 * bytes: a key whose bit is clear is not there, so setting a new field (nearly every call)
 * and asking for an absent one skip the walk over the fields. */
static inline uint32_t key_bit(const char *key)
{
    unsigned char c0 = (unsigned char)key[0], c1 = c0 ? (unsigned char)key[1] : 0;
    unsigned h = (c0 + 3u * c1) & 31;
    return 1u << (h < 28 ? h : h - 28);   /* fx_val.keys has 28 bits (no division for a modulo) */
}

static fx_kv *slot(fx_doc *d, fx_val *obj, const char *key)
{
    if (key) {
        uint32_t bit = key_bit(key);
        if (obj->keys & bit)
            for (fx_kv *kv = obj->head; kv; kv = kv->next)
                if (kv->key && same_key(kv->key, key)) { kv->v = (fx_val){0}; return kv; }
        obj->keys |= bit;
    }
    fx_kv *kv = fx_alloc(&d->arena, sizeof *kv);
    kv->key = key;
    if (obj->tail) obj->tail->next = kv; else obj->head = kv;
    obj->tail = kv;
    obj->n++;
    return kv;
}

fx_val *fx_obj_add(fx_doc *d, fx_val *obj, const char *key)
{
    return &slot(d, obj, key ? fx_strdup(&d->arena, key) : NULL)->v;
}

/* fx_val.n is 32 bits: a string field is cut at 4 GiB (no field of a readable document nears it) */
static inline size_t str_len(size_t n) { return n > UINT32_MAX ? UINT32_MAX : n; }

static inline void set_strn(fx_doc *d, fx_rec *r, const char *key, const char *s, size_t n)
{
    n = str_len(n);
    fx_kv *kv = slot(d, &r->f, key);
    if (!s) { kv->v.k = FXV_NULL; return; }
    kv->v.k = FXV_STR;
    kv->v.s = fx_strndup(&d->arena, s, n);
    kv->v.n = (uint32_t)n;
}
void fx_set_strn(fx_doc *d, fx_rec *r, const char *key, const char *s, size_t n)
{
    set_strn(d, r, key, s, n);
}
void fx_set_str(fx_doc *d, fx_rec *r, const char *key, const char *s)
{
    set_strn(d, r, key, s, s ? strlen(s) : 0);
}
void fx_set_int(fx_doc *d, fx_rec *r, const char *key, long long v)
{
    fx_kv *kv = slot(d, &r->f, key);
    kv->v.k = FXV_INT; kv->v.i = v;
}
void fx_set_bool(fx_doc *d, fx_rec *r, const char *key, bool v)
{
    fx_kv *kv = slot(d, &r->f, key);
    kv->v.k = FXV_BOOL; kv->v.i = v;
}
void fx_set_null(fx_doc *d, fx_rec *r, const char *key) { slot(d, &r->f, key)->v.k = FXV_NULL; }
void fx_set_dec(fx_doc *d, fx_rec *r, const char *key, fx_dec v)
{
    char b[48];
    if (!v.ok) fx_set_null(d, r, key);
    else fx_set_str(d, r, key, fx_dec_format(v, b));
}
fx_val *fx_set_list(fx_doc *d, fx_rec *r, const char *key)
{
    fx_kv *kv = slot(d, &r->f, key);
    kv->v.k = FXV_LIST;
    return &kv->v;
}
fx_val *fx_set_obj(fx_doc *d, fx_rec *r, const char *key)
{
    fx_kv *kv = slot(d, &r->f, key);
    kv->v.k = FXV_OBJ;
    return &kv->v;
}
static inline void list_add_strn(fx_doc *d, fx_val *list, const char *s, size_t n)
{
    n = str_len(n);
    fx_kv *kv = slot(d, list, NULL);
    kv->v.k = FXV_STR;
    kv->v.s = fx_strndup(&d->arena, s, n);
    kv->v.n = (uint32_t)n;
}
void fx_list_add_strn(fx_doc *d, fx_val *list, const char *s, size_t n)
{
    list_add_strn(d, list, s, n);
}
void fx_list_add_str(fx_doc *d, fx_val *list, const char *s)
{
    if (!s) { slot(d, list, NULL)->v.k = FXV_NULL; return; }
    list_add_strn(d, list, s, strlen(s));
}
void fx_obj_add_str(fx_doc *d, fx_val *obj, const char *key, const char *s)
{
    fx_val *v = fx_obj_add(d, obj, key);
    if (!s) { v->k = FXV_NULL; return; }
    size_t n = str_len(strlen(s));
    v->k = FXV_STR; v->s = fx_strndup(&d->arena, s, n); v->n = (uint32_t)n;
}

const fx_val *fx_obj_get(const fx_val *obj, const char *key)
{
    if (!obj || obj->k != FXV_OBJ || !(obj->keys & key_bit(key))) return NULL;
    for (const fx_kv *kv = obj->head; kv; kv = kv->next)
        if (kv->key && same_key(kv->key, key)) return &kv->v;
    return NULL;
}
const fx_val *fx_get(const fx_rec *r, const char *key) { return fx_obj_get(&r->f, key); }
const char *fx_get_str(const fx_rec *r, const char *key)
{
    const fx_val *v = fx_get(r, key);
    return v && v->k == FXV_STR ? v->s : NULL;
}
long long fx_get_int(const fx_rec *r, const char *key, long long dflt)
{
    const fx_val *v = fx_get(r, key);
    return v && (v->k == FXV_INT || v->k == FXV_BOOL) ? v->i : dflt;
}

/* ---- raw text and diagnostics ---- */

const char *fx_raw_text(fx_doc *d, size_t cs, size_t ce)
{
    long long rs, re;
    fx_span_raw(d, cs, ce, &rs, &re);
    if (rs < 0) return "";
    if (!d->umap) return fx_strndup(&d->arena, (const char *)d->raw + rs, (size_t)(re - rs));
    /* decoded bytes whose characters start in [rs, re) */
    size_t lo = 0, hi = d->utf8_len;
    while (lo < hi) { size_t m = (lo + hi) / 2; if ((long long)d->umap[m] < rs) lo = m + 1; else hi = m; }
    size_t a = lo;
    hi = d->utf8_len;
    while (lo < hi) { size_t m = (lo + hi) / 2; if ((long long)d->umap[m] < re) lo = m + 1; else hi = m; }
    return fx_strndup(&d->arena, d->utf8 + a, lo - a);
}

static fx_rec *vdiag(fx_doc *d, const char *sev, const char *code, size_t cs, size_t ce,
                     long long rs, long long re, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    fx_rec *r = fx_rec_new(d, "diagnostic", cs, ce);
    if (cs == FX_NOSPAN && rs >= 0) {
        r->span_s = rs; r->span_e = re;
        r->line = fx_line_of_raw(d, rs);
    }
    fx_set_str(d, r, "severity", sev);
    fx_set_str(d, r, "code", code);
    fx_set_str(d, r, "message", msg);
    if (!strcmp(sev, "error")) d->error = 1;
    d->n_diag++;
    return r;
}

fx_rec *fx_diag(fx_doc *d, const char *sev, const char *code, size_t cs, size_t ce, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fx_rec *r = vdiag(d, sev, code, cs, ce, -1, -1, fmt, ap);
    va_end(ap);
    return r;
}

fx_rec *fx_diag_raw(fx_doc *d, const char *sev, const char *code, long long rs, long long re, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fx_rec *r = vdiag(d, sev, code, FX_NOSPAN, FX_NOSPAN, rs, re, fmt, ap);
    va_end(ap);
    return r;
}

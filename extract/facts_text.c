/* Sentences, clauses and labels of prose lines, shared by the fact passes. The canonical
 * text is NFKC: clause punctuation is ASCII (, ; : ! ?) except 。 and 、. */
#include "facts.h"
#include "numerals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool at_str(const char *t, size_t i, size_t end, const char *s)
{
    size_t n = strlen(s);
    return i + n <= end && !memcmp(t + i, s, n);
}

/* 。 ; ! ? end a sentence (。 is E3 80 82: its lead byte is tested first) */
static size_t sentence_mark(const char *t, size_t i, size_t end)
{
    if (t[i] == ';' || t[i] == '!' || t[i] == '?') return 1;
    if ((unsigned char)t[i] == 0xE3 && at_str(t, i, end, "。")) return 3;
    return 0;
}

/* Scans stay within a window around the number, so that a line of hostile input without
 * punctuation costs a bounded amount of work per fact. */
#define SENTENCE_WINDOW 1536
#define CLAUSE_WINDOW 384

static size_t char_start(const char *t, size_t i, size_t hi)
{
    while (i < hi && ((unsigned char)t[i] & 0xC0) == 0x80) i++;
    return i;
}

/* the offset just after the last mark (sentence or clause) in [lo, at), or NO_MARK */
#define NO_MARK ((size_t)-1)
/* the bytes that may end a mark: 1 sentence, 2 clause, 3 the last byte of 。 (E3 80 82);
 * one look-up a byte in the walks over long lines */
static const unsigned char MARK[256] = {[';'] = 1, ['!'] = 1, ['?'] = 1, [','] = 2, [':'] = 2, [0x82] = 3};

static size_t mark_before(const char *t, size_t lo, size_t at, bool clause)
{
    for (size_t i = at; i > lo; i--) {
        unsigned char m = MARK[(unsigned char)t[i - 1]];
        if (!m) continue;
        if (m == 1 || (m == 2 && clause)) return i;
        if (m == 3 && i >= lo + 3 && !memcmp(t + i - 3, "。", 3)) return i;
    }
    return NO_MARK;
}

/* The last sentence found, by its bounds before the spaces are skipped. A sentence holds
 * several facts, and each asks for it (fields, label fallback): the walks to its ends are
 * done once. Reused only where the walks from `at` would stop at the same bounds: at the
 * same marks (within the windows) or the line's own ends. */
static _Thread_local struct {
    const char *t;
    size_t ps, pe;     /* the line */
    size_t s, e;       /* the sentence */
    bool s_mark, e_mark; /* bounded by a mark (else by the line's start or end) */
} sent_memo;

void fx_sentence_at(const fx_para *p, size_t at, size_t *ss, size_t *se)
{
    const char *t = p->d->text;
    size_t s, e;
    if (sent_memo.t == t && sent_memo.ps == p->s && sent_memo.pe == p->e && at >= sent_memo.s && at < sent_memo.e &&
        (sent_memo.s_mark ? at + 3 < sent_memo.s + SENTENCE_WINDOW : at <= p->s + SENTENCE_WINDOW) &&
        (sent_memo.e_mark ? sent_memo.e < at + SENTENCE_WINDOW : p->e <= at + SENTENCE_WINDOW)) {
        s = sent_memo.s;
        e = sent_memo.e;
    } else {
        size_t lo = at > p->s + SENTENCE_WINDOW ? at - SENTENCE_WINDOW : p->s;
        s = mark_before(t, lo, at, false);
        bool s_mark = s != NO_MARK;
        if (s == NO_MARK) s = char_start(t, lo, at);
        size_t hi = at + SENTENCE_WINDOW < p->e ? at + SENTENCE_WINDOW : p->e;
        e = hi;
        for (size_t i = at; i < hi; i++)
            if (sentence_mark(t, i, p->e)) { e = i; break; }
        bool e_mark = e < hi;
        if (e == hi && hi < p->e) e = char_start(t, hi, p->e);
        /* (`at` inside a 。 would let that 。 into the sentence, where a later `at` sees it) */
        if ((s_mark || lo == p->s) && (e_mark || hi == p->e) && at < p->e && ((unsigned char)t[at] & 0xC0) != 0x80)
            sent_memo = (__typeof__(sent_memo)){t, p->s, p->e, s, e, s_mark, e_mark};
    }
    while (s < e && t[s] == ' ') s++;
    *ss = s;
    *se = e;
}

size_t fx_clause_start(const fx_para *p, size_t floor, size_t at)
{
    const char *t = p->d->text;
    size_t lo = at > floor + CLAUSE_WINDOW ? at - CLAUSE_WINDOW : floor;
    size_t s = mark_before(t, lo, at, true);
    if (s == NO_MARK) s = char_start(t, lo, at);
    return s > at ? at : s;
}

size_t fx_label_start(const fx_para *p, size_t at)
{
    size_t s = fx_clause_start(p, p->s, at);
    const char *t = p->d->text;
    /* facts are sorted and do not overlap: the nearest one ending before `at` */
    for (size_t i = p->n; i-- > 0;) {
        const fx_fact *f = &p->f[i];
        if (f->s >= at) continue;
        if (f->e <= at && f->e > s) s = f->e;
        break;
    }
    /* the list separator or space after a previous fact */
    for (;;) {
        if (s < at && t[s] == ' ') s++;
        else if (at_str(t, s, at, "、")) s += 3;
        else break;
    }
    return s;
}

const char *fx_text(fx_doc *d, size_t s, size_t e)
{
    while (s < e && d->text[s] == ' ') s++;
    while (e > s && d->text[e - 1] == ' ') e--;
    return fx_strndup(&d->arena, d->text + s, e - s);
}

/* labels longer than this (bytes, ~30 Han) keep only their end: the subject is at the end */
#define LABEL_MAX 96

const char *fx_label_clean(fx_doc *d, size_t s, size_t e)
{
    const char *t = d->text;
    if (e > s + LABEL_MAX) {
        s = e - LABEL_MAX;
        while (s < e && ((unsigned char)t[s] & 0xC0) == 0x80) s++;
    }
    const pcre2_code *lead = fx_pat("label_lead");
    PCRE2_SIZE *ov;
    /* the tail first: a comparison (与上年相比增加) begins with what the lead strips */
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < 8 && s < e; k++) {
            if (!fx_tail_possible(t, s, e)) break;
            if (fx_scan_label_tail(d, t + s, e - s, &ov) <= 0 || ov[0] == e - s) break;
            e = s + ov[0];
        }
        for (int k = 0; k < 8 && s < e && pass == 0; k++) {
            if (!fx_lead_possible(t + s, e - s)) break;
            if (fx_match(d, lead, t + s, e - s, 0, &ov) <= 0 || ov[1] == 0) break;
            s += ov[1];
        }
    }
    while (s < e && t[s] == ' ') s++;
    while (e > s && t[e - 1] == ' ') e--;
    if (s >= e) return NULL;
    return fx_strndup(&d->arena, t + s, e - s);
}

const char *fx_label_fallback(const fx_para *p, size_t at)
{
    size_t ss, se;
    fx_sentence_at(p, at, &ss, &se);
    size_t i = p->n;
    while (i > 0 && p->f[i - 1].s >= at) i--;
    for (size_t k = i; k-- > 0 && p->f[k].s >= ss;)
        if (p->f[k].label) return p->f[k].label;
    for (size_t k = i; k-- > 0 && i - k <= 64;)
        if (p->f[k].e <= ss && p->f[k].kind == FXF_AMOUNT && p->f[k].label) return p->f[k].label;
    return NULL;
}

bool fx_para_taken(const fx_para *p, size_t s, size_t e)
{
    /* first fact starting at or after e; only those before it can overlap */
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (p->f[m].s < e) lo = m + 1; else hi = m;
    }
    for (size_t k = lo; k-- > 0;) {
        if (p->f[k].e > s) return true;
        /* equal spans (the two ends of a range) sit side by side; one look back is enough */
        if (k + 2 < lo) break;
    }
    return false;
}

fx_fact *fx_para_add(fx_para *p, fx_fact f)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        fx_fact *v = realloc(p->f, cap * sizeof *v);
        if (!v) abort();
        p->f = v;
        p->cap = cap;
    }
    size_t i = p->n;
    while (i > 0 && p->f[i - 1].s > f.s) i--;
    memmove(p->f + i + 1, p->f + i, (p->n - i) * sizeof *p->f);
    p->f[i] = f;
    p->n++;
    return &p->f[i];
}

bool fx_para_full(fx_para *p, size_t at)
{
    if (p->n < FX_MAX_LINE_FACTS) return false;
    if (!p->full) {
        p->full = true;
        fx_diag(p->d, "warning", "too-many-facts", at, p->e,
                "more than %d numbers in one line: the rest of the line is not read for facts",
                FX_MAX_LINE_FACTS);
    }
    return true;
}

void fx_fact_fields(fx_para *p, fx_rec *r, const char *label, size_t s, size_t e, bool sentence)
{
    fx_doc *d = p->d;
    fx_set_str(d, r, "label", label);
    fx_set_str(d, r, "section", p->section);
    if (sentence) {
        size_t ss, se;
        fx_sentence_at(p, s, &ss, &se);
        fx_set_str(d, r, "sentence", fx_text(d, ss, se));
    }
    fx_set_str(d, r, "text", fx_raw_text(d, s, e));
}

int fx_match_caps(fx_doc *d, const pcre2_code *re, const char *sub, size_t len, size_t start, fx_caps *c)
{
    PCRE2_SIZE *ov;
    c->rc = fx_match(d, re, sub, len, start, &ov);
    if (c->rc > FX_CAPS) c->rc = FX_CAPS;
    if (c->rc > 0) memcpy(c->v, ov, (size_t)c->rc * 2 * sizeof *ov);
    return c->rc;
}

bool fx_cap(const PCRE2_SIZE *ov, int rc, int i, size_t base, size_t *s, size_t *e)
{
    if (i < 0 || i >= rc || ov[2 * i] == PCRE2_UNSET) return false;
    *s = base + ov[2 * i];
    *e = base + ov[2 * i + 1];
    return true;
}

fx_dec fx_num(const fx_doc *d, size_t s, size_t e)
{
    return fx_dec_parse(d->text + s, e - s);
}

fx_dec fx_cn_dec(const char *s, size_t n, size_t *used)
{
    long long whole;
    size_t u;
    if (!fx_cn_number(s, n, &whole, &u)) return FX_DEC_BAD;
    fx_dec v = fx_dec_from_int(whole);
    /* 五点五: the digits after 点 are read one by one */
    if (u + 3 < n && !memcmp(s + u, "点", 3)) {
        char frac[20];
        int k = 0;
        size_t i = u + 3;
        while (i < n && k < 18) {
            long long dgt;
            size_t du;
            if (!fx_cn_number(s + i, 3 <= n - i ? 3 : n - i, &dgt, &du) || du != 3 || dgt > 9) break;
            frac[k++] = (char)('0' + dgt);
            i += 3;
        }
        if (k > 0) {
            char buf[64];
            char w[32];
            fx_dec_format(v, w);
            int len = snprintf(buf, sizeof buf, "%s.%.*s", w, k, frac);
            fx_dec f = fx_dec_parse(buf, (size_t)len);
            if (f.ok) { v = f; u = i; }
        }
    }
    *used = u;
    return v;
}

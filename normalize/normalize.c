/* normalize: decoded UTF-8 -> one canonical text, keeping for every canonical byte the raw
 * input bytes it came from (d->moff/d->mlen), so every record's span points at raw input.
 *
 * Per character: NFKC (utf8proc) folds full-width forms and punctuation to ASCII; the
 * ideographic space becomes a space; circled numbers (①, a heading marker) are kept; control
 * characters and zero-width marks are dropped. Converter and OCR residue: `[bookmark: …]`
 * and markdown `**` disappear, LaTeX math `$\leq 5\%$` becomes `≤5%`, O/o/l/I between digits
 * become 0/1. Per line: CRLF/CR to LF, trailing spaces trimmed, page-number lines blanked,
 * and a paragraph or an amount that a page break or a hard wrap split is rejoined. */
#include "../extract/internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct {
    fx_doc *d;
    char *t; uint32_t *off; uint8_t *len;
    size_t n, cap;
} out_t;

static void reserve(out_t *o, size_t k)
{
    if (o->n + k + 1 <= o->cap) return;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < o->n + k + 1) cap *= 2;
    o->t = realloc(o->t, cap);
    o->off = realloc(o->off, cap * sizeof *o->off);
    o->len = realloc(o->len, cap);
    if (!o->t || !o->off || !o->len) abort();
    o->cap = cap;
}

static void put(out_t *o, const char *s, size_t k, uint32_t rs, uint32_t re)
{
    reserve(o, k);
    uint32_t rl = re > rs ? re - rs : 0;
    if (rl > 255) rl = 255;
    for (size_t j = 0; j < k; j++) {
        o->t[o->n] = s[j];
        o->off[o->n] = rs;
        o->len[o->n] = (uint8_t)rl;
        o->n++;
    }
}

static inline uint32_t rawpos(const fx_doc *d, size_t i)
{
    if (i >= d->utf8_len) return (uint32_t)d->raw_len;
    return d->umap ? d->umap[i] : (uint32_t)(i + d->ubase);
}

static bool keep_as_is(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x3001 && c <= 0x3002) || (c >= 0x3008 && c <= 0x3011) ||
           c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2014 ||
           c == 0x2026 || c == 0xFFFD ||
           (c >= 0x2460 && c <= 0x2473) ||   /* ①..⑳ are heading markers, not digits */
           (c >= 0x3251 && c <= 0x325F) || (c >= 0x32B1 && c <= 0x32BF);
}

/* LaTeX residue from OCR: `$\leq 5\%$` -> `≤5%`. Returns bytes consumed, 0 if not math. */
static size_t latex(out_t *o, const fx_doc *d, size_t i)
{
    const char *s = d->utf8;
    size_t n = d->utf8_len, j = i + 1, lim = i + 120 < n ? i + 120 : n;
    while (j < lim && s[j] != '$' && s[j] != '\n') j++;
    if (j >= lim || s[j] != '$' || j == i + 1) return 0;
    if (!memchr(s + i + 1, '\\', j - i - 1)) return 0;
    static const struct { const char *cmd, *out; } CMD[] = {
        {"leqslant", "≤"}, {"geqslant", "≥"}, {"leq", "≤"}, {"geq", "≥"}, {"le", "≤"}, {"ge", "≥"},
        {"lt", "<"}, {"gt", ">"}, {"times", "×"}, {"div", "÷"}, {"pm", "±"}, {"sim", "~"},
        {"approx", "≈"}, {"neq", "≠"}, {"ne", "≠"}, {"cdot", "·"}, {"%", "%"}, {"$", "$"},
        {"text", ""}, {"mathrm", ""}, {"mathbf", ""}, {"rm", ""}, {"quad", ""}, {",", ""},
        {";", ""}, {" ", ""}, {"!", ""},
    };
    size_t first = o->n;
    for (size_t k = i + 1; k < j;) {
        uint32_t rs = rawpos(d, k);
        if (s[k] == '\\') {
            size_t c = k + 1, e = c;
            while (e < j && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z'))) e++;
            if (e == c && e < j) e++; /* \% \, \; */
            const char *rep = "";
            for (size_t t = 0; t < sizeof CMD / sizeof CMD[0]; t++)
                if (strlen(CMD[t].cmd) == e - c && !memcmp(CMD[t].cmd, s + c, e - c)) { rep = CMD[t].out; break; }
            while (e < j && s[e] == ' ') e++;
            if (*rep) put(o, rep, strlen(rep), rs, rawpos(d, e));
            k = e;
        } else if (s[k] == '{' || s[k] == '}' || s[k] == ' ') {
            k++;
        } else {
            size_t e = k + 1;
            while (e < j && (s[e] & 0xC0) == 0x80) e++;
            put(o, s + k, e - k, rs, rawpos(d, e));
            k = e;
        }
    }
    if (o->n == first) return j + 1 - i; /* nothing printable: drop */
    /* the first output byte starts at the opening $, the last ends after the closing $ */
    uint32_t open = rawpos(d, i), close_end = rawpos(d, j + 1);
    uint32_t first_end = o->off[first] + o->len[first];
    for (size_t k = first; k < o->n && o->off[k] == o->off[first]; k++) {
        o->off[k] = open;
        o->len[k] = (uint8_t)(first_end - open > 255 ? 255 : first_end - open);
    }
    uint32_t last = o->off[o->n - 1];
    for (size_t k = o->n; k > first && o->off[k - 1] == last; k--)
        o->len[k - 1] = (uint8_t)(close_end - last > 255 ? 255 : close_end - last);
    return j + 1 - i;
}

/* One character (with following combining marks) through NFKC. */
static size_t nfkc(out_t *o, const fx_doc *d, size_t i, int32_t cp, size_t k)
{
    utf8proc_int32_t buf[64];
    utf8proc_ssize_t n = 0;
    int bound = 0;
    size_t j = i + k;
    n = utf8proc_decompose_char(cp, buf, 60, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bound);
    if (n < 0 || n > 60) n = 0;
    while (j < d->utf8_len) { /* combining marks belong to this character */
        utf8proc_int32_t c2;
        utf8proc_ssize_t k2 = utf8proc_iterate((const utf8proc_uint8_t *)d->utf8 + j,
                                               (utf8proc_ssize_t)(d->utf8_len - j), &c2);
        if (k2 <= 0 || utf8proc_get_property(c2)->combining_class == 0) break;
        utf8proc_ssize_t m = utf8proc_decompose_char(c2, buf + n, 60 - n, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bound);
        if (m < 0 || n + m > 60) break;
        n += m;
        j += (size_t)k2;
    }
    if (n > 0) n = utf8proc_normalize_utf32(buf, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    uint32_t rs = rawpos(d, i), re = rawpos(d, j);
    for (utf8proc_ssize_t t = 0; t < n; t++) {
        utf8proc_int32_t c = buf[t];
        if (c == 0x2212) c = '-';           /* minus sign */
        if (c < 0x20 && c != '\t') continue;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(c, enc);
        put(o, (const char *)enc, (size_t)el, rs, re);
    }
    return j - i;
}

static void char_pass(out_t *o, const fx_doc *d)
{
    const char *s = d->utf8;
    size_t n = d->utf8_len;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == '\r') {
                size_t e = (i + 1 < n && s[i + 1] == '\n') ? i + 2 : i + 1;
                put(o, "\n", 1, rawpos(d, i), rawpos(d, e));
                i = e;
                continue;
            }
            if (c == '\f') { put(o, "\n", 1, rawpos(d, i), rawpos(d, i + 1)); i++; continue; }
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) { i++; continue; }
            if (c == '[' && n - i > 10 && !memcmp(s + i, "[bookmark:", 10)) {
                size_t j = i + 10;
                while (j < n && j < i + 256 && s[j] != ']' && s[j] != '\n') j++;
                if (j < n && s[j] == ']') { i = j + 1; continue; }
            }
            if (c == '$') { size_t k = latex(o, d, i); if (k) { i += k; continue; } }
            if (c == '*' && i + 1 < n && s[i + 1] == '*') { i += 2; continue; }
            put(o, s + i, 1, rawpos(d, i), rawpos(d, i + 1));
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) { i++; continue; } /* cannot happen: decode made it valid */
        if (keep_as_is(cp)) {
            put(o, s + i, (size_t)k, rawpos(d, i), rawpos(d, i + (size_t)k));
            i += (size_t)k;
        } else if (cp >= 0xFF01 && cp <= 0xFF5E) {      /* full-width ASCII: NFKC, fast */
            char a = (char)(cp - 0xFEE0);
            put(o, &a, 1, rawpos(d, i), rawpos(d, i + (size_t)k));
            i += (size_t)k;
        } else if (cp == 0x3000 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F) {
            put(o, " ", 1, rawpos(d, i), rawpos(d, i + (size_t)k));
            i += (size_t)k;
        } else if ((cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF || cp == 0x2060) {
            i += (size_t)k;
        } else {
            i += nfkc(o, d, i, cp, (size_t)k);
        }
    }
}

/* ---- line pass ---- */

typedef struct { size_t s, e; } span_t;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* number of UTF-8 characters */
static size_t nchars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static bool starts(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && !memcmp(s, p, k);
}

static bool ends(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && !memcmp(s + n - k, p, k);
}

static bool page_number_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ') i++;
    const char *p = s + i; size_t m = n - i;
    /* - 3 -, — 3 —, 第3页, 第 3 页 共 9 页, 3/9 */
    size_t k = 0;
    if (starts(p, m, "-") || starts(p, m, "—")) {
        k = p[0] == '-' ? 1 : 3;
        while (k < m && p[k] == ' ') k++;
        size_t d0 = k;
        while (k < m && is_digit(p[k])) k++;
        if (k == d0) return false;
        while (k < m && p[k] == ' ') k++;
        if (k < m && p[k] == '-') k++; else if (starts(p + k, m - k, "—")) k += 3; else return false;
        while (k < m && p[k] == ' ') k++;
        return k == m;
    }
    if (starts(p, m, "第")) {
        k = 3;
        while (k < m && p[k] == ' ') k++;
        size_t d0 = k;
        while (k < m && is_digit(p[k])) k++;
        if (k == d0) return false;
        while (k < m && p[k] == ' ') k++;
        if (!starts(p + k, m - k, "页")) return false;
        k += 3;
        while (k < m && p[k] == ' ') k++;
        if (k == m) return true;
        if (!starts(p + k, m - k, "共")) return false;
        k += 3;
        while (k < m && (p[k] == ' ' || is_digit(p[k]))) k++;
        return starts(p + k, m - k, "页") && k + 3 == m;
    }
    size_t d0 = k;
    while (k < m && is_digit(p[k])) k++;
    if (k == d0 || k > d0 + 4) return false;
    while (k < m && p[k] == ' ') k++;
    if (k >= m || p[k] != '/') return false;
    k++;
    while (k < m && p[k] == ' ') k++;
    size_t d1 = k;
    while (k < m && is_digit(p[k])) k++;
    return k > d1 && k == m;
}

/* Does a line start like a heading or a list item (so it cannot continue a paragraph)? */
static bool starts_marker(const char *s, size_t n)
{
    static const char *const P[] = {"第", "(", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                    "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "目录", "目 录",
                                    "注", "公开", "单位:", "编制", "表", "附件", "附表", "-", "•", "·", NULL};
    if (n && is_digit(s[0])) return true;
    for (int i = 0; P[i]; i++) if (starts(s, n, P[i])) return true;
    return false;
}

static bool ends_sentence(const char *s, size_t n)
{
    static const char *const P[] = {"。", ";", ":", "!", "?", ")", "”", "」", "》", "表", "图", "情况", "说明", "…", NULL};
    for (int i = 0; P[i]; i++) if (ends(s, n, P[i])) return true;
    return false;
}

/* A line may continue on the next one: an amount cut before its unit, or a paragraph cut
 * by a page break or a hard wrap. */
static bool joins(const char *a, size_t an, const char *b, size_t bn, int blanks)
{
    if (!an || !bn || memchr(a, '\t', an) || memchr(b, '\t', bn)) return false;
    bool num_end = is_digit(a[an - 1]) || ((ends(a, an, "万") || ends(a, an, "亿")) && an > 3 && is_digit(a[an - 4]));
    if (num_end && (starts(b, bn, "元") || starts(b, bn, "万元") || starts(b, bn, "亿元") || starts(b, bn, "%")))
        return true;
    if (blanks > 2) return false;
    if (nchars(a, an) < 25 || ends_sentence(a, an) || starts_marker(b, bn)) return false;
    unsigned char c = (unsigned char)b[0];
    /* the continuation starts with a Han character or Chinese punctuation */
    return c >= 0xE3 && c <= 0xE9;
}

static void line_pass(out_t *in, out_t *o)
{
    const char *t = in->t;
    size_t n = in->n;
    /* collect lines with trailing spaces trimmed; page-number lines become empty */
    size_t nl = 1;
    for (size_t i = 0; i < n; i++) nl += t[i] == '\n';
    span_t *L = malloc(nl * sizeof *L);
    size_t *brk = malloc(nl * sizeof *brk); /* position of each line's '\n' in `in`, or n */
    if (!L || !brk) abort();
    size_t k = 0, s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && t[i] != '\n') continue;
        size_t e = i;
        while (e > s && t[e - 1] == ' ') e--;
        size_t lead = s;
        while (lead < e && t[lead] == ' ') lead++;
        if (lead == e || page_number_line(t + s, e - s)) e = s;
        L[k].s = s; L[k].e = e; brk[k] = i;
        k++;
        s = i + 1;
    }
    nl = k;
    for (size_t a = 0; a < nl;) {
        size_t as = L[a].s, ae = L[a].e;
        /* copy the line */
        for (size_t i = as; i < ae; i++) put(o, t + i, 1, in->off[i], in->off[i] + in->len[i]);
        /* next non-empty line within reach */
        size_t b = a + 1;
        while (b < nl && L[b].e == L[b].s && b - a <= 3) b++;
        if (ae > as && b < nl && L[b].e > L[b].s) {
            size_t bs = L[b].s;
            while (bs < L[b].e && t[bs] == ' ') bs++;
            if (joins(t + as, ae - as, t + bs, L[b].e - bs, (int)(b - a - 1))) {
                /* continue line b on this output line; its own copy starts at bs */
                L[b].s = bs;
                a = b;
                continue;
            }
        }
        /* not joined: line a's break, and those of the empty lines up to b */
        for (size_t x = a; x < b && x < nl; x++)
            if (brk[x] < n) put(o, "\n", 1, in->off[brk[x]], in->off[brk[x]] + in->len[brk[x]]);
        a = b;
    }
    free(L); free(brk);
}

/* O/o/l/I that OCR put for 0/1 between digits */
static void ocr_digits(char *t, size_t n)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 1; i + 1 < n; i++) {
            char c = t[i];
            if (c != 'O' && c != 'o' && c != 'l' && c != 'I') continue;
            char p = t[i - 1], q = t[i + 1];
            bool pd = is_digit(p), qd = is_digit(q) || ((q == '.' || q == '%') && pd);
            if (pd && (qd || (i + 2 < n && (q == 'O' || q == 'o') && is_digit(t[i + 2]))))
                t[i] = (c == 'O' || c == 'o') ? '0' : '1';
        }
}

int fx_normalize(fx_doc *d)
{
    out_t a = {d, NULL, NULL, NULL, 0, 0}, b = {d, NULL, NULL, NULL, 0, 0};
    reserve(&a, d->utf8_len + 16);
    char_pass(&a, d);
    reserve(&b, a.n + 16);
    line_pass(&a, &b);
    free(a.t); free(a.off); free(a.len);
    ocr_digits(b.t, b.n);
    /* move into the arena so the document owns it */
    d->len = b.n;
    d->text = fx_strndup(&d->arena, b.t ? b.t : "", b.n);
    d->moff = fx_alloc(&d->arena, (b.n + 1) * sizeof *d->moff);
    d->mlen = fx_alloc(&d->arena, b.n + 1);
    if (b.n) { memcpy(d->moff, b.off, b.n * sizeof *d->moff); memcpy(d->mlen, b.len, b.n); }
    d->moff[b.n] = (uint32_t)d->raw_len;
    free(b.t); free(b.off); free(b.len);
    return 0;
}

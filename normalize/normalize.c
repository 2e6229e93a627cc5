/* normalize: decoded UTF-8 -> one canonical text, keeping for every canonical byte the raw
 * input bytes it came from (offsets.h), so every record's span points at raw input.
 *
 * Three passes, each a text with its map in and out (the third runs inside the second, on
 * each line the second finishes):
 *  1. per character (here): NFKC (utf8proc) folds full-width forms and punctuation to ASCII;
 *     the ideographic space becomes a space; circled numbers (①, a heading marker) are kept;
 *     control characters and zero-width marks are dropped; CRLF/CR become LF, a form feed
 *     stays (lines.c reads it as a page break). Converter and OCR residue: `[bookmark: …]`
 *     and markdown `**` disappear, LaTeX math `$\leq 5\%$` becomes `≤5%`.
 *  2. per line (lines.c): page numbers and running headers dropped, paragraphs and amounts
 *     that a hard wrap or a page break split are rejoined.
 *  3. within lines (tidy.c): spaces a PDF extractor put between Chinese and digits removed,
 *     OCR letters inside numbers (O o l I) read as digits, `、` as thousands separator. */
#include "../extract/internal.h"
#include "offsets.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>
#include <utf8proc.h>

#include "charprops.h"

typedef fx_tm out_t;

static inline uint32_t rawpos(const fx_doc *d, size_t i)
{
    if (i >= d->utf8_len) return (uint32_t)d->raw_len;
    return d->umap ? d->umap[i] : (uint32_t)(i + d->ubase);
}

/* LaTeX residue from OCR: `$\leq 5\%$` -> `≤5%`. Returns bytes consumed, 0 if not math. */
static size_t latex(out_t *o, const fx_doc *d, size_t i)
{
    const char *s = d->utf8;
    size_t n = d->utf8_len, j = i + 1, lim = i + 120 < n ? i + 120 : n;
    while (j < lim && s[j] != '$' && s[j] != '\n' && s[j] != '\r' && s[j] != '\t') j++; /* not across cells */
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
            if (e == c && e < j) /* \% \, \; or a backslash before a multi-byte character */
                do e++; while (e < j && (s[e] & 0xC0) == 0x80);
            const char *rep = "";
            for (size_t t = 0; t < sizeof CMD / sizeof CMD[0]; t++)
                if (strlen(CMD[t].cmd) == e - c && !memcmp(CMD[t].cmd, s + c, e - c)) { rep = CMD[t].out; break; }
            while (e < j && s[e] == ' ') e++;
            if (*rep) fx_tm_put(o, rep, strlen(rep), rs, rawpos(d, e));
            k = e;
        } else if (s[k] == '{' || s[k] == '}' || s[k] == ' ' || (unsigned char)s[k] < 0x20 || s[k] == 0x7F) {
            k++;
        } else {
            size_t e = k + 1;
            while (e < j && (s[e] & 0xC0) == 0x80) e++;
            fx_tm_put(o, s + k, e - k, rs, rawpos(d, e));
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
        fx_tm_put(o, (const char *)enc, (size_t)el, rs, re);
    }
    return j - i;
}

/* ASCII that no rule touches: copied as it is ('[' may open a bookmark, '$' LaTeX, '*' bold) */
static const bool PLAIN[128] = {
    ['\t'] = 1, ['\n'] = 1, [0x20 ... 0x23] = 1, [0x25 ... 0x29] = 1, [0x2B ... 0x5A] = 1,
    [0x5C ... 0x7E] = 1,
};

/* Append the decoded bytes [i, j), one character, unchanged. Most characters take this way
 * (Han, Chinese punctuation), so the map is written here rather than through fx_tm_put. */
static inline void put_same(out_t *o, const fx_doc *d, size_t i, size_t j, uint8_t width)
{
    if (o->n + (j - i) + 1 > o->cap) fx_tm_reserve(o, j - i);
    uint32_t rs, rl;
    if (!d->umap) {   /* decoded in place: raw = decoded + ubase, to the end of the input */
        rs = (uint32_t)(i + d->ubase);
        rl = (uint32_t)(j - i);
    } else {
        uint32_t re = rawpos(d, j);
        rs = rawpos(d, i);
        rl = re <= rs ? 0 : re - rs > 255 ? 255 : re - rs;
    }
    /* through local pointers: stores to the char arrays would otherwise make the compiler
     * reload o's fields on every byte */
    char *t = o->t + o->n;
    uint32_t *off = o->off + o->n;
    uint8_t *len = o->len + o->n, *w = o->w + o->n;
    const char *src = d->utf8 + i;
    size_t k = j - i;
    for (size_t x = 0; x < k; x++) {
        t[x] = src[x];
        off[x] = rs;
        len[x] = (uint8_t)rl;
        w[x] = 0;
    }
    w[0] = width;
    o->n += k;
}

/* Append a run of plain ASCII [i, j) unchanged: one byte per raw byte, width 1 each. */
static void put_ascii(out_t *o, const fx_doc *d, size_t i, size_t j)
{
    if (d->umap) {
        for (size_t k = i; k < j; k++) put_same(o, d, k, k + 1, 1);
        return;
    }
    if (o->n + (j - i) + 1 > o->cap) fx_tm_reserve(o, j - i);
    size_t m = o->n;
    memcpy(o->t + m, d->utf8 + i, j - i);
    memset(o->len + m, 1, j - i);
    memset(o->w + m, 1, j - i);
    for (size_t k = i; k < j; k++) o->off[m++] = (uint32_t)(k + d->ubase);
    o->n = m;
}

/* A run of 3-byte characters kept as they are (Han and Chinese punctuation: most of a report)
 * in text decoded in place: copied and mapped in one loop with the output fields in locals, no
 * call and no capacity check per character. Returns where the run stopped (i if it did not
 * start: not such a character, or not kept). */
static size_t put_keep3_run(out_t *o, const fx_doc *d, size_t i)
{
    const unsigned char *s = (const unsigned char *)d->utf8;
    size_t n = d->utf8_len;
    if (o->n + 64 > o->cap) fx_tm_reserve(o, 64);
    /* kept characters are copied byte for byte, each with 4-byte loads and stores (the 4th
     * byte is overwritten by the next character): the run stays 1 byte short of the room left
     * and of the end of the text */
    size_t room = o->cap - o->n - 1, lim = n - i < room ? n : i + room;
    char *t = o->t + o->n;
    uint32_t *off = o->off + o->n;
    uint8_t *len = o->len + o->n, *w = o->w + o->n;
    uint32_t base = d->ubase;
    size_t j = i;
    /* decode made the text valid UTF-8: a lead byte 0xE0..0xEF has its two trail bytes */
    while (j + 4 <= lim) {
        /* read into a local: the stores below are char stores the compiler must assume
         * could change s[] */
        unsigned char b[4];
        memcpy(b, s + j, 4);
        if ((b[0] & 0xF0) != 0xE0) break;
        uint32_t cp = ((b[0] & 0x0Fu) << 12) | ((b[1] & 0x3Fu) << 6) | (b[2] & 0x3Fu);
        /* 0 (block not cached yet) is not KEEP either: the general path fills the cache */
        uint8_t p = fx_cprops_tab[cp];
        if (!(p & FX_CP_KEEP)) break;
        uint32_t rs = (uint32_t)(j + base);
        memcpy(t, b, 4);
        off[0] = off[1] = off[2] = off[3] = rs;
        static const uint8_t L3[4] = {3, 3, 3, 3};
        memcpy(len, L3, 4);
        uint8_t wv[4] = {(uint8_t)(p & FX_CP_WIDTH), 0, 0, 0};
        memcpy(w, wv, 4);
        t += 3; off += 3; len += 3; w += 3;
        j += 3;
    }
    o->n += j - i;
    return j;
}

static void char_pass(out_t *o, const fx_doc *d)
{
    const char *s = d->utf8;
    size_t n = d->utf8_len;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t n0 = o->n;
        if (c < 0x80) {
            if (PLAIN[c]) {
                size_t j = i + 1;
                while (j < n && (unsigned char)s[j] < 0x80 && PLAIN[(unsigned char)s[j]]) j++;
                put_ascii(o, d, i, j);
                i = j;
                continue;
            }
            if (c == '\r') {
                size_t e = (i + 1 < n && s[i + 1] == '\n') ? i + 2 : i + 1;
                fx_tm_put(o, "\n", 1, rawpos(d, i), rawpos(d, e));
                i = e;
                continue;
            }
            if (c == '\f') { fx_tm_put(o, "\f", 1, rawpos(d, i), rawpos(d, i + 1)); i++; continue; } /* page break */
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) { i++; continue; }
            if (c == '[' && n - i > 10 && !memcmp(s + i, "[bookmark:", 10)) {
                size_t j = i + 10;
                while (j < n && j < i + 256 && s[j] != ']' && s[j] != '\n') j++;
                if (j < n && s[j] == ']') { i = j + 1; continue; }
            }
            if (c == '$') { size_t k = latex(o, d, i); if (k) { i += k; continue; } }
            if (c == '*' && i + 1 < n && s[i + 1] == '*') { i += 2; continue; }
            fx_tm_put(o, s + i, 1, rawpos(d, i), rawpos(d, i + 1));
            if (o->w) o->w[n0] = 1;
            i++;
            continue;
        }
        if (!d->umap && (c & 0xF0) == 0xE0) {
            size_t j = put_keep3_run(o, d, i);
            if (j > i) { i = j; continue; }
        }
        /* decode made the text valid UTF-8: the unchecked read is exact (and stays within
         * the text) */
        size_t at = i;
        UChar32 cp;
        if (i + 4 <= n) U8_NEXT_UNSAFE(s, i, cp);
        else { U8_NEXT(s, i, n, cp); if (cp < 0) { i = at + 1; continue; } }
        size_t k = i - at;
        i = at;
        uint8_t props = fx_cprops(cp);
        if (props & FX_CP_KEEP) {
            put_same(o, d, i, i + k, props & FX_CP_WIDTH);
            i += k;
            continue;
        } else if (cp >= 0xFF01 && cp <= 0xFF5E) {      /* full-width ASCII: NFKC, fast */
            char a = (char)(cp - 0xFEE0);
            fx_tm_put(o, &a, 1, rawpos(d, i), rawpos(d, i + k));
            i += k;
        } else if (cp == 0x3000 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F) {
            fx_tm_put(o, " ", 1, rawpos(d, i), rawpos(d, i + k));
            i += k;
        } else if ((cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF || cp == 0x2060) {
            i += k;
        } else {
            i += nfkc(o, d, i, cp, k);
        }
        if (o->w && o->n > n0) o->w[n0] = props & FX_CP_WIDTH;
    }
}

int fx_normalize(fx_doc *d)
{
    fx_tm a = {0}, c = {0};
    a.track_w = 1;
    fx_tm_reserve(&a, d->utf8_len + 16);
    char_pass(&a, d);
    /* the line and within-line passes never lengthen the text: they write straight into the
     * document's arena */
    size_t cap = a.n + 16;
    c.t = fx_alloc(&d->arena, cap);
    c.off = fx_alloc(&d->arena, cap * sizeof *c.off);
    c.len = fx_alloc(&d->arena, cap);
    c.cap = cap;
    c.borrowed = 1;
    fx_norm_lines(&a, &c);
    fx_tm_free(&a);
    d->len = c.n;
    if (c.borrowed) {
        d->text = c.t;
        d->moff = c.off;
        d->mlen = c.len;
        d->text[c.n] = 0;
        d->mlen[c.n] = 0;
    } else {   /* (cannot happen) copied into the arena so the document owns it */
        d->text = fx_strndup(&d->arena, c.t ? c.t : "", c.n);
        d->moff = fx_alloc(&d->arena, (c.n + 1) * sizeof *d->moff);
        d->mlen = fx_alloc(&d->arena, c.n + 1);
        if (c.n) { memcpy(d->moff, c.off, c.n * sizeof *d->moff); memcpy(d->mlen, c.len, c.n); }
    }
    d->moff[c.n] = (uint32_t)d->raw_len;
    fx_tm_free(&c);
    return 0;
}

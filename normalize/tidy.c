/* tidy: the within-line pass of normalization, for what PDF extractors and OCR do inside a
 * line of prose:
 *  - OCR letters inside numbers: a run of digits and O/o/l/I (with . and ,) that touches no
 *    other letter reads O/o as 0 and l/I as 1 (`1O5.3l万元` -> `105.31万元`, `2O25年`);
 *  - `、` as thousands separator between digit groups of a number with a unit or decimals
 *    (`2、417.56万元` -> `2,417.56万元`); `，` is already `,` after NFKC;
 *  - spaces between Chinese and digits, units or punctuation (`26538.47 万元`, `2025 年度`,
 *    `占 36.93%`) are removed, doubled spaces between words become one.
 * Table rows are left alone: their spaces and tabs separate cells (a line with a tab, a run of
 * three or more spaces, or several numbers and no sentence punctuation is a table row). */
#include "offsets.h"

#include <stdbool.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool confusable(char c) { return c == 'O' || c == 'o' || c == 'l' || c == 'I'; }

/* O/o/l/I inside a number become digits, in place (same byte length, same map). */
static void ocr_letters(char *t, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (!is_digit(t[i]) && !confusable(t[i])) { i++; continue; }
        size_t j = i;
        while (j < n && (is_digit(t[j]) || confusable(t[j]) || ((t[j] == '.' || t[j] == ',') && j + 1 < n &&
               (is_digit(t[j + 1]) || confusable(t[j + 1])))))
            j++;
        bool touches = (i > 0 && is_alpha(t[i - 1])) || (j < n && is_alpha(t[j]));
        size_t digits = 0, letters = 0;
        for (size_t k = i; k < j; k++) { digits += is_digit(t[k]); letters += confusable(t[k]); }
        if (!touches && letters && digits)
            for (size_t k = i; k < j; k++)
                if (confusable(t[k])) t[k] = (t[k] == 'O' || t[k] == 'o') ? '0' : '1';
        i = j > i ? j : i + 1;
    }
}

static bool is_cjk(const char *s, size_t n)
{
    unsigned char c = n ? (unsigned char)s[0] : 0;
    if (c >= 0xE3 && c <= 0xE9) return true;
    return n >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x80 &&
           ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D);    /* “ ” */
}

/* digits, % and the ASCII forms of Chinese punctuation: no space between them and Chinese */
static bool is_tight(const char *s, size_t n)
{
    if (!n) return false;
    char c = s[0];
    if (is_digit(c) || c == '%' || c == ',' || c == ';' || c == ':' || c == '(' || c == ')') return true;
    return c == '-' && n > 1 && is_digit(s[1]);
}

static bool is_comma_3(const char *s, size_t n)   /* 、 */
{
    return n >= 3 && !memcmp(s, "、", 3);
}

/* Bytes the within-line rules look at; all others are copied without a second look. */
enum { T_SP = 1, T_E3 = 2, T_PROSE = 8 };
static const uint8_t CLS[256] = {
    [' '] = T_SP | T_PROSE, [0xE3] = T_E3 | T_PROSE,     /* 0xE3 leads 、 and 。 */
    [','] = T_PROSE, [';'] = T_PROSE, [':'] = T_PROSE, ['0' ... '9'] = T_PROSE,
};

/* Does this line read as prose (not a row of a table laid out with spaces)? A tab or a run
 * of three spaces says table; else sentence punctuation says prose, found by a scan that stops
 * at the first one (prose has one within a few characters); only a line without any counts its
 * numbers. */
static bool prose_line(const char *s, size_t n)
{
    if (!n || memchr(s, '\t', n)) return false;
    for (const char *p = s, *e = s + n; e - p >= 3 && (p = memchr(p, ' ', (size_t)(e - p - 2))); p++)
        if (p[1] == ' ' && p[2] == ' ') return false;   /* (glibc's memmem costs more on short lines) */
    int numbers = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(CLS[(unsigned char)s[i]] & T_PROSE) || s[i] == ' ') continue;   /* counts nothing */
        bool between = i > 0 && i + 1 < n && is_digit(s[i - 1]) && is_digit(s[i + 1]);
        if ((s[i] == ',' || s[i] == ';' || s[i] == ':') && !between) return true;
        if (i + 3 <= n && (!memcmp(s + i, "。", 3) || (!memcmp(s + i, "、", 3) &&
            !(i > 0 && is_digit(s[i - 1]) && i + 3 < n && is_digit(s[i + 3])))))
            return true;
        if (is_digit(s[i]) && (i == 0 || !(is_digit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ','))) numbers++;
    }
    return numbers <= 1;
}

/* `、` at s[i] separating thousands: 1-3 digits before, exactly 3 after, and the number goes
 * on to decimals or a unit. */
static bool thousands_sep(const char *s, size_t n, size_t i)
{
    size_t b = i;
    while (b > 0 && is_digit(s[b - 1])) b--;
    if (i - b < 1 || i - b > 3) return false;
    size_t k = i + 3, d = k;
    while (k < n && is_digit(s[k])) k++;
    if (k - d != 3) return false;
    /* further groups */
    while (k < n && (s[k] == ',' || is_comma_3(s + k, n - k))) {
        size_t g = k + (s[k] == ',' ? 1 : 3), e = g;
        while (e < n && is_digit(s[e])) e++;
        if (e - g != 3) return false;
        k = e;
    }
    if (k < n && s[k] == '.' && k + 1 < n && is_digit(s[k + 1])) return true;
    /* then a unit or a measure word (元, 万元, %, 人, 个 …), not another list item */
    if (k < n && s[k] == '%') return true;
    unsigned char c = k < n ? (unsigned char)s[k] : 0;
    return c >= 0xE4 && c <= 0xE9;
}

/* The next byte c at or after i (n if none). */
static size_t next_byte(const char *t, size_t i, size_t n, int c)
{
    const char *q = i < n ? memchr(t + i, c, n - i) : NULL;
    return q ? (size_t)(q - t) : n;
}

static void tidy_line(fx_tm *o, const fx_tm *line)
{
    const char *s = line->t;
    size_t n = line->n;
    bool prose = prose_line(s, n);
    /* bytes kept as they are are copied in runs, not one call per byte */
    size_t run = 0;
    if (!prose) { fx_tm_copy(o, line, 0, n); return; }
    /* the next space and the next 0xE3 (which leads 、), each found again by memchr only
     * once passed: the other bytes are kept as they are */
    size_t nsp = next_byte(s, 0, n, ' '), ne3 = next_byte(s, 0, n, 0xE3);
    for (size_t i = 0; i < n;) {
        if (nsp < i) nsp = next_byte(s, i, n, ' ');
        if (ne3 < i) ne3 = next_byte(s, i, n, 0xE3);
        i = nsp < ne3 ? nsp : ne3;
        if (i >= n) break;
        if (s[i] != ' ' && !is_comma_3(s + i, n - i)) { i++; continue; }
        fx_tm_copy(o, line, run, i);
        run = i;
        if (s[i] == ' ') {
            size_t j = i;
            while (j < n && s[j] == ' ') j++;
            /* the characters on both sides */
            size_t p = o->n;
            if (p > 0) p--;
            while (p > 0 && ((unsigned char)o->t[p] & 0xC0) == 0x80) p--;
            const char *L = p < o->n ? o->t + p : NULL;
            size_t ln = o->n - p;
            const char *R = j < n ? s + j : NULL;
            size_t rn = n - j;
            if (L && R && ((is_cjk(L, ln) && is_tight(R, rn)) || (is_tight(L, ln) && is_cjk(R, rn)) ||
                           (is_digit(L[0]) && R[0] == '%'))) {
                i = run = j;     /* drop the spaces */
                continue;
            }
            fx_tm_copy(o, line, i, i + 1);   /* one space for a run */
            i = run = j;
            continue;
        }
        if (thousands_sep(s, n, i)) {
            fx_tm_put(o, ",", 1, line->off[i], line->off[i + 2] + line->len[i + 2]);
            i = run = i + 3;
            continue;
        }
        i++;   /* an 、 that is not a separator: part of the run */
    }
    fx_tm_copy(o, line, run, n);
}

/* The next 、 at or after i (n if none). */
static size_t next_comma_3(const char *t, size_t i, size_t n)
{
    for (const char *p = t + i, *e = t + n; p < e && (p = memchr(p, 0xE3, (size_t)(e - p))); p++)
        if (is_comma_3(p, (size_t)(e - p))) return (size_t)(p - t);
    return n;
}

void fx_tidy_init(fx_tidy *w, const fx_tm *in)
{
    *w = (fx_tidy){0};
    w->t = in->t;
    w->n = in->n;
    /* Where the next O o l I, space and 、 are: found by memchr over the whole text, each
     * looked up again only once a line has passed it (they are rare in Chinese text), so
     * a line is classified without looking at its bytes. */
    for (int k = 0; k < FX_TIDY_NW; k++) w->nx[k] = next_byte(w->t, 0, w->n, FX_TIDY_WATCH[k]);
    w->nx[FX_TIDY_NW] = next_comma_3(w->t, 0, w->n);
}

/* One whole line, given as a text with its map (no line end). */
static void tidy_one(fx_tidy *w, fx_tm *o, const fx_tm *line, bool conf, bool edit)
{
    if (conf) {                 /* OCR letters are changed in a copy of the line */
        w->line.n = 0;
        fx_tm_copy(&w->line, line, 0, line->n);
        ocr_letters(w->line.t, w->line.n);
        tidy_line(o, &w->line);
    } else if (edit)
        tidy_line(o, line);
    else   /* nothing to change (most lines): copied whole */
        fx_tm_copy(o, line, 0, line->n);
}

void fx_tidy_span(fx_tidy *w, fx_tm *o, const fx_tm *in, size_t s, size_t i)
{
    size_t *nx = w->nx;
    for (int k = 0; k < FX_TIDY_NW; k++) if (nx[k] < s) nx[k] = next_byte(w->t, s, w->n, FX_TIDY_WATCH[k]);
    if (nx[FX_TIDY_NW] < s) nx[FX_TIDY_NW] = next_comma_3(w->t, s, w->n);
    bool conf = nx[0] < i || nx[1] < i || nx[2] < i || nx[3] < i;
    bool edit = nx[4] < i || nx[FX_TIDY_NW] < i;
    if (!conf && !edit) { fx_tm_copy(o, in, s, i); return; }
    fx_tm view = {.t = in->t + s, .off = in->off + s, .len = in->len + s, .n = i - s};
    tidy_one(w, o, &view, conf, edit);
}

void fx_tidy_line(fx_tidy *w, fx_tm *o, const fx_tm *line)
{
    /* a joined line is a paragraph: memchr for each byte tidy may change */
    const char *t = line->t;
    size_t n = line->n;
    bool conf = false;
    for (int k = 0; k < 4 && !conf; k++) conf = next_byte(t, 0, n, FX_TIDY_WATCH[k]) < n;
    bool edit = next_byte(t, 0, n, ' ') < n || next_comma_3(t, 0, n) < n;
    tidy_one(w, o, line, conf, edit);
}

void fx_tidy_free(fx_tidy *w) { fx_tm_free(&w->line); }

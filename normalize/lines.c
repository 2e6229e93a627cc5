/* lines: the line pass of normalization. Reads the per-character text (LF line ends, form
 * feeds kept as page breaks) and writes lines the stages can trust:
 *  - page furniture is dropped: page-number lines (`- 3 -`, `第 3 页 共 9 页`, `3/9`), running
 *    headers (a short line repeated at page breaks), and bare page numbers next to them;
 *  - a paragraph split by a hard wrap or a page break is rejoined, and so is an amount cut
 *    from its unit (`9800.36 万` / `元，占`). A document is hard-wrapped when many of its prose
 *    lines end at the same display width; a line that reaches that width continues on the
 *    next unless the next starts a heading or a list item. Table rows (lines with tabs) and
 *    headings are never glued to prose.
 * Leading and trailing spaces are trimmed from lines that are not table rows. Each line it
 * finishes goes through tidy.c on its way out. */
#include "offsets.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { LN_TEXT, LN_BLANK, LN_TABLE, LN_NOISE };

typedef struct {
    size_t s, e;        /* content in the input text, trimmed */
    size_t brk;         /* the terminating '\n' or '\f', or n at the end */
    int width;          /* display columns of the content */
    uint8_t kind;
    bool strong;        /* page furniture for sure: a page-number line or a form feed */
    bool bare_num;      /* only a small number: a page number if page furniture is near */
    bool isolated;      /* blank (or page break) on both sides */
    bool marker;        /* starts like a heading */
    uint64_t key;       /* running-header key (0: cannot be a running header) */
} ln_t;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static inline bool starts(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && !memcmp(s, p, k);
}

static inline bool ends(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && !memcmp(s + n - k, p, k);
}

/* Word lists are tried on every line: their lengths are known at compile time, and a word
 * whose first two (last) bytes differ is skipped without a memcmp call (every word has two
 * bytes or more). */
typedef struct { const char *s; size_t n; } lit_t;
#define LIT(x) {x, sizeof x - 1}
#define NLITS(a) (sizeof a / sizeof a[0])

static bool starts_any(const char *p, size_t m, const lit_t *w, size_t nw)
{
    for (size_t i = 0; i < nw; i++)
        if (m >= w[i].n && p[0] == w[i].s[0] && p[1] == w[i].s[1] && !memcmp(p, w[i].s, w[i].n)) return true;
    return false;
}

static bool ends_any(const char *p, size_t m, const lit_t *w, size_t nw)
{
    for (size_t i = 0; i < nw; i++)
        if (m >= w[i].n && p[m - 1] == w[i].s[w[i].n - 1] && !memcmp(p + m - w[i].n, w[i].s, w[i].n)) return true;
    return false;
}

static int display_width(const fx_tm *in, size_t b, size_t e)
{
    int w = 0;
    if (in->w) {
        /* 8 widths (each at most 3) summed in one multiply: this runs over every text line */
        size_t i = b;
        for (; i + 8 <= e; i += 8) {
            uint64_t x;
            memcpy(&x, in->w + i, 8);
            w += (int)((x * 0x0101010101010101ull) >> 56);
        }
        for (; i < e; i++) w += in->w[i];
        return w;
    }
    const char *s = in->t + b;
    size_t n = e - b;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { w++; i++; continue; }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) { w++; i++; continue; }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? cw : 1;
        i += (size_t)k;
    }
    return w;
}

static bool starts_marker(const char *p, size_t m);

/* ---- page furniture ---- */

static size_t skip_sp(const char *p, size_t k, size_t m)
{
    while (k < m && p[k] == ' ') k++;
    return k;
}

static size_t skip_digits(const char *p, size_t k, size_t m)
{
    while (k < m && is_digit(p[k])) k++;
    return k;
}

/* - 3 -, — 3 —, 第3页, 第 3 页 共 9 页, 3/9, Page 3 */
static bool page_number_line(const char *p, size_t m)
{
    size_t k = 0, d0;
    if (starts(p, m, "-") || starts(p, m, "—")) {
        k = skip_sp(p, p[0] == '-' ? 1 : 3, m);
        d0 = k; k = skip_digits(p, k, m);
        if (k == d0) return false;
        k = skip_sp(p, k, m);
        if (k < m && p[k] == '-') k++; else if (starts(p + k, m - k, "—")) k += 3; else return false;
        return skip_sp(p, k, m) == m;
    }
    if (starts(p, m, "第")) {
        k = skip_sp(p, 3, m);
        d0 = k; k = skip_digits(p, k, m);
        if (k == d0) return false;
        k = skip_sp(p, k, m);
        if (!starts(p + k, m - k, "页")) return false;
        k = skip_sp(p, k + 3, m);
        if (k == m) return true;
        if (!starts(p + k, m - k, "共")) return false;
        k = skip_sp(p, k + 3, m);
        d0 = k; k = skip_digits(p, k, m);
        if (k == d0) return false;
        k = skip_sp(p, k, m);
        return starts(p + k, m - k, "页") && k + 3 == m;
    }
    if (starts(p, m, "Page ") || starts(p, m, "page ")) {
        k = skip_sp(p, 5, m);
        d0 = k; k = skip_digits(p, k, m);
        return k > d0 && k == m;
    }
    d0 = k; k = skip_digits(p, k, m);
    if (k == d0 || k > d0 + 4) return false;
    k = skip_sp(p, k, m);
    if (k >= m || p[k] != '/') return false;
    k = skip_sp(p, k + 1, m);
    d0 = k; k = skip_digits(p, k, m);
    return k > d0 && k == m;
}

static bool bare_number(const char *p, size_t m)
{
    size_t k = skip_digits(p, 0, m);
    return k > 0 && k <= 4 && k == m;
}

/* A running header compares equal across pages up to spaces and numbers (years, page numbers
 * vary in spacing and value). 0 when the line cannot be one: too short or long, no Chinese, a
 * sentence. */
static uint64_t header_key(const char *p, size_t m, int width)
{
    if (width < 8 || width > 80 || memchr(p, '\t', m) || memchr(p, ':', m)) return 0;
    bool han = false;
    for (size_t i = 0; i < m && !han; i++) han = (unsigned char)p[i] >= 0xE3 && (unsigned char)p[i] <= 0xE9;
    if (!han) return 0;
    for (const char *q = p, *e = p + m; (q = memchr(q, 0xE3, (size_t)(e - q))); q++)   /* 。 */
        if (e - q >= 3 && !memcmp(q, "。", 3)) return 0;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < m; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == ' ') continue;
        if (is_digit((char)c)) { c = '#'; while (i + 1 < m && is_digit(p[i + 1])) i++; }
        h = (h ^ c) * 1099511628211ull;
    }
    return h ? h : 1;
}

typedef struct { uint64_t key; size_t i; } keyed_t;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed_t *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Is some line within 4 of line i page furniture (strong, or a bare number when weak_ok)? */
static bool near_page(const ln_t *L, size_t nl, size_t i, bool weak_ok)
{
    size_t lo = i >= 4 ? i - 4 : 0, hi = i + 4 < nl ? i + 4 : nl - 1;
    for (size_t j = lo; j <= hi; j++) {
        if (j == i) continue;
        if (L[j].strong || (weak_ok && L[j].bare_num)) return true;
    }
    return false;
}

/* Could line i be a running header here? Not the title; next to a page break (a page
 * number, or a bare number when the line stands alone); and not the continuation of the line
 * before it (the tail of a wrapped heading repeats too: `出决算情况说明`). */
static bool header_at(const ln_t *L, size_t nl, size_t i, size_t first_text)
{
    if (i == first_text) return false;
    if (i > 0 && !(L[i - 1].kind == LN_BLANK || L[i - 1].kind == LN_NOISE || L[i - 1].strong || L[i - 1].bare_num))
        return false;
    return near_page(L, nl, i, false) || (L[i].isolated && near_page(L, nl, i, true));
}

static void mark_furniture(ln_t *L, size_t nl)
{
    size_t first_text = 0;
    while (first_text < nl && L[first_text].kind != LN_TEXT) first_text++;
    keyed_t *K = malloc((nl + 1) * sizeof *K);
    if (!K) abort();
    size_t nk = 0;
    for (size_t i = 0; i < nl; i++) if (L[i].key) { K[nk].key = L[i].key; K[nk].i = i; nk++; }
    qsort(K, nk, sizeof *K, cmp_keyed);
    /* a running header: the same short line at two or more page breaks, pages apart */
    for (size_t g = 0; g < nk;) {
        size_t h = g;
        while (h < nk && K[h].key == K[g].key) h++;
        if (h - g >= 2) {
            size_t qual = 0, close = 0, prev = 0;
            for (size_t x = g; x < h; x++) {
                size_t i = K[x].i;
                if (!header_at(L, nl, i, first_text)) continue;
                if (qual && i - prev < 8) close++;  /* pages are further apart than that */
                prev = i;
                qual++;
            }
            /* most of its occurrences sit at page breaks (the first may be the title) */
            size_t count = h - g;
            /* (a text line that happens to equal the header, next to a page break, goes too) */
            /* a heading listed in the table of contents and again in the body is no header;
             * a part's title printed on each of its pages is */
            bool heading = false;
            for (size_t x = g; x < h; x++) heading |= L[K[x].i].marker;
            if (heading && count < 3) qual = 0;
            bool title = K[g].i == first_text;   /* a header repeats the title */
            if (qual * 2 >= count && (qual >= 2 || (count == 2 && title && qual == 1)) && close * 4 <= qual)
                for (size_t x = g; x < h; x++) {
                    size_t i = K[x].i;
                    if (header_at(L, nl, i, first_text)) L[i].kind = LN_NOISE;
                }
        }
        g = h;
    }
    free(K);
    /* bare page numbers: alone between blank lines, next to a header or a page break */
    for (size_t i = 0; i < nl; i++) {
        if (!L[i].bare_num || !L[i].isolated) continue;
        size_t lo = i >= 4 ? i - 4 : 0, hi = i + 4 < nl ? i + 4 : nl - 1;
        for (size_t j = lo; j <= hi; j++)
            if (j != i && (L[j].strong || (L[j].kind == LN_NOISE && L[j].key))) { L[i].kind = LN_NOISE; break; }
    }
}

/* ---- headings and sentences ---- */

static size_t cn_digits(const char *p, size_t m)
{
    /* 一二三四五六七八九十百零〇两, each 3 bytes in UTF-8: compared as one 24-bit value (this is
     * asked of most lines, and most start with another character) */
    const unsigned char *u = (const unsigned char *)p;
    size_t k = 0;
    for (; m - k >= 3; k += 3) {
        uint32_t x = (uint32_t)u[k] << 16 | (uint32_t)u[k + 1] << 8 | u[k + 2];
        switch (x) {
        case 0xE4B880: case 0xE4BA8C: case 0xE4B889: case 0xE59B9B: case 0xE4BA94: case 0xE585AD:
        case 0xE4B883: case 0xE585AB: case 0xE4B99D: case 0xE58D81: case 0xE799BE: case 0xE99BB6:
        case 0xE38087: case 0xE4B8A4:
            continue;
        default:
            return k;
        }
    }
    return k;
}

/* Does a line start like a heading or a list item (so it cannot continue a paragraph)?
 * MK_MAJOR: 第X部分, 一、, 附件, table furniture; MK_LIST: (一), 1., 1、, (1), ①, bullets, which
 * also begin paragraphs that run on. */
enum { MK_NONE, MK_MAJOR, MK_LIST };

static int marker_kind(const char *p, size_t m)
{
    static const lit_t MAJOR[] = {LIT("附件"), LIT("附表"), LIT("目录"), LIT("目 录"), LIT("注:"), LIT("单位:"),
                                  LIT("编制单位:"), LIT("编制部门:")};
    static const lit_t BULLET[] = {LIT("• "), LIT("- "), LIT("·")};
    if (starts_any(p, m, MAJOR, NLITS(MAJOR))) return MK_MAJOR;
    if (starts_any(p, m, BULLET, NLITS(BULLET))) return MK_LIST;
    if (m >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x91 &&
        (unsigned char)p[2] >= 0xA0 && (unsigned char)p[2] <= 0xB3) return MK_LIST;   /* ①..⑳ */
    if (starts(p, m, "第")) {
        size_t k = cn_digits(p + 3, m - 3);
        if (!k) k = skip_digits(p, 3, m) - 3;
        if (k && (starts(p + 3 + k, m - 3 - k, "部分") || starts(p + 3 + k, m - 3 - k, "章") ||
                  starts(p + 3 + k, m - 3 - k, "节"))) return MK_MAJOR;
    }
    size_t k = cn_digits(p, m);
    if (k && (starts(p + k, m - k, "、") || starts(p + k, m - k, "."))) return MK_MAJOR;
    if (starts(p, m, "公开") && m > 6 && is_digit(p[6])) return MK_MAJOR;
    if (p[0] == '(' && m > 1) {
        size_t j = cn_digits(p + 1, m - 1);
        if (!j) j = skip_digits(p, 1, m) - 1;
        if (j && 1 + j < m && p[1 + j] == ')') return MK_LIST;
    }
    k = skip_digits(p, 0, m);
    if (k && k <= 3 && k < m) {
        if (starts(p + k, m - k, "、") || p[k] == ')') return MK_LIST;
        if (p[k] == '.' && (k + 1 >= m || !is_digit(p[k + 1]))) return MK_LIST;
    }
    return MK_NONE;
}

static bool starts_marker(const char *p, size_t m) { return marker_kind(p, m) != MK_NONE; }

static bool ends_sentence(const char *s, size_t n)
{
    static const lit_t P[] = {LIT("。"), LIT(";"), LIT(":"), LIT("!"), LIT("?"), LIT("」"), LIT("》"), LIT("表"),
                              LIT("图"), LIT("情况"), LIT("说明"), LIT("概况"), LIT("…")};
    return ends_any(s, n, P, NLITS(P));
}

/* words a complete heading ends with */
static bool ends_heading_word(const char *s, size_t n)
{
    static const lit_t P[] = {LIT("情况"), LIT("说明"), LIT("概况"), LIT("职能"), LIT("职责"), LIT("构成"),
                              LIT("解释"), LIT("附件"), LIT("目录"), LIT("表"), LIT("图")};
    return ends_any(s, n, P, NLITS(P));
}

/* A heading (or the first line of one): starts with a marker, no sentence inside it, short.
 * Commas are allowed: `1. 加强思想政治引领，团结凝聚职工群众听党话跟党走`. */
static bool heading_text(const char *s, size_t n, int width)
{
    if (width >= 70 || !starts_marker(s, n)) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ';' || s[i] == ':' || (i + 3 <= n && !memcmp(s + i, "。", 3))) return false;
    return true;
}

static bool has_sentence_punct(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == ';' || s[i] == ':' || (i + 3 <= n && !memcmp(s + i, "。", 3))) return true;
    return false;
}

/* a number at the end, possibly followed by 万 or 亿 (its unit is on the next line) */
static bool ends_number(const char *s, size_t n)
{
    if (n && is_digit(s[n - 1])) return true;
    if (ends(s, n, "万") || ends(s, n, "亿")) {
        size_t k = n - 3;
        while (k > 0 && s[k - 1] == ' ') k--;
        return k > 0 && is_digit(s[k - 1]);
    }
    return false;
}

static bool starts_unit(const char *s, size_t n)
{
    return starts(s, n, "元") || starts(s, n, "万") || starts(s, n, "亿") || starts(s, n, "%");
}

static bool starts_cjk(const char *s, size_t n)
{
    unsigned char c = n ? (unsigned char)s[0] : 0;
    return c >= 0xE3 && c <= 0xE9;
}

/* ---- wrap width ---- */

/* The width a hard-wrapped document's lines were cut at, or 0 when it is not hard-wrapped:
 * a width that many prose lines reach (within 3 columns) and almost none exceed. */
static int wrap_width(const ln_t *L, size_t nl)
{
    enum { MAXW = 400 };
    int *c = calloc(MAXW + 1, sizeof *c);
    if (!c) abort();
    int total = 0, maxw = 0;
    for (size_t i = 0; i < nl; i++) {
        if (L[i].kind != LN_TEXT || L[i].width < 16) continue;
        int w = L[i].width > MAXW ? MAXW : L[i].width;
        c[w]++; total++;
        if (w > maxw) maxw = w;
    }
    int found = 0, above = 0;
    for (int m = maxw; m >= 20 && !found; m--) {
        int near = 0;
        for (int w = m - 3; w <= m; w++) near += c[w];
        if (near >= 5 && near * 10 >= total * 3 && above * 20 <= total + 40) found = m;
        above += c[m];
    }
    free(c);
    return found;
}

/* ---- the pass ---- */

/* A line end: '\n' mapped to the raw line end (or form feed) it stands for. */
static void put_break(fx_tm *o, const fx_tm *in, size_t brk)
{
    if (brk >= in->n) return;
    if (o->n + 2 > o->cap) fx_tm_reserve(o, 1);
    o->t[o->n] = '\n';
    o->off[o->n] = in->off[brk];
    o->len[o->n] = in->len[brk];
    if (o->w) o->w[o->n] = 0;
    o->n++;
}

/* The next form feed at or after i, n if none. */
static size_t next_ff(const char *t, size_t i, size_t n)
{
    const char *q = i < n ? memchr(t + i, '\f', n - i) : NULL;
    return q ? (size_t)(q - t) : n;
}

/* The next line end ('\n' or '\f') at or after i, n if none; *ff is the next form feed at or
 * after the previous call's i (form feeds are rare: memchr finds the line feeds). */
static size_t next_break(const char *t, size_t i, size_t n, size_t *ff)
{
    if (i >= n) return n;
    if (*ff < i) *ff = next_ff(t, i, n);
    const char *p = memchr(t + i, '\n', *ff - i);
    return p ? (size_t)(p - t) : *ff;
}

void fx_norm_lines(const fx_tm *in, fx_tm *o)
{
    const char *t = in->t;
    size_t n = in->n, nl, ff = next_ff(t, 0, n);
    /* lines are split once: the table grows as they come (a guess of 40 bytes a line first) */
    size_t cap = n / 40 + 16;
    ln_t *L = malloc(cap * sizeof *L);
    if (!L) abort();
    size_t k = 0, s = 0;
    for (size_t i = next_break(t, 0, n, &ff); ; i = next_break(t, i + 1, n, &ff)) {
        if (k == cap) {
            L = realloc(L, 2 * cap * sizeof *L);
            if (!L) abort();
            cap *= 2;
        }
        ln_t *l = &L[k++];
        *l = (ln_t){0};   /* only the lines there are, not the whole guess */
        size_t e = i;
        bool tab = memchr(t + s, '\t', i - s) != NULL;
        while (e > s && t[e - 1] == ' ') e--;
        size_t b = s;
        if (!tab) while (b < e && t[b] == ' ') b++;
        l->s = b; l->e = e; l->brk = i;
        l->strong = i < n && t[i] == '\f';
        if (b == e) l->kind = LN_BLANK;
        else if (tab) {
            bool blank = true;
            for (size_t x = b; x < e && blank; x++) blank = t[x] == '\t' || t[x] == ' ';
            l->kind = blank ? LN_BLANK : LN_TABLE;
        } else if (page_number_line(t + b, e - b)) { l->kind = LN_NOISE; l->strong = true; }
        else {
            l->kind = LN_TEXT;
            l->width = display_width(in, b, e);
            l->bare_num = bare_number(t + b, e - b);
            l->marker = starts_marker(t + b, e - b);
            l->key = header_key(t + b, e - b, l->width);
        }
        s = i + 1;
        if (i >= n) break;
    }
    nl = k;
    for (size_t i = 0; i < nl; i++) {
        bool before = i == 0 || L[i - 1].kind == LN_BLANK || L[i - 1].strong;
        bool after = i + 1 >= nl || L[i + 1].kind == LN_BLANK || L[i].strong;
        L[i].isolated = before && after;
    }
    mark_furniture(L, nl);
    int W = wrap_width(L, nl);

    /* each finished line goes through tidy into o: straight from the input when it is one
     * input line (most are), else put together in `joined` first */
    fx_tidy tidy;
    fx_tidy_init(&tidy, in);
    fx_tm joined = {0};
    bool joining = false;
    size_t first = 0;   /* first physical line of the output line being written */
    int chain_w = 0;    /* display width of the output line so far */
    for (size_t a = 0; a < nl;) {
        if (L[a].kind == LN_NOISE) { a++; first = a; chain_w = 0; continue; }
        chain_w += L[a].width;
        /* the next line with content, and what lies between */
        size_t b = a + 1, blanks = 0;
        bool page = L[a].strong;
        while (b < nl && (L[b].kind == LN_BLANK || L[b].kind == LN_NOISE) && b - a <= 12) {
            if (L[b].kind == LN_BLANK) blanks++; else page = true;
            if (L[b].strong) page = true;
            b++;
        }
        bool join = false;
        if (L[a].kind == LN_TEXT && b < nl && L[b].kind == LN_TEXT && (blanks <= 2 || page)) {
            const char *A = t + L[a].s, *B = t + L[b].s, *F = t + L[first].s;
            size_t an = L[a].e - L[a].s, bn = L[b].e - L[b].s, fn = L[first].e - L[first].s;
            bool heading = heading_text(F, L[a].e - L[first].s, chain_w);
            if (ends_number(A, an) && starts_unit(B, bn)) join = true;
            else if (L[b].marker)   /* starts_marker(B, bn), computed above */
                /* a list item inside a wrapped paragraph can land at a line start */
                join = W && L[a].width >= W - 4 && !heading && !ends_sentence(A, an) && blanks == 0 && !page;
            else if (W && L[a].width >= W - 4) {
                /* a full line of a hard-wrapped text */
                if (heading && !has_sentence_punct(F, L[a].e - L[first].s)) {
                    /* A heading that fills the line by itself is followed by its text; a
                     * wrapped heading's tail is short and has no sentence in it (`说明`).
                     * A list item (1. (一) ①) often runs on as a paragraph. */
                    bool tail = L[b].width < W - 4 && !has_sentence_punct(B, bn);
                    if (ends_heading_word(A, an)) join = tail && L[b].width <= 6;
                    else join = tail || (marker_kind(F, fn) == MK_LIST && !page && blanks == 0);
                }
                else
                    join = page || blanks == 0 || !ends_sentence(A, an);
            } else if (!heading && chain_w >= 40 && !ends_sentence(A, an)) {
                /* a paragraph a page break (or a converter's blank line) cut in two */
                join = starts_cjk(B, bn) || (page && is_digit(B[0]));
            }
        }
        if (join) { fx_tm_copy(&joined, in, L[a].s, L[a].e); joining = true; a = b; continue; }
        if (joining) {
            fx_tm_copy(&joined, in, L[a].s, L[a].e);
            fx_tidy_line(&tidy, o, &joined);
            joined.n = 0;
            joining = false;
        } else
            fx_tidy_span(&tidy, o, in, L[a].s, L[a].e);
        put_break(o, in, L[a].brk);
        for (size_t x = a + 1; x < b; x++)
            if (L[x].kind == LN_BLANK) put_break(o, in, L[x].brk);
        a = b;
        first = a;
        chain_w = 0;
    }
    fx_tm_free(&joined);
    fx_tidy_free(&tidy);
    free(L);
}

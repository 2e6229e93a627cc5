/* segment: the outline. Every line that opens with a numbering marker is a candidate
 * (segment_line.c); tables of contents are set aside (segment_toc.c); the rest are judged as
 * a group of siblings (a run of numbered duty sentences is a list, a run of short titles is a
 * set of headings) and laid out as a tree by marker level, whatever order or gaps the
 * report has. Output: section records, d->sections, each line's innermost section, heading
 * and TOC line kinds. */
#include "segment.h"
#include "patterns.h"

#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)
#define MAX_LEVEL 6

typedef struct { seg_cand *v; size_t n, cap; } cands_t;

static void push(cands_t *cs, const seg_cand *c)
{
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? cs->cap * 2 : 64;
        seg_cand *v = realloc(cs->v, cs->cap * sizeof *v);
        if (!v) abort();
        cs->v = v;
    }
    cs->v[cs->n++] = *c;
}

/* a + b in the arena (the outline joins marker and title for every heading: no printf) */
static char *cat2(fx_doc *d, const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *k = fx_alloc(&d->arena, na + nb + 1);
    memcpy(k, a, na);
    memcpy(k + na, b, nb);
    return k;
}

static const char *key_of(fx_doc *d, const seg_cand *c)
{
    char *k = cat2(d, c->marker, c->title);
    size_t j = 0;
    for (size_t i = 0; k[i]; i++)
        if (k[i] != ' ') k[j++] = k[i];
    k[j] = 0;
    return k;
}

/* the tail of a heading cut by a hard wrap (说明, 政拨款支出决算情况说明): short, no sentence
 * punctuation, starting with a Chinese character, not a table or chart title of its own */
static bool wrap_tail(const fx_doc *d, size_t s, size_t e)
{
    const char *t = d->text;
    size_t n = seg_chars(t, s, e);
    if (n < 1 || n > 20 || (unsigned char)t[s] < 0x80) return false;
    for (size_t i = s; i < e; i++)
        if (strchr(",.;:!?\t ", t[i]) || (e - i >= 3 && !memcmp(t + i, "\xE3\x80\x82", 3))) return false;
    if (t[s] == '(' && t[e - 1] == ')') return false;
    if (n > 2 && (!memcmp(t + e - 3, "表", 3) || !memcmp(t + e - 3, "图", 3))) return false;
    return true;
}

static bool final_word(fx_doc *d, const char *s)
{
    PCRE2_SIZE *ov;
    return fx_match(d, fx_pat("heading_final"), s, strlen(s), 0, &ov) > 0;
}

static bool line_matches(fx_doc *d, size_t li, const char *pat)
{
    size_t s, e;
    seg_line_body(d, li, &s, &e);
    PCRE2_SIZE *ov;
    return e > s && e - s <= 200 && fx_match(d, fx_pat(pat), d->text + s, e - s, 0, &ov) > 0;
}

/* a running header: a short line repeated nearby (the report title printed on every page;
 * a page is a few dozen lines, so the next copy is close). Answers are cached per line:
 * `memo` is 0 unknown, 1 no, 2 yes. Every line is compared with its whole window, so each
 * line's body and cleaned text are also computed once, when first needed. */
#define HEADER_WINDOW 400

typedef struct {
    unsigned char *memo;
    bool *known;            /* body span of the line computed */
    size_t *bs, *be;        /* body span (seg_line_body) */
    const char **clean;     /* seg_clean of the body, NULL until needed */
} hdr_ctx;

static void body_of(fx_doc *d, hdr_ctx *h, size_t li, size_t *s, size_t *e)
{
    if (!h->known[li]) { seg_line_body(d, li, &h->bs[li], &h->be[li]); h->known[li] = true; }
    *s = h->bs[li];
    *e = h->be[li];
}

static const char *clean_of(fx_doc *d, hdr_ctx *h, size_t li)
{
    if (!h->clean[li]) h->clean[li] = seg_clean(d, h->bs[li], h->be[li]);
    return h->clean[li];
}

static bool running_header(fx_doc *d, size_t li, hdr_ctx *h)
{
    unsigned char *memo = h->memo;
    if (memo[li]) return memo[li] == 2;
    memo[li] = 1;
    size_t s, e;
    body_of(d, h, li, &s, &e);
    /* a character is 1 to 4 bytes: a long paragraph is not counted through */
    if (e - s < 6 || e - s > 4 * 40) return false;
    size_t n_chars = seg_chars(d->text, s, e);
    if (n_chars < 6 || n_chars > 40) return false;
    const char *a = NULL;
    size_t lo = li > HEADER_WINDOW ? li - HEADER_WINDOW : 0;
    size_t hi = li + HEADER_WINDOW < d->n_lines ? li + HEADER_WINDOW : d->n_lines;
    for (size_t j = lo; j < hi; j++) {
        if (j == li || d->lines[j].kind == FXL_BLANK) continue;
        size_t js, je;
        body_of(d, h, j, &js, &je);
        size_t n = je - js;
        if (n + 8 < e - s || n > e - s + 8) continue;       /* spacing may differ, not more */
        if (!a) a = clean_of(d, h, li);
        if (!strcmp(clean_of(d, h, j), a)) { memo[li] = 2; return true; }
    }
    return false;
}

/* Headings broken over two lines: the marker alone with the title on the next line, or a
 * long title whose last characters were wrapped onto the next line, right after it or after
 * a page break (blank lines, a page number, the running header). */
static void join_broken(fx_doc *d, seg_cand *c, const int *cand_at, hdr_ctx *hx)
{
    if (c->shape != SEG_TITLE || c->toc) return;
    size_t title_chars = seg_chars(c->title, 0, strlen(c->title));
    bool page_break = false;
    size_t skipped_header = NONE;
    int blanks = 0;
    for (size_t j = c->line + 1; j < d->n_lines && j <= c->line + 8; j++) {
        if (d->lines[j].kind == FXL_BLANK) {
            /* the normalizer may have blanked the page number and header: a run of blank
             * lines is where a page ended */
            if (++blanks >= 2) page_break = true;
            continue;
        }
        blanks = 0;
        if (seg_is_table_line(d, j)) return;
        if (cand_at[j] >= 0) {
            /* after a page number, a running header may itself look like a heading */
            if (!page_break || skipped_header != NONE || !running_header(d, j, hx)) return;
            skipped_header = j;
            continue;
        }
        if (title_chars && (d->lines[j].kind == FXL_NOISE || line_matches(d, j, "heading_page_break"))) {
            page_break = true;
            continue;
        }
        if (title_chars && skipped_header == NONE && j > c->line + 1 && running_header(d, j, hx)) {
            page_break = true;
            skipped_header = j;
            continue;
        }
        size_t s, e;
        seg_line_body(d, j, &s, &e);
        bool adjacent = j == c->line + 1;
        bool take = title_chars == 0
                        ? j <= c->line + 2 && seg_chars(d->text, s, e) <= 40 && !memchr(d->text + s, ',', e - s) &&
                              !strstr(fx_strndup(&d->arena, d->text + s, e - s), "\xE3\x80\x82")
                        : (adjacent || page_break) && title_chars >= 3 &&
                              title_chars + seg_chars(d->text, s, e) <= 40 && wrap_tail(d, s, e);
        const char *joined = take ? cat2(d, c->title, seg_clean(d, s, e)) : NULL;
        /* a title that is complete already takes only a short tail that completes it again */
        if (take && title_chars && final_word(d, c->title))
            take = seg_chars(d->text, s, e) <= 2 && final_word(d, joined);
        if (!take) return;
        c->title = joined;
        c->te = e;
        c->cont = j;
        c->key = key_of(d, c);
        if (skipped_header != NONE) d->lines[skipped_header].kind = FXL_NOISE;
        return;
    }
}

/* ---- running headers ---- */

typedef struct { const char *key; int i; } keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

static bool same_type(const seg_cand *a, const seg_cand *b)
{
    return a->level == b->level && ((a->marker[0] >= '0' && a->marker[0] <= '9') == (b->marker[0] >= '0' && b->marker[0] <= '9'));
}

/* Page headers that repeat a heading (the part title printed on every page) are not
 * sections: a 第X部分 heading seen three times or more is one after its first occurrence,
 * and so is any repeated heading that the numbering runs straight through (2. … header … 3.). */
static void drop_running_headers(seg_cand *c, size_t n)
{
    if (n < 2) return;
    keyed *ix = malloc(n * sizeof *ix);
    int *times = calloc(n, sizeof *times);
    bool *later = calloc(n, sizeof *later);
    if (!ix || !times || !later) abort();
    for (size_t i = 0; i < n; i++) ix[i] = (keyed){c[i].key, (int)i};
    qsort(ix, n, sizeof *ix, by_key);
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && !strcmp(ix[a].key, ix[b].key); b++) later[ix[b].i] = true;
        for (size_t k = a; k < b; k++) times[ix[k].i] = (int)(b - a);
    }
    for (size_t i = 0; i < n; i++) {
        if (!later[i] || c[i].drop) continue;
        if (c[i].level == 1 && times[i] >= 3) { c[i].drop = true; continue; }
        size_t nx = i + 1;
        while (nx < n && c[nx].drop) nx++;
        if (nx >= n || c[nx].level <= c[i].level) continue;
        for (size_t k = i; k-- > 0;) {
            if (c[k].drop) continue;
            if (c[k].level <= c[i].level) break;
            if (same_type(&c[k], &c[nx])) {
                if (c[nx].ordinal == c[k].ordinal + 1) c[i].drop = true;
                break;
            }
        }
    }
    free(ix); free(times); free(later);
}

/* `(1)` where `(一)` belongs (OCR or typing slip): a (N) heading with no (一)-level heading
 * open whose next heading at that level is (N+1). Read as level 3 so its children and the
 * following siblings attach where they belong. */
static void repair_typos(fx_doc *d, seg_cand *c, size_t n)
{
    bool open3 = false;
    for (size_t i = 0; i < n; i++) {
        if (c[i].drop) continue;
        if (c[i].level <= 2) open3 = false;
        if (c[i].level == 3) open3 = true;
        if (c[i].level != 5 || open3 || c[i].shape == SEG_CONTENT) continue;
        size_t k = i + 1;
        while (k < n && (c[k].drop || c[k].level > 3)) k++;
        if (k < n && c[k].level == 3 && c[k].ordinal == c[i].ordinal + 1) {
            c[i].level = 3;
            c[i].typo = true;
            open3 = true;
            fx_diag(d, "info", "heading-marker", c[i].ms, c[i].me,
                    "heading marker %s read as level 3: the next heading at that level is its successor",
                    c[i].marker);
        }
    }
}

/* Siblings (same provisional parent, same level) are judged together: when at least half of
 * them are content (duty sentences, amounts), the numbered run is a list and none of it is a
 * section; otherwise the title-like ones are headings and the content ones list items. A bare
 * title line (no sentence punctuation) is the surest sign of a heading and counts double. */
static void judge_groups(fx_doc *d, seg_cand *c, size_t n)
{
    int open[MAX_LEVEL + 1];
    for (int l = 0; l <= MAX_LEVEL; l++) open[l] = -1;
    for (size_t i = 0; i < n; i++) {
        if (c[i].drop) continue;
        int L = c[i].level;
        c[i].pparent = -1;
        for (int l = L - 1; l >= 1; l--)
            if (open[l] >= 0) { c[i].pparent = open[l]; break; }
        for (int l = L; l <= MAX_LEVEL; l++) open[l] = -1;
        open[L] = (int)i;
    }
    size_t slots = (n + 1) * (MAX_LEVEL + 1);
    int *content = fx_alloc(&d->arena, slots * sizeof *content);
    int *title = fx_alloc(&d->arena, slots * sizeof *title);
    for (size_t i = 0; i < n; i++) {
        if (c[i].drop) continue;
        size_t g = (size_t)(c[i].pparent + 1) * (MAX_LEVEL + 1) + (size_t)c[i].level;
        if (c[i].shape == SEG_CONTENT) content[g]++; else title[g] += c[i].strong ? 2 : 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (c[i].drop) continue;
        size_t g = (size_t)(c[i].pparent + 1) * (MAX_LEVEL + 1) + (size_t)c[i].level;
        if (c[i].shape == SEG_CONTENT || (c[i].level >= 2 && content[g] >= title[g])) c[i].drop = true;
    }
}

static bool glossary_title(const char *t)
{
    return strstr(t, "名词解释") || strstr(t, "名词说明") || strstr(t, "术语解释");
}

/* The tree: a heading's parent is the nearest open heading of a shallower level. Inside a
 * glossary part the numbered entries are terms (facts.c), not sections. */
static void build_tree(fx_doc *d, seg_cand *c, size_t n, int *sec_of)
{
    int open[MAX_LEVEL + 1];
    for (int l = 0; l <= MAX_LEVEL; l++) open[l] = -1;
    int glossary = 0;
    size_t from = 0;    /* lines before it are checked for an attachment start */
    for (size_t i = 0; i < n; i++) {
        sec_of[i] = -1;
        if (c[i].drop) continue;
        /* an attachment (附件1) is a document of its own: its numbering starts a new tree */
        for (size_t li = from; li < c[i].line; li++) {
            if (d->lines[li].kind == FXL_BLANK || d->lines[li].kind == FXL_TOC || seg_is_table_line(d, li)) continue;
            if (line_matches(d, li, "heading_annex")) {
                for (int l = 0; l <= MAX_LEVEL; l++) open[l] = -1;
                glossary = 0;
            }
        }
        from = c[i].line + 1;
        int L = c[i].level;
        if (glossary && L > glossary) continue;
        if (glossary && L <= glossary) glossary = 0;
        for (int l = L; l <= MAX_LEVEL; l++) open[l] = -1;
        int parent = -1;
        for (int l = L - 1; l >= 1; l--)
            if (open[l] >= 0) { parent = open[l]; break; }
        size_t end = c[i].te > c[i].ts ? c[i].te : c[i].me;
        fx_rec *r = fx_rec_new(d, "section", c[i].ms, end);
        fx_set_int(d, r, "level", L);
        fx_set_str(d, r, "marker", c[i].marker);
        fx_set_int(d, r, "ordinal", c[i].ordinal);
        fx_set_str(d, r, "title", c[i].title);
        fx_set_str(d, r, "parent", parent >= 0 ? d->sections[parent]->id : NULL);
        fx_val *path = fx_set_list(d, r, "path");
        for (int l = 1; l < L; l++) {
            if (open[l] < 0) continue;
            const fx_rec *a = d->sections[open[l]];
            fx_list_add_str(d, path, cat2(d, fx_get_str(a, "marker"), fx_get_str(a, "title")));
        }
        fx_list_add_str(d, path, cat2(d, c[i].marker, c[i].title));
        sec_of[i] = (int)d->n_sections;
        open[L] = (int)d->n_sections;
        fx_push(&d->sections, &d->n_sections, &d->cap_sections, r);
        if (glossary_title(c[i].title)) glossary = L;
    }
}

void fx_segment(fx_doc *d)
{
    if (!d->lines || !d->n_lines) return;
    cands_t cs = {0};
    seg_cand tmp;
    for (size_t li = 0; li < d->n_lines; li++)
        if (seg_read_line(d, li, &tmp)) push(&cs, &tmp);
    seg_cand *c = cs.v;
    size_t n = cs.n;
    int *cand_at = fx_alloc(&d->arena, (d->n_lines + 1) * sizeof *cand_at);
    for (size_t li = 0; li < d->n_lines; li++) cand_at[li] = -1;
    for (size_t k = 0; k < n; k++) cand_at[c[k].line] = (int)k;

    size_t nl = d->n_lines + 1;
    hdr_ctx hx = {fx_alloc(&d->arena, nl), fx_alloc(&d->arena, nl * sizeof(bool)),
                  fx_alloc(&d->arena, nl * sizeof(size_t)), fx_alloc(&d->arena, nl * sizeof(size_t)),
                  fx_alloc(&d->arena, nl * sizeof(char *))};
    for (size_t k = 0; k < n; k++) join_broken(d, &c[k], cand_at, &hx);
    seg_find_toc(d, c, n);
    for (size_t k = 0; k < n; k++)
        c[k].drop = c[k].toc || c[k].row || c[k].title[0] == 0;
    drop_running_headers(c, n);
    repair_typos(d, c, n);
    judge_groups(d, c, n);

    int *sec_of = fx_alloc(&d->arena, (n + 1) * sizeof *sec_of);
    build_tree(d, c, n, sec_of);

    /* heading lines, and every line's innermost section */
    for (size_t k = 0; k < n; k++) {
        if (sec_of[k] < 0 || c[k].shape != SEG_TITLE) continue;
        /* a table's title line stays the table's */
        if (d->lines[c[k].line].table < 0) d->lines[c[k].line].kind = FXL_HEADING;
        if (c[k].cont != NONE && d->lines[c[k].cont].table < 0) d->lines[c[k].cont].kind = FXL_HEADING;
    }
    int cur = -1;
    size_t k = 0;
    for (size_t li = 0; li < d->n_lines; li++) {
        while (k < n && c[k].line <= li) {
            if (sec_of[k] >= 0) cur = sec_of[k];
            k++;
        }
        d->lines[li].section = cur;
    }
    free(cs.v);
}

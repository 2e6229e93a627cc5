/* segment_toc: tables of contents. A TOC lists the headings of the body (often with dotted
 * leaders and page numbers); its entries must not become sections. Three signs, any of which
 * is enough: a 目录 line followed by a run of entries, entries with leaders or page numbers,
 * and a dense run of headings that appears again later as the body. */
#include "segment.h"
#include "patterns.h"

#include <string.h>

#define TOC_MAX_ENTRIES 400     /* no real TOC is longer; bounds the work on hostile input */
#define TOC_MAX_BLOCKS 8

static bool is_toc_title(fx_doc *d, size_t li)
{
    size_t s, e;
    seg_line_body(d, li, &s, &e);
    char buf[32];
    size_t k = 0;
    for (size_t i = s; i < e; i++) {
        if (d->text[i] == ' ') continue;
        if (k + 1 >= sizeof buf) return false;
        buf[k++] = d->text[i];
    }
    while (k > 0 && buf[k - 1] == ':') k--;
    buf[k] = 0;
    return !strcmp(buf, "目录") || !strcmp(buf, "目次");
}

/* a line with dotted leaders (an unnumbered TOC entry: 收入支出决算总表……5) */
static bool leader_line(fx_doc *d, size_t s, size_t e)
{
    PCRE2_SIZE *ov;
    if (e <= s || !seg_may_end_leader(d->text, s, e) ||
        fx_match(d, fx_pat("toc_leader"), d->text + s, e - s, 0, &ov) <= 0)
        return false;
    for (size_t i = s + ov[0]; i < s + ov[1]; i++) {
        char ch = d->text[i];
        if (ch != ' ' && (ch < '0' || ch > '9')) return true;
    }
    return false;
}

/* a short line without sentence punctuation: an unnumbered TOC entry or a part title */
static bool entry_like(fx_doc *d, size_t s, size_t e)
{
    if (seg_chars(d->text, s, e) > 30) return false;
    for (size_t i = s; i < e; i++)
        if (d->text[i] == ',' || (e - i >= 3 && !memcmp(d->text + i, "\xE3\x80\x82", 3))) return false;
    return true;
}

/* prose: a non-blank line that is not a candidate, not a table line and not entry-like */
static bool prose_line(fx_doc *d, const int *cand_at, size_t li)
{
    if (d->lines[li].kind == FXL_BLANK || cand_at[li] >= 0 || seg_is_table_line(d, li)) return false;
    size_t s, e;
    seg_line_body(d, li, &s, &e);
    return e > s && !entry_like(d, s, e) && !leader_line(d, s, e);
}

/* keys compared without a trailing page number (normalizing may have glued it to the
 * title); kl[k] is the length of c[k].key without it, measured once (keys are compared
 * pairwise) */
static size_t key_len(const char *a)
{
    size_t na = strlen(a);
    while (na && a[na - 1] >= '0' && a[na - 1] <= '9') na--;
    return na;
}

static bool same_key(const seg_cand *c, const size_t *kl, size_t a, size_t b)
{
    return kl[a] == kl[b] && !memcmp(c[a].key, c[b].key, kl[a]);
}

static bool reappears(const seg_cand *c, const size_t *kl, size_t n, size_t from, size_t q)
{
    for (size_t k = from; k < n; k++)
        if (!c[k].toc && same_key(c, kl, k, q)) return true;
    return false;
}

static void mark_lines(fx_doc *d, size_t a, size_t b)
{
    for (size_t li = a; li < b && li < d->n_lines; li++)
        if (d->lines[li].kind != FXL_BLANK && !seg_is_table_line(d, li)) d->lines[li].kind = FXL_TOC;
}

/* After a 目录 line: the run of entries up to the first prose or table line, or up to the
 * first entry that repeats one already listed (the body starting over). */
static void toc_block(fx_doc *d, seg_cand *c, const size_t *kl, size_t n, const int *cand_at, size_t li)
{
    d->lines[li].kind = FXL_TOC;
    size_t first = (size_t)-1, last = 0, j;
    int entries = 0;
    bool repeat = false, leaders = false;
    for (j = li + 1; j < d->n_lines; j++) {
        if (d->lines[j].kind == FXL_BLANK) continue;
        if (seg_is_table_line(d, j)) break;
        int k = cand_at[j];
        if (k >= 0) {
            if (first != (size_t)-1)
                for (size_t q = first; q <= last && !repeat; q++) repeat = same_key(c, kl, q, (size_t)k);
            if (repeat || ++entries > TOC_MAX_ENTRIES) break;
            if (first == (size_t)-1) first = (size_t)k;
            last = (size_t)k;
            leaders |= c[k].leader;
            continue;
        }
        size_t s, e;
        seg_line_body(d, j, &s, &e);
        if (leader_line(d, s, e)) { leaders = true; continue; }
        if (entry_like(d, s, e)) continue;
        break;
    }
    if (first == (size_t)-1) return;
    bool toc = repeat || leaders;
    if (!toc) {
        /* the entries must come back later as the body, or this was not a TOC */
        int back = 0, all = 0;
        for (size_t q = first; q <= last; q++, all++) back += reappears(c, kl, n, last + 1, q);
        toc = back * 2 >= all;
    }
    if (!toc) return;
    for (size_t q = first; q <= last; q++) c[q].toc = true;
    mark_lines(d, li, j);
}

/* No 目录 line: a dense run of candidates whose first entry appears again later. */
static void toc_repeated(fx_doc *d, seg_cand *c, const size_t *kl, size_t n, const int *cand_at)
{
    size_t lim = n < TOC_MAX_ENTRIES ? n : TOC_MAX_ENTRIES;
    for (size_t i = 0; i < lim; i++) {
        if (c[i].toc) continue;
        size_t j = i + 1;
        while (j < n && (c[j].toc || !same_key(c, kl, j, i))) j++;
        if (j >= n || j - i < 2) continue;
        /* a TOC is bare titles only: a sentence, or a numbered item with content after its
         * title, means this is body text that happens to repeat a heading (a page header) */
        size_t prose = 0, entries = j - i;
        for (size_t li = c[i].line; li < c[j].line && prose <= entries / 20; li++) prose += prose_line(d, cand_at, li);
        for (size_t k = i; k < j; k++) prose += c[k].shape != SEG_TITLE;
        if (prose > entries / 20) continue;
        /* entries just before the first repeated one belong to it when nothing separates them */
        size_t a = i;
        while (a > 0 && !c[a - 1].toc && c[a - 1].shape == SEG_TITLE) {
            bool sep = false;
            for (size_t li = c[a - 1].line + 1; li < c[a].line && !sep; li++) sep = prose_line(d, cand_at, li);
            if (sep) break;
            a--;
        }
        for (size_t q = a; q < j; q++) c[q].toc = true;
        mark_lines(d, c[a].line, c[j].line);
        return;
    }
}

void seg_find_toc(fx_doc *d, seg_cand *c, size_t n)
{
    int *cand_at = fx_alloc(&d->arena, (d->n_lines + 1) * sizeof *cand_at);
    for (size_t li = 0; li < d->n_lines; li++) cand_at[li] = -1;
    for (size_t k = 0; k < n; k++) cand_at[c[k].line] = (int)k;
    size_t *kl = fx_alloc(&d->arena, (n + 1) * sizeof *kl);
    for (size_t k = 0; k < n; k++) kl[k] = key_len(c[k].key);
    int blocks = 0;
    for (size_t li = 0; li < d->n_lines; li++) {
        if (d->lines[li].kind == FXL_BLANK || seg_is_table_line(d, li) || cand_at[li] >= 0) continue;
        if (is_toc_title(d, li)) {
            /* a report has one or two; more is noise, and each costs a scan of the rest */
            if (blocks++ < TOC_MAX_BLOCKS) toc_block(d, c, kl, n, cand_at, li);
            else d->lines[li].kind = FXL_TOC;
            continue;
        }
        size_t s, e;
        seg_line_body(d, li, &s, &e);
        if (e - s <= 200 && leader_line(d, s, e)) d->lines[li].kind = FXL_TOC;
    }
    toc_repeated(d, c, kl, n, cand_at);
    for (size_t k = 0; k < n; k++)
        if (c[k].leader && !c[k].row) { c[k].toc = true; d->lines[c[k].line].kind = FXL_TOC; }
}

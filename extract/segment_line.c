/* segment_line: one line read as a heading candidate: which marker opens it (its level and
 * ordinal), where its title is, and whether the text after the marker is a short title, a
 * title sentence followed by content, or content (a numbered list item). */
#include "segment.h"
#include "numerals.h"
#include "patterns.h"

#include <stdlib.h>
#include <string.h>

#define SEG_NONE ((size_t)-1)

static bool starts(const char *t, size_t s, size_t e, const char *lit)
{
    size_t n = strlen(lit);
    return e - s >= n && !memcmp(t + s, lit, n);
}

static bool ends(const char *t, size_t s, size_t e, const char *lit)
{
    size_t n = strlen(lit);
    return e - s >= n && !memcmp(t + e - n, lit, n);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool seg_is_table_line(const fx_doc *d, size_t li)
{
    const fx_line *l = &d->lines[li];
    return l->table >= 0 || l->kind == FXL_TABLE || l->tabs > 0;
}

void seg_line_body(const fx_doc *d, size_t li, size_t *ps, size_t *pe)
{
    const char *t = d->text;
    size_t s = d->lines[li].s, e = d->lines[li].e;
    /* converter residue around a heading: indentation, list bullets, markdown emphasis and
     * heading hashes; none of it is part of the heading */
    for (;;) {
        size_t s0 = s;
        while (s < e && is_space(t[s])) s++;
        while (s < e && t[s] == '#') s++;
        if (starts(t, s, e, "**")) s += 2;
        if (s + 1 < e && (t[s] == '-' || t[s] == '*' || t[s] == '>') && t[s + 1] == ' ') s += 2;
        if (starts(t, s, e, "\xE2\x80\xA2") || starts(t, s, e, "\xE2\x97\x8F") ||
            starts(t, s, e, "\xE2\x96\xA0"))           /* • ● ■ */
            s += 3;
        else if (starts(t, s, e, "\xC2\xB7")) s += 2;  /* · */
        if (s == s0) break;
    }
    while (e > s && is_space(t[e - 1])) e--;
    if (ends(t, s, e, "**")) e -= 2;
    while (e > s && is_space(t[e - 1])) e--;
    *ps = s; *pe = e;
}

size_t seg_chars(const char *t, size_t s, size_t e)
{
    size_t n = 0;
    for (size_t i = s; i < e; i++) n += ((unsigned char)t[i] & 0xC0) != 0x80;
    return n;
}

/* trailing characters a title does not keep: sentence ends and list punctuation */
static size_t trim_tail(const char *t, size_t s, size_t e)
{
    for (;;) {
        while (e > s && is_space(t[e - 1])) e--;
        if (ends(t, s, e, "\xE3\x80\x82")) { e -= 3; continue; }     /* 。 */
        if (ends(t, s, e, "\xE3\x80\x81")) { e -= 3; continue; }     /* 、 */
        if (ends(t, s, e, "**")) { e -= 2; continue; }
        if (e > s && strchr(".:;,", t[e - 1])) { e--; continue; }
        return e;
    }
}

char *seg_clean(fx_doc *d, size_t s, size_t e)
{
    const char *t = d->text;
    e = trim_tail(t, s, e);
    while (s < e && is_space(t[s])) s++;
    char *out = fx_alloc(&d->arena, e - s + 1);
    size_t k = 0;
    for (size_t i = s; i < e;) {
        if (!is_space(t[i])) { out[k++] = t[i++]; continue; }
        size_t j = i;
        while (j < e && is_space(t[j])) j++;
        /* PDF text puts spaces between Chinese and digits (2025 年度); they are not part of
         * the title. Between ASCII words a single space stays. */
        bool wide_before = k > 0 && ((unsigned char)out[k - 1] & 0x80);
        bool wide_after = j < e && ((unsigned char)t[j] & 0x80);
        if (!wide_before && !wide_after && k > 0 && j < e) out[k++] = ' ';
        i = j;
    }
    out[k] = 0;
    return out;
}

static char *squeeze(fx_doc *d, const char *s, size_t n)
{
    char *out = fx_alloc(&d->arena, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!is_space(s[i])) out[k++] = s[i];
    out[k] = 0;
    return out;
}

/* first sentence end in t[s,e): 。 ! ? ; (after NFKC), or SEG_NONE */
static size_t sentence_end(const char *t, size_t s, size_t e, size_t *after)
{
    for (size_t i = s; i < e; i++) {
        if ((unsigned char)t[i] == 0xE3 && starts(t, i, e, "\xE3\x80\x82")) { *after = i + 3; return i; }
        if (t[i] == '!' || t[i] == '?' || t[i] == ';') { *after = i + 1; return i; }
    }
    return SEG_NONE;
}

static int count_char(const char *t, size_t s, size_t e, char c)
{
    int n = 0;
    for (size_t i = s; i < e; i++) n += t[i] == c;
    return n;
}

/* the number of non-space characters in t[s,e), counted up to k at most: the callers' limits
 * are small and a long line is not counted through */
static size_t nonspace_upto(const char *t, size_t s, size_t e, size_t k)
{
    size_t n = 0;
    for (size_t i = s; i < e && n < k; i++) n += ((unsigned char)t[i] & 0xC0) != 0x80 && !is_space(t[i]);
    return n;
}

static bool nonspace_at_least(const char *t, size_t s, size_t e, size_t k) { return nonspace_upto(t, s, e, k) >= k; }

/* A label followed by its content (一、财政拨款收入:指… / 1. 基本支出:指… / 综述:全年预算数…):
 * a glossary entry or a labelled list item, never a heading. */
static bool labelled(const char *t, size_t s, size_t e, size_t *colon)
{
    int depth = 0;     /* a colon in parentheses is a note: 收入支出决算总表(单位:万元) */
    for (size_t i = s; i < e; i++) {
        if (t[i] == '(') depth++;
        if (t[i] == ')' && depth > 0) depth--;
        if (t[i] != ':' || depth > 0) continue;
        *colon = i;
        return seg_chars(t, s, i) <= 25 && nonspace_at_least(t, i + 1, e, 2);
    }
    return false;
}

static bool has_amount(fx_doc *d, size_t s, size_t e)
{
    /* patterns/heading_content starts with an ASCII digit: a title without one is not matched */
    bool digit = false;
    for (size_t i = s; i < e && !digit; i++) digit = d->text[i] >= '0' && d->text[i] <= '9';
    PCRE2_SIZE *ov;
    return digit && fx_match(d, fx_pat("heading_content"), d->text + s, e - s, 0, &ov) > 0;
}

/* A labelled item whose label is a section title (政府采购支出情况:本部门…): the label reads as
 * a complete heading (heading_final) and what follows is no definition (指…, 即…), which is
 * how glossary entries go on. */
static bool label_is_title(fx_doc *d, size_t s, size_t colon, size_t e)
{
    const char *t = d->text;
    size_t a = colon + 1;
    while (a < e && is_space(t[a])) a++;
    if (starts(t, a, e, "\xE6\x8C\x87") || starts(t, a, e, "\xE6\x98\xAF\xE6\x8C\x87") ||
        starts(t, a, e, "\xE5\x8D\xB3"))   /* 指 是指 即 */
        return false;
    size_t le = colon;
    while (le > s && is_space(t[le - 1])) le--;
    if (le <= s || has_amount(d, s, le)) return false;
    const char *label = fx_strndup(&d->arena, t + s, le - s);
    PCRE2_SIZE *ov;
    return fx_match(d, fx_pat("heading_final"), label, strlen(label), 0, &ov) > 0;
}


/* Decide the shape of the text after the marker and, for a first-sentence title, where the
 * title ends. */
static void classify(fx_doc *d, seg_cand *c)
{
    const char *t = d->text;
    size_t s = c->ts, e = c->te;
    if (s >= e) { c->shape = SEG_TITLE; return; }
    size_t after = e;
    size_t se = sentence_end(t, s, e, &after);
    size_t s1e = se == SEG_NONE ? e : se;
    bool rest = se != SEG_NONE && nonspace_at_least(t, after, e, 1);
    bool full_stop = se != SEG_NONE && starts(t, se, e, "\xE3\x80\x82");
    /* a clause closed by ';' is one of an enumeration of duties, not a title */
    bool semicolon = se != SEG_NONE && t[se] == ';';
    /* the limits below go up to 50 characters: a long first sentence is not counted through */
    size_t n = nonspace_upto(t, s, s1e, 51);
    int commas = count_char(t, s, s1e, ',');
    c->shape = SEG_CONTENT;
    c->strong = false;
    size_t colon;
    if (labelled(t, s, s1e, &colon)) {
        if (c->level >= 2 && label_is_title(d, s, colon, s1e)) {
            c->shape = SEG_FIRST;
            c->te = colon;
        }
        return;
    }
    if (has_amount(d, s, s1e)) return;
    if (c->level == 1) {
        /* 第X部分 is never a list item marker: only its length limits it */
        if (n <= 50 && commas <= 2) c->shape = rest ? SEG_FIRST : SEG_TITLE;
    } else if (semicolon) {
        return;
    } else if (!rest) {
        if (n <= 40 && commas == 0) c->shape = SEG_TITLE;
        else if (n <= 30 && commas == 1 && !full_stop) c->shape = SEG_TITLE;
        c->strong = c->shape == SEG_TITLE && !full_stop;
    } else if (n <= 25 && commas == 0) {
        c->shape = SEG_FIRST;
    }
    if (c->shape == SEG_FIRST) c->te = s1e;
}

static const char *const GROUPS[] = {"part", "cn", "cnp", "num", "nump", "circ"};

/* The first characters patterns/heading_marker can start with (第, a Han numeral, `(`, a
 * digit, ①-⑳): most lines start with none of them and need not be matched. Keep in step
 * with the pattern. */
static bool may_open_marker(const char *t, size_t s, size_t e)
{
    unsigned char b = (unsigned char)t[s];
    if (b == '(' || (b >= '0' && b <= '9')) return true;
    if (b < 0xE2 || e - s < 3) return false;
    if (b == 0xE2 && (unsigned char)t[s + 1] == 0x91) {
        unsigned char c = (unsigned char)t[s + 2];
        return c >= 0xA0 && c <= 0xB3;                        /* ① U+2460 .. ⑳ U+2473 */
    }
    static const char FIRST[] = "第一二三四五六七八九十百零〇";
    for (size_t i = 0; i + 3 <= sizeof FIRST - 1; i += 3)
        if (!memcmp(t + s, FIRST + i, 3)) return true;
    return false;
}

/* patterns/toc_leader ends the text with a digit or a leader character (. _ - · • … —), and
 * patterns/heading_table_row with a digit, `,` or `%`: a text ending otherwise matches neither
 * (t[s,e) has no trailing white space, see seg_line_body). */
bool seg_may_end_leader(const char *t, size_t s, size_t e)
{
    unsigned char b = (unsigned char)t[e - 1];
    if ((b >= '0' && b <= '9') || b == '.' || b == '_' || b == '-') return true;
    return ends(t, s, e, "\xC2\xB7") || ends(t, s, e, "\xE2\x80\xA2") || ends(t, s, e, "\xE2\x80\xA6") ||
           ends(t, s, e, "\xE2\x80\x94");                     /* · • … — */
}

static bool may_end_row(const char *t, size_t e)
{
    unsigned char b = (unsigned char)t[e - 1];
    return (b >= '0' && b <= '9') || b == ',' || b == '%';
}

/* fx_cn_number (ICU's rule-based parse, some 10^5 instructions a call) of a marker's
 * numeral, remembered per thread: a report's markers are the same few numerals (一 .. 二十)
 * over and over. Two ways per set, the newest first, so that two numerals that hash alike do
 * not keep pushing each other out. */
#define NUMERAL_SETS 64
typedef struct { unsigned char n; char s[12]; bool ok; long long v; size_t used; } numeral_memo;

static bool cn_marker_number(const char *s, size_t n, long long *v, size_t *used)
{
    static _Thread_local numeral_memo memo[NUMERAL_SETS][2];
    if (n == 0 || n > sizeof memo[0][0].s) return fx_cn_number(s, n, v, used);
    uint32_t h = 2166136261u;                     /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    numeral_memo *set = memo[h % NUMERAL_SETS], *m = NULL;
    for (int w = 0; w < 2 && !m; w++)
        if (set[w].n == n && !memcmp(set[w].s, s, n)) m = &set[w];
    if (!m) {
        set[1] = set[0];
        m = &set[0];
        m->n = (unsigned char)n;
        memcpy(m->s, s, n);
        m->ok = fx_cn_number(s, n, &m->v, &m->used);
    }
    if (!m->ok) return false;
    *v = m->v;
    *used = m->used;
    return true;
}

bool seg_read_line(fx_doc *d, size_t li, seg_cand *c)
{
    memset(c, 0, sizeof *c);
    c->line = li;
    c->cont = SEG_NONE;
    c->pparent = -1;
    const fx_line *l = &d->lines[li];
    if (l->tabs > 0 || l->kind == FXL_BLANK) return false;
    size_t s, e;
    seg_line_body(d, li, &s, &e);
    if (e - s < 2) return false;
    const char *t = d->text;
    const pcre2_code *re = fx_pat("heading_marker");
    PCRE2_SIZE *ov;
    size_t probe = e - s < 48 ? e - s : 48;   /* a marker is short: never scan a long line */
    if (!may_open_marker(t, s, e) || fx_match(d, re, t + s, probe, 0, &ov) <= 0) return false;
    size_t m_end = s + ov[1];
    int g = -1, level = 0;
    for (int i = 0; i < 6; i++) {
        int gi = fx_group(re, GROUPS[i]);
        if (gi > 0 && ov[2 * gi] != PCRE2_UNSET) { g = gi; level = i + 1; break; }
    }
    if (g < 0) return false;
    size_t gs = s + ov[2 * g], ge = s + ov[2 * g + 1];
    long long ord = 0;
    if (level == 6) {
        /* ① U+2460 .. ⑳ U+2473: E2 91 A0 .. E2 91 B3 */
        ord = ((unsigned char)t[gs + 2] - 0xA0) + 1;
    } else if (t[gs] >= '0' && t[gs] <= '9') {
        ord = strtoll(t + gs, NULL, 10);
    } else {
        size_t used = 0;
        if (!cn_marker_number(t + gs, ge - gs, &ord, &used) || used != ge - gs) return false;
    }
    c->level = level;
    c->ordinal = ord;
    c->ms = s;
    c->me = m_end;
    c->marker = squeeze(d, t + s, m_end - s);
    /* the title follows, maybe after a separator the marker did not take (第一部分:概况) */
    size_t ts = m_end;
    for (;;) {
        while (ts < e && is_space(t[ts])) ts++;
        if (ts < e && (t[ts] == ':' || t[ts] == '.')) { ts++; continue; }
        if (starts(t, ts, e, "\xE3\x80\x81")) { ts += 3; continue; }
        break;
    }
    c->ts = ts;
    c->te = e;
    /* a table of contents entry keeps its page number after dotted leaders */
    if (ts < e && seg_may_end_leader(t, ts, e) && fx_match(d, fx_pat("toc_leader"), t + ts, e - ts, 0, &ov) > 0) {
        c->leader = true;
        c->te = ts + ov[0];
        while (c->te > ts && is_space(t[c->te - 1])) c->te--;
    }
    if (ts < e && may_end_row(t, e) && fx_match(d, fx_pat("heading_table_row"), t + ts, e - ts, 0, &ov) > 0)
        c->row = true;
    classify(d, c);
    /* a table's title line (一、收入支出决算总表 in the part that holds the tables) is also a
     * heading of that part; anything else a table claimed is table text */
    if ((l->table >= 0 || l->kind == FXL_TABLE) && (c->shape != SEG_TITLE || c->row)) return false;
    c->title = seg_clean(d, c->ts, c->te);
    /* marker + title without spaces (one copy, not a printf) */
    size_t ml = strlen(c->marker), tl = strlen(c->title);
    char *key = fx_alloc(&d->arena, ml + tl + 1);
    memcpy(key, c->marker, ml);
    for (size_t i = 0; i < tl; i++)
        if (!is_space(c->title[i])) key[ml++] = c->title[i];
    c->key = key;
    return true;
}

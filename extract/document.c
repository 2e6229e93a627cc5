/* document: the report's own fields (title, issuer, year, kind, scope) and the money unit its
 * tables use by default. Each field is a vote among the places a report states it: the cover
 * title first, then table headers (编制部门:X, 单位:万元), headings, and sentence subjects.
 * No names or wordings of particular reports: only the shapes these reports share. */
#include "internal.h"
#include "numerals.h"
#include "patterns.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

#define MAX_VOTES 64
#define TITLE_SCAN_LINES 40

typedef struct { const char *s; int votes; int first; } vote;
typedef struct { vote v[MAX_VOTES]; int n, seq; } ballot;

static void cast(ballot *b, const char *s, int w)
{
    if (!s || !*s || w <= 0) return;
    for (int i = 0; i < b->n; i++)
        if (!strcmp(b->v[i].s, s)) { b->v[i].votes += w; return; }
    if (b->n < MAX_VOTES) b->v[b->n++] = (vote){s, w, b->seq++};
}

/* the winner: most votes, ties to the first cast (the strongest source is cast first) */
static const char *winner(const ballot *b, int *votes)
{
    int best = -1;
    for (int i = 0; i < b->n; i++)
        if (b->v[i].votes > 0 && (best < 0 || b->v[i].votes > b->v[best].votes)) best = i;
    if (votes) *votes = best >= 0 ? b->v[best].votes : 0;
    return best >= 0 ? b->v[best].s : NULL;
}

static bool ends_with(const char *s, const char *t)
{
    size_t a = strlen(s), b = strlen(t);
    return a >= b && !memcmp(s + a - b, t, b);
}

/* ---- issuer names ---- */

/* Drop a trailing qualifier that says which part of the issuer a sentence or a cell is about
 * ((本级), (部门), (单位), (机关)); (汇总) names the consolidated report itself and stays. */
static const char *strip_qualifier(fx_doc *d, const char *s, size_t n)
{
    static const char *const Q[] = {"(本级)", "(部门)", "(单位)", "(机关)", "(本部)", "本级"};
    char *t = fx_strndup(&d->arena, s, n);
    for (;;) {
        size_t k = strlen(t);
        while (k && (t[k - 1] == ' ' || t[k - 1] == '\t')) t[--k] = 0;
        bool cut = false;
        for (size_t i = 0; i < sizeof Q / sizeof Q[0]; i++)
            if (ends_with(t, Q[i]) && strlen(t) > strlen(Q[i]) + 3) { t[k - strlen(Q[i])] = 0; cut = true; break; }
        if (!cut) break;
    }
    return t;
}

/* a plausible organisation name: 2..40 characters, Chinese, no digits or sentence marks */
static bool name_like(const char *s)
{
    size_t n = strlen(s);
    if (n < 6 || n > 120) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || c == ':' || c == ',' || c == ';' || c == '%') return false;
    }
    return (unsigned char)s[0] >= 0x80;
}

/* a place name in front of the organisation (沧州市水利局 has one, 总工会 has not) */
static const char *const PLACE_END[] = {"省", "市", "区", "县", "州", "盟", "旗", "镇", "乡"};

static bool ends_in_place(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof PLACE_END / sizeof PLACE_END[0]; i++) {
        size_t k = strlen(PLACE_END[i]);
        if (n >= k && !memcmp(s + n - k, PLACE_END[i], k)) return true;
    }
    return false;
}

static bool has_place(const char *s)
{
    size_t n = strlen(s);
    for (size_t e = 3; e + 3 < n; e += 1)
        if (ends_in_place(s, e)) return true;
    return false;
}

/* `河北省沧州市水利局` and `沧州市水利局` are the same issuer: when a shorter
 * name that itself starts with a place is a suffix of a longer one whose extra prefix is a
 * region, and the shorter one is stated at least twice, the longer one's votes go to it. */
static void fold_regions(ballot *b)
{
    for (int i = 0; i < b->n; i++) {
        vote *a = &b->v[i];
        if (a->votes <= 0) continue;
        int best = -1;
        for (int j = 0; j < b->n; j++) {
            const vote *s = &b->v[j];
            if (j == i || s->votes < 2 || !ends_with(a->s, s->s) || strlen(s->s) >= strlen(a->s)) continue;
            if (!has_place(s->s) || !ends_in_place(a->s, strlen(a->s) - strlen(s->s))) continue;
            if (best < 0 || s->votes > b->v[best].votes) best = j;
        }
        if (best >= 0) { b->v[best].votes += a->votes; a->votes = 0; }
    }
}

/* ---- scanning ---- */

typedef void (*match_fn)(fx_doc *d, const pcre2_code *re, const char *s, PCRE2_SIZE *ov, void *user);

/* Does s[0, n) hold w? memchr (vectorised) for w's last byte, which for the Han literals
 * here is a rarer byte than their first; glibc's memmem costs more per call on short lines. */
static bool holds(const char *s, size_t n, const char *w, size_t k)
{
    if (k == 0) return true;
    if (n < k) return false;
    const char *p = s + k - 1, *end = s + n;
    while ((p = memchr(p, w[k - 1], (size_t)(end - p)))) {
        if (!memcmp(p - (k - 1), w, k)) return true;
        if (++p >= end) break;
    }
    return false;
}

/* every match of a pattern in every line of the given kinds (tables included when asked).
 * `need` is a piece of text every match holds (the pattern's own literal): a line without it
 * is not searched, which spares most lines the pattern's run at each of their characters. */
static void each_match(fx_doc *d, const char *pat, const char *need, bool tables, match_fn fn, void *user)
{
    const pcre2_code *re = fx_pat(pat);
    size_t nn = strlen(need);
    for (size_t li = 0; li < d->n_lines; li++) {
        const fx_line *l = &d->lines[li];
        if (l->kind == FXL_BLANK || l->kind == FXL_TOC) continue;
        if (!tables && seg_is_table_line(d, li)) continue;
        size_t n = l->e - l->s;
        /* (a line within --max-line is not too long: the call is for the longer ones' diagnostic) */
        if (fx_over_max_line(d, n) && fx_line_too_long(d, l->s, l->e))
            continue;
        const char *s = d->text + l->s;
        if (!holds(s, n, need, nn)) continue;
        size_t at = 0;
        PCRE2_SIZE *ov;
        while (at <= n && fx_match(d, re, s, n, at, &ov) > 0) {
            fn(d, re, s, ov, user);
            at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
    }
}

static const char *group(fx_doc *d, const pcre2_code *re, const char *s, PCRE2_SIZE *ov, const char *name)
{
    int g = fx_group(re, name);
    if (g <= 0 || ov[2 * g] == PCRE2_UNSET) return NULL;
    return fx_strndup(&d->arena, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

/* A year written in numerals character by character (二〇二三, OCR's ○ or O for 〇): the
 * digits in order. NULL unless every character is a digit. */
static const char *cn_year(fx_doc *d, const char *s)
{
    char out[8];
    int k = 0;
    for (size_t i = 0; s[i] && k < 4;) {
        long long v;
        size_t used;
        if (s[i] == 'O') { out[k++] = '0'; i++; continue; }
        if (!strncmp(s + i, "\xE2\x97\x8B", 3)) { out[k++] = '0'; i += 3; continue; }   /* ○ */
        if (!fx_cn_number(s + i, 3, &v, &used) || used != 3 || v > 9) return NULL;
        out[k++] = (char)('0' + v);
        i += 3;
    }
    out[k] = 0;
    return k == 4 ? fx_strndup(&d->arena, out, 4) : NULL;
}

/* ---- title ---- */

/* The cover: the short lines before the table of contents or the first heading, joined up
 * to the one that says 决算 or 预算 (青山区教育局(汇总) / 2023年度部门决算). Lines of the
 * form label:value (保密审查情况:已审查) are cover notes, not title. */
static const char *find_title(fx_doc *d)
{
    size_t stop = d->n_lines < TITLE_SCAN_LINES ? d->n_lines : TITLE_SCAN_LINES;
    if (d->n_sections > 0) {
        size_t first = fx_line_at(d, d->sections[0]->cstart);
        if (first < stop) stop = first;
    }
    const char *parts[6];
    int np = 0;
    for (size_t li = 0; li < stop; li++) {
        const fx_line *l = &d->lines[li];
        if (l->kind == FXL_BLANK) continue;
        if (l->kind == FXL_TOC || l->kind == FXL_HEADING || seg_is_table_line(d, li)) break;
        size_t s, e;
        seg_line_body(d, li, &s, &e);
        PCRE2_SIZE *ov;
        if (memchr(d->text + s, ':', e - s)) continue;
        if (e - s <= 200 && fx_match(d, fx_pat("heading_annex"), d->text + s, e - s, 0, &ov) > 0) continue;
        if (seg_chars(d->text, s, e) > 40 || strstr(fx_strndup(&d->arena, d->text + s, e - s), "\xE3\x80\x82")) break;
        const char *t = seg_clean(d, s, e);
        if (np == (int)(sizeof parts / sizeof parts[0])) memmove(parts, parts + 1, sizeof parts[0] * (size_t)--np);
        parts[np++] = t;
        if (strstr(t, "决算") || strstr(t, "预算")) {
            char *out = fx_strdup(&d->arena, "");
            for (int i = 0; i < np; i++) out = fx_sprintf(&d->arena, "%s%s", out, parts[i]);
            return out;
        }
    }
    return NULL;
}

/* ---- votes from the text ---- */

typedef struct { ballot *issuer; int weight; } issuer_ctx;

static void on_issuer(fx_doc *d, const pcre2_code *re, const char *s, PCRE2_SIZE *ov, void *user)
{
    issuer_ctx *c = user;
    const char *name = group(d, re, s, ov, "name");
    if (!name) name = group(d, re, s, ov, "org");
    if (!name) return;
    name = strip_qualifier(d, name, strlen(name));
    if (name_like(name)) cast(c->issuer, name, c->weight);
}

/* 主管部门 / 实施单位 cells: the value is the next non-empty cell, on the same row or (one cell
 * per line) on the next non-blank line */
#define LABEL_MIN 12 /* 主管部门 */
#define LABEL_MAX 20 /* 部门(单位)名称 */
static void cell_issuers(fx_doc *d, ballot *b)
{
    static const char *const LABELS[] = {"主管部门", "实施单位", "部门名称", "单位名称", "部门(单位)名称"};
    for (size_t li = 0; li < d->n_lines; li++) {
        const fx_line *l = &d->lines[li];
        if (!seg_is_table_line(d, li) || l->e - l->s > 4096) continue;
        const char *t = d->text;
        size_t i = l->s;
        while (i < l->e) {
            size_t cs = i;
            /* memchr for the cell's end: this loop reads every table byte of the report */
            const char *tab = memchr(t + i, '\t', l->e - i);
            i = tab ? (size_t)(tab - t) : l->e;
            size_t ce = i;
            if (i < l->e) i++;
            while (cs < ce && t[cs] == ' ') cs++;
            while (ce > cs && t[ce - 1] == ' ') ce--;
            /* a label is 12 to 20 bytes: most cells (numbers, names) are ruled out by length */
            if (ce - cs < LABEL_MIN || ce - cs > LABEL_MAX) continue;
            bool label = false;
            for (size_t k = 0; k < sizeof LABELS / sizeof LABELS[0] && !label; k++)
                label = ce - cs == strlen(LABELS[k]) && !memcmp(t + cs, LABELS[k], ce - cs);
            if (!label) continue;
            /* the next non-empty cell on this row */
            size_t vs = i, ve = i;
            while (vs < l->e) {
                ve = vs;
                while (ve < l->e && t[ve] != '\t') ve++;
                if (ve > vs) break;
                vs = ve + 1;
            }
            if (vs >= l->e && ce == l->e - 0) {
                /* the label ended the row: one cell per line, the value on the next line */
                size_t nj = li + 1;
                while (nj < d->n_lines && d->lines[nj].kind == FXL_BLANK) nj++;
                if (nj >= d->n_lines || !seg_is_table_line(d, nj)) continue;
                vs = d->lines[nj].s;
                ve = d->lines[nj].e;
                while (vs < ve && (t[vs] == '\t' || t[vs] == ' ')) vs++;
            }
            if (vs >= ve) continue;
            const char *name = strip_qualifier(d, t + vs, ve - vs);
            bool is_label = false;
            for (size_t k = 0; k < sizeof LABELS / sizeof LABELS[0]; k++) is_label |= !strcmp(name, LABELS[k]);
            if (!is_label && name_like(name) && !memchr(name, '\t', strlen(name))) cast(b, name, 1);
        }
    }
}

typedef struct { ballot *kind, *scope; int weight; } kind_ctx;

static void on_kind(fx_doc *d, const pcre2_code *re, const char *s, PCRE2_SIZE *ov, void *user)
{
    kind_ctx *c = user;
    cast(c->kind, group(d, re, s, ov, "kind"), c->weight);
    cast(c->scope, group(d, re, s, ov, "scope"), c->weight);
}

static void on_year(fx_doc *d, const pcre2_code *re, const char *s, PCRE2_SIZE *ov, void *user)
{
    cast(user, group(d, re, s, ov, "year"), 1);
}

static void on_unit(fx_doc *d, const pcre2_code *re, const char *s, PCRE2_SIZE *ov, void *user)
{
    /* a declared 单位:X counts more than a column header's (X) */
    const char *u = group(d, re, s, ov, "unit");
    if (u) cast(user, u, 3);
    else cast(user, group(d, re, s, ov, "col"), 1);
}

/* votes from the section titles: they say what the report is more reliably than prose */
static void heading_votes(fx_doc *d, ballot *kind, ballot *scope, ballot *year)
{
    const pcre2_code *rk = fx_pat("docfield_kind"), *ry = fx_pat("docfield_year");
    for (size_t i = 0; i < d->n_sections; i++) {
        const char *t = fx_get_str(d->sections[i], "title");
        if (!t) continue;
        size_t n = strlen(t), at = 0;
        PCRE2_SIZE *ov;
        while (at < n && fx_match(d, rk, t, n, at, &ov) > 0) {
            cast(kind, group(d, rk, t, ov, "kind"), 3);
            cast(scope, group(d, rk, t, ov, "scope"), 3);
            at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
        at = 0;
        while (at < n && fx_match(d, ry, t, n, at, &ov) > 0) {
            cast(year, group(d, ry, t, ov, "year"), 3);
            at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
    }
}

void fx_document_fields(fx_doc *d)
{
    if (!d->document || !d->lines) return;
    ballot issuer = {0}, kind = {0}, scope = {0}, year = {0}, unit = {0};

    /* the cover title decides what it states */
    const char *title = find_title(d);
    if (title) {
        const pcre2_code *re = fx_pat("docfield_title");
        PCRE2_SIZE *ov;
        if (fx_match(d, re, title, strlen(title), 0, &ov) > 0) {
            const char *pre = group(d, re, title, ov, "pre"), *post = group(d, re, title, ov, "post");
            const char *who = pre && *pre ? pre : post;
            if (who) {
                who = strip_qualifier(d, who, strlen(who));
                if (name_like(who) && !ends_with(who, "级")) cast(&issuer, who, 3);
            }
            const char *y = group(d, re, title, ov, "year");
            const char *cy = group(d, re, title, ov, "cnyear");
            cast(&year, y ? y : cy ? cn_year(d, cy) : NULL, 100);
            cast(&kind, group(d, re, title, ov, "kind"), 100);
            cast(&scope, group(d, re, title, ov, "scope"), 100);
        }
    }
    issuer_ctx ic = {&issuer, 2};
    each_match(d, "docfield_issuer", ":", true, on_issuer, &ic);
    cell_issuers(d, &issuer);
    ic.weight = 1;
    each_match(d, "docfield_subject", "年", false, on_issuer, &ic);
    fold_regions(&issuer);

    heading_votes(d, &kind, &scope, &year);
    kind_ctx kc = {&kind, &scope, 1};
    each_match(d, "docfield_kind", "算", false, on_kind, &kc);
    each_match(d, "docfield_year", "年度", false, on_year, &year);

    for (size_t i = 0; i < d->n_tables; i++) cast(&unit, fx_get_str(d->tables[i], "unit"), 3);
    each_match(d, "docfield_unit", "元", true, on_unit, &unit);

    fx_rec *r = d->document;
    fx_set_str(d, r, "title", title);
    fx_set_str(d, r, "issuer", winner(&issuer, NULL));
    const char *y = winner(&year, NULL);
    d->year = y ? atoi(y) : 0;
    if (d->year) fx_set_int(d, r, "year", d->year); else fx_set_null(d, r, "year");
    fx_set_str(d, r, "kind", winner(&kind, NULL));
    fx_set_str(d, r, "scope", winner(&scope, NULL));
    d->unit = winner(&unit, NULL);
}

/* Columns by display position, for layout 3 tables whose converter kept the page layout
 * (pdftotext -layout style): numbers sit under their header words, padded with spaces, even
 * though empty cells print nothing. Positions are display columns of the INPUT line (Han and
 * other wide characters count 2, utf8proc_charwidth), measured on the raw text: the canonical
 * text may have collapsed the padding or narrowed full-width characters.
 *
 * Nothing here trusts the layout blindly. A table's columns get positions only when
 *   - its lowest header words (or its 栏次 numbers) line up one to one with the value columns
 *     the header names;
 *   - the numbers placed by position agree with every placement the table tells by itself
 *     (tb_place without a parent: 行次, a full row, a leading 合计 column);
 *   - the numbers placed in one column share a right edge (right-aligned) or a centre
 *     (centred) within one display column, and at least one column shows that with two or
 *     more numbers: a converter that did not keep alignment scatters them.
 * A number is then placed when its span overlaps exactly one column's header word (or one
 * clearly more than any other), else when its right edge or centre matches exactly one
 * column's. Anything else stays unplaced. */
#include "tables.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAXC 256

/* decoded offset of raw offset r */
static size_t decoded_at(const fx_doc *d, long long r)
{
    if (!d->umap) {
        long long u = r - (long long)d->ubase;
        if (u < 0) return 0;
        return (size_t)u > d->utf8_len ? d->utf8_len : (size_t)u;
    }
    size_t lo = 0, hi = d->utf8_len;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if ((long long)d->umap[m] < r) lo = m + 1; else hi = m;
    }
    return lo;
}

/* Where the last measurement of a line stopped: the next cell of the same line carries on
 * from there instead of measuring again from the line start (a row of many cells would cost
 * its length times its cells). `ok` is false when there is nothing to carry on from. */
typedef struct {
    bool ok;
    size_t a, u;         /* decoded offsets: line start, where the measure stopped */
    int w, ink;          /* display width and ink of [a, u) */
} xcur;

/* display column of raw offset r within its input line, -1 when not measurable; *ink: the
 * width of the non-space text before it */
static int disp_raw(const fx_doc *d, long long r, int *ink, xcur *k)
{
    *ink = 0;
    if (!d->utf8 || r < 0) { k->ok = false; return -1; }
    size_t u = decoded_at(d, r), a, i;
    int w, in;
    if (k->ok && u >= k->u && !memchr(d->utf8 + k->u, '\n', u - k->u) && !memchr(d->utf8 + k->u, '\r', u - k->u)) {
        a = k->a; i = k->u; w = k->w; in = k->ink;
    } else {
        k->ok = false;
        a = u;
        while (a > 0 && d->utf8[a - 1] != '\n' && d->utf8[a - 1] != '\r') {
            if (u - a > 8192) return -1; /* no layout is that wide: do not scan on */
            a--;
        }
        i = a; w = 0; in = 0;
    }
    if (u - a > 8193) return -1;          /* the same bound, for a line measured before */
    bool cut = false;                     /* a character cut short by the end at u */
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)d->utf8;
    while (i < u) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(u - i), &cp);
        if (n <= 0) { w++; cut |= u - i < 4; i++; continue; }
        if (cp == '\t') w = (w / 8 + 1) * 8;
        else if (cp >= 0x20) {
            int cw = utf8proc_charwidth(cp);
            if (cw < 0) cw = 0;
            w += cw;
            if (cp != ' ' && cp != 0x3000) in += cw;
        }
        i += (size_t)n;
    }
    /* a character cut at u may decode whole when measured further on: start over then */
    *k = (xcur){!cut, a, u, w, in};
    *ink = in;
    return w;
}

/* the display range of each cell of a row, its cells left to right */
void tb_row_x(fx_doc *d, tb_row *r)
{
    xcur k = {0};
    for (int i = 0; i < r->n; i++) {
        tb_cell *c = &r->c[i];
        c->x0 = c->x1 = -1;
        c->ink = 0;
        if (!d->moff || c->e <= c->s || c->e > d->len) continue;
        int ink, ink2;
        int a = disp_raw(d, d->moff[c->s], &ink, &k);
        int b = disp_raw(d, (long long)d->moff[c->e - 1] + d->mlen[c->e - 1], &ink2, &k);
        if (a < 0 || b <= a) continue;
        c->x0 = a;
        c->x1 = b;
        c->ink = ink;
    }
}

static int overlap(int a0, int a1, int b0, int b1)
{
    int lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi - lo;
}

/* by the header words only */
static int slot_by_header(const tb_geo *g, int x0, int x1)
{
    int best = -1, bo = 0, second = 0, near = -1, nd = 1 << 30, nd2 = 1 << 30;
    for (int c = 0; c < g->nc; c++) {
        if (g->h0[c] < 0) continue;
        int o = overlap(x0, x1, g->h0[c], g->h1[c]);
        if (o > bo) { second = bo; bo = o; best = c; }
        else if (o > second) second = o;
        int dist = o > 0 ? 0 : x0 >= g->h1[c] ? x0 - g->h1[c] + 1 : g->h0[c] - x1 + 1;
        if (dist < nd) { nd2 = nd; nd = dist; near = c; }
        else if (dist < nd2) nd2 = dist;
    }
    if (bo > 0) return second == 0 || (second <= 1 && bo >= 3) ? best : -1;
    /* nearest, by a clear margin */
    if (near >= 0 && nd <= 3 && nd2 >= nd + 6) return near;
    return -1;
}

int tb_geo_slot(const tb_geo *g, int x0, int x1)
{
    if (!g || !g->on || x0 < 0) return -1;
    int c = slot_by_header(g, x0, x1);
    if (c >= 0) return c;
    /* the edge the column's numbers share */
    int hit = -1, nh = 0;
    for (int k = 0; k < g->nc; k++) {
        bool ok = (g->redge[k] >= 0 && abs(x1 - g->redge[k]) <= 1) ||
                  (g->centre2[k] >= 0 && abs(x0 + x1 - g->centre2[k]) <= 2);
        if (ok) { hit = k; nh++; }
    }
    return nh == 1 ? hit : -1;
}

/* the numbers of a body row (a leading code is no number) */
static int row_numbers(const tb_row *r, fx_dec *v, const tb_cell **cell, int max)
{
    int n = 0;
    for (int i = 0; i < r->n && n < max; i++) {
        if (i == 0 && tb_is_code(r->c[i].t) && (r->n == 1 || !tb_num(r->c[1].t, NULL))) continue;
        if (tb_num(r->c[i].t, &v[n])) cell[n++] = &r->c[i];
    }
    return n;
}

typedef struct { const char *w; int x0, x1, row; } word_t;

static int by_x(const void *a, const void *b)
{
    const word_t *p = a, *q = b;
    return (p->x0 > q->x0) - (p->x0 < q->x0);
}

/* Header positions of the value columns: the lowest header words, else the 栏次 numbers. */
static bool header_ranges(fx_doc *d, const tb_table *t, const tb_col *cols, int nc, tb_geo *g, bool *words)
{
    int nv = 0, vcol[MAXC];
    for (int c = 0; c < nc; c++) if (!cols[c].label) vcol[nv++] = c;
    if (nv < 2) return false;
    int nw = 0;
    for (int r = 0; r < t->n_rows; r++) if (t->rows[r].hdr == 1) nw += t->rows[r].n;
    word_t *w = fx_alloc(&d->arena, (size_t)(nw + 1) * sizeof *w);
    nw = 0;
    for (int r = 0; r < t->n_rows; r++) {
        const tb_row *row = &t->rows[r];
        if (row->hdr != 1) continue;
        for (int i = 0; i < row->n; i++) {
            const char *s = tb_squeeze(d, row->c[i].t);
            if (!s[0] || row->c[i].x0 < 0 || tb_label_leaf(s)) continue;
            w[nw++] = (word_t){s, row->c[i].x0, row->c[i].x1, r};
        }
    }
    /* leaves: no header word below them */
    word_t *leaf = fx_alloc(&d->arena, (size_t)(nw + 1) * sizeof *leaf);
    int nl = 0;
    for (int i = 0; i < nw; i++) {
        bool below = false;
        for (int j = 0; j < nw && !below; j++)
            if (w[j].row > w[i].row && overlap(w[i].x0, w[i].x1, w[j].x0, w[j].x1) > 0) below = true;
        if (!below) leaf[nl++] = w[i];
    }
    qsort(leaf, (size_t)nl, sizeof *leaf, by_x);
    bool ok = nl == nv;
    for (int i = 0; i < nl && ok; i++) {
        if (strcmp(leaf[i].w, cols[vcol[i]].leaf)) ok = false;
        if (i && leaf[i].x0 < leaf[i - 1].x1) ok = false;
    }
    if (ok) {
        for (int i = 0; i < nv; i++) { g->h0[vcol[i]] = leaf[i].x0; g->h1[vcol[i]] = leaf[i].x1; }
        *words = true;
        return true;
    }
    /* 栏次 1 2 3 …: one number per value column that is not 行次 */
    int nn = 0, ncol[MAXC];
    for (int i = 0; i < nv; i++) if (!cols[vcol[i]].lineno) ncol[nn++] = vcol[i];
    for (int r = 0; r < t->n_rows; r++) {
        const tb_row *row = &t->rows[r];
        if (row->hdr != 2) continue;
        int k = 0;
        for (int i = 0; i < row->n; i++) {
            if (!strcmp(row->c[i].t, "栏次")) continue;
            if (k >= nn || row->c[i].x0 < 0) return false;
            g->h0[ncol[k]] = row->c[i].x0;
            g->h1[ncol[k]] = row->c[i].x1;
            k++;
        }
        if (k == nn) return true;
        break;
    }
    for (int c = 0; c < nc; c++) g->h0[c] = g->h1[c] = -1;
    return false;
}

/* The gaps between cells vary and some are wide: the converter padded to the page layout
 * (a converter that joins cells with one space, or a fixed run, does not). */
static bool padded(const tb_table *t)
{
    bool seen[8] = {0};
    int kinds = 0, widest = 0;
    for (int r = 0; r < t->n_rows; r++) {
        const tb_row *row = &t->rows[r];
        for (int i = 1; i < row->n; i++) {
            if (row->c[i - 1].x1 < 0 || row->c[i].x0 <= row->c[i - 1].x1) continue;
            int gap = row->c[i].x0 - row->c[i - 1].x1;
            if (gap > widest) widest = gap;
            int k = gap < 7 ? gap : 7;
            if (!seen[k]) { seen[k] = true; kinds++; }
        }
    }
    return kinds >= 3 && widest >= 6;
}

/* 栏次 1 2 3 …: each number inside the header word of its column */
static bool lineno_under_words(const tb_table *t, const tb_col *cols, int nc, const tb_geo *g)
{
    for (int r = 0; r < t->n_rows; r++) {
        const tb_row *row = &t->rows[r];
        if (row->hdr != 2) continue;
        int k = 0, c = 0;
        for (int i = 0; i < row->n; i++) {
            if (!strcmp(row->c[i].t, "栏次")) continue;
            while (c < nc && (cols[c].label || cols[c].lineno)) c++;
            if (c >= nc || row->c[i].x0 < 0 || g->h0[c] < 0) return false;
            int mid2 = row->c[i].x0 + row->c[i].x1;
            if (mid2 < 2 * g->h0[c] || mid2 > 2 * g->h1[c]) return false;
            c++;
            k++;
        }
        return k >= 2;
    }
    return false;
}

bool tb_geo_init(fx_doc *d, const tb_table *t, const tb_col *cols, int nc, tb_geo *g)
{
    memset(g, 0, sizeof *g);
    if (nc < 2 || nc > MAXC || t->layout != TB_SPACES) return false;
    g->nc = nc;
    g->h0 = fx_alloc(&d->arena, (size_t)nc * sizeof(int));
    g->h1 = fx_alloc(&d->arena, (size_t)nc * sizeof(int));
    g->redge = fx_alloc(&d->arena, (size_t)nc * sizeof(int));
    g->centre2 = fx_alloc(&d->arena, (size_t)nc * sizeof(int));
    for (int c = 0; c < nc; c++) g->h0[c] = g->h1[c] = g->redge[c] = g->centre2[c] = -1;
    bool words = false;
    if (!header_ranges(d, t, cols, nc, g, &words)) return false;
    g->on = true; /* for slot_by_header below; cleared again when the evidence fails */
    /* pass 1: by header words; checked against what the table tells by itself */
    int *rmin = fx_alloc(&d->arena, (size_t)nc * sizeof(int)), *rmax = fx_alloc(&d->arena, (size_t)nc * sizeof(int));
    int *cmin = fx_alloc(&d->arena, (size_t)nc * sizeof(int)), *cmax = fx_alloc(&d->arena, (size_t)nc * sizeof(int));
    int *cnt = fx_alloc(&d->arena, (size_t)nc * sizeof(int));
    int *imin = fx_alloc(&d->arena, (size_t)nc * sizeof(int)), *imax = fx_alloc(&d->arena, (size_t)nc * sizeof(int));
    for (int c = 0; c < nc; c++) { rmin[c] = cmin[c] = imin[c] = 1 << 30; rmax[c] = cmax[c] = imax[c] = -1; }
    int total = 0, placed = 0;
    const char *why = NULL;
    for (int r = 0; r < t->n_rows && !why; r++) {
        const tb_row *row = &t->rows[r];
        if (row->hdr) continue;
        fx_dec v[64];
        const tb_cell *cell[64];
        int n = row_numbers(row, v, cell, 64), own[64], geo[64], last = -1;
        tb_place(cols, nc, v, n, NULL, 0, own);
        bool order = true;
        for (int i = 0; i < n; i++) {
            geo[i] = slot_by_header(g, cell[i]->x0, cell[i]->x1);
            if (geo[i] >= 0 && own[i] >= 0 && geo[i] != own[i]) why = "the header positions contradict the row's own placement";
            if (geo[i] >= 0) { if (geo[i] <= last) order = false; last = geo[i]; }
        }
        total += n;
        if (!order) continue;
        for (int i = 0; i < n; i++) {
            int c = geo[i];
            if (c < 0) continue;
            placed++;
            cnt[c]++;
            int x1 = cell[i]->x1, c2 = cell[i]->x0 + cell[i]->x1;
            if (x1 < rmin[c]) rmin[c] = x1;
            if (x1 > rmax[c]) rmax[c] = x1;
            if (c2 < cmin[c]) cmin[c] = c2;
            if (c2 > cmax[c]) cmax[c] = c2;
            if (cell[i]->ink < imin[c]) imin[c] = cell[i]->ink;
            if (cell[i]->ink > imax[c]) imax[c] = cell[i]->ink;
        }
    }
    /* evidence that the layout was kept: numbers of one column line up although the text
     * before them differs in width, or the 栏次 numbers sit under their header words */
    bool shown = false;
    for (int c = 0; c < nc && !why; c++) {
        if (cnt[c] == 0) continue;
        bool right = rmax[c] - rmin[c] <= 1, centred = cmax[c] - cmin[c] <= 2;
        if (!right && !centred) why = "the numbers of a column do not line up";
        if (cnt[c] >= 2 && imax[c] - imin[c] >= 2) shown = true;
        if (right) g->redge[c] = rmax[c];
        else if (centred) g->centre2[c] = (cmin[c] + cmax[c]) / 2;
    }
    if (!shown && words) shown = lineno_under_words(t, cols, nc, g);
    if (!why && !padded(t)) why = "the cells are not padded to a layout";
    if (!why && (!shown || placed * 2 < total)) why = "too few numbers sit under a header word";
    if (why) {
        g->on = false;
        if (t->rec && placed > 0)
            fx_diag(d, "info", "table-alignment", t->rec->cstart, t->rec->cend,
                    "table %s: numbers are not placed by position: %s", t->rec->id, why);
        return false;
    }
    return true;
}

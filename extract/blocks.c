/* blocks: the canonical text as lines, each with a first classification. Tables (tables.c)
 * and the outline (segment.c) refine it: they claim lines as table rows, headings or table
 * of contents; what is left as prose is what facts.c reads. */
#include "internal.h"

#include <string.h>

/* number of '\t' in p[0,n): memchr jumps over the (usual) tab-free stretches */
static int count_tabs(const char *p, size_t n)
{
    int k = 0;
    for (const char *q = p, *end = p + n; (q = memchr(q, '\t', (size_t)(end - q))); q++) k++;
    return k;
}

void fx_blocks(fx_doc *d)
{
    const char *t = d->text;
    size_t n = 1;
    for (const char *q = t, *end = t + d->len; (q = memchr(q, '\n', (size_t)(end - q))); q++) n++;
    d->lines = fx_alloc(&d->arena, n * sizeof *d->lines);
    size_t k = 0;
    for (size_t s = 0;;) {
        const char *nl = memchr(t + s, '\n', d->len - s);
        size_t i = nl ? (size_t)(nl - t) : d->len;
        fx_line *l = &d->lines[k++];
        l->s = s; l->e = i;
        l->table = -1; l->section = -1;
        size_t j = s;
        while (j < i && t[j] == '\t') j++;
        l->lead_tabs = (int)(j - s);
        l->tabs = count_tabs(t + s, i - s);
        bool blank = true;
        for (size_t q = s; q < i && blank; q++) blank = t[q] == ' ' || t[q] == '\t';
        l->kind = blank ? FXL_BLANK : l->tabs ? FXL_TABLE : FXL_PROSE;
        if (!nl) break;
        s = i + 1;
    }
    /* a trailing newline does not make an extra empty line */
    if (k > 1 && d->lines[k - 1].s == d->len) k--;
    d->n_lines = k;
}

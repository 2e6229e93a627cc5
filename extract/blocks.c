/* blocks: the canonical text as lines, each with a first classification. Tables (tables.c)
 * and the outline (segment.c) refine it: they claim lines as table rows, headings or table
 * of contents; what is left as prose is what facts.c reads. */
#include "internal.h"

#include <string.h>

void fx_blocks(fx_doc *d)
{
    size_t n = 1;
    for (size_t i = 0; i < d->len; i++) n += d->text[i] == '\n';
    d->lines = fx_alloc(&d->arena, n * sizeof *d->lines);
    size_t k = 0, s = 0;
    for (size_t i = 0; i <= d->len; i++) {
        if (i < d->len && d->text[i] != '\n') continue;
        fx_line *l = &d->lines[k++];
        l->s = s; l->e = i;
        l->table = -1; l->section = -1;
        size_t j = s;
        while (j < i && d->text[j] == '\t') j++;
        l->lead_tabs = (int)(j - s);
        for (size_t t = s; t < i; t++) l->tabs += d->text[t] == '\t';
        bool blank = true;
        for (size_t t = s; t < i && blank; t++) blank = d->text[t] == ' ' || d->text[t] == '\t';
        l->kind = blank ? FXL_BLANK : l->tabs ? FXL_TABLE : FXL_PROSE;
        s = i + 1;
    }
    /* a trailing newline does not make an extra empty line */
    if (k > 1 && d->lines[k - 1].s == d->len) k--;
    d->n_lines = k;
}

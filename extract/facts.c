/* facts: amounts, percents, quantities and comparison statements in prose and headings, and
 * glossary entries. Table, table-of-contents and noise lines are not read: table cells are
 * rows (tables.c), not amounts. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

static const char *section_id(const fx_doc *d, const fx_line *l)
{
    if (l->section < 0 || (size_t)l->section >= d->n_sections) return NULL;
    return d->sections[l->section]->id;
}

/* the label of the last amount in a line, for a statement in the next line that names no
 * subject of its own */
static const char *last_amount_label(const fx_para *p)
{
    for (size_t i = p->n; i-- > 0;)
        if (p->f[i].kind == FXF_AMOUNT && p->f[i].label) return p->f[i].label;
    return NULL;
}

void fx_facts(fx_doc *d)
{
    if (!d->text || !d->lines) return;
    const char *prev = NULL;
    int prev_section = -1;
    fx_para p = {0};
    for (size_t i = 0; i < d->n_lines; i++) {
        const fx_line *l = &d->lines[i];
        if (l->kind != FXL_PROSE && l->kind != FXL_HEADING) continue;
        /* bounded work per line: very long lines are garbage, not prose */
        if (fx_line_too_long(d, l->s, l->e)) continue;
        /* a subject carried from an earlier line stays within its section */
        if (l->section != prev_section) prev = NULL;
        prev_section = l->section;
        p.d = d;
        p.s = l->s;
        p.e = l->e;
        p.section = section_id(d, l);
        p.n = 0;
        p.full = false;
        p.prev_label = prev;
        fx_amounts(&p);
        fx_percents(&p);
        fx_quantities(&p);
        fx_changes(&p);
        const char *last = last_amount_label(&p);
        if (last) prev = last;
    }
    free(p.f);
    fx_terms(d);
}

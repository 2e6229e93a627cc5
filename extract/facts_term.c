/* term records: glossary entries (名词解释). A prose or heading line that is only a glossary
 * title (patterns/glossary.pcre) opens the glossary; each following line that reads
 * `marker term:definition` (patterns/term.pcre) is an entry; the next part (第四部分, 附件),
 * a table or a line that is no entry after the entries closes it. A title in the table of
 * contents has no entries after it and gives nothing. */
#include "facts.h"

#include <string.h>

static bool matches(fx_doc *d, const char *name, const fx_line *l, PCRE2_SIZE **ov, int *rc)
{
    *rc = fx_match(d, fx_pat(name), d->text + l->s, l->e - l->s, 0, ov);
    return *rc > 0;
}

void fx_terms(fx_doc *d)
{
    const pcre2_code *term = fx_pat("term");
    int g_term = fx_group(term, "term"), g_def = fx_group(term, "def");
    for (size_t i = 0; i < d->n_lines; i++) {
        const fx_line *l = &d->lines[i];
        if (l->kind != FXL_PROSE && l->kind != FXL_HEADING) continue;
        if (l->e - l->s > 200) continue;
        PCRE2_SIZE *ov;
        int rc;
        if (!matches(d, "glossary", l, &ov, &rc)) continue;
        int entries = 0, misses = 0;
        size_t j = i + 1;
        for (; j < d->n_lines; j++) {
            const fx_line *m = &d->lines[j];
            if (m->kind == FXL_BLANK || m->kind == FXL_NOISE) continue;
            if (m->kind == FXL_TABLE || m->kind == FXL_TOC) break;
            if (fx_line_too_long(d, m->s, m->e)) break;
            if (matches(d, "glossary_end", m, &ov, &rc)) break;
            if (!matches(d, "term", m, &ov, &rc)) {
                /* an introduction before the entries is allowed; a stray line after them ends it */
                if (entries > 0 || ++misses > 1) break;
                continue;
            }
            size_t ts, te, ds, de;
            if (!fx_cap(ov, rc, g_term, m->s, &ts, &te) || !fx_cap(ov, rc, g_def, m->s, &ds, &de)) break;
            const char *name = fx_text(d, ts, te);
            if (!*name) break;
            fx_rec *r = fx_rec_new(d, "term", m->s, m->e);
            fx_set_str(d, r, "term", name);
            fx_set_str(d, r, "definition", fx_text(d, ds, de));
            fx_set_str(d, r, "section", m->section >= 0 && (size_t)m->section < d->n_sections
                                            ? d->sections[m->section]->id : NULL);
            fx_set_str(d, r, "text", fx_raw_text(d, m->s, m->e));
            entries++;
        }
        if (entries) i = j - 1;
    }
}

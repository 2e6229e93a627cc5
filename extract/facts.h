/* Facts from prose: what the facts_*.c files share. fx_facts() (facts.c) walks the prose and
 * heading lines; for each line the passes run in a fixed order, each seeing what the earlier
 * ones found: amounts, percents, quantities (a number is one fact only), then comparison
 * statements, which point at the amounts and percents they state. Glossary entries are a
 * separate walk (facts_term.c). */
#ifndef FX_FACTS_H
#define FX_FACTS_H

#include "internal.h"
#include "patterns.h"

typedef enum { FXF_AMOUNT, FXF_PERCENT, FXF_QUANTITY } fx_fact_kind;

typedef struct fx_fact {
    fx_fact_kind kind;
    fx_rec *r;
    size_t s, e;            /* canonical span of the match */
    const char *label;      /* cleaned subject, NULL when none */
    fx_dec value;
    fx_dec yuan;            /* amounts in yuan; !ok for rates */
} fx_fact;

/* One prose line (a paragraph: normalize has rejoined what page breaks split). */
typedef struct fx_para {
    fx_doc *d;
    size_t s, e;                /* canonical [s, e) */
    const char *section;        /* id of the innermost section, or NULL */
    fx_fact *f; size_t n, cap;  /* facts found so far, kept sorted by start */
    const char *prev_label;     /* label of the last amount in the previous prose line */
    bool full;                  /* FX_MAX_LINE_FACTS reached (diagnosed once) */
} fx_para;

/* A prose line with more numbers than this is not prose (hostile or garbled input); the
 * cap keeps the per-line work bounded. */
#define FX_MAX_LINE_FACTS 600

/* ---- facts_text.c: sentences, clauses, labels ---- */
/* The sentence (between 。;!? boundaries) holding canonical offset `at`, within the line. */
void fx_sentence_at(const fx_para *p, size_t at, size_t *ss, size_t *se);
/* Start of the clause (after , ; : 。 ! ?) that holds `at`, not before `floor`. */
size_t fx_clause_start(const fx_para *p, size_t floor, size_t at);
/* The subject phrase in text[s, e): list markers, a leading "…2023年度", leading
 * conjunctions and trailing verbs stripped. NULL when nothing is left. */
const char *fx_label_clean(fx_doc *d, size_t s, size_t e);
/* Start of the label region for a number at `at`: the clause start, or the end of the
 * previous fact in the same clause (办公费14.7万元、印刷费8.13万元). */
size_t fx_label_start(const fx_para *p, size_t at);
/* A label for a fact whose own clause names nothing (增长0.98%, 占2.09%): the nearest earlier
 * fact in the sentence with a label, else the last amount of an earlier sentence. */
const char *fx_label_fallback(const fx_para *p, size_t at);
/* Canonical text as an arena string (trimmed of spaces). */
const char *fx_text(fx_doc *d, size_t s, size_t e);
/* Does text[s,e) overlap a fact already found? */
bool fx_para_taken(const fx_para *p, size_t s, size_t e);
fx_fact *fx_para_add(fx_para *p, fx_fact f);
/* True (and a diagnostic once per line) when the line already holds FX_MAX_LINE_FACTS. */
bool fx_para_full(fx_para *p, size_t at);
/* Common fields of amount/percent/quantity records: label, section, sentence, text. */
void fx_fact_fields(fx_para *p, fx_rec *r, const char *label, size_t s, size_t e, bool sentence);
/* A match's ovector, copied: the match data is shared by every fx_match() of the document,
 * so captures must be saved before the next match (labels are found by matching). */
#define FX_CAPS 32   /* the match data's ovector size (patterns.c) */
typedef struct { PCRE2_SIZE v[2 * FX_CAPS]; int rc; } fx_caps;
/* fx_match() into `c`; returns c->rc (> 0 on a match). */
int fx_match_caps(fx_doc *d, const pcre2_code *re, const char *sub, size_t len, size_t start, fx_caps *c);
/* The i-th capture group's canonical span (relative to the subject base); false if unset. */
bool fx_cap(const PCRE2_SIZE *ov, int rc, int i, size_t base, size_t *s, size_t *e);
/* Parse a number as written (separators , and 、 between groups of three). */
fx_dec fx_num(const fx_doc *d, size_t s, size_t e);
/* Chinese numeral with an optional 点 fraction (五, 十四, 五点五) -> decimal. */
fx_dec fx_cn_dec(const char *s, size_t n, size_t *used);

/* ---- facts_scan.c: exact prefilters for the patterns ---- */
/* Can patterns/label_tail.pcre match at the end of text[s, e)? false only when it cannot. */
bool fx_tail_possible(const char *t, size_t s, size_t e);
/* fx_match() of patterns/label_tail.pcre in sub[0, len) from 0, tried only where a match
 * can start: the same result (rc and *ov) as the plain search. */
int fx_scan_label_tail(fx_doc *d, const char *sub, size_t len, PCRE2_SIZE **ov);
/* Can patterns/label_lead.pcre match at the start of sub[0, len)? false only when it cannot. */
bool fx_lead_possible(const char *sub, size_t len);
/* The first match of patterns/NAME.pcre in sub[0, len) from `at`, as fx_match_caps() with
 * the unanchored pattern finds it, tried only where one can start. */
int fx_scan_amount(fx_doc *d, const char *sub, size_t len, size_t at, fx_caps *c);
int fx_scan_percent(fx_doc *d, const char *sub, size_t len, size_t at, fx_caps *c);
int fx_scan_change(fx_doc *d, const char *sub, size_t len, size_t at, fx_caps *c);
int fx_scan_change_split(fx_doc *d, const char *sub, size_t len, size_t at, fx_caps *c);
int fx_scan_quantity(fx_doc *d, const char *sub, size_t len, size_t at, fx_caps *c);

/* ---- the passes ---- */
void fx_amounts(fx_para *p);      /* facts_amount.c */
void fx_percents(fx_para *p);     /* facts_percent.c */
void fx_quantities(fx_para *p);   /* facts_quantity.c */
void fx_changes(fx_para *p);      /* facts_change.c */
void fx_terms(fx_doc *d);         /* facts_term.c */

#endif

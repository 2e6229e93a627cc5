/* segment: what the outline stages share. A heading candidate is a line that starts with a
 * numbering marker; segment_line.c reads it (marker, level, ordinal, title, shape),
 * segment_toc.c finds tables of contents, segment.c decides which candidates are sections
 * and builds the tree. */
#ifndef FX_SEGMENT_H
#define FX_SEGMENT_H

#include "internal.h"

/* What the text after the marker looks like. */
typedef enum {
    SEG_TITLE,      /* the whole line is a short title: 二、收入决算情况说明 */
    SEG_FIRST,      /* a short first sentence, then content: 1.强化思想理论建设。按照… */
    SEG_CONTENT     /* the first clause is itself content: a list item, not a heading */
} seg_shape;

typedef struct seg_cand {
    size_t line;            /* index into d->lines */
    size_t cont;            /* line the title was continued on, or (size_t)-1 */
    size_t ms, me;          /* canonical span of the marker */
    size_t ts, te;          /* canonical span of the title text (may end on `cont`) */
    int level;              /* 1..6 */
    long long ordinal;
    const char *marker;     /* without spaces: 第二部分 一、 (一) 1. (1) ① */
    const char *title;      /* cleaned title */
    const char *key;        /* marker+title without spaces, to recognise a TOC entry again */
    seg_shape shape;
    bool strong;            /* a title line without sentence punctuation: counts double */
    bool leader;            /* dotted leaders or a page number at the end: a TOC entry */
    bool row;               /* looks like a table row that lost its tabs */
    bool toc;               /* inside a table of contents */
    bool drop;              /* decided: not a section */
    bool typo;              /* (1) read as (一) */
    int pparent;            /* provisional parent candidate (for sibling groups), -1 none */
} seg_cand;

/* Read line `li` as a heading candidate; false when it does not start with a marker. */
bool seg_read_line(fx_doc *d, size_t li, seg_cand *c);
/* The text of a line without indentation, bullets and markdown residue: [*s, *e). */
void seg_line_body(const fx_doc *d, size_t li, size_t *s, size_t *e);
/* Number of characters (code points) in t[s,e). */
size_t seg_chars(const char *t, size_t s, size_t e);
/* A cleaned copy of t[s,e): spaces between CJK characters dropped, runs collapsed,
 * trailing sentence punctuation removed. */
char *seg_clean(fx_doc *d, size_t s, size_t e);
/* False when t[s,e) (no trailing white space) cannot match patterns/toc_leader: it does
 * not end with a digit or a leader character. A cheap test before the regex. */
bool seg_may_end_leader(const char *t, size_t s, size_t e);
/* True when the line belongs to a table (claimed, or has tabs). */
bool seg_is_table_line(const fx_doc *d, size_t li);

/* Mark candidates and lines that form tables of contents. */
void seg_find_toc(fx_doc *d, seg_cand *c, size_t n);

#endif

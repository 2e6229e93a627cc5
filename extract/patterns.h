/* The regexes live in patterns/NAME.pcre as data (one concern per file, with examples); the
 * build embeds them and they are compiled once per process with JIT. Matching goes through
 * fx_match(), which sets the match and depth limits and turns a limit hit into a diagnostic. */
#ifndef FX_PATTERNS_H
#define FX_PATTERNS_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "internal.h"

/* Compiled pattern by file name without extension ("amount"). Aborts with the compile
 * error and its offset if a pattern does not compile (caught by the tests). */
const pcre2_code *fx_pat(const char *name);
/* The same pattern compiled with PCRE2_ANCHORED: it matches only at the start offset (JIT
 * does not take PCRE2_ANCHORED at match time). For callers that know where a match can start. */
const pcre2_code *fx_pat_anchored(const char *name);

/* Names, texts and examples of all embedded patterns (for tests and --help). */
typedef struct { const char *name; const char *text; } fx_pattern_src;
const fx_pattern_src *fx_pattern_sources(int *n);

typedef struct fx_matcher {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_jit_stack *js;
    int limit_hits;
} fx_matcher;

fx_matcher *fx_match_new(const fx_opts *o);
void fx_match_free(fx_matcher *m);

/* Match `re` on subject[0,len) starting at `start`. Returns the number of pairs in the
 * ovector (> 0) on a match, 0 for no match, -1 if a limit stopped the match (a diagnostic
 * has been emitted on the document, pointing at the subject). */
int fx_match(fx_doc *d, const pcre2_code *re, const char *subject, size_t len, size_t start,
             PCRE2_SIZE **ovector);
/* Index of a named group, or -1. `name` must be a string constant: the answer is cached
 * per thread by the pattern's and the name's addresses. */
int fx_group(const pcre2_code *re, const char *name);

#endif

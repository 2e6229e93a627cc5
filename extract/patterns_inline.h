/* Subroutine calls to simple named groups written out in place, so that PCRE2 can study
 * where a match may start (patterns_inline.c). */
#ifndef FX_PATTERNS_INLINE_H
#define FX_PATTERNS_INLINE_H

/* The pattern source with each `(?&name)` / `(?P>name)` of a movable group replaced by
 * `(?:body)` (malloc'd), or NULL when there is nothing to replace or it is not safe. */
char *fx_pat_inline_calls(const char *src);

#endif

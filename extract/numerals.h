/* Chinese numerals (十四, 二十六, 两, 〇) through ICU's rule-based number format: not a
 * hand-written table. */
#ifndef FX_NUMERALS_H
#define FX_NUMERALS_H

#include <stdbool.h>
#include <stddef.h>

/* Parse the longest Chinese numeral at the start of s[0,n). On success stores the value
 * and the number of bytes used and returns true. ASCII digits are not handled here. */
bool fx_cn_number(const char *s, size_t n, long long *value, size_t *used);

#endif

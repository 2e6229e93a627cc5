/* What the normalization passes ask about a code point on every character (its display
 * width, whether it is junk in a text file, whether normalize keeps it as it is), answered
 * from a per-thread cache filled from utf8proc one 256-code-point block at a time: a report
 * uses a few dozen blocks, and a table lookup costs far less than the library calls. */
#ifndef FX_CHARPROPS_H
#define FX_CHARPROPS_H

#include <stdbool.h>
#include <stdint.h>

enum {
    FX_CP_WIDTH = 3,   /* display columns: utf8proc_charwidth, 0 counted as 1 */
    FX_CP_JUNK = 4,    /* U+FFFD, unassigned, private use, surrogate or C1 control */
    FX_CP_KEEP = 8,    /* normalize copies it unchanged (fx_keep_as_is) */
};

/* normalize's own rule: characters NFKC would leave alone or that must not be folded */
bool fx_keep_as_is(int32_t c);

uint8_t fx_cprops_slow(int32_t c);

extern _Thread_local uint8_t fx_cprops_tab[256][256];
extern _Thread_local bool fx_cprops_ready[256];

static inline uint8_t fx_cprops(int32_t c)
{
    if (c >= 0 && c <= 0xFFFF && fx_cprops_ready[c >> 8]) return fx_cprops_tab[c >> 8][c & 0xFF];
    return fx_cprops_slow(c);
}

#endif

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
    FX_CP_SET = 0x80,  /* always set: the cache below has the answer */
};

/* normalize's own rule: characters NFKC would leave alone or that must not be folded */
bool fx_keep_as_is(int32_t c);

uint8_t fx_cprops_slow(int32_t c);

/* the BMP's properties, FX_CP_SET on every entry filled in (0: not asked yet) */
extern _Thread_local uint8_t fx_cprops_tab[0x10000];

static inline uint8_t fx_cprops(int32_t c)
{
    uint8_t p = (uint32_t)c <= 0xFFFF ? fx_cprops_tab[c] : 0;
    return p ? p : fx_cprops_slow(c);
}

#endif

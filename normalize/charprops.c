/* The per-thread code point property cache (see charprops.h). */
#include "charprops.h"

#include <utf8proc.h>

_Thread_local uint8_t fx_cprops_tab[0x10000];

bool fx_keep_as_is(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x3001 && c <= 0x3002) || (c >= 0x3008 && c <= 0x3011) ||
           c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2014 ||
           c == 0x2026 || c == 0xFFFD ||
           (c >= 0x2460 && c <= 0x2473) ||   /* ①..⑳ are heading markers, not digits */
           (c >= 0x3251 && c <= 0x325F) || (c >= 0x32B1 && c <= 0x32BF);
}

static uint8_t compute(int32_t c)
{
    int cw = utf8proc_charwidth(c);
    uint8_t p = (uint8_t)(FX_CP_SET | (cw > 0 ? (cw > 3 ? 3 : cw) : 1));
    utf8proc_category_t cat = utf8proc_category(c);
    if (c == 0xFFFD || cat == UTF8PROC_CATEGORY_CN || cat == UTF8PROC_CATEGORY_CO ||
        cat == UTF8PROC_CATEGORY_CS || (c >= 0x80 && c < 0xA0))
        p |= FX_CP_JUNK;
    if (fx_keep_as_is(c)) p |= FX_CP_KEEP;
    return p;
}

uint8_t fx_cprops_slow(int32_t c)
{
    if (c < 0 || c > 0xFFFF) return compute(c);
    int32_t b = c & ~0xFF;   /* the whole 256-code-point block at once */
    for (int32_t k = 0; k < 256; k++) fx_cprops_tab[b + k] = compute(b + k);
    return fx_cprops_tab[c];
}

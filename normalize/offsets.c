/* The canonical-to-raw byte map every normalization pass carries along (see offsets.h). */
#include "offsets.h"

#include <stdlib.h>
#include <string.h>

void fx_tm_reserve(fx_tm *o, size_t k)
{
    if (o->n + k + 1 <= o->cap) return;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < o->n + k + 1) cap *= 2;
    o->t = realloc(o->t, cap);
    o->off = realloc(o->off, cap * sizeof *o->off);
    o->len = realloc(o->len, cap);
    if (o->track_w && !(o->w = realloc(o->w, cap))) abort();
    if (!o->t || !o->off || !o->len) abort();
    o->cap = cap;
}

void fx_tm_put(fx_tm *o, const char *s, size_t k, uint32_t rs, uint32_t re)
{
    fx_tm_reserve(o, k);
    uint32_t rl = re > rs ? re - rs : 0;
    if (rl > 255) rl = 255;
    for (size_t j = 0; j < k; j++) {
        o->t[o->n] = s[j];
        o->off[o->n] = rs;
        o->len[o->n] = (uint8_t)rl;
        if (o->w) o->w[o->n] = 0;
        o->n++;
    }
}

void fx_tm_copy(fx_tm *o, const fx_tm *in, size_t i, size_t j)
{
    if (j <= i) return;
    fx_tm_reserve(o, j - i);
    memcpy(o->t + o->n, in->t + i, j - i);
    memcpy(o->off + o->n, in->off + i, (j - i) * sizeof *o->off);
    memcpy(o->len + o->n, in->len + i, j - i);
    if (o->w) {
        if (in->w) memcpy(o->w + o->n, in->w + i, j - i);
        else memset(o->w + o->n, 0, j - i);
    }
    o->n += j - i;
}

void fx_tm_free(fx_tm *o)
{
    free(o->t); free(o->off); free(o->len); free(o->w);
    o->t = NULL; o->off = NULL; o->len = NULL; o->w = NULL;
    o->n = o->cap = 0;
}

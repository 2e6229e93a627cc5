/* The canonical-to-raw byte map every normalization pass carries along (see offsets.h). */
#include "offsets.h"

#include <stdlib.h>
#include <string.h>

static void *grow(void *p, size_t used, size_t cap, int borrowed)
{
    void *q = borrowed ? malloc(cap) : realloc(p, cap);
    if (!q) abort();
    if (borrowed && used) memcpy(q, p, used);
    return q;
}

void fx_tm_reserve(fx_tm *o, size_t k)
{
    if (o->n + k + 1 <= o->cap) return;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < o->n + k + 1) cap *= 2;
    o->t = grow(o->t, o->n, cap, o->borrowed);
    o->off = grow(o->off, o->n * sizeof *o->off, cap * sizeof *o->off, o->borrowed);
    o->len = grow(o->len, o->n, cap, o->borrowed);
    if (o->track_w) o->w = grow(o->w, o->n, cap, 0);
    o->borrowed = 0;
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
    if (!o->borrowed) { free(o->t); free(o->off); free(o->len); }
    free(o->w);
    o->t = NULL; o->off = NULL; o->len = NULL; o->w = NULL;
    o->n = o->cap = 0;
}

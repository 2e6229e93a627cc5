/* Chinese numerals via ICU RBNF (the zh spellout rules parse 十四, 二十六, 一百零五, 两).
 * One formatter per thread: ICU formatters are not safe to share across threads. */
#include "numerals.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* ICU's RBNF parse costs ~30,000 instructions a call (callgrind), and reports ask it about
 * the same few runs (一, 二, 十二, the ordinals of headings) over and over: each thread keeps
 * ICU's answers for the runs it has seen. The answer depends on the run alone. */
enum { CACHE = 256 };
typedef struct {
    UChar run[16];
    int8_t len;            /* 0: empty slot */
    int8_t ok;
    int32_t pos;
    double v;
} cached;
typedef struct {
    UNumberFormat *f;
    cached c[CACHE];
} numerals;

static void close_fmt(void *p)
{
    numerals *n = p;
    unum_close(n->f);
    free(n);
}
static void make_key(void) { pthread_key_create(&key, close_fmt); }

static numerals *formatter(void)
{
    pthread_once(&once, make_key);
    numerals *n = pthread_getspecific(key);
    if (!n) {
        UErrorCode e = U_ZERO_ERROR;
        UNumberFormat *f = unum_open(UNUM_SPELLOUT, NULL, 0, "zh", NULL, &e);
        if (U_FAILURE(e)) return NULL;
        n = calloc(1, sizeof *n);
        if (!n) { unum_close(f); return NULL; }
        n->f = f;
        pthread_setspecific(key, n);
    }
    return n;
}

/* ICU's parse of the run u[0, len), through the cache: 1 and *v, *pos, or 0. */
static int parse(numerals *n, const UChar *u, int32_t len, double *v, int32_t *pos)
{
    uint32_t h = 2166136261u;
    for (int32_t i = 0; i < len; i++) h = (h ^ u[i]) * 16777619u;
    cached *c = &n->c[h % CACHE];
    if (len > 16) {
        UErrorCode e = U_ZERO_ERROR;
        *pos = 0;
        *v = unum_parseDouble(n->f, u, len, pos, &e);
        return !U_FAILURE(e);
    }
    if (c->len != len || memcmp(c->run, u, (size_t)len * sizeof *u)) {
        UErrorCode e = U_ZERO_ERROR;
        c->pos = 0;
        c->v = unum_parseDouble(n->f, u, len, &c->pos, &e);
        c->ok = !U_FAILURE(e);
        memcpy(c->run, u, (size_t)len * sizeof *u);
        c->len = (int8_t)len;
    }
    *v = c->v; *pos = c->pos;
    return c->ok;
}

/* characters that can be part of a Chinese numeral */
static bool numeral_char(UChar32 c)
{
    switch (c) {
    case 0x3007: /* 〇 */ case 0x96F6: /* 零 */ case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB:
    case 0x4E94: case 0x516D: case 0x4E03: case 0x516B: case 0x4E5D: case 0x5341: case 0x767E:
    case 0x5343: case 0x4E07: case 0x4EBF: case 0x4E24: /* 两 */
    case 0x58F9: case 0x8D30: case 0x53C1: case 0x8086: case 0x4F0D: case 0x9646: case 0x67D2:
    case 0x634C: case 0x7396: case 0x62FE: case 0x4F70: case 0x4EDF: /* 壹贰叁肆伍陆柒捌玖拾佰仟 */
        return true;
    default:
        return false;
    }
}

bool fx_cn_number(const char *s, size_t n, long long *value, size_t *used)
{
    /* take the run of numeral characters (at most 16) and let ICU parse it */
    UChar u[40];
    int32_t ulen = 0;
    size_t off[17];
    int32_t i = 0, k = 0;
    while (i < (int32_t)n && k < 16) {
        UChar32 c;
        int32_t at = i;
        U8_NEXT(s, i, (int32_t)n, c);
        if (c < 0 || !numeral_char(c)) { i = at; break; }
        U16_APPEND_UNSAFE(u, ulen, c);
        off[++k] = (size_t)i;
    }
    if (k == 0) return false;
    off[0] = 0;
    numerals *f = formatter();
    if (!f) return false;
    int32_t pos = 0;
    double v = 0;
    if (!parse(f, u, ulen, &v, &pos) || pos <= 0 || v < 0 || v > 1e15) return false;
    /* pos counts UTF-16 units; every numeral character is one unit */
    *value = (long long)v;
    *used = off[pos > k ? k : pos];
    return true;
}

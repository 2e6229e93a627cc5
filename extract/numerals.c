/* Chinese numerals via ICU RBNF (the zh spellout rules parse 十四, 二十六, 一百零五, 两).
 * One formatter per thread: ICU formatters are not safe to share across threads. */
#include "numerals.h"

#include <pthread.h>
#include <stdlib.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void close_fmt(void *p) { unum_close((UNumberFormat *)p); }
static void make_key(void) { pthread_key_create(&key, close_fmt); }

static UNumberFormat *formatter(void)
{
    pthread_once(&once, make_key);
    UNumberFormat *f = pthread_getspecific(key);
    if (!f) {
        UErrorCode e = U_ZERO_ERROR;
        f = unum_open(UNUM_SPELLOUT, NULL, 0, "zh", NULL, &e);
        if (U_FAILURE(e)) return NULL;
        pthread_setspecific(key, f);
    }
    return f;
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
    UNumberFormat *f = formatter();
    if (!f) return false;
    UErrorCode e = U_ZERO_ERROR;
    int32_t pos = 0;
    double v = unum_parseDouble(f, u, ulen, &pos, &e);
    if (U_FAILURE(e) || pos <= 0 || v < 0 || v > 1e15) return false;
    /* pos counts UTF-16 units; every numeral character is one unit */
    *value = (long long)v;
    *used = off[pos > k ? k : pos];
    return true;
}

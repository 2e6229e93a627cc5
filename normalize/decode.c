/* decode: raw bytes in the encodings these reports come in -> UTF-8, with the raw offset
 * of every decoded byte. Detection: a BOM decides; else valid UTF-8 is UTF-8; else ICU's
 * charset detector (ucsdet) picks among the encodings Chinese reports use. Conversion of
 * non-UTF-8 input is ICU's (ucnv). Invalid sequences become U+FFFD and a diagnostic with
 * their byte offset; never fatal. */
#include "../extract/internal.h"

#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <utf8proc.h>

#include "charprops.h"

#define MAX_DECODE_DIAGS 20

typedef struct { fx_doc *d; long long base; int n; long long first, last; } bad_ctx;

static void report_bad(bad_ctx *b, long long rs, long long re)
{
    if (b->n == 0) b->first = rs;
    b->last = re;
    if (b->n < MAX_DECODE_DIAGS)
        fx_diag_raw(b->d, "warning", "invalid-bytes", rs, re,
                    "invalid %s byte sequence at byte offset %lld replaced by U+FFFD",
                    b->d->encoding, rs);
    b->n++;
}

static void finish_bad(bad_ctx *b)
{
    if (b->n > MAX_DECODE_DIAGS)
        fx_diag_raw(b->d, "warning", "invalid-bytes", b->first, b->last,
                    "%d invalid byte sequences in all (first at %lld, last ending at %lld); "
                    "only the first %d are listed", b->n, b->first, b->last, MAX_DECODE_DIAGS);
    if (b->n > 0 && (size_t)b->n * 20 > b->d->raw_len + 20)
        fx_diag(b->d, "error", "undecodable",
                FX_NOSPAN, FX_NOSPAN, "input is mostly not text in %s (%d invalid sequences in %zu bytes)",
                b->d->encoding, b->n, b->d->raw_len);
}

static uint32_t *umap_alloc(fx_doc *d, size_t n) { return fx_alloc(&d->arena, (n + 1) * sizeof(uint32_t)); }

/* What check_text reports, gathered while the text is validated (one pass over it). Offsets
 * are in the decoded text. */
typedef struct {
    bool known;
    size_t chars, ctrl, junk;
    long long first_ctrl, first_junk;   /* -1: none */
} text_stats;

/* Is s[0, n) well-formed UTF-8? If so, fill *st. Most input is UTF-8, so this is a tight loop:
 * ASCII (much of a report) 8 bytes at a time, other characters by ICU's U8_NEXT, which rejects
 * what utf8proc_iterate rejects (non-shortest forms, surrogates, beyond U+10FFFF, truncation);
 * whether a character is junk comes from a table filled by utf8proc (charprops.h). */
/* For each 64-code-point range U+0800..U+FFFF (a 3-byte lead and its first trail byte): 1 when
 * every code point in it is well-formed as 3 bytes (not a surrogate) and not junk, so a
 * character there needs only its trail bytes checked; 2 when not; 0 not known yet (the general
 * path finds out). Filled from the property cache, so from utf8proc, per thread. */
static _Thread_local uint8_t clean3[1024];

static void learn_clean3(UChar32 c)
{
    if (c < 0x800 || c > 0xFFFF || (c >= 0xD800 && c <= 0xDFFF) || clean3[c >> 6]) return;
    UChar32 b = c & ~0x3F;
    clean3[c >> 6] = 2;   /* known not clean (full-width forms share a range with U+FF00) */
    for (UChar32 k = 0; k < 64; k++)
        if (fx_cprops(b + k) & FX_CP_JUNK) return;
    clean3[c >> 6] = 1;
}

/* 4 bytes as a little-endian number: byte 0 in the low bits (one load on most machines) */
static inline uint32_t le32(const unsigned char *p)
{
    uint32_t x;
    memcpy(&x, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap32(x);
#endif
    return x;
}

static bool scan_utf8(const unsigned char *s, size_t n, text_stats *st)
{
    /* ASCII control characters, the only ones below U+0080 that count */
    static const bool CTRL[128] = {
        [0] = 1, [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1,
        [0x0B] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1,
        [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1,
        [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [0x7F] = 1,
    };
    size_t chars = 0, ctrl = 0, junk = 0;
    long long first_ctrl = -1, first_junk = -1;
    const uint64_t HI = 0x8080808080808080ull, ONES = 0x0101010101010101ull;
    for (size_t i = 0; i < n;) {
        size_t at = i;
        if (s[i] >= 0x80) {
            UChar32 c;
            unsigned char b = s[i];
            /* a run of Han and CJK punctuation, most of a report: per character the shape of
             * its 3 bytes and one table look-up */
            if ((b & 0xF0) == 0xE0) {
                size_t r = i;
                while (n - r >= 4) {   /* (the last character of the text goes the general way) */
                    uint32_t x = le32(s + r);
                    if ((x & 0xC0C0F0) != 0x8080E0 || clean3[((x & 0x0F) << 6) | ((x >> 8) & 0x3F)] != 1) break;
                    r += 3;
                }
                if (r > i) { chars += (r - i) / 3; i = r; continue; }
            }
            /* most non-ASCII characters are 3 bytes (Han, CJK punctuation): checked with the
             * same ICU table U8_NEXT uses, without its general case */
            if ((b & 0xF0) == 0xE0 && n - i >= 3 && U8_IS_VALID_LEAD3_AND_T1(b, s[i + 1]) && U8_IS_TRAIL(s[i + 2])) {
                c = ((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
                i += 3;
            } else {
                U8_NEXT(s, i, n, c);
                if (c < 0) return false;
            }
            chars++;
            if (i - at == 3) learn_clean3(c);
            if (fx_cprops(c) & FX_CP_JUNK) {  /* unassigned, private use, U+FFFD, C1 controls */
                junk++;
                if (first_junk < 0) first_junk = (long long)at;
            }
            continue;
        }
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            /* 8 ASCII bytes, none below 0x20 (a line break is) and none 0x7F */
            if (!((w | (w - 0x20 * ONES) | (w + ONES)) & HI)) { chars += 8; i += 8; continue; }
        }
        unsigned char c = s[i++];
        chars++;
        if (CTRL[c]) {
            ctrl++;
            junk += c != 0; /* NUL padding is common at the end of a cut-off file */
            if (first_ctrl < 0) first_ctrl = (long long)at;
        }
    }
    *st = (text_stats){true, chars, ctrl, junk, first_ctrl, first_junk};
    return true;
}

/* UTF-8 input: validate; copy valid sequences, replace invalid bytes (utf8proc).
 * st->known: detection has just validated all of it. */
static int decode_utf8(fx_doc *d, size_t start, text_stats *st)
{
    const unsigned char *s = d->raw + start;
    size_t n = d->raw_len - start;
    /* fast path: all valid, the decoded text is the raw text */
    if (st->known || scan_utf8(s, n, st)) { /* no copy: the raw bytes live as long as the document */
        d->utf8 = (char *)s;
        d->utf8_len = n;
        d->umap = NULL;
        d->ubase = (uint32_t)start;
        return 0;
    }
    char *out = fx_alloc(&d->arena, n * 3 + 1);
    uint32_t *map = umap_alloc(d, n * 3);
    size_t o = 0;
    bad_ctx b = {d, (long long)start, 0, 0, 0};
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = s[i] < 0x80 ? 1 : utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k > 0) {
            for (utf8proc_ssize_t j = 0; j < k; j++) { out[o] = (char)s[i + j]; map[o++] = (uint32_t)(start + i); }
            i += (size_t)k;
            continue;
        }
        size_t j = i + 1; /* one U+FFFD for a run of bytes that cannot start a character */
        while (j < n && (s[j] & 0xC0) == 0x80 && j - i < 4) j++;
        report_bad(&b, (long long)(start + i), (long long)(start + j));
        for (int t = 0; t < 3; t++) { out[o] = "\xEF\xBF\xBD"[t]; map[o++] = (uint32_t)(start + i); }
        i = j;
    }
    map[o] = (uint32_t)d->raw_len;
    out[o] = 0;
    d->utf8 = out; d->utf8_len = o; d->umap = map;
    finish_bad(&b);
    return 0;
}

/* ICU converter callback: record the invalid bytes, then substitute U+FFFD. */
static void UCNV_TO_U_CALLBACK_RECORD(const void *ctx, UConverterToUnicodeArgs *args,
                                      const char *codeUnits, int32_t length,
                                      UConverterCallbackReason reason, UErrorCode *err)
{
    (void)codeUnits;
    if (reason > UCNV_IRREGULAR) return;
    bad_ctx *b = (bad_ctx *)ctx;
    /* args->source already points past the illegal sequence */
    long long at = (long long)(args->source - (const char *)b->d->raw) - length;
    report_bad(b, at, at + length);
    *err = U_ZERO_ERROR;
    static const UChar fffd = 0xFFFD;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

static int decode_icu(fx_doc *d, const char *name, size_t start)
{
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(name, &e);
    if (U_FAILURE(e)) {
        fx_diag(d, "error", "encoding", FX_NOSPAN, FX_NOSPAN, "cannot open converter for %s: %s", name, u_errorName(e));
        text_stats st = {0};
        return decode_utf8(d, start, &st);
    }
    bad_ctx b = {d, 0, 0, 0, 0};
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_RECORD, &b, NULL, NULL, &e);
    size_t n = d->raw_len - start;
    /* at most one UChar per source byte, plus substitutions */
    size_t cap = n + 16;
    UChar *u = malloc(cap * sizeof(UChar));
    int32_t *uoff = malloc(cap * sizeof(int32_t));
    if (!u || !uoff) { free(u); free(uoff); ucnv_close(cv); return -1; }
    const char *src = (const char *)d->raw + start, *lim = src + n;
    UChar *tgt = u;
    e = U_ZERO_ERROR;
    ucnv_toUnicode(cv, &tgt, u + cap, &src, lim, uoff, true, &e);
    ucnv_close(cv);
    size_t nu = (size_t)(tgt - u);
    if (U_FAILURE(e)) fx_diag(d, "warning", "encoding", FX_NOSPAN, FX_NOSPAN, "conversion from %s stopped: %s", name, u_errorName(e));
    /* sized by the text, not by the worst case of 3 bytes a unit (the map is 4 bytes a byte) */
    size_t need = 0;
    for (size_t i = 0; i < nu;) {
        UChar32 c;
        U16_NEXT(u, i, nu, c);
        need += U_IS_SURROGATE(c) ? 3 : (size_t)U8_LENGTH(c);
    }
    char *out = fx_alloc(&d->arena, need + 1);
    uint32_t *map = umap_alloc(d, need);
    size_t o = 0;
    for (size_t i = 0; i < nu;) {
        size_t at = i;
        UChar32 c;
        U16_NEXT(u, i, nu, c);
        if (U_IS_SURROGATE(c)) c = 0xFFFD;
        int32_t off = uoff[at] >= 0 ? uoff[at] : (at > 0 ? uoff[at - 1] : 0);
        uint32_t raw = (uint32_t)(start + (size_t)(off < 0 ? 0 : off));
        size_t o0 = o;
        U8_APPEND_UNSAFE(out, o, c);
        for (size_t j = o0; j < o; j++) map[j] = raw;
    }
    map[o] = (uint32_t)d->raw_len;
    out[o] = 0;
    free(u); free(uoff);
    d->utf8 = out; d->utf8_len = o; d->umap = map;
    finish_bad(&b);
    return 0;
}

/* Counts of well-formed and ill-formed sequences (input that is not all UTF-8). */
static void utf8_counts(const unsigned char *s, size_t n, size_t *bad, size_t *good)
{
    size_t i = 0, nbad = 0, ngood = 0;
    while (i < n) {
        if (s[i] < 0x80) { i++; continue; }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 0) { nbad++; i++; } else { ngood++; i += (size_t)k; }
    }
    *bad = nbad; *good = ngood;
}

static const char *detect(fx_doc *d, text_stats *st)
{
    if (scan_utf8(d->raw, d->raw_len, st)) return "UTF-8";
    size_t bad, good;
    utf8_counts(d->raw, d->raw_len, &bad, &good);
    /* UTF-8 with a few damaged bytes: GBK or UTF-16 text forms valid multi-byte UTF-8
     * sequences only by accident, far fewer than its invalid ones; ucsdet would call a
     * damaged UTF-8 file GB18030 and turn it all into mojibake */
    if (good >= 4 * bad) return "UTF-8";
    UErrorCode e = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&e);
    const char *pick = NULL;
    if (U_SUCCESS(e)) {
        /* ucsdet looks at a prefix; hand it at most 64 KiB */
        int32_t len = d->raw_len > 65536 ? 65536 : (int32_t)d->raw_len;
        ucsdet_setText(det, (const char *)d->raw, len, &e);
        int32_t nm = 0;
        const UCharsetMatch **m = ucsdet_detectAll(det, &nm, &e);
        static const char *const WANT[] = {"GB18030", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "Big5", NULL};
        for (int32_t i = 0; U_SUCCESS(e) && i < nm && !pick; i++) {
            const char *name = ucsdet_getName(m[i], &e);
            int32_t conf = ucsdet_getConfidence(m[i], &e);
            if (!name || conf < 10) continue;
            for (int k = 0; WANT[k]; k++)
                if (!strcmp(name, WANT[k])) { pick = WANT[k]; break; }
        }
        ucsdet_close(det);
    }
    if (pick) return pick;
    /* mostly UTF-8 with a few bad bytes (a truncated or damaged file) */
    if (bad * 50 < d->raw_len) return "UTF-8";
    return "GB18030";
}

/* Control characters are dropped by normalize, and a file that is mostly control, private
 * use or unassigned characters is a binary file misnamed .txt: say so, once, with where. */
static void check_text(fx_doc *d, text_stats *st)
{
    if (!st->known) scan_utf8((const unsigned char *)d->utf8, d->utf8_len, st);   /* valid by now */
    size_t chars = st->chars, ctrl = st->ctrl, junk = st->junk;
    long long first_ctrl = st->first_ctrl, first_junk = st->first_junk;
    /* decoded offsets -> raw offsets */
    if (first_ctrl >= 0) first_ctrl = d->umap ? d->umap[first_ctrl] : first_ctrl + d->ubase;
    if (first_junk >= 0) first_junk = d->umap ? d->umap[first_junk] : first_junk + d->ubase;
    if (ctrl)
        fx_diag_raw(d, "warning", "control-characters", first_ctrl, first_ctrl + 1,
                    "%zu control characters (NUL and others) dropped; the first at byte offset %lld",
                    ctrl, first_ctrl);
    if (!d->error && junk >= 8 && junk * 10 > chars) {
        long long at = first_ctrl >= 0 && (first_junk < 0 || first_ctrl < first_junk) ? first_ctrl : first_junk;
        fx_diag_raw(d, "error", "binary", at, at + 1,
                    "input does not look like text: %zu of its %zu characters (as %s) are control, "
                    "private-use, unassigned or invalid", junk, chars, d->encoding);
    }
}

/* Record the raw offsets of line breaks (LF, and CR not followed by LF). */
static void find_breaks(fx_doc *d)
{
    const char *s = d->utf8, *end = s + d->utf8_len;
    size_t n = 0;
    if (!memchr(s, '\r', d->utf8_len)) {
        /* LF only, the common case: memchr finds the breaks */
        for (const char *p = s; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++) n++;
        d->nl = fx_alloc(&d->arena, (n + 1) * sizeof(uint32_t));
        size_t k = 0;
        for (const char *p = s; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++) {
            size_t i = (size_t)(p - s);
            d->nl[k++] = d->umap ? d->umap[i] : (uint32_t)(i + d->ubase);
        }
        d->n_nl = k;
        return;
    }
    for (size_t i = 0; i < d->utf8_len; i++)
        if (d->utf8[i] == '\n' || (d->utf8[i] == '\r' && (i + 1 >= d->utf8_len || d->utf8[i + 1] != '\n'))) n++;
    d->nl = fx_alloc(&d->arena, (n + 1) * sizeof(uint32_t));
    size_t k = 0;
    for (size_t i = 0; i < d->utf8_len; i++)
        if (d->utf8[i] == '\n' || (d->utf8[i] == '\r' && (i + 1 >= d->utf8_len || d->utf8[i + 1] != '\n')))
            d->nl[k++] = d->umap ? d->umap[i] : (uint32_t)(i + d->ubase);
    d->n_nl = k;
}

int fx_decode(fx_doc *d)
{
    const unsigned char *s = d->raw;
    size_t n = d->raw_len;
    text_stats st = {0};
    int rc;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        d->encoding = "UTF-8 (BOM)";
        rc = decode_utf8(d, 3, &st);
    } else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        d->encoding = "UTF-16LE";
        rc = decode_icu(d, "UTF-16LE", 2);
    } else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        d->encoding = "UTF-16BE";
        rc = decode_icu(d, "UTF-16BE", 2);
    } else {
        d->encoding = detect(d, &st);
        rc = !strcmp(d->encoding, "UTF-8") ? decode_utf8(d, 0, &st) : decode_icu(d, d->encoding, 0);
    }
    if (rc == 0) {
        find_breaks(d);
        /* the invalid-bytes diagnostics came before the line breaks were known */
        for (size_t i = 0; i < d->n_recs; i++)
            if (d->recs[i]->span_s >= 0) d->recs[i]->line = fx_line_of_raw(d, d->recs[i]->span_s);
        check_text(d, &st);
    }
    return rc;
}

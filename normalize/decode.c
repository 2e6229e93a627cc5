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

/* UTF-8 input: validate with utf8proc; copy valid sequences, replace invalid bytes.
 * `valid`: detection has just validated all of it. */
static int decode_utf8(fx_doc *d, size_t start, int valid)
{
    const unsigned char *s = d->raw + start;
    size_t n = d->raw_len - start;
    /* fast path: all valid, the decoded text is the raw text */
    size_t i = valid ? n : 0;
    while (i < n) {
        if (s[i] < 0x80) { i++; continue; }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 0) break;
        i += (size_t)k;
    }
    if (i == n) { /* no copy: the raw bytes live as long as the document */
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
    i = 0;
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
        return decode_utf8(d, start, 0);
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

static int utf8_valid(const unsigned char *s, size_t n, size_t *bad, size_t *good)
{
    size_t i = 0, nbad = 0, ngood = 0;
    while (i < n) {
        if (s[i] < 0x80) { i++; continue; }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 0) { nbad++; i++; } else { ngood++; i += (size_t)k; }
    }
    *bad = nbad; *good = ngood;
    return nbad == 0;
}

static const char *detect(fx_doc *d, int *valid)
{
    size_t bad, good;
    *valid = utf8_valid(d->raw, d->raw_len, &bad, &good);
    if (*valid) return "UTF-8";
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
static void check_text(fx_doc *d)
{
    size_t chars = 0, ctrl = 0, junk = 0;
    long long first_ctrl = -1, first_junk = -1;
    for (size_t i = 0; i < d->utf8_len;) {
        utf8proc_int32_t c = (unsigned char)d->utf8[i];
        utf8proc_ssize_t k = 1;
        if (c >= 0x80) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)d->utf8 + i, (utf8proc_ssize_t)(d->utf8_len - i), &c);
            if (k <= 0) { k = 1; c = 0xFFFD; }
        }
        long long raw = d->umap ? d->umap[i] : (long long)(i + d->ubase);
        chars++;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
            ctrl++;
            junk += c != 0; /* NUL padding is common at the end of a cut-off file */
            if (first_ctrl < 0) first_ctrl = raw;
        } else if (c >= 0x80) {
            utf8proc_category_t cat = utf8proc_category(c);
            if (c == 0xFFFD || cat == UTF8PROC_CATEGORY_CN || cat == UTF8PROC_CATEGORY_CO ||
                cat == UTF8PROC_CATEGORY_CS || (c >= 0x80 && c < 0xA0)) {
                junk++;
                if (first_junk < 0) first_junk = raw;
            }
        }
        i += (size_t)k;
    }
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
    size_t n = 0;
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
    int rc;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        d->encoding = "UTF-8 (BOM)";
        rc = decode_utf8(d, 3, 0);
    } else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        d->encoding = "UTF-16LE";
        rc = decode_icu(d, "UTF-16LE", 2);
    } else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        d->encoding = "UTF-16BE";
        rc = decode_icu(d, "UTF-16BE", 2);
    } else {
        int valid;
        d->encoding = detect(d, &valid);
        rc = !strcmp(d->encoding, "UTF-8") ? decode_utf8(d, 0, valid) : decode_icu(d, d->encoding, 0);
    }
    if (rc == 0) {
        find_breaks(d);
        /* the invalid-bytes diagnostics came before the line breaks were known */
        for (size_t i = 0; i < d->n_recs; i++)
            if (d->recs[i]->span_s >= 0) d->recs[i]->line = fx_line_of_raw(d, d->recs[i]->span_s);
        check_text(d);
    }
    return rc;
}

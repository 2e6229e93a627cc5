/* emit_json: a record as one JSON line. Strings are escaped so that every line parses
 * whatever the input held: control characters as \uXXXX, U+2028/U+2029 escaped (they end
 * lines in JavaScript), and any invalid UTF-8 replaced by U+FFFD. */
#include "emit.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

/* Output goes straight into the buffer: one capacity check per piece, and the NUL the
 * buffer keeps is written once per call, not after every byte. */
static inline void put(fx_buf *b, const void *s, size_t n)
{
    if (b->n + n + 1 > b->cap) fx_buf_reserve(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
}
#define PUTS(b, lit) put(b, lit, sizeof lit - 1)
static inline void putc1(fx_buf *b, char c)
{
    if (b->n + 2 > b->cap) fx_buf_reserve(b, 1);
    b->p[b->n++] = c;
}
static inline void end(fx_buf *b) { b->p[b->n] = 0; }

/* integers without printf: every record has a span and a line. The digits are counted first
 * and written in place, back to front (no copy of a variable length). */
static void put_int(fx_buf *b, long long v)
{
    static const unsigned long long P10[] = {
        1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
        100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
        10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
        100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
    };
    if (b->n + 21 + 1 > b->cap) fx_buf_reserve(b, 21);
    char *o = b->p + b->n;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    if (v < 0) *o++ = '-';
    size_t nd = 1;
    while (nd < sizeof P10 / sizeof P10[0] && u >= P10[nd]) nd++;
    static const char D2[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    char *e = o + nd;
    while (u >= 10) { e -= 2; memcpy(e, D2 + 2 * (u % 100), 2); u /= 100; }   /* two at a time */
    if (e > o) *--e = (char)('0' + u);
    b->n = (size_t)(o + nd - b->p);
}

/* What a byte starts, for the scan below: 0 printable ASCII kept as it is, 1 ASCII that is
 * escaped (controls, " and backslash), 2 the lead of a 2-byte form, 3 the lead of a 3-byte
 * form that is valid whenever its two continuation bytes are (E1, E3..EC, EE, EF: not the
 * overlong E0, the surrogate ED, nor E2 which holds U+2028/U+2029), 4 anything else. */
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char CLS[256] = {
    R16(1), R16(1),
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,          /* 20..2F: " */
    R16(0), R16(0),
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,          /* 50..5F: backslash */
    R16(0), R16(0),
    R16(4), R16(4), R16(4), R16(4),                          /* 80..BF: continuation bytes */
    4, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, R16(2),  /* C0, C1 overlong; C2..DF */
    4, 3, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3,          /* E0..EF */
    R16(4),
};
#undef R16

static inline bool cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* the first byte of s in the low bits, whatever the machine's byte order */
static inline uint32_t le32(uint32_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap32(w);
#else
    return w;
#endif
}

static inline uint64_t le64(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(w);
#else
    return w;
#endif
}

/* 8 bytes of plain printable ASCII (no high bit, nothing below 0x20, no " or backslash):
 * the usual word-at-a-time zero-byte test, exact for "does any byte match" */
static inline bool ascii8(uint64_t w)
{
    const uint64_t ONES = 0x0101010101010101ULL, HIGH = 0x8080808080808080ULL;
    uint64_t q = w ^ (ONES * '"'), bs = w ^ (ONES * '\\');
    uint64_t hit = w | ((w - ONES * 0x20) & ~w) | ((q - ONES) & ~q) | ((bs - ONES) & ~bs);
    return !(hit & HIGH);
}

/* The string is copied while it is scanned, into room reserved for it as it is (+ quotes and
 * 8 bytes of slack for the word stores); an escape, which is longer than what it replaces,
 * reserves its extra room when it is met. */
#define SLACK 8

static char *grow_at(fx_buf *b, char *o, size_t more)
{
    b->n = (size_t)(o - b->p);
    if (b->n + more + 1 > b->cap) fx_buf_reserve(b, more);
    return b->p + b->n;
}

static char *put_u4(char *o, unsigned cp)
{
    static const char HEX[] = "0123456789abcdef";
    o[0] = '\\'; o[1] = 'u';
    o[2] = HEX[(cp >> 12) & 15]; o[3] = HEX[(cp >> 8) & 15]; o[4] = HEX[(cp >> 4) & 15]; o[5] = HEX[cp & 15];
    return o + 6;
}

static void json_str(fx_buf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    if (b->n + n + 2 + SLACK + 1 > b->cap) fx_buf_reserve(b, n + 2 + SLACK);
    char *o = b->p + b->n;
    *o++ = '"';
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        unsigned k = CLS[c];
        if (k == 0) {   /* ASCII: a word at a time while it lasts, then byte by byte */
            for (;;) {
                while (n - i >= 8) {
                    uint64_t w;
                    memcpy(&w, s + i, 8);
                    if (!ascii8(w)) break;
                    memcpy(o, &w, 8);
                    o += 8; i += 8;
                }
                size_t lim = n - i < 8 ? n : i + 8;
                while (i < lim && !CLS[s[i]]) *o++ = (char)s[i++];
                if (i < lim || i >= n) break;
            }
            continue;
        }
        if (k == 3) {   /* CJK: a run of 3-byte characters, each copied with one 4-byte store */
            size_t i0 = i;
            while (n - i >= 8) {   /* two characters per 8-byte load */
                uint64_t w;
                memcpy(&w, s + i, 8);
                uint64_t lw = le64(w);
                if ((lw & 0xC0C0F0C0C0F0ULL) != 0x8080E08080E0ULL || CLS[s[i]] != 3 || CLS[s[i + 3]] != 3)
                    break;
                memcpy(o, &w, 8);
                o += 6; i += 6;
            }
            while (n - i >= 4) {
                uint32_t w;
                memcpy(&w, s + i, 4);
                if ((le32(w) & 0xC0C0F0) != 0x8080E0 || CLS[s[i]] != 3) break;
                memcpy(o, &w, 4);
                o += 3; i += 3;
            }
            if (i != i0) continue;   /* the run ended: read the next byte afresh */
            if (n - i >= 3 && cont(s[i + 1]) && cont(s[i + 2])) {   /* the last 3 bytes */
                o[0] = (char)c; o[1] = (char)s[i + 1]; o[2] = (char)s[i + 2];
                o += 3; i += 3;
                continue;
            }
        }
        if (k == 2 && n - i >= 2 && cont(s[i + 1])) {
            o[0] = (char)c; o[1] = (char)s[i + 1];
            o += 2; i += 2;
            continue;
        }
        if (k == 1) {
            o = grow_at(b, o, 6 + (n - i) + 1 + SLACK);
            switch (c) {
            case '"': *o++ = '\\'; *o++ = '"'; break;
            case '\\': *o++ = '\\'; *o++ = '\\'; break;
            case '\n': *o++ = '\\'; *o++ = 'n'; break;
            case '\t': *o++ = '\\'; *o++ = 't'; break;
            case '\r': *o++ = '\\'; *o++ = 'r'; break;
            default: o = put_u4(o, c);
            }
            i++;
            continue;
        }
        /* the other forms: utf8proc says whether they are valid */
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (len < 0) {
            o = grow_at(b, o, 3 + (n - i) + 1 + SLACK);
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3; i++;
        } else if (cp == 0x2028 || cp == 0x2029) {   /* they end lines in JavaScript */
            o = grow_at(b, o, 6 + (n - i) + 1 + SLACK);
            o = put_u4(o, (unsigned)cp);
            i += (size_t)len;
        } else {
            memcpy(o, s + i, (size_t)len);
            o += len; i += (size_t)len;
        }
    }
    *o++ = '"';
    b->n = (size_t)(o - b->p);
}

/* A NUL-terminated string, after the byte `lead` and before the byte `tail` (0: none), e.g.
 * `,"key":`. Keys, types, ids and the document's name are short plain ASCII: copied while they
 * are scanned in one pass (no strlen first, one capacity check). A long one, or one holding a
 * byte that is escaped or not ASCII, goes to json_str from its start. */
static void json_cstr(fx_buf *b, char lead, const char *str, char tail)
{
    enum { QUICK = 64 };
    if (b->n + QUICK + 4 + 1 > b->cap) fx_buf_reserve(b, QUICK + 4);
    char *o = b->p + b->n;
    if (lead) *o++ = lead;
    *o++ = '"';
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    for (; i < QUICK; i++) {
        unsigned char c = s[i];
        if (CLS[c]) {
            if (c) break;
            o += i;
            *o++ = '"';
            if (tail) *o++ = tail;
            b->n = (size_t)(o - b->p);
            return;
        }
        o[i] = (char)c;
    }
    if (lead) putc1(b, lead);
    json_str(b, str, i + strlen(str + i));
    if (tail) putc1(b, tail);
}

void fx_json_str(fx_buf *b, const char *s, size_t n)
{
    json_str(b, s, n);
    end(b);
}

static void json_val(fx_buf *b, const fx_val *v)
{
    switch (v->k) {
    case FXV_NULL: PUTS(b, "null"); break;
    case FXV_BOOL: if (v->i) PUTS(b, "true"); else PUTS(b, "false"); break;
    case FXV_INT: put_int(b, v->i); break;
    case FXV_STR: json_str(b, v->s, v->n); break;
    case FXV_LIST:
    case FXV_OBJ: {
        putc1(b, v->k == FXV_LIST ? '[' : '{');
        int first = 1;
        for (const fx_kv *kv = v->head; kv; kv = kv->next) {
            if (v->k == FXV_OBJ) json_cstr(b, first ? 0 : ',', kv->key ? kv->key : "", ':');
            else if (!first) putc1(b, ',');
            first = 0;
            json_val(b, &kv->v);
        }
        putc1(b, v->k == FXV_LIST ? ']' : '}');
        break;
    }
    }
}

void fx_json_val(fx_buf *b, const fx_val *v)
{
    json_val(b, v);
    end(b);
}

/* Every record of a document carries the same `,"doc":"<name>","id":`: its JSON is kept per
 * thread with the name it was made from (compared, not trusted by pointer: a later document's
 * name may be at the same address). A name too long for the cache is written each time. */
enum { DOC_RAW = 256, DOC_JSON = 6 * DOC_RAW + 32 };
static _Thread_local struct { size_t rn, jn; char raw[DOC_RAW], json[DOC_JSON]; } doc_cache;

static void put_doc(fx_buf *b, const char *doc_id)
{
    size_t n = strlen(doc_id);
    if (n && n == doc_cache.rn && !memcmp(doc_cache.raw, doc_id, n)) {
        put(b, doc_cache.json, doc_cache.jn);
        return;
    }
    size_t at = b->n;
    PUTS(b, ",\"doc\":");
    json_str(b, doc_id, n);
    PUTS(b, ",\"id\":");
    size_t jn = b->n - at;
    if (n && n <= DOC_RAW && jn <= DOC_JSON) {
        memcpy(doc_cache.raw, doc_id, n);
        memcpy(doc_cache.json, b->p + at, jn);
        doc_cache.rn = n;
        doc_cache.jn = jn;
    }
}

void fx_json_record(fx_buf *b, const char *doc_id, const fx_rec *r)
{
    PUTS(b, "{\"type\":");
    json_cstr(b, 0, r->type, 0);
    put_doc(b, doc_id);
    json_cstr(b, 0, r->id, 0);
    if (r->span_s >= 0) {
        PUTS(b, ",\"span\":[");
        put_int(b, r->span_s);
        putc1(b, ',');
        put_int(b, r->span_e);
        PUTS(b, "],\"line\":");
        put_int(b, r->line);
    }
    for (const fx_kv *kv = r->f.head; kv; kv = kv->next) {
        json_cstr(b, ',', kv->key, ':');
        json_val(b, &kv->v);
    }
    putc1(b, '}');
    end(b);
}

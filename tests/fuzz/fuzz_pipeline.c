/* Fuzz the whole pipeline on one document (also cut in pieces): whatever the bytes, every record is one line of
 * valid JSON that starts with type, doc and id (and a span inside the input when it has one),
 * `document` comes first and `summary` last, and nothing crashes or leaks. */
#include <string.h>
#include <utf8proc.h>
#include "fuzz_doc.h"

typedef struct { size_t size; long n; int last_summary; } seen_t;

/* A small JSON validator: enough to prove the line parses (strings with valid escapes and
 * UTF-8, no raw control characters, numbers, literals, nesting). Returns the end or NULL. */
static const char *value(const char *p, const char *e, int depth);

static const char *ws(const char *p, const char *e) { while (p < e && (*p == ' ')) p++; return p; }

static const char *string(const char *p, const char *e)
{
    if (p >= e || *p != '"') return NULL;
    p++;
    const char *run = p;
    while (p < e && *p != '"') {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20) return NULL;
        if (c == '\\') {
            if (++p >= e) return NULL;
            if (*p == 'u') {
                for (int k = 1; k <= 4; k++) if (p + k >= e || !strchr("0123456789abcdefABCDEF", p[k]) || !p[k]) return NULL;
                p += 5;
            } else if (strchr("\"\\/bfnrt", *p) && *p) p++;
            else return NULL;
        } else p++;
    }
    if (p >= e) return NULL;
    if (!fuzz_utf8_ok(run, (size_t)(p - run))) return NULL;
    return p + 1;
}

static const char *number(const char *p, const char *e)
{
    if (p < e && *p == '-') p++;
    const char *d = p;
    while (p < e && *p >= '0' && *p <= '9') p++;
    if (p == d) return NULL;
    if (p < e && *p == '.') { p++; d = p; while (p < e && *p >= '0' && *p <= '9') p++; if (p == d) return NULL; }
    return p;
}

static const char *value(const char *p, const char *e, int depth)
{
    p = ws(p, e);
    if (p >= e || depth > 64) return NULL;
    if (*p == '"') return string(p, e);
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        p = ws(p + 1, e);
        if (p < e && *p == close) return p + 1;
        for (;;) {
            if (close == '}') {
                p = string(ws(p, e), e);
                if (!p) return NULL;
                p = ws(p, e);
                if (p >= e || *p != ':') return NULL;
                p++;
            }
            p = value(p, e, depth + 1);
            if (!p) return NULL;
            p = ws(p, e);
            if (p < e && *p == ',') { p++; continue; }
            if (p < e && *p == close) return p + 1;
            return NULL;
        }
    }
    if (e - p >= 4 && (!memcmp(p, "true", 4) || !memcmp(p, "null", 4))) return p + 4;
    if (e - p >= 5 && !memcmp(p, "false", 5)) return p + 5;
    return number(p, e);
}

static int on_record(void *user, const fx_record *r)
{
    seen_t *s = user;
    size_t n;
    const char *j = fx_record_json(r, &n);
    const char *type = fx_record_type(r);
    FUZZ_ASSERT(j && n > 2, "empty line");
    FUZZ_ASSERT(!memchr(j, '\n', n), "newline inside a record");
    FUZZ_ASSERT(value(j, j + n, 0) == j + n, "invalid JSON: %.*s", (int)(n > 400 ? 400 : n), j);
    char head[256];
    int h = snprintf(head, sizeof head, "{\"type\":\"%s\",\"doc\":\"fuzz\",\"id\":\"%s\"", type, fx_record_id(r));
    FUZZ_ASSERT(h > 0 && (size_t)h < n && !memcmp(j, head, (size_t)h), "common fields: %.*s", (int)(n > 200 ? 200 : n), j);
    long long rs, re;
    if (sscanf(j + h, ",\"span\":[%lld,%lld]", &rs, &re) == 2)
        FUZZ_ASSERT(rs >= 0 && rs <= re && re <= (long long)s->size, "span [%lld,%lld) of %zu", rs, re, s->size);
    FUZZ_ASSERT(s->n > 0 || !strcmp(type, "document"), "first record is %s", type);
    FUZZ_ASSERT(!s->last_summary, "%s after the summary", type);
    s->last_summary = !strcmp(type, "summary");
    s->n++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fx_opts o;
    fx_opts_default(&o);
    o.max_doc_bytes = 1 << 20;
    seen_t s = {size, 0, 0};
    /* the first byte also picks the way in: whole, or cut in pieces of a few hundred bytes
     * (so the piece cuts, id carry-over and span shifts are fuzzed too), read at once or
     * streamed in small chunks with its size announced */
    unsigned way = size ? data[0] : 0;
    if (way & 1) o.piece_bytes = 64 + (way >> 2) * 16;
    int rc;
    if (way & 2) {
        fx_parser *p = fx_parser_new(&o, "fuzz", on_record, &s);
        fx_parser_expect(p, size);
        for (size_t at = 0; at < size; at += 97) fx_parser_feed(p, data + at, size - at < 97 ? size - at : 97);
        rc = fx_parser_finish(p);
        fx_parser_free(p);
    } else {
        rc = fx_parse_buffer(&o, "fuzz", data, size, on_record, &s);
    }
    FUZZ_ASSERT(rc == 0 || rc == 1, "status %d", rc);
    FUZZ_ASSERT(s.n >= 2 && s.last_summary, "%ld records, summary last: %d", s.n, s.last_summary);
    return 0;
}

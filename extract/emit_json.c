/* emit_json: a record as one JSON line. Strings are escaped so that every line parses
 * whatever the input held: control characters as \uXXXX, U+2028/U+2029 escaped (they end
 * lines in JavaScript), and any invalid UTF-8 replaced by U+FFFD. */
#include "emit.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* integers without printf: every record has a span and a line */
static void put_int(fx_buf *b, long long v)
{
    char t[24];
    int k = sizeof t;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do { t[--k] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) t[--k] = '-';
    fx_buf_put(b, t + k, sizeof t - (size_t)k);
}

void fx_json_str(fx_buf *b, const char *s, size_t n)
{
    fx_buf_putc(b, '"');
    size_t i = 0, run = 0; /* run: start of bytes to copy verbatim */
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') { i++; continue; }
        if (c >= 0xE3 && c <= 0xE9 && n - i >= 3 && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3; /* most of the text: a CJK character, valid, never U+2028/U+2029 */
            continue;
        }
        if (c >= 0x80) { /* a valid character other than U+2028/U+2029 stays in the run */
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
            if (k > 0 && cp != 0x2028 && cp != 0x2029) { i += (size_t)k; continue; }
        }
        fx_buf_put(b, s + run, i - run);
        if (c < 0x80) {
            switch (c) {
            case '"': fx_buf_puts(b, "\\\""); break;
            case '\\': fx_buf_puts(b, "\\\\"); break;
            case '\n': fx_buf_puts(b, "\\n"); break;
            case '\t': fx_buf_puts(b, "\\t"); break;
            case '\r': fx_buf_puts(b, "\\r"); break;
            default: fx_buf_printf(b, "\\u%04x", c);
            }
            i++;
        } else {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
            if (k < 0) { fx_buf_puts(b, "\xEF\xBF\xBD"); i++; }
            else if (cp == 0x2028 || cp == 0x2029) { fx_buf_printf(b, "\\u%04x", (unsigned)cp); i += (size_t)k; }
            else { fx_buf_put(b, s + i, (size_t)k); i += (size_t)k; }
        }
        run = i;
    }
    fx_buf_put(b, s + run, i - run);
    fx_buf_putc(b, '"');
}

void fx_json_val(fx_buf *b, const fx_val *v)
{
    switch (v->k) {
    case FXV_NULL: fx_buf_puts(b, "null"); break;
    case FXV_BOOL: fx_buf_puts(b, v->i ? "true" : "false"); break;
    case FXV_INT: put_int(b, v->i); break;
    case FXV_STR: fx_json_str(b, v->s, v->n); break;
    case FXV_LIST:
    case FXV_OBJ: {
        fx_buf_putc(b, v->k == FXV_LIST ? '[' : '{');
        int first = 1;
        for (const fx_kv *kv = v->head; kv; kv = kv->next) {
            if (!first) fx_buf_putc(b, ',');
            first = 0;
            if (v->k == FXV_OBJ) {
                fx_json_str(b, kv->key ? kv->key : "", kv->key ? strlen(kv->key) : 0);
                fx_buf_putc(b, ':');
            }
            fx_json_val(b, &kv->v);
        }
        fx_buf_putc(b, v->k == FXV_LIST ? ']' : '}');
        break;
    }
    }
}

void fx_json_record(fx_buf *b, const char *doc_id, const fx_rec *r)
{
    fx_buf_puts(b, "{\"type\":");
    fx_json_str(b, r->type, strlen(r->type));
    fx_buf_puts(b, ",\"doc\":");
    fx_json_str(b, doc_id, strlen(doc_id));
    fx_buf_puts(b, ",\"id\":");
    fx_json_str(b, r->id, strlen(r->id));
    if (r->span_s >= 0) {
        fx_buf_puts(b, ",\"span\":[");
        put_int(b, r->span_s);
        fx_buf_putc(b, ',');
        put_int(b, r->span_e);
        fx_buf_puts(b, "],\"line\":");
        put_int(b, r->line);
    }
    for (const fx_kv *kv = r->f.head; kv; kv = kv->next) {
        fx_buf_putc(b, ',');
        fx_json_str(b, kv->key, strlen(kv->key));
        fx_buf_putc(b, ':');
        fx_json_val(b, &kv->v);
    }
    fx_buf_putc(b, '}');
}

/* Per-document bump allocator and a growable byte buffer. A document's records, strings
 * and tables are freed at once when it has been emitted, so memory is bounded by the
 * largest document, not by the corpus. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fx_arena_chunk { fx_arena_chunk *next; size_t used, cap; max_align_t data[]; };

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) { fputs("fiscx: out of memory\n", stderr); abort(); }
    return p;
}

/* a new head chunk for n bytes: out of line, so that the common path below stays a few
 * instructions in its callers */
static __attribute__((noinline)) void *take_new(fx_arena *a, size_t n)
{
    size_t cap = n > 65536 ? n : 65536;
    fx_arena_chunk *c = xmalloc(sizeof *c + cap);
    c->next = a->head; c->used = n; c->cap = cap;
    a->head = c;
    a->total += cap;
    return c->data;
}

/* n bytes from the head chunk (a new one when they do not fit), at `align` */
static inline void *take(fx_arena *a, size_t n, size_t align)
{
    fx_arena_chunk *c = a->head;
    if (!c) return take_new(a, n);
    size_t at = (c->used + align - 1) & ~(align - 1);
    if (at > c->cap || c->cap - at < n) return take_new(a, n);
    c->used = at + n;
    return (char *)c->data + at;
}

void *fx_alloc(fx_arena *a, size_t n)
{
    void *p = take(a, n, 8);   /* 8-aligned, as promised: 16 would leave a hole after each 40-byte field */
    /* Most objects are small (fields, records): clearing a constant 64 or 128 bytes is done
     * in line, where memset(n) is a call. The bytes past n are the chunk's free space. */
    fx_arena_chunk *c = a->head;
    size_t room = c->cap - (size_t)((char *)p - (char *)c->data);
    if (n <= 64 && room >= 64) memset(p, 0, 64);
    else if (n <= 128 && room >= 128) memset(p, 0, 128);
    else memset(p, 0, n);
    return p;
}

/* Strings are most of a document's allocations (record fields, short numbers): packed,
 * not rounded up to 16 bytes, and not zeroed before they are copied. */
char *fx_strndup(fx_arena *a, const char *s, size_t n)
{
    char *p = take(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *fx_strdup(fx_arena *a, const char *s) { return fx_strndup(a, s, strlen(s)); }

char *fx_sprintf(fx_arena *a, const char *fmt, ...)
{
    /* format once into a stack buffer; only a long result is formatted again */
    char tmp[256];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    char *p = take(a, (size_t)(n < 0 ? 0 : n) + 1, 1);
    p[0] = 0;
    if (n > 0 && (size_t)n < sizeof tmp) memcpy(p, tmp, (size_t)n + 1);
    else if (n > 0) vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void fx_arena_free(fx_arena *a)
{
    for (fx_arena_chunk *c = a->head, *n; c; c = n) { n = c->next; free(c); }
    a->head = NULL;
    a->total = 0;
}

static void grow(fx_buf *b, size_t need)
{
    if (b->n + need + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + need + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) { fputs("fiscx: out of memory\n", stderr); abort(); }
    b->p = p; b->cap = cap;
}

void fx_buf_reserve(fx_buf *b, size_t n) { grow(b, n); }

void fx_buf_put(fx_buf *b, const void *s, size_t n)
{
    grow(b, n);
    if (n) memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}
void fx_buf_putc(fx_buf *b, char c)
{
    if (b->n + 2 > b->cap) grow(b, 1);
    b->p[b->n++] = c;
    b->p[b->n] = 0;
}
void fx_buf_puts(fx_buf *b, const char *s) { fx_buf_put(b, s, strlen(s)); }

void fx_buf_printf(fx_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        grow(b, (size_t)n);
        vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap2);
        b->n += (size_t)n;
    }
    va_end(ap2);
}

void fx_buf_free(fx_buf *b) { free(b->p); b->p = NULL; b->n = b->cap = 0; }

void fx_push(fx_rec ***v, size_t *n, size_t *cap, fx_rec *r)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        fx_rec **p = realloc(*v, c * sizeof *p);
        if (!p) { fputs("fiscx: out of memory\n", stderr); abort(); }
        *v = p; *cap = c;
    }
    (*v)[(*n)++] = r;
}

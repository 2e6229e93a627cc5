/* What the fuzz targets share: a bare document over the fuzzer's bytes (no copy, so ASan
 * sees any read past the input), and its release. */
#ifndef FUZZ_DOC_H
#define FUZZ_DOC_H

#include "internal.h"
#include "patterns.h"

#include <stdio.h>
#include <utf8proc.h>
#include <stdlib.h>

static inline fx_doc *fuzz_doc(const fx_opts *o, const uint8_t *data, size_t size)
{
    fx_doc *d = calloc(1, sizeof *d);
    if (!d) abort();
    d->opts = o;
    d->doc_id = "fuzz";
    d->raw = size ? data : (const unsigned char *)"";
    d->raw_len = size;
    d->m = fx_match_new(o);
    return d;
}

static inline void fuzz_doc_free(fx_doc *d)
{
    fx_match_free(d->m);
    free(d->recs); free(d->sections); free(d->tables);
    fx_arena_free(&d->arena);
    free(d);
}

/* A property failed: say which, and crash so libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond, ...) do { if (!(cond)) { \
    fprintf(stderr, "property failed: %s: ", #cond); fprintf(stderr, __VA_ARGS__); \
    fputc('\n', stderr); abort(); } } while (0)

/* Valid UTF-8 (no surrogates, no overlongs), as utf8proc sees it. */
static inline int fuzz_utf8_ok(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) { i++; continue; }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) return 0;
        i += (size_t)k;
    }
    return 1;
}

#endif

/* Fuzz the normalizer's offset map: every canonical byte maps to a raw range inside the
 * input, the ranges are in input order, the text is valid UTF-8 without NULs, and
 * fx_raw_text / fx_span_raw stay inside the input for any span (ASan checks the reads). */
#include <string.h>
#include <utf8proc.h>
#include "fuzz_doc.h"

static void check_span(fx_doc *d, size_t cs, size_t ce)
{
    long long rs, re;
    fx_span_raw(d, cs, ce, &rs, &re);
    FUZZ_ASSERT(rs >= 0 && rs <= re && re <= (long long)d->raw_len,
                "span [%zu,%zu) -> raw [%lld,%lld) of %zu", cs, ce, rs, re, d->raw_len);
    const char *t = fx_raw_text(d, cs, ce);
    FUZZ_ASSERT(t != NULL, "no raw text");
    FUZZ_ASSERT(strlen(t) <= d->utf8_len + (size_t)(re - rs), "raw text too long");
    long line = fx_line_of_raw(d, rs);
    FUZZ_ASSERT(line >= 1 && (size_t)line <= d->n_nl + 1, "line %ld", line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fx_opts o;
    fx_opts_default(&o);
    fx_doc *d = fuzz_doc(&o, data, size);
    if (fx_decode(d) == 0 && fx_normalize(d) == 0) {
        FUZZ_ASSERT(d->text && d->text[d->len] == 0, "not NUL-terminated");
        FUZZ_ASSERT(strlen(d->text) == d->len, "NUL inside the canonical text");
        FUZZ_ASSERT(fuzz_utf8_ok(d->text, d->len), "canonical text is not valid UTF-8");
        for (size_t i = 0; i < d->len; i++) {
            FUZZ_ASSERT((size_t)d->moff[i] + d->mlen[i] <= d->raw_len,
                        "byte %zu maps to raw [%u,+%u) of %zu", i, d->moff[i], d->mlen[i], d->raw_len);
            FUZZ_ASSERT(i == 0 || d->moff[i] >= d->moff[i - 1],
                        "byte %zu maps to raw %u before %u", i, d->moff[i], d->moff[i - 1]);
        }
        /* every line, every single byte, and spans picked by the input itself */
        fx_blocks(d);
        for (size_t k = 0; k < d->n_lines; k++) {
            check_span(d, d->lines[k].s, d->lines[k].e);
            FUZZ_ASSERT(fx_line_at(d, d->lines[k].s) == k,
                        "line_at(%zu)", d->lines[k].s);
        }
        for (size_t i = 0; i < d->len; i += 1 + i / 64) check_span(d, i, i + 1);
        for (size_t i = 0; i + 4 <= size && i < 256; i += 4) {
            size_t a = d->len ? (data[i] | (size_t)data[i + 1] << 8) % (d->len + 1) : 0;
            size_t b = d->len ? (data[i + 2] | (size_t)data[i + 3] << 8) % (d->len + 1) : 0;
            check_span(d, a < b ? a : b, a < b ? b : a);
        }
        check_span(d, d->len, d->len);
    }
    fuzz_doc_free(d);
    return 0;
}

/* Fuzz the decoder: any bytes decode to valid UTF-8 whose every byte maps to a raw offset
 * inside the input, in order; line breaks are inside the input and increasing. */
#include <utf8proc.h>
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fx_opts o;
    fx_opts_default(&o);
    fx_doc *d = fuzz_doc(&o, data, size);
    if (fx_decode(d) == 0) {
        FUZZ_ASSERT(d->utf8 != NULL, "no output");
        FUZZ_ASSERT(d->utf8[d->utf8_len] == 0, "not NUL-terminated");
        FUZZ_ASSERT(fuzz_utf8_ok(d->utf8, d->utf8_len), "decoded text is not valid UTF-8");
        uint32_t prev = 0;
        for (size_t i = 0; i < d->utf8_len; i++) {
            uint32_t r = d->umap ? d->umap[i] : (uint32_t)(i + d->ubase);
            FUZZ_ASSERT(r < d->raw_len, "byte %zu maps to raw %u of %zu", i, r, d->raw_len);
            FUZZ_ASSERT(r >= prev, "byte %zu maps to raw %u before %u", i, r, prev);
            prev = r;
        }
        if (d->umap) FUZZ_ASSERT(d->umap[d->utf8_len] == d->raw_len, "end sentinel");
        for (size_t k = 0; k < d->n_nl; k++) {
            FUZZ_ASSERT(d->nl[k] < d->raw_len, "break %zu at %u", k, d->nl[k]);
            FUZZ_ASSERT(k == 0 || d->nl[k] > d->nl[k - 1], "breaks out of order at %zu", k);
        }
        FUZZ_ASSERT(d->encoding != NULL, "no encoding");
    }
    fuzz_doc_free(d);
    return 0;
}

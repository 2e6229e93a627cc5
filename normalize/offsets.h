/* A text under construction together with its map back to the raw input: for every byte
 * t[i], the raw bytes [off[i], off[i] + len[i]) it came from. Every normalization pass reads
 * one of these and writes the next, so the final canonical text still knows, byte for byte,
 * where in the input it was read. Offsets never decrease along the text. */
#ifndef FX_OFFSETS_H
#define FX_OFFSETS_H

#include <stddef.h>
#include <stdint.h>

typedef struct fx_tm {
    char *t;
    uint32_t *off;
    uint8_t *len;      /* raw length, capped at 255 (a raw character is at most 4 bytes) */
    uint8_t *w;        /* when tracked: display width of the raw character a byte starts, else 0
                        * (a full-width `，` is one ASCII byte in the text but two columns on the
                        * page, and hard-wrapping happened on the page) */
    size_t n, cap;
    int track_w;
    int borrowed;      /* t/off/len belong to the caller (the document's arena): never
                        * reallocated or freed here; growing moves them to our own memory */
} fx_tm;

void fx_tm_reserve(fx_tm *o, size_t k);
/* Append k bytes that all came from raw [rs, re). */
void fx_tm_put(fx_tm *o, const char *s, size_t k, uint32_t rs, uint32_t re);
/* Append in->t[i, j) with its own map. */
void fx_tm_copy(fx_tm *o, const fx_tm *in, size_t i, size_t j);
void fx_tm_free(fx_tm *o);

/* The within-line pass (normalize/tidy.c), run by the line pass on each line it finishes.
 * It keeps where in the line pass's input the next byte it may have to change is. */
#define FX_TIDY_WATCH "OolI "
enum { FX_TIDY_NW = 5 };
typedef struct {
    const char *t;
    size_t n;
    size_t nx[FX_TIDY_NW + 1];   /* next O o l I, space, 、 at or after the last line asked */
    fx_tm line;                  /* a line whose OCR letters are changed */
} fx_tidy;
void fx_tidy_init(fx_tidy *w, const fx_tm *in);
/* Tidy the line in[s, e) (no line end) into out; lines are asked in order of s. */
void fx_tidy_span(fx_tidy *w, fx_tm *out, const fx_tm *in, size_t s, size_t e);
/* Tidy a line put together from pieces of the input. */
void fx_tidy_line(fx_tidy *w, fx_tm *out, const fx_tm *line);
void fx_tidy_free(fx_tidy *w);

/* The line pass (normalize/lines.c), which writes each finished line through tidy into out. */
void fx_norm_lines(const fx_tm *in, fx_tm *out);

#endif

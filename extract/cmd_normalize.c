/* fiscx normalize FILE: the canonical text the stages read (for people and pipelines). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct { char *p; size_t n, cap; } slurp_t;

int fx_cmd_normalize(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        puts("usage: fiscx normalize [FILE]\n\nPrint the canonical text of FILE (or stdin): decoded to UTF-8,\n"
             "NFKC-folded, converter/OCR residue removed, split lines rejoined.");
        return 0;
    }
    if (argc > 2) { fputs("usage: fiscx normalize [FILE]\n", stderr); return 2; }
    FILE *f = argc == 2 && strcmp(argv[1], "-") ? fopen(argv[1], "rb") : stdin;
    if (!f) { perror(argv[1]); return 1; }
    slurp_t s = {0};
    char buf[65536];
    size_t k;
    fx_opts o;
    fx_opts_default(&o);
    while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
        if (s.n + k > o.max_doc_bytes) { fprintf(stderr, "fiscx: input over %zu bytes\n", o.max_doc_bytes); free(s.p); return 1; }
        if (s.n + k > s.cap) { s.cap = (s.n + k) * 2; s.p = realloc(s.p, s.cap); if (!s.p) abort(); }
        memcpy(s.p + s.n, buf, k);
        s.n += k;
    }
    int err = ferror(f);
    if (f != stdin) fclose(f);
    size_t n = 0;
    char *t = fx_normalize_buffer(&o, s.p ? s.p : "", s.n, &n);
    free(s.p);
    if (!t) return 1;
    fwrite(t, 1, n, stdout);
    if (n && t[n - 1] != '\n') putchar('\n');
    free(t);
    return (err || fflush(stdout)) ? 1 : 0;
}

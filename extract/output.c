/* Checked, buffered output: a closed pipe stops the run quietly, a full disk is an error. */
#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool fx_out_open(fx_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || !strcmp(path, "-")) { o->f = stdout; o->name = "stdout"; }
    else {
        o->f = fopen(path, "w");
        o->name = path;
        if (!o->f) { fprintf(stderr, "fiscx: cannot write %s: %s\n", path, strerror(errno)); return false; }
    }
    setvbuf(o->f, NULL, _IOFBF, 1 << 16);
    return true;
}

static void failed(fx_out *o)
{
    if (errno == EPIPE) { o->closed = true; return; }
    if (!o->failed) fprintf(stderr, "fiscx: writing %s failed: %s\n", o->name, strerror(errno));
    o->failed = true;
}

bool fx_out_line(fx_out *o, const char *s, size_t n)
{
    if (o->failed || o->closed) return false;
    if (fwrite(s, 1, n, o->f) != n || putc('\n', o->f) == EOF) { failed(o); return false; }
    return true;
}

bool fx_out_close(fx_out *o)
{
    if (!o->f) return false;
    if (!o->failed && !o->closed && fflush(o->f) != 0) failed(o);
    int rc = o->f == stdout ? 0 : fclose(o->f);
    if (rc != 0 && !o->failed && !o->closed) failed(o);
    o->f = NULL;
    return !o->failed;
}

bool fx_parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s) return false;
    unsigned long long mul = 1;
    if (*end == 'k' || *end == 'K') { mul = 1ULL << 10; end++; }
    else if (*end == 'm' || *end == 'M') { mul = 1ULL << 20; end++; }
    else if (*end == 'g' || *end == 'G') { mul = 1ULL << 30; end++; }
    if (*end == 'i' || *end == 'B') end++;
    if (*end == 'B') end++;
    if (*end) return false;
    *out = (size_t)(v * mul);
    return true;
}

int fx_limit_option(int c, const char *arg, fx_opts *o)
{
    size_t v;
    switch (c) {
    case 'D': if (!fx_parse_size(arg, &v) || !v) return -1; o->max_doc_bytes = v; return 1;
    case 'Z': if (!fx_parse_size(arg, &v)) return -1; o->piece_bytes = v; return 1;
    case 'L': if (!fx_parse_size(arg, &v) || !v) return -1; o->max_line_bytes = v; return 1;
    case 'M':
        if (!fx_parse_size(arg, &v) || !v || v > UINT32_MAX) return -1;
        o->match_limit = (uint32_t)v;
        return 1;
    default: return 0;
    }
}

/* fiscx extract: every input's records as JSON Lines, documents in input order, parsed by
 * --jobs worker threads (jobs.c). */
#include "jobs.h"

#include <getopt.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char HELP[] =
    "usage: fiscx extract [OPTIONS] [PATH...]\n"
    "\n"
    "Write the records of each input (files; directories, recursively: *.txt and files\n"
    "without extension, sorted by path; `-` or nothing: stdin) as JSON Lines, schema " FISCX_SCHEMA ".\n"
    "\n"
    "  -o, --output FILE       write to FILE instead of stdout\n"
    "  -j, --jobs N            parse N documents at once (default: the number of cores);\n"
    "                          the output is the same, byte for byte, for any N\n"
    "      --input-format F    text: each file is one document (default);\n"
    "                          jsonl: each line {\"id\": ..., \"text\": ...} of the inputs is one\n"
    "                          document, its records carry the id as `doc`\n"
    "      --progress          a progress line on stderr (files, MB, MB/s, ETA) when stderr is\n"
    "                          a terminal\n"
    FX_LIMIT_HELP
    "      --mem-budget N      input bytes parsed or waiting for output at once (default\n"
    "                          1M, or 128K per job if more); a larger document runs alone,\n"
    "                          so peak memory is ~10 MB + 30x max(budget, --piece-size)\n"
    "  -h, --help              this text\n"
    "\n"
    "exit status: 0 all inputs clean; 1 some input had an error (its diagnostic record is in\n"
    "the output, and a line on stderr) but all others were processed, or the output could\n"
    "not be written (disk full); 2 usage error. A reader that goes away (`| head`) ends the\n"
    "run quietly with status 0.\n";

/* ---- progress on a terminal ---- */

typedef struct progress {
    int on;
    size_t files, total_files;   /* total_files 0: unknown (JSON Lines) */
    size_t bytes, total_bytes;   /* total_bytes 0: unknown (a pipe) */
    double t0, last;
} progress;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t size_of(const char *path)
{
    struct stat st;
    if (!strcmp(path, "-")) return fstat(0, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
}

static void progress_start(progress *pg, const fx_inputs *in, fx_input_format fmt)
{
    pg->t0 = pg->last = now();
    pg->total_files = fmt == FX_INPUT_TEXT ? in->n : 0;
    int known = 1;
    for (size_t i = 0; i < in->n; i++) {
        size_t s = size_of(in->v[i].path);
        if (!s && !strcmp(in->v[i].path, "-")) known = 0;
        pg->total_bytes += s;
    }
    if (!known) pg->total_bytes = 0;
}

static void progress_show(progress *pg, int final)
{
    double t = now();
    if (!final && t - pg->last < 0.25) return;
    pg->last = t;
    double el = t - pg->t0, mb = pg->bytes / 1e6, rate = el > 0 ? mb / el : 0;
    char bar[24] = "", count[48], eta[32] = "";
    double frac = pg->total_bytes ? (double)pg->bytes / (double)pg->total_bytes : -1;
    if (frac > 1) frac = 1;
    if (frac >= 0) {
        int w = 20, k = (int)(frac * w);
        for (int i = 0; i < w; i++) bar[i] = i < k ? '#' : '.';
        bar[w] = 0;
        if (!final && rate > 0) {
            long s = (long)((pg->total_bytes / 1e6 - mb) / rate);
            snprintf(eta, sizeof eta, "  ETA %ld:%02ld", s / 60, s % 60);
        }
    }
    if (pg->total_files) snprintf(count, sizeof count, "%zu/%zu files", pg->files, pg->total_files);
    else snprintf(count, sizeof count, "%zu docs", pg->files);
    if (frac >= 0)
        fprintf(stderr, "\r[%s] %3.0f%%  %s  %.1f/%.1f MB  %.1f MB/s%s\033[K", bar, frac * 100, count, mb,
                pg->total_bytes / 1e6, rate, eta);
    else
        fprintf(stderr, "\r%s  %.1f MB  %.1f MB/s\033[K", count, mb, rate);
    if (final) fputc('\n', stderr);
    fflush(stderr);
}

/* ---- output, one document at a time, in order ---- */

typedef struct { fx_out *out; progress *pg; } ctx_t;

static int on_doc(void *user, const fx_doc_result *d)
{
    ctx_t *c = user;
    if (d->partial) /* a piece of a large document: records only */
        return d->jsonl_len && !fx_out_line(c->out, d->jsonl, d->jsonl_len - 1);
    /* error diagnostics also go to stderr, each as "fiscx: doc: message" */
    for (const char *p = d->errors, *e = p + d->errors_len; p < e;) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(e - p);
        if (c->pg->on) fputs("\r\033[K", stderr);
        fprintf(stderr, "fiscx: %.*s\n", (int)n, p);
        p += n + 1;
    }
    if (c->pg->on) {
        c->pg->files++;
        c->pg->bytes += d->src_bytes;
        progress_show(c->pg, 0);
    }
    if (!d->jsonl_len) return 0;
    /* the buffer ends in '\n': write all but it as one line */
    return fx_out_line(c->out, d->jsonl, d->jsonl_len - 1) ? 0 : 1;
}

int fx_cmd_extract(int argc, char **argv)
{
    static const struct option LONG[] = {
        {"output", required_argument, 0, 'o'}, {"jobs", required_argument, 0, 'j'},
        {"input-format", required_argument, 0, 'F'}, {"progress", no_argument, 0, 'P'},
        FX_LIMIT_OPTIONS, {"mem-budget", required_argument, 0, 'B'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    fx_opts opts;
    fx_opts_default(&opts);
    fx_jobs_opts jo;
    fx_jobs_opts_default(&jo);
    const char *output = NULL;
    int want_progress = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:h", LONG, NULL)) != -1) {
        size_t v;
        switch (c) {
        case 'o': output = optarg; break;
        case 'j': if (!fx_parse_size(optarg, &v) || !v || v > 1024) goto bad; jo.n_jobs = (int)v; break;
        case 'F':
            if (!strcmp(optarg, "text")) jo.format = FX_INPUT_TEXT;
            else if (!strcmp(optarg, "jsonl")) jo.format = FX_INPUT_JSONL;
            else goto bad;
            break;
        case 'P': want_progress = 1; break;
        case 'D': case 'L': case 'M': case 'Z': if (fx_limit_option(c, optarg, &opts) < 0) goto bad; break;
        case 'B': if (!fx_parse_size(optarg, &v) || !v) goto bad; jo.mem_budget = v; break;
        case 'h': fputs(HELP, stdout); return 0;
        default: fputs(HELP, stderr); return 2;
        }
    }
    /* Each document allocates and frees a few buffers of its size. Keep freed memory
     * instead of handing it back to the kernel and faulting it in again for the next one
     * (that cost a third of the run time); the budget bounds what is kept. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);

    fx_inputs in = {0};
    fx_inputs_collect(&in, argv + optind, argc - optind);
    fx_out out;
    if (!fx_out_open(&out, output)) { fx_inputs_free(&in); return 1; }
    progress pg = {0};
    pg.on = want_progress && isatty(2);
    if (pg.on) progress_start(&pg, &in, jo.format);
    ctx_t ctx = {&out, &pg};
    int rc = fx_run_jobs(&opts, &jo, &in, on_doc, &ctx);
    if (pg.on) progress_show(&pg, 1);
    fx_inputs_free(&in);
    int status = rc == 1 ? 1 : 0;
    if (!fx_out_close(&out)) status = 1;
    return status;
bad:
    fprintf(stderr, "fiscx extract: bad value for option: %s\n%s", optarg, HELP);
    return 2;
}

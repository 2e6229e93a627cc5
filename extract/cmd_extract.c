/* fiscx extract: every input's records as JSON Lines. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "usage: fiscx extract [OPTIONS] [PATH...]\n"
    "\n"
    "Write the records of each input (files; directories, recursively: *.txt and files\n"
    "without extension, sorted by path; `-` or nothing: stdin) as JSON Lines, schema " FISCX_SCHEMA ".\n"
    "\n"
    "  -o, --output FILE       write to FILE instead of stdout\n"
    "      --max-doc-size N    refuse documents over N bytes (default 64M; K/M/G suffixes)\n"
    "      --max-line N        lines over N bytes are not matched by the patterns (default 64K)\n"
    "      --match-limit N     PCRE2 match limit per match (default 1000000)\n"
    "  -h, --help              this text\n"
    "\n"
    "exit status: 0 all inputs clean; 1 some input had an error (its diagnostic record is in\n"
    "the output, and a line on stderr) but all others were processed; 2 usage error.\n";

typedef struct { fx_out *out; } ctx_t;

static int on_record(void *user, const fx_record *r)
{
    ctx_t *c = user;
    size_t n;
    const char *json = fx_record_json(r, &n);
    if (!strcmp(fx_record_type(r), "diagnostic")) {
        const char *sev = fx_record_get(r, "severity");
        if (sev && !strcmp(sev, "error"))
            fprintf(stderr, "fiscx: %s: %s\n", fx_record_get(r, "doc"), fx_record_get(r, "message"));
    }
    return fx_out_line(c->out, json, n) ? 0 : 1;
}

int fx_cmd_extract(int argc, char **argv)
{
    static const struct option LONG[] = {
        {"output", required_argument, 0, 'o'}, {"max-doc-size", required_argument, 0, 'D'},
        {"max-line", required_argument, 0, 'L'}, {"match-limit", required_argument, 0, 'M'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    fx_opts opts;
    fx_opts_default(&opts);
    const char *output = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", LONG, NULL)) != -1) {
        size_t v;
        switch (c) {
        case 'o': output = optarg; break;
        case 'D': if (!fx_parse_size(optarg, &v) || !v) goto bad; opts.max_doc_bytes = v; break;
        case 'L': if (!fx_parse_size(optarg, &v) || !v) goto bad; opts.max_line_bytes = v; break;
        case 'M': if (!fx_parse_size(optarg, &v) || !v) goto bad; opts.match_limit = (uint32_t)v; break;
        case 'h': fputs(HELP, stdout); return 0;
        default: fputs(HELP, stderr); return 2;
        }
    }
    fx_inputs in = {0};
    fx_inputs_collect(&in, argv + optind, argc - optind);
    fx_out out;
    if (!fx_out_open(&out, output)) { fx_inputs_free(&in); return 1; }
    ctx_t ctx = {&out};
    int status = 0;
    for (size_t i = 0; i < in.n && !out.closed && !out.failed; i++) {
        int rc = fx_run_input(&opts, &in.v[i], on_record, &ctx);
        if (rc == 1) status = 1;
    }
    fx_inputs_free(&in);
    if (!fx_out_close(&out)) status = 1;
    if (out.closed) status = status ? status : 0;
    return status;
bad:
    fprintf(stderr, "fiscx extract: bad value for option: %s\n%s", optarg, HELP);
    return 2;
}

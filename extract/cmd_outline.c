/* fiscx outline: the section tree of each input as indented text, for people. It runs the
 * library like any user: a parser per document and a callback that keeps the sections. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "usage: fiscx outline [OPTIONS] [PATH...]\n"
    "\n"
    "Print the section tree of each input (files; directories, recursively; `-` or nothing:\n"
    "stdin): one heading per line, indented two spaces per level, marker and title, and the\n"
    "line of the input it is on. Tables of contents and numbered list items are not headings.\n"
    "\n"
    "  -h, --help   this text\n"
    "\n"
    "exit status: 0 all inputs read; 1 some input could not be read or decoded; 2 usage error.\n";

typedef struct {
    fx_out *out;
    const char *path;
    bool header;     /* print the path before the tree (more than one input) */
    bool failed;     /* the output went away */
} outline_ctx;

/* "line" is a common field, not a record field: read it from the JSON line (a `,"line":`
 * sequence cannot occur inside an escaped string value) */
static long json_line(const fx_record *r)
{
    size_t n;
    const char *j = fx_record_json(r, &n);
    const char *p = strstr(j, ",\"line\":");
    return p ? strtol(p + 8, NULL, 10) : 0;
}

static int on_record(void *user, const fx_record *r)
{
    outline_ctx *c = user;
    const char *type = fx_record_type(r);
    if (!strcmp(type, "diagnostic")) {
        const char *sev = fx_record_get(r, "severity");
        if (sev && !strcmp(sev, "error"))
            fprintf(stderr, "fiscx: %s\n", fx_record_get(r, "message") ? fx_record_get(r, "message") : c->path);
        return 0;
    }
    if (strcmp(type, "section")) return 0;
    const char *lv = fx_record_get(r, "level");
    int level = lv ? atoi(lv) : 1;
    if (level < 1) level = 1;
    if (level > 6) level = 6;
    const char *marker = fx_record_get(r, "marker"), *title = fx_record_get(r, "title");
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    if (!m) abort();
    fprintf(m, "%*s%s%s%s  (line %ld)", 2 * (level - 1), "", marker ? marker : "",
            marker && (level == 1 || (*marker >= '0' && *marker <= '9')) ? " " : "", title ? title : "", json_line(r));
    fclose(m);
    bool ok = fx_out_line(c->out, line, len);
    free(line);
    if (!ok) { c->failed = true; return 1; }
    return 0;
}

int fx_cmd_outline(int argc, char **argv)
{
    static const struct option LONG[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", LONG, NULL)) != -1) {
        if (ch == 'h') { fputs(HELP, stdout); return 0; }
        fputs(HELP, stderr);
        return 2;
    }
    fx_opts opts;
    fx_opts_default(&opts);
    fx_inputs in = {0};
    fx_inputs_collect(&in, argv + optind, argc - optind);
    fx_out out;
    if (!fx_out_open(&out, NULL)) { fx_inputs_free(&in); return 1; }
    int status = 0;
    for (size_t i = 0; i < in.n; i++) {
        outline_ctx c = {&out, in.v[i].path, in.n > 1, false};
        if (c.header) {
            char *h = NULL;
            size_t hl = 0;
            FILE *m = open_memstream(&h, &hl);
            if (!m) abort();
            fprintf(m, "%s== %s", i ? "\n" : "", in.v[i].path);
            fclose(m);
            bool ok = fx_out_line(&out, h, hl);
            free(h);
            if (!ok) break;
        }
        int rc = fx_run_input(&opts, &in.v[i], on_record, &c);
        if (rc == 1) status = 1;
        if (c.failed || rc == 2) break;
    }
    fx_inputs_free(&in);
    if (!fx_out_close(&out)) status = 1;
    return status;
}

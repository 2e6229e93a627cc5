/* fiscx check: the consistency checks of each input as a report for people: one line per
 * failed check with its numbers and where they are (record ids, raw line numbers), then a
 * count. Exit 0 when nothing fails, 1 when a check fails (or an input has an error), 2 usage. */
#include "cli.h"
#include "emit.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "usage: fiscx check [OPTIONS] [PATH...]\n"
    "\n"
    "Run the consistency checks (勾稽: table totals, code hierarchy, 总表 balances, figures\n"
    "across tables, shares/changes/completion ratios in the text, 绩效 scores; see docs/checks.md)\n"
    "on each input and print one line per failed check with its numbers and where they are,\n"
    "then a count.\n"
    "\n"
    "  -a, --all               also print the checks that pass or were skipped\n"
    "  -o, --output FILE       write to FILE instead of stdout\n"
    "  -h, --help              this text\n"
    "\n"
    "exit status: 0 no check failed; 1 a check failed or an input had an error; 2 usage error.\n";

typedef struct { long line; char *id; } idline;

typedef struct {
    fx_out *out;
    bool all;
    long pass, fail, skip, docs_failed;
    long doc_fail;
    idline *ids; size_t nids, cap;   /* record id -> raw line, for the current document */
    bool sorted;
} ctx_t;

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const idline *)a)->id, ((const idline *)b)->id);
}

/* checks come after every record with a line: the ids are sorted once, then searched */
static long line_of(ctx_t *c, const char *id)
{
    if (!c->sorted) { qsort(c->ids, c->nids, sizeof *c->ids, cmp_id); c->sorted = true; }
    idline key = {0, (char *)id};
    const idline *hit = bsearch(&key, c->ids, c->nids, sizeof *c->ids, cmp_id);
    return hit ? hit->line : 0;
}

static void forget(ctx_t *c)
{
    for (size_t i = 0; i < c->nids; i++) free(c->ids[i].id);
    c->nids = 0;
    c->sorted = false;
}

static int on_record(void *user, const fx_record *r)
{
    ctx_t *c = user;
    const char *type = fx_record_type(r);
    if (!strcmp(type, "document")) { forget(c); c->doc_fail = 0; return 0; }
    if (r->rec->line > 0) {
        if (c->nids == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 256;
            idline *v = realloc(c->ids, c->cap * sizeof *v);
            if (!v) abort();
            c->ids = v;
        }
        c->ids[c->nids].line = r->rec->line;
        c->ids[c->nids].id = strdup(r->rec->id);
        c->nids++;
        c->sorted = false;
    }
    if (!strcmp(type, "diagnostic")) {
        const char *sev = fx_record_get(r, "severity");
        if (sev && !strcmp(sev, "error"))
            fprintf(stderr, "fiscx: %s: %s\n", fx_record_get(r, "doc"), fx_record_get(r, "message"));
        return 0;
    }
    if (!strcmp(type, "summary")) {
        if (c->doc_fail) c->docs_failed++;
        return 0;
    }
    if (strcmp(type, "check")) return 0;
    const char *st = fx_record_get(r, "status");
    bool failed = st && !strcmp(st, "fail");
    if (failed) { c->fail++; c->doc_fail++; }
    else if (st && !strcmp(st, "pass")) c->pass++;
    else c->skip++;
    if (!failed && !c->all) return 0;
    fx_buf b = {0};
    fx_buf_printf(&b, "%s: %s %s: %s", fx_record_get(r, "doc"), st ? st : "?", fx_record_get(r, "rule"),
                  fx_record_get(r, "message"));
    const char *tol = fx_record_get(r, "tolerance");
    if (tol) fx_buf_printf(&b, " [tolerance %s]", tol);
    const fx_val *refs = fx_get(r->rec, "refs");
    if (refs && refs->k == FXV_LIST && refs->n) {
        fx_buf_puts(&b, " (at");
        int k = 0;
        for (const fx_kv *kv = refs->head; kv; kv = kv->next) {
            if (kv->v.k != FXV_STR) continue;
            long line = line_of(c, kv->v.s);
            if (k++ >= 8) { fx_buf_puts(&b, " …"); break; }
            if (line) fx_buf_printf(&b, " %s line %ld", kv->v.s, line);
            else fx_buf_printf(&b, " %s", kv->v.s);
            if (kv->next) fx_buf_putc(&b, ',');
        }
        fx_buf_putc(&b, ')');
    }
    bool ok = fx_out_line(c->out, b.p, b.n);
    fx_buf_free(&b);
    return ok ? 0 : 1;
}

int fx_cmd_check(int argc, char **argv)
{
    static const struct option LONG[] = {
        {"all", no_argument, 0, 'a'}, {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    fx_opts opts;
    fx_opts_default(&opts);
    const char *output = NULL;
    ctx_t ctx = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ao:h", LONG, NULL)) != -1) {
        switch (c) {
        case 'a': ctx.all = true; break;
        case 'o': output = optarg; break;
        case 'h': fputs(HELP, stdout); return 0;
        default: fputs(HELP, stderr); return 2;
        }
    }
    fx_inputs in = {0};
    fx_inputs_collect(&in, argv + optind, argc - optind);
    fx_out out;
    if (!fx_out_open(&out, output)) { fx_inputs_free(&in); return 1; }
    ctx.out = &out;
    int status = 0;
    for (size_t i = 0; i < in.n && !out.closed && !out.failed; i++) {
        int rc = fx_run_input(&opts, &in.v[i], on_record, &ctx);
        if (rc == 1) status = 1;
    }
    fx_buf b = {0};
    fx_buf_printf(&b, "%ld check%s failed, %ld passed, %ld skipped in %zu document%s",
                  ctx.fail, ctx.fail == 1 ? "" : "s", ctx.pass, ctx.skip, in.n, in.n == 1 ? "" : "s");
    if (ctx.docs_failed) fx_buf_printf(&b, " (%ld with failures)", ctx.docs_failed);
    if (!out.closed) fx_out_line(&out, b.p, b.n);
    fx_buf_free(&b);
    forget(&ctx);
    free(ctx.ids);
    fx_inputs_free(&in);
    if (!fx_out_close(&out)) status = 1;
    if (ctx.fail) status = 1;
    return status;
}

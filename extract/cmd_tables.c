/* fiscx tables FILE... [--csv DIR]: the tables of reports, readable, or one CSV file per table. */
#include "cli.h"
#include "emit_csv.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "usage: fiscx tables [--csv DIR] [PATH...]\n"
    "\n"
    "Print the tables of each report (title, code, unit, issuer, columns, rows), or with\n"
    "--csv write one CSV file per table into DIR (UTF-8 with BOM, RFC 4180), named by the\n"
    "table's code (公开01表) or title; with several inputs the names start with the input's\n"
    "file name. Values are as printed, in the table's unit.\n"
    "\n"
    "  --csv DIR     write CSV files into DIR (created if missing)\n"
    "  -h, --help    this text\n"
    "\n"
    "exit status: 0 done; 1 an input had an error or a file could not be written; 2 usage.\n";

static int on_record(void *user, const fx_record *r)
{
    fx_csv_add(user, r);
    return 0;
}

static char *prefix_of(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    const char *dot = strrchr(b, '.');
    if (dot && dot != b) n = (size_t)(dot - b);
    char *p = malloc(n + 2);
    memcpy(p, b, n);
    p[n] = '_';
    p[n + 1] = 0;
    return p;
}

int fx_cmd_tables(int argc, char **argv)
{
    static const struct option LONG[] = {{"csv", required_argument, 0, 'c'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *dir = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", LONG, NULL)) != -1) {
        switch (c) {
        case 'c': dir = optarg; break;
        case 'h': fputs(HELP, stdout); return 0;
        default: fputs(HELP, stderr); return 2;
        }
    }
    fx_opts opts;
    fx_opts_default(&opts);
    fx_inputs in = {0};
    fx_inputs_collect(&in, argv + optind, argc - optind);
    int status = 0;
    for (size_t i = 0; i < in.n; i++) {
        fx_csv *t = fx_csv_new();
        if (fx_run_input(&opts, &in.v[i], on_record, t) == 1) status = 1;
        if (dir) {
            char *prefix = in.n > 1 ? prefix_of(in.v[i].path) : strdup("");
            if (fx_csv_write_dir(t, dir, prefix)) status = 1;
            free(prefix);
        } else {
            if (in.n > 1) printf("# %s\n", in.v[i].path);
            if (fx_csv_print(t, stdout)) status = 1;
        }
        fx_csv_free(t);
    }
    fx_inputs_free(&in);
    if (fflush(stdout)) status = 1;
    return status;
}

/* What the CLI commands share: input discovery, reading a document into a parser, and a
 * checked buffered output. Kept out of the library (fiscx.h): this is the program's. */
#ifndef FX_CLI_H
#define FX_CLI_H

#include "fiscx.h"
#include <stdbool.h>
#include <stdio.h>

/* ---- inputs ---- */
typedef struct fx_input {
    char *path;      /* as given or found; "-" for stdin */
    char *error;     /* set when the path cannot be used (does not exist, unreadable dir) */
} fx_input;
typedef struct { fx_input *v; size_t n, cap; } fx_inputs;

/* Expand paths: files as given, directories recursively (`*.txt` and files without an
 * extension, sorted by path), "-" or nothing for stdin. */
void fx_inputs_collect(fx_inputs *in, char **paths, int n);
void fx_inputs_free(fx_inputs *in);

/* Feed one input to a new parser and finish it; returns fx_parser_finish's status. */
int fx_run_input(const fx_opts *opts, const fx_input *in, fx_record_cb cb, void *user);
/* Read one input into a parser (an unreadable input becomes its I/O error). */
void fx_feed_input(fx_parser *p, const fx_input *in);

/* ---- output ---- */
typedef struct fx_out {
    FILE *f;
    const char *name;
    bool failed;     /* a write failed (disk full...) */
    bool closed;     /* the reader went away (EPIPE): stop quietly */
} fx_out;

bool fx_out_open(fx_out *o, const char *path); /* NULL or "-" for stdout */
/* write a line (adds '\n'); false once the output cannot take more */
bool fx_out_line(fx_out *o, const char *s, size_t n);
/* flush and close; false (with a message on stderr) if anything was lost */
bool fx_out_close(fx_out *o);

/* ---- options shared by the commands ---- */
/* Parse a size like 64M, 512K, 1G, 1000. Returns false on junk. */
bool fx_parse_size(const char *s, size_t *out);
/* The limit options of the commands that parse documents: FX_LIMIT_OPTIONS goes into the
 * getopt_long table, FX_LIMIT_HELP into the help text, and fx_limit_option() takes their
 * codes: 1 taken, 0 not a limit option, -1 a bad value. */
#define FX_LIMIT_OPTIONS                                                                    \
    {"max-doc-size", required_argument, 0, 'D'}, {"max-line", required_argument, 0, 'L'}, \
    {"match-limit", required_argument, 0, 'M'}, {"piece-size", required_argument, 0, 'Z'}
#define FX_LIMIT_HELP                                                                        \
    "      --max-doc-size N    refuse documents over N bytes (default 64M; K/M/G suffixes)\n"  \
    "      --piece-size N      process documents over N bytes in pieces cut at line breaks\n" \
    "                          (default 1M; 0: never): a piece takes about 30x its size in\n"  \
    "                          memory while parsed; sections, tables and checks do not reach\n" \
    "                          across a cut\n"                                                 \
    "      --max-line N        lines over N bytes are not matched by the patterns, with one\n" \
    "                          line-too-long diagnostic each (default 64K)\n"                  \
    "      --match-limit N     PCRE2 match limit per match (default 1000000)\n"
int fx_limit_option(int c, const char *arg, fx_opts *o);

/* commands */
int fx_cmd_extract(int argc, char **argv);
int fx_cmd_normalize(int argc, char **argv);
int fx_cmd_outline(int argc, char **argv);
int fx_cmd_tables(int argc, char **argv);
int fx_cmd_check(int argc, char **argv);
int fx_cmd_ingest(int argc, char **argv);

#endif

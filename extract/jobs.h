/* The parallel runner: N worker threads parse documents; each finished document is handed
 * to one callback, in input order, so the output of --jobs N is byte-identical to --jobs 1.
 * Used by `fiscx extract` and `fiscx ingest`.
 *
 * Documents come from files (one file, one document) or from JSON Lines input (each line
 * `{"id": …, "text": …}` one document, see jsonl_input.c). Memory is bounded: at most a
 * window of documents is in flight, and documents are admitted against a byte budget, so
 * a few large documents run one after the other instead of side by side. */
#ifndef FX_JOBS_H
#define FX_JOBS_H

#include "cli.h"

/* One finished document, as the callback sees it (valid during the call only). */
typedef struct fx_doc_result {
    size_t index;            /* 0-based position in the input */
    const char *doc_id;
    int status;              /* fx_parser_finish's: 0 clean, 1 the input had an error */
    size_t src_bytes;        /* bytes taken from the source (file size, or JSON line length) */
    size_t n_records;
    /* all records as JSON Lines, each '\n'-terminated, in the contract's order; with
     * `partial` set, only the next records of a document whose output is large: more calls
     * for the same document follow (a document first in line writes as it goes instead of
     * holding its whole output), and only the last (partial 0) has status, counts, errors */
    const char *jsonl; size_t jsonl_len;
    int partial;
    /* "doc: message\n" for each diagnostic of severity error (for stderr) */
    const char *errors; size_t errors_len;
    /* the records as views (fx_record_get, fx_record_field_json work on them); NULL
     * unless fx_jobs_opts.views is set */
    const fx_record *const *recs;
} fx_doc_result;

/* Return non-zero to stop: no further document is started or delivered. */
typedef int (*fx_doc_cb)(void *user, const fx_doc_result *doc);

typedef enum { FX_INPUT_TEXT, FX_INPUT_JSONL } fx_input_format;

typedef struct fx_jobs_opts {
    int n_jobs;                  /* worker threads; <= 0: the number of cores */
    fx_input_format format;      /* files are documents, or each line of them is one */
    /* Hand record views to the callback (ingest reads fields). A worker then keeps its
     * document until the callback has run, which costs some parallelism. */
    int views;
    size_t mem_budget;           /* bytes of input in flight at once (0: 1 MiB, or 128 KiB a job) */
} fx_jobs_opts;

void fx_jobs_opts_default(fx_jobs_opts *jo);
int fx_jobs_default_count(void);

/* Process every input; the callback runs once per document, in input order, one call at a
 * time (possibly on a worker thread). Returns 0 all clean, 1 some document had an error,
 * 2 the callback stopped the run. */
int fx_run_jobs(const fx_opts *opts, const fx_jobs_opts *jo, const fx_inputs *in,
                fx_doc_cb cb, void *user);

/* ---- JSON Lines input (jsonl_input.c) ---- */
/* Per-thread reader of `{"id": …, "text": …}` lines (SQLite's JSON functions on a private
 * in-memory database, prepared once). */
typedef struct fx_jsonl fx_jsonl;
fx_jsonl *fx_jsonl_new(void);
void fx_jsonl_free(fx_jsonl *j);
/* Parse one line. On success returns 0 and sets *id (NULL when the line has none) and
 * *text and *text_len (valid until the next call). On a bad line returns -1 with *error set. */
int fx_jsonl_parse(fx_jsonl *j, const char *line, size_t len, const char **id,
                   const char **text, size_t *text_len, const char **error);

#endif

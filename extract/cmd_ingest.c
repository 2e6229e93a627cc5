/* fiscx ingest: store every input's records in an SQLite archive (emit_sqlite.h).
 *
 * Each input is read once: its bytes are hashed and fed to the parser together. A content
 * the archive already holds under that path is not parsed at all, so re-running over a
 * corpus costs little more than reading it. Parsing and storing are separate steps (a
 * batch in between), so parsing can run in worker threads while one writer commits. */
#define _GNU_SOURCE
#include "cli.h"
#include "emit_sqlite.h"
#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char HELP[] =
    "usage: fiscx ingest --db FILE [OPTIONS] [PATH...]\n"
    "\n"
    "Store the records of each input (files; directories, recursively: *.txt and files without\n"
    "extension, sorted by path; `-` or nothing: stdin) in the SQLite archive FILE, created if\n"
    "missing. Schema and example queries: docs/archive.md.\n"
    "\n"
    "Documents are keyed by the SHA-256 of their bytes: a content already stored under the\n"
    "same path is skipped without parsing; a file whose content changed replaces its earlier\n"
    "version; each document is stored in one transaction (WAL mode), so readers may query the\n"
    "archive meanwhile, and an ingest that is killed leaves only whole documents: run it\n"
    "again to complete it.\n"
    "\n"
    "      --db FILE           the archive (required)\n"
    "  -j, --jobs N            parse N documents at a time (default 1); one writer commits\n"
    FX_LIMIT_HELP
    "      --reparse           parse and store again what the archive already holds (after\n"
    "                          upgrading fiscx, or to lift an earlier --max-doc-size refusal)\n"
    "  -q, --quiet             no summary line on stderr\n"
    "      --schema DIALECT    print the DDL (sqlite, or postgresql: views over the JSON Lines\n"
    "                          stream COPYed into a jsonb column; see scripts/pg-load) and exit\n"
    "  -h, --help              this text\n"
    "\n"
    "exit status: 0 all inputs clean; 1 some input had an error (a document with an error\n"
    "diagnostic is stored with it; an unreadable input is not stored) or the archive could\n"
    "not be written; 2 usage error.\n";

typedef struct {
    long added, replaced, linked, unchanged, reparsed, failed;
} stats_t;

/* one input on its way into the archive */
typedef struct job {
    const fx_input *in;
    char sha[65];
    char *error;           /* the input could not be read (not stored) */
    fx_db_state state;
    int had_error;         /* stored version had an error diagnostic */
    fx_batch *batch;       /* parsed records, when the content is new */
    int parse_rc;
} job_t;

/* Read the input, hashing it and feeding a parser; parse only what the archive lacks
 * (force: parse whatever the lookup says). */
static void prepare(const fx_opts *opts, fx_db *db, job_t *j, int force)
{
    const fx_input *in = j->in;
    if (in->error) { j->error = strdup(in->error); return; }
    int fd = strcmp(in->path, "-") ? open(in->path, O_RDONLY | O_CLOEXEC) : 0;
    if (fd < 0) { j->error = strdup(strerror(errno)); return; }
    j->batch = fx_batch_new(in->path);
    fx_parser *p = fx_parser_new(opts, in->path, fx_batch_add, j->batch);
    fx_sha256 h;
    fx_sha256_init(&h);
    enum { CHUNK = 1 << 16 };
    char *buf = malloc(CHUNK);
    if (!buf || !p) abort();
    for (;;) {
        ssize_t k = read(fd, buf, CHUNK);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) { j->error = strdup(strerror(errno)); break; }
        if (k == 0) break;
        fx_sha256_update(&h, buf, (size_t)k);
        fx_parser_feed(p, buf, (size_t)k); /* past --max-doc-size it only counts */
    }
    free(buf);
    if (fd > 0) close(fd);
    fx_sha256_hex(&h, j->sha);
    if (!j->error) {
        /* no connection (a worker could not open one): parse, the store decides */
        j->state = db ? fx_db_lookup(db, in->path, j->sha, &j->had_error) : FX_DB_NEW;
        if (force || j->state == FX_DB_NEW) j->parse_rc = fx_parser_finish(p);
        else { fx_batch_free(j->batch); j->batch = NULL; }
    }
    if (j->error) { fx_batch_free(j->batch); j->batch = NULL; }
    fx_parser_free(p);
}

/* Store a prepared input. false when the archive cannot be written (stop). */
static bool commit(const fx_opts *opts, fx_db *db, job_t *j, bool reparse, stats_t *st, int *status)
{
    if (j->error) {
        fprintf(stderr, "fiscx ingest: %s: %s (not stored)\n", j->in->path, j->error);
        st->failed++;
        *status = 1;
        return true;
    }
    if (j->state == FX_DB_FAIL) { st->failed++; *status = 1; return false; }
    if (j->state == FX_DB_SAME && !reparse) {
        st->unchanged++;
        if (j->had_error) *status = 1;
        return true;
    }
    fx_stored r = fx_db_store(db, j->in->path, j->sha, j->batch, reparse);
    if (r == FX_STORED_NEED_PARSE) {
        /* another process dropped that content since the lookup: parse it after all;
         * stdin cannot be read twice */
        if (!strcmp(j->in->path, "-")) {
            fprintf(stderr, "fiscx ingest: -: changed in the archive meanwhile; not stored\n");
            st->failed++; *status = 1;
            return true;
        }
        fx_batch_free(j->batch);
        j->batch = NULL;
        free(j->error); j->error = NULL;
        prepare(opts, db, j, 1);
        if (j->error || !j->batch) return commit(opts, db, j, reparse, st, status);
        r = fx_db_store(db, j->in->path, j->sha, j->batch, reparse);
    }
    switch (r) {
    case FX_STORED_ADDED: st->added++; break;
    case FX_STORED_REPLACED: st->replaced++; break;
    case FX_STORED_LINKED: st->linked++; break;
    case FX_STORED_UNCHANGED: st->unchanged++; break;
    case FX_STORED_REPARSED: st->reparsed++; break;
    default:
        fprintf(stderr, "fiscx ingest: %s: not stored\n", j->in->path);
        st->failed++; *status = 1;
        return false;
    }
    if (j->batch ? j->parse_rc == 1 : j->had_error) *status = 1;
    if (j->batch && j->parse_rc == 1)
        fprintf(stderr, "fiscx ingest: %s: the input has errors (see its diagnostics)\n", j->in->path);
    return true;
}

static void job_clear(job_t *j)
{
    fx_batch_free(j->batch);
    free(j->error);
    memset(j, 0, sizeof *j);
}

/* returns the number of inputs processed (all, unless the archive could not be written) */
static size_t run_sequential(const fx_opts *opts, fx_db *db, const fx_inputs *in, bool reparse, stats_t *st,
                             int *status)
{
    size_t done = 0;
    for (; done < in->n; done++) {
        job_t j = {.in = &in->v[done]};
        prepare(opts, db, &j, reparse);
        bool ok = commit(opts, db, &j, reparse, st, status);
        job_clear(&j);
        if (!ok) return done + 1;
    }
    return done;
}

/* ---- --jobs N: workers read, hash, look up and parse; the main thread commits in input
 * order. (The runner of `extract --jobs`, jobs.c, reads the files itself: ingest must hash
 * exactly the bytes it parses and skip parsing what the archive holds, so it keeps this
 * small window of its own.) ---- */

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    const fx_opts *opts;
    const char *dbpath;
    const fx_inputs *in;
    job_t *slot;           /* job i lives in slot[i % window] */
    int *ready;
    size_t window, next_claim, next_commit;
    int stop;
    bool reparse;
} pool_t;

static void *worker(void *arg)
{
    pool_t *P = arg;
    char err[512];
    fx_db *rdb = fx_db_open(P->dbpath, true, err, sizeof err); /* lookups only */
    for (;;) {
        pthread_mutex_lock(&P->mu);
        while (!P->stop && P->next_claim < P->in->n && P->next_claim >= P->next_commit + P->window)
            pthread_cond_wait(&P->cv, &P->mu);
        if (P->stop || P->next_claim >= P->in->n) { pthread_mutex_unlock(&P->mu); break; }
        size_t i = P->next_claim++;
        pthread_mutex_unlock(&P->mu);
        job_t j = {.in = &P->in->v[i]};
        prepare(P->opts, rdb, &j, P->reparse);
        pthread_mutex_lock(&P->mu);
        P->slot[i % P->window] = j;
        P->ready[i % P->window] = 1;
        pthread_cond_broadcast(&P->cv);
        pthread_mutex_unlock(&P->mu);
    }
    fx_db_close(rdb);
    return NULL;
}

/* returns the number of inputs processed */
static size_t run_parallel(const fx_opts *opts, fx_db *db, const char *dbpath, const fx_inputs *in,
                           size_t jobs, bool reparse, stats_t *st, int *status)
{
    pool_t P = {.opts = opts, .dbpath = dbpath, .in = in, .window = 2 * jobs, .reparse = reparse};
    pthread_mutex_init(&P.mu, NULL);
    pthread_cond_init(&P.cv, NULL);
    P.slot = calloc(P.window, sizeof *P.slot);
    P.ready = calloc(P.window, sizeof *P.ready);
    pthread_t *t = calloc(jobs, sizeof *t);
    if (!P.slot || !P.ready || !t) abort();
    size_t started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&t[started], NULL, worker, &P) != 0) break;
    size_t done = 0;
    if (!started) done = run_sequential(opts, db, in, reparse, st, status); /* no threads to be had */
    for (; started && done < in->n; done++) {
        pthread_mutex_lock(&P.mu);
        while (!P.ready[done % P.window]) pthread_cond_wait(&P.cv, &P.mu);
        job_t j = P.slot[done % P.window];
        pthread_mutex_unlock(&P.mu);
        bool ok = commit(opts, db, &j, reparse, st, status);
        job_clear(&j);
        pthread_mutex_lock(&P.mu);
        P.ready[done % P.window] = 0;
        P.next_commit++;
        if (!ok) P.stop = 1;
        pthread_cond_broadcast(&P.cv);
        pthread_mutex_unlock(&P.mu);
        if (!ok) { done++; break; }
    }
    for (size_t i = 0; i < started; i++) pthread_join(t[i], NULL);
    for (size_t i = 0; i < P.window; i++) /* parsed but not committed after a stop */
        if (P.ready[i]) job_clear(&P.slot[i]);
    free(t); free(P.slot); free(P.ready);
    pthread_cond_destroy(&P.cv);
    pthread_mutex_destroy(&P.mu);
    return done;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int fx_cmd_ingest(int argc, char **argv)
{
    static const struct option LONG[] = {
        {"db", required_argument, 0, 'd'}, {"jobs", required_argument, 0, 'j'},
        FX_LIMIT_OPTIONS, {"quiet", no_argument, 0, 'q'},
        {"schema", required_argument, 0, 'S'}, {"reparse", no_argument, 0, 'R'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    fx_opts opts;
    fx_opts_default(&opts);
    const char *dbpath = NULL;
    size_t jobs = 1;
    bool quiet = false, reparse = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "j:qh", LONG, NULL)) != -1) {
        size_t v;
        switch (c) {
        case 'd': dbpath = optarg; break;
        case 'j': if (!fx_parse_size(optarg, &v) || !v || v > 256) goto bad; jobs = v; break;
        case 'D': case 'L': case 'M': case 'Z': if (fx_limit_option(c, optarg, &opts) < 0) goto bad; break;
        case 'q': quiet = true; break;
        case 'R': reparse = true; break;
        case 'S':
            if (!fx_db_print_schema(stdout, optarg)) goto bad;
            return fflush(stdout) == 0 ? 0 : 1;
        case 'h': fputs(HELP, stdout); return 0;
        default: fputs(HELP, stderr); return 2;
        }
    }
    if (!dbpath || !*dbpath) {
        fprintf(stderr, "fiscx ingest: --db FILE is required\n%s", HELP);
        return 2;
    }
    char err[512];
    fx_db *db = fx_db_open(dbpath, false, err, sizeof err);
    if (!db) { fprintf(stderr, "fiscx ingest: %s\n", err); return 1; }

    fx_inputs in = {0};
    fx_inputs_collect(&in, argv + optind, argc - optind);
    stats_t st = {0};
    int status = 0;
    double t0 = now();
    size_t done = jobs > 1 && in.n > 1 ? run_parallel(&opts, db, dbpath, &in, jobs, reparse, &st, &status)
                                       : run_sequential(&opts, db, &in, reparse, &st, &status);
    double dt = now() - t0;
    if (done < in.n) {
        fprintf(stderr, "fiscx ingest: stopped: %zu of %zu inputs not processed\n", in.n - done, in.n);
        status = 1;
    }
    if (!quiet)
        fprintf(stderr, "fiscx ingest: %zu inputs in %.2f s (%.1f/s): %ld added, %ld replaced, "
                        "%ld linked, %ld unchanged, %ld failed\n",
                done, dt, dt > 0 ? (double)done / dt : 0.0, st.added, st.replaced, st.linked,
                st.unchanged, st.failed);
    if (!quiet && reparse) fprintf(stderr, "fiscx ingest: %ld stored documents read anew (--reparse)\n", st.reparsed);
    fx_inputs_free(&in);
    fx_db_close(db);
    return status;
bad:
    fprintf(stderr, "fiscx ingest: bad value for option: %s\n%s", optarg, HELP);
    return 2;
}

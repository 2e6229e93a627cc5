/* The parallel runner (see jobs.h).
 *
 * Workers take documents in input order under one lock (a file: stat it; JSON Lines: read
 * the next line), parse them unlocked, and deliver. Delivery is in input order and one at a
 * time: a finished document parks its output in a slot, and whichever worker finds the next
 * slot filled delivers every consecutive finished document (no writer thread, no worker
 * blocked behind a slow neighbour). With record views the document must stay alive until
 * its callback, so that worker waits for its turn inside the parser's last callback.
 *
 * Bounds: a document is admitted only while the input bytes in flight (parsed or parked,
 * not yet delivered) stay within the budget, or when nothing else is in flight; and at most
 * `window` documents are past the delivery point. */
#define _GNU_SOURCE
#include "jobs.h"
#include "emit.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void fx_jobs_opts_default(fx_jobs_opts *jo)
{
    memset(jo, 0, sizeof *jo);
    jo->n_jobs = 0;
    jo->format = FX_INPUT_TEXT;
}

int fx_jobs_default_count(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* ---- one document's output, parked until its turn ---- */

typedef struct result {
    int ready;
    size_t index, src_bytes;
    char *doc_id;
    int status;
    size_t n_records;
    fx_buf jsonl, errors;
} result;

static void result_clear(result *r)
{
    free(r->doc_id);
    fx_buf_free(&r->jsonl);
    fx_buf_free(&r->errors);
    memset(r, 0, sizeof *r);
}

/* ---- the shared state ---- */

typedef struct jsonl_src {
    size_t input;          /* index into in->v of the file being read */
    int fd;                /* -1: not open */
    char *buf; size_t beg, end, cap;
    int eof;
    long lineno;
} jsonl_src;

typedef struct runner {
    const fx_opts *opts;
    const fx_jobs_opts *jo;
    const fx_inputs *in;
    fx_doc_cb cb;
    void *user;

    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t taken;          /* documents handed to workers */
    size_t next;           /* next document to deliver */
    size_t inflight;       /* input bytes admitted and not yet delivered */
    size_t budget;
    size_t window;
    int delivering;        /* a worker is running the callback */
    int admitting;         /* a worker waits for budget: the next document must wait too */
    int stopped;           /* the callback asked to stop */
    int any_error;
    int exhausted;         /* no more documents */
    result *slots;         /* window entries, by index % window */
    jsonl_src js;
} runner;

/* What a worker takes: everything needed to parse it without the lock. */
typedef struct item {
    size_t index;
    size_t src_bytes;
    const fx_input *file;  /* a file document */
    char *line; size_t line_len; /* a JSON Lines document (malloc'd) */
    char *fallback_id;     /* JSON Lines: `path:line` for a line without an id */
    const char *error;     /* JSON Lines: cannot read the source (static or input's) */
    char *error_own;
} item;

/* ---- reading JSON Lines sources (under the lock) ---- */

static size_t max_line(const runner *R)
{
    /* JSON escapes may double the text (\uXXXX for each CJK character) */
    size_t m = R->opts->max_doc_bytes;
    return m > ((size_t)-1 - 65536) / 2 ? (size_t)-1 : m * 2 + 65536;
}

/* Fill the buffer; returns bytes added, 0 at end of file, -1 on error (errno). */
static ssize_t js_fill(jsonl_src *s)
{
    if (s->beg > 0 && s->beg == s->end) s->beg = s->end = 0;
    if (s->end == s->cap) {
        if (s->beg > 0) {
            memmove(s->buf, s->buf + s->beg, s->end - s->beg);
            s->end -= s->beg; s->beg = 0;
        }
        if (s->end == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 1 << 16;
            char *b = realloc(s->buf, cap);
            if (!b) abort();
            s->buf = b; s->cap = cap;
        }
    }
    for (;;) {
        ssize_t k = read(s->fd, s->buf + s->end, s->cap - s->end);
        if (k < 0 && errno == EINTR) continue;
        if (k > 0) s->end += (size_t)k;
        return k;
    }
}

static void js_close(jsonl_src *s)
{
    if (s->fd > 0) close(s->fd);
    s->fd = -1;
    s->beg = s->end = 0;
    s->eof = 0;
    s->lineno = 0;
}

/* Next non-blank line of the JSON Lines inputs into *it. Returns 0 when there is none. */
static int js_next(runner *R, item *it)
{
    jsonl_src *s = &R->js;
    const fx_inputs *in = R->in;
    for (;;) {
        if (s->input >= in->n) return 0;
        const fx_input *f = &in->v[s->input];
        if (s->fd < 0) {
            if (f->error) { it->error = f->error; it->file = f; s->input++; return 1; }
            s->fd = strcmp(f->path, "-") ? open(f->path, O_RDONLY | O_CLOEXEC) : 0;
            if (s->fd < 0) {
                it->error_own = strdup(strerror(errno));
                it->error = it->error_own;
                it->file = f;
                s->input++;
                return 1;
            }
            s->lineno = 0;
        }
        /* find the end of the line, reading more as needed; an over-long line is skipped */
        size_t limit = max_line(R), skipped = 0, scan = s->beg;
        char *nl = NULL;
        for (;;) {
            nl = s->end > scan ? memchr(s->buf + scan, '\n', s->end - scan) : NULL;
            if (nl || s->eof) break;
            if (s->end - s->beg > limit) { /* drop what we have, remember the length */
                skipped += s->end - s->beg;
                s->beg = s->end = 0;
            }
            scan = s->end;
            size_t keep = scan - s->beg;
            ssize_t k = js_fill(s);
            scan = s->beg + keep;
            if (k < 0) {
                it->error_own = strdup(strerror(errno));
                it->error = it->error_own;
                it->file = f;
                js_close(s);
                s->input++;
                return 1;
            }
            if (k == 0) s->eof = 1;
        }
        if (!nl && s->beg == s->end && !skipped) { /* end of this input */
            js_close(s);
            s->input++;
            continue;
        }
        size_t len = nl ? (size_t)(nl - (s->buf + s->beg)) : s->end - s->beg;
        const char *line = s->buf + s->beg;
        s->beg += len + (nl ? 1 : 0);
        s->lineno++;
        size_t total = skipped + len;
        if (!skipped) {
            size_t t = len;
            while (t > 0 && (line[t - 1] == '\r' || line[t - 1] == ' ' || line[t - 1] == '\t')) t--;
            size_t b = 0;
            while (b < t && (line[b] == ' ' || line[b] == '\t')) b++;
            if (b == t) continue; /* blank lines are not documents */
        }
        it->src_bytes = total + (nl ? 1 : 0);
        if (asprintf(&it->fallback_id, "%s:%ld", f->path, s->lineno) < 0) abort();
        if (skipped || total > limit) {
            if (asprintf(&it->error_own, "JSON Lines record of %zu bytes is over the limit of %zu bytes "
                         "(twice --max-doc-size); not processed", total, limit) < 0) abort();
            it->error = it->error_own;
        } else {
            it->line = malloc(len + 1);
            if (!it->line) abort();
            memcpy(it->line, line, len);
            it->line[len] = 0;
            it->line_len = len;
        }
        return 1;
    }
}

/* ---- taking the next document (under the lock) ---- */

static size_t file_size(const fx_input *f)
{
    struct stat st;
    if (f->error || !strcmp(f->path, "-") || stat(f->path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    return (size_t)st.st_size;
}

/* Wait until the next document may start and take it. Returns 0 when there is none. */
static int take(runner *R, item *it)
{
    memset(it, 0, sizeof *it);
    pthread_mutex_lock(&R->mu);
    for (;;) {
        if (R->stopped || R->exhausted) { pthread_mutex_unlock(&R->mu); return 0; }
        if (!R->admitting && R->taken < R->next + R->window) break;
        pthread_cond_wait(&R->cv, &R->mu);
    }
    int got;
    if (R->jo->format == FX_INPUT_JSONL) {
        got = js_next(R, it);
    } else {
        got = R->taken < R->in->n;
        if (got) { it->file = &R->in->v[R->taken]; it->src_bytes = file_size(it->file); }
    }
    if (!got) { R->exhausted = 1; pthread_cond_broadcast(&R->cv); pthread_mutex_unlock(&R->mu); return 0; }
    it->index = R->taken++;
    /* admission against the budget, in input order (nobody takes the next document
     * meanwhile): what is in flight is all earlier, so it drains and this one gets in */
    size_t cost = it->src_bytes ? it->src_bytes : 1;
    R->admitting = 1;
    while (!R->stopped && R->inflight > 0 && R->inflight + cost > R->budget)
        pthread_cond_wait(&R->cv, &R->mu);
    R->admitting = 0;
    R->inflight += cost;
    pthread_cond_broadcast(&R->cv);
    pthread_mutex_unlock(&R->mu);
    return 1;
}

static void item_free(item *it)
{
    free(it->line); free(it->fallback_id); free(it->error_own);
}

/* ---- a worker ---- */

typedef struct worker {
    runner *R;
    fx_jsonl *jsonl;       /* created on first use: one SQLite connection per thread */
    result res;            /* the document being parsed */
    /* views mode: the records seen so far (alive until fx_parser_finish returns) */
    const fx_rec **recs; size_t *offs; size_t n_recs, cap_recs;
    int delivered;
    int stop;
} worker;

static void release(runner *R, size_t src_bytes)
{
    size_t cost = src_bytes ? src_bytes : 1;
    R->inflight = R->inflight > cost ? R->inflight - cost : 0;
}

/* Deliver parked results from R->next on while they are ready (lock held on entry/exit). */
static void deliver_ready(runner *R)
{
    if (R->delivering) return;
    R->delivering = 1;
    for (;;) {
        result *s = &R->slots[R->next % R->window];
        if (!s->ready || s->index != R->next) break;
        if (!R->stopped) {
            fx_doc_result d = {s->index, s->doc_id, s->status, s->src_bytes, s->n_records,
                               s->jsonl.p ? s->jsonl.p : "", s->jsonl.n, 0,
                               s->errors.p ? s->errors.p : "", s->errors.n, NULL};
            pthread_mutex_unlock(&R->mu);
            int stop = R->cb ? R->cb(R->user, &d) : 0;
            pthread_mutex_lock(&R->mu);
            if (stop) R->stopped = 1;
        }
        release(R, s->src_bytes);
        result_clear(s);
        R->next++;
        pthread_cond_broadcast(&R->cv);
    }
    R->delivering = 0;
}

/* Views mode: wait for this document's turn and run the callback with record views. */
static int deliver_views(worker *w)
{
    runner *R = w->R;
    result *s = &w->res;
    pthread_mutex_lock(&R->mu);
    while (R->next != s->index || R->delivering) pthread_cond_wait(&R->cv, &R->mu);
    R->delivering = 1;
    int stopped = R->stopped;
    pthread_mutex_unlock(&R->mu);
    int stop = 0;
    if (!stopped && R->cb) {
        size_t n = w->recs ? w->n_recs : 0;
        fx_buf *bufs = calloc(n + 1, sizeof *bufs);
        fx_record *views = calloc(n + 1, sizeof *views);
        const fx_record **ptrs = calloc(n + 1, sizeof *ptrs);
        if (!bufs || !views || !ptrs) abort();
        for (size_t i = 0; i < n; i++) {
            /* each view's JSON, NUL-terminated in place of its '\n' */
            size_t a = w->offs[i], e = i + 1 < n ? w->offs[i + 1] - 1 : s->jsonl.n - 1;
            s->jsonl.p[e] = 0;
            bufs[i].p = s->jsonl.p + a; bufs[i].n = e - a;
            views[i].rec = w->recs[i]; views[i].doc_id = s->doc_id; views[i].json = &bufs[i];
            ptrs[i] = &views[i];
        }
        fx_doc_result d = {s->index, s->doc_id, s->status, s->src_bytes, s->n_records,
                           "", 0, 0, s->errors.p ? s->errors.p : "", s->errors.n, ptrs};
        stop = R->cb(R->user, &d);
        for (size_t i = 0; i < n; i++) s->jsonl.p[i + 1 < n ? w->offs[i + 1] - 1 : s->jsonl.n - 1] = '\n';
        free(bufs); free(views); free(ptrs);
    }
    pthread_mutex_lock(&R->mu);
    if (stop) R->stopped = 1;
    release(R, s->src_bytes);
    R->next++;
    R->delivering = 0;
    pthread_cond_broadcast(&R->cv);
    pthread_mutex_unlock(&R->mu);
    w->delivered = 1;
    return stop;
}

/* A document's output grows with its records (~5x its text). When it is the next to be
 * delivered, it need not wait for its end: write what it has in pieces of this size. */
enum { STREAM_PIECE = 1 << 16 };

/* If this document is first in line and nobody is delivering, hand its output so far to
 * the callback as a partial piece. Returns non-zero when the callback says stop. */
static int stream_piece(worker *w)
{
    runner *R = w->R;
    result *s = &w->res;
    pthread_mutex_lock(&R->mu);
    if (R->next != s->index || R->delivering || R->stopped) {
        int stopped = R->stopped;
        pthread_mutex_unlock(&R->mu);
        return stopped;
    }
    R->delivering = 1;
    pthread_mutex_unlock(&R->mu);
    fx_doc_result d = {s->index, s->doc_id, 0, s->src_bytes, 0, s->jsonl.p, s->jsonl.n, 1,
                       "", 0, NULL};
    int stop = R->cb ? R->cb(R->user, &d) : 0;
    s->jsonl.n = 0;
    pthread_mutex_lock(&R->mu);
    if (stop) R->stopped = 1;
    R->delivering = 0;
    pthread_cond_broadcast(&R->cv);
    pthread_mutex_unlock(&R->mu);
    return stop;
}

static int on_record(void *user, const fx_record *r)
{
    worker *w = user;
    size_t n;
    const char *json = fx_record_json(r, &n);
    if (w->R->jo->views) {
        if (w->n_recs == w->cap_recs) {
            w->cap_recs = w->cap_recs ? w->cap_recs * 2 : 256;
            w->recs = realloc(w->recs, w->cap_recs * sizeof *w->recs);
            w->offs = realloc(w->offs, w->cap_recs * sizeof *w->offs);
            if (!w->recs || !w->offs) abort();
        }
        w->recs[w->n_recs] = r->rec;
        w->offs[w->n_recs] = w->res.jsonl.n;
        w->n_recs++;
    }
    fx_buf_put(&w->res.jsonl, json, n);
    fx_buf_putc(&w->res.jsonl, '\n');
    w->res.n_records++;
    const char *type = fx_record_type(r);
    if (type[0] == 'd' && !strcmp(type, "diagnostic")) {
        const char *sev = fx_record_get(r, "severity");
        if (sev && !strcmp(sev, "error"))
            fx_buf_printf(&w->res.errors, "%s: %s\n", w->res.doc_id, fx_record_get(r, "message"));
    }
    /* the summary is the document's last record: with views, deliver while they live */
    if (w->R->jo->views && !strcmp(type, "summary")) return w->stop = deliver_views(w);
    if (!w->R->jo->views && w->res.jsonl.n >= STREAM_PIECE && stream_piece(w)) return w->stop = 1;
    return 0;
}


static void run_item(worker *w, const item *it)
{
    runner *R = w->R;
    memset(&w->res, 0, sizeof w->res);
    w->n_recs = 0;
    w->delivered = 0;
    const char *id, *text = NULL, *err = it->error;
    size_t text_len = 0;
    char *msg = NULL;
    if (R->jo->format == FX_INPUT_JSONL) {
        const char *jid = NULL;
        if (it->line) {
            if (!w->jsonl) w->jsonl = fx_jsonl_new();
            if (fx_jsonl_parse(w->jsonl, it->line, it->line_len, &jid, &text, &text_len, &err) != 0)
                text = NULL;
        }
        id = jid ? jid : it->fallback_id ? it->fallback_id : it->file->path;
        /* say where a bad line is when its id does not (the message starts with the id) */
        if (err && jid && it->fallback_id) {
            if (asprintf(&msg, "%s: %s", it->fallback_id, err) < 0) abort();
            err = msg;
        }
    } else {
        id = it->file->path;
    }
    w->res.doc_id = strdup(id);
    w->res.index = it->index;
    w->res.src_bytes = it->src_bytes;
    /* record views must all live until the summary: a document is then never cut in pieces
     * (each piece's records are freed once emitted) */
    fx_opts o = *R->opts;
    if (R->jo->views) o.piece_bytes = 0;
    fx_parser *p = fx_parser_new(&o, id, on_record, w);
    if (!p || !w->res.doc_id) abort();
    if (R->jo->format == FX_INPUT_TEXT) fx_feed_input(p, it->file);
    else if (err) fx_parser_io_error(p, err);
    else { fx_parser_expect(p, text_len); fx_parser_feed(p, text, text_len); }
    free(msg);
    int rc = fx_parser_finish(p);
    fx_parser_free(p);
    w->res.status = rc == 2 ? 0 : rc;
}

static void *work(void *arg)
{
    worker *w = arg;
    runner *R = w->R;
    item it;
    while (!w->stop && take(R, &it)) {
        run_item(w, &it);
        item_free(&it);
        if (R->jo->views) {
            if (!w->delivered) deliver_views(w); /* no summary came (cannot happen) */
            pthread_mutex_lock(&R->mu);
            if (w->res.status == 1) R->any_error = 1;
            pthread_mutex_unlock(&R->mu);
            result_clear(&w->res);
            continue;
        }
        pthread_mutex_lock(&R->mu);
        if (w->res.status == 1) R->any_error = 1;
        result *s = &R->slots[w->res.index % R->window];
        *s = w->res;
        s->ready = 1;
        memset(&w->res, 0, sizeof w->res);
        deliver_ready(R);
        pthread_mutex_unlock(&R->mu);
    }
    fx_jsonl_free(w->jsonl);
    free(w->recs); free(w->offs);
    return NULL;
}

int fx_run_jobs(const fx_opts *opts, const fx_jobs_opts *jo, const fx_inputs *in,
                fx_doc_cb cb, void *user)
{
    fx_opts dflt;
    if (!opts) { fx_opts_default(&dflt); opts = &dflt; }
    fx_jobs_opts jdflt;
    if (!jo) { fx_jobs_opts_default(&jdflt); jo = &jdflt; }
    int n = jo->n_jobs > 0 ? jo->n_jobs : fx_jobs_default_count();
    if (n > 256) n = 256;
    runner R = {0};
    R.opts = opts; R.jo = jo; R.in = in; R.cb = cb; R.user = user;
    /* a document costs ~30x its bytes at peak: 1 MiB in flight is ~40 MB */
    R.budget = jo->mem_budget ? jo->mem_budget : (size_t)n << 17 > (size_t)1 << 20 ? (size_t)n << 17 : (size_t)1 << 20;
    R.window = (size_t)n * 2 + 2;
    R.js.fd = -1;
    R.slots = calloc(R.window, sizeof *R.slots);
    if (!R.slots) abort();
    pthread_mutex_init(&R.mu, NULL);
    pthread_cond_init(&R.cv, NULL);

    worker *ws = calloc((size_t)n, sizeof *ws);
    pthread_t *th = calloc((size_t)n, sizeof *th);
    if (!ws || !th) abort();
    int started = 0;
    for (int i = 0; i < n; i++) ws[i].R = &R;
    if (n > 1) {
        pthread_attr_t at;
        pthread_attr_init(&at);
        pthread_attr_setstacksize(&at, 1 << 20);
        for (int i = 1; i < n; i++)
            if (pthread_create(&th[i], &at, work, &ws[i]) == 0) started = i;
            else break;
        pthread_attr_destroy(&at);
    }
    work(&ws[0]); /* the calling thread works too: --jobs 1 is the same code, unthreaded */
    for (int i = 1; i <= started; i++) pthread_join(th[i], NULL);

    for (size_t i = 0; i < R.window; i++) result_clear(&R.slots[i]);
    free(R.slots);
    if (R.js.fd >= 0) js_close(&R.js);
    free(R.js.buf);
    pthread_mutex_destroy(&R.mu);
    pthread_cond_destroy(&R.cv);
    free(ws); free(th);
    return R.stopped ? 2 : R.any_error ? 1 : 0;
}

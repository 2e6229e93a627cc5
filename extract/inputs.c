/* Input discovery and reading for the CLI. */
#define _GNU_SOURCE
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void add(fx_inputs *in, const char *path, const char *error)
{
    if (in->n == in->cap) {
        in->cap = in->cap ? in->cap * 2 : 16;
        in->v = realloc(in->v, in->cap * sizeof *in->v);
        if (!in->v) abort();
    }
    in->v[in->n].path = strdup(path);
    in->v[in->n].error = error ? strdup(error) : NULL;
    in->n++;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* *.txt, or no extension at all */
static bool wanted(const char *name)
{
    if (name[0] == '.') return false;
    const char *dot = strrchr(name, '.');
    return !dot || !strcmp(dot, ".txt");
}

static void walk(fx_inputs *in, const char *dir, int depth)
{
    DIR *dp = opendir(dir);
    if (!dp) { add(in, dir, strerror(errno)); return; }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (n == cap) { cap = cap ? cap * 2 : 64; names = realloc(names, cap * sizeof *names); if (!names) abort(); }
        names[n++] = strdup(e->d_name);
    }
    closedir(dp);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char *p;
        if (asprintf(&p, "%s/%s", dir, names[i]) < 0) abort();
        struct stat st;
        if (stat(p, &st) != 0) { if (wanted(names[i])) add(in, p, strerror(errno)); }
        else if (S_ISDIR(st.st_mode)) { if (depth < 64 && names[i][0] != '.') walk(in, p, depth + 1); }
        else if (S_ISREG(st.st_mode) && wanted(names[i])) add(in, p, NULL);
        free(p);
        free(names[i]);
    }
    free(names);
}

void fx_inputs_collect(fx_inputs *in, char **paths, int n)
{
    if (n == 0) { add(in, "-", NULL); return; }
    for (int i = 0; i < n; i++) {
        if (!strcmp(paths[i], "-")) { add(in, "-", NULL); continue; }
        struct stat st;
        if (stat(paths[i], &st) != 0) { add(in, paths[i], strerror(errno)); continue; }
        if (S_ISDIR(st.st_mode)) {
            size_t len = strlen(paths[i]);
            char *p = strdup(paths[i]);
            while (len > 1 && p[len - 1] == '/') p[--len] = 0;
            walk(in, p, 0);
            free(p);
        } else add(in, paths[i], NULL);
    }
}

void fx_inputs_free(fx_inputs *in)
{
    for (size_t i = 0; i < in->n; i++) { free(in->v[i].path); free(in->v[i].error); }
    free(in->v);
    in->v = NULL; in->n = in->cap = 0;
}

void fx_feed_input(fx_parser *p, const fx_input *in)
{
    if (in->error) { fx_parser_io_error(p, in->error); return; }
    int fd = strcmp(in->path, "-") ? open(in->path, O_RDONLY | O_CLOEXEC) : 0;
    if (fd < 0) { fx_parser_io_error(p, strerror(errno)); return; }
    struct stat st; /* a file's size lets a large one be parsed in pieces as it is read */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) fx_parser_expect(p, (size_t)st.st_size);
    enum { CHUNK = 1 << 16 };
    char *buf = malloc(CHUNK);
    if (!buf) abort();
    for (;;) {
        ssize_t k = read(fd, buf, CHUNK);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) { fx_parser_io_error(p, strerror(errno)); break; }
        if (k == 0) break;
        fx_parser_feed(p, buf, (size_t)k); /* past the limit it only counts the bytes */
    }
    free(buf);
    if (fd > 0) close(fd);
}

int fx_run_input(const fx_opts *opts, const fx_input *in, fx_record_cb cb, void *user)
{
    fx_parser *p = fx_parser_new(opts, in->path, cb, user);
    if (!p) return 1;
    fx_feed_input(p, in);
    int rc = fx_parser_finish(p);
    fx_parser_free(p);
    return rc;
}

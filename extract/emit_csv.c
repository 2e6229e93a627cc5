/* CSV writer for tables. A printed row split into sides (收入 | 支出, the blocks of an
 * economic-classification table) is laid out again as printed, using the table's
 * side_starts; tables whose empty cells the converter dropped (layouts 3 and 4) are written
 * from the rows' values, one column per table column, with an `unplaced` column when some
 * numbers could not be given a column. */
#include "emit_csv.h"
#include "emit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct { char *key, *val; } kv_t;

typedef struct {
    long index;
    char *side;
    char **cells; size_t n_cells;
    char *code, *name;
    kv_t *vals; size_t n_vals;
    char **unplaced; size_t n_unplaced;
} crow_t;

typedef struct {
    char *id, *title, *code, *unit, *issuer, *project, *note;
    char **cols; size_t n_cols;
    kv_t *starts; size_t n_starts;   /* side -> first column */
    long layout;
    crow_t *rows; size_t n_rows, cap_rows;
} ctab_t;

struct fx_csv { ctab_t *t; size_t n, cap; };

static char *dup(const char *s) { return s ? strdup(s) : NULL; }

fx_csv *fx_csv_new(void) { return calloc(1, sizeof(fx_csv)); }

size_t fx_csv_count(const fx_csv *c) { return c->n; }

static char **strings(const fx_val *v, size_t *n)
{
    *n = 0;
    if (!v || v->k != FXV_LIST) return NULL;
    char **out = calloc(v->n + 1, sizeof *out);
    for (const fx_kv *kv = v->head; kv; kv = kv->next) out[(*n)++] = dup(kv->v.k == FXV_STR ? kv->v.s : "");
    return out;
}

static kv_t *pairs(const fx_val *v, size_t *n)
{
    *n = 0;
    if (!v || v->k != FXV_OBJ) return NULL;
    kv_t *out = calloc(v->n + 1, sizeof *out);
    for (const fx_kv *kv = v->head; kv; kv = kv->next) {
        char num[32];
        const char *val = kv->v.k == FXV_STR ? kv->v.s : NULL;
        if (kv->v.k == FXV_INT) { snprintf(num, sizeof num, "%lld", kv->v.i); val = num; }
        out[*n].key = dup(kv->key);
        out[*n].val = dup(val ? val : "");
        (*n)++;
    }
    return out;
}

void fx_csv_add(fx_csv *c, const fx_record *rv)
{
    const fx_rec *r = rv->rec;
    if (!strcmp(r->type, "table")) {
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 16;
            c->t = realloc(c->t, c->cap * sizeof *c->t);
            if (!c->t) abort();
        }
        ctab_t *t = &c->t[c->n++];
        memset(t, 0, sizeof *t);
        t->id = dup(r->id);
        t->title = dup(fx_get_str(r, "title"));
        t->code = dup(fx_get_str(r, "code"));
        t->unit = dup(fx_get_str(r, "unit"));
        t->issuer = dup(fx_get_str(r, "issuer"));
        t->project = dup(fx_get_str(r, "project"));
        t->note = dup(fx_get_str(r, "note"));
        t->layout = fx_get_int(r, "layout", 0);
        t->cols = strings(fx_get(r, "columns"), &t->n_cols);
        t->starts = pairs(fx_get(r, "side_starts"), &t->n_starts);
        return;
    }
    if (strcmp(r->type, "row")) return;
    const char *tid = fx_get_str(r, "table");
    ctab_t *t = NULL;
    for (size_t i = c->n; i-- > 0;) if (tid && !strcmp(c->t[i].id, tid)) { t = &c->t[i]; break; }
    if (!t) return;
    if (t->n_rows == t->cap_rows) {
        t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 32;
        t->rows = realloc(t->rows, t->cap_rows * sizeof *t->rows);
        if (!t->rows) abort();
    }
    crow_t *w = &t->rows[t->n_rows++];
    memset(w, 0, sizeof *w);
    w->index = fx_get_int(r, "index", 0);
    w->side = dup(fx_get_str(r, "side"));
    w->cells = strings(fx_get(r, "cells"), &w->n_cells);
    w->code = dup(fx_get_str(r, "code"));
    w->name = dup(fx_get_str(r, "name"));
    w->vals = pairs(fx_get(r, "values"), &w->n_vals);
    w->unplaced = strings(fx_get(r, "unplaced"), &w->n_unplaced);
}

static void free_strings(char **v, size_t n) { for (size_t i = 0; i < n; i++) free(v[i]); free(v); }
static void free_pairs(kv_t *v, size_t n) { for (size_t i = 0; i < n; i++) { free(v[i].key); free(v[i].val); } free(v); }

void fx_csv_free(fx_csv *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        ctab_t *t = &c->t[i];
        free(t->id); free(t->title); free(t->code); free(t->unit); free(t->issuer); free(t->project); free(t->note);
        free_strings(t->cols, t->n_cols);
        free_pairs(t->starts, t->n_starts);
        for (size_t j = 0; j < t->n_rows; j++) {
            crow_t *w = &t->rows[j];
            free(w->side); free(w->code); free(w->name);
            free_strings(w->cells, w->n_cells);
            free_pairs(w->vals, w->n_vals);
            free_strings(w->unplaced, w->n_unplaced);
        }
        free(t->rows);
    }
    free(c->t);
    free(c);
}

void fx_csv_field(FILE *f, const char *s)
{
    if (!s) s = "";
    size_t n = strlen(s);
    bool q = n && (s[0] == ' ' || s[n - 1] == ' ');
    for (const char *p = s; *p && !q; p++) q = *p == ',' || *p == '"' || *p == '\n' || *p == '\r';
    if (!q) { fputs(s, f); return; }
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"') fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

static void line(FILE *f, char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) fputc(',', f);
        fx_csv_field(f, v[i]);
    }
    fputs("\r\n", f);
}

static long start_of(const ctab_t *t, const char *side)
{
    for (size_t i = 0; side && i < t->n_starts; i++)
        if (!strcmp(t->starts[i].key, side)) return atol(t->starts[i].val);
    return -1;
}

static bool sparse(const ctab_t *t) { return t->layout == 3 || t->layout == 4; }

/* the printed rows of a table: cells laid out per side, or values per column */
static void rows_out(const ctab_t *t, FILE *f, void (*put)(FILE *, char **, size_t))
{
    bool unplaced = false;
    for (size_t j = 0; j < t->n_rows; j++) if (t->rows[j].n_unplaced) unplaced = true;
    size_t width = t->n_cols + (unplaced ? 1 : 0);
    for (size_t j = 0; j < t->n_rows;) {
        size_t k = j;
        while (k < t->n_rows && t->rows[k].index == t->rows[j].index) k++;
        size_t w = width;
        for (size_t q = j; q < k; q++) {
            long s = start_of(t, t->rows[q].side);
            size_t need = (size_t)(s < 0 ? 0 : s) + t->rows[q].n_cells;
            if (!sparse(t) && need > w) w = need;
        }
        char **v = calloc(w + 1, sizeof *v);
        char **own = calloc(k - j + 1, sizeof *own);   /* labels made for this printed row */
        for (size_t q = j; q < k; q++) {
            const crow_t *r = &t->rows[q];
            long s = start_of(t, r->side);
            if (s < 0) s = 0;
            if (!sparse(t)) {
                for (size_t c = 0; c < r->n_cells && (size_t)s + c < w; c++) v[s + c] = r->cells[c];
                continue;
            }
            /* sparse: the label, then each value under its column */
            size_t c0 = (size_t)s;
            if (c0 < w) {
                size_t len = (r->code ? strlen(r->code) + 1 : 0) + (r->name ? strlen(r->name) : 0) + 1;
                char *label = malloc(len);
                snprintf(label, len, "%s%s%s", r->code ? r->code : "", r->code && r->name ? " " : "",
                         r->name ? r->name : "");
                own[q - j] = label;
                v[c0] = label;
            }
            for (size_t a = 0; a < r->n_vals; a++)
                for (size_t c = (size_t)s; c < t->n_cols; c++) {
                    const char *col = t->cols[c];
                    size_t sl = r->side ? strlen(r->side) : 0;
                    bool hit = !strcmp(col, r->vals[a].key) ||
                               (sl && !strncmp(col, r->side, sl) && col[sl] == '/' && !strcmp(col + sl + 1, r->vals[a].key));
                    if (hit) { v[c] = r->vals[a].val; break; }
                }
            if (r->n_unplaced && unplaced) {
                size_t len = 1;
                for (size_t a = 0; a < r->n_unplaced; a++) len += strlen(r->unplaced[a]) + 1;
                char *u = malloc(len);
                u[0] = 0;
                for (size_t a = 0; a < r->n_unplaced; a++) { if (a) strcat(u, " "); strcat(u, r->unplaced[a]); }
                v[width - 1] = u;
                put(f, v, w);
                free(u);
                v[width - 1] = NULL;
                goto next;
            }
        }
        put(f, v, w);
    next:
        for (size_t q = 0; q < k - j; q++) free(own[q]);
        free(own);
        free(v);
        j = k;
    }
}

int fx_csv_write_table(const fx_csv *c, size_t i, FILE *f)
{
    const ctab_t *t = &c->t[i];
    fputs("\xEF\xBB\xBF", f);
    bool unplaced = false;
    for (size_t j = 0; j < t->n_rows; j++) if (t->rows[j].n_unplaced) unplaced = true;
    if (t->n_cols) {
        char **h = calloc(t->n_cols + 2, sizeof *h);
        for (size_t j = 0; j < t->n_cols; j++) h[j] = t->cols[j];
        size_t n = t->n_cols;
        if (unplaced) h[n++] = "unplaced";
        line(f, h, n);
        free(h);
    }
    rows_out(t, f, line);
    return ferror(f) ? -1 : 0;
}

/* a file name from the code or title: no path separators, controls or shell-hostile marks */
static char *file_name(const ctab_t *t, const char *prefix)
{
    const char *base = t->code ? t->code : t->title ? t->title : t->id;
    size_t n = strlen(prefix) + strlen(base) + strlen(t->id) + 16;
    char *s = malloc(n);
    snprintf(s, n, "%s%s", prefix, base);
    for (char *p = s + strlen(prefix); *p; p++)
        if ((unsigned char)*p < 0x20 || strchr("/\\:*?\"<>| ", *p)) *p = '_';
    return s;
}

int fx_csv_write_dir(const fx_csv *c, const char *dir, const char *prefix)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "fiscx tables: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    char **names = calloc(c->n + 1, sizeof *names);
    int rc = 0;
    for (size_t i = 0; i < c->n && !rc; i++) {
        names[i] = file_name(&c->t[i], prefix);
        /* two tables with one name (five 项目支出绩效自评表): add the table id */
        for (size_t j = 0; j < i; j++)
            if (!strcmp(names[j], names[i])) {
                size_t n = strlen(names[i]) + strlen(c->t[i].id) + 2;
                char *s = malloc(n);
                snprintf(s, n, "%s_%s", names[i], c->t[i].id);
                free(names[i]);
                names[i] = s;
                break;
            }
        size_t pn = strlen(dir) + strlen(names[i]) + 8;
        char *path = malloc(pn);
        snprintf(path, pn, "%s/%s.csv", dir, names[i]);
        FILE *f = fopen(path, "wb");
        if (!f) { fprintf(stderr, "fiscx tables: cannot write %s: %s\n", path, strerror(errno)); rc = -1; }
        else {
            if (fx_csv_write_table(c, i, f) || fclose(f)) {
                fprintf(stderr, "fiscx tables: writing %s failed: %s\n", path, strerror(errno));
                rc = -1;
            }
        }
        free(path);
    }
    for (size_t i = 0; i < c->n; i++) free(names[i]);
    free(names);
    return rc;
}

static void text_line(FILE *f, char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) fputs(" | ", f);
        fputs(v[i] ? v[i] : "", f);
    }
    fputc('\n', f);
}

int fx_csv_print(const fx_csv *c, FILE *f)
{
    for (size_t i = 0; i < c->n; i++) {
        const ctab_t *t = &c->t[i];
        fprintf(f, "== %s %s%s%s", t->id, t->code ? t->code : "", t->code ? " " : "", t->title ? t->title : "(untitled)");
        if (t->project) fprintf(f, " [%s]", t->project);
        fputc('\n', f);
        if (t->unit || t->issuer) fprintf(f, "   单位:%s  编制:%s\n", t->unit ? t->unit : "-", t->issuer ? t->issuer : "-");
        if (t->n_cols) text_line(f, t->cols, t->n_cols);
        rows_out(t, f, text_line);
        if (t->note) fprintf(f, "   %s\n", t->note);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

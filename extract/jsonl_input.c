/* JSON Lines input: each line `{"id": …, "text": …}` is one document (an archive's usual
 * export). The JSON is read by SQLite's JSON functions on a private in-memory database,
 * one per thread, with the statement prepared once. */
#define _GNU_SOURCE
#include "jobs.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct fx_jsonl {
    sqlite3 *db;
    sqlite3_stmt *st;
    char *id;               /* the last line's id as text (numbers too) */
    char *scratch;          /* the line without \u0000 escapes */
};

/* SQLite's json_extract ends a string at an escaped NUL (\u0000), which would silently cut
 * the document there. The canonical text drops control characters anyway, so drop those
 * escapes before SQLite sees them. Only a backslash that starts an escape counts. */
static const char *drop_nul_escapes(fx_jsonl *j, const char *line, size_t *len)
{
    if (!memmem(line, *len, "\\u0000", 6)) return line;
    free(j->scratch);
    j->scratch = malloc(*len + 1);
    if (!j->scratch) abort();
    size_t o = 0;
    for (size_t i = 0; i < *len;) {
        if (line[i] != '\\') { j->scratch[o++] = line[i++]; continue; }
        if (*len - i >= 6 && !memcmp(line + i, "\\u0000", 6)) { i += 6; continue; }
        j->scratch[o++] = line[i++];
        if (i < *len) j->scratch[o++] = line[i++];
    }
    *len = o;
    return j->scratch;
}

/* One row: is it a JSON object, the type and value of $.id and of $.text. json_type and
 * json_extract raise an error on malformed JSON, so they run only on valid input. */
static const char SQL[] =
    "SELECT json_valid(?1) AND json_type(?1) = 'object',"
    " CASE WHEN json_valid(?1) AND json_type(?1) = 'object' THEN json_type(?1, '$.id') END,"
    " CASE WHEN json_valid(?1) AND json_type(?1) = 'object' THEN json_extract(?1, '$.id') END,"
    " CASE WHEN json_valid(?1) AND json_type(?1) = 'object' THEN json_type(?1, '$.text') END,"
    " CASE WHEN json_valid(?1) AND json_type(?1) = 'object' THEN json_extract(?1, '$.text') END";

fx_jsonl *fx_jsonl_new(void)
{
    fx_jsonl *j = calloc(1, sizeof *j);
    if (!j) abort();
    /* no shared cache, no mutexes: the connection belongs to one thread */
    if (sqlite3_open_v2(":memory:", &j->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(j->db, SQL, -1, &j->st, NULL) != SQLITE_OK) {
        fprintf(stderr, "fiscx: SQLite: %s\n", j->db ? sqlite3_errmsg(j->db) : "cannot open");
        abort();
    }
    return j;
}

void fx_jsonl_free(fx_jsonl *j)
{
    if (!j) return;
    sqlite3_finalize(j->st);
    sqlite3_close(j->db);
    free(j->id);
    free(j->scratch);
    free(j);
}

int fx_jsonl_parse(fx_jsonl *j, const char *line, size_t len, const char **id,
                   const char **text, size_t *text_len, const char **error)
{
    *id = NULL; *text = NULL; *text_len = 0; *error = NULL;
    free(j->id);
    j->id = NULL;
    sqlite3_reset(j->st);
    line = drop_nul_escapes(j, line, &len);
    if (len > 0x7fffffff) { *error = "line too long"; return -1; }
    /* SQLITE_STATIC: the line outlives the step; the row's values are read before reset */
    sqlite3_bind_text(j->st, 1, line, (int)len, SQLITE_STATIC);
    if (sqlite3_step(j->st) != SQLITE_ROW) {
        *error = "the line cannot be read as JSON";
        return -1;
    }
    if (!sqlite3_column_int(j->st, 0)) {
        *error = "the line is not a JSON object (expected {\"id\": ..., \"text\": ...})";
        return -1;
    }
    const char *idt = (const char *)sqlite3_column_text(j->st, 1);
    if (idt && (!strcmp(idt, "text") || !strcmp(idt, "integer") || !strcmp(idt, "real"))) {
        const char *v = (const char *)sqlite3_column_text(j->st, 2);
        if (v) {
            j->id = strndup(v, (size_t)sqlite3_column_bytes(j->st, 2));
            if (!j->id) abort();
            *id = j->id;
        }
    } else if (idt && strcmp(idt, "null")) {
        *error = "\"id\" is not a string or a number";
        return -1;
    }
    const char *tt = (const char *)sqlite3_column_text(j->st, 3);
    if (!tt) { *error = "the object has no \"text\""; return -1; }
    if (strcmp(tt, "text")) { *error = "\"text\" is not a string"; return -1; }
    *text = (const char *)sqlite3_column_text(j->st, 4);
    *text_len = (size_t)sqlite3_column_bytes(j->st, 4);
    if (!*text) { *text = ""; *text_len = 0; }
    return 0;
}

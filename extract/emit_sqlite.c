/* emit_sqlite: the archive writer (see emit_sqlite.h).
 *
 * One table per record type, its columns listed once in TABS below: that list drives the
 * SQLite DDL, the INSERTs, and the PostgreSQL views over the JSON Lines stream. Money is
 * kept as the exact decimal TEXT the record holds plus an INTEGER in fen where exact, never
 * as REAL. Every record's JSON is kept in `records`, so nothing is lost that the columns do
 * not hold. */
#include "emit_sqlite.h"
#include "internal.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* ---- the column table ---- */

typedef enum {
    C_TEXT,  /* string field (a structured value is kept as its JSON text) */
    C_INT,   /* integer or boolean field, as INTEGER */
    C_JSON,  /* structured field, as JSON text (jsonb in PostgreSQL) */
    C_FEN    /* fen of the yuan string in field `key`, INTEGER or NULL */
} ckind;
typedef struct { const char *col, *key; ckind k; } col_t;
enum { MAXC = 13 };
typedef struct { const char *type, *table; col_t c[MAXC]; } tab_t;

#define T(k) {k, k, C_TEXT}
#define I(k) {k, k, C_INT}
#define J(k) {k, k, C_JSON}
static const tab_t TABS[] = {
    {"document", "documents", {T("title"), T("issuer"), I("year"), T("kind"), T("scope"),
                               T("encoding"), I("bytes")}},
    {"section", "sections", {I("level"), T("marker"), I("ordinal"), T("title"), T("parent"), J("path")}},
    {"amount", "amounts", {T("value"), T("unit"), T("yuan"), {"yuan_fen", "yuan", C_FEN}, T("label"),
                           T("section"), T("sentence"), T("text")}},
    {"percent", "percents", {T("value"), T("kind"), T("label"), T("section"), T("sentence"), T("text")}},
    {"change", "changes", {T("subject"), T("baseline"), T("direction"), T("amount"),
                           {"amount_fen", "amount", C_FEN}, T("percent"), T("reason"), T("section")}},
    {"quantity", "quantities", {T("value"), T("unit"), T("approx"), T("label"), T("section")}},
    {"table", "tables", {T("title"), T("code"), T("unit"), T("issuer"), J("columns"), I("header_rows"),
                         I("n_rows"), I("empty"), T("note"), T("section")}},
    {"row", "rows", {{"table_id", "table", C_TEXT}, {"idx", "index", C_INT}, J("cells"), T("code"),
                     T("name"), {"values_json", "values", C_JSON}, T("kind"), T("side"), T("parent")}},
    {"indicator", "indicators", {T("project"), T("level1"), T("level2"), T("name"), T("nature"), T("op"),
                                 T("target"), T("actual"), T("unit"), T("weight"), T("score"), T("note")}},
    {"term", "terms", {T("term"), T("definition")}},
    {"check", "checks", {T("rule"), T("status"), T("expected"), T("actual"), T("tolerance"), J("refs"),
                         T("message")}},
    {"diagnostic", "diagnostics", {T("severity"), T("code"), T("message")}},
    {"summary", NULL, {J("counts"), J("checks"), I("diagnostics")}},
};
#undef T
#undef I
#undef J
enum { N_TABS = sizeof TABS / sizeof TABS[0], TAB_DOCUMENT = 0, TAB_ROW = 7, TAB_SUMMARY = N_TABS - 1 };

static int ncols(const tab_t *t)
{
    int n = 0;
    while (n < MAXC && t->c[n].col) n++;
    return n;
}

static int tab_of(const char *type)
{
    for (int i = 0; i < N_TABS; i++)
        if (!strcmp(TABS[i].type, type)) return i;
    return -1;
}

/* ---- money ---- */

static int unit_pow10(const char *u)
{
    if (!u || strchr(u, '/')) return -1; /* rates (元/人) are not money amounts */
    static const struct { const char *s; int p; } U[] = {
        {"亿元", 8}, {"千万元", 7}, {"百万元", 6}, {"万元", 4}, {"千元", 3}, {"百元", 2}, {"元", 0}};
    for (size_t i = 0; i < sizeof U / sizeof U[0]; i++)
        if (strstr(u, U[i].s)) return U[i].p;
    return -1;
}

static bool plain_decimal(const char *s)
{
    if (*s == '-') s++;
    if (*s < '0' || *s > '9') return false;
    while (*s >= '0' && *s <= '9') s++;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9') return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == 0;
}

bool fx_fen(const char *value, const char *unit, long long *fen)
{
    int p = unit_pow10(unit);
    if (p < 0 || !value || !plain_decimal(value)) return false;
    fx_dec d = fx_dec_shift(fx_dec_parse(value, strlen(value)), p + 2);
    if (!d.ok) return false;
    while (d.scale > 0) { /* whole fen only: trailing zeros may go, other digits may not */
        if (d.m % 10) return false;
        d.m /= 10;
        d.scale--;
    }
    *fen = d.m;
    return true;
}

/* ---- batches ---- */

typedef struct brec {
    const char *type, *id, *json;
    int tab;              /* index into TABS, -1 for types the archive has no table for */
    const char **v;       /* per column of TABS[tab], NULL = SQL NULL */
} brec;

struct fx_batch {
    fx_arena a;
    char *path;
    brec *r;
    size_t n, cap;
    int error;            /* an error diagnostic is among the records */
};

fx_batch *fx_batch_new(const char *path)
{
    fx_batch *b = calloc(1, sizeof *b);
    if (!b) abort();
    b->path = fx_strdup(&b->a, path);
    return b;
}

void fx_batch_free(fx_batch *b)
{
    if (!b) return;
    free(b->r);
    fx_arena_free(&b->a);
    free(b);
}

size_t fx_batch_records(const fx_batch *b) { return b->n; }
int fx_batch_error(const fx_batch *b) { return b->error; }

/* the text of a field, whatever its JSON type; NULL for absent or null */
static const char *field(fx_batch *b, const fx_record *r, const col_t *c)
{
    if (c->k != C_JSON) {
        const char *s = fx_record_get(r, c->key);
        if (s) return fx_strdup(&b->a, s);
    }
    char *j = fx_record_field_json(r, c->key);
    if (!j) return NULL;
    const char *s = strcmp(j, "null") ? fx_strdup(&b->a, j) : NULL;
    free(j);
    return s;
}

int fx_batch_add(void *batch, const fx_record *r)
{
    fx_batch *b = batch;
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->r = realloc(b->r, b->cap * sizeof *b->r);
        if (!b->r) abort();
    }
    brec *x = &b->r[b->n++];
    size_t len;
    const char *json = fx_record_json(r, &len);
    x->type = fx_strdup(&b->a, fx_record_type(r));
    x->id = fx_strdup(&b->a, fx_record_id(r));
    x->json = fx_strndup(&b->a, json, len);
    x->tab = tab_of(x->type);
    x->v = NULL;
    if (x->tab >= 0) {
        const tab_t *t = &TABS[x->tab];
        int n = ncols(t);
        x->v = fx_alloc(&b->a, (size_t)n * sizeof *x->v);
        for (int i = 0; i < n; i++) x->v[i] = field(b, r, &t->c[i]);
    }
    if (!strcmp(x->type, "diagnostic")) {
        const char *sev = fx_record_get(r, "severity");
        if (sev && !strcmp(sev, "error")) b->error = 1;
    }
    return 0;
}

/* ---- the schema ---- */

static const char DDL_FIXED[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"
    "CREATE TABLE IF NOT EXISTS documents(\n"
    "  doc_key INTEGER PRIMARY KEY,\n"
    "  sha256 TEXT NOT NULL UNIQUE,      -- of the raw input bytes\n"
    "  path TEXT NOT NULL,               -- where it was first read; the records' \"doc\"\n"
    "  title TEXT, issuer TEXT, year INTEGER, kind TEXT, scope TEXT, encoding TEXT, bytes INTEGER,\n"
    "  error INTEGER NOT NULL,           -- 1 when a diagnostic of severity error was emitted\n"
    "  checks_pass INTEGER, checks_fail INTEGER, checks_skip INTEGER, diagnostics INTEGER,\n"
    "  ingested_at TEXT NOT NULL,        -- UTC, ISO 8601\n"
    "  fiscx_version TEXT NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS documents_issuer_year ON documents(issuer, year);\n"
    "CREATE INDEX IF NOT EXISTS documents_year ON documents(year);\n"
    "CREATE TABLE IF NOT EXISTS sources(   -- the file paths that hold a stored content\n"
    "  path TEXT PRIMARY KEY,\n"
    "  sha256 TEXT NOT NULL REFERENCES documents(sha256),\n"
    "  seen_at TEXT NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS sources_sha256 ON sources(sha256);\n"
    "CREATE TABLE IF NOT EXISTS records(   -- every record, as emitted by `fiscx extract`\n"
    "  doc_key INTEGER NOT NULL REFERENCES documents ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL,               -- position in the document's stream\n"
    "  type TEXT NOT NULL, id TEXT NOT NULL,\n"
    "  span_start INTEGER, span_end INTEGER, line INTEGER,\n"
    "  json TEXT NOT NULL,\n"
    "  PRIMARY KEY(doc_key, seq));\n"
    "CREATE INDEX IF NOT EXISTS records_id ON records(doc_key, id);\n";

static const char DDL_CELLS[] =
    "CREATE TABLE IF NOT EXISTS cells(     -- one row per non-empty table cell\n"
    "  doc_key INTEGER NOT NULL REFERENCES documents ON DELETE CASCADE,\n"
    "  row_id TEXT NOT NULL, table_id TEXT, code TEXT, name TEXT, row_kind TEXT, side TEXT,\n"
    "  col TEXT NOT NULL,                  -- the column name\n"
    "  value TEXT,                         -- the exact decimal as written, in `unit`\n"
    "  unit TEXT,                          -- the table's unit (万元 ...)\n"
    "  fen INTEGER);                       -- value in fen (0.01 yuan) when exact, else NULL\n"
    "CREATE INDEX IF NOT EXISTS cells_code ON cells(code, col);\n"
    "CREATE INDEX IF NOT EXISTS cells_row ON cells(doc_key, row_id);\n";

static const char DDL_EXTRA_INDEXES[] =
    "CREATE INDEX IF NOT EXISTS rows_code ON rows(code);\n"
    "CREATE INDEX IF NOT EXISTS amounts_label ON amounts(label);\n"
    "CREATE INDEX IF NOT EXISTS checks_failed ON checks(rule) WHERE status = 'fail';\n"
    "CREATE INDEX IF NOT EXISTS diagnostics_code ON diagnostics(severity, code);\n";

/* Views over documents and the typed tables, in SQL that SQLite and PostgreSQL both take:
 * the example queries in docs/archive.md use only these. */
static const struct { const char *name, *body; } VIEWS[] = {
    {"doc_amounts",
     "SELECT d.path, d.issuer, d.year, d.kind, d.scope, a.id, a.line, a.label, a.value, a.unit,\n"
     "       a.yuan, a.yuan_fen, s.title AS section_title, a.sentence, a.text\n"
     "FROM amounts a JOIN documents d ON d.doc_key = a.doc_key\n"
     "LEFT JOIN sections s ON s.doc_key = a.doc_key AND s.id = a.section"},
    {"doc_percents",
     "SELECT d.path, d.issuer, d.year, d.kind, d.scope, p.id, p.line, p.label, p.value, p.kind AS percent_kind,\n"
     "       s.title AS section_title, p.sentence, p.text\n"
     "FROM percents p JOIN documents d ON d.doc_key = p.doc_key\n"
     "LEFT JOIN sections s ON s.doc_key = p.doc_key AND s.id = p.section"},
    {"doc_changes",
     "SELECT d.path, d.issuer, d.year, d.kind, d.scope, c.id, c.line, c.subject, c.baseline, c.direction,\n"
     "       c.amount, c.amount_fen, c.percent, c.reason, s.title AS section_title\n"
     "FROM changes c JOIN documents d ON d.doc_key = c.doc_key\n"
     "LEFT JOIN sections s ON s.doc_key = c.doc_key AND s.id = c.section"},
    {"doc_cells",
     "SELECT d.path, d.issuer, d.year, d.kind, d.scope, t.code AS table_code, t.title AS table_title,\n"
     "       c.row_id, c.code, c.name, c.row_kind, c.side, c.col, c.value, c.unit, c.fen\n"
     "FROM cells c JOIN documents d ON d.doc_key = c.doc_key\n"
     "LEFT JOIN tables t ON t.doc_key = c.doc_key AND t.id = c.table_id"},
    {"doc_indicators",
     "SELECT d.path, d.issuer, d.year, i.id, i.line, i.project, i.level1, i.level2, i.name, i.nature,\n"
     "       i.op, i.target, i.actual, i.unit, i.weight, i.score, i.note\n"
     "FROM indicators i JOIN documents d ON d.doc_key = i.doc_key"},
    {"doc_checks",
     "SELECT d.path, d.issuer, d.year, k.id, k.rule, k.status, k.expected, k.actual, k.tolerance, k.message\n"
     "FROM checks k JOIN documents d ON d.doc_key = k.doc_key"},
    {"doc_diagnostics",
     "SELECT d.path, d.issuer, d.year, x.id, x.line, x.severity, x.code, x.message\n"
     "FROM diagnostics x JOIN documents d ON d.doc_key = x.doc_key"},
};

static void sqlite_ddl(fx_buf *b)
{
    fx_buf_puts(b, DDL_FIXED);
    for (int t = 1; t < N_TABS; t++) {
        if (!TABS[t].table) continue;
        fx_buf_printf(b, "CREATE TABLE IF NOT EXISTS %s(\n"
                         "  doc_key INTEGER NOT NULL REFERENCES documents ON DELETE CASCADE,\n"
                         "  id TEXT NOT NULL, line INTEGER", TABS[t].table);
        for (int i = 0; i < ncols(&TABS[t]); i++) {
            const col_t *c = &TABS[t].c[i];
            fx_buf_printf(b, ",\n  %s %s", c->col, c->k == C_INT || c->k == C_FEN ? "INTEGER" : "TEXT");
        }
        fx_buf_printf(b, ");\nCREATE INDEX IF NOT EXISTS %s_id ON %s(doc_key, id);\n",
                      TABS[t].table, TABS[t].table);
    }
    fx_buf_puts(b, DDL_CELLS);
    fx_buf_puts(b, DDL_EXTRA_INDEXES);
    for (size_t v = 0; v < sizeof VIEWS / sizeof VIEWS[0]; v++)
        fx_buf_printf(b, "CREATE VIEW IF NOT EXISTS %s AS\n%s;\n", VIEWS[v].name, VIEWS[v].body);
}

/* PostgreSQL: the stream is COPYed into fiscx_records(doc, seq, rec jsonb) and the tables
 * of the SQLite archive are views over it, with doc_key = the document id (its path). */
static const char PG_FIXED[] =
    "CREATE TABLE IF NOT EXISTS fiscx_records(\n"
    "  doc text NOT NULL,      -- the record's \"doc\": the document id\n"
    "  seq bigint NOT NULL,    -- order of loading; keeps the stream's order\n"
    "  rec jsonb NOT NULL,\n"
    "  PRIMARY KEY (doc, seq));\n"
    "CREATE INDEX IF NOT EXISTS fiscx_records_type_id ON fiscx_records ((rec->>'type'), doc, (rec->>'id'));\n"
    "CREATE INDEX IF NOT EXISTS fiscx_records_code ON fiscx_records ((rec->>'code')) WHERE rec->>'type' = 'row';\n"
    "CREATE INDEX IF NOT EXISTS fiscx_records_failed ON fiscx_records ((rec->>'rule')) WHERE rec->>'status' = 'fail';\n"
    "-- integer fields: numbers, integral strings, booleans as 1/0 (like the SQLite columns)\n"
    "CREATE OR REPLACE FUNCTION fiscx_int(j jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$\n"
    "  SELECT CASE jsonb_typeof(j)\n"
    "    WHEN 'number' THEN CASE WHEN (j #>> '{}')::numeric = trunc((j #>> '{}')::numeric) THEN (j #>> '{}')::numeric::bigint END\n"
    "    WHEN 'string' THEN CASE WHEN (j #>> '{}') ~ '^-?[0-9]{1,18}$' THEN (j #>> '{}')::bigint END\n"
    "    WHEN 'boolean' THEN CASE WHEN j = 'true'::jsonb THEN 1 ELSE 0 END END $$;\n"
    "-- the power of ten of a money unit; NULL for rates (元/人) and non-money units\n"
    "CREATE OR REPLACE FUNCTION fiscx_unit_pow(u text) RETURNS int LANGUAGE sql IMMUTABLE AS $$\n"
    "  SELECT CASE WHEN u IS NULL OR strpos(u, '/') > 0 THEN NULL\n"
    "    WHEN strpos(u, '亿元') > 0 THEN 8 WHEN strpos(u, '千万元') > 0 THEN 7\n"
    "    WHEN strpos(u, '百万元') > 0 THEN 6 WHEN strpos(u, '万元') > 0 THEN 4\n"
    "    WHEN strpos(u, '千元') > 0 THEN 3 WHEN strpos(u, '百元') > 0 THEN 2\n"
    "    WHEN strpos(u, '元') > 0 THEN 0 END $$;\n"
    "-- fen (0.01 yuan) of an exact decimal in a unit, NULL unless a whole number of fen\n"
    "CREATE OR REPLACE FUNCTION fiscx_fen(v text, u text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$\n"
    "  SELECT CASE WHEN v ~ '^-?[0-9]+(\\.[0-9]+)?$' AND fiscx_unit_pow(u) IS NOT NULL\n"
    "    AND v::numeric * power(10::numeric, fiscx_unit_pow(u) + 2) = trunc(v::numeric * power(10::numeric, fiscx_unit_pow(u) + 2))\n"
    "    AND abs(v::numeric * power(10::numeric, fiscx_unit_pow(u) + 2)) <= 9223372036854775807\n"
    "    THEN (v::numeric * power(10::numeric, fiscx_unit_pow(u) + 2))::bigint END $$;\n"
    "-- a line of the stream as jsonb: jsonb cannot hold U+0000, so an escaped NUL becomes U+FFFD\n"
    "CREATE OR REPLACE FUNCTION fiscx_jsonb(line text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$\n"
    "  SELECT regexp_replace(line, '(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000', '\\1\\\\ufffd', 'g')::jsonb $$;\n"
    "CREATE OR REPLACE VIEW records AS\n"
    "SELECT doc AS doc_key, seq, rec->>'type' AS type, rec->>'id' AS id, fiscx_int(rec->'span'->0) AS span_start,\n"
    "       fiscx_int(rec->'span'->1) AS span_end, fiscx_int(rec->'line') AS line, rec AS json\n"
    "FROM fiscx_records;\n"
    "CREATE OR REPLACE VIEW documents AS\n"
    "SELECT d.doc AS doc_key, NULL::text AS sha256, d.doc AS path,\n"
    "       d.rec->>'title' AS title, d.rec->>'issuer' AS issuer, fiscx_int(d.rec->'year') AS year,\n"
    "       d.rec->>'kind' AS kind, d.rec->>'scope' AS scope, d.rec->>'encoding' AS encoding,\n"
    "       fiscx_int(d.rec->'bytes') AS bytes,\n"
    "       CASE WHEN EXISTS (SELECT 1 FROM fiscx_records x WHERE x.doc = d.doc AND x.rec->>'type' = 'diagnostic'\n"
    "                         AND x.rec->>'severity' = 'error') THEN 1 ELSE 0 END AS error,\n"
    "       fiscx_int(s.rec->'checks'->'pass') AS checks_pass, fiscx_int(s.rec->'checks'->'fail') AS checks_fail,\n"
    "       fiscx_int(s.rec->'checks'->'skip') AS checks_skip, fiscx_int(s.rec->'diagnostics') AS diagnostics,\n"
    "       NULL::text AS ingested_at, NULL::text AS fiscx_version\n"
    "FROM fiscx_records d LEFT JOIN fiscx_records s ON s.doc = d.doc AND s.rec->>'type' = 'summary'\n"
    "WHERE d.rec->>'type' = 'document';\n"
    "CREATE OR REPLACE VIEW cells AS\n"
    "SELECT r.doc AS doc_key, r.rec->>'id' AS row_id, r.rec->>'table' AS table_id, r.rec->>'code' AS code,\n"
    "       r.rec->>'name' AS name, r.rec->>'kind' AS row_kind, r.rec->>'side' AS side,\n"
    "       c.key AS col, c.value AS value, t.rec->>'unit' AS unit, fiscx_fen(c.value, t.rec->>'unit') AS fen\n"
    "FROM fiscx_records r\n"
    "CROSS JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(r.rec->'values') = 'object'\n"
    "                                   THEN r.rec->'values' ELSE '{}'::jsonb END) c\n"
    "LEFT JOIN fiscx_records t ON t.doc = r.doc AND t.rec->>'type' = 'table' AND t.rec->>'id' = r.rec->>'table'\n"
    "WHERE r.rec->>'type' = 'row';\n";

static void pg_ddl(fx_buf *b)
{
    fx_buf_puts(b, PG_FIXED);
    for (int t = 1; t < N_TABS; t++) {
        if (!TABS[t].table) continue;
        fx_buf_printf(b, "CREATE OR REPLACE VIEW %s AS\n"
                         "SELECT doc AS doc_key, rec->>'id' AS id, fiscx_int(rec->'line') AS line", TABS[t].table);
        for (int i = 0; i < ncols(&TABS[t]); i++) {
            const col_t *c = &TABS[t].c[i];
            switch (c->k) {
            case C_TEXT: fx_buf_printf(b, ",\n       rec->>'%s' AS %s", c->key, c->col); break;
            case C_INT: fx_buf_printf(b, ",\n       fiscx_int(rec->'%s') AS %s", c->key, c->col); break;
            case C_JSON: fx_buf_printf(b, ",\n       NULLIF(rec->'%s', 'null'::jsonb) AS %s", c->key, c->col); break;
            case C_FEN: fx_buf_printf(b, ",\n       fiscx_fen(rec->>'%s', '元') AS %s", c->key, c->col); break;
            }
        }
        fx_buf_printf(b, "\nFROM fiscx_records WHERE rec->>'type' = '%s';\n", TABS[t].type);
    }
    for (size_t v = 0; v < sizeof VIEWS / sizeof VIEWS[0]; v++)
        fx_buf_printf(b, "CREATE OR REPLACE VIEW %s AS\n%s;\n", VIEWS[v].name, VIEWS[v].body);
}

bool fx_db_print_schema(FILE *f, const char *dialect)
{
    fx_buf b = {0};
    if (!strcmp(dialect, "sqlite")) sqlite_ddl(&b);
    else if (!strcmp(dialect, "postgresql") || !strcmp(dialect, "postgres")) pg_ddl(&b);
    else return false;
    fwrite(b.p, 1, b.n, f);
    fx_buf_free(&b);
    return true;
}

/* ---- the connection ---- */

enum { S_SOURCE, S_DOC_BY_SHA, S_BEGIN, S_COMMIT, S_INS_DOC, S_SUMMARY, S_INS_REC,
       S_INS_CELL, S_EACH, S_UPSERT_SOURCE, S_DROP_DOC, S_DROP_OLD, N_STMT };
static const char *const SQL[N_STMT] = {
    [S_SOURCE] = "SELECT sha256 FROM sources WHERE path = ?1",
    [S_DOC_BY_SHA] = "SELECT doc_key, error FROM documents WHERE sha256 = ?1",
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_INS_DOC] = "INSERT INTO documents(sha256, path, title, issuer, year, kind, scope, encoding, bytes,"
                  " error, ingested_at, fiscx_version)"
                  " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                  " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), '" FISCX_VERSION "')",
    [S_SUMMARY] = "UPDATE documents SET checks_pass = json_extract(?2, '$.pass'),"
                  " checks_fail = json_extract(?2, '$.fail'), checks_skip = json_extract(?2, '$.skip'),"
                  " diagnostics = ?3 WHERE doc_key = ?1",
    [S_INS_REC] = "INSERT INTO records(doc_key, seq, type, id, span_start, span_end, line, json)"
                  " VALUES(?1, ?2, ?3, ?4, json_extract(?5, '$.span[0]'), json_extract(?5, '$.span[1]'),"
                  " json_extract(?5, '$.line'), ?5)",
    [S_INS_CELL] = "INSERT INTO cells(doc_key, row_id, table_id, code, name, row_kind, side, col, value, unit, fen)"
                   " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [S_EACH] = "SELECT key, CASE WHEN type IN ('object', 'array') THEN value ELSE CAST(value AS TEXT) END"
               " FROM json_each(?1) WHERE type <> 'null'",
    [S_UPSERT_SOURCE] = "INSERT INTO sources(path, sha256, seen_at)"
                        " VALUES(?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
                        " ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, seen_at = excluded.seen_at",
    [S_DROP_DOC] = "DELETE FROM documents WHERE doc_key = ?1",
    [S_DROP_OLD] = "DELETE FROM documents WHERE sha256 = ?1"
                   " AND NOT EXISTS (SELECT 1 FROM sources WHERE sha256 = ?1)",
};

struct fx_db {
    sqlite3 *h;
    char *path;
    sqlite3_stmt *st[N_STMT];
    sqlite3_stmt *ins[N_TABS]; /* per typed table */
};

static bool exec(fx_db *db, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) == SQLITE_OK) return true;
    snprintf(err, errlen, "%s: %s", db->path, msg ? msg : sqlite3_errmsg(db->h));
    sqlite3_free(msg);
    return false;
}

static int pragma_int(fx_db *db, const char *sql)
{
    sqlite3_stmt *s;
    int v = -1;
    if (sqlite3_prepare_v2(db->h, sql, -1, &s, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* Create the schema once; refuse databases that are someone else's or from a newer fiscx. */
static bool ensure_schema(fx_db *db, char *err, size_t errlen)
{
    int v = pragma_int(db, "PRAGMA user_version");
    if (v == FX_DB_SCHEMA_VERSION) return true;
    if (v != 0) { /* no upgrade path yet: never guess at another version's tables */
        snprintf(err, errlen, "%s: archive schema version %d, this fiscx writes version %d: ingest into a new file",
                 db->path, v, FX_DB_SCHEMA_VERSION);
        return false;
    }
    if (!exec(db, "BEGIN IMMEDIATE", err, errlen)) return false;
    v = pragma_int(db, "PRAGMA user_version"); /* another process may have been first */
    if (v == 0 && pragma_int(db, "SELECT count(*) FROM sqlite_master") > 0) {
        snprintf(err, errlen, "%s: not a fiscx archive (it has tables, and no fiscx schema version)", db->path);
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return false;
    }
    if (v == 0) {
        fx_buf b = {0};
        sqlite_ddl(&b);
        fx_buf_printf(&b, "INSERT OR REPLACE INTO meta VALUES('schema', '%s');\n"
                          "INSERT OR REPLACE INTO meta VALUES('created_by', 'fiscx %s');\n"
                          "PRAGMA user_version = %d;\n",
                      FISCX_SCHEMA, FISCX_VERSION, FX_DB_SCHEMA_VERSION);
        fx_buf_putc(&b, 0);
        bool ok = exec(db, b.p, err, errlen);
        fx_buf_free(&b);
        if (!ok) { sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL); return false; }
    }
    return exec(db, "COMMIT", err, errlen);
}

static bool prepare(fx_db *db, char *err, size_t errlen)
{
    for (int i = 0; i < N_STMT; i++)
        if (sqlite3_prepare_v3(db->h, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &db->st[i], NULL) != SQLITE_OK)
            goto fail;
    for (int t = 1; t < N_TABS; t++) {
        if (!TABS[t].table) continue;
        fx_buf b = {0};
        fx_buf_printf(&b, "INSERT INTO %s(doc_key, id, line", TABS[t].table);
        int n = ncols(&TABS[t]);
        for (int i = 0; i < n; i++) fx_buf_printf(&b, ", %s", TABS[t].c[i].col);
        fx_buf_puts(&b, ") VALUES(?1, ?2, json_extract(?3, '$.line')");
        for (int i = 0; i < n; i++) fx_buf_printf(&b, ", ?%d", i + 4);
        fx_buf_puts(&b, ")");
        fx_buf_putc(&b, 0);
        int rc = sqlite3_prepare_v3(db->h, b.p, -1, SQLITE_PREPARE_PERSISTENT, &db->ins[t], NULL);
        fx_buf_free(&b);
        if (rc != SQLITE_OK) goto fail;
    }
    return true;
fail:
    snprintf(err, errlen, "%s: %s", db->path, sqlite3_errmsg(db->h));
    return false;
}

/* Switch to WAL. Two ingests that open a new archive at once race here: the switch needs
 * the database to itself and does not always go through the busy handler, so the loser
 * sees "database is locked" or the old mode. It waits and asks again (up to ~10 s). */
static bool wal_mode(fx_db *db)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        sqlite3_stmt *s;
        bool wal = false;
        if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode=WAL", -1, &s, NULL) == SQLITE_OK) {
            if (sqlite3_step(s) == SQLITE_ROW)
                wal = !sqlite3_stricmp((const char *)sqlite3_column_text(s, 0), "wal");
            sqlite3_finalize(s);
        }
        if (wal) return true;
        int rc = sqlite3_errcode(db->h) & 0xFF;
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED && rc != SQLITE_OK) return false;
        sqlite3_sleep(100);
    }
    return false;
}

fx_db *fx_db_open(const char *path, bool readonly, char *err, size_t errlen)
{
    fx_db *db = calloc(1, sizeof *db);
    if (!db) abort();
    db->path = strdup(path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (readonly ? 0 : SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, db->h ? sqlite3_errmsg(db->h) : "cannot open");
        goto fail;
    }
    sqlite3_busy_timeout(db->h, 60000); /* another writer holds the lock: wait, do not fail */
    sqlite3_extended_result_codes(db->h, 1);
    /* someone else's database is left as it is, journal mode included */
    /* one statement, one snapshot: another ingest may be creating the schema meanwhile */
    if (pragma_int(db, "SELECT count(*) FROM sqlite_master WHERE (SELECT user_version FROM pragma_user_version) = 0") != 0) {
        snprintf(err, errlen, "%s: not a fiscx archive (%s)", path,
                 sqlite3_errcode(db->h) != SQLITE_OK ? sqlite3_errmsg(db->h) : "it has tables, and no fiscx schema version");
        goto fail;
    }
    /* WAL: readers go on while we write, and a killed writer leaves only whole
     * transactions. synchronous=NORMAL keeps that on a crash of the process; only a power
     * loss may take back the last commits (never half of one). */
    if (!readonly && !wal_mode(db)) {
        snprintf(err, errlen, "%s: %s", path,
                 sqlite3_errcode(db->h) != SQLITE_OK ? sqlite3_errmsg(db->h) : "cannot use WAL mode");
        goto fail;
    }
    if (!exec(db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", err, errlen)) goto fail;
    if (readonly) { /* a worker's connection: the writer made the schema */
        if (pragma_int(db, "PRAGMA user_version") != FX_DB_SCHEMA_VERSION) {
            snprintf(err, errlen, "%s: not a fiscx archive", path);
            goto fail;
        }
    } else if (!ensure_schema(db, err, errlen)) goto fail;
    if (!prepare(db, err, errlen)) goto fail;
    return db;
fail:
    fx_db_close(db);
    return NULL;
}

void fx_db_close(fx_db *db)
{
    if (!db) return;
    for (int i = 0; i < N_STMT; i++) sqlite3_finalize(db->st[i]);
    for (int t = 0; t < N_TABS; t++) sqlite3_finalize(db->ins[t]);
    sqlite3_close(db->h);
    free(db->path);
    free(db);
}

/* ---- lookups and storing ---- */

static void db_error(fx_db *db, const char *what)
{
    fprintf(stderr, "fiscx ingest: %s: %s: %s\n", db->path, what, sqlite3_errmsg(db->h));
}

static int step_done(fx_db *db, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return 0;
    db_error(db, what);
    return -1;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, i);
}

/* integers as INTEGER; anything else that turns up in an integer field is kept as text */
static void bind_int(sqlite3_stmt *s, int i, const char *v)
{
    if (!v) { sqlite3_bind_null(s, i); return; }
    char *end;
    long long x = strtoll(v, &end, 10);
    if (*v && !*end && end - v < 19) sqlite3_bind_int64(s, i, x);
    else sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static void bind_fen(sqlite3_stmt *s, int i, const char *v, const char *unit)
{
    long long fen;
    if (fx_fen(v, unit, &fen)) sqlite3_bind_int64(s, i, fen);
    else sqlite3_bind_null(s, i);
}

/* path's current content (malloc'd) or NULL */
static char *source_sha(fx_db *db, const char *path, int *fail)
{
    *fail = 0;
    if (!strcmp(path, "-")) return NULL;
    sqlite3_stmt *s = db->st[S_SOURCE];
    sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
    char *sha = NULL;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) sha = strdup((const char *)sqlite3_column_text(s, 0));
    else if (rc != SQLITE_DONE) { db_error(db, "lookup"); *fail = 1; }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return sha;
}

/* 1 with *key and *error when the content is stored, 0 when not, -1 on failure */
static int doc_by_sha(fx_db *db, const char *sha, sqlite3_int64 *key, int *error)
{
    sqlite3_stmt *s = db->st[S_DOC_BY_SHA];
    sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW) {
        found = 1;
        if (key) *key = sqlite3_column_int64(s, 0);
        if (error) *error = sqlite3_column_int(s, 1);
    } else if (rc != SQLITE_DONE) { db_error(db, "lookup"); found = -1; }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return found;
}

fx_db_state fx_db_lookup(fx_db *db, const char *path, const char *sha256, int *had_error)
{
    int fail, err = 0;
    char *cur = source_sha(db, path, &fail);
    if (fail) return FX_DB_FAIL;
    int found = doc_by_sha(db, sha256, NULL, &err);
    if (had_error) *had_error = err;
    fx_db_state st = found < 0 ? FX_DB_FAIL
                   : !found ? FX_DB_NEW
                   : (cur && !strcmp(cur, sha256)) || !strcmp(path, "-") ? FX_DB_SAME
                   : FX_DB_KNOWN;
    free(cur);
    return st;
}

/* the cells of a row record: one per entry of its `values` */
static int insert_cells(fx_db *db, sqlite3_int64 key, const brec *r, const char *unit)
{
    const char *const *v = r->v; /* rows: table_id idx cells code name values_json kind side parent */
    if (!v[5]) return 0;
    sqlite3_stmt *each = db->st[S_EACH], *ins = db->st[S_INS_CELL];
    sqlite3_bind_text(each, 1, v[5], -1, SQLITE_STATIC);
    int rc, out = 0;
    while ((rc = sqlite3_step(each)) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(each, 0);
        const char *val = (const char *)sqlite3_column_text(each, 1);
        if (!col) continue; /* `values` is not an object */
        sqlite3_bind_int64(ins, 1, key);
        bind_text(ins, 2, r->id);
        bind_text(ins, 3, v[0]);
        bind_text(ins, 4, v[3]);
        bind_text(ins, 5, v[4]);
        bind_text(ins, 6, v[6]);
        bind_text(ins, 7, v[7]);
        bind_text(ins, 8, col);
        bind_text(ins, 9, val);
        bind_text(ins, 10, unit);
        bind_fen(ins, 11, val, unit);
        if (step_done(db, ins, "insert cell") < 0) { out = -1; break; }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) { db_error(db, "cells"); out = -1; }
    sqlite3_reset(each);
    sqlite3_clear_bindings(each);
    return out;
}

/* the unit of table `table_id` among the batch's tables (a document has a few dozen) */
static const char *table_unit(const brec *const *tabs, size_t n, const char *table_id)
{
    if (!table_id) return NULL;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(tabs[i]->id, table_id)) return tabs[i]->v[2]; /* tables: title code unit ... */
    return NULL;
}

static int insert_records(fx_db *db, const fx_batch *b, sqlite3_int64 key, const brec *const *tabs,
                          size_t n_tabs);

static int insert_batch(fx_db *db, const char *sha, const fx_batch *b, sqlite3_int64 *key)
{
    const brec *doc = NULL;
    for (size_t i = 0; i < b->n && !doc; i++)
        if (b->r[i].tab == TAB_DOCUMENT) doc = &b->r[i];
    sqlite3_stmt *s = db->st[S_INS_DOC];
    sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
    bind_text(s, 2, b->path);
    for (int i = 0; i < 7; i++) {  /* title issuer year kind scope encoding bytes */
        const char *v = doc ? doc->v[i] : NULL;
        if (TABS[TAB_DOCUMENT].c[i].k == C_INT) bind_int(s, 3 + i, v); else bind_text(s, 3 + i, v);
    }
    sqlite3_bind_int(s, 10, b->error);
    if (step_done(db, s, "insert document") < 0) return -1;
    *key = sqlite3_last_insert_rowid(db->h);

    const brec **tabs = malloc((b->n ? b->n : 1) * sizeof *tabs);
    size_t n_tabs = 0;
    if (!tabs) abort();
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->r[i].type, "table")) tabs[n_tabs++] = &b->r[i];
    int rc = insert_records(db, b, *key, tabs, n_tabs);
    free(tabs);
    return rc;
}

static int insert_records(fx_db *db, const fx_batch *b, sqlite3_int64 key, const brec *const *tabs, size_t n_tabs)
{
    sqlite3_stmt *s;

    for (size_t i = 0; i < b->n; i++) {
        const brec *r = &b->r[i];
        s = db->st[S_INS_REC];
        sqlite3_bind_int64(s, 1, key);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        bind_text(s, 3, r->type);
        bind_text(s, 4, r->id);
        bind_text(s, 5, r->json);
        if (step_done(db, s, "insert record") < 0) return -1;
        if (r->tab == TAB_SUMMARY) {
            s = db->st[S_SUMMARY];
            sqlite3_bind_int64(s, 1, key);
            bind_text(s, 2, r->v[1]);
            bind_int(s, 3, r->v[2]);
            if (step_done(db, s, "summary") < 0) return -1;
            continue;
        }
        if (r->tab <= TAB_DOCUMENT || !db->ins[r->tab]) continue;
        const tab_t *t = &TABS[r->tab];
        s = db->ins[r->tab];
        sqlite3_bind_int64(s, 1, key);
        bind_text(s, 2, r->id);
        bind_text(s, 3, r->json);
        for (int c = 0; c < ncols(t); c++) {
            if (t->c[c].k == C_INT) bind_int(s, 4 + c, r->v[c]);
            else if (t->c[c].k == C_FEN) {
                const char *src = NULL; /* the yuan field named by key */
                for (int k = 0; k < ncols(t); k++)
                    if (k != c && !strcmp(t->c[k].key, t->c[c].key)) src = r->v[k];
                bind_fen(s, 4 + c, src, "元");
            } else bind_text(s, 4 + c, r->v[c]);
        }
        if (step_done(db, s, "insert") < 0) return -1;
        if (r->tab == TAB_ROW && insert_cells(db, key, r, table_unit(tabs, n_tabs, r->v[0])) < 0) return -1;
    }
    return 0;
}

fx_stored fx_db_store(fx_db *db, const char *path, const char *sha256, const fx_batch *batch, bool reparse)
{
    if (step_done(db, db->st[S_BEGIN], "begin") < 0) return FX_STORED_FAIL;
    fx_stored out = FX_STORED_FAIL;
    int fail;
    char *old = source_sha(db, path, &fail);
    if (fail) goto rollback;
    bool same = old && !strcmp(old, sha256);
    reparse = reparse && batch;
    if (same && !reparse) { out = FX_STORED_UNCHANGED; goto commit; }
    sqlite3_int64 key;
    int found = doc_by_sha(db, sha256, &key, NULL);
    if (found < 0) goto rollback;
    bool refreshed = found && reparse;
    if (refreshed) {
        /* the same content read anew: its rows go, the paths that hold it stay (their
         * reference is checked at COMMIT, when the new rows are in) */
        /* a flag pragma takes effect when compiled, so not a statement prepared in advance */
        if (sqlite3_exec(db->h, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
            db_error(db, "defer");
            goto rollback;
        }
        sqlite3_bind_int64(db->st[S_DROP_DOC], 1, key);
        if (step_done(db, db->st[S_DROP_DOC], "drop for reparse") < 0) goto rollback;
        found = 0;
    }
    if (!found) {
        if (!batch) { out = FX_STORED_NEED_PARSE; goto rollback; }
        if (insert_batch(db, sha256, batch, &key) < 0) goto rollback;
        out = old && !same ? FX_STORED_REPLACED : refreshed ? FX_STORED_REPARSED : FX_STORED_ADDED;
    } else if (!strcmp(path, "-")) {
        out = FX_STORED_UNCHANGED;
        goto commit;
    } else out = old ? FX_STORED_REPLACED : FX_STORED_LINKED;
    if (strcmp(path, "-")) {
        sqlite3_stmt *s = db->st[S_UPSERT_SOURCE];
        sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
        if (step_done(db, s, "source") < 0) goto rollback;
    }
    if (old && !same) {
        sqlite3_stmt *s = db->st[S_DROP_OLD];
        sqlite3_bind_text(s, 1, old, -1, SQLITE_STATIC);
        if (step_done(db, s, "drop earlier version") < 0) goto rollback;
    }
commit:
    if (step_done(db, db->st[S_COMMIT], "commit") < 0) goto rollback;
    free(old);
    return out;
rollback:
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    free(old);
    return out == FX_STORED_NEED_PARSE ? out : FX_STORED_FAIL;
}

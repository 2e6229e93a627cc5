/* emit_sqlite.c and sha256.c: the archive's columns, fen, cells, idempotence, replacement.
 * Records are built by hand after the contract (RECORDS.md), so the writer is tested on
 * every record type whether or not the stages emit them yet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "emit.h"
#include "emit_sqlite.h"
#include "sha256.h"

/* ---- sha256: FIPS 180-2 appendix B vectors, and any split of the input ---- */

static const char *hex_of(const void *p, size_t n, size_t chunk)
{
    static char hex[65];
    fx_sha256 s;
    fx_sha256_init(&s);
    for (size_t i = 0; i < n; i += chunk)
        fx_sha256_update(&s, (const char *)p + i, n - i < chunk ? n - i : chunk);
    fx_sha256_hex(&s, hex);
    return hex;
}

static void sha256_vectors(void **st)
{
    (void)st;
    assert_string_equal(hex_of("", 0, 1), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_string_equal(hex_of("abc", 3, 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_string_equal(hex_of(m, strlen(m), 64), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    const char *want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    /* chunk sizes that cross the 64-byte block and the 56-byte padding edge */
    size_t chunks[] = {1000000, 1, 55, 56, 63, 64, 65, 4096, 99991};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++)
        assert_string_equal(hex_of(a, 1000000, chunks[i]), want);
    free(a);
    /* lengths around the padding boundary agree however they are fed */
    char buf[200];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (char)(i * 7 + 1);
    for (size_t n = 50; n < 140; n++) {
        char one[65];
        strcpy(one, hex_of(buf, n, n ? n : 1));
        assert_string_equal(hex_of(buf, n, 7), one);
    }
}

/* ---- fen ---- */

static void fen(void **st)
{
    (void)st;
    long long f = 0;
    assert_true(fx_fen("1336.82", "万元", &f)); assert_int_equal(f, 1336820000LL);
    assert_true(fx_fen("13368200.00", "元", &f)); assert_int_equal(f, 1336820000LL);
    assert_true(fx_fen("12.3", "元", &f)); assert_int_equal(f, 1230);
    assert_true(fx_fen("-5.3", "万元", &f)); assert_int_equal(f, -5300000);
    assert_true(fx_fen("2", "亿元", &f)); assert_int_equal(f, 20000000000LL);
    assert_true(fx_fen("0", "千元", &f)); assert_int_equal(f, 0);
    assert_true(fx_fen("1.50000", "元", &f)); assert_int_equal(f, 150);
    assert_true(fx_fen("0.123456", "万元", &f)); assert_int_equal(f, 123456); /* 1234.56 yuan */
    assert_false(fx_fen("0.005", "元", &f));        /* half a fen is not a whole fen */
    assert_false(fx_fen("0.1234567", "万元", &f));
    assert_false(fx_fen("120", "元/人", &f));       /* a rate */
    assert_false(fx_fen("120", "人", &f));
    assert_false(fx_fen("120", NULL, &f));
    assert_false(fx_fen("1,200", "元", &f));        /* records hold separators removed */
    assert_false(fx_fen("12.", "元", &f));
    assert_false(fx_fen("", "元", &f));
    assert_false(fx_fen("abc", "元", &f));
    assert_false(fx_fen("99999999999999999", "亿元", &f)); /* overflow: NULL, not garbage */
}

/* ---- a document built by hand ---- */

static fx_rec *rec(fx_doc *d, const char *type, long long s, long long e, long line)
{
    fx_rec *r = fx_rec_new(d, type, FX_NOSPAN, FX_NOSPAN);
    r->span_s = s; r->span_e = e; r->line = line;
    return r;
}

/* The records of a small report of unit `issuer`, money in table unit `unit`; `v` varies
 * one cell so that two versions differ. */
static fx_batch *hand_batch(const char *path, const char *issuer, const char *unit, const char *v)
{
    fx_doc *d = calloc(1, sizeof *d);
    fx_rec *r = rec(d, "document", -1, -1, 0);
    fx_set_str(d, r, "schema", "fiscx/1");
    fx_set_str(d, r, "title", "2023年度部门决算");
    fx_set_str(d, r, "issuer", issuer);
    fx_set_int(d, r, "year", 2023);
    fx_set_str(d, r, "kind", "决算");
    fx_set_null(d, r, "scope");
    fx_set_str(d, r, "encoding", "GB18030");
    fx_set_int(d, r, "bytes", 4096);

    fx_rec *s = rec(d, "section", 10, 40, 3);
    fx_set_int(d, s, "level", 2);
    fx_set_str(d, s, "marker", "一、");
    fx_set_int(d, s, "ordinal", 1);
    fx_set_str(d, s, "title", "收入支出决算总体情况说明");
    fx_set_null(d, s, "parent");
    fx_list_add_str(d, fx_set_list(d, s, "path"), "一、收入支出决算总体情况说明");

    fx_rec *a = rec(d, "amount", 50, 70, 4);
    fx_set_str(d, a, "value", "1336.82");
    fx_set_str(d, a, "unit", "万元");
    fx_set_str(d, a, "yuan", "13368200.00");
    fx_set_str(d, a, "label", "本年收入决算合计");
    fx_set_str(d, a, "section", s->id);
    fx_set_str(d, a, "sentence", "2023年度收入决算合计1336.82万元。");
    fx_set_str(d, a, "text", "1336.82万元");
    fx_rec *rate = rec(d, "amount", 72, 80, 4);
    fx_set_str(d, rate, "value", "120");
    fx_set_str(d, rate, "unit", "元/人");
    fx_set_null(d, rate, "yuan");
    fx_set_str(d, rate, "label", "人均");

    fx_rec *c = rec(d, "change", 81, 120, 5);
    fx_set_str(d, c, "subject", "本年收入");
    fx_set_str(d, c, "baseline", "上年决算");
    fx_set_str(d, c, "direction", "increase");
    fx_set_str(d, c, "amount", "130200.00");
    fx_set_str(d, c, "percent", "0.98");
    fx_set_null(d, c, "reason");

    fx_rec *t = rec(d, "table", 200, 260, 10);
    fx_set_str(d, t, "title", "收入支出决算总表");
    fx_set_str(d, t, "code", "公开01表");
    fx_set_str(d, t, "unit", unit);
    fx_val *cols = fx_set_list(d, t, "columns");
    fx_list_add_str(d, cols, "项目");
    fx_list_add_str(d, cols, "决算数");
    fx_set_int(d, t, "header_rows", 1);
    fx_set_int(d, t, "n_rows", 2);
    fx_set_bool(d, t, "empty", false);
    fx_set_str(d, t, "section", s->id);
    const char *codes[] = {"2012906", "20129"};
    const char *vals[] = {v, "0.005"};
    for (int i = 0; i < 2; i++) {
        fx_rec *w = fx_rec_new_id(d, "row", fx_sprintf(&d->arena, "%s.r%d", t->id, i + 1), FX_NOSPAN, FX_NOSPAN);
        w->span_s = 270 + 20 * i; w->span_e = 285 + 20 * i; w->line = 12 + i;
        fx_set_str(d, w, "table", t->id);
        fx_set_int(d, w, "index", i + 1);
        fx_list_add_str(d, fx_set_list(d, w, "cells"), codes[i]);
        fx_set_str(d, w, "code", codes[i]);
        fx_set_str(d, w, "name", i ? "群众团体事务" : "工会事务");
        fx_val *vv = fx_set_obj(d, w, "values");
        fx_obj_add_str(d, vv, "决算数", vals[i]);
        if (!i) fx_obj_add_str(d, vv, "基本支出", "204.84");
        fx_set_str(d, w, "kind", "data");
        fx_set_null(d, w, "side");
        fx_set_null(d, w, "parent");
    }
    fx_rec *k = rec(d, "check", -1, -1, 0);
    fx_set_str(d, k, "rule", "table-total");
    fx_set_str(d, k, "status", "fail");
    fx_set_str(d, k, "expected", "10.00");
    fx_set_str(d, k, "actual", "10.02");
    fx_set_str(d, k, "tolerance", "0.01");
    fx_list_add_str(d, fx_set_list(d, k, "refs"), "t1.r1");
    fx_set_str(d, k, "message", "合计 differs");
    fx_rec *x = rec(d, "diagnostic", 5, 6, 1);
    fx_set_str(d, x, "severity", "warning");
    fx_set_str(d, x, "code", "odd-byte");
    fx_set_str(d, x, "message", "a \"quoted\"\nmessage");
    fx_rec *z = rec(d, "summary", -1, -1, 0);
    fx_val *ch = fx_set_obj(d, z, "checks");
    fx_val *n = fx_obj_add(d, ch, "pass"); n->k = FXV_INT; n->i = 0;
    n = fx_obj_add(d, ch, "fail"); n->k = FXV_INT; n->i = 1;
    n = fx_obj_add(d, ch, "skip"); n->k = FXV_INT; n->i = 0;
    fx_set_int(d, z, "diagnostics", 1);

    fx_batch *b = fx_batch_new(path);
    fx_buf json = {0};
    for (size_t i = 0; i < d->n_recs; i++) {
        json.n = 0;
        fx_json_record(&json, path, d->recs[i]);
        fx_record view = {d->recs[i], path, &json, {0}};
        fx_batch_add(b, &view);
    }
    fx_buf_free(&json);
    free(d->recs);
    fx_arena_free(&d->arena);
    free(d);
    return b;
}

typedef struct { char dir[64], path[96]; fx_db *db; sqlite3 *q; } fixture;

static int setup(void **st)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/fiscx-test-sqlite-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
    char err[256];
    f->db = fx_db_open(f->path, false, err, sizeof err);
    if (!f->db) { fprintf(stderr, "%s\n", err); return -1; }
    if (sqlite3_open_v2(f->path, &f->q, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return -1;
    *st = f;
    return 0;
}

static int teardown(void **st)
{
    fixture *f = *st;
    sqlite3_close(f->q);
    fx_db_close(f->db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) return -1;
    free(f);
    return 0;
}

/* the first column of the first row as text ("" for NULL, "<none>" for no row) */
static const char *q1(fixture *f, const char *sql)
{
    static char out[512];
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(f->q, sql, -1, &s, NULL) != SQLITE_OK) {
        snprintf(out, sizeof out, "<error: %s>", sqlite3_errmsg(f->q));
        return out;
    }
    if (sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        snprintf(out, sizeof out, "%s", t ? (const char *)t : "");
    } else strcpy(out, "<none>");
    sqlite3_finalize(s);
    return out;
}

/* the query plan's details, joined */
static const char *plan(fixture *f, const char *sql)
{
    static char out[1024];
    char q[512];
    snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *s;
    out[0] = 0;
    if (sqlite3_prepare_v2(f->q, q, -1, &s, NULL) != SQLITE_OK) return sqlite3_errmsg(f->q);
    while (sqlite3_step(s) == SQLITE_ROW) {
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s; ", (const char *)sqlite3_column_text(s, 3));
    }
    sqlite3_finalize(s);
    return out;
}

static const char SHA_A[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char SHA_B[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

static void columns(void **st)
{
    fixture *f = *st;
    fx_batch *b = hand_batch("r/a.txt", "某市总工会", "万元", "1336.82");
    assert_int_equal(fx_db_store(f->db, "r/a.txt", SHA_A, b, false), FX_STORED_ADDED);
    fx_batch_free(b);
    assert_string_equal(q1(f, "PRAGMA journal_mode"), "wal");
    assert_string_equal(q1(f, "SELECT issuer || '|' || year || '|' || kind || '|' || ifnull(scope, 'null') || '|' ||"
                              " encoding || '|' || bytes || '|' || error || '|' || checks_fail || '|' || diagnostics"
                              " FROM documents"), "某市总工会|2023|决算|null|GB18030|4096|0|1|1");
    assert_string_equal(q1(f, "SELECT typeof(year) FROM documents"), "integer");
    assert_string_equal(q1(f, "SELECT count(*) FROM records"), "11");
    assert_string_equal(q1(f, "SELECT group_concat(type, ',') FROM (SELECT type FROM records ORDER BY seq)"),
                        "document,section,amount,amount,change,table,row,row,check,diagnostic,summary");
    assert_string_equal(q1(f, "SELECT span_start || '-' || span_end || '@' || line FROM records WHERE type = 'amount'"),
                        "50-70@4");
    /* money: exact text and fen, never REAL */
    assert_string_equal(q1(f, "SELECT value || '|' || unit || '|' || yuan || '|' || yuan_fen || '|' || typeof(yuan_fen)"
                              " || '|' || label || '|' || line FROM amounts WHERE unit = '万元'"),
                        "1336.82|万元|13368200.00|1336820000|integer|本年收入决算合计|4");
    assert_string_equal(q1(f, "SELECT typeof(yuan_fen) FROM amounts WHERE unit = '元/人'"), "null");
    assert_string_equal(q1(f, "SELECT amount_fen FROM changes"), "13020000");
    assert_string_equal(q1(f, "SELECT count(*) FROM sqlite_master m, pragma_table_info(m.name) c"
                              " WHERE m.type = 'table' AND c.type = 'REAL'"), "0");
    /* sections and JSON-valued fields */
    assert_string_equal(q1(f, "SELECT level || '|' || marker || '|' || json_extract(path, '$[0]') FROM sections"),
                        "2|一、|一、收入支出决算总体情况说明");
    assert_string_equal(q1(f, "SELECT title || '|' || code || '|' || unit || '|' || empty || '|' || n_rows ||"
                              " '|' || json_array_length(columns) FROM tables"), "收入支出决算总表|公开01表|万元|0|2|2");
    assert_string_equal(q1(f, "SELECT table_id || '|' || idx || '|' || code || '|' || name FROM rows WHERE idx = 1"),
                        "t1|1|2012906|工会事务");
    /* cells: one per value, with the table's unit and fen where exact */
    assert_string_equal(q1(f, "SELECT count(*) FROM cells"), "3");
    assert_string_equal(q1(f, "SELECT value || '|' || unit || '|' || fen FROM cells WHERE code = '2012906' AND col = '决算数'"),
                        "1336.82|万元|1336820000");
    assert_string_equal(q1(f, "SELECT fen FROM cells WHERE code = '2012906' AND col = '基本支出'"), "204840000");
    assert_string_equal(q1(f, "SELECT value || '|' || typeof(fen) FROM cells WHERE code = '20129'"), "0.005|integer");
    /* checks and diagnostics; the failed-checks index is there and used */
    assert_string_equal(q1(f, "SELECT rule || '|' || json_extract(refs, '$[0]') FROM checks WHERE status = 'fail'"),
                        "table-total|t1.r1");
    assert_string_equal(q1(f, "SELECT message FROM diagnostics"), "a \"quoted\"\nmessage");
    assert_non_null(strstr(plan(f, "SELECT rule FROM checks WHERE status = 'fail' AND rule = 'x'"), "checks_failed"));
    assert_non_null(strstr(plan(f, "SELECT * FROM cells WHERE code = '2012906'"), "cells_code"));
    assert_non_null(strstr(plan(f, "SELECT * FROM doc_amounts WHERE issuer = 'x' AND year = 2023"),
                           "documents_issuer_year"));
    /* the convenience views */
    assert_string_equal(q1(f, "SELECT issuer || '|' || year || '|' || section_title FROM doc_amounts WHERE yuan_fen > 0"),
                        "某市总工会|2023|收入支出决算总体情况说明");
    assert_string_equal(q1(f, "SELECT table_code || '|' || col || '|' || fen FROM doc_cells WHERE code = '2012906'"
                              " ORDER BY col LIMIT 1"), "公开01表|决算数|1336820000");
    assert_string_equal(q1(f, "SELECT issuer FROM doc_checks WHERE status = 'fail'"), "某市总工会");
    assert_string_equal(q1(f, "PRAGMA integrity_check"), "ok");
}

static void cells_in_yuan(void **st)
{
    fixture *f = *st;
    fx_batch *b = hand_batch("r/y.txt", "某局", "元", "1336.82");
    assert_int_equal(fx_db_store(f->db, "r/y.txt", SHA_A, b, false), FX_STORED_ADDED);
    fx_batch_free(b);
    assert_string_equal(q1(f, "SELECT fen FROM cells WHERE code = '2012906' AND col = '决算数'"), "133682");
    assert_string_equal(q1(f, "SELECT typeof(fen) FROM cells WHERE code = '20129'"), "null"); /* 0.005 元 */
}

static void idempotent_and_replace(void **st)
{
    fixture *f = *st;
    int err = -1;
    assert_int_equal(fx_db_lookup(f->db, "r/a.txt", SHA_A, &err), FX_DB_NEW);
    fx_batch *b = hand_batch("r/a.txt", "某市总工会", "万元", "1336.82");
    assert_int_equal(fx_db_store(f->db, "r/a.txt", SHA_A, b, false), FX_STORED_ADDED);
    assert_int_equal(fx_db_lookup(f->db, "r/a.txt", SHA_A, &err), FX_DB_SAME);
    assert_int_equal(err, 0);
    /* the same content again changes nothing, batch or not */
    assert_int_equal(fx_db_store(f->db, "r/a.txt", SHA_A, b, false), FX_STORED_UNCHANGED);
    assert_int_equal(fx_db_store(f->db, "r/a.txt", SHA_A, NULL, false), FX_STORED_UNCHANGED);
    fx_batch_free(b);
    assert_string_equal(q1(f, "SELECT count(*) || '/' || (SELECT count(*) FROM records) FROM documents"), "1/11");
    /* the same content at another path is linked, not stored twice; stdin likewise */
    assert_int_equal(fx_db_lookup(f->db, "r/copy.txt", SHA_A, &err), FX_DB_KNOWN);
    assert_int_equal(fx_db_store(f->db, "r/copy.txt", SHA_A, NULL, false), FX_STORED_LINKED);
    assert_int_equal(fx_db_lookup(f->db, "-", SHA_A, &err), FX_DB_SAME);
    assert_string_equal(q1(f, "SELECT count(*) FROM sources WHERE sha256 = '" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                              "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"), "2");
    /* unknown content without records: the caller must parse */
    assert_int_equal(fx_db_store(f->db, "r/a.txt", SHA_B, NULL, false), FX_STORED_NEED_PARSE);
    /* a changed file: the new version is in, the old one stays while the copy refers to it */
    b = hand_batch("r/a.txt", "某市总工会", "万元", "2000.00");
    assert_int_equal(fx_db_store(f->db, "r/a.txt", SHA_B, b, false), FX_STORED_REPLACED);
    fx_batch_free(b);
    assert_string_equal(q1(f, "SELECT count(*) FROM documents"), "2");
    assert_string_equal(q1(f, "SELECT sha256 = '" "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'"
                              " FROM sources WHERE path = 'r/a.txt'"), "1");
    /* the copy changes too: the first version has no path left and goes, all of it */
    b = hand_batch("r/copy.txt", "某市总工会", "万元", "3000.00");
    assert_int_equal(fx_db_store(f->db, "r/copy.txt", "c" "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", b, false),
                     FX_STORED_REPLACED);
    fx_batch_free(b);
    assert_string_equal(q1(f, "SELECT count(*) FROM documents"), "2");
    assert_string_equal(q1(f, "SELECT group_concat(value, ',') FROM (SELECT value FROM cells"
                              " WHERE col = '决算数' AND code = '2012906' ORDER BY value)"), "2000.00,3000.00");
    const char *tables[] = {"records", "sections", "amounts", "changes", "tables", "rows", "cells", "checks",
                            "diagnostics"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE doc_key NOT IN (SELECT doc_key FROM documents)",
                 tables[i]);
        assert_string_equal(q1(f, sql), "0"); /* nothing of the dropped version is left */
    }
    assert_string_equal(q1(f, "SELECT count(*) FROM records"), "22");
    assert_string_equal(q1(f, "PRAGMA foreign_key_check"), "<none>");
}

static void reparse(void **st)
{
    fixture *f = *st;
    fx_batch *b = hand_batch("r/a.txt", "某市总工会", "万元", "1336.82");
    assert_int_equal(fx_db_store(f->db, "r/a.txt", SHA_A, b, false), FX_STORED_ADDED);
    fx_batch_free(b);
    assert_int_equal(fx_db_store(f->db, "r/copy.txt", SHA_A, NULL, false), FX_STORED_LINKED);
    /* a newer fiscx reads the same bytes differently: the rows are replaced in place, the
     * paths that hold the content keep it */
    b = hand_batch("r/a.txt", "某市总工会", "万元", "9999.99");
    assert_int_equal(fx_db_store(f->db, "r/a.txt", SHA_A, b, true), FX_STORED_REPARSED);
    fx_batch_free(b);
    assert_string_equal(q1(f, "SELECT count(*) || ' ' || (SELECT count(*) FROM sources) || ' ' ||"
                              " (SELECT count(*) FROM records) FROM documents"), "1 2 11");
    assert_string_equal(q1(f, "SELECT value FROM cells WHERE code = '2012906' AND col = '决算数'"), "9999.99");
    assert_string_equal(q1(f, "SELECT count(*) FROM cells"), "3");
    assert_string_equal(q1(f, "PRAGMA foreign_key_check"), "<none>");
    /* reparse without records to store is a plain lookup */
    assert_int_equal(fx_db_store(f->db, "r/a.txt", SHA_A, NULL, true), FX_STORED_UNCHANGED);
}

static void refuses_foreign_databases(void **st)
{
    fixture *f = *st;
    char other[128], err[256];
    snprintf(other, sizeof other, "%s/other.db", f->dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(other, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    assert_null(fx_db_open(other, false, err, sizeof err));
    assert_non_null(strstr(err, "not a fiscx archive"));
    /* a second connection to an archive needs no schema work and sees the same data */
    fx_db *again = fx_db_open(f->path, true, err, sizeof err);
    assert_non_null(again);
    fx_db_close(again);
}

static void schema_dialects(void **st)
{
    (void)st;
    char *p = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&p, &n);
    assert_true(fx_db_print_schema(m, "postgresql"));
    fclose(m);
    /* every table of the SQLite archive is a view in PostgreSQL, with the same name */
    const char *names[] = {"documents", "records", "sections", "amounts", "percents", "changes", "quantities",
                           "tables", "rows", "cells", "indicators", "terms", "checks", "diagnostics",
                           "doc_amounts", "doc_cells", "doc_checks"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "CREATE OR REPLACE VIEW %s AS", names[i]);
        assert_non_null(strstr(p, want));
    }
    free(p);
    m = open_memstream(&p, &n);
    assert_false(fx_db_print_schema(m, "oracle"));
    fclose(m);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_vectors),
        cmocka_unit_test(fen),
        cmocka_unit_test_setup_teardown(columns, setup, teardown),
        cmocka_unit_test_setup_teardown(cells_in_yuan, setup, teardown),
        cmocka_unit_test_setup_teardown(idempotent_and_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(reparse, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_foreign_databases, setup, teardown),
        cmocka_unit_test(schema_dialects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

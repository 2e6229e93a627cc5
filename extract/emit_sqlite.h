/* The SQLite archive: a schema derived from the record contract (RECORDS.md), documents
 * keyed by the SHA-256 of their raw bytes, one transaction per document.
 *
 * Records are collected into a batch by a callback (fx_batch_add) that uses only the public
 * record view (fiscx.h), so a batch can be filled in a parser thread and stored by the one
 * writer. The schema and the PostgreSQL views come from the same column table
 * (fx_db_print_schema), so the two stay alike. */
#ifndef FX_EMIT_SQLITE_H
#define FX_EMIT_SQLITE_H

#include "fiscx.h"
#include <stdbool.h>
#include <stdio.h>

#define FX_DB_SCHEMA_VERSION 1

typedef struct fx_db fx_db;
typedef struct fx_batch fx_batch;

/* Open (creating the schema if needed) in WAL mode. readonly: for lookups from worker
 * threads. NULL and a message in err on failure. */
fx_db *fx_db_open(const char *path, bool readonly, char *err, size_t errlen);
void fx_db_close(fx_db *db);

/* What the archive holds for a path and a content hash, before any parsing. */
typedef enum {
    FX_DB_NEW,      /* content not stored: parse and store it */
    FX_DB_KNOWN,    /* content stored (under another path): store without parsing */
    FX_DB_SAME,     /* this path already holds this content: nothing to do */
    FX_DB_FAIL = -1
} fx_db_state;
/* *had_error: the stored document had an error diagnostic (for the exit status). */
fx_db_state fx_db_lookup(fx_db *db, const char *path, const char *sha256, int *had_error);

/* A document's records, copied out of the callback. path "-" is stdin (not a source). */
fx_batch *fx_batch_new(const char *path);
int fx_batch_add(void *batch, const fx_record *r); /* an fx_record_cb */
size_t fx_batch_records(const fx_batch *b);
int fx_batch_error(const fx_batch *b);             /* 1: an error diagnostic is among them */
void fx_batch_free(fx_batch *b);

typedef enum {
    FX_STORED_ADDED,      /* new content */
    FX_STORED_REPLACED,   /* new content for a path that held other content */
    FX_STORED_LINKED,     /* content already stored; the path now points at it */
    FX_STORED_UNCHANGED,  /* nothing changed */
    FX_STORED_REPARSED,   /* stored content read anew (reparse): its rows replaced */
    FX_STORED_NEED_PARSE, /* batch was NULL but the content is not stored (any more) */
    FX_STORED_FAIL
} fx_stored;
/* One transaction: insert the batch (or, with batch NULL, only point path at stored
 * content), point the path at it, and drop the path's earlier content when no path
 * refers to it any more. reparse (with a batch): replace the rows of content already
 * stored, e.g. after a newer fiscx or a larger --max-doc-size. */
fx_stored fx_db_store(fx_db *db, const char *path, const char *sha256, const fx_batch *batch, bool reparse);

/* The DDL, for users and for PostgreSQL: "sqlite" or "postgresql". false if unknown. */
bool fx_db_print_schema(FILE *f, const char *dialect);

/* Fen (0.01 yuan) of an exact decimal in a money unit (元, 万元, 亿元 ...): false when the
 * unit is not money, the text is not a plain decimal, or the value is not a whole fen. */
bool fx_fen(const char *value, const char *unit, long long *fen);

#endif

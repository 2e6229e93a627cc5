/* fiscx: structured records from Chinese government fiscal disclosure reports.
 *
 * The one public header. A parser is fed the bytes of ONE document (any encoding the
 * reports come in), in pieces of any size; fx_parser_finish() runs the stages
 * (decode -> normalize -> blocks -> segment/facts/tables -> check) and hands every
 * record to the callback, in the contract's order: `document` first, then records in
 * input order, then `check` records, then `summary`.
 *
 * Memory is bounded: a document over fx_opts.piece_bytes is processed in pieces cut at
 * line breaks (each piece's checks follow its records), and one over max_doc_bytes is
 * refused with a diagnostic record, never an out-of-memory. No global state: parsers in different
 * threads need no locks.
 */
#ifndef FISCX_H
#define FISCX_H

#include <stddef.h>
#include <stdint.h>

#define FISCX_VERSION "0.1.0"
#define FISCX_SCHEMA "fiscx/1"

typedef struct fx_opts {
    size_t max_doc_bytes;       /* refuse larger documents (default 64 MiB) */
    size_t piece_bytes;         /* process larger documents in pieces cut at line breaks, each
                                   through all stages (default 1 MiB; peak memory ~30x a piece);
                                   0: never cut */
    size_t max_line_bytes;      /* longer lines are not handed to the patterns (default 64 KiB) */
    uint32_t match_limit;       /* PCRE2 match limit per match (default 1,000,000) */
    uint32_t depth_limit;       /* PCRE2 depth limit per match (default 10,000) */
    const char *default_unit;   /* unit assumed for tables without a unit line (NULL: 元) */
} fx_opts;

void fx_opts_default(fx_opts *o);

/* A record as the emitters see it: its JSON line (no trailing newline) and a few
 * fields for routing. Valid only during the callback. */
typedef struct fx_record fx_record;
const char *fx_record_type(const fx_record *r);
const char *fx_record_id(const fx_record *r);
const char *fx_record_json(const fx_record *r, size_t *len);
/* Field access for emitters that need columns (SQLite): NULL when absent or not a
 * string/number; JSON text of a structured field with fx_record_field_json. */
const char *fx_record_get(const fx_record *r, const char *key);
char *fx_record_field_json(const fx_record *r, const char *key); /* malloc'd, or NULL */

/* Return non-zero from the callback to stop emitting (e.g. output pipe closed). */
typedef int (*fx_record_cb)(void *user, const fx_record *r);

typedef struct fx_parser fx_parser;

fx_parser *fx_parser_new(const fx_opts *opts, const char *doc_id, fx_record_cb cb, void *user);
/* Feed bytes. Returns 0, or -1 once the document exceeds max_doc_bytes (the rest is
 * dropped; finish() reports it). */
int fx_parser_feed(fx_parser *p, const void *buf, size_t len);
/* Optional, before feeding: the document's size when the caller knows it (a file's size).
 * A document over opts.piece_bytes is then processed piece by piece as it is fed, and
 * records reach the callback during fx_parser_feed(), so the parser holds about one piece
 * however large the document; one over max_doc_bytes is refused without being read. */
void fx_parser_expect(fx_parser *p, size_t total);
/* Report an I/O error reading the input; finish() emits it as a diagnostic. */
void fx_parser_io_error(fx_parser *p, const char *message);
/* Run the stages and emit. Returns 0 clean, 1 if the input had an error (diagnostic of
 * severity error), 2 if the callback stopped the output. */
int fx_parser_finish(fx_parser *p);
void fx_parser_free(fx_parser *p);

/* Convenience: one whole document in memory. */
int fx_parse_buffer(const fx_opts *opts, const char *doc_id, const void *buf, size_t len,
                    fx_record_cb cb, void *user);

/* Normalized text of a document, for `fiscx normalize` (malloc'd, NUL-terminated). */
char *fx_normalize_buffer(const fx_opts *opts, const void *buf, size_t len, size_t *out_len);

#endif

/* The tables of a document as CSV files (UTF-8 with a BOM so spreadsheet programs read the
 * Chinese right, RFC 4180 quoting, CRLF) or as readable text. Fed the `table` and `row`
 * records from the record callback; keeps copies, since records live only during it. */
#ifndef FX_EMIT_CSV_H
#define FX_EMIT_CSV_H

#include "fiscx.h"
#include <stdio.h>

typedef struct fx_csv fx_csv;

fx_csv *fx_csv_new(void);
void fx_csv_free(fx_csv *c);
/* keep the record if it is a table or a row (other types are ignored) */
void fx_csv_add(fx_csv *c, const fx_record *r);
/* number of tables kept */
size_t fx_csv_count(const fx_csv *c);
/* one file per table in dir, named by code or title (made safe for file names), prefix
 * prepended (may be ""); returns 0, or -1 with a message on stderr */
int fx_csv_write_dir(const fx_csv *c, const char *dir, const char *prefix);
/* one table as CSV to f (BOM included); returns 0 or -1 on a write error */
int fx_csv_write_table(const fx_csv *c, size_t table, FILE *f);
/* all tables, readable: a heading per table, then rows with cells separated by ` | ` */
int fx_csv_print(const fx_csv *c, FILE *f);
/* RFC 4180 field: quoted when it holds , " CR LF or leading/trailing spaces */
void fx_csv_field(FILE *f, const char *s);

#endif

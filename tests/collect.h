/* Shared by the unit tests that parse a document from a string and look at the JSON lines of
 * some of its record types (test_tables.c, test_indicators.c). */
#ifndef FX_TEST_COLLECT_H
#define FX_TEST_COLLECT_H

#include <stdlib.h>
#include <string.h>

#include "fiscx.h"

typedef struct { char *lines[512]; int n; const char *const *types; } recs_t;

static int keep(void *user, const fx_record *r)
{
    recs_t *k = user;
    const char *t = fx_record_type(r);
    int wanted = 0;
    for (int i = 0; k->types[i] && !wanted; i++) wanted = !strcmp(t, k->types[i]);
    if (!wanted) return 0;
    size_t n;
    const char *j = fx_record_json(r, &n);
    if (k->n < 512) k->lines[k->n++] = strndup(j, n);
    return 0;
}

/* the JSON lines of the records of `types` (NULL-terminated) in the document `text` */
static recs_t *parse_kept(const char *text, const char *const *types)
{
    recs_t *k = calloc(1, sizeof *k);
    k->types = types;
    fx_parse_buffer(NULL, "t.txt", text, strlen(text), keep, k);
    return k;
}

static void done(recs_t *k)
{
    for (int i = 0; i < k->n; i++) free(k->lines[i]);
    free(k);
}

#endif

/* A document with a matcher and nothing else, for tests that run patterns directly
 * (test_patterns, test_facts_scan): cmocka group setup and teardown. */
#ifndef FX_TEST_MATCH_ENV_H
#define FX_TEST_MATCH_ENV_H

#include <stdlib.h>
#include "patterns.h"

typedef struct { fx_doc *d; fx_opts o; } env;

static int setup(void **st)
{
    env *e = calloc(1, sizeof *e);
    fx_opts_default(&e->o);
    e->d = calloc(1, sizeof *e->d);
    e->d->opts = &e->o;
    e->d->m = fx_match_new(&e->o);
    *st = e;
    return 0;
}

static int teardown(void **st)
{
    env *e = *st;
    fx_match_free(e->d->m);
    free(e->d->recs);
    fx_arena_free(&e->d->arena);
    free(e->d);
    free(e);
    return 0;
}

#endif

/* jobs.c: the runner delivers every document once, in input order, from any number of
 * threads; record views work in the callback; a stop is honoured; JSON Lines parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "jobs.h"

typedef struct {
    size_t calls, next_index;
    size_t stop_after;           /* 0: never */
    int views;
    char order[4096];            /* doc ids as delivered */
    size_t records, summaries;
    size_t pieces, piece_lines;  /* partial pieces of the document being delivered */
    int piece_first;             /* its first piece started with the document record */
} seen_t;

static int on_doc(void *user, const fx_doc_result *d)
{
    seen_t *s = user;
    assert_int_equal(d->index, s->next_index); /* in input order, each once */
    if (d->partial) { /* a large document's records so far, whole lines, then more */
        assert_null(d->recs);
        assert_true(d->jsonl_len > 0 && d->jsonl[d->jsonl_len - 1] == '\n');
        if (!s->pieces) s->piece_first = !strncmp(d->jsonl, "{\"type\":\"document\"", 18);
        s->pieces++;
        for (size_t i = 0; i < d->jsonl_len; i++) s->piece_lines += d->jsonl[i] == '\n';
        s->calls++;
        return s->stop_after && s->calls >= s->stop_after;
    }
    s->next_index++;
    s->calls++;
    strncat(s->order, d->doc_id, sizeof s->order - strlen(s->order) - 2);
    strcat(s->order, ";");
    if (s->views) {
        assert_non_null(d->recs);
        assert_true(d->n_records >= 2);
        assert_string_equal(fx_record_type(d->recs[0]), "document");
        assert_string_equal(fx_record_get(d->recs[0], "doc"), d->doc_id);
        assert_string_equal(fx_record_type(d->recs[d->n_records - 1]), "summary");
        for (size_t i = 0; i < d->n_records; i++) {
            size_t n;
            const char *j = fx_record_json(d->recs[i], &n);
            assert_int_equal(strlen(j), n);     /* each view is its own NUL-terminated line */
            assert_true(n > 2 && j[0] == '{' && j[n - 1] == '}');
        }
        s->records += d->n_records;
        s->summaries++;
    } else {
        assert_null(d->recs);
        /* JSON Lines, one per record, the first the document, the last the summary */
        size_t lines = s->piece_lines;
        for (size_t i = 0; i < d->jsonl_len; i++) lines += d->jsonl[i] == '\n';
        assert_int_equal(lines, d->n_records);
        assert_true(s->pieces ? s->piece_first : !strncmp(d->jsonl, "{\"type\":\"document\"", 18));
        s->pieces = s->piece_lines = 0;
        s->records += d->n_records;
        s->summaries += strstr(d->jsonl, "{\"type\":\"summary\"") != NULL;
    }
    return s->stop_after && s->calls >= s->stop_after;
}

/* a directory of small documents of different lengths (uneven work for the threads) */
static char dir[64];
static int setup(void **st)
{
    (void)st;
    strcpy(dir, "/tmp/fx_test_jobs_XXXXXX");
    if (!mkdtemp(dir)) return -1;
    for (int i = 0; i < 37; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s/d%02d.txt", dir, i);
        FILE *f = fopen(p, "w");
        if (!f) return -1;
        /* every tenth one large: its output (> 64 KiB) is delivered in pieces */
        for (int k = 0; k < (i % 10 == 3 ? 900 : (i * 7919) % 50 + 1); k++)
            fprintf(f, "一、第%d项 本年收入%d.%02d万元，占%d%%。\n", k, i * 100 + k, k, k % 100);
        fclose(f);
    }
    return 0;
}
static int teardown(void **st)
{
    (void)st;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static void run(seen_t *s, int jobs, int views, size_t budget, int expect_rc)
{
    fx_inputs in = {0};
    char *paths[] = {dir};
    fx_inputs_collect(&in, paths, 1);
    assert_int_equal(in.n, 37);
    fx_jobs_opts jo;
    fx_jobs_opts_default(&jo);
    jo.n_jobs = jobs;
    jo.views = views;
    jo.mem_budget = budget;
    s->views = views;
    assert_int_equal(fx_run_jobs(NULL, &jo, &in, on_doc, s), expect_rc);
    fx_inputs_free(&in);
}

static void ordered_any_jobs(void **st)
{
    (void)st;
    seen_t one = {0};
    run(&one, 1, 0, 0, 0);
    assert_true(one.calls > 37);   /* the large documents came in pieces */
    assert_int_equal(one.summaries, 37);
    for (int jobs = 2; jobs <= 9; jobs += 7)
        for (int views = 0; views <= 1; views++)
            for (size_t budget = 1; budget <= 1 << 22; budget <<= 22) {
                seen_t s = {0};
                run(&s, jobs, views, budget, 0);
                assert_true(views ? s.calls == 37 : s.calls >= 37); /* pieces only when first in line */
                assert_string_equal(s.order, one.order);
                assert_int_equal(s.records, one.records);
                assert_int_equal(s.summaries, 37);
            }
}

static void stop_is_honoured(void **st)
{
    (void)st;
    for (int views = 0; views <= 1; views++) {
        seen_t s = {0};
        s.stop_after = 5;
        run(&s, 4, views, 0, 2);
        assert_int_equal(s.calls, 5); /* nothing is delivered after the stop */
    }
}

static void jsonl_lines(void **st)
{
    (void)st;
    fx_jsonl *j = fx_jsonl_new();
    const char *id, *text, *err;
    size_t n;
    const char *l1 = "{\"id\": \"a/1\", \"text\": \"\\u4e00\\u3001\\u6536\\u5165 1,234.5\\n\\t\\\"x\\\"\", \"extra\": [1]}";
    assert_int_equal(fx_jsonl_parse(j, l1, strlen(l1), &id, &text, &n, &err), 0);
    assert_string_equal(id, "a/1");
    assert_int_equal(n, strlen("一、收入 1,234.5\n\t\"x\""));
    assert_memory_equal(text, "一、收入 1,234.5\n\t\"x\"", n);
    /* an escaped NUL is dropped (the canonical text drops it anyway), not the end of the
     * text; an escaped backslash before u0000 is text */
    const char *l2 = "{\"id\": 42, \"text\": \"a\\u0000b\\\\u0000\"}";
    assert_int_equal(fx_jsonl_parse(j, l2, strlen(l2), &id, &text, &n, &err), 0);
    assert_string_equal(id, "42");
    assert_int_equal(n, 8);
    assert_memory_equal(text, "ab\\u0000", 8);
    const char *l3 = "{\"text\": \"no id\"}";
    assert_int_equal(fx_jsonl_parse(j, l3, strlen(l3), &id, &text, &n, &err), 0);
    assert_null(id);
    static const char *const BAD[] = {"{\"id\":\"x\"", "[1,2]", "\"text\"", "{\"id\":\"x\",\"text\":5}",
                                      "{\"id\":[1],\"text\":\"t\"}", "{\"id\":\"x\"}", "", "nul\0l"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        err = NULL;
        size_t len = i == 7 ? 5 : strlen(BAD[i]);
        assert_int_equal(fx_jsonl_parse(j, BAD[i], len, &id, &text, &n, &err), -1);
        assert_non_null(err);
    }
    /* the id is still reported for a line that has one but no usable text */
    const char *l4 = "{\"id\":\"keep\",\"text\":null}";
    assert_int_equal(fx_jsonl_parse(j, l4, strlen(l4), &id, &text, &n, &err), -1);
    assert_string_equal(id, "keep");
    fx_jsonl_free(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ordered_any_jobs),
        cmocka_unit_test(stop_is_honoured),
        cmocka_unit_test(jsonl_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

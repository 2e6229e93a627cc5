/* Resource limits: a pattern that would backtrack forever stops at the match limit with a
 * diagnostic; a line over --max-line is not matched and reported once; a document over
 * --max-doc-size is refused with an error diagnostic; and the stages honour --max-line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "internal.h"
#include "patterns.h"

static fx_doc *doc_of(const fx_opts *o, const char *text)
{
    fx_doc *d = calloc(1, sizeof *d);
    assert_non_null(d);
    d->opts = o;
    d->doc_id = "t";
    d->raw = (const unsigned char *)text;
    d->raw_len = strlen(text);
    d->m = fx_match_new(o);
    assert_int_equal(fx_decode(d), 0);
    assert_int_equal(fx_normalize(d), 0);
    fx_blocks(d);
    return d;
}

static void doc_free(fx_doc *d)
{
    fx_match_free(d->m);
    free(d->recs); free(d->sections); free(d->tables);
    fx_arena_free(&d->arena);
    free(d);
}

static int count_diag(const fx_doc *d, const char *code)
{
    int n = 0;
    for (size_t i = 0; i < d->n_recs; i++)
        if (!strcmp(d->recs[i]->type, "diagnostic") && !strcmp(fx_get_str(d->recs[i], "code"), code)) n++;
    return n;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* (a|aa)+$ on a run of a's followed by b backtracks exponentially: the limit must stop it,
 * with the interpreter and with JIT, and say so */
static void match_limit_is_a_diagnostic(void **st)
{
    (void)st;
    fx_opts o;
    fx_opts_default(&o);
    o.match_limit = 100000;
    char text[128];
    memset(text, 'a', 60);
    strcpy(text + 60, "b\n");
    int err;
    PCRE2_SIZE off;
    for (int jit = 0; jit < 2; jit++) {
        pcre2_code *re = pcre2_compile((PCRE2_SPTR) "^(a|aa)+$", PCRE2_ZERO_TERMINATED,
                                       PCRE2_UTF | PCRE2_MULTILINE, &err, &off, NULL);
        assert_non_null(re);
        if (jit) pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        fx_doc *d = doc_of(&o, text);
        PCRE2_SIZE *ov;
        double t0 = now();
        int rc = fx_match(d, re, d->text, d->len, 0, &ov);
        double dt = now() - t0;
        assert_int_equal(rc, -1);
        assert_int_equal(count_diag(d, "match-limit"), 1);
        assert_true(dt < 5.0); /* unbounded, this takes hours: any finite bound shows the limit */
        /* the diagnostic points at the text that was being matched */
        for (size_t i = 0; i < d->n_recs; i++)
            if (!strcmp(d->recs[i]->type, "diagnostic")) {
                assert_int_equal(d->recs[i]->span_s, 0);
                assert_true(d->recs[i]->span_e >= 60);
            }
        doc_free(d);
        pcre2_code_free(re);
    }
}

/* deep recursion: the depth/heap limit or the JIT stack stops it, never a crash */
static void depth_limit_is_a_diagnostic(void **st)
{
    (void)st;
    fx_opts o;
    fx_opts_default(&o);
    o.depth_limit = 1000;
    o.max_line_bytes = 1 << 20; /* the subject is one long line */
    size_t n = 200000;
    char *text = malloc(n + 2);
    memset(text, '(', n);
    text[n] = '\n'; text[n + 1] = 0;
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR) "^(\\((?1)*\\)|[^()])*$", PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_MULTILINE, &err, &off, NULL);
    assert_non_null(re);
    for (int jit = 0; jit < 2; jit++) {
        if (jit) pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        fx_doc *d = doc_of(&o, text);
        PCRE2_SIZE *ov;
        int rc = fx_match(d, re, d->text, d->len, 0, &ov);
        assert_true(rc == -1 || rc == 0);
        if (rc == -1) assert_int_equal(count_diag(d, "match-limit"), 1);
        doc_free(d);
    }
    pcre2_code_free(re);
    free(text);
}

/* at most 10 limit diagnostics per document, however many matches hit the limit */
static void limit_diagnostics_are_bounded(void **st)
{
    (void)st;
    fx_opts o;
    fx_opts_default(&o);
    o.match_limit = 1000;
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR) "^(a|aa)+$", PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_MULTILINE, &err, &off, NULL);
    fx_doc *d = doc_of(&o, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n");
    PCRE2_SIZE *ov;
    for (int i = 0; i < 100; i++) assert_int_equal(fx_match(d, re, d->text, d->len, 0, &ov), -1);
    assert_int_equal(count_diag(d, "match-limit"), 10);
    doc_free(d);
    pcre2_code_free(re);
}

/* a subject over --max-line is not matched; its line is reported once */
static void long_line_not_matched(void **st)
{
    (void)st;
    fx_opts o;
    fx_opts_default(&o);
    o.max_line_bytes = 100;
    char text[512];
    snprintf(text, sizeof text, "短行100万元。\n%0300d万元。\n末行。\n", 7);
    fx_doc *d = doc_of(&o, text);
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR) "\\d+万元", PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
    PCRE2_SIZE *ov;
    assert_true(d->n_lines >= 3);
    const fx_line *a = &d->lines[0], *b = &d->lines[1];
    assert_true(fx_match(d, re, d->text + a->s, a->e - a->s, 0, &ov) > 0);
    for (int i = 0; i < 3; i++) /* asked three times: reported once */
        assert_int_equal(fx_match(d, re, d->text + b->s, b->e - b->s, 0, &ov), -1);
    assert_true(fx_line_too_long(d, b->s + 10, b->s + 20)); /* a piece of the long line */
    assert_false(fx_line_too_long(d, a->s, a->e));
    assert_int_equal(count_diag(d, "line-too-long"), 1);
    /* the diagnostic spans the raw line */
    for (size_t i = 0; i < d->n_recs; i++)
        if (!strcmp(fx_get_str(d->recs[i], "code"), "line-too-long")) {
            assert_int_equal(d->recs[i]->span_s, (long long)strlen("短行100万元。\n"));
            assert_int_equal(d->recs[i]->line, 2);
        }
    doc_free(d);
    pcre2_code_free(re);
}

/* ---- through the whole pipeline ---- */

typedef struct { int amounts, too_long, too_large, summary; size_t lines; } seen_t;

static int on_record(void *user, const fx_record *r)
{
    seen_t *s = user;
    size_t n;
    const char *j = fx_record_json(r, &n);
    s->lines++;
    if (!strcmp(fx_record_type(r), "amount")) s->amounts++;
    if (!strcmp(fx_record_type(r), "summary")) s->summary++;
    if (strstr(j, "\"code\":\"line-too-long\"")) s->too_long++;
    if (strstr(j, "\"code\":\"too-large\"")) s->too_large++;
    return 0;
}

static void stages_honour_max_line(void **st)
{
    (void)st;
    /* 200 sentences with amounts on one line of ~7 KB */
    size_t k = 200;
    char *one = malloc(k * 64 + 2);
    one[0] = 0;
    for (size_t i = 0; i < k; i++) {
        char sent[64];
        snprintf(sent, sizeof sent, "第%zu项支出合计%zu.56万元。", i + 1, 1000 + i * 7);
        strcat(one, sent);
    }
    strcat(one, "\n");
    fx_opts o;
    fx_opts_default(&o);
    o.max_line_bytes = 1000;
    seen_t b = {0};
    fx_parse_buffer(&o, "one", one, strlen(one), on_record, &b);
    assert_int_equal(b.too_long, 1);      /* one diagnostic for the line, whoever asked */
    assert_int_equal(b.amounts, 0);       /* and nothing read from it */
    assert_int_equal(b.summary, 1);
    /* raising the limit reads it */
    o.max_line_bytes = 1 << 20;
    seen_t c = {0};
    fx_parse_buffer(&o, "one", one, strlen(one), on_record, &c);
    assert_int_equal(c.too_long, 0);
    assert_true(c.amounts >= 100);
    /* short lines under the limit: no diagnostic */
    o.max_line_bytes = 1000;
    seen_t a = {0};
    const char *shortdoc = "一、概况\n本年支出合计1,234.56万元。\n";
    fx_parse_buffer(&o, "short", shortdoc, strlen(shortdoc), on_record, &a);
    assert_int_equal(a.too_long, 0);
    assert_int_equal(a.amounts, 1);
    free(one);
}

static void max_doc_size_refuses(void **st)
{
    (void)st;
    fx_opts o;
    fx_opts_default(&o);
    o.max_doc_bytes = 1000;
    char buf[600];
    memset(buf, 'x', sizeof buf);
    seen_t s = {0};
    fx_parser *p = fx_parser_new(&o, "big", on_record, &s);
    assert_int_equal(fx_parser_feed(p, buf, sizeof buf), 0);
    assert_int_equal(fx_parser_feed(p, buf, sizeof buf), -1); /* 1200 > 1000 */
    assert_int_equal(fx_parser_feed(p, buf, 0), -1);
    assert_int_equal(fx_parser_finish(p), 1);
    fx_parser_free(p);
    assert_int_equal(s.too_large, 1);
    assert_int_equal(s.summary, 1);
    /* at the limit exactly: read */
    seen_t t = {0};
    char full[1000];
    memset(full, 'x', sizeof full);
    assert_int_equal(fx_parse_buffer(&o, "exact", full, sizeof full, on_record, &t), 0);
    assert_int_equal(t.too_large, 0);
}

static void defaults_are_safe(void **st)
{
    (void)st;
    fx_opts o;
    fx_opts_default(&o);
    assert_true(o.max_doc_bytes > 0 && o.max_doc_bytes <= (size_t)1 << 30);
    assert_true(o.max_line_bytes > 0 && o.max_line_bytes <= (size_t)1 << 20);
    assert_true(o.match_limit > 0 && o.match_limit <= 10000000);
    assert_true(o.depth_limit > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(match_limit_is_a_diagnostic),
        cmocka_unit_test(depth_limit_is_a_diagnostic),
        cmocka_unit_test(limit_diagnostics_are_bounded),
        cmocka_unit_test(long_line_not_matched),
        cmocka_unit_test(stages_honour_max_line),
        cmocka_unit_test(max_doc_size_refuses),
        cmocka_unit_test(defaults_are_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

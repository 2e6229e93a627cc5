/* Every embedded pattern (patterns/NAME.pcre) compiles, documents at least one `# match:`
 * example, and behaves as its header says: each `# match: TEXT` line matches somewhere in
 * TEXT, each `# no-match: TEXT` line does not. New pattern files are covered without
 * touching this test. Examples are written in canonical (normalized) text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "patterns.h"
#include "match_env.h"

/* Run the examples of one pattern; returns the number of failures (each printed). */
static int run_examples(fx_doc *d, const fx_pattern_src *src, int *n_match)
{
    const pcre2_code *re = fx_pat(src->name);
    int failures = 0;
    const char *p = src->text;
    while (*p == '#' || *p == '\n') {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        static const char MATCH[] = "# match: ", NOMATCH[] = "# no-match: ";
        int want = -1;
        size_t skip = 0;
        if (n >= sizeof MATCH - 1 && !memcmp(p, MATCH, sizeof MATCH - 1)) { want = 1; skip = sizeof MATCH - 1; }
        else if (n >= sizeof NOMATCH - 1 && !memcmp(p, NOMATCH, sizeof NOMATCH - 1)) { want = 0; skip = sizeof NOMATCH - 1; }
        if (want >= 0) {
            const char *ex = p + skip;
            size_t len = n - skip;
            PCRE2_SIZE *ov;
            int rc = fx_match(d, re, ex, len, 0, &ov);
            if (rc < 0 || (rc > 0) != want) {
                fprintf(stderr, "pattern %s: expected %s on example: %.*s\n", src->name,
                        want ? "a match" : "no match", (int)len, ex);
                failures++;
            }
            if (want) (*n_match)++;
        }
        if (!nl) break;
        p = nl + 1;
    }
    return failures;
}

static void every_pattern_keeps_its_examples(void **st)
{
    env *e = *st;
    int n;
    const fx_pattern_src *src = fx_pattern_sources(&n);
    assert_true(n > 0);
    int failures = 0;
    for (int i = 0; i < n; i++) {
        int n_match = 0;
        failures += run_examples(e->d, &src[i], &n_match);
        if (n_match == 0) {
            fprintf(stderr, "pattern %s: no `# match:` example in its header\n", src[i].name);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

/* The runner itself must be able to fail: a pattern whose example contradicts it is caught. */
static void a_wrong_example_is_reported(void **st)
{
    env *e = *st;
    int n;
    const fx_pattern_src *src = fx_pattern_sources(&n);
    /* borrow a real pattern's compiled code under its own name, with a contradicting header */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    fprintf(f, "# match: no digits here at all\n# no-match: 12.5%%\n");
    fclose(f);
    fx_pattern_src fake = {"percent", text};
    int n_match = 0;
    int failures = run_examples(e->d, &fake, &n_match);
    assert_int_equal(n_match, 1);
    assert_int_equal(failures, 2);
    free(text);
    (void)src;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_pattern_keeps_its_examples, setup, teardown),
        cmocka_unit_test_setup_teardown(a_wrong_example_is_reported, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* numerals.c: Chinese numerals through ICU RBNF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "numerals.h"

static void check(const char *s, long long want, size_t want_used)
{
    long long v = -1;
    size_t used = 0;
    assert_true(fx_cn_number(s, strlen(s), &v, &used));
    assert_int_equal(v, want);
    assert_int_equal(used, want_used);
}

static void parses(void **st)
{
    (void)st;
    check("十四、其他", 14, 6);
    check("二十六", 26, 9);
    check("两个", 2, 3);
    check("一百零五人", 105, 12);
    check("〇", 0, 3);
    check("十", 10, 3);
    long long v; size_t u;
    assert_false(fx_cn_number("部门", 6, &v, &u));
    assert_false(fx_cn_number("", 0, &v, &u));
    assert_false(fx_cn_number("12", 2, &v, &u));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(parses)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

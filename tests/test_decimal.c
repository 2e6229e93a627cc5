/* decimal.c: exact parsing, formatting and arithmetic of money. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "decimal.h"

static const char *fmt(fx_dec d)
{
    static char b[64];
    return fx_dec_format(d, b);
}

static fx_dec P(const char *s) { return fx_dec_parse(s, strlen(s)); }

static void parse_forms(void **st)
{
    (void)st;
    assert_string_equal(fmt(P("9,815.11")), "9815.11");
    assert_string_equal(fmt(P("1,336.82")), "1336.82");
    assert_string_equal(fmt(P("47,483,458")), "47483458");
    assert_string_equal(fmt(P("24.00")), "24.00");
    assert_string_equal(fmt(P("0")), "0");
    assert_string_equal(fmt(P("-5.3")), "-5.3");
    assert_string_equal(fmt(P("0.05")), "0.05");
    assert_string_equal(fmt(P("9\xe3\x80\x81" "815.11")), "9815.11"); /* 、 as separator */
    assert_false(P("1,23").ok);      /* a comma that is not a thousands separator */
    assert_false(P("12,3456").ok);
    assert_false(P("1234,567").ok);
    assert_false(P("12.").ok);
    assert_false(P("").ok);
    assert_false(P("abc").ok);
    assert_false(P("99999999999999999999").ok); /* overflow is detected */
}

static void yuan(void **st)
{
    (void)st;
    assert_string_equal(fmt(fx_dec_yuan(P("1336.82"), 4)), "13368200.00");
    assert_string_equal(fmt(fx_dec_yuan(P("13.02"), 4)), "130200.00");
    assert_string_equal(fmt(fx_dec_yuan(P("533.8045"), 4)), "5338045.00");
    assert_string_equal(fmt(fx_dec_yuan(P("4.5"), 8)), "450000000.00");
    assert_string_equal(fmt(fx_dec_yuan(P("300"), 0)), "300.00");
    assert_string_equal(fmt(fx_dec_yuan(P("0.123456"), 4)), "1234.56");
}

static void arithmetic(void **st)
{
    (void)st;
    assert_string_equal(fmt(fx_dec_add(P("210.00"), P("9605.11"))), "9815.11");
    assert_string_equal(fmt(fx_dec_sub(P("9815.11"), P("4760.04"))), "5055.07");
    assert_int_equal(fx_dec_cmp(P("1.10"), P("1.1")), 0);
    assert_int_equal(fx_dec_cmp(P("-1"), P("0.5")), -1);
    /* 4760.04 / 5055.07 = 94.16% */
    assert_string_equal(fmt(fx_dec_div(fx_dec_mul(P("4760.04"), P("100")), P("5055.07"), 2)), "94.16");
    assert_string_equal(fmt(fx_dec_div(P("1"), P("3"), 4)), "0.3333");
    assert_string_equal(fmt(fx_dec_div(P("2"), P("3"), 2)), "0.67");
    assert_string_equal(fmt(fx_dec_div(P("-2"), P("3"), 2)), "-0.67");
    assert_false(fx_dec_div(P("127.05"), P("0"), 2).ok); /* a zero base never divides */
    assert_false(fx_dec_mul(P("9999999999"), P("9999999999")).ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_forms),
        cmocka_unit_test(yuan),
        cmocka_unit_test(arithmetic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

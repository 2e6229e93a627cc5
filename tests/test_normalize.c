/* normalize: the canonical text and, byte for byte, its map back to the raw input (also for
 * GBK and UTF-16 input, where raw offsets differ from UTF-8 offsets); hard wraps, page
 * furniture, PDF spaces and OCR residue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"

static fx_opts opts;

static fx_doc *norm(const void *raw, size_t n)
{
    fx_doc *d = calloc(1, sizeof *d);
    fx_opts_default(&opts);
    d->opts = &opts;
    d->doc_id = "test";
    d->raw = raw;
    d->raw_len = n;
    assert_int_equal(fx_decode(d), 0);
    assert_int_equal(fx_normalize(d), 0);
    return d;
}

static fx_doc *norm_s(const char *s) { return norm(s, strlen(s)); }

static void doc_free(fx_doc *d)
{
    free(d->recs);
    fx_arena_free(&d->arena);
    free(d);
}

/* canonical offset of the nth (0-based) occurrence of needle */
static size_t at(const fx_doc *d, const char *needle, int nth)
{
    const char *p = d->text;
    for (;;) {
        p = strstr(p, needle);
        assert_non_null(p);
        if (nth-- == 0) return (size_t)(p - d->text);
        p++;
    }
}

/* raw span of the canonical span of needle */
static void raw_of(const fx_doc *d, const char *needle, int nth, long long *rs, long long *re)
{
    size_t c = at(d, needle, nth);
    fx_span_raw(d, c, c + strlen(needle), rs, re);
}

/* every map is monotonic and inside the input */
static void map_sane(const fx_doc *d)
{
    for (size_t i = 0; i < d->len; i++) {
        assert_true(d->moff[i] + d->mlen[i] <= d->raw_len);
        if (i) assert_true(d->moff[i] >= d->moff[i - 1]);
    }
}

static void fullwidth_digits(void **st)
{
    (void)st;
    const char *raw = "收入１，３３６．８２万元";
    fx_doc *d = norm_s(raw);
    assert_string_equal(d->text, "收入1,336.82万元");
    long long rs, re;
    raw_of(d, "1,336.82", 0, &rs, &re);
    assert_int_equal(rs, 6);                 /* after 收入 */
    assert_int_equal(re, 6 + 8 * 3);         /* eight full-width characters */
    map_sane(d);
    doc_free(d);
}

static void amount_cut_from_unit(void **st)
{
    (void)st;
    const char *raw = "其中:基本支出 9800.36 万\n元，占 36.93%。\n";
    fx_doc *d = norm_s(raw);
    assert_string_equal(d->text, "其中:基本支出9800.36万元,占36.93%。\n");
    long long rs, re;
    raw_of(d, "9800.36万元", 0, &rs, &re);
    assert_int_equal(rs, (long long)(strstr(raw, "9800") - raw));
    assert_int_equal(re, (long long)(strstr(raw, "元") - raw) + 3);   /* across the line break */
    raw_of(d, "36.93%", 0, &rs, &re);
    assert_memory_equal(raw + rs, "36.93%", 6);
    map_sane(d);
    doc_free(d);
}

static void heading_and_table_not_glued(void **st)
{
    (void)st;
    const char *raw =
        "一、收入决算情况说明\n"
        "2024年度本年收入合计4,562.38万元，其中财政拨款收入4,402.38万元，其他收入160.00万元\n"
        "一般公共预算财政拨款收入\t1\t4,402.38\n"
        "1. 加强思想政治引领，团结凝聚职工群众听党话跟党走\n"
        "\n"
        "一是深入学习宣传贯彻党的二十大精神，认真组织开展学习贯彻主题教育活动。\n";
    fx_doc *d = norm_s(raw);
    assert_non_null(strstr(d->text, "一、收入决算情况说明\n2024年度"));
    assert_non_null(strstr(d->text, "160.00万元\n一般公共预算财政拨款收入\t1\t4,402.38\n"));
    assert_non_null(strstr(d->text, "听党话跟党走\n\n一是"));
    map_sane(d);
    doc_free(d);
}

static void page_break_inside_paragraph(void **st)
{
    (void)st;
    const char *raw =
        "青松区东湖街道办事处2024年度部门决算\n"
        "\n"
        "2024年度一般公共预算财政拨款支出年初预算3,980.00万元，支出决算4,430.16万元，完成年初\n"
        "\n"
        "- 2 -\n"
        "\n"
        "青松区东湖街道办事处2024年度部门决算\n"
        "\n"
        "预算的111.31%。\n"
        "\n"
        "三、支出决算情况说明\n"
        "\n"
        "本年支出合计4,590.16万元，其中：基本支出2,105.44万元；项目支出2,484.72万元。\n"
        "\n"
        "第 3 页 共 9 页\n"
        "\n"
        "青松区东湖街道办事处 2024 年度部门决算\n"
        "\n"
        "本年支出合计4,590.16万元。\n";
    fx_doc *d = norm_s(raw);
    assert_null(strstr(d->text, "- 2 -"));
    assert_null(strstr(d->text, "第 3 页"));
    assert_non_null(strstr(d->text, "完成年初预算的111.31%。"));
    /* the title stays, the running headers go */
    assert_int_equal(at(d, "青松区东湖街道办事处2024年度部门决算", 0), 0);
    assert_null(strstr(d->text + 1, "青松区东湖街道办事处2024年度部门决算"));
    long long rs, re;
    raw_of(d, "年初预算的111.31%", 0, &rs, &re);
    assert_int_equal(rs, (long long)(strstr(raw, "年初\n") - raw));
    assert_memory_equal(raw + re - 7, "111.31%", 7);
    map_sane(d);
    doc_free(d);
}

static void hard_wrapped_text(void **st)
{
    (void)st;
    /* a page cut every 20 columns: amounts, labels and a heading break anywhere */
    const char *raw =
        "第二部分 2024 年度部\n"
        "门决算情况说明\n"
        "\n"
        "2024 年度本年收入合\n"
        "计 26538.47 万元，本\n"
        "年支出合计 26538.47\n"
        " 万元。与上年决算相\n"
        "比，收入、支出各增加\n"
        " 1,336.82 万元，增长\n"
        " 5.30%，主要原因是：\n"
        "乡村振兴衔接资金增加\n"
        "。\n"
        "\n"
        "一、收入决算情况说明\n"
        "\n"
        "本年收入合计 26538.\n"
        "47 万元，其中：财政拨\n"
        "款收入 25938.47 万元\n"
        "，占 97.74%。\n";
    fx_doc *d = norm_s(raw);
    assert_string_equal(d->text,
        "第二部分2024年度部门决算情况说明\n"
        "\n"
        "2024年度本年收入合计26538.47万元,本年支出合计26538.47万元。与上年决算相比,收入、支出各增加"
        "1,336.82万元,增长5.30%,主要原因是:乡村振兴衔接资金增加。\n"
        "\n"
        "一、收入决算情况说明\n"
        "\n"
        "本年收入合计26538.47万元,其中:财政拨款收入25938.47万元,占97.74%。\n");
    long long rs, re;
    raw_of(d, "26538.47", 2, &rs, &re);            /* cut as 26538. / 47 */
    assert_memory_equal(raw + rs, "26538.\n47", 9);
    assert_int_equal(re - rs, 9);
    map_sane(d);
    doc_free(d);
}

static void ocr_residue(void **st)
{
    (void)st;
    const char *raw = "支出1O5.3l万元，2O24年度，合计1、336.82万元，ISO9001认证，第1、2、3项。\n";
    fx_doc *d = norm_s(raw);
    assert_string_equal(d->text, "支出105.31万元,2024年度,合计1,336.82万元,ISO9001认证,第1、2、3项。\n");
    long long rs, re;
    raw_of(d, "1,336.82", 0, &rs, &re);
    assert_memory_equal(raw + rs, "1、336.82", 10);     /* 、 is 3 raw bytes for 1 canonical */
    assert_int_equal(re - rs, 10);
    raw_of(d, "105.31", 0, &rs, &re);
    assert_memory_equal(raw + rs, "1O5.3l", 6);
    map_sane(d);
    doc_free(d);
}

static void space_separated_table_kept(void **st)
{
    (void)st;
    const char *raw = "一般公共服务支出    1,865.30    1,236.85\n2010506统计管理 12.00 13.50\n";
    fx_doc *d = norm_s(raw);
    assert_string_equal(d->text, raw);
    doc_free(d);
}

static void gbk_offsets(void **st)
{
    (void)st;
    /* 收入１２万元，占５％ in GBK: Han and full-width forms are two bytes each */
    const unsigned char raw[] = {0xca, 0xd5, 0xc8, 0xeb, 0xa3, 0xb1, 0xa3, 0xb2, 0xcd, 0xf2, 0xd4, 0xaa,
                                 0xa3, 0xac, 0xd5, 0xbc, 0xa3, 0xb5, 0xa3, 0xa5, '\n',
                                 /* more text so detection is sure: 本年收入合计 */
                                 0xb1, 0xbe, 0xc4, 0xea, 0xca, 0xd5, 0xc8, 0xeb, 0xba, 0xcf, 0xbc, 0xc6, '\n'};
    fx_doc *d = norm(raw, sizeof raw);
    assert_string_equal(d->encoding, "GB18030");
    assert_string_equal(d->text, "收入12万元,占5%\n本年收入合计\n");
    long long rs, re;
    raw_of(d, "12万元", 0, &rs, &re);
    assert_int_equal(rs, 4);
    assert_int_equal(re, 12);
    raw_of(d, "5%", 0, &rs, &re);
    assert_int_equal(rs, 16);
    assert_int_equal(re, 20);
    map_sane(d);
    doc_free(d);
}

static void utf16_offsets(void **st)
{
    (void)st;
    /* BOM, then 占 5 % \r\n 元 in UTF-16LE */
    const unsigned char raw[] = {0xff, 0xfe, 0x60, 0x53, '5', 0, '%', 0, '\r', 0, '\n', 0, 0x43, 0x51};
    fx_doc *d = norm(raw, sizeof raw);
    assert_string_equal(d->encoding, "UTF-16LE");
    assert_string_equal(d->text, "占5%\n元");
    long long rs, re;
    raw_of(d, "5%", 0, &rs, &re);
    assert_int_equal(rs, 4);
    assert_int_equal(re, 8);
    raw_of(d, "\n", 0, &rs, &re);           /* CRLF is one canonical byte, four raw ones */
    assert_int_equal(rs, 8);
    assert_int_equal(re, 12);
    raw_of(d, "元", 0, &rs, &re);
    assert_int_equal(rs, 12);
    assert_int_equal(re, 14);
    map_sane(d);
    doc_free(d);
}

static void utf16be_page_number(void **st)
{
    (void)st;
    /* BOM, 收入\n- 1 -\n合计 in UTF-16BE: the page number goes, the map stays exact */
    const unsigned char raw[] = {0xfe, 0xff, 0x65, 0x36, 0x51, 0x65, 0, '\n', 0, '-', 0, ' ', 0, '1', 0, ' ',
                                 0, '-', 0, '\n', 0x54, 0x08, 0x8b, 0xa1};
    fx_doc *d = norm(raw, sizeof raw);
    assert_string_equal(d->encoding, "UTF-16BE");
    assert_null(strstr(d->text, "- 1 -"));
    long long rs, re;
    raw_of(d, "合计", 0, &rs, &re);
    assert_int_equal(rs, 20);
    assert_int_equal(re, 24);
    map_sane(d);
    doc_free(d);
}


static size_t count_code(const fx_doc *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_recs; i++) {
        const char *c = fx_get_str(d->recs[i], "code");
        if (c && !strcmp(c, code)) n++;
    }
    return n;
}

/* UTF-8 validity at its edges, as utf8proc and the Unicode standard define it: shortest forms
 * only, no surrogates, nothing past U+10FFFF, no truncated or lone continuation bytes. An
 * ill-formed sequence inside a UTF-8 report becomes U+FFFD with an invalid-bytes diagnostic
 * on its raw bytes; the well-formed edge characters pass untouched. */
static void utf8_validity_edges(void **st)
{
    (void)st;
    static const char *const BAD[] = {
        "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xf0\x80\x80\x80",
        "\xf0\x8f\xbf\xbf", "\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
        "\xff", "\x80", "\xbf", "\xe4\xb8", "\xf0\x9f\x98"};
    static const char *const GOOD[] = {
        "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80",
        "\xef\xbf\xbd", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf"};
    /* a line of report text around the sequence, enough for the text to read as UTF-8 */
    const char *pre = "\xe6\x9c\xac\xe5\xb9\xb4\xe6\x94\xb6\xe5\x85\xa5\xe5\x90\x88\xe8\xae\xa1"
                      "\xe5\x90\x88\xe8\xae\xa1\xe6\x94\xb6\xe5\x85\xa5"; /* 本年收入合计合计收入 */
    char buf[256];
    for (size_t k = 0; k < sizeof BAD / sizeof BAD[0]; k++) {
        int n = snprintf(buf, sizeof buf, "%s%s%s12\n", pre, BAD[k], pre);
        fx_doc *d = norm(buf, (size_t)n);
        assert_string_equal(d->encoding, "UTF-8");
        assert_non_null(strstr(d->text, "\xef\xbf\xbd"));
        assert_true(count_code(d, "invalid-bytes") >= 1);
        for (size_t i = 0; i < d->n_recs; i++) /* the diagnostic points at the bad bytes */
            if (!strcmp(fx_get_str(d->recs[i], "code"), "invalid-bytes")) {
                assert_int_equal(d->recs[i]->span_s, (long long)strlen(pre));
                assert_true(d->recs[i]->span_e <= (long long)(strlen(pre) + strlen(BAD[k])));
            }
        map_sane(d);
        doc_free(d);
    }
    for (size_t k = 0; k < sizeof GOOD / sizeof GOOD[0]; k++) {
        int n = snprintf(buf, sizeof buf, "%s%s%s12\n", pre, GOOD[k], pre);
        fx_doc *d = norm(buf, (size_t)n);
        assert_string_equal(d->encoding, "UTF-8");
        assert_int_equal(count_code(d, "invalid-bytes"), 0);
        map_sane(d);
        doc_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fullwidth_digits),
        cmocka_unit_test(amount_cut_from_unit),
        cmocka_unit_test(heading_and_table_not_glued),
        cmocka_unit_test(page_break_inside_paragraph),
        cmocka_unit_test(hard_wrapped_text),
        cmocka_unit_test(ocr_residue),
        cmocka_unit_test(space_separated_table_kept),
        cmocka_unit_test(gbk_offsets),
        cmocka_unit_test(utf16_offsets),
        cmocka_unit_test(utf16be_page_number),
        cmocka_unit_test(utf8_validity_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* document.c: the report's title, issuer, year, kind and scope, on small reports written for
 * each way a report states them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fiscx.h"

typedef struct { char title[256], issuer[256], kind[16], scope[16], year[16]; int seen; } docf;

static void copy(char *dst, size_t cap, const char *src) { snprintf(dst, cap, "%s", src ? src : "(null)"); }

static int collect(void *user, const fx_record *r)
{
    docf *o = user;
    if (strcmp(fx_record_type(r), "document")) return 0;
    o->seen++;
    copy(o->title, sizeof o->title, fx_record_get(r, "title"));
    copy(o->issuer, sizeof o->issuer, fx_record_get(r, "issuer"));
    copy(o->kind, sizeof o->kind, fx_record_get(r, "kind"));
    copy(o->scope, sizeof o->scope, fx_record_get(r, "scope"));
    copy(o->year, sizeof o->year, fx_record_get(r, "year"));
    return 0;
}

static docf parse(const char *text)
{
    docf o;
    memset(&o, 0, sizeof o);
    fx_parse_buffer(NULL, "t", text, strlen(text), collect, &o);
    assert_int_equal(o.seen, 1);
    return o;
}

static void budget_title(void **st)
{
    (void)st;
    docf o = parse("2026年青山区教育局部门预算\n\n目录\n第一部分 部门概况\n\n第一部分 部门概况\n\n一、主要职能\n\n"
                   "青山区教育局是区政府工作部门。\n\n二、收支预算总体情况\n\n2026年部门预算收入总计3,286.45万元,"
                   "比2025年预算减少19.79万元。\n");
    assert_string_equal(o.title, "2026年青山区教育局部门预算");
    assert_string_equal(o.issuer, "青山区教育局");
    assert_string_equal(o.year, "2026");
    assert_string_equal(o.kind, "预算");
    assert_string_equal(o.scope, "部门");
}

static void year_in_numerals(void **st)
{
    (void)st;
    /* a cover that writes the year in numerals (二〇二三, OCR's ○) still names the issuer */
    docf o = parse("中共青石县委组织部\n二〇二三年度部门决算公开说明\n\n第一部分 部门概况\n\n一、部门职责\n\n"
                   "负责全县组织工作。\n");
    assert_string_equal(o.issuer, "中共青石县委组织部");
    assert_string_equal(o.year, "2023");
    assert_string_equal(o.kind, "决算");
    o = parse("青石县民政局\n二○二四年部门预算\n\n一、部门职责\n\n负责全县民政工作。\n");
    assert_string_equal(o.issuer, "青石县民政局");
    assert_string_equal(o.year, "2024");
    assert_string_equal(o.kind, "预算");
}

static void title_over_two_lines(void **st)
{
    (void)st;
    /* the issuer on one cover line, the year and kind on the next; cover notes are skipped;
     * (汇总) names the consolidated report and stays */
    docf o = parse("\n\n柳江市文化局(汇总)\n\n2023年度部门决算\n\n保密审查情况:已审查\n\n第一部分 部门概况\n\n"
                   "一、部门职责\n\n负责全市文化工作。\n\n收入支出决算总表\n编制部门:柳江市文化局(汇总)\n单位:万元\n"
                   "项目\t行次\t决算数\n主管部门\t\t柳江市文化局\t\t实施单位\t\t\n");
    assert_string_equal(o.title, "柳江市文化局(汇总)2023年度部门决算");
    assert_string_equal(o.issuer, "柳江市文化局(汇总)");
    assert_string_equal(o.year, "2023");
    assert_string_equal(o.kind, "决算");
    assert_string_equal(o.scope, "部门");
}

static void issuer_from_sentences_and_cells(void **st)
{
    (void)st;
    /* no cover: the issuer is the subject of the report's sentences, with a province in front
     * in most of them; the shorter name is stated in cells and other sentences, so the
     * province prefix and the (本级)/(部门) qualifiers go */
    docf o = parse("第一部分 单位概况\n一、主要职能\n负责全市水利工作。\n第二部分 单位决算情况说明\n"
                   "一、收入支出决算总体情况说明\n"
                   "河北省青山市水利局(本级)2023年度收入、支出决算总计100.00万元。\n"
                   "二、收入决算情况说明\n河北省青山市水利局(本级)2023年度本年收入决算合计100.00万元。\n"
                   "三、支出决算情况说明\n河北省青山市水利局(本级)2023年度本年支出决算合计100.00万元。\n"
                   "四、政府性基金预算财政拨款支出决算情况说明\n青山市水利局(部门)2023年度政府性基金支出0.00万元。\n"
                   "本部门2023年度无政府采购事项。\n"
                   "\t主管部门\n\t青山市水利局(部门)\n\t实施单位\n\t青山市水利局\n");
    assert_string_equal(o.title, "(null)");
    assert_string_equal(o.issuer, "青山市水利局");
    assert_string_equal(o.year, "2023");
    assert_string_equal(o.kind, "决算");
    assert_string_equal(o.scope, "单位");
}

static void unit_report_budget(void **st)
{
    (void)st;
    docf o = parse("南山市第二中学\n2025年单位预算\n\n一、单位基本情况\n\n学校承担教学任务。\n\n"
                   "二、收支预算总体情况\n\n2025年收入预算总额2,145.60万元。\n");
    assert_string_equal(o.title, "南山市第二中学2025年单位预算");
    assert_string_equal(o.issuer, "南山市第二中学");
    assert_string_equal(o.year, "2025");
    assert_string_equal(o.kind, "预算");
    assert_string_equal(o.scope, "单位");
}

static void level_word_is_not_an_issuer(void **st)
{
    (void)st;
    /* 区级 says which level, not who: the issuer comes from 编制单位 */
    docf o = parse("2026年区级部门预算\n\n编制单位:青山区财政局\n\n一、收支预算总体情况\n\n收入3,000.00万元。\n");
    assert_string_equal(o.issuer, "青山区财政局");
    assert_string_equal(o.year, "2026");
    assert_string_equal(o.kind, "预算");
}

static void year_from_text_without_title(void **st)
{
    (void)st;
    docf o = parse("一、收入支出决算总体情况说明\n2024 年度收入总计100万元,与2023年度相比增加10万元。\n"
                   "二、支出决算情况说明\n2024年度支出总计100万元。\n三、其他\n本部门2024年度部门决算数据如上。\n");
    assert_string_equal(o.year, "2024");
    assert_string_equal(o.kind, "决算");
    assert_string_equal(o.scope, "部门");
}

static void nothing_to_say(void **st)
{
    (void)st;
    docf o = parse("这是一段与财政无关的文字。\n另一行。\n");
    assert_string_equal(o.title, "(null)");
    assert_string_equal(o.issuer, "(null)");
    assert_string_equal(o.year, "(null)");
    assert_string_equal(o.kind, "(null)");
    assert_string_equal(o.scope, "(null)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(budget_title),
        cmocka_unit_test(title_over_two_lines),
        cmocka_unit_test(year_in_numerals),
        cmocka_unit_test(issuer_from_sentences_and_cells),
        cmocka_unit_test(unit_report_budget),
        cmocka_unit_test(level_word_is_not_an_issuer),
        cmocka_unit_test(year_from_text_without_title),
        cmocka_unit_test(nothing_to_say),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

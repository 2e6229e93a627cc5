/* tables: titles, metadata, headers, rows, sides, codes, parents and values in the layouts
 * the reports come in; the placement of numbers when empty cells were dropped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fiscx.h"
#include "tables.h"

#include "collect.h"

/* the JSON lines of the table, row, diagnostic, indicator records of a document */
static recs_t *parse(const char *text)
{
    static const char *const TYPES[] = {"table", "row", "diagnostic", "indicator", NULL};
    return parse_kept(text, TYPES);
}

/* the record with this id */
static const char *rec(recs_t *k, const char *id)
{
    char want[64];
    snprintf(want, sizeof want, "\"id\":\"%s\"", id);
    for (int i = 0; i < k->n; i++) if (strstr(k->lines[i], want)) return k->lines[i];
    return "";
}

static int count(recs_t *k, const char *needle)
{
    int n = 0;
    for (int i = 0; i < k->n; i++) n += strstr(k->lines[i], needle) != NULL;
    return n;
}

#define HAS(s, sub) do { const char *s_ = (s); if (!strstr(s_, sub)) fail_msg("%s\n  lacks %s", s_, sub); } while (0)

static void budget_tabs(void **st)
{
    (void)st;
    recs_t *k = parse("某县农业农村局2026年度部门预算\n"
                      "2026年部门收入预算总表\n"
                      "表2\n"
                      "编制单位:某县农业农村局\t单位:万元\n"
                      "功能分类科目编码\t功能分类科目名称\t合计\t一般公共预算\t政府性基金预算\n"
                      "213\t农林水支出\t1,500.00\t1,200.00\t300.00\n"
                      "21301\t农业农村\t1,500.00\t1,200.00\t300.00\n"
                      "2130101\t行政运行\t900.00\t900.00\t\n"
                      "2130199\t其他农业农村支出\t600.00\t300.00\t300.00\n"
                      "合计\t\t1,500.00\t1,200.00\t300.00\n"
                      "注:本表按功能分类科目列示。\n");
    const char *t = rec(k, "t1");
    HAS(t, "\"title\":\"2026年部门收入预算总表\"");
    HAS(t, "\"code\":\"表2\"");
    HAS(t, "\"unit\":\"万元\"");
    HAS(t, "\"issuer\":\"某县农业农村局\"");
    HAS(t, "\"columns\":[\"功能分类科目编码\",\"功能分类科目名称\",\"合计\",\"一般公共预算\",\"政府性基金预算\"]");
    HAS(t, "\"header_rows\":1");
    HAS(t, "\"n_rows\":5");
    HAS(t, "\"note\":\"注:本表按功能分类科目列示。\"");
    HAS(rec(k, "t1.r3"), "\"code\":\"2130101\"");
    HAS(rec(k, "t1.r3"), "\"values\":{\"合计\":\"900.00\",\"一般公共预算\":\"900.00\"}");
    HAS(rec(k, "t1.r3"), "\"parent\":\"t1.r2\"");
    HAS(rec(k, "t1.r2"), "\"parent\":\"t1.r1\"");
    HAS(rec(k, "t1.r5"), "\"kind\":\"total\"");
    done(k);
}

static void side_by_side(void **st)
{
    (void)st;
    recs_t *k = parse("部门财务收支预算总表\n"
                      "单位:元\n"
                      "收入\t预算数\t支出\t预算数\n"
                      "一、一般公共预算拨款收入\t100.00\t一、教育支出\t80.00\n"
                      "\t\t二、卫生健康支出\t20.00\n"
                      "本年收入合计\t100.00\t本年支出合计\t100.00\n");
    HAS(rec(k, "t1.r1.1"), "\"name\":\"一般公共预算拨款收入\"");
    HAS(rec(k, "t1.r1.1"), "\"side\":\"收入\"");
    HAS(rec(k, "t1.r1.2"), "\"side\":\"支出\"");
    HAS(rec(k, "t1.r1.2"), "\"values\":{\"预算数\":\"80.00\"}");
    HAS(rec(k, "t1.r2.2"), "\"name\":\"卫生健康支出\"");
    assert_string_equal(rec(k, "t1.r2.1"), ""); /* the empty 收入 half is no row */
    HAS(rec(k, "t1.r3.1"), "\"kind\":\"total\"");
    HAS(rec(k, "t1"), "\"side_starts\":{\"收入\":0,\"支出\":2}");
    done(k);
}

static void docx_cells(void **st)
{
    (void)st;
    /* one cell per line after a tab; a lone tab is an empty cell; a wrapped cell goes on
     * without a tab; rows end at blank lines */
    recs_t *k = parse("正文。\n\n"
                      "\t序号\n\t单位名称\n\t单位性质\n\n"
                      "\t1\n\t某县\n总工会\n\t\n\n"
                      "\t2\n\t某县工人文化宫\n\t事业单位\n\n\n"
                      "其后的正文。\n");
    HAS(rec(k, "t1"), "\"columns\":[\"序号\",\"单位名称\",\"单位性质\"]");
    HAS(rec(k, "t1.r1"), "\"cells\":[\"1\",\"某县总工会\",\"\"]");
    HAS(rec(k, "t1.r2"), "\"name\":\"某县工人文化宫\"");
    HAS(rec(k, "t1"), "\"n_rows\":2");
    done(k);
}

static void declared_empty(void **st)
{
    (void)st;
    recs_t *k = parse("本部门无政府性基金预算财政拨款收支,已公开空表。\n"
                      "政府性基金预算财政拨款收入支出决算表\n"
                      "单位:万元\n"
                      "项目\t\t本年支出\n"
                      "科目代码\t科目名称\t合计\n"
                      "\t合计\t\n"
                      "财政拨款收入支出决算总表\n"
                      "单位:万元\n"
                      "项目\t金额\n"
                      "一般公共预算财政拨款\t5.00\n");
    HAS(rec(k, "t1"), "\"empty\":true");
    HAS(rec(k, "t2"), "\"empty\":false"); /* 财政拨款 is inside the named subject, not it */
    done(k);
}

static void spaces_layout(void **st)
{
    (void)st;
    recs_t *k = parse("收入决算表\n"
                      "单位:元\n"
                      "项目    本年收入合计    财政拨款收入    其他收入\n"
                      "科目代码    科目名称\n"
                      "栏次    1    2    3\n"
                      "2010506统计管理    700.00    700.00\n"
                      "2080505机关事业单位基本养老保险缴\n"
                      "费    90.00    60.00    30.00\n"
                      "注:本表反映收入。\n");
    HAS(rec(k, "t1"), "\"layout\":3");
    HAS(rec(k, "t1.r1"), "\"code\":\"2010506\"");
    HAS(rec(k, "t1.r1"), "\"name\":\"统计管理\"");
    /* two numbers under three columns: the total is sure, the other is not */
    HAS(rec(k, "t1.r1"), "\"values\":{\"本年收入合计\":\"700.00\"}");
    HAS(rec(k, "t1.r1"), "\"unplaced\":[\"700.00\"]");
    HAS(rec(k, "t1.r2"), "\"name\":\"机关事业单位基本养老保险缴费\"");
    HAS(rec(k, "t1.r2"), "\"values\":{\"本年收入合计\":\"90.00\",\"财政拨款收入\":\"60.00\",\"其他收入\":\"30.00\"}");
    assert_int_equal(count(k, "\"code\":\"table-unplaced\""), 1);
    done(k);
}

static fx_dec D(const char *s) { return fx_dec_parse(s, strlen(s)); }

static void placement(void **st)
{
    (void)st;
    tb_col cols[5] = {{"项目", "项目", true, false, false}, {"行次", "行次", true, true, false},
                      {"合计", "合计", false, false, true}, {"A", "A", false, false, false},
                      {"B", "B", false, false, false}};
    int slot[4];
    fx_dec n1[] = {D("3"), D("10.00"), D("4.00"), D("6.00")};
    assert_int_equal(tb_place(cols, 5, n1, 4, NULL, 0, slot), 4);
    assert_int_equal(slot[0], 1);
    assert_int_equal(slot[1], 2);
    assert_int_equal(slot[3], 4);
    /* total first (it equals the rest), one part unknown */
    fx_dec n2[] = {D("5"), D("6.00"), D("6.00")};
    assert_int_equal(tb_place(cols, 5, n2, 3, NULL, 0, slot), 2);
    assert_int_equal(slot[1], 2);
    assert_int_equal(slot[2], -1);
    /* the same with a parent whose filled columns are 合计 and B */
    int parent[] = {2, 4};
    assert_int_equal(tb_place(cols, 5, n2, 3, parent, 2, slot), 3);
    assert_int_equal(slot[2], 4);
    /* a lone number is never guessed */
    fx_dec n3[] = {D("7"), D("48.13")};
    assert_int_equal(tb_place(cols, 5, n3, 2, NULL, 0, slot), 1);
    assert_int_equal(slot[1], -1);
    /* a first number that is not the sum of the rest does not go to the total */
    fx_dec n4[] = {D("1"), D("9.00"), D("4.00")};
    assert_int_equal(tb_place(cols, 5, n4, 3, NULL, 0, slot), 1);
}

static void text_helpers(void **st)
{
    (void)st;
    assert_int_equal(tb_ordinal_len("一、一般公共服务支出"), 6);
    assert_int_equal(tb_ordinal_len("二十二、灾害防治"), 12);
    assert_int_equal(tb_ordinal_len("(一)人员经费"), 5);
    assert_int_equal(tb_ordinal_len("1.基本支出"), 2);
    assert_int_equal(tb_ordinal_len("2023年"), 0);
    assert_int_equal(tb_ordinal_len("1.5"), 0);
    assert_true(tb_is_code("2012906"));
    assert_false(tb_is_code("201290"));
    fx_dec v;
    assert_true(tb_num("9,815.11", &v));
    assert_true(tb_num("100.00%", &v));
    assert_false(tb_num("——", &v));
    assert_true(tb_is_dash("——"));
    assert_false(tb_is_dash(""));
}


/* Layout 3 with the page layout kept: empty columns print nothing, yet the numbers sit under
 * their header words; the same text with the padding collapsed places nothing by position
 * (and nothing wrongly). */
static const char *const SANGONG[] = {
    "财政拨款“三公”经费支出决算表",
    "编制部门：某县水务局                                      单位：万元",
    "    项目          合计    因公出国（境）费    公务用车购置及运行维护费    公务接待费",
    "    栏次           1             2                      3                    4",
    "  预算数         12.50                                  8.00                 4.50",
    "  决算数         10.20                                  7.10                 3.10",
    "  上年决算数     14.00          2.00                    9.00                 3.00",
    NULL};

static char *join_lines(const char *const *l, bool collapse)
{
    size_t n = 0;
    for (int i = 0; l[i]; i++) n += strlen(l[i]) + 1;
    char *s = malloc(n + 64), *w = s;
    w += sprintf(w, "某县水务局2024年度部门决算\n");
    for (int i = 0; l[i]; i++) {
        for (const char *p = l[i]; *p; p++) {
            if (collapse && *p == ' ' && (w[-1] == ' ' || w[-1] == '\n')) continue;
            *w++ = *p;
        }
        *w++ = '\n';
    }
    *w = 0;
    return s;
}

static void aligned_layout(void **st)
{
    (void)st;
    char *text = join_lines(SANGONG, false);
    recs_t *k = parse(text);
    HAS(rec(k, "t1.r1"), "\"values\":{\"合计\":\"12.50\",\"公务用车购置及运行维护费\":\"8.00\",\"公务接待费\":\"4.50\"}");
    HAS(rec(k, "t1.r2"), "\"values\":{\"合计\":\"10.20\",\"公务用车购置及运行维护费\":\"7.10\",\"公务接待费\":\"3.10\"}");
    assert_int_equal(count(k, "table-unplaced"), 0);
    done(k);
    free(text);
    /* collapsed: only the leading 合计 is known (the sum of the others); the rest waits */
    text = join_lines(SANGONG, true);
    k = parse(text);
    HAS(rec(k, "t1.r1"), "\"values\":{\"合计\":\"12.50\"}");
    HAS(rec(k, "t1.r1"), "\"unplaced\":[\"8.00\",\"4.50\"]");
    assert_int_equal(count(k, "公务用车购置及运行维护费\":\"8.00"), 0);
    done(k);
    free(text);
}

/* table.section after the outline; 绩效 forms list their funds columns; a 部门整体 form's
 * project is its unit */
static void sections_and_forms(void **st)
{
    (void)st;
    recs_t *k = parse("某县民政局2024年度部门决算\n\n"
                      "第三部分 其他说明\n\n"
                      "一、绩效自评结果\n\n"
                      "某县民政局2024年度部门整体支出绩效自评表\n"
                      "部门名称\t某县民政局\t\t\t\n"
                      "项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
                      "年度资金总额\t100.00\t120.00\t118.00\t10\t98.33%\t9.8\n"
                      "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
                      "\t产出指标\t数量指标\t救助人数\t≥500人\t520人\t20\t20\n"
                      "总分\t\t\t\t\t\t100\t98\n");
    const char *t = rec(k, "t1");
    HAS(t, "\"columns\":[\"项目资金(万元)\",\"年初预算数\",\"全年预算数\",\"全年执行数\",\"分值\",\"执行率\",\"得分\"]");
    HAS(t, "\"project\":\"某县民政局\"");
    assert_true(strstr(t, "\"section\":\"s") != NULL);
    assert_int_equal(count(k, "\"project\":\"某县民政局\""), 2); /* the table and its indicator */
    done(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(budget_tabs),   cmocka_unit_test(side_by_side), cmocka_unit_test(docx_cells),
        cmocka_unit_test(declared_empty), cmocka_unit_test(spaces_layout), cmocka_unit_test(placement),
        cmocka_unit_test(text_helpers), cmocka_unit_test(aligned_layout), cmocka_unit_test(sections_and_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

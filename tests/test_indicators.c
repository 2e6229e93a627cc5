/* indicators: one record per 三级指标 of a 绩效 self-evaluation table, levels carried down,
 * rows shifted by the converter read in order, op/target/unit from the cells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fiscx.h"

#include "collect.h"

/* the JSON lines of the indicator, table records of a document */
static recs_t *parse(const char *text)
{
    static const char *const TYPES[] = {"indicator", "table", NULL};
    return parse_kept(text, TYPES);
}

static const char *ind(recs_t *k, const char *name)
{
    char want[256];
    snprintf(want, sizeof want, "\"name\":\"%s\"", name);
    for (int i = 0; i < k->n; i++)
        if (strstr(k->lines[i], "\"type\":\"indicator\"") && strstr(k->lines[i], want)) return k->lines[i];
    return "";
}

static int n_ind(recs_t *k)
{
    int n = 0;
    for (int i = 0; i < k->n; i++) n += strstr(k->lines[i], "\"type\":\"indicator\"") != NULL;
    return n;
}

#define HAS(s, sub) do { const char *s_ = (s); if (!strstr(s_, sub)) fail_msg("%s\n  lacks %s", s_, sub); } while (0)

static const char PDF[] =
    "某局培训经费项目绩效自评表\n"
    "(2025年度)\n"
    "项目名称\t\t培训经费\t\t\t\t\t\n"
    "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t20.00\t18.00\t17.10\t10\t95.00%\t9.5\n"
    "绩效指标\t一级指标\t二级 指标\t三级指标\t年度 指标值\t实际 完成值\t分值\t得分\t偏差原因分析及改进措施\n"
    "\t产出指标 (50分)\t数量指标\t培训人次\t≥ 300人次\t320人次\t20\t20\t\n"
    "\t\t\t质量指标\t培训合格率\t≥95 %\t97%\t10\t10\t\n"       /* one empty cell too many */
    "\t完成时间\t2025年年底前\t\t11月\t10\t9\t进度略慢\t\n"      /* one too few */
    "\t效益指标 (30分)\t社会效益 指标\t学员满意度\t不低于90%\t93%\t30\t30\t\n"
    "\t成本指标\t人均培训成本\t≤ 600元/人\t570元/人\t10\t10\t\t\n"
    "总分\t\t\t\t\t\t100\t99\t\n";

static void pdf_rows(void **st)
{
    (void)st;
    recs_t *k = parse(PDF);
    assert_int_equal(n_ind(k), 5);
    const char *a = ind(k, "培训人次");
    HAS(a, "\"project\":\"培训经费\"");
    HAS(a, "\"level1\":\"产出指标\"");
    HAS(a, "\"level2\":\"数量指标\"");
    HAS(a, "\"op\":\">=\"");
    HAS(a, "\"target\":\"300\"");
    HAS(a, "\"actual\":\"320\"");
    HAS(a, "\"unit\":\"人次\"");
    HAS(a, "\"weight\":\"20\"");
    const char *b = ind(k, "培训合格率");
    HAS(b, "\"level2\":\"质量指标\"");
    HAS(b, "\"op\":\">=\"");
    HAS(b, "\"unit\":\"%\"");
    HAS(b, "\"actual\":\"97\"");
    const char *c = ind(k, "完成时间");
    HAS(c, "\"level2\":\"质量指标\"");       /* carried down */
    HAS(c, "\"target\":\"2025年年底前\"");  /* text stays text */
    HAS(c, "\"score\":\"9\"");
    HAS(c, "\"note\":\"进度略慢\"");
    const char *d = ind(k, "学员满意度");
    HAS(d, "\"level1\":\"效益指标\"");
    HAS(d, "\"level2\":\"社会效益指标\"");
    HAS(d, "\"op\":\">=\"");
    const char *e = ind(k, "人均培训成本");
    HAS(e, "\"level1\":\"效益指标\"");
    HAS(e, "\"level2\":\"成本指标\"");
    HAS(e, "\"unit\":\"元/人\"");
    HAS(e, "\"op\":\"<=\"");
    done(k);
}

static void docx_columns(void **st)
{
    (void)st;
    /* DOCX: a cell per line; 指标性质/指标方向/计量单位 columns; merged cells are empty */
    recs_t *k = parse("\t项目支出绩效自评表\n(2024年度)\n\n"
                      "\t项目名称\n\t慰问经费\n\n"
                      "\t绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标性质\n\t指标方向\n\t年度指标值\n"
                      "\t实际完成值\n\t计量单位\n\t分值\n\t得分\n\t偏差原因分析及改进措施\n\n"
                      "\t绩效指标\n\t产出指标\n\t数量指标\n\t慰问人数\n\t正向\n\t大于等于\n\t400\n\t450\n\t人数\n\t10\n\t10\n\t\n\n"
                      "\t\n\t\n\t成本指标\n\t人均慰问成本\n\t反向\n\t小于等于\n\t200\n\t178\n\t元/人\n\t10\n\t8\n\t\n\n"
                      "\t\n\t\n\t\n\t覆盖率\n\t正向\n\t大于等于\n\t95\n\t96\n\t百分比\n\t5\n\t5\n\t\n\n"
                      "\t总分\n\t100\n\t98\n\n\n");
    assert_int_equal(n_ind(k), 3);
    const char *a = ind(k, "慰问人数");
    HAS(a, "\"nature\":\"正向\"");
    HAS(a, "\"unit\":\"人\"");
    const char *b = ind(k, "人均慰问成本");
    HAS(b, "\"level1\":\"产出指标\"");
    HAS(b, "\"level2\":\"成本指标\"");
    HAS(b, "\"nature\":\"反向\"");
    HAS(b, "\"op\":\"<=\"");
    HAS(b, "\"target\":\"200\"");
    HAS(b, "\"actual\":\"178\"");
    HAS(b, "\"score\":\"8\"");
    const char *c = ind(k, "覆盖率");
    HAS(c, "\"level2\":\"成本指标\"");
    HAS(c, "\"unit\":\"%\"");
    done(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(pdf_rows), cmocka_unit_test(docx_columns)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

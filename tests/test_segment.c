/* segment.c: the outline's hard cases, each on a small report written for the case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fiscx.h"

typedef struct {
    char id[16], marker[32], title[256], parent[16], path[512];
    int level;
    long long ordinal;
    long line;
} sec;

typedef struct { sec v[128]; int n; int diag_info; } outline;

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static int collect(void *user, const fx_record *r)
{
    outline *o = user;
    if (!strcmp(fx_record_type(r), "diagnostic")) {
        const char *sev = fx_record_get(r, "severity");
        if (sev && !strcmp(sev, "info")) o->diag_info++;
        return 0;
    }
    if (strcmp(fx_record_type(r), "section") || o->n == 128) return 0;
    sec *s = &o->v[o->n++];
    copy(s->id, sizeof s->id, fx_record_id(r));
    copy(s->marker, sizeof s->marker, fx_record_get(r, "marker"));
    copy(s->title, sizeof s->title, fx_record_get(r, "title"));
    copy(s->parent, sizeof s->parent, fx_record_get(r, "parent"));
    s->level = atoi(fx_record_get(r, "level"));
    s->ordinal = atoll(fx_record_get(r, "ordinal"));
    char *path = fx_record_field_json(r, "path");
    copy(s->path, sizeof s->path, path);
    free(path);
    size_t n;
    const char *j = fx_record_json(r, &n);
    const char *p = strstr(j, ",\"line\":");
    s->line = p ? strtol(p + 8, NULL, 10) : 0;
    return 0;
}

static outline *parse(const char *text)
{
    outline *o = calloc(1, sizeof *o);
    assert_non_null(o);
    fx_parse_buffer(NULL, "t", text, strlen(text), collect, o);
    return o;
}

static const sec *find(const outline *o, const char *title)
{
    for (int i = 0; i < o->n; i++)
        if (!strcmp(o->v[i].title, title)) return &o->v[i];
    return NULL;
}

static const sec *by_id(const outline *o, const char *id)
{
    for (int i = 0; i < o->n; i++)
        if (!strcmp(o->v[i].id, id)) return &o->v[i];
    return NULL;
}

/* the section titled `title` exists with this level and its parent is titled `parent` */
static void expect(const outline *o, const char *title, int level, const char *marker, const char *parent)
{
    const sec *s = find(o, title);
    if (!s) fail_msg("no section titled %s", title);
    assert_int_equal(s->level, level);
    assert_string_equal(s->marker, marker);
    if (!parent) {
        assert_string_equal(s->parent, "");
    } else {
        const sec *p = by_id(o, s->parent);
        if (!p) fail_msg("section %s has no parent, want %s", title, parent);
        assert_string_equal(p->title, parent);
    }
}

static void toc_then_body(void **st)
{
    (void)st;
    outline *o = parse("某某局2024年度部门决算\n\n目 录\n\n第一部分 部门概况\n- 一、部门职责\n- 二、机构设置\n"
                       "第二部分 2024年度部门决算情况说明\n- 一、收入支出决算总体情况说明\n\n"
                       "第一部分 部门概况\n\n一、部门职责\n\n负责全区水利工程的建设和管理。\n\n二、机构设置\n\n"
                       "本部门内设3个科室。\n\n第二部分 2024年度部门决算情况说明\n\n一、收入支出决算总体情况说明\n\n"
                       "2024年度收入总计100.00万元。\n");
    assert_int_equal(o->n, 5);
    for (int i = 0; i < o->n; i++) assert_true(o->v[i].line >= 10);   /* nothing from the TOC */
    expect(o, "部门概况", 1, "第一部分", NULL);
    expect(o, "机构设置", 2, "二、", "部门概况");
    expect(o, "收入支出决算总体情况说明", 2, "一、", "2024年度部门决算情况说明");
    free(o);
}

static void toc_leaders_and_repeat(void **st)
{
    (void)st;
    /* dotted leaders with page numbers, no 目录 line */
    outline *o = parse("一、部门主要职能 ………… 3\n二、机构设置 ………… 5\n\n一、部门主要职能\n\n负责……工作。\n\n"
                       "二、机构设置\n\n内设科室4个。\n");
    assert_int_equal(o->n, 2);
    assert_int_equal(o->v[0].line, 4);
    free(o);
    /* the same heading list twice, no 目录 and no page numbers: the first run is a TOC */
    o = parse("第一部分 部门概况\n一、部门职责\n二、机构设置\n第二部分 情况说明\n\n第一部分 部门概况\n\n一、部门职责\n\n"
              "负责全市的工作,组织实施各项任务。\n\n二、机构设置\n\n设5个科室,编制20名。\n\n第二部分 情况说明\n\n正文内容在此。\n");
    assert_int_equal(o->n, 4);
    assert_int_equal(o->v[0].line, 6);
    free(o);
}

static void table_rows_are_not_headings(void **st)
{
    (void)st;
    outline *o = parse("一、收支总体情况\n\n收入支出决算总表\n"
                       "一、一般公共预算财政拨款收入 1 9,815.11\n二、政府性基金预算财政拨款收入 2 0.00\n"
                       "三、上级补助收入\t3\t\n四、事业收入 5,000.00\n");
    assert_int_equal(o->n, 1);
    assert_string_equal(o->v[0].title, "收支总体情况");
    free(o);
}

static void table_titles_in_the_tables_part(void **st)
{
    (void)st;
    /* in the body, the numbered table titles of the part that holds the tables are its
     * headings (the table stage claims them as titles too); their rows are not */
    outline *o = parse("第三部分 2024年度部门决算表\n\n一、收入支出决算总表(单位:万元)\n\n项目\t行次\t决算数\n"
                       "一、一般公共预算财政拨款收入\t1\t100.00\n\n二、收入决算表\n\n项目\t合计\n合计\t100.00\n");
    assert_int_equal(o->n, 3);
    expect(o, "收入支出决算总表(单位:万元)", 2, "一、", "2024年度部门决算表");
    expect(o, "收入决算表", 2, "二、", "2024年度部门决算表");
    free(o);
}

static void list_items_are_not_headings(void **st)
{
    (void)st;
    outline *o = parse(
        "一、主要职能\n"
        "(一)根据党的基本路线和方针,围绕全市工作大局,贯彻上级确定的任务。\n"
        "(二)依照法律组织和指导各级单位坚定不移地贯彻落实方针,进一步突出和履行职能。\n"
        "(三)对有关重大问题进行调查研究;参与全市有关政策的制定。\n"
        "(四)负责经费和资产的管理、审查、审计工作。\n"
        "二、基本支出情况\n"
        "(一)人员经费 159.85万元。主要包括:退休费32.8万元。\n"
        "(二)公用经费 13.30万元。主要包括:其他交通费用13.3万元。\n"
        "三、收入决算情况\n"
        "(一)收入决算总计1336.82万元。包括:\n"
        "1.本年收入决算合计1,336.82万元。与上年决算相比,增加13.02万元。\n"
        "2.年初结转和结余0.00万元。\n"
        "四、主要工作\n"
        "(一)加强思想建设\n"
        "(二)提升服务质量\n");
    assert_int_equal(o->n, 6);
    expect(o, "加强思想建设", 3, "(一)", "主要工作");
    expect(o, "提升服务质量", 3, "(二)", "主要工作");
    assert_null(find(o, "负责经费和资产的管理、审查、审计工作"));
    free(o);
}

static void first_sentence_titles(void **st)
{
    (void)st;
    outline *o = parse("三、主要工作完成情况\n"
                       "1.强化思想理论建设。按照时间节点,扎实推进主题教育,组织学习12次。\n"
                       "2.提升党建工作质量。创新打造党建品牌,将党建工作与业务工作深度融合。\n"
                       "(一)履职完成情况。从数量、质量、时效、成本等方面归纳反映完成情况。\n");
    expect(o, "强化思想理论建设", 4, "1.", "主要工作完成情况");
    expect(o, "提升党建工作质量", 4, "2.", "主要工作完成情况");
    expect(o, "履职完成情况", 3, "(一)", "主要工作完成情况");
    free(o);
}

/* a title before a colon (政府采购支出情况:本部门…) among first-sentence titles is a heading;
 * a definition after the colon (指…) or a label that is no title (综述:…) stays a list item */
static void colon_titles(void **st)
{
    (void)st;
    outline *o = parse("二、部门决算情况说明\n"
                       "(一)收入支出决算总体情况。2024年度收入总计2,365.18万元。\n"
                       "(二)国有资产占用情况。截至2024年12月31日,本部门共有车辆1辆。\n"
                       "(三)政府采购支出情况:本部门2024年度政府采购支出总额12.50万元。\n"
                       "(四)绩效目标:指预算资金计划在一定期限内达到的产出和效果。\n");
    expect(o, "政府采购支出情况", 3, "(三)", "部门决算情况说明");
    assert_null(find(o, "绩效目标"));
    free(o);
}

static void broken_headings(void **st)
{
    (void)st;
    outline *o = parse("第三部分 2024年度部门决算情况\n说明\n\n一、\n收入决算情况说明\n\n本年收入合计100万元。\n\n"
                       "二、一般公共预算财政拨款支出决算情况说\n\n- 3 -\n\n某某镇人民政府2024年度部门决算\n\n明\n\n"
                       "正文。\n\n某某镇人民政府2024年度部门决算\n");
    expect(o, "2024年度部门决算情况说明", 1, "第三部分", NULL);
    expect(o, "收入决算情况说明", 2, "一、", "2024年度部门决算情况说明");
    expect(o, "一般公共预算财政拨款支出决算情况说明", 2, "二、", "2024年度部门决算情况说明");
    assert_int_equal(o->n, 3);
    free(o);
}

static void no_parts(void **st)
{
    (void)st;
    outline *o = parse("某某中学2025年单位预算\n\n一、单位基本情况\n\n(一)主要职能\n\n承担教育教学任务。\n\n"
                       "二、收支预算总体情况\n\n收入预算2,145.60万元。\n\n三、支出预算情况\n\n"
                       "(一)项目支出\n\n1.学生资助项目\n\n(1)国家助学金。按照2000元/生/年的标准资助。\n\n"
                       "①中职助学金\n\n②普高助学金\n");
    expect(o, "单位基本情况", 2, "一、", NULL);
    expect(o, "主要职能", 3, "(一)", "单位基本情况");
    expect(o, "收支预算总体情况", 2, "二、", NULL);
    expect(o, "学生资助项目", 4, "1.", "项目支出");
    expect(o, "国家助学金", 5, "(1)", "学生资助项目");
    expect(o, "中职助学金", 6, "①", "国家助学金");
    expect(o, "普高助学金", 6, "②", "国家助学金");
    assert_int_equal(find(o, "普高助学金")->ordinal, 2);
    assert_string_equal(find(o, "国家助学金")->path,
                        "[\"三、支出预算情况\",\"(一)项目支出\",\"1.学生资助项目\",\"(1)国家助学金\"]");
    free(o);
}

static void annex_numbering(void **st)
{
    (void)st;
    outline *o = parse("第四部分 附件\n\n附件1\n\n某某局2024年度部门整体支出绩效自评报告\n\n一、部门基本情况\n\n"
                       "全年预算数100万元。\n\n二、自评结论\n\n得分96分。\n\n附件2\n\n一、项目概况\n\n项目预算50万元。\n");
    expect(o, "附件", 1, "第四部分", NULL);
    expect(o, "部门基本情况", 2, "一、", NULL);
    expect(o, "项目概况", 2, "一、", NULL);
    assert_int_equal(o->n, 4);
    free(o);
}

static void paren_digit_typo(void **st)
{
    (void)st;
    outline *o = parse("三、主要工作完成情况\n(1) 坚持党建带工建\n1.强化思想理论建设。按照时间节点推进。\n"
                       "(二)持续强化思想政治引领\n1.提高思想认知水平。组建宣讲团。\n四、下一步工作\n");
    expect(o, "坚持党建带工建", 3, "(1)", "主要工作完成情况");
    expect(o, "强化思想理论建设", 4, "1.", "坚持党建带工建");
    expect(o, "持续强化思想政治引领", 3, "(二)", "主要工作完成情况");
    expect(o, "下一步工作", 2, "四、", NULL);
    assert_int_equal(o->diag_info, 1);
    free(o);
}

static void chinese_ordinals(void **st)
{
    (void)st;
    outline *o = parse("十四、预算绩效情况说明\n\n(十二)其他事项\n\n二十六、抗疫特别国债安排的支出情况\n\n第十部分 附表\n");
    assert_int_equal(find(o, "预算绩效情况说明")->ordinal, 14);
    assert_int_equal(find(o, "其他事项")->ordinal, 12);
    assert_int_equal(find(o, "抗疫特别国债安排的支出情况")->ordinal, 26);
    expect(o, "附表", 1, "第十部分", NULL);
    assert_int_equal(find(o, "附表")->ordinal, 10);
    free(o);
}

static void glossary_entries_are_terms(void **st)
{
    (void)st;
    outline *o = parse("第三部分 名词解释\n一、财政拨款收入:指本级财政当年拨付的资金。\n"
                       "二、基本支出:指为保障机构正常运转发生的支出。\n1. 项目支出:指完成特定任务发生的支出。\n"
                       "第四部分 联系方式\n联系电话:0477-8500059。\n");
    assert_int_equal(o->n, 2);
    expect(o, "名词解释", 1, "第三部分", NULL);
    expect(o, "联系方式", 1, "第四部分", NULL);
    free(o);
}

static void full_width_and_spacing(void **st)
{
    (void)st;
    /* full-width digits and punctuation arrive folded by NFKC; PDF spacing is dropped */
    outline *o = parse("第二部分 2025 年度部门决算情况说明\n\n１．因公出国（境）费支出情况说明\n\n本年无支出。\n\n"
                       "（１）公务用车购置\n\n本年无购置。\n");
    expect(o, "2025年度部门决算情况说明", 1, "第二部分", NULL);
    expect(o, "因公出国(境)费支出情况说明", 4, "1.", "2025年度部门决算情况说明");
    expect(o, "公务用车购置", 5, "(1)", "因公出国(境)费支出情况说明");
    free(o);
}

static void running_page_headers(void **st)
{
    (void)st;
    /* a page header that repeats the part title, in the middle of numbered paragraphs, and a
     * heading whose last characters went to the next page */
    outline *o = parse("第一部分 单位概况\n一、主要工作\n1.强化思想建设。按照要求推进。\n2.提升工作质量。创新打造品牌。\n\n\n"
                       "第一部分单位概况\n\n3.严格落实责任。加强分析研判。\n二、收入决算情况\n\n\n"
                       "第一部分单位概况\n\n说明\n本年收入合计100万元。\n\n\n第一部分单位概况\n\n三、其他事项\n");
    assert_int_equal(o->n, 7);
    expect(o, "单位概况", 1, "第一部分", NULL);
    expect(o, "严格落实责任", 4, "3.", "主要工作");
    expect(o, "收入决算情况说明", 2, "二、", "单位概况");
    expect(o, "其他事项", 2, "三、", "单位概况");
    free(o);
}

static void hostile_input(void **st)
{
    (void)st;
    /* many markers, empty titles, unmatched parentheses, a long line: bounded and no crash */
    size_t n = 200000;
    char *t = malloc(n + 1);
    assert_non_null(t);
    size_t k = 0;
    const char *pieces[] = {"1.\n", "(一\n", "一、\n", "第部分\n", "①\n", "(1)x。\n", "目录\n", "……3\n"};
    for (int i = 0; k + 16 < n; i++) {
        const char *p = pieces[i % 8];
        memcpy(t + k, p, strlen(p));
        k += strlen(p);
    }
    t[k] = 0;
    outline *o = parse(t);
    assert_true(o->n >= 0);
    free(o);
    memset(t, 'x', n);
    memcpy(t, "一、", 6);
    t[n] = 0;
    o = parse(t);
    assert_int_equal(o->n, 0);   /* a 200 KB "title" is content, not a heading */
    free(o);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(toc_then_body),
        cmocka_unit_test(toc_leaders_and_repeat),
        cmocka_unit_test(table_rows_are_not_headings),
        cmocka_unit_test(table_titles_in_the_tables_part),
        cmocka_unit_test(list_items_are_not_headings),
        cmocka_unit_test(first_sentence_titles),
        cmocka_unit_test(colon_titles),
        cmocka_unit_test(broken_headings),
        cmocka_unit_test(no_parts),
        cmocka_unit_test(annex_numbering),
        cmocka_unit_test(paren_digit_typo),
        cmocka_unit_test(chinese_ordinals),
        cmocka_unit_test(glossary_entries_are_terms),
        cmocka_unit_test(full_width_and_spacing),
        cmocka_unit_test(running_page_headers),
        cmocka_unit_test(hostile_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

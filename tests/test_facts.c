/* facts: amount, percent, change, quantity and term records from prose, run through the
 * whole pipeline (decode, normalize, …) on small reports written for the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fiscx.h"

/* ---- collected records: type, id and the string fields the tests look at ---- */
static const char *const FIELDS[] = {
    "value", "unit", "yuan", "label", "kind", "range", "subject", "baseline", "direction",
    "amount", "percent", "reason", "approx", "term", "definition", "text", "sentence", "change",
    "points", NULL};
#define NF 19

typedef struct { char *type, *id, *f[NF]; } rec;
typedef struct { rec *v; size_t n, cap; } recs;

static int collect(void *user, const fx_record *r)
{
    recs *rs = user;
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 64;
        rs->v = realloc(rs->v, rs->cap * sizeof *rs->v);
    }
    rec *x = &rs->v[rs->n++];
    memset(x, 0, sizeof *x);
    x->type = strdup(fx_record_type(r));
    x->id = strdup(fx_record_id(r));
    for (int i = 0; FIELDS[i]; i++) {
        const char *v = fx_record_get(r, FIELDS[i]);
        x->f[i] = v ? strdup(v) : NULL;
    }
    return 0;
}

static void recs_free(recs *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->v[i].type);
        free(rs->v[i].id);
        for (int k = 0; k < NF; k++) free(rs->v[i].f[k]);
    }
    free(rs->v);
    memset(rs, 0, sizeof *rs);
}

static recs run(const char *text)
{
    recs rs = {0};
    fx_parse_buffer(NULL, "t", text, strlen(text), collect, &rs);
    return rs;
}

static const char *get(const rec *r, const char *key)
{
    for (int i = 0; FIELDS[i]; i++)
        if (!strcmp(FIELDS[i], key)) return r->f[i];
    fail_msg("unknown field %s", key);
    return NULL;
}

static size_t count(const recs *rs, const char *type)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->n; i++) n += !strcmp(rs->v[i].type, type);
    return n;
}

/* the k-th record (0-based) of a type */
static const rec *nth(const recs *rs, const char *type, size_t k)
{
    for (size_t i = 0; i < rs->n; i++)
        if (!strcmp(rs->v[i].type, type) && k-- == 0) return &rs->v[i];
    fail_msg("no %s record #%zu", type, k);
    return NULL;
}

/* the first record of a type whose `key` equals `val` */
static const rec *find(const recs *rs, const char *type, const char *key, const char *val)
{
    for (size_t i = 0; i < rs->n; i++) {
        if (strcmp(rs->v[i].type, type)) continue;
        const char *v = get(&rs->v[i], key);
        if (v && !strcmp(v, val)) return &rs->v[i];
    }
    fail_msg("no %s record with %s = %s", type, key, val);
    return NULL;
}

#define EQ(r, key, want) assert_string_equal(get((r), (key)), (want))
#define NUL(r, key) assert_null(get((r), (key)))

/* ---- amounts ---- */

static void amounts_units_and_yuan(void **st)
{
    (void)st;
    recs rs = run("1.本年收入决算合计1,336.82万元。\n"
                  "全年支出26538.47 万元,其中:基本支出4.5亿元,奖励经费300元,预算2,933千元。\n"
                  "年初预算0万元,支出决算0.00万元。\n");
    assert_int_equal(count(&rs, "amount"), 7);
    const rec *a = nth(&rs, "amount", 0);
    EQ(a, "value", "1336.82"); EQ(a, "unit", "万元"); EQ(a, "yuan", "13368200.00");
    EQ(a, "label", "本年收入决算合计"); EQ(a, "text", "1,336.82万元");
    EQ(a, "sentence", "1.本年收入决算合计1,336.82万元");
    NUL(a, "range");
    a = nth(&rs, "amount", 1);
    EQ(a, "value", "26538.47"); EQ(a, "yuan", "265384700.00"); EQ(a, "label", "全年支出");
    EQ(a, "text", "26538.47 万元");
    a = nth(&rs, "amount", 2);
    EQ(a, "value", "4.5"); EQ(a, "unit", "亿元"); EQ(a, "yuan", "450000000.00"); EQ(a, "label", "基本支出");
    a = nth(&rs, "amount", 3);
    EQ(a, "value", "300"); EQ(a, "unit", "元"); EQ(a, "yuan", "300.00"); EQ(a, "label", "奖励经费");
    a = nth(&rs, "amount", 4);
    EQ(a, "value", "2933"); EQ(a, "unit", "千元"); EQ(a, "yuan", "2933000.00");
    a = nth(&rs, "amount", 5);
    EQ(a, "value", "0"); EQ(a, "yuan", "0.00"); EQ(a, "label", "年初预算");
    a = nth(&rs, "amount", 6);
    EQ(a, "value", "0.00"); EQ(a, "yuan", "0.00"); EQ(a, "label", "支出决算");
    recs_free(&rs);
}

static void amounts_rates_and_ranges(void **st)
{
    (void)st;
    recs rs = run("补助标准为300元/人/年,奖励1000-10000元,补贴1000元至5000元,另安排1~2万元。\n");
    assert_int_equal(count(&rs, "amount"), 7);
    const rec *a = nth(&rs, "amount", 0);
    EQ(a, "value", "300"); EQ(a, "unit", "元/人/年"); NUL(a, "yuan"); EQ(a, "label", "补助标准");
    a = nth(&rs, "amount", 1);
    EQ(a, "value", "1000"); EQ(a, "range", "low"); EQ(a, "yuan", "1000.00"); EQ(a, "text", "1000-10000元");
    a = nth(&rs, "amount", 2);
    EQ(a, "value", "10000"); EQ(a, "range", "high"); EQ(a, "yuan", "10000.00"); EQ(a, "label", "奖励");
    a = nth(&rs, "amount", 3);
    EQ(a, "value", "1000"); EQ(a, "range", "low"); EQ(a, "unit", "元");
    a = nth(&rs, "amount", 4);
    EQ(a, "value", "5000"); EQ(a, "range", "high");
    /* the low end takes the high end's unit */
    a = nth(&rs, "amount", 5);
    EQ(a, "value", "1"); EQ(a, "unit", "万元"); EQ(a, "yuan", "10000.00"); EQ(a, "range", "low");
    a = nth(&rs, "amount", 6);
    EQ(a, "value", "2"); EQ(a, "yuan", "20000.00"); EQ(a, "range", "high");
    recs_free(&rs);
}

static void amounts_not_years_counts_or_tables(void **st)
{
    (void)st;
    recs rs = run("截至2023年12月31日,共5个项目,120人,服务32.8万人次,3.5万余人受益,2023年元旦慰问。\n"
                  "本年收入合计\t1,336.82万元\n"
                  "累计服务60万,投入资金60万,用于改造。\n");
    /* only 投入资金60万: a bare 万 is money where the clause speaks of money */
    assert_int_equal(count(&rs, "amount"), 1);
    const rec *a = nth(&rs, "amount", 0);
    EQ(a, "value", "60"); EQ(a, "unit", "万元"); EQ(a, "yuan", "600000.00"); EQ(a, "label", "投入资金");
    EQ(a, "text", "60万");
    recs_free(&rs);
}

static void amounts_ocr_forms(void **st)
{
    (void)st;
    /* full-width digits and punctuation; OCR's 、 as a thousands separator */
    recs rs = run("项目支出１，２３４．５万元，占１２．５％；其他支出1、234.5万元。\n");
    assert_int_equal(count(&rs, "amount"), 2);
    const rec *a = nth(&rs, "amount", 0);
    EQ(a, "value", "1234.5"); EQ(a, "yuan", "12345000.00"); EQ(a, "label", "项目支出");
    EQ(a, "text", "１，２３４．５万元");
    a = nth(&rs, "amount", 1);
    EQ(a, "value", "1234.5"); EQ(a, "label", "其他支出"); EQ(a, "text", "1、234.5万元");
    const rec *p = nth(&rs, "percent", 0);
    EQ(p, "value", "12.5"); EQ(p, "kind", "share"); EQ(p, "label", "项目支出"); EQ(p, "text", "１２．５％");
    recs_free(&rs);
}

static void amounts_across_a_page_break(void **st)
{
    (void)st;
    /* a PDF page or hard wrap cut the amount; the record still has its value in yuan */
    recs rs = run("二、支出决算情况说明\n本年支出合计中基本支出 9800.36 万\n元，占 36.93%。\n");
    const rec *a = find(&rs, "amount", "value", "9800.36");
    EQ(a, "yuan", "98003600.00");
    EQ(a, "label", "本年支出合计中基本支出");
    const rec *p = find(&rs, "percent", "value", "36.93");
    EQ(p, "kind", "share");
    recs_free(&rs);
}

/* ---- percents ---- */

static void percent_kinds(void **st)
{
    (void)st;
    recs rs = run("基本支出204.84万元,占2.09%;与上年相比增长0.98%,收入下降−5.3%,支出减少-1.5%。"
                  "年初预算10万元,支出决算7.09万元,完成年初预算的70.9%。职工满意率100%,项目执行率98%。"
                  "比上年提高2个百分点,覆盖职工人数达到95%,目标为百分之五,误差百分之五点五以内,"
                  "变更率$\\leq 5\\%$。\n");
    assert_int_equal(count(&rs, "percent"), 12);
    const rec *p = nth(&rs, "percent", 0);
    EQ(p, "value", "2.09"); EQ(p, "kind", "share"); EQ(p, "label", "基本支出");
    p = nth(&rs, "percent", 1);
    EQ(p, "value", "0.98"); EQ(p, "kind", "growth");
    p = nth(&rs, "percent", 2);
    EQ(p, "value", "-5.3"); EQ(p, "kind", "decline"); EQ(p, "label", "收入");
    p = nth(&rs, "percent", 3);
    EQ(p, "value", "-1.5"); EQ(p, "kind", "decline");
    p = nth(&rs, "percent", 4);
    EQ(p, "value", "70.9"); EQ(p, "kind", "completion"); EQ(p, "label", "支出决算");
    p = nth(&rs, "percent", 5);
    EQ(p, "value", "100"); EQ(p, "kind", "rate"); EQ(p, "label", "职工满意率");
    p = nth(&rs, "percent", 6);
    EQ(p, "value", "98"); EQ(p, "kind", "completion");
    p = nth(&rs, "percent", 7);
    EQ(p, "value", "2"); EQ(p, "kind", "points"); EQ(p, "text", "2个百分点");
    p = nth(&rs, "percent", 8);
    EQ(p, "value", "95"); EQ(p, "kind", "other"); EQ(p, "label", "覆盖职工人数");
    p = nth(&rs, "percent", 9);
    EQ(p, "value", "5"); EQ(p, "text", "百分之五");
    p = nth(&rs, "percent", 10);
    EQ(p, "value", "5.5"); EQ(p, "text", "百分之五点五");
    p = nth(&rs, "percent", 11);
    EQ(p, "value", "5"); EQ(p, "kind", "rate");
    /* the LaTeX ≤ 5% is read from ≤5%, its label is the rate */
    recs_free(&rs);
    rs = run("项目设计变更率$\\leq 5\\%$,完工率$\\geq 90\\%$。\n");
    assert_int_equal(count(&rs, "percent"), 2);
    p = nth(&rs, "percent", 0);
    EQ(p, "value", "5"); EQ(p, "kind", "rate"); EQ(p, "label", "项目设计变更率");
    p = nth(&rs, "percent", 1);
    EQ(p, "value", "90"); EQ(p, "label", "完工率");
    recs_free(&rs);
}

/* ---- changes ---- */

static void change_with_reason_and_subject_before(void **st)
{
    (void)st;
    recs rs = run("1.本年收入决算合计1,336.82万元。与上年决算相比，增加13.02万元，增长0.98%，"
                  "变动原因：在编人员社会保险基数调整。\n");
    assert_int_equal(count(&rs, "change"), 1);
    const rec *c = nth(&rs, "change", 0);
    EQ(c, "subject", "本年收入决算合计");
    EQ(c, "baseline", "上年决算");
    EQ(c, "direction", "increase");
    EQ(c, "amount", "130200.00");
    EQ(c, "percent", "0.98");
    EQ(c, "reason", "在编人员社会保险基数调整");
    /* the amount and the percent it states point at it */
    const rec *a = find(&rs, "amount", "value", "13.02");
    EQ(a, "change", c->id);
    const rec *p = find(&rs, "percent", "value", "0.98");
    EQ(p, "change", c->id);
    assert_null(get(find(&rs, "amount", "value", "1336.82"), "change"));
    recs_free(&rs);
}

static void change_budget_phrasing(void **st)
{
    (void)st;
    recs rs = run("一般公共服务支出2000.00万元，比2025年预算减少19.79万元，主要原因是压减一般性支出。"
                  "住房保障支出240.00万元，与2025年预算持平。"
                  "国有资本经营预算支出1.5万元，比2025年预算执行数减少96.46%。"
                  "与年初预算相比，收、支总计各增加171.85万元，增长14.75%。\n");
    assert_int_equal(count(&rs, "change"), 4);
    const rec *c = nth(&rs, "change", 0);
    EQ(c, "subject", "一般公共服务支出"); EQ(c, "baseline", "2025年预算"); EQ(c, "direction", "decrease");
    EQ(c, "amount", "197900.00"); NUL(c, "percent"); EQ(c, "reason", "压减一般性支出");
    c = nth(&rs, "change", 1);
    EQ(c, "subject", "住房保障支出"); EQ(c, "baseline", "2025年预算"); EQ(c, "direction", "flat");
    NUL(c, "amount"); NUL(c, "percent"); NUL(c, "reason");
    c = nth(&rs, "change", 2);
    EQ(c, "baseline", "2025年预算执行数"); EQ(c, "direction", "decrease");
    NUL(c, "amount"); EQ(c, "percent", "96.46");
    c = nth(&rs, "change", 3);
    EQ(c, "subject", "收、支总计"); EQ(c, "baseline", "年初预算"); EQ(c, "amount", "1718500.00");
    EQ(c, "percent", "14.75");
    recs_free(&rs);
}

static void change_shared_baseline_and_non_changes(void **st)
{
    (void)st;
    recs rs = run("2024年度收入总计4,647.58万元。与上年决算相比，本年收入合计增加213.02万元，增长4.90%，"
                  "主要原因是：项目资金增加；本年支出合计减少36.15万元，下降0.78%，主要原因是：压减支出。\n"
                  "一般公共预算财政拨款支出决算1336.82万元。与年初预算1164.97万元相比，完成年初预算的114.75%。\n"
                  "会议费支出决算48.13万元。决算数较上年增加的主要原因是：召开代表大会。\n");
    assert_int_equal(count(&rs, "change"), 3);
    const rec *c = nth(&rs, "change", 0);
    EQ(c, "subject", "本年收入合计"); EQ(c, "direction", "increase"); EQ(c, "amount", "2130200.00");
    EQ(c, "reason", "项目资金增加");
    c = nth(&rs, "change", 1);
    EQ(c, "subject", "本年支出合计"); EQ(c, "baseline", "上年决算"); EQ(c, "direction", "decrease");
    EQ(c, "amount", "361500.00"); EQ(c, "percent", "0.78"); EQ(c, "reason", "压减支出");
    /* the completion sentence is not a change; the 较上年增加 one is, without numbers */
    c = nth(&rs, "change", 2);
    EQ(c, "subject", "决算数"); EQ(c, "baseline", "上年"); EQ(c, "direction", "increase");
    NUL(c, "amount"); NUL(c, "percent"); EQ(c, "reason", "召开代表大会");
    recs_free(&rs);
}

/* phrasings the first corpus did not have: the percent before the amount, 百分之 percents,
 * 多支出/节约 as directions, 有所 before the direction, 降幅达 before the percent */
static void change_other_phrasings(void **st)
{
    (void)st;
    recs rs = run("收入总计1,268.43万元,较上年增长8.7%,增加101.48万元。"
                  "收入预算总计836.54万元,比2024年预算增加51.23万元,增长百分之六点五。"
                  "支出合计1,523.60万元,比上年多支出45.20万元。"
                  "日常公用经费比上年节约2.6万元。"
                  "机关运行经费较上年有所下降。"
                  "结转资金12.4万元,较年初减少了1.6万元,降幅达11.4%。\n");
    assert_int_equal(count(&rs, "change"), 6);
    const rec *c = nth(&rs, "change", 0);
    EQ(c, "direction", "increase"); EQ(c, "amount", "1014800.00"); EQ(c, "percent", "8.7");
    EQ(c, "subject", "收入总计");
    EQ(find(&rs, "amount", "value", "101.48"), "change", c->id);
    c = nth(&rs, "change", 1);
    EQ(c, "amount", "512300.00"); EQ(c, "percent", "6.5"); EQ(c, "baseline", "2024年预算");
    c = nth(&rs, "change", 2);
    EQ(c, "direction", "increase"); EQ(c, "amount", "452000.00"); EQ(c, "subject", "支出合计");
    c = nth(&rs, "change", 3);
    EQ(c, "direction", "decrease"); EQ(c, "amount", "26000.00"); EQ(c, "subject", "日常公用经费");
    EQ(find(&rs, "amount", "value", "2.6"), "label", "日常公用经费");
    c = nth(&rs, "change", 4);
    EQ(c, "direction", "decrease"); EQ(c, "baseline", "上年"); NUL(c, "amount");
    c = nth(&rs, "change", 5);
    EQ(c, "amount", "16000.00"); EQ(c, "percent", "11.4"); EQ(c, "baseline", "年初");
    recs_free(&rs);
    /* a rate's unit stops at the sentence end; 百分之百 is 100; 所占 and 为…预算数的 */
    rs = run("补助标准为100元/人·月。项目支出预算完成率为百分之百。项目支出所占比例为37.7%,"
             "决算数为年初预算数的103.5%。\n");
    EQ(find(&rs, "amount", "value", "100"), "unit", "元/人·月");
    const rec *p = find(&rs, "percent", "value", "100");
    EQ(p, "text", "百分之百");
    p = find(&rs, "percent", "value", "37.7");
    EQ(p, "kind", "share"); EQ(p, "label", "项目支出");
    EQ(find(&rs, "percent", "value", "103.5"), "kind", "completion");
    recs_free(&rs);
    /* 负增长 is a decline; 万 元 with a space is one unit; a currency sign is no label */
    rs = run("基本支出较上年负增长5.3%。本年支出合计1,234.56 万 元,其中货物类¥5,000元。\n");
    c = nth(&rs, "change", 0);
    EQ(c, "direction", "decrease"); EQ(c, "baseline", "上年"); EQ(c, "percent", "5.3");
    EQ(find(&rs, "percent", "value", "5.3"), "kind", "decline");
    EQ(find(&rs, "amount", "value", "1234.56"), "text", "1,234.56 万 元");
    EQ(find(&rs, "amount", "value", "5000"), "label", "货物类");
    recs_free(&rs);
}

/* ---- quantities ---- */

static void quantities(void **st)
{
    (void)st;
    recs rs = run("慰问职工19371人次,参与职工近600人,走访企业382家,服务职工3.5万余人,观看近1万人次,"
                  "增加两个项目,设十四个科室,公务用车0 辆,建设13000平方米,开展活动5次以上。\n"
                  "截至2023年12月31日,第3次会议,占12.5%,支出100万元,一次性抚恤金。\n");
    assert_int_equal(count(&rs, "quantity"), 10);
    const rec *q = nth(&rs, "quantity", 0);
    EQ(q, "value", "19371"); EQ(q, "unit", "人次"); NUL(q, "approx"); EQ(q, "label", "慰问职工");
    q = nth(&rs, "quantity", 1);
    EQ(q, "value", "600"); EQ(q, "unit", "人"); EQ(q, "approx", "近"); EQ(q, "label", "参与职工");
    q = nth(&rs, "quantity", 2);
    EQ(q, "value", "382"); EQ(q, "unit", "家");
    q = nth(&rs, "quantity", 3);
    EQ(q, "value", "35000"); EQ(q, "unit", "人"); EQ(q, "approx", "余"); EQ(q, "text", "3.5万余人");
    q = nth(&rs, "quantity", 4);
    EQ(q, "value", "10000"); EQ(q, "unit", "人次"); EQ(q, "approx", "近");
    q = nth(&rs, "quantity", 5);
    EQ(q, "value", "2"); EQ(q, "unit", "个"); EQ(q, "text", "两个");
    q = nth(&rs, "quantity", 6);
    EQ(q, "value", "14"); EQ(q, "unit", "个");
    q = nth(&rs, "quantity", 7);
    EQ(q, "value", "0"); EQ(q, "unit", "辆"); EQ(q, "label", "公务用车");
    q = nth(&rs, "quantity", 8);
    EQ(q, "value", "13000"); EQ(q, "unit", "平方米");
    q = nth(&rs, "quantity", 9);
    EQ(q, "value", "5"); EQ(q, "unit", "次"); EQ(q, "approx", "以上");
    recs_free(&rs);
}

/* ---- terms ---- */

static void glossary_terms(void **st)
{
    (void)st;
    recs rs = run("第一部分 部门概况\n第三部分 名词解释\n第四部分 附件\n\n"
                  "第一部分 部门概况\n本部门负责全市工会工作。\n\n"
                  "第三部分 名词解释\n"
                  "一、财政拨款收入:指本级财政当年拨付的资金。\n"
                  "2. “三公”经费：指部门使用财政拨款安排的因公出国（境）费。\n\n"
                  "结余资金:即当年预算工作目标已完成的资金。\n"
                  "第四部分 附件\n"
                  "联系人:张三\n");
    /* the table of contents lists the title with no entries after it: nothing from there */
    assert_int_equal(count(&rs, "term"), 3);
    const rec *t = nth(&rs, "term", 0);
    EQ(t, "term", "财政拨款收入"); EQ(t, "definition", "指本级财政当年拨付的资金。");
    t = nth(&rs, "term", 1);
    EQ(t, "term", "“三公”经费"); EQ(t, "definition", "指部门使用财政拨款安排的因公出国(境)费。");
    t = nth(&rs, "term", 2);
    EQ(t, "term", "结余资金");
    recs_free(&rs);
}

/* ---- hostile input: bounded, no crash ---- */

static void many_numbers_in_one_line(void **st)
{
    (void)st;
    size_t n = 20000;
    char *s = malloc(n * 8 + 2);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += (size_t)sprintf(s + k, "%zu%%", i % 100);
    s[k++] = '\n';
    s[k] = 0;
    recs rs = run(s);
    size_t np = count(&rs, "percent");
    assert_true(np > 100 && np < n);
    recs_free(&rs);
    free(s);
}

/* ---- phrasings found by the probe set (tests/data/facts_probe.txt) ---- */

static void amounts_rate_written_first(void **st)
{
    (void)st;
    recs rs = run("本年度共发生培训费3.6万元。发放高龄津贴标准为每人每年1200元,地力补贴按每亩120元,"
                  "助学金2000元/生/年的标准。\n");
    assert_int_equal(count(&rs, "amount"), 4);
    const rec *a = nth(&rs, "amount", 0);
    EQ(a, "label", "培训费"); EQ(a, "yuan", "36000.00");
    a = nth(&rs, "amount", 1);
    EQ(a, "value", "1200"); EQ(a, "unit", "元/人/年"); NUL(a, "yuan"); EQ(a, "label", "高龄津贴标准");
    EQ(a, "text", "每人每年1200元");
    a = nth(&rs, "amount", 2);
    EQ(a, "unit", "元/亩"); NUL(a, "yuan");
    a = nth(&rs, "amount", 3);
    EQ(a, "unit", "元/生/年");
    recs_free(&rs);
}

static void change_two_subjects_and_points(void **st)
{
    (void)st;
    recs rs = run("公务用车运行维护费和公务接待费较上年分别减少0.2万元和0.1万元。"
                  "财政拨款支出占总支出的85.6%,比上年提高2.3个百分点。\n");
    assert_int_equal(count(&rs, "change"), 3);
    const rec *c = nth(&rs, "change", 0);
    EQ(c, "subject", "公务用车运行维护费"); EQ(c, "direction", "decrease"); EQ(c, "amount", "2000.00");
    c = nth(&rs, "change", 1);
    EQ(c, "subject", "公务接待费"); EQ(c, "amount", "1000.00");
    /* each amount points at its own change */
    EQ(find(&rs, "amount", "value", "0.1"), "change", nth(&rs, "change", 1)->id);
    c = nth(&rs, "change", 2);
    EQ(c, "subject", "财政拨款支出"); EQ(c, "direction", "increase");
    NUL(c, "percent"); EQ(c, "points", "2.3");
    EQ(find(&rs, "percent", "value", "2.3"), "kind", "points");
    recs_free(&rs);
}

static void change_more_phrasings(void **st)
{
    (void)st;
    recs rs = run("公务接待费支出3.20万元,比年初预算超支0.40万元。"
                  "日常公用经费比上年减支8.90万元。"
                  "上级补助收入12.00万元,较上年回落3.00万元,下降20%。"
                  "事业收入较上年有所增长,增加了15.3万元。"
                  "对比上年决算,本年收入减少18.92万元,减幅2.1%。"
                  "机关运行经费45.6万元,与上年相比基本持平。"
                  "印刷费14.5万元,比上年减少5.5万元,下降幅度为27.5%,系印刷数量减少所致。\n");
    assert_int_equal(count(&rs, "change"), 7);
    const rec *c = nth(&rs, "change", 0);
    EQ(c, "direction", "increase"); EQ(c, "amount", "4000.00"); EQ(c, "subject", "公务接待费支出");
    c = nth(&rs, "change", 1);
    EQ(c, "direction", "decrease"); EQ(c, "amount", "89000.00"); EQ(c, "subject", "日常公用经费");
    c = nth(&rs, "change", 2);
    EQ(c, "direction", "decrease"); EQ(c, "baseline", "上年"); EQ(c, "amount", "30000.00"); EQ(c, "percent", "20");
    c = nth(&rs, "change", 3);
    EQ(c, "direction", "increase"); EQ(c, "amount", "153000.00"); EQ(c, "subject", "事业收入");
    c = nth(&rs, "change", 4);
    EQ(c, "baseline", "上年决算"); EQ(c, "subject", "本年收入"); EQ(c, "percent", "2.1");
    c = nth(&rs, "change", 5);
    EQ(c, "direction", "flat"); EQ(c, "subject", "机关运行经费");
    c = nth(&rs, "change", 6);
    EQ(c, "percent", "27.5"); EQ(c, "reason", "印刷数量减少所致");
    recs_free(&rs);
}

static void quantities_lone_hundred(void **st)
{
    (void)st;
    recs rs = run("全年开展技能培训近百人次,慰问困难职工百余户,严格落实中央八项规定精神。\n");
    assert_int_equal(count(&rs, "quantity"), 2);
    const rec *q = nth(&rs, "quantity", 0);
    EQ(q, "value", "100"); EQ(q, "unit", "人次"); EQ(q, "approx", "近");
    q = nth(&rs, "quantity", 1);
    EQ(q, "value", "100"); EQ(q, "unit", "户"); EQ(q, "approx", "余");
    recs_free(&rs);
}

static void change_split_statements(void **st)
{
    (void)st;
    recs rs = run("培训费上年为6.00万元,本年为4.50万元,减少额为1.50万元,减少25.00%。"
                  "资本性支出50.00万元,上年为0万元,增加50.00万元。"
                  "公务用车购置费本年无支出,较上年减少25.00万元,下降100%。"
                  "按照厉行节约要求,较上年减少3.00万元。\n");
    assert_int_equal(count(&rs, "change"), 4);
    const rec *c = nth(&rs, "change", 0);
    EQ(c, "subject", "培训费"); EQ(c, "baseline", "上年"); EQ(c, "direction", "decrease");
    EQ(c, "amount", "15000.00"); EQ(c, "percent", "25.00");
    c = nth(&rs, "change", 1);
    EQ(c, "subject", "资本性支出"); EQ(c, "direction", "increase"); EQ(c, "amount", "500000.00");
    c = nth(&rs, "change", 2);
    EQ(c, "subject", "公务用车购置费"); EQ(c, "percent", "100");
    /* a clause opening with a preposition names no item: the subject comes from before */
    c = nth(&rs, "change", 3);
    assert_true(get(c, "subject") == NULL || strcmp(get(c, "subject"), "按照厉行节约要求"));
    recs_free(&rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(amounts_units_and_yuan),
        cmocka_unit_test(amounts_rates_and_ranges),
        cmocka_unit_test(amounts_not_years_counts_or_tables),
        cmocka_unit_test(amounts_ocr_forms),
        cmocka_unit_test(amounts_across_a_page_break),
        cmocka_unit_test(percent_kinds),
        cmocka_unit_test(change_with_reason_and_subject_before),
        cmocka_unit_test(change_budget_phrasing),
        cmocka_unit_test(change_shared_baseline_and_non_changes),
        cmocka_unit_test(change_other_phrasings),
        cmocka_unit_test(quantities),
        cmocka_unit_test(glossary_terms),
        cmocka_unit_test(many_numbers_in_one_line),
        cmocka_unit_test(amounts_rate_written_first),
        cmocka_unit_test(change_two_subjects_and_points),
        cmocka_unit_test(change_more_phrasings),
        cmocka_unit_test(quantities_lone_hundred),
        cmocka_unit_test(change_split_statements),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

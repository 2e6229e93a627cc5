/* The fast paths of the fact patterns (extract/facts_scan.c) give what the plain search
 * gives: every match of the scans equals the unanchored pattern's, on many generated lines
 * made of the words and characters these patterns read, and label_tail is never ruled out
 * where it matches. A pattern changed without its fast path fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "facts.h"
#include "match_env.h"

/* words and characters of the amount, percent, quantity and change patterns, and others */
static const char *const TOKENS[] = {
    "0", "1", "2", "5", "12", "3.5", "1,234", "2,417.56", ".", ",", "、", "%", "-", "−", "~", "–", "—", " ",
    "  ", "A", "x", "第", "万", "亿", "千", "元", "万元", "亿元", "千元", "至", "到", "每", "每人", "每年", "/人",
    "人", "人次", "个", "项", "次", "家", "台(套)", "千米", "平方米", "余", "多", "以上", "左右", "约", "近", "逾",
    "超过", "将近", "百", "百分之", "百分点", "个百分点", "点", "一", "二", "两", "三", "十", "零", "〇", "九",
    "年", "上年", "去年", "上期", "年初预算", "同期", "预算", "决算", "数", "与", "同", "和", "跟", "比", "较",
    "对比", "相较于", "相比于", "相比", "同比", "环比", "增加", "减少", "增长", "下降", "持平", "基本持平",
    "为", "是", "了", "分别", "均", "有所", "共", "支出", "收入", "经费", "资金", "费", "本年", "主要原因是",
    "。", ";", ":", "!", "(", ")", "的", "占", "所占", "率", "例", "重", "无", "评", "如", "于", "执行", "完成", "节约", "压减", "即", "额", "幅度",
    /* the parts of a statement in parts (change_split) */
    "上年为12万元", "上年度决算数为5万元", "去年同期共3元", "上期支出1,234.5元", "本年为6万元", ",减少2万元",
    ",增加额为1,234.5元", ",下降了3亿元", ",增长12%",
};
#define NTOK (sizeof TOKENS / sizeof TOKENS[0])

static uint64_t rng = 88172645463325252ull;
static size_t pick(size_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (size_t)(rng % n);
}

static size_t make_line(char *buf, size_t cap)
{
    size_t n = 0, words = 1 + pick(24);
    for (size_t w = 0; w < words; w++) {
        const char *t = TOKENS[pick(NTOK)];
        size_t k = strlen(t);
        if (n + k >= cap) break;
        memcpy(buf + n, t, k);
        n += k;
    }
    buf[n] = 0;
    return n;
}

typedef int (*scan_fn)(fx_doc *, const char *, size_t, size_t, fx_caps *);

/* every match, from the line's start on as the passes walk it, equals the plain search's */
static int same_matches(fx_doc *d, const char *name, scan_fn scan, const char *s, size_t n)
{
    const pcre2_code *re = fx_pat(name);
    size_t at = 0;
    while (at < n) {
        fx_caps a, b;
        int ra = scan(d, s, n, at, &a), rb = fx_match_caps(d, re, s, n, at, &b);
        if (ra != rb || (ra > 0 && memcmp(a.v, b.v, (size_t)ra * 2 * sizeof a.v[0]))) {
            fprintf(stderr, "%s from %zu: scan %d [%zu,%zu) search %d [%zu,%zu) in: %s\n", name, at, ra,
                    ra > 0 ? (size_t)a.v[0] : 0, ra > 0 ? (size_t)a.v[1] : 0, rb,
                    rb > 0 ? (size_t)b.v[0] : 0, rb > 0 ? (size_t)b.v[1] : 0, s);
            return 1;
        }
        if (rb <= 0) break;
        at = b.v[1] > b.v[0] ? b.v[1] : b.v[0] + 1;
    }
    return 0;
}

static void scans_equal_the_search(void **st)
{
    env *e = *st;
    static const struct { const char *name; scan_fn fn; } P[] = {
        {"amount", fx_scan_amount}, {"percent", fx_scan_percent}, {"quantity", fx_scan_quantity},
        {"change", fx_scan_change}, {"change_split", fx_scan_change_split}};
    char line[512];
    int failures = 0, matched[5] = {0};
    for (int i = 0; i < 20000 && failures < 10; i++) {
        size_t n = make_line(line, sizeof line);
        for (int k = 0; k < 5; k++) {
            failures += same_matches(e->d, P[k].name, P[k].fn, line, n);
            PCRE2_SIZE *ov;
            matched[k] += fx_match(e->d, fx_pat(P[k].name), line, n, 0, &ov) > 0;
        }
    }
    assert_int_equal(failures, 0);
    /* the lines exercise every pattern */
    for (int k = 0; k < 5; k++) {
        if (matched[k] <= 50) fprintf(stderr, "%s matched only %d lines\n", P[k].name, matched[k]);
        assert_true(matched[k] > 50);
    }
}

static size_t put_utf8(char *b, uint32_t c)
{
    if (c < 0x80) { b[0] = (char)c; return 1; }
    if (c < 0x800) { b[0] = (char)(0xC0 | c >> 6); b[1] = (char)(0x80 | (c & 0x3F)); return 2; }
    b[0] = (char)(0xE0 | c >> 12);
    b[1] = (char)(0x80 | (c >> 6 & 0x3F));
    b[2] = (char)(0x80 | (c & 0x3F));
    return 3;
}

/* label_tail on every character of the ranges prose is written in, after prefixes that make
 * its alternatives reachable: wherever it matches, fx_tail_possible() says it may */
static void tail_check_never_misses(void **st)
{
    env *e = *st;
    static const char *const PRE[] = {"", "经费", "与上年相比", "比上年", "较预算", "多支", "少支", "共", "累",
                                      "上", "增", "同", "节", "不", "人民", "高", "将", "分别", "各", "均"};
    static const uint32_t RANGES[][2] = {{0x20, 0x7F}, {0xA0, 0x100}, {0x2000, 0x2300}, {0x3000, 0x3040},
                                         {0x4E00, 0xA000}, {0xFF00, 0xFFF0}};
    const pcre2_code *tail = fx_pat("label_tail");
    int misses = 0, hits = 0;
    char buf[64];
    for (size_t p = 0; p < sizeof PRE / sizeof PRE[0]; p++)
        for (size_t r = 0; r < sizeof RANGES / sizeof RANGES[0]; r++)
            for (uint32_t c = RANGES[r][0]; c < RANGES[r][1]; c++) {
                size_t n = strlen(PRE[p]);
                memcpy(buf, PRE[p], n);
                n += put_utf8(buf + n, c);
                PCRE2_SIZE *ov;
                if (fx_match(e->d, tail, buf, n, 0, &ov) <= 0 || ov[0] == n) continue;
                hits++;
                if (!fx_tail_possible(buf, 0, n)) {
                    if (misses++ < 10) fprintf(stderr, "label_tail matches but is ruled out: %.*s\n", (int)n, buf);
                }
            }
    assert_int_equal(misses, 0);
    assert_true(hits > 50);
}

/* Labels: every character of those ranges opening a label, before words that complete the
 * alternatives of label_tail and label_lead (and on the generated lines): the label_tail
 * scan finds what the plain search finds, and label_lead is never ruled out where it
 * matches. */
static const char *const LABEL_SUF[] = {"", "增加", "增加了", "上年相比增加", "上年相比", "上年多", "上年", "预算数",
                                        "民币", "分别为", "为", "年", "年度", "、", ")", ".", "是", "发生",
                                        "年发生", "年实际支出", "计", "2023年度经费", "23年度", "2023 年初",
                                        "持平", "支出", "出", "对比", "不足", "超过", "以及", "其中", " ", "比增加", "别为",
                                        "加", "少", "少了", "降", "高", "长", "涨", "约", "过", "足", "到", "近", "省",
                                        "减", "计", "民币", "支出", "上年多", "比"};

static int label_mismatch(fx_doc *d, const char *buf, size_t n)
{
    const pcre2_code *tail = fx_pat("label_tail"), *lead = fx_pat("label_lead");
    int bad = 0;
    PCRE2_SIZE *ov, a0 = 0, a1 = 0;
    int ra = fx_scan_label_tail(d, buf, n, &ov);
    if (ra > 0) { a0 = ov[0]; a1 = ov[1]; }
    int rb = fx_match(d, tail, buf, n, 0, &ov);
    if (ra != rb || (rb > 0 && (a0 != ov[0] || a1 != ov[1]))) {
        fprintf(stderr, "label_tail: scan %d [%zu,%zu) search %d in: %.*s\n", ra, (size_t)a0, (size_t)a1, rb,
                (int)n, buf);
        bad++;
    }
    if (!fx_lead_possible(buf, n) && fx_match(d, lead, buf, n, 0, &ov) > 0 && ov[1] > 0) {
        fprintf(stderr, "label_lead matches but is ruled out: %.*s\n", (int)n, buf);
        bad++;
    }
    return bad;
}

static void label_scans_equal_the_search(void **st)
{
    env *e = *st;
    static const uint32_t RANGES[][2] = {{0x20, 0x7F}, {0xA0, 0x100}, {0x2000, 0x2500}, {0x3000, 0x3040},
                                         {0x4E00, 0xA000}, {0xFF00, 0xFFF0}};
    const pcre2_code *tail = fx_pat("label_tail"), *lead = fx_pat("label_lead");
    int failures = 0, tails = 0, leads = 0;
    char buf[512];
    for (size_t f = 0; f < sizeof LABEL_SUF / sizeof LABEL_SUF[0] && failures < 10; f++)
        for (size_t r = 0; r < sizeof RANGES / sizeof RANGES[0]; r++)
            for (uint32_t c = RANGES[r][0]; c < RANGES[r][1] && failures < 10; c++) {
                size_t n = put_utf8(buf, c), k = strlen(LABEL_SUF[f]);
                memcpy(buf + n, LABEL_SUF[f], k);
                n += k;
                failures += label_mismatch(e->d, buf, n);
                PCRE2_SIZE *ov;
                tails += fx_match(e->d, tail, buf, n, 0, &ov) > 0 && ov[0] == 0;
                leads += fx_match(e->d, lead, buf, n, 0, &ov) > 0 && ov[1] > 0;
            }
    for (int i = 0; i < 20000 && failures < 10; i++) {
        size_t n = make_line(buf, 97); /* labels are cut to 96 bytes */
        failures += label_mismatch(e->d, buf, n);
    }
    assert_int_equal(failures, 0);
    /* matches starting at the first character, of many kinds */
    fprintf(stderr, "label_tail from the first character: %d, label_lead: %d\n", tails, leads);
    assert_true(tails > 80);
    assert_true(leads > 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(scans_equal_the_search, setup, teardown),
        cmocka_unit_test_setup_teardown(tail_check_never_misses, setup, teardown),
        cmocka_unit_test_setup_teardown(label_scans_equal_the_search, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

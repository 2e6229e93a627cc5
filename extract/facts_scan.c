/* Cheap tests that spare the fact patterns a search where they cannot match. Each one is
 * exact (the output is the same as the plain search) and says which pattern it must keep in
 * step with; tests/test_facts_scan.c compares them with the patterns. */
#define _GNU_SOURCE /* memmem */
#include "facts.h"

#include <string.h>

static bool ends_with(const char *t, size_t s, size_t e, const char *w)
{
    size_t n = strlen(w);
    return e - s >= n && !memcmp(t + e - n, w, n);
}

static bool holds(const char *t, size_t s, size_t e, const char *w)
{
    return memmem(t + s, e - s, w, strlen(w)) != NULL;
}

static uint32_t char3(const char *s, size_t i, size_t len);

/* patterns/label_tail.pcre ends in \z: a match ends with the last character of the label,
 * and every alternative ends in one of these characters. The unanchored search for it costs
 * ~6,000 instructions a label (callgrind: a fifth of the facts stage); most labels end in a
 * noun (支出, 经费) and are ruled out by this look at one character. */
bool fx_tail_possible(const char *t, size_t s, size_t e)
{
    if (e <= s) return false;
    unsigned char last = (unsigned char)t[e - 1];
    if (last < 0x80) return strchr("$<>= ", last) && last;
    if (e - s >= 2 && (unsigned char)t[e - 2] == 0xC2 && last == 0xA5) return true; /* ¥ */
    if (e - s < 3) return false;
    switch (char3(t, e - 3, e)) {
    /* the common noun endings: only one word of the pattern ends with them */
    case 0xE587BA: return ends_with(t, s, e, "多支出") || ends_with(t, s, e, "少支出"); /* 出 */
    case 0xE8AEA1: return ends_with(t, s, e, "共计") || ends_with(t, s, e, "累计");     /* 计 */
    case 0xE58D87: return ends_with(t, s, e, "上升");                                 /* 升 */
    /* 比上年多, 较预算数: the comparison word is in the label */
    case 0xE5A49A: case 0xE5B9B4: case 0xE7AE97: case 0xE69C9F: case 0xE695B0:     /* 多年算期数 */
        return holds(t, s, e, "比") || holds(t, s, e, "较");
    case 0xE58AA0: case 0xE5B091: case 0xE995BF: case 0xE9998D: case 0xE4BD8E: /* 加少长降低 */
    case 0xE9AB98: case 0xE6B6A8: case 0xE5B9B3: case 0xE7BAA6:                /* 高涨平约 */
    case 0xE79C81: case 0xE5878F: case 0xE4BA86:                               /* 省减了 */
    case 0xE6AF94: case 0xE8BE83:                                              /* 比较 */
    case 0xE4B8BA: case 0xE698AF: case 0xE588B0:                               /* 为是到 */
    case 0xE8BEBE: case 0xE8BF91: case 0xE585B1: case 0xE8BF87: case 0xE980BE: /* 达近共过逾 */
    case 0xE8B6B3: case 0xE5B881: case 0xE59084: case 0xE59D87: case 0xE983BD: /* 足币各均都 */
    case 0xE289A4: case 0xE289A5:                                              /* ≤≥ */
        return true;
    default:
        return false;
    }
}

/* ---- where a match can start ----
 * The prose patterns have no fixed first character, so PCRE2's unanchored search runs the
 * whole pattern at every character of a line (callgrind: hundreds of instructions a
 * character). Their matches can only start at a few characters, each tested here in a few
 * instructions; the anchored pattern is run there only, in order, so the first match found
 * is the one the unanchored search finds. */

static uint32_t char3(const char *s, size_t i, size_t len)
{
    const unsigned char *u = (const unsigned char *)s + i;
    return i + 3 <= len ? (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2] : 0;
}

/* A quick test before a switch over whole characters: the set of last bytes (by their low
 * six bits) of the characters the switch accepts. One shift rules out most Han characters. */
#define LAST(c) (1ull << ((c) & 0x3F))
static bool last_in(const char *s, size_t i, size_t len, uint64_t set)
{
    return i + 3 <= len && (set >> ((unsigned char)s[i + 2] & 0x3F) & 1);
}

static size_t char_len(char c)
{
    unsigned char b = (unsigned char)c;
    return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* the character before s[i] is a digit, '.' or a Latin letter, or s[i] follows a digit and
 * a separator (1,234): s[i] continues a number or a word, where the patterns' lookbehinds
 * (?<! [\d.A-Za-z] ) (?<! \d, ) let no number start */
static bool inside_number(const char *s, size_t i)
{
    if (i == 0) return false;
    char p = s[i - 1];
    if (digit(p) || p == '.' || (p >= 'A' && p <= 'Z') || (p >= 'a' && p <= 'z')) return true;
    return p == ',' && i >= 2 && digit(s[i - 2]);
}

/* The run of digits and separators a number is read from, and what follows it. Every digit
 * of a run has the same end: one walk per run, so that a line of 1,1,1,… costs linear time. */
typedef struct { size_t from, to; uint32_t next; } run_memo;

/* the first character after the run of digits and separators from i and the spaces after
 * it, or 0 at the end. A number the pattern reads ends at the run's end (inside the run,
 * what follows is another digit or separator, which no pattern here accepts after one). */
static uint32_t after_number(const char *s, size_t i, size_t len, run_memo *m)
{
    if (i >= m->from && i < m->to) return m->next;
    size_t e = i;
    while (e < len && (digit(s[e]) || s[e] == '.' || s[e] == ',' || char3(s, e, len) == 0xE38081 /* 、 */))
        e += s[e] == ',' || s[e] == '.' || digit(s[e]) ? 1 : 3;
    m->from = i;
    m->to = e;
    while (e < len && s[e] == ' ') e++;
    m->next = e >= len ? 0 : (unsigned char)s[e] < 0x80 ? (uint32_t)s[e] : char3(s, e, len);
    return m->next;
}

/* patterns/amount.pcre: at 每 (a rate before the number), or at a number followed by its
 * unit (亿 万 千 元) or a range mark (- ~ – — 至 到) */
static bool amount_start(const char *s, size_t i, size_t len, run_memo *m)
{
    if ((unsigned char)s[i] >= 0x80) return char3(s, i, len) == 0xE6AF8F; /* 每 */
    if (!digit(s[i]) || inside_number(s, i)) return false;
    switch (after_number(s, i, len, m)) {
    case 0xE4BABF: case 0xE4B887: case 0xE58D83: case 0xE58583: /* 亿万千元 */
    case '-': case '~': case 0xE28093: case 0xE28094: case 0xE887B3: case 0xE588B0: /* –—至到 */
        return true;
    default:
        return false;
    }
}

/* patterns/percent.pcre: at a sign (- −) or a number followed by % or (个)百分点, or at
 * 百 of 百分之 */
static bool percent_start(const char *s, size_t i, size_t len, run_memo *m)
{
    size_t n = i;
    uint32_t c = char3(s, i, len);
    if (s[i] == '-') n = i + 1;
    else if (c == 0xE28892) n = i + 3;                        /* − */
    else if ((unsigned char)s[i] >= 0x80) return c == 0xE799BE; /* 百 */
    else if (inside_number(s, i)) return false;
    if (n >= len || !digit(s[n])) return false;
    uint32_t a = after_number(s, n, len, m);
    return a == '%' || a == 0xE4B8AA || a == 0xE799BE;         /* % 个 百 */
}

/* patterns/change.pcre: every statement opens with its baseline, which starts with one of
 * 与 同 和 跟 (与上年相比), 比 较 (较上年), 同比 环比, 对比 相较于 相比于 */
static bool change_start(const char *s, size_t i, size_t len, run_memo *m)
{
    (void)m;
    static const uint64_t set = LAST(0x8E) | LAST(0x8C) | LAST(0x9F) | LAST(0x94) | LAST(0x83) |
                                LAST(0xAF) | LAST(0xB9) | LAST(0xB8);
    if (!last_in(s, i, len, set)) return false;
    uint32_t n;
    switch (char3(s, i, len)) {
    case 0xE4B88E: case 0xE5908C: case 0xE5928C: case 0xE8B79F: /* 与同和跟 */
        return true;
    /* 比 较 open only the branch (?<! [对相占无评] ) (?: 比 | 较 ) (?! [例重率赛如武较] ):
     * 比例, 比重 and 占…比 are common in these reports */
    case 0xE6AF94: case 0xE8BE83: {
        n = char3(s, i + 3, len);
        if (n == 0xE4BE8B || n == 0xE9878D || n == 0xE78E87 || n == 0xE8B59B || n == 0xE5A682 ||
            n == 0xE6ADA6 || n == 0xE8BE83)                                          /* 例重率赛如武较 */
            return false;
        uint32_t p = i >= 3 ? char3(s, i - 3, len) : 0; /* (a 1- or 2-byte character never equals these) */
        return !(p == 0xE5AFB9 || p == 0xE79BB8 || p == 0xE58DA0 || p == 0xE697A0 || p == 0xE8AF84); /* 对相占无评 */
    }
    case 0xE78EAF: case 0xE5AFB9: return char3(s, i + 3, len) == 0xE6AF94; /* 环比 对比 */
    case 0xE79BB8: n = char3(s, i + 3, len); return n == 0xE8BE83 || n == 0xE6AF94; /* 相较于 相比于 */
    default:
        return false;
    }
}

/* patterns/change_split.pcre: at its baseline 上年 上期 去年 年初预算, by its first two
 * characters (年 alone, as in 2023年, is common in prose and starts none) */
static bool split_start(const char *s, size_t i, size_t len, run_memo *m)
{
    (void)m;
    if (!last_in(s, i, len, LAST(0x8A) | LAST(0xBB) | LAST(0xB4))) return false;
    uint32_t c = char3(s, i, len), n = char3(s, i + 3, len);
    switch (c) {
    case 0xE4B88A: return n == 0xE5B9B4 || n == 0xE69C9F; /* 上: 年 期 */
    case 0xE58EBB: return n == 0xE5B9B4;                  /* 去: 年 */
    case 0xE5B9B4: return n == 0xE5889D;                  /* 年: 初 */
    default: return false;
    }
}

/* (a text over --max-line goes to the plain pattern, which reports it once per line and does
 * not match it) */
static inline int scan(fx_doc *d, const char *name, bool (*can_start)(const char *, size_t, size_t, run_memo *),
                       const char *sub, size_t len, size_t at, fx_caps *c)
{
    if (fx_over_max_line(d, len)) return fx_match_caps(d, fx_pat(name), sub, len, at, c);
    run_memo m = {0, 0, 0};
    for (size_t i = at; i < len; i += char_len(sub[i])) {
        if (!can_start(sub, i, len, &m)) continue;
        int rc = fx_match_caps(d, fx_pat_anchored(name), sub, len, i, c);
        if (rc != 0) return rc;
    }
    c->rc = 0;
    return 0;
}

int fx_scan_amount(fx_doc *d, const char *sub, size_t len, size_t at, fx_caps *c)
{
    return scan(d, "amount", amount_start, sub, len, at, c);
}

int fx_scan_percent(fx_doc *d, const char *sub, size_t len, size_t at, fx_caps *c)
{
    /* every percent holds % or 百分 (百分之, 百分点): most lines hold neither */
    if (at < len && !memchr(sub + at, '%', len - at) && !memmem(sub + at, len - at, "百分", 6)) {
        c->rc = 0;
        return 0;
    }
    return scan(d, "percent", percent_start, sub, len, at, c);
}

int fx_scan_change(fx_doc *d, const char *sub, size_t len, size_t at, fx_caps *c)
{
    return scan(d, "change", change_start, sub, len, at, c);
}

int fx_scan_change_split(fx_doc *d, const char *sub, size_t len, size_t at, fx_caps *c)
{
    return scan(d, "change_split", split_start, sub, len, at, c);
}

/* ---- quantities ---- */

/* Length of the numeral character at s[i] (an ASCII digit or a Han numeral), else 0. */
static inline size_t numeral_at(const char *s, size_t i, size_t len)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] >= '0' && u[0] <= '9') return 1;
    static const uint64_t set = LAST(0xB6) | LAST(0x87) | LAST(0x80) | LAST(0x8C) | LAST(0xA4) |
                                LAST(0x89) | LAST(0x9B) | LAST(0x94) | LAST(0xAD) | LAST(0x83) |
                                LAST(0xAB) | LAST(0x9D) | LAST(0x81) | LAST(0xBE);
    if (u[0] < 0xE3 || u[0] > 0xE9 || !last_in(s, i, len, set)) return 0;
    switch ((uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2]) {
    case 0xE99BB6: case 0xE38087: case 0xE4B880: case 0xE4BA8C: case 0xE4B8A4: /* 零〇一二两 */
    case 0xE4B889: case 0xE59B9B: case 0xE4BA94: case 0xE585AD: case 0xE4B883: /* 三四五六七 */
    case 0xE585AB: case 0xE4B99D: case 0xE58D81: case 0xE799BE: case 0xE58D83: /* 八九十百千 */
        return 3;
    default:
        return 0;
    }
}

/* Does a quantity unit start at s[i]? (its first characters; 千 starts 千米) */
static bool unit_at(const char *s, size_t i, size_t len)
{
    switch (char3(s, i, len)) {
    case 0xE4BABA: case 0xE688B7: case 0xE5AEB6: case 0xE4B8AA: case 0xE5908D: /* 人户家个名 */
    case 0xE4BD8D: case 0xE4BBB6: case 0xE59CBA: case 0xE689B9: case 0xE9A1B9: /* 位件场批项 */
    case 0xE8BE86: case 0xE58FB0: case 0xE5A597: case 0xE5B9B3: case 0xE585AC: /* 辆台套平公 */
    case 0xE58D83: case 0xE590A8: case 0xE4BAA9: case 0xE5868C: case 0xE4BBBD: /* 千吨亩册份 */
    case 0xE7AF87: case 0xE68980: case 0xE5BAA7: case 0xE997B4: case 0xE5BCA0: /* 篇所座间张 */
    case 0xE69DA1: case 0xE69C9F: case 0xE8AFBE: case 0xE5B08F: case 0xE6ACA1: /* 条期课小次 */
        return true;
    default:
        return false;
    }
}

/* Can a quantity's unit follow a number that ends at `i`? After the number the pattern
 * reads [ ]* (万|千|亿)? (余|多)? [ ]* and a unit.
 * Keep in step with patterns/quantity.pcre (groups mult, approx2, unit). */
static bool unit_follows(const char *s, size_t i, size_t len)
{
    while (i < len && s[i] == ' ') i++;
    if (unit_at(s, i, len)) return true;
    uint32_t c = char3(s, i, len);
    if (c == 0xE4B887 || c == 0xE58D83 || c == 0xE4BABF) c = char3(s, i += 3, len);  /* 万千亿 */
    if (c == 0xE4BD99 || c == 0xE5A49A) i += 3;                                      /* 余多 */
    while (i < len && s[i] == ' ') i++;
    return unit_at(s, i, len);
}

/* The first numeral at or after q (its length in *k), or len. Stepping by characters and
 * looking closer only at digits and at the lead bytes of Han numerals keeps the walk over
 * the prose between numbers cheap. */
static size_t next_numeral(const char *s, size_t q, size_t len, size_t *k)
{
    while (q < len) {
        unsigned char b = (unsigned char)s[q];
        if (b < 0x80) {
            if (b >= '0' && b <= '9') { *k = 1; return q; }
            q++;
        } else if (b >= 0xE3 && b <= 0xE9 && (*k = numeral_at(s, q, len))) {
            return q;
        } else {
            q += b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        }
    }
    return len;
}

/* The end of the run of numerals (and , .) from q; *thousand when it holds 千, which is both
 * a numeral and the start of what may follow one (5千米, 三千人 read as 三 + 千). */
static size_t run_end(const char *s, size_t q, size_t len, bool *thousand)
{
    size_t k;
    *thousand = false;
    while (q < len && ((k = numeral_at(s, q, len)) || s[q] == ',' || s[q] == '.')) {
        if (k == 3 && char3(s, q, len) == 0xE58D83) *thousand = true;
        q += k ? k : 1;
    }
    return q;
}

/* The match fx_match_caps() would find from `at`, tried only where one can start. Every
 * quantity holds a digit or a Han numeral (groups num, cn) with at most an approx1 word (3
 * characters) and spaces before it: the anchored pattern is tried at those few places, not
 * at every character of the prose between numbers (callgrind: 12% of the run went there).
 * Keep in step with patterns/quantity.pcre (a longer lead word, a new numeral character). */
int fx_scan_quantity(fx_doc *d, const char *sub, size_t len, size_t at, fx_caps *c)
{
    if (fx_over_max_line(d, len)) return fx_match_caps(d, fx_pat("quantity"), sub, len, at, c);
    const pcre2_code *anch = fx_pat_anchored("quantity");
    size_t tried = at;  /* every start below this has been tried */
    size_t passed = 0;  /* the end of a run already found to have a unit after it */
    for (size_t q = at, k; (q = next_numeral(sub, q, len, &k)) < len;) {
        /* Most numbers in prose are amounts, percents and years: no unit follows the run
         * of numerals, and no number in the run (nor a lead word before it) can match. */
        if (q >= passed) {
            bool thousand;
            size_t r = run_end(sub, q, len, &thousand);
            if (!thousand && !unit_follows(sub, r, len)) { tried = q = r; continue; }
            passed = r;
        }
        size_t s = q;
        while (s > tried && sub[s - 1] == ' ') s--;
        for (int n = 0; n < 3 && s > tried; n++)
            do s--; while (s > tried && ((unsigned char)sub[s] & 0xC0) == 0x80);
        while (s <= q) {
            int rc = fx_match_caps(d, anch, sub, len, s, c);
            if (rc != 0) return rc;
            do s++; while (s < q && ((unsigned char)sub[s] & 0xC0) == 0x80);
        }
        tried = q + k;
        q += k;
    }
    c->rc = 0;
    return 0;
}

/* ---- label tails ----
 * patterns/label_tail.pcre has no fixed first character either: its unanchored search runs
 * the pattern at every character of the label (callgrind: ~3,000 instructions a label). A
 * match starts with the first character of one of its alternatives; the anchored pattern is
 * tried there only, left to right, so the first match is the one the plain search finds.
 * Keep in step with patterns/label_tail.pcre (a new first word). */
static bool tail_start(const char *s, size_t i, size_t len)
{
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) return b == ' ' || b == '$' || b == '<' || b == '>' || b == '=';
    if (b == 0xC2) return i + 1 < len && (unsigned char)s[i + 1] == 0xA5; /* ¥ */
    switch (char3(s, i, len)) {
    case 0xE4B88E: case 0xE5908C: case 0xE5928C: case 0xE8B79F: case 0xE6AF94: /* 与同和跟比 */
    case 0xE8BE83: case 0xE59084: case 0xE59D87: case 0xE983BD: case 0xE58886: /* 较各均都分 */
    case 0xE585B1: case 0xE5A29E: case 0xE5878F: case 0xE4B88B: case 0xE9998D: /* 共增减下降 */
    case 0xE68F90: case 0xE4B88A: case 0xE68C81: case 0xE88A82: case 0xE58E8B: /* 提上持节压 */
    case 0xE5A49A: case 0xE5B091: case 0xE7B4AF: case 0xE4B8BA: case 0xE698AF: /* 多少累为是 */
    case 0xE8BEBE: case 0xE7BAA6: case 0xE8BF91: case 0xE5B086: case 0xE4BA86: /* 达约近将了 */
    case 0xE78EAF: case 0xE8B685: case 0xE9AB98: case 0xE980BE: case 0xE4B88D: /* 环超高逾不 */
    case 0xE4BABA: case 0xE289A4: case 0xE289A5:                               /* 人≤≥ */
        return true;
    default:
        return false;
    }
}

int fx_scan_label_tail(fx_doc *d, const char *sub, size_t len, PCRE2_SIZE **ov)
{
    if (fx_over_max_line(d, len)) return fx_match(d, fx_pat("label_tail"), sub, len, 0, ov);
    for (size_t i = 0; i < len; i += char_len(sub[i])) {
        if (!tail_start(sub, i, len)) continue;
        int rc = fx_match(d, fx_pat_anchored("label_tail"), sub, len, i, ov);
        if (rc != 0) return rc;
    }
    return 0;
}

/* patterns/label_lead.pcre is anchored at the label's start (\A): it matches only when the
 * label opens with one of its first characters, or through its year branch
 * ([^,;:。]{0,60}? \d{4} 年), which needs an ASCII digit (\d without UCP). Most labels
 * (办公费) have neither, and skip the pattern's tries of 60 lengths of that branch.
 * Keep in step with patterns/label_lead.pcre (a new first word). */
bool fx_lead_possible(const char *sub, size_t len)
{
    if (len == 0) return false;
    unsigned char b = (unsigned char)sub[0];
    if (b == ' ' || b == '(') return true;
    if (b >= 0xE0 && b < 0xF0) {
        uint32_t c = char3(sub, 0, len);
        if (c >= 0xE291A0 && c <= 0xE291B3) return true; /* ①-⑳ */
        switch (c) {
        case 0xE4B880: case 0xE4BA8C: case 0xE4B889: case 0xE59B9B: case 0xE4BA94: /* 一二三四五 */
        case 0xE585AD: case 0xE4B883: case 0xE585AB: case 0xE4B99D: case 0xE58D81: /* 六七八九十 */
        case 0xE69CAC: case 0xE585A8: case 0xE5BD93: case 0xE5B9B4: case 0xE585B1: /* 本全当年共 */
        case 0xE7B4AF: case 0xE5AE9E: case 0xE58F91: case 0xE58897: case 0xE5BC80: /* 累实发列开 */
        case 0xE585B6: case 0xE4B8BB: case 0xE58C85: case 0xE58886: case 0xE4BBA5: /* 其主包分以 */
        case 0xE58FA6: case 0xE6ADA4: case 0xE5908C: case 0xE58DB3: case 0xE5928C: /* 另此同即和 */
        case 0xE58F8A: case 0xE68896: case 0xE59088: case 0xE680BB: case 0xE4B88E: /* 及或合总与 */
        case 0xE8BE83: case 0xE6AF94:                                              /* 较比 */
            return true;
        default:
            break;
        }
    }
    for (size_t i = 0; i < len; i++)
        if (digit(sub[i])) return true;
    return false;
}

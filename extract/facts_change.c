/* change records: comparison statements (patterns/change.pcre) with the reason that follows
 * them (patterns/reason.pcre).
 *
 * The subject is, in order: what stands between the baseline and the direction
 * (与上年相比收入总计、支出总计均增加 -> 收入总计、支出总计); what opens the clause before the
 * comparison (决算数较上年增加); the subject of the nearest earlier amount in the sentence or
 * of the last amount of an earlier sentence or line (1.本年收入决算合计2,417.56万元。与上年决算
 * 相比，增加13.02万元 -> 本年收入决算合计). The reason is the rest of the sentence after
 * 变动原因/主要原因是, or the next sentence when that opens with one. The amount and percent
 * records the statement states get its id in their `change` field. */
#include "facts.h"

#include <string.h>

static const char *direction(const char *s, size_t n)
{
    static const char *const UP[] = {"增加", "增长", "上升", "提高", "上涨", "增多", "超支", "增支", "多"};
    static const char *const DOWN[] = {"负增长", "减少", "下降", "降低", "下滑", "回落", "节约", "节省", "压减",
                                       "缩减", "减支", "少"};
    for (size_t i = 0; i < sizeof UP / sizeof *UP; i++)
        if (n >= strlen(UP[i]) && !memcmp(s, UP[i], strlen(UP[i]))) return "increase";
    for (size_t i = 0; i < sizeof DOWN / sizeof *DOWN; i++)
        if (n >= strlen(DOWN[i]) && !memcmp(s, DOWN[i], strlen(DOWN[i]))) return "decrease";
    return "flat";
}

static int unit_pow(const char *u, size_t n)
{
    if (n >= 3 && !memcmp(u, "亿", 3)) return 8;
    if (n >= 3 && !memcmp(u, "万", 3)) return 4;
    if (n >= 3 && !memcmp(u, "千", 3)) return 3;
    return 0;
}

static fx_fact *fact_at(fx_para *p, fx_fact_kind k, size_t s, size_t e)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->f[i].kind == k && p->f[i].s <= s && e <= p->f[i].e) return &p->f[i];
    return NULL;
}

/* the reason after a change: in the rest of its sentence, or opening the next one */
static bool find_reason(fx_para *p, size_t from, size_t *rs, size_t *re_, size_t *send)
{
    fx_doc *d = p->d;
    const pcre2_code *re = fx_pat("reason");
    PCRE2_SIZE *ov;
    size_t ss, se;
    fx_sentence_at(p, from, &ss, &se);
    *send = se;
    if (from < se && fx_match(d, re, d->text + from, se - from, 0, &ov) > 0) {
        *rs = from + ov[1];
        *re_ = se;
        return true;
    }
    /* the next sentence, when it opens with a reason */
    size_t n = se;
    while (n < p->e && (d->text[n] == ';' || d->text[n] == '!' || d->text[n] == '?' || d->text[n] == ' '))
        n++;
    if (n + 3 <= p->e && !memcmp(d->text + n, "。", 3)) n += 3;
    while (n < p->e && d->text[n] == ' ') n++;
    if (n >= p->e || n == se) return false;
    size_t ns, ne;
    fx_sentence_at(p, n, &ns, &ne);
    if (fx_match(d, re, d->text + ns, ne - ns, 0, &ov) > 0 && ov[0] == 0) {
        *rs = ns + ov[1];
        *re_ = ne;
        *send = ne;
        return true;
    }
    return false;
}

/* The subject of a statement whose sentence names none: the first amount of the nearest
 * earlier full sentence (。) that has amounts, passing over breakdowns (其中:…, 包括…),
 * which detail the item rather than name it:
 * 3.公务接待费支出0万元。其中:国内…0万元;国(境)外…0万元。与上年相比… -> 公务接待费支出. */
static const char *subject_before(fx_para *p, size_t at)
{
    fx_doc *d = p->d;
    const pcre2_code *lead = fx_pat("breakdown");
    size_t end = at, floor = at > p->s + 4096 ? at - 4096 : p->s;
    for (int guard = 0; guard < 16; guard++) {
        /* the full sentence ending before `end` */
        size_t e = end;
        while (e > floor && !(e >= floor + 3 && !memcmp(d->text + e - 3, "。", 3))) e--;
        if (e <= floor) return NULL;
        size_t s = e - 3;
        while (s > floor && !(s >= floor + 3 && !memcmp(d->text + s - 3, "。", 3))) s--;
        end = e - 3;
        const char *first = NULL;
        for (size_t i = 0; i < p->n && !first; i++)
            if (p->f[i].kind == FXF_AMOUNT && p->f[i].s >= s && p->f[i].e <= e && p->f[i].label)
                first = p->f[i].label;
        if (!first) continue;
        PCRE2_SIZE *ov;
        if (fx_match(d, lead, d->text + s, e - s, 0, &ov) > 0) continue;
        return first;
    }
    return NULL;
}

/* 公务用车购置费本年无支出，较上年减少25.00万元: the sentence opens with a clause that names
 * the item and states no number; the subject is that clause up to its time word (本年…).
 * A clause that opens with a preposition (按照…要求，根据…) names no item. */
static const char *subject_clause(fx_para *p, size_t at)
{
    fx_doc *d = p->d;
    size_t ss, se, cs = fx_clause_start(p, p->s, at);
    fx_sentence_at(p, at, &ss, &se);
    if (cs <= ss + 1 || cs > at) return NULL;
    size_t e = cs - 1;                          /* the mark before the change's clause */
    if (fx_clause_start(p, ss, e) != ss || e - ss > 60) return NULL;   /* the first clause, short */
    for (size_t i = 0; i < p->n; i++)
        if (p->f[i].s < e && p->f[i].e > ss) return NULL;
    static const char *const PREP[] = {"按照", "根据", "依据", "由于", "因", "为", "在", "随着", "受", "经", "通过", "主要"};
    for (size_t k = 0; k < sizeof PREP / sizeof *PREP; k++)
        if (!strncmp(d->text + ss, PREP[k], strlen(PREP[k]))) return NULL;
    static const char *const TIME[] = {"本年", "今年", "当年", "全年"};
    for (size_t i = ss + 3; i + 6 <= e; i++)
        for (size_t k = 0; k < 4; k++)
            if (!memcmp(d->text + i, TIME[k], 6)) { e = i; goto cut; }
    return NULL;    /* no time word: the clause is a statement of its own, not a name */
cut:
    return fx_label_clean(d, ss, e);
}

static const char *baseline(fx_doc *d, size_t s, size_t e)
{
    while (s < e && d->text[s] == ' ') s++;
    while (e > s && d->text[e - 1] == ' ') e--;
    if (e >= s + 6 && !memcmp(d->text + e - 6, "相比", 6)) e -= 6;
    while (e > s && d->text[e - 1] == ' ') e--;
    return s < e ? fx_strndup(&d->arena, d->text + s, e - s) : NULL;
}

/* The facts of kind `k` inside [s, e), at most `max`, in order. */
static size_t facts_in(fx_para *p, fx_fact_kind k, size_t s, size_t e, fx_fact **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n && n < max; i++)
        if (p->f[i].kind == k && p->f[i].s >= s && p->f[i].e <= e) out[n++] = &p->f[i];
    return n;
}

/* The subjects a 分别 statement lists (收入和支出, 公务用车运行维护费和公务接待费, 甲、乙及丙):
 * exactly `want` of them, else 0. */
#define MAX_PARTS 8
static size_t split_subject(fx_doc *d, const char *subj, size_t want, const char **parts)
{
    static const char *const SEP[] = {"和", "及", "、", "与"};
    size_t n = 0, len = strlen(subj), from = 0;
    for (size_t i = 0; i <= len && n < MAX_PARTS; i++) {
        size_t sl = 0;
        for (size_t k = 0; k < 4 && i < len && !sl; k++)
            if (!strncmp(subj + i, SEP[k], strlen(SEP[k]))) sl = strlen(SEP[k]);
        if (i < len && !sl) continue;
        if (i > from) parts[n++] = fx_strndup(&d->arena, subj + from, i - from);
        else return 0;
        if (i == len) break;
        from = i + sl;
        i = from - 1;
    }
    return n == want ? n : 0;
}

typedef struct {
    size_t ms, ce;
    const char *subject, *base, *dir, *reason;
    fx_dec amount, pct, points;
    fx_fact *fa, *fp;
} change_fields;

static void make(fx_para *p, const change_fields *c)
{
    fx_doc *d = p->d;
    fx_rec *r = fx_rec_new(d, "change", c->ms, c->ce);
    fx_set_str(d, r, "subject", c->subject);
    fx_set_str(d, r, "baseline", c->base);
    fx_set_str(d, r, "direction", c->dir);
    fx_set_dec(d, r, "amount", c->amount);
    fx_set_dec(d, r, "percent", c->pct);
    fx_set_dec(d, r, "points", c->points);
    fx_set_str(d, r, "reason", c->reason);
    fx_set_str(d, r, "section", p->section);
    fx_set_str(d, r, "text", fx_raw_text(d, c->ms, c->ce));
    if (c->fa) fx_set_str(d, c->fa->r, "change", r->id);
    if (c->fp) fx_set_str(d, c->fp->r, "change", r->id);
}

/* Emit the change a match of `re` (change or change_more: same group names) states. Returns
 * the end of the statement (with its reason), or 0 when nothing was emitted. */
static size_t emit(fx_para *p, const pcre2_code *re, const PCRE2_SIZE *ov, int rc, const char *base)
{
    fx_doc *d = p->d;
    size_t ms = p->s + ov[0], me = p->s + ov[1];
    size_t s, e, ds, de;
    if (!fx_cap(ov, rc, fx_group(re, "dir"), p->s, &ds, &de)) return 0;
    while (ms < me && d->text[ms] == ' ') ms++;

    const char *subject = NULL;
    if (fx_cap(ov, rc, fx_group(re, "subj"), p->s, &s, &e) || fx_cap(ov, rc, fx_group(re, "subj2"), p->s, &s, &e))
        subject = fx_label_clean(d, s, e);
    if (!subject) {
        size_t cs = fx_clause_start(p, p->s, ms);
        if (cs < ms) subject = fx_label_clean(d, fx_label_start(p, ms), ms);
    }
    if (!subject) {
        size_t ss, se;
        fx_sentence_at(p, ms, &ss, &se);
        for (size_t i = p->n; i-- > 0 && !subject;)
            if (p->f[i].e <= ms && p->f[i].s >= ss && p->f[i].label) subject = p->f[i].label;
    }
    if (!subject) subject = subject_clause(p, ms);
    if (!subject) subject = subject_before(p, ms);
    if (!subject) subject = p->prev_label;

    /* the amount and the percent, in either order (the pattern names the second order's
     * groups with a 2); a percent written 百分之六点五 is read from its percent record; a
     * change in percentage points (提高2.3个百分点) is no percent: it goes in `points` */
    fx_dec amount = FX_DEC_BAD, pct = FX_DEC_BAD, points = FX_DEC_BAD;
    fx_fact *fa = NULL, *fp = NULL;
    size_t as = 0, ae = 0, ps = 0, pe = 0;   /* where the amounts and the percents stand (分别) */
    for (int k = 0; k < 2 && !fa; k++) {
        if (!fx_cap(ov, rc, fx_group(re, k ? "amt2" : "amt"), p->s, &s, &e)) continue;
        as = s;
        ae = e;
        fa = fact_at(p, FXF_AMOUNT, s, e);
        if (fa) amount = fa->yuan;
        else {
            size_t us, ue;
            if (fx_cap(ov, rc, fx_group(re, k ? "aunit2" : "aunit"), p->s, &us, &ue))
                amount = fx_dec_yuan(fx_num(d, s, e), unit_pow(d->text + us, ue - us));
        }
        if (fx_cap(ov, rc, fx_group(re, k ? "more2" : "more"), p->s, &s, &e)) ae = e;
    }
    for (int k = 0; k < 2 && !pct.ok; k++) {
        if (fx_cap(ov, rc, fx_group(re, k ? "pct2" : "pct"), p->s, &s, &e)) {
            ps = s;
            pe = e;
            fp = fact_at(p, FXF_PERCENT, s, e);
            pct = fp ? fp->value : fx_num(d, s, e);
            if (!fp && fx_cap(ov, rc, fx_group(re, k ? "sign2" : "sign"), p->s, &s, &e)) pct = fx_dec_neg(pct);
            if (fx_cap(ov, rc, fx_group(re, k ? "morep2" : "morep"), p->s, &s, &e)) pe = e;
        } else if (fx_cap(ov, rc, fx_group(re, k ? "pctcn2" : "pctcn"), p->s, &s, &e)) {
            fp = fact_at(p, FXF_PERCENT, s, s + 3);   /* the record may end before a stray 点 */
            if (fp) pct = fp->value;
        }
    }
    if (fx_cap(ov, rc, fx_group(re, "pts"), p->s, &s, &e)) {
        fp = fact_at(p, FXF_PERCENT, s, e);
        points = fp ? fp->value : fx_num(d, s, e);
    }

    size_t rs, rend, send, ce = me;
    const char *reason = NULL;
    if (find_reason(p, me, &rs, &rend, &send)) {
        reason = fx_text(d, rs, rend);
        if (!*reason) reason = NULL;
        ce = rend;
    }
    while (ce > ms && d->text[ce - 1] == ' ') ce--;

    change_fields c = {ms, ce, subject, base, direction(d->text + ds, de - ds), reason,
                       amount, pct, points, fa, fp};
    /* 收入和支出分别增加120.5万元和98.3万元: one change per subject, each with its own number */
    fx_fact *am[MAX_PARTS], *pm[MAX_PARTS];
    size_t na = as < ae ? facts_in(p, FXF_AMOUNT, as, ae, am, MAX_PARTS) : 0;
    size_t np = ps < pe ? facts_in(p, FXF_PERCENT, ps, pe, pm, MAX_PARTS) : 0;
    size_t n = na > np ? na : np;
    const char *parts[MAX_PARTS];
    if (n > 1 && subject && (na == n || na <= 1) && (np == n || np <= 1) &&
        split_subject(d, subject, n, parts) == n) {
        for (size_t i = 0; i < n; i++) {
            change_fields ci = c;
            ci.subject = parts[i];
            if (na == n) { ci.fa = am[i]; ci.amount = am[i]->yuan; }
            if (np == n) { ci.fp = pm[i]; ci.pct = pm[i]->value; }
            make(p, &ci);
        }
        return ce;
    }
    make(p, &c);
    return ce;
}

/* The start of the next ;-separated part of the same full sentence after `at`, or 0. */
static size_t next_part(fx_para *p, size_t at)
{
    const char *t = p->d->text;
    for (size_t i = at; i < p->e && i < at + 1536; i++) {
        if (t[i] == ';') return i + 1 < p->e ? i + 1 : 0;
        if (i + 3 <= p->e && !memcmp(t + i, "。", 3)) return 0;
        if (t[i] == '!' || t[i] == '?') return 0;
    }
    return 0;
}

void fx_changes(fx_para *p)
{
    fx_doc *d = p->d;
    const pcre2_code *re = fx_pat("change"), *more = fx_pat("change_more"), *split = fx_pat("change_split");
    static const char *const BASES[] = {"base", "base2", "base3", "base4", "base5"};
    const char *sub = d->text + p->s;
    size_t len = p->e - p->s, at = 0;
    int made = 0;
    /* the spans of the statements found, so that a split statement is only looked for
     * elsewhere (SPANS of them at most: past that, no split statements are read) */
    enum { SPANS = 64 };
    size_t span_s[SPANS], span_e[SPANS], nspan = 0;
    while (at < len && made < FX_MAX_LINE_FACTS) {
        fx_caps c;
        int rc = fx_scan_change(d, sub, len, at, &c);
        if (rc <= 0) break;
        const PCRE2_SIZE *ov = c.v;
        at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        const char *base = NULL;
        for (int k = 0; k < 5 && !base; k++) {
            size_t s, e;
            if (fx_cap(ov, rc, fx_group(re, BASES[k]), p->s, &s, &e)) base = baseline(d, s, e);
        }
        size_t end = emit(p, re, ov, rc, base);
        if (!end) continue;
        made++;
        if (nspan < SPANS) { span_s[nspan] = p->s + ov[0]; span_e[nspan++] = end; }
        /* …;本年支出合计减少36.15万元: further statements against the same baseline */
        for (size_t np = next_part(p, end); np && made < FX_MAX_LINE_FACTS; np = next_part(p, end)) {
            fx_caps mc;
            int mrc = fx_match_caps(d, more, sub, len, np - p->s, &mc);
            if (mrc <= 0 || p->s + mc.v[0] != np) break;
            size_t s, e;
            if (!fx_cap(mc.v, mrc, fx_group(more, "amt"), p->s, &s, &e) &&
                !fx_cap(mc.v, mrc, fx_group(more, "pct"), p->s, &s, &e))
                break;
            size_t mend = emit(p, more, mc.v, mrc, base);
            if (!mend) break;
            made++;
            end = mend;
            if (nspan) span_e[nspan - 1] = end;
            if (end - p->s > at) at = end - p->s;
        }
    }
    /* 培训费上年为6.00万元，本年为4.50万元，减少额为1.50万元: a statement in parts */
    for (at = 0; at < len && made < FX_MAX_LINE_FACTS && nspan < SPANS;) {
        fx_caps c;
        int rc = fx_scan_change_split(d, sub, len, at, &c);
        if (rc <= 0) break;
        size_t ms = p->s + c.v[0], me = p->s + c.v[1];
        at = c.v[1] > c.v[0] ? c.v[1] : c.v[0] + 1;
        bool seen = false;
        for (size_t i = 0; i < nspan && !seen; i++) seen = ms < span_e[i] && span_s[i] < me;
        if (seen) continue;
        size_t s, e;
        const char *base = fx_cap(c.v, rc, fx_group(split, "base"), p->s, &s, &e) ? baseline(d, s, e) : NULL;
        if (emit(p, split, c.v, rc, base)) made++;
    }
}

/* Inline subroutine calls to simple named groups before compiling (see patterns_inline.h).
 *
 * Our patterns define their number syntax once, `(?(DEFINE) (?<n> …))`, and call it with
 * `(?&n)`. PCRE2 cannot see through a call when it studies which bytes a match can start
 * with, so such a pattern gets no start bitmap and the JIT tries a match at every byte of a
 * paragraph (callgrind: a third of the whole run). Writing the group's text in place of each
 * call, as a non-capturing group, means the same thing (since PCRE2 10.30 a call is not
 * atomic and can be backtracked into, as an inline group is) and gives PCRE2 its bitmap.
 *
 * Only calls to a body that is safe to move are replaced: no captures, no calls, no
 * relative references, no option settings, no verbs; a pattern that sets options anywhere
 * is left alone. The source is read as PCRE2 reads an extended-mode pattern: escapes,
 * \Q…\E, character classes and # comments. */
#include "patterns_inline.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char *name; size_t nlen; const char *body; size_t blen; } group;

/* Length of the token at p: an escape, a \Q…\E run, a character class, a comment, or one byte. */
static size_t token(const char *p)
{
    if (p[0] == '\\') {
        if (p[1] == 'Q') {
            const char *e = strstr(p + 2, "\\E");
            return e ? (size_t)(e + 2 - p) : strlen(p);
        }
        return p[1] ? 2 : 1;
    }
    if (p[0] == '#') {
        const char *e = strchr(p, '\n');
        return e ? (size_t)(e - p) : strlen(p);
    }
    if (p[0] == '[') {
        size_t i = 1;
        if (p[i] == '^') i++;
        if (p[i] == ']') i++; /* a ] first in the class is literal */
        while (p[i] && p[i] != ']') {
            if (p[i] == '\\' && p[i + 1]) i += 2;
            else if (p[i] == '[' && p[i + 1] == ':') {
                const char *e = strstr(p + i + 2, ":]");
                i = e ? (size_t)(e + 2 - p) : i + 1;
            } else i++;
        }
        return p[i] ? i + 1 : i;
    }
    return 1;
}

/* End of the group whose '(' is at p (the index of its ')'), or 0 if unbalanced. */
static size_t group_end(const char *p)
{
    int depth = 0;
    for (size_t i = 0; p[i];) {
        if (p[i] == '(') depth++;
        else if (p[i] == ')' && --depth == 0) return i;
        i += token(p + i);
    }
    return 0;
}

/* The name of a named group starting at p ("(?<name>", "(?'name'", "(?P<name>"). */
static bool group_name(const char *p, const char **name, size_t *nlen)
{
    const char *q;
    if (!strncmp(p, "(?<", 3) && p[3] != '=' && p[3] != '!') q = p + 3;
    else if (!strncmp(p, "(?P<", 4)) q = p + 4;
    else if (!strncmp(p, "(?'", 3)) q = p + 3;
    else return false;
    size_t n = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    if (!n || (q[n] != '>' && q[n] != '\'')) return false;
    *name = q; *nlen = n;
    return true;
}

/* A call at p ("(?&name)" or "(?P>name)"): its length and the name. */
static size_t call_at(const char *p, const char **name, size_t *nlen)
{
    const char *q;
    if (!strncmp(p, "(?&", 3)) q = p + 3;
    else if (!strncmp(p, "(?P>", 4)) q = p + 4;
    else return 0;
    size_t n = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    if (!n || q[n] != ')') return 0;
    *name = q; *nlen = n;
    return (size_t)(q + n + 1 - p);
}

/* '(' at p that sets options: (?i) (?x: (?-i) (?^) */
static bool sets_options(const char *p)
{
    if (p[1] != '?') return false;
    const char *q = p + 2;
    if (*q == '-') q++;
    return *q && strchr("imnsxJU^", *q) != NULL;
}

/* '(' at p that sets options, or is a verb or a numbered/relative call or reference. */
static bool risky_paren(const char *p)
{
    if (p[1] == '*') return true;
    if (p[1] != '?') return false;
    char c = p[2];
    return c == 'R' || c == '+' || c == '-' || (c >= '0' && c <= '9') || sets_options(p);
}

/* May this group's body be written at a call site? */
static bool movable(const char *b, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (b[i] == '(') {
            const char *nm; size_t nl;
            if (b[i + 1] != '?' && b[i + 1] != '*') return false;     /* a capture */
            if (group_name(b + i, &nm, &nl) || call_at(b + i, &nm, &nl) || risky_paren(b + i))
                return false;
            if (!strncmp(b + i, "(?|", 3)) return false;
        }
        if (b[i] == '\\' && (b[i + 1] == 'g' || b[i + 1] == 'k' || (b[i + 1] >= '1' && b[i + 1] <= '9')))
            return false;
        i += token(b + i);
    }
    return true;
}

/* With no call left, a DEFINE block is dead text; but PCRE2's study stops at a condition,
 * so a pattern that starts with one still gets no start bitmap. `(?!(?!)…)` is the same
 * zero-width always-true group with the same numbered groups, and the study steps over
 * negative assertions. Done in place: both openings are 10 bytes. */
static void define_as_assertion(char *p)
{
    for (size_t i = 0; p[i]; i += token(p + i)) {
        const char *nm; size_t nl;
        if (p[i] == '(' && (call_at(p + i, &nm, &nl) || risky_paren(p + i))) return;
        if (p[i] == '\\' && (p[i + 1] == 'g' || (p[i + 1] >= '1' && p[i + 1] <= '9'))) return;
    }
    for (size_t i = 0; p[i]; i += token(p + i))
        if (!strncmp(p + i, "(?(DEFINE)", 10)) memcpy(p + i, "(?!(?!)   ", 10);
}

char *fx_pat_inline_calls(const char *src)
{
    group gs[32];
    int ng = 0;
    /* collect the named groups; give up on any option setting or verb anywhere */
    for (size_t i = 0; src[i];) {
        if (src[i] == '(') {
            if (sets_options(src + i)) return NULL; /* options change how a body reads */
            const char *nm; size_t nl;
            if (group_name(src + i, &nm, &nl)) {
                size_t e = group_end(src + i);
                if (!e) return NULL;
                const char *b = nm + nl + 1;
                size_t bl = (size_t)(src + i + e - b);
                if (ng < 32 && movable(b, bl)) gs[ng++] = (group){nm, nl, b, bl};
            }
        }
        i += token(src + i);
    }
    if (!ng) return NULL;
    /* write the pattern with each call to a collected group replaced by its body */
    size_t cap = strlen(src) + 1, n = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    int replaced = 0;
    for (size_t i = 0; src[i];) {
        const char *nm; size_t nl, k = src[i] == '(' ? call_at(src + i, &nm, &nl) : 0;
        const group *g = NULL;
        for (int j = 0; k && j < ng && !g; j++)
            if (gs[j].nlen == nl && !memcmp(gs[j].name, nm, nl)) g = &gs[j];
        const char *piece = src + i;
        size_t plen = g ? 0 : token(src + i);
        if (n + plen + (g ? g->blen + 8 : 0) + 1 > cap) {
            cap = (cap + plen + (g ? g->blen + 8 : 0)) * 2;
            char *o2 = realloc(out, cap);
            if (!o2) { free(out); return NULL; }
            out = o2;
        }
        if (g) {
            /* the body may end in a # comment: its newline is inside it, so ")" is safe */
            memcpy(out + n, "(?:", 3); n += 3;
            memcpy(out + n, g->body, g->blen); n += g->blen;
            out[n++] = ')';
            i += k;
            replaced++;
        } else {
            memcpy(out + n, piece, plen); n += plen;
            i += plen;
        }
    }
    out[n] = 0;
    if (!replaced) { free(out); return NULL; }
    define_as_assertion(out);
    return out;
}

/* Small tests on cell texts, shared by the table files and indicators.c. The texts are
 * canonical (NFKC: ASCII digits, `(` `:` `,`), so only ASCII forms need handling here. */
#include "tables.h"

#include <string.h>

/* decode one UTF-8 code point (canonical text is valid UTF-8) */
static unsigned cp_at(const char *p, int *len)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] < 0x80) { *len = 1; return u[0]; }
    if ((u[0] & 0xE0) == 0xC0 && u[1]) { *len = 2; return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu); }
    if ((u[0] & 0xF0) == 0xE0 && u[1] && u[2]) {
        *len = 3;
        return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    }
    if ((u[0] & 0xF8) == 0xF0 && u[1] && u[2] && u[3]) {
        *len = 4;
        return ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) | (u[3] & 0x3Fu);
    }
    *len = 1;
    return u[0];
}

bool tb_is_cjk(const char *p)
{
    int l;
    unsigned c = cp_at(p, &l);
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x3000 && c <= 0x303F) ||
           c == 0x201C || c == 0x201D;
}

char *tb_squeeze(fx_doc *d, const char *s)
{
    size_t n = strlen(s);
    /* nothing to squeeze (most cells): the loop below would copy it byte for byte */
    if (strcspn(s, " \t") == n) return fx_strndup(&d->arena, s, n);
    char *o = fx_alloc(&d->arena, n + 1);
    size_t k = 0;
    const char *prev = NULL; /* start of the last non-space character written */
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || s[i] == '\t') {
            size_t j = i;
            while (j < n && (s[j] == ' ' || s[j] == '\t')) j++;
            /* a space between two CJK characters is a wrap inside a cell: drop it */
            if (!(prev && j < n && tb_is_cjk(prev) && tb_is_cjk(s + j)) && k && j < n) o[k++] = ' ';
            i = j;
            continue;
        }
        int l;
        cp_at(s + i, &l);
        prev = s + i;
        memcpy(o + k, s + i, (size_t)l);
        k += (size_t)l;
        i += (size_t)l;
    }
    o[k] = 0;
    return o;
}

bool tb_num(const char *s, fx_dec *out)
{
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') n--;
    if (n && s[n - 1] == '%') { n--; while (n && s[n - 1] == ' ') n--; }
    if (!n) return false;
    fx_dec v = fx_dec_parse(s, n);
    if (!v.ok) return false;
    if (out) *out = v;
    return true;
}

bool tb_is_code(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9') n++;
    return s[n] == 0 && (n == 3 || n == 5 || n == 7);
}

/* length of the Han digit 一..十 at s, 0 if none (byte by byte, no read past the NUL) */
static size_t han_digit(const char *s)
{
    static const char HAN[] = "一二三四五六七八九十";
    for (size_t k = 0; k + 3 <= sizeof HAN - 1; k += 3)
        if (s[0] == HAN[k] && s[1] == HAN[k + 1] && s[2] == HAN[k + 2]) return 3;
    return 0;
}

size_t tb_ordinal_len(const char *s)
{
    size_t i = 0;
    /* (一) (1) */
    if (s[0] == '(') {
        size_t j = 1;
        for (;;) {
            size_t h = han_digit(s + j);
            if (h) { j += h; continue; }
            if (s[j] >= '0' && s[j] <= '9') { j++; continue; }
            break;
        }
        if (j > 1 && s[j] == ')') { j++; while (s[j] == ' ') j++; return j; }
        return 0;
    }
    /* 一、 二十二、 1. 1、 */
    for (size_t h; (h = han_digit(s + i));) i += h;
    if (i == 0) while (s[i] >= '0' && s[i] <= '9' && i < 3) i++;
    if (i == 0) return 0;
    if (!strncmp(s + i, "、", 3)) i += 3;
    else if (s[i] == '.' && !(s[i + 1] >= '0' && s[i + 1] <= '9')) i += 1;
    else return 0;
    while (s[i] == ' ') i++;
    return i;
}

bool tb_is_dash(const char *s)
{
    while (*s == ' ') s++;
    if (!*s) return false;
    while (*s) {
        if (!strncmp(s, "—", 3) || !strncmp(s, "─", 3) || !strncmp(s, "－", 3)) s += 3;
        else if (*s == '-' || *s == '/' || *s == ' ') s++;
        else return false;
    }
    return true;
}

bool tb_contains(const char *s, const char *needle) { return s && strstr(s, needle) != NULL; }

bool tb_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !memcmp(s + n - k, suffix, k);
}

bool tb_may_total(const char *s, size_t n)
{
    if (memchr(s, '\n', n)) return true;   /* `$` may match before a newline: let the regex say */
    while (n && s[n - 1] == ' ') n--;
    return n >= 3 && (!memcmp(s + n - 3, "计", 3) || !memcmp(s + n - 3, "分", 3));
}

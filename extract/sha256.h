/* SHA-256 (FIPS 180-4), streaming. The archive keys documents by the hash of their raw
 * bytes; none of the libraries fiscx links (ICU, PCRE2, utf8proc, SQLite) exposes one, and
 * ~100 lines checked against the NIST vectors cost less than a new link dependency. */
#ifndef FX_SHA256_H
#define FX_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct fx_sha256 {
    uint32_t h[8];
    uint64_t len;            /* bytes hashed so far */
    unsigned char buf[64];
    size_t nbuf;
} fx_sha256;

void fx_sha256_init(fx_sha256 *s);
void fx_sha256_update(fx_sha256 *s, const void *data, size_t n);
/* 64 lowercase hex digits and a NUL into hex[65] */
void fx_sha256_hex(fx_sha256 *s, char hex[65]);

#endif

/* Writers shared by the emitters (JSON here; SQLite and CSV build on the record view). */
#ifndef FX_EMIT_H
#define FX_EMIT_H

#include "internal.h"

void fx_json_str(fx_buf *b, const char *s, size_t n);
void fx_json_val(fx_buf *b, const fx_val *v);
void fx_json_record(fx_buf *b, const char *doc_id, const fx_rec *r);

/* what the callback receives (fiscx.h's opaque fx_record) */
struct fx_record {
    const fx_rec *rec;
    const char *doc_id;
    fx_buf *json;
    char num[32];
};

#endif

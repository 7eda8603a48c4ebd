/* sdh_buf: bounded growable buffer. */
#include "util/buf.h"

#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sdh_buf_init(sdh_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

sdh_buf_result sdh_buf_add(sdh_buf *b, const void *data, size_t len)
{
    if (len > b->max || b->len > b->max - len)
        return SDH_BUF_TOO_BIG;
    size_t need = b->len + len + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < need)
            cap *= 2;
        /* malloc + copy instead of realloc, so the old block can be wiped */
        char *p = malloc(cap);
        if (!p)
            return SDH_BUF_NOMEM;
        if (b->data) {
            memcpy(p, b->data, b->len + 1);
            OPENSSL_cleanse(b->data, b->cap);
            free(b->data);
        }
        b->data = p;
        b->cap = cap;
    }
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return SDH_BUF_OK;
}

sdh_buf_result sdh_buf_addstr(sdh_buf *b, const char *s)
{
    return sdh_buf_add(b, s, strlen(s));
}

sdh_buf_result sdh_buf_printf(sdh_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return SDH_BUF_NOMEM;
    if ((size_t)n < sizeof(small))
        return sdh_buf_add(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big)
        return SDH_BUF_NOMEM;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sdh_buf_result r = sdh_buf_add(b, big, (size_t)n);
    free(big);
    return r;
}

const char *sdh_buf_str(const sdh_buf *b)
{
    return b->data ? b->data : "";
}

char *sdh_buf_take(sdh_buf *b)
{
    char *p = b->data;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}

void sdh_buf_reset(sdh_buf *b)
{
    if (b->data)
        OPENSSL_cleanse(b->data, b->cap);
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void sdh_buf_wipe_free(char *p, size_t len)
{
    if (!p)
        return;
    OPENSSL_cleanse(p, len == (size_t)-1 ? strlen(p) : len);
    free(p);
}

void sdh_buf_free(sdh_buf *b)
{
    if (b->data)
        OPENSSL_cleanse(b->data, b->cap);
    free(b->data);
    sdh_buf_init(b, b->max);
}

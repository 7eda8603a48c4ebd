/* SigV4 canonicalisation: the canonical path, query string and header block.
 * Rules as in the AWS SigV4 documentation and the aws-c-auth test suite; path
 * normalisation follows RFC 3986 remove_dot_segments plus "collapse empty
 * segments", keeping a trailing '/' (the rule botocore also applies). */
#include "aws/sigv4_canon.h"

#include <stdlib.h>
#include <string.h>

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        sdh_buf_result r_ = (expr);                                                                \
        if (r_ != SDH_BUF_OK)                                                                      \
            return r_;                                                                             \
    } while (0)

static int is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

sdh_buf_result aws_sigv4_uri_encode(sdh_buf *out, const char *s, size_t len, int keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t run = 0; /* start of the pending run of bytes copied as they are */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_unreserved(c) || (keep_slash && c == '/'))
            continue;
        TRY(sdh_buf_add(out, s + run, i - run));
        char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
        TRY(sdh_buf_add(out, esc, sizeof(esc)));
        run = i + 1;
    }
    return sdh_buf_add(out, s + run, len - run);
}

/* ---- path ---- */

typedef struct segment {
    const char *start;
    size_t len;
} segment;

sdh_buf_result aws_sigv4_canon_path(sdh_buf *out, const char *path, int normalize)
{
    size_t len = path ? strlen(path) : 0;
    if (len == 0)
        return sdh_buf_add(out, "/", 1);
    if (!normalize)
        return aws_sigv4_uri_encode(out, path, len, 1);

    /* At most len/2 + 1 non-empty segments. */
    segment *stack = malloc((len / 2 + 1) * sizeof(*stack));
    if (!stack)
        return SDH_BUF_NOMEM;
    size_t depth = 0;
    const char *p = path, *end = path + len;
    while (p < end) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        size_t seg_len = slash ? (size_t)(slash - p) : (size_t)(end - p);
        if (seg_len == 2 && p[0] == '.' && p[1] == '.') {
            if (depth > 0)
                depth--;
        } else if (seg_len > 0 && !(seg_len == 1 && p[0] == '.')) {
            stack[depth].start = p;
            stack[depth].len = seg_len;
            depth++;
        }
        p += seg_len + 1;
    }

    sdh_buf_result r = SDH_BUF_OK;
    if (path[0] == '/')
        r = sdh_buf_add(out, "/", 1);
    for (size_t i = 0; i < depth && r == SDH_BUF_OK; i++) {
        if (i > 0)
            r = sdh_buf_add(out, "/", 1);
        if (r == SDH_BUF_OK)
            r = aws_sigv4_uri_encode(out, stack[i].start, stack[i].len, 0);
    }
    if (r == SDH_BUF_OK && depth > 0 && path[len - 1] == '/')
        r = sdh_buf_add(out, "/", 1);
    if (r == SDH_BUF_OK && path[0] != '/' && depth == 0)
        r = sdh_buf_add(out, "/", 1);
    free(stack);
    return r;
}

/* ---- query ---- */

typedef struct query_pair {
    char *key; /* encoded, owned */
    char *value;
} query_pair;

/* Percent-decode `len` bytes of `s` and append them encoded to `out`. An
 * invalid escape is kept as a literal '%'. */
static sdh_buf_result reencode(sdh_buf *out, const char *s, size_t len)
{
    sdh_buf_result r;
    char *dec = malloc(len + 1);
    if (!dec)
        return SDH_BUF_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < len && (hi = hex_value((unsigned char)s[i + 1])) >= 0 &&
            (lo = hex_value((unsigned char)s[i + 2])) >= 0) {
            dec[n++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            dec[n++] = s[i];
        }
    }
    r = aws_sigv4_uri_encode(out, dec, n, 0);
    free(dec);
    return r;
}

static sdh_buf_result encoded_copy(char **dst, const char *s, size_t len, int decode_first)
{
    sdh_buf b;
    sdh_buf_init(&b, (size_t)-1 / 4);
    sdh_buf_result r = decode_first ? reencode(&b, s, len) : aws_sigv4_uri_encode(&b, s, len, 0);
    if (r == SDH_BUF_OK && b.len == 0)
        r = sdh_buf_add(&b, "", 0);
    if (r != SDH_BUF_OK) {
        sdh_buf_free(&b);
        return r;
    }
    *dst = sdh_buf_take(&b);
    return SDH_BUF_OK;
}

static int pair_cmp(const void *a, const void *b)
{
    const query_pair *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->value, y->value);
}

sdh_buf_result aws_sigv4_canon_query(sdh_buf *out, const char *query, const aws_sigv4_param *extra,
                                     size_t n_extra)
{
    size_t qlen = query ? strlen(query) : 0;
    size_t cap = n_extra + 1;
    for (size_t i = 0; i < qlen; i++)
        cap += query[i] == '&';
    query_pair *pairs = calloc(cap, sizeof(*pairs));
    if (!pairs)
        return SDH_BUF_NOMEM;
    size_t n = 0;
    sdh_buf_result r = SDH_BUF_OK;

    /* Every '&'-separated piece counts, empty ones included ("a&&b" has three),
     * as botocore reads a URL's query. */
    const char *p = query, *end = query ? query + qlen : NULL;
    while (r == SDH_BUF_OK && qlen > 0) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        size_t piece = amp ? (size_t)(amp - p) : (size_t)(end - p);
        const char *eq = memchr(p, '=', piece);
        size_t klen = eq ? (size_t)(eq - p) : piece;
        r = encoded_copy(&pairs[n].key, p, klen, 1);
        if (r == SDH_BUF_OK)
            r = eq ? encoded_copy(&pairs[n].value, eq + 1, piece - klen - 1, 1)
                   : encoded_copy(&pairs[n].value, "", 0, 1);
        n++;
        if (!amp)
            break;
        p = amp + 1;
    }
    for (size_t i = 0; r == SDH_BUF_OK && i < n_extra; i++) {
        r = encoded_copy(&pairs[n].key, extra[i].name, strlen(extra[i].name), 0);
        if (r == SDH_BUF_OK)
            r = encoded_copy(&pairs[n].value, extra[i].value, strlen(extra[i].value), 0);
        n++;
    }

    if (r == SDH_BUF_OK) {
        qsort(pairs, n, sizeof(*pairs), pair_cmp);
        for (size_t i = 0; i < n && r == SDH_BUF_OK; i++) {
            if (i > 0)
                r = sdh_buf_add(out, "&", 1);
            if (r == SDH_BUF_OK)
                r = sdh_buf_addstr(out, pairs[i].key);
            if (r == SDH_BUF_OK)
                r = sdh_buf_add(out, "=", 1);
            if (r == SDH_BUF_OK)
                r = sdh_buf_addstr(out, pairs[i].value);
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(pairs[i].key);
        free(pairs[i].value);
    }
    free(pairs);
    return r;
}

/* ---- headers ---- */

typedef struct header_ref {
    const aws_sigv4_header *h;
    size_t index; /* original position: keeps repeated names in order */
} header_ref;

static int name_cmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = lower((unsigned char)*a), y = lower((unsigned char)*b);
        if (x != y || x == '\0')
            return (int)x - (int)y;
    }
}

static int header_cmp(const void *a, const void *b)
{
    const header_ref *x = a, *y = b;
    int c = name_cmp(x->h->name, y->h->name);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static sdh_buf_result add_lower(sdh_buf *out, const char *s)
{
    for (; *s; s++) {
        char c = (char)lower((unsigned char)*s);
        TRY(sdh_buf_add(out, &c, 1));
    }
    return SDH_BUF_OK;
}

/* Append `v` trimmed, with each inner whitespace run replaced by one space. */
static sdh_buf_result add_trimmed(sdh_buf *out, const char *v)
{
    while (*v && is_space((unsigned char)*v))
        v++;
    while (*v) {
        const char *word = v;
        while (*v && !is_space((unsigned char)*v))
            v++;
        TRY(sdh_buf_add(out, word, (size_t)(v - word)));
        while (*v && is_space((unsigned char)*v))
            v++;
        if (*v)
            TRY(sdh_buf_add(out, " ", 1));
    }
    return SDH_BUF_OK;
}

sdh_buf_result aws_sigv4_canon_headers(sdh_buf *out, sdh_buf *names,
                                       const aws_sigv4_header *headers, size_t n_headers)
{
    if (n_headers == 0)
        return SDH_BUF_OK;
    header_ref *refs = malloc(n_headers * sizeof(*refs));
    if (!refs)
        return SDH_BUF_NOMEM;
    for (size_t i = 0; i < n_headers; i++) {
        refs[i].h = &headers[i];
        refs[i].index = i;
    }
    qsort(refs, n_headers, sizeof(*refs), header_cmp);

    sdh_buf_result r = SDH_BUF_OK;
    for (size_t i = 0; i < n_headers && r == SDH_BUF_OK; i++) {
        int same = i > 0 && name_cmp(refs[i - 1].h->name, refs[i].h->name) == 0;
        if (same) {
            r = sdh_buf_add(out, ",", 1);
        } else {
            if (i > 0)
                r = sdh_buf_add(out, "\n", 1);
            if (r == SDH_BUF_OK && i > 0)
                r = sdh_buf_add(names, ";", 1);
            if (r == SDH_BUF_OK)
                r = add_lower(names, refs[i].h->name);
            if (r == SDH_BUF_OK)
                r = add_lower(out, refs[i].h->name);
            if (r == SDH_BUF_OK)
                r = sdh_buf_add(out, ":", 1);
        }
        if (r == SDH_BUF_OK)
            r = add_trimmed(out, refs[i].h->value ? refs[i].h->value : "");
    }
    if (r == SDH_BUF_OK)
        r = sdh_buf_add(out, "\n", 1);
    free(refs);
    return r;
}

/* SigV4 canonicalisation (internal to sigv4.c and its tests): the canonical
 * path, query and header blocks, each appended to a bounded sdh_buf. Pure.
 * aws_sigv4_uri_encode also encodes the STS form of the web identity
 * provider. */
#ifndef SDH_AWS_SIGV4_CANON_H
#define SDH_AWS_SIGV4_CANON_H

#include <stddef.h>

#include "aws/sigv4.h"
#include "util/buf.h"

/* A decoded query parameter to add to the canonical query (presigning). */
typedef struct aws_sigv4_param {
    const char *name;  /* borrowed, decoded */
    const char *value; /* borrowed, decoded */
} aws_sigv4_param;

/* Append `len` bytes of `s` URI-encoded with the RFC 3986 unreserved set
 * (upper-case hex); '/' is kept when `keep_slash`. */
sdh_buf_result aws_sigv4_uri_encode(sdh_buf *out, const char *s, size_t len, int keep_slash);

/* Append the canonical path of the raw wire path `path` (borrowed, may be NULL):
 * dot and empty segments removed when `normalize`, each segment encoded once. */
sdh_buf_result aws_sigv4_canon_path(sdh_buf *out, const char *path, int normalize);

/* Append the canonical query of the raw query `query` (borrowed, may be NULL)
 * plus `extra` decoded parameters: decoded, re-encoded, sorted. */
sdh_buf_result aws_sigv4_canon_query(sdh_buf *out, const char *query, const aws_sigv4_param *extra,
                                     size_t n_extra);

/* Append the canonical header block ("name:value\n" per name) to `out` and the
 * signed-header list ("a;b;c") to `names`. Header names are lower-cased, values
 * trimmed and whitespace-collapsed, repeats joined with ',' in order. */
sdh_buf_result aws_sigv4_canon_headers(sdh_buf *out, sdh_buf *names,
                                       const aws_sigv4_header *headers, size_t n_headers);

#endif

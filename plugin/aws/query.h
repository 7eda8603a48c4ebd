/* The AWS query protocol: form-encoded requests serialised from a
 * botocore-shaped JSON input, XML responses and errors read via aws/xml.h. */
#ifndef SDH_AWS_QUERY_H
#define SDH_AWS_QUERY_H

#include <jansson.h>
#include <stddef.h>

#include "util/error.h"

#define AWS_QUERY_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"

/* The form body "Action=<operation>&Version=<api_version>&..." for `input`
 * (borrowed; NULL = {}): objects become `Prefix.Key`, arrays `Prefix.member.N`
 * (1-based; an empty array is sent as `Prefix=`), strings/numbers/booleans
 * their text (booleans "true"/"false"), nulls are skipped; keys and values are
 * percent-encoded (RFC 3986). New text with its length in *len, or NULL with
 * `err` set (SDH_STATUS_INVALID_INPUT for a non-object input). */
char *aws_query_body(const char *operation, const char *api_version, const json_t *input,
                     size_t *len, sdh_error *err);

/* Parse a response. On 2xx: *output = new reference to the <operation>Result
 * element ({} when absent or empty) and the ResponseMetadata RequestId copied
 * into request_id (cap bytes; left unchanged when the body has none). Else the
 * normalised error (aws_error_from_xml). `body` and `header_request_id` are
 * borrowed. */
sdh_status aws_query_parse(long http_status, const char *body, size_t len, const char *operation,
                           const char *header_request_id, json_t **output, char *request_id,
                           size_t cap, sdh_error *err);

#endif

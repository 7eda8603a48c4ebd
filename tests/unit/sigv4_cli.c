/* Test helper for sigv4_diff.py: reads signing requests as JSON Lines on stdin
 * and prints one JSON result per line. Input object:
 *   {"method", "path", "query" (or null), "headers": [[name, value], ...],
 *    "body_hex", "normalize", "sign_body", "omit_session_token", "presign" (seconds, optional),
 *    "region", "service", "when" (UTC seconds), "access_key_id", "secret", "token" (or null)}
 * Output: {"canonical_request", "string_to_sign", "signature", "authorization",
 *          "amz_date", "content_sha256"} or {"error": message}.
 * One key cache serves all lines, so repeated scopes exercise cache hits. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/sigv4.h"

#define MAX_HEADERS 64

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static json_t *sign_one(aws_sigv4_cache *cache, json_t *in)
{
    aws_sigv4_header headers[MAX_HEADERS];
    json_t *hs = json_object_get(in, "headers");
    size_t n = json_array_size(hs);
    if (n > MAX_HEADERS)
        return json_pack("{s:s}", "error", "too many headers");
    for (size_t i = 0; i < n; i++) {
        headers[i].name = json_string_value(json_array_get(json_array_get(hs, i), 0));
        headers[i].value = json_string_value(json_array_get(json_array_get(hs, i), 1));
    }
    const char *hex = json_string_value(json_object_get(in, "body_hex"));
    size_t hex_len = hex ? strlen(hex) : 0;
    unsigned char *body = malloc(hex_len / 2 + 1);
    if (!body)
        return NULL;
    for (size_t i = 0; i + 1 < hex_len; i += 2)
        body[i / 2] = (unsigned char)(hex_nibble(hex[i]) * 16 + hex_nibble(hex[i + 1]));

    aws_sigv4_credentials cr = {json_string_value(json_object_get(in, "access_key_id")),
                                json_string_value(json_object_get(in, "secret")),
                                json_string_value(json_object_get(in, "token"))};
    aws_sigv4_params params = {json_string_value(json_object_get(in, "region")),
                               json_string_value(json_object_get(in, "service")),
                               (time_t)json_integer_value(json_object_get(in, "when")), &cr};
    aws_sigv4_request req = {json_string_value(json_object_get(in, "method")),
                             json_string_value(json_object_get(in, "path")),
                             json_string_value(json_object_get(in, "query")),
                             headers,
                             n,
                             body,
                             hex_len / 2,
                             json_is_true(json_object_get(in, "normalize")),
                             json_is_true(json_object_get(in, "sign_body")),
                             json_is_true(json_object_get(in, "omit_session_token"))};
    aws_sigv4_result res;
    sdh_error err;
    sdh_error_clear(&err);
    json_t *presign = json_object_get(in, "presign");
    sdh_status st = json_is_integer(presign)
                        ? aws_sigv4_presign(cache, &req, &params,
                                            (unsigned)json_integer_value(presign), &res, &err)
                        : aws_sigv4_sign(cache, &req, &params, &res, &err);
    free(body);
    if (st != SDH_STATUS_OK)
        return json_pack("{s:s}", "error", err.message);
    json_t *out = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s?}", "canonical_request",
                            res.canonical_request, "string_to_sign", res.string_to_sign,
                            "signature", res.signature, "authorization", res.authorization,
                            "amz_date", res.amz_date, "content_sha256", res.content_sha256);
    aws_sigv4_result_clear(&res);
    return out;
}

int main(void)
{
    aws_sigv4_cache *cache = aws_sigv4_cache_new();
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (cache && getline(&line, &cap, stdin) > 0) {
        json_error_t jerr;
        json_t *in = json_loads(line, 0, &jerr);
        json_t *out = in ? sign_one(cache, in) : json_pack("{s:s}", "error", jerr.text);
        char *text = out ? json_dumps(out, JSON_COMPACT) : NULL;
        if (!text) {
            rc = 1;
        } else {
            printf("%s\n", text);
            fflush(stdout);
        }
        free(text);
        json_decref(out);
        json_decref(in);
    }
    free(line);
    aws_sigv4_cache_free(cache);
    return cache ? rc : 1;
}

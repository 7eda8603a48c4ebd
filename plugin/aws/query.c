/* AWS query protocol: form serialisation of a JSON input, XML results. */
#include "aws/query.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_error.h"
#include "aws/xml.h"
#include "util/buf.h"

#define MAX_BODY  (1024u * 1024u)
#define MAX_DEPTH 32

/* Append "&" key "=" escaped(value). Returns 0 or -1 (no memory/too big). */
static int add_pair(sdh_buf *out, const char *key, const char *value, size_t value_len)
{
    char *k = curl_easy_escape(NULL, key, 0);
    char *v = curl_easy_escape(NULL, value, (int)value_len);
    int rc = -1;
    if (k && v && value_len <= MAX_BODY)
        rc = sdh_buf_printf(out, "&%s=%s", k, v) == SDH_BUF_OK ? 0 : -1;
    curl_free(k);
    curl_free(v);
    return rc;
}

/* The shortest decimal text that reads back as `d` (no exponent for whole
 * numbers). */
static void format_real(double d, char *out, size_t cap)
{
    if (d > -1e15 && d < 1e15 && d == (double)(long long)d) {
        snprintf(out, cap, "%.1f", d); /* 70 -> "70.0", as botocore writes it */
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, cap, "%.*g", prec, d);
        if (strtod(out, NULL) == d)
            return;
    }
}

static int serialize(sdh_buf *out, const char *prefix, const json_t *value, int depth);

static int serialize_object(sdh_buf *out, const char *prefix, const json_t *obj, int depth)
{
    const char *key;
    const json_t *member;
    json_object_foreach((json_t *)obj, key, member)
    {
        char *name = NULL;
        size_t n = (prefix ? strlen(prefix) + 1 : 0) + strlen(key) + 1;
        name = malloc(n);
        if (!name)
            return -1;
        snprintf(name, n, "%s%s%s", prefix ? prefix : "", prefix ? "." : "", key);
        int rc = serialize(out, name, member, depth + 1);
        free(name);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int serialize_array(sdh_buf *out, const char *prefix, const json_t *arr, int depth)
{
    size_t i;
    const json_t *elem;
    if (json_array_size(arr) == 0)
        return add_pair(out, prefix, "", 0);
    json_array_foreach(arr, i, elem)
    {
        size_t n = strlen(prefix) + 32;
        char *name = malloc(n);
        if (!name)
            return -1;
        snprintf(name, n, "%s.member.%zu", prefix, i + 1);
        int rc = serialize(out, name, elem, depth + 1);
        free(name);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int serialize(sdh_buf *out, const char *prefix, const json_t *value, int depth)
{
    char text[64];
    if (depth > MAX_DEPTH)
        return -2;
    switch (json_typeof(value)) {
    case JSON_OBJECT:
        return serialize_object(out, prefix, value, depth);
    case JSON_ARRAY:
        return serialize_array(out, prefix, value, depth);
    case JSON_STRING:
        return add_pair(out, prefix, json_string_value(value), json_string_length(value));
    case JSON_INTEGER:
        snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        return add_pair(out, prefix, text, strlen(text));
    case JSON_REAL:
        format_real(json_real_value(value), text, sizeof(text));
        return add_pair(out, prefix, text, strlen(text));
    case JSON_TRUE:
        return add_pair(out, prefix, "true", 4);
    case JSON_FALSE:
        return add_pair(out, prefix, "false", 5);
    case JSON_NULL:
        return 0;
    }
    return 0;
}

char *aws_query_body(const char *operation, const char *api_version, const json_t *input,
                     size_t *len, sdh_error *err)
{
    if (input && !json_is_object(input)) {
        sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidInput", NULL,
                      "the operation input must be a JSON object");
        return NULL;
    }
    sdh_buf out;
    sdh_buf_init(&out, MAX_BODY);
    char *action = curl_easy_escape(NULL, operation, 0);
    char *version = curl_easy_escape(NULL, api_version, 0);
    int rc = -1;
    if (action && version)
        rc = sdh_buf_printf(&out, "Action=%s&Version=%s", action, version) == SDH_BUF_OK ? 0 : -1;
    curl_free(action);
    curl_free(version);
    if (rc == 0 && input)
        rc = serialize_object(&out, NULL, input, 0);
    if (rc != 0) {
        sdh_buf_free(&out);
        if (rc == -2)
            sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidInput", NULL,
                          "the operation input nests deeper than %d levels", MAX_DEPTH);
        else
            sdh_error_set(err, SDH_STATUS_INTERNAL, "OutOfMemory", NULL,
                          "out of memory or the request body passed %u bytes", MAX_BODY);
        return NULL;
    }
    *len = out.len;
    return sdh_buf_take(&out);
}

/* Note the HTTP status and request id on an error about a 2xx reply. */
static sdh_status reply_error(sdh_error *err, long http_status, const char *header_request_id)
{
    if (err) {
        err->http_status = (int)http_status;
        snprintf(err->request_id, sizeof(err->request_id), "%s",
                 header_request_id ? header_request_id : "");
    }
    return SDH_STATUS_REMOTE_ERROR;
}

sdh_status aws_query_parse(long http_status, const char *body, size_t len, const char *operation,
                           const char *header_request_id, json_t **output, char *request_id,
                           size_t cap, sdh_error *err)
{
    *output = NULL;
    if (http_status < 200 || http_status >= 300)
        return aws_error_from_xml(http_status, body, len, header_request_id, err);
    json_t *doc = aws_xml_parse(body ? body : "", body ? len : 0, err);
    if (!doc)
        return reply_error(err, http_status, header_request_id);
    /* A success is always <OperationResponse>: anything else (a proxy's HTML
     * page, another operation's reply) must not pass for an empty result. */
    char name[192];
    snprintf(name, sizeof(name), "%sResponse", operation);
    json_t *root = json_object_get(doc, name);
    if (!root) {
        void *it = json_object_iter(doc);
        sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "MalformedResponse", NULL,
                      "%s: expected a <%s> reply, got <%.60s> (HTTP %ld)", operation, name,
                      it ? json_object_iter_key(it) : "?", http_status);
        json_decref(doc);
        return reply_error(err, http_status, header_request_id);
    }
    snprintf(name, sizeof(name), "%sResult", operation);
    json_t *result = json_object_get(root, name);
    const char *rid =
        json_string_value(json_object_get(json_object_get(root, "ResponseMetadata"), "RequestId"));
    if (rid && rid[0] && request_id && cap)
        snprintf(request_id, cap, "%s", rid);
    if (json_is_object(result) || json_is_array(result))
        *output = json_incref(result);
    else
        *output = json_object();
    json_decref(doc);
    if (!*output)
        return sdh_error_oom(err);
    return SDH_STATUS_OK;
}

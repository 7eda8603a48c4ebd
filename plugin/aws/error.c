/* AWS error responses -> sdh_error: code normalisation as the SDKs do it,
 * JSON 1.1 and query (XML) error bodies. */
#include "aws/aws_error.h"

#include <stdio.h>
#include <string.h>

#include "aws/xml.h"

void aws_error_normalize_code(const char *raw, char *out, size_t cap)
{
    if (!cap)
        return;
    out[0] = '\0';
    if (!raw)
        return;
    size_t len = strcspn(raw, ":");
    const char *start = raw;
    for (size_t i = 0; i < len; i++)
        if (raw[i] == '#')
            start = raw + i + 1;
    len -= (size_t)(start - raw);
    while (len && (*start == ' ' || *start == '\t')) {
        start++;
        len--;
    }
    while (len && (start[len - 1] == ' ' || start[len - 1] == '\t'))
        len--;
    if (len >= cap)
        len = cap - 1;
    memcpy(out, start, len);
    out[len] = '\0';
}

static const char *reason_phrase(long status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "HTTP error";
    }
}

static void set_ids(sdh_error *err, long http_status, const char *request_id)
{
    err->http_status = (int)http_status;
    snprintf(err->request_id, sizeof(err->request_id), "%s", request_id ? request_id : "");
}

sdh_status aws_error_from_status(long http_status, const char *request_id, sdh_error *err)
{
    char code[16];
    snprintf(code, sizeof(code), "%ld", http_status);
    sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, code, NULL, "%s (HTTP %ld)",
                  reason_phrase(http_status), http_status);
    if (err)
        set_ids(err, http_status, request_id);
    return SDH_STATUS_REMOTE_ERROR;
}

static const char *json_text(const json_t *obj, const char *const *keys)
{
    for (; *keys; keys++) {
        const char *s = json_string_value(json_object_get(obj, *keys));
        if (s && s[0])
            return s;
    }
    return NULL;
}

sdh_status aws_error_from_json(long http_status, const char *body, size_t len,
                               const char *error_type_header, const char *request_id,
                               sdh_error *err)
{
    static const char *const code_keys[] = {"__type", "code", "Code", NULL};
    static const char *const message_keys[] = {"message", "Message", "errorMessage", NULL};
    json_t *doc = body && len ? json_loadb(body, len, 0, NULL) : NULL;
    const char *raw = NULL;
    const char *message = NULL;
    if (json_is_object(doc)) {
        raw = json_text(doc, code_keys);
        message = json_text(doc, message_keys);
    }
    if (!raw && error_type_header && error_type_header[0])
        raw = error_type_header;
    char code[64];
    aws_error_normalize_code(raw, code, sizeof(code));
    if (!code[0]) {
        json_decref(doc);
        return aws_error_from_status(http_status, request_id, err);
    }
    sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, code, NULL, "%s",
                  message ? message : reason_phrase(http_status));
    if (err)
        set_ids(err, http_status, request_id);
    json_decref(doc);
    return SDH_STATUS_REMOTE_ERROR;
}

/* The <Error> object of a parsed query error document, or NULL. */
static const json_t *find_error(const json_t *doc, const char **request_id)
{
    const json_t *root = json_object_get(doc, "ErrorResponse");
    if (!root)
        root = json_object_get(doc, "Response"); /* EC2-style <Response><Errors> */
    if (!json_is_object(root))
        return NULL;
    const char *rid = json_string_value(json_object_get(root, "RequestId"));
    if (!rid)
        rid = json_string_value(json_object_get(root, "RequestID"));
    if (rid && rid[0])
        *request_id = rid;
    const json_t *error = json_object_get(root, "Error");
    if (!error) {
        const json_t *errors = json_object_get(root, "Errors");
        error = json_object_get(errors, "Error");
        if (json_is_array(errors))
            error = json_array_get(errors, 0);
    }
    if (json_is_array(error))
        error = json_array_get(error, 0);
    return json_is_object(error) ? error : NULL;
}

sdh_status aws_error_from_xml(long http_status, const char *body, size_t len,
                              const char *request_id, sdh_error *err)
{
    sdh_error parse_err;
    sdh_error_clear(&parse_err);
    json_t *doc = body && len ? aws_xml_parse(body, len, &parse_err) : NULL;
    const char *rid = request_id;
    const json_t *error = doc ? find_error(doc, &rid) : NULL;
    const char *raw = json_string_value(json_object_get(error, "Code"));
    char code[64];
    aws_error_normalize_code(raw, code, sizeof(code));
    if (!code[0]) {
        aws_error_from_status(http_status, rid, err);
        json_decref(doc);
        return SDH_STATUS_REMOTE_ERROR;
    }
    const char *message = json_string_value(json_object_get(error, "Message"));
    sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, code, NULL, "%s",
                  message && message[0] ? message : reason_phrase(http_status));
    if (err)
        set_ids(err, http_status, rid);
    json_decref(doc);
    return SDH_STATUS_REMOTE_ERROR;
}

int aws_error_is_credentials(const char *code)
{
    static const char *const codes[] = {
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "IncompleteSignatureException",
        "MissingAuthenticationToken",
        "MissingAuthenticationTokenException",
        "ExpiredToken",
        "ExpiredTokenException",
        "AuthFailure",
        "RequestExpired",
        NULL,
    };
    for (const char *const *c = codes; code && *c; c++)
        if (strcmp(code, *c) == 0)
            return 1;
    return 0;
}

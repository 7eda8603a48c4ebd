/* AWS JSON 1.1: POST / with X-Amz-Target and a JSON body; JSON responses. */
#include "aws/json_rpc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_error.h"

char *aws_json_rpc_body(const json_t *input, size_t *len, sdh_error *err)
{
    if (input && !json_is_object(input)) {
        sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidInput", NULL,
                      "the operation input must be a JSON object");
        return NULL;
    }
    char *text = NULL;
    if (input)
        text = json_dumps(input, JSON_COMPACT);
    else
        text = strdup("{}");
    if (!text) {
        sdh_error_oom(err);
        return NULL;
    }
    *len = strlen(text);
    return text;
}

int aws_json_rpc_target(const aws_service_info *svc, const char *operation, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s.%s", svc->target_prefix ? svc->target_prefix : "", operation);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

sdh_status aws_json_rpc_parse(long http_status, const char *body, size_t len,
                              const char *error_type, const char *request_id, json_t **output,
                              sdh_error *err)
{
    *output = NULL;
    if (http_status < 200 || http_status >= 300)
        return aws_error_from_json(http_status, body, len, error_type, request_id, err);
    if (!body || len == 0) {
        *output = json_object();
        if (!*output)
            return sdh_error_oom(err);
        return SDH_STATUS_OK;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(body, len, 0, &jerr);
    if (!json_is_object(doc)) {
        json_decref(doc);
        sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "MalformedResponse", NULL,
                      "the response body is not a JSON object (HTTP %ld)", http_status);
        if (err) {
            err->http_status = (int)http_status;
            snprintf(err->request_id, sizeof(err->request_id), "%s", request_id ? request_id : "");
        }
        return SDH_STATUS_REMOTE_ERROR;
    }
    *output = doc;
    return SDH_STATUS_OK;
}

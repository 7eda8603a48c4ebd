/* Fuzz target `json_rpc`: aws_json_rpc_parse (plugin/aws/json_rpc.h), the
 * JSON 1.1 response/error reader. Input: byte 0 picks the HTTP status (low 5
 * bits, from a table of 2xx/3xx/4xx/5xx and odd values) and whether the
 * X-Amzn-ErrorType (bit 5) and request-id (bit 6) headers are present; the
 * rest is the body. Checks: no crash, leak or UB; 2xx gives OK with an object
 * or REMOTE_ERROR "MalformedResponse"; anything else gives REMOTE_ERROR with
 * the HTTP status recorded; every error is well formed; no output on error. */
#include <stddef.h>
#include <stdint.h>

#include "aws/json_rpc.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_SIMPLE_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    long status = fuzz_http_status(data[0]);
    const char *type =
        (data[0] & 0x20) ? "aws.sagemaker#ValidationException:http://internal/" : NULL;
    const char *rid = (data[0] & 0x40) ? "rid-header" : NULL;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;

    sdh_error err;
    sdh_error_clear(&err);
    json_t *out = NULL;
    sdh_status st = aws_json_rpc_parse(status, body, len, type, rid, &out, &err);
    if (st == SDH_STATUS_OK) {
        FUZZ_CHECK(status >= 200 && status < 300, "only 2xx succeeds");
        FUZZ_CHECK(json_is_object(out), "output is an object");
        json_decref(out);
        return 0;
    }
    FUZZ_CHECK(out == NULL, "no output on error");
    FUZZ_CHECK(st == SDH_STATUS_REMOTE_ERROR, "failure is a remote error");
    fuzz_error_ok(&err, st);
    FUZZ_CHECK(err.http_status == (int)status, "HTTP status recorded");
    if (status >= 200 && status < 300)
        FUZZ_CHECK(strcmp(err.code, "MalformedResponse") == 0, "2xx failure is MalformedResponse");
    return 0;
}

/* Fuzz target `query`: aws_query_parse (plugin/aws/query.h), the query
 * protocol's XML response/error reader (over aws/xml.h). Input: byte 0 picks
 * the HTTP status (low 5 bits, from a table), the header request id (bit 5)
 * and the operation name (bits 6-7); the rest is the body. Checks: no crash,
 * leak or UB; success only for 2xx, with an object or array output and the
 * request-id buffer still terminated; failure is REMOTE_ERROR, well formed,
 * the HTTP status recorded, no output. */
#include <stddef.h>
#include <stdint.h>

#include "aws/query.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_SIMPLE_INITIALIZE

static const char *const operations[] = {"DescribeAlarms", "PutMetricAlarm", "DeleteAlarms", ""};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    long status = fuzz_http_status(data[0]);
    const char *header_rid = (data[0] & 0x20) ? "rid-header" : NULL;
    const char *operation = operations[data[0] >> 6];
    const char *body = (const char *)data + 1;
    size_t len = size - 1;

    sdh_error err;
    sdh_error_clear(&err);
    json_t *out = NULL;
    char rid[16]; /* small on purpose: long ids must be truncated, not overflow */
    memset(rid, 'x', sizeof(rid));
    rid[sizeof(rid) - 1] = '\0';
    sdh_status st =
        aws_query_parse(status, body, len, operation, header_rid, &out, rid, sizeof(rid), &err);
    FUZZ_CHECK(memchr(rid, '\0', sizeof(rid)) != NULL, "request id buffer terminated");
    if (st == SDH_STATUS_OK) {
        FUZZ_CHECK(status >= 200 && status < 300, "only 2xx succeeds");
        FUZZ_CHECK(json_is_object(out) || json_is_array(out), "output is an object or array");
        json_decref(out);
        return 0;
    }
    FUZZ_CHECK(out == NULL, "no output on error");
    FUZZ_CHECK(st == SDH_STATUS_REMOTE_ERROR, "failure is a remote error");
    fuzz_error_ok(&err, st);
    FUZZ_CHECK(err.http_status == (int)status, "HTTP status recorded");
    return 0;
}

/* Unit tests for aws/json_rpc.h and aws/aws_error.h: request bodies and
 * headers, response parsing, error-code normalisation as the SDKs do it. */
#include <stdlib.h>
#include <string.h>

#include "aws/aws_error.h"
#include "aws/json_rpc.h"
#include "tap.h"

static void test_normalize(void)
{
    static const char *const cases[][2] = {
        {"ValidationException", "ValidationException"},
        {"com.amazonaws.sagemaker#ValidationException", "ValidationException"},
        {"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral/",
         "FooError"},
        {"ObjectNotFoundException:http://internal.amazon.com/", "ObjectNotFoundException"},
        {"a#b#ThrottlingException", "ThrottlingException"},
        {" Spaced ", "Spaced"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[64];
        aws_error_normalize_code(cases[i][0], out, sizeof(out));
        CHECK_STR_EQ(out, cases[i][1], cases[i][0]);
    }
    char out[64] = "x";
    aws_error_normalize_code(NULL, out, sizeof(out));
    CHECK_STR_EQ(out, "", "NULL -> empty");
    char small[6];
    aws_error_normalize_code("LongExceptionName", small, sizeof(small));
    CHECK_STR_EQ(small, "LongE", "truncated to the buffer");
}

static void test_body_and_target(void)
{
    sdh_error err;
    sdh_error_clear(&err);
    size_t len = 0;
    char *body = aws_json_rpc_body(NULL, &len, &err);
    CHECK_STR_EQ(body, "{}", "NULL input -> {}");
    CHECK_INT_EQ(len, 2, "length of {}");
    free(body);

    json_t *in = json_pack("{s:s, s:[s]}", "ServiceNamespace", "sagemaker", "ResourceIds",
                           "endpoint/e/variant/v");
    body = aws_json_rpc_body(in, &len, &err);
    CHECK_STR_EQ(body,
                 "{\"ServiceNamespace\":\"sagemaker\",\"ResourceIds\":[\"endpoint/e/variant/v\"]}",
                 "compact JSON body in input order");
    CHECK_INT_EQ(len, strlen(body), "length");
    free(body);
    json_decref(in);

    json_t *arr = json_array();
    body = aws_json_rpc_body(arr, &len, &err);
    CHECK(body == NULL, "array input refused");
    CHECK_INT_EQ(err.status, SDH_STATUS_INVALID_INPUT, "invalid input status");
    json_decref(arr);

    char line[128];
    CHECK_INT_EQ(aws_json_rpc_target(aws_service_get(AWS_SERVICE_AUTOSCALING),
                                     "DescribeScalableTargets", line, sizeof(line)),
                 0, "target fits");
    CHECK_STR_EQ(line, "AnyScaleFrontendService.DescribeScalableTargets", "autoscaling target");
    aws_json_rpc_target(aws_service_get(AWS_SERVICE_SAGEMAKER), "DescribeEndpoint", line,
                        sizeof(line));
    CHECK_STR_EQ(line, "SageMaker.DescribeEndpoint", "sagemaker target");
    char tiny[8]; /* "SageMaker.DescribeEndpoint" needs 27 */
    CHECK_INT_EQ(aws_json_rpc_target(aws_service_get(AWS_SERVICE_SAGEMAKER), "DescribeEndpoint",
                                     tiny, sizeof(tiny)),
                 -1, "too small buffer reported");
}

static void test_parse(void)
{
    sdh_error err;
    sdh_error_clear(&err);
    json_t *out = NULL;
    const char *ok = "{\"ScalableTargets\":[],\"NextToken\":\"t\"}";
    CHECK_INT_EQ(aws_json_rpc_parse(200, ok, strlen(ok), "", "rid-1", &out, &err), SDH_STATUS_OK,
                 "200 parses");
    CHECK_STR_EQ(json_string_value(json_object_get(out, "NextToken")), "t", "output member");
    json_decref(out);

    CHECK_INT_EQ(aws_json_rpc_parse(200, NULL, 0, "", "rid", &out, &err), SDH_STATUS_OK,
                 "empty 200 body");
    CHECK(json_is_object(out) && json_object_size(out) == 0, "empty body -> {}");
    json_decref(out);

    CHECK_INT_EQ(aws_json_rpc_parse(200, "[1]", 3, "", "rid-2", &out, &err),
                 SDH_STATUS_REMOTE_ERROR, "non-object 200 body");
    CHECK_STR_EQ(err.code, "MalformedResponse", "malformed code");
    CHECK_STR_EQ(err.request_id, "rid-2", "malformed keeps request id");
    CHECK(out == NULL, "no output on error");

    const char *e1 = "{\"__type\":\"com.amazonaws.sagemaker#ValidationException\","
                     "\"message\":\"Could not find endpoint x\"}";
    sdh_error_clear(&err);
    CHECK_INT_EQ(aws_json_rpc_parse(400, e1, strlen(e1), "", "rid-3", &out, &err),
                 SDH_STATUS_REMOTE_ERROR, "400 is an error");
    CHECK_STR_EQ(err.code, "ValidationException", "__type normalised");
    CHECK_STR_EQ(err.message, "Could not find endpoint x", "message");
    CHECK_STR_EQ(err.request_id, "rid-3", "request id");
    CHECK_INT_EQ(err.http_status, 400, "http status");

    const char *e2 = "{\"code\":\"ObjectNotFoundException\",\"Message\":\"No scalable target\"}";
    aws_json_rpc_parse(400, e2, strlen(e2), "", "rid-4", &out, &err);
    CHECK_STR_EQ(err.code, "ObjectNotFoundException", "code member");
    CHECK_STR_EQ(err.message, "No scalable target", "Message member");

    aws_json_rpc_parse(400, "{}", 2, "ThrottlingException:http://internal/", "rid-5", &out, &err);
    CHECK_STR_EQ(err.code, "ThrottlingException", "X-Amzn-ErrorType header when body has none");

    aws_json_rpc_parse(503, "<html>oops</html>", 17, "", "", &out, &err);
    CHECK_STR_EQ(err.code, "503", "unparsable body -> status code");
    CHECK_INT_EQ(err.http_status, 503, "status kept");
    CHECK(strstr(err.message, "Service Unavailable") != NULL, "reason phrase");
}

/* What proxies, load balancers and broken servers send. */
static void test_parse_hostile(void)
{
    sdh_error err;
    json_t *out = NULL;

    sdh_error_clear(&err);
    CHECK_INT_EQ(aws_json_rpc_parse(502, NULL, 0, "", NULL, &out, &err), SDH_STATUS_REMOTE_ERROR,
                 "empty 502 body");
    CHECK_STR_EQ(err.code, "502", "empty 5xx body -> status code");
    CHECK_STR_EQ(err.request_id, "", "no request id -> empty");
    CHECK(out == NULL, "no output");

    const char *portal = "<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>";
    sdh_error_clear(&err);
    CHECK_INT_EQ(aws_json_rpc_parse(200, portal, strlen(portal), "", "", &out, &err),
                 SDH_STATUS_REMOTE_ERROR, "an HTML page with 200");
    CHECK_STR_EQ(err.code, "MalformedResponse", "HTML 200 -> MalformedResponse");
    CHECK_INT_EQ(err.http_status, 200, "HTML 200 keeps the status");
    CHECK(out == NULL, "no output for HTML");

    const char *proxy = "<html><head><title>403 Forbidden</title></head></html>";
    aws_json_rpc_parse(403, proxy, strlen(proxy), "", "", &out, &err);
    CHECK_STR_EQ(err.code, "403", "proxy's HTML 403 -> status code");
    CHECK(strstr(err.message, "Forbidden") != NULL, "proxy 403 reason phrase");

    const char *typed = "{\"__type\":42,\"message\":[\"x\"]}";
    aws_json_rpc_parse(400, typed, strlen(typed), "", "rid-t", &out, &err);
    CHECK_STR_EQ(err.code, "400", "non-string __type -> status code");
    CHECK_STR_EQ(err.request_id, "rid-t", "request id kept");

    /* bounded copies: a long code and a long message are cut, not overflowed */
    char big[6000];
    int n = snprintf(big, sizeof(big), "{\"__type\":\"");
    for (int i = 0; i < 200; i++)
        big[n++] = 'C';
    n += snprintf(big + n, sizeof(big) - (size_t)n, "\",\"message\":\"");
    for (int i = 0; i < 5000; i++)
        big[n++] = 'm';
    n += snprintf(big + n, sizeof(big) - (size_t)n, "\"}");
    aws_json_rpc_parse(400, big, (size_t)n, "", "", &out, &err);
    CHECK_INT_EQ(strlen(err.code), sizeof(err.code) - 1, "long code truncated to the field");
    CHECK_INT_EQ(strlen(err.message), sizeof(err.message) - 1, "long message truncated");

    const char *truncated = "{\"ScalableTargets\":[{\"ResourceId\":\"endp";
    CHECK_INT_EQ(aws_json_rpc_parse(200, truncated, strlen(truncated), "", "rid-c", &out, &err),
                 SDH_STATUS_REMOTE_ERROR, "a cut-off 200 body");
    CHECK_STR_EQ(err.code, "MalformedResponse", "cut-off body -> MalformedResponse");
}

static void test_credentials_codes(void)
{
    CHECK(aws_error_is_credentials("UnrecognizedClientException"), "unknown key is credentials");
    CHECK(aws_error_is_credentials("SignatureDoesNotMatch"), "wrong secret is credentials");
    CHECK(aws_error_is_credentials("ExpiredTokenException"), "expired token is credentials");
    CHECK(!aws_error_is_credentials("AccessDeniedException"), "a missing permission is not");
    CHECK(!aws_error_is_credentials("ValidationException"), "validation is not");
    CHECK(!aws_error_is_credentials(NULL), "NULL is not");
}

int main(void)
{
    test_credentials_codes();
    test_normalize();
    test_body_and_target();
    test_parse();
    test_parse_hostile();
    return tap_done();
}

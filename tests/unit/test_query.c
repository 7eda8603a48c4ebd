/* Unit tests for aws/query.h: form serialisation of botocore-shaped inputs,
 * result and error parsing (through aws/xml.h). */
#include <stdlib.h>
#include <string.h>

#include "aws/query.h"
#include "tap.h"

static char *body_of(const char *op, const char *json)
{
    json_t *in = json ? json_loads(json, 0, NULL) : NULL;
    sdh_error err;
    sdh_error_clear(&err);
    size_t len = 0;
    char *body = aws_query_body(op, "2010-08-01", in, &len, &err);
    if (body && len != strlen(body))
        body[0] = '!';
    json_decref(in);
    return body;
}

static void test_serialise(void)
{
    char *b = body_of("DescribeAlarms", NULL);
    CHECK_STR_EQ(b, "Action=DescribeAlarms&Version=2010-08-01", "no input");
    free(b);

    b = body_of("DescribeAlarms", "{\"AlarmNames\":[\"a b\",\"c/d\"],\"MaxRecords\":10}");
    CHECK_STR_EQ(b,
                 "Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=a%20b"
                 "&AlarmNames.member.2=c%2Fd&MaxRecords=10",
                 "list members are 1-based, values percent-encoded");
    free(b);

    b = body_of("PutMetricAlarm",
                "{\"AlarmName\":\"x\",\"Threshold\":5.5,\"ActionsEnabled\":true,"
                "\"Dimensions\":[{\"Name\":\"EndpointName\",\"Value\":\"e\"}],"
                "\"Unit\":null,\"TreatMissingData\":\"missing\",\"Big\":0.1,\"Whole\":70.0}");
    CHECK_STR_EQ(b,
                 "Action=PutMetricAlarm&Version=2010-08-01&AlarmName=x&Threshold=5.5"
                 "&ActionsEnabled=true&Dimensions.member.1.Name=EndpointName"
                 "&Dimensions.member.1.Value=e&TreatMissingData=missing&Big=0.1&Whole=70.0",
                 "nested structures in lists, booleans, reals, nulls skipped");
    free(b);

    b = body_of("DeleteAlarms", "{\"AlarmNames\":[]}");
    CHECK_STR_EQ(
        b, "Action=DeleteAlarms&Version=2010-08-01&AlarmNames=", "an empty list is sent empty");
    free(b);

    b = body_of("X", "{\"A\":{\"B\":{\"C\":false}},\"L\":[[1,2]]}");
    CHECK_STR_EQ(b,
                 "Action=X&Version=2010-08-01&A.B.C=false&L.member.1.member.1=1"
                 "&L.member.1.member.2=2",
                 "nested objects and lists");
    free(b);

    b = body_of("X", "{\"S\":\"\\u00e9=&+~-_.\"}");
    CHECK_STR_EQ(b, "Action=X&Version=2010-08-01&S=%C3%A9%3D%26%2B~-_.",
                 "UTF-8 and reserved characters encoded, unreserved kept");
    free(b);

    sdh_error err;
    sdh_error_clear(&err);
    size_t len;
    json_t *arr = json_array();
    CHECK(aws_query_body("X", "v", arr, &len, &err) == NULL, "array input refused");
    CHECK_INT_EQ(err.status, SDH_STATUS_INVALID_INPUT, "status");
    json_decref(arr);

    /* too deep */
    json_t *deep = json_object();
    json_t *cur = deep;
    for (int i = 0; i < 40; i++) {
        json_t *next = json_object();
        json_object_set_new(cur, "k", next);
        cur = next;
    }
    json_object_set_new(cur, "v", json_string("x"));
    CHECK(aws_query_body("X", "v", deep, &len, &err) == NULL, "too deep refused");
    CHECK_INT_EQ(err.status, SDH_STATUS_INVALID_INPUT, "too deep status");
    json_decref(deep);
}

static void test_parse(void)
{
    const char *ok =
        "<?xml version=\"1.0\"?>\n"
        "<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
        "<DescribeAlarmsResult><MetricAlarms><member><AlarmName>a</AlarmName>"
        "<Threshold>5.0</Threshold></member></MetricAlarms><NextToken>n</NextToken>"
        "</DescribeAlarmsResult>"
        "<ResponseMetadata><RequestId>rid-xml</RequestId></ResponseMetadata>"
        "</DescribeAlarmsResponse>";
    json_t *out = NULL;
    char rid[96] = "rid-header";
    sdh_error err;
    sdh_error_clear(&err);
    CHECK_INT_EQ(aws_query_parse(200, ok, strlen(ok), "DescribeAlarms", "rid-header", &out, rid,
                                 sizeof(rid), &err),
                 SDH_STATUS_OK, "result parses");
    CHECK_STR_EQ(rid, "rid-xml", "request id from ResponseMetadata");
    CHECK_STR_EQ(json_string_value(json_object_get(out, "NextToken")), "n", "result member");
    json_t *alarms = json_object_get(out, "MetricAlarms");
    CHECK(json_is_array(alarms) && json_array_size(alarms) == 1, "member list -> array");
    CHECK_STR_EQ(json_string_value(json_object_get(json_array_get(alarms, 0), "AlarmName")), "a",
                 "list element");
    json_decref(out);

    const char *empty = "<PutMetricAlarmResponse xmlns=\"x\"><ResponseMetadata>"
                        "<RequestId>r2</RequestId></ResponseMetadata></PutMetricAlarmResponse>";
    CHECK_INT_EQ(aws_query_parse(200, empty, strlen(empty), "PutMetricAlarm", "", &out, rid,
                                 sizeof(rid), &err),
                 SDH_STATUS_OK, "no result element");
    CHECK(json_is_object(out) && json_object_size(out) == 0, "absent result -> {}");
    CHECK_STR_EQ(rid, "r2", "request id");
    json_decref(out);

    const char *error = "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                        "<Error><Type>Sender</Type><Code>ValidationError</Code>"
                        "<Message>1 validation error detected: a &amp; b</Message></Error>"
                        "<RequestId>rid-err</RequestId></ErrorResponse>";
    sdh_error_clear(&err);
    CHECK_INT_EQ(aws_query_parse(400, error, strlen(error), "PutMetricAlarm", "rid-h", &out, rid,
                                 sizeof(rid), &err),
                 SDH_STATUS_REMOTE_ERROR, "error response");
    CHECK_STR_EQ(err.code, "ValidationError", "error code");
    CHECK_STR_EQ(err.message, "1 validation error detected: a & b", "message, entity decoded");
    CHECK_STR_EQ(err.request_id, "rid-err", "request id from the body");
    CHECK_INT_EQ(err.http_status, 400, "status");

    const char *ec2 = "<Response><Errors><Error><Code>AuthFailure</Code><Message>m</Message>"
                      "</Error></Errors><RequestID>r-ec2</RequestID></Response>";
    aws_query_parse(401, ec2, strlen(ec2), "X", "", &out, rid, sizeof(rid), &err);
    CHECK_STR_EQ(err.code, "AuthFailure", "EC2-style error code");
    CHECK_STR_EQ(err.request_id, "r-ec2", "EC2-style request id");

    aws_query_parse(502, "bad gateway", 11, "X", "rid-h", &out, rid, sizeof(rid), &err);
    CHECK_STR_EQ(err.code, "502", "non-XML error body -> status code");
    CHECK_STR_EQ(err.request_id, "rid-h", "header request id kept");

    CHECK_INT_EQ(aws_query_parse(200, "<a><b>", 6, "X", "rid-h", &out, rid, sizeof(rid), &err),
                 SDH_STATUS_REMOTE_ERROR, "malformed 200 body");
    CHECK_STR_EQ(err.code, "MalformedResponse", "malformed code");
}

/* What proxies, load balancers and broken servers send. */
static void test_parse_hostile(void)
{
    sdh_error err;
    json_t *out = NULL;
    char rid[96] = "";

    sdh_error_clear(&err);
    CHECK_INT_EQ(aws_query_parse(503, NULL, 0, "X", "rid-h", &out, rid, sizeof(rid), &err),
                 SDH_STATUS_REMOTE_ERROR, "empty 503 body");
    CHECK_STR_EQ(err.code, "503", "empty 5xx body -> status code");
    CHECK_STR_EQ(err.request_id, "rid-h", "header request id kept");
    CHECK(out == NULL, "no output");

    const char *page = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>";
    aws_query_parse(502, page, strlen(page), "X", NULL, &out, rid, sizeof(rid), &err);
    CHECK_STR_EQ(err.code, "502", "HTML 502 page -> status code");
    CHECK_STR_EQ(err.request_id, "", "no request id anywhere -> empty");

    sdh_error_clear(&err);
    CHECK_INT_EQ(aws_query_parse(200, page, strlen(page), "X", "", &out, rid, sizeof(rid), &err),
                 SDH_STATUS_REMOTE_ERROR, "an HTML page with 200");
    CHECK_STR_EQ(err.code, "MalformedResponse", "HTML 200 -> MalformedResponse");
    CHECK(out == NULL, "no output for HTML");

    const char *nocode = "<ErrorResponse><Error><Message>m</Message></Error></ErrorResponse>";
    aws_query_parse(400, nocode, strlen(nocode), "X", "", &out, rid, sizeof(rid), &err);
    CHECK_STR_EQ(err.code, "400", "error without Code -> status code");

    const char *cut = "<DescribeAlarmsResponse><DescribeAlarmsResult><MetricAlarms><member>";
    CHECK_INT_EQ(
        aws_query_parse(200, cut, strlen(cut), "DescribeAlarms", "", &out, rid, sizeof(rid), &err),
        SDH_STATUS_REMOTE_ERROR, "a cut-off 200 body");
    CHECK_STR_EQ(err.code, "MalformedResponse", "cut-off body -> MalformedResponse");

    /* Well-formed XML that is not the operation's reply must not pass for an
     * empty result. */
    const char *xhtml = "<html><body><h1>Proxy error</h1></body></html>";
    sdh_error_clear(&err);
    CHECK_INT_EQ(aws_query_parse(200, xhtml, strlen(xhtml), "DescribeAlarms", "rid-h", &out, rid,
                                 sizeof(rid), &err),
                 SDH_STATUS_REMOTE_ERROR, "well-formed XHTML with 200 is refused");
    CHECK_STR_EQ(err.code, "MalformedResponse", "XHTML 200 -> MalformedResponse");
    CHECK(strstr(err.message, "<DescribeAlarmsResponse>") && strstr(err.message, "<html>"),
          "the message names what was expected and what came");
    CHECK_STR_EQ(err.request_id, "rid-h", "header request id kept on a malformed reply");
    CHECK(out == NULL, "no output for XHTML");

    const char *other = "<DeleteAlarmsResponse><ResponseMetadata><RequestId>r</RequestId>"
                        "</ResponseMetadata></DeleteAlarmsResponse>";
    CHECK_INT_EQ(aws_query_parse(200, other, strlen(other), "DescribeAlarms", "", &out, rid,
                                 sizeof(rid), &err),
                 SDH_STATUS_REMOTE_ERROR, "another operation's reply is refused");
    CHECK_INT_EQ(aws_query_parse(200, "", 0, "DescribeAlarms", "", &out, rid, sizeof(rid), &err),
                 SDH_STATUS_REMOTE_ERROR, "an empty 200 body is refused");
    CHECK_STR_EQ(err.code, "MalformedResponse", "empty 200 -> MalformedResponse");
}

int main(void)
{
    test_serialise();
    test_parse();
    test_parse_hostile();
    return tap_done();
}

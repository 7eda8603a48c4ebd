/* aws_xml_parse: data-driven cases (input document -> expected JSON, or a
 * refusal), real AWS response shapes, and the size/depth/node limits. */
#include <stdlib.h>
#include <string.h>

#include "aws/xml.h"
#include "tap.h"

typedef struct xml_case {
    const char *what;
    const char *xml;
    const char *json; /* expected value, or NULL: must be refused */
} xml_case;

static const xml_case cases[] = {
    {"leaf element", "<A>text</A>", "{\"A\":\"text\"}"},
    {"prolog, comments, PIs and whitespace skipped",
     "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<A>\n <?pi x?>"
     "<B>1</B><!-- in -->\n</A>\n<!-- after -->\n",
     "{\"A\":{\"B\":\"1\"}}"},
    {"attributes skipped, '>' inside a value",
     "<A xmlns=\"http://x/\" b='1>2' c = \"q\"><B k=\"v\"/></A>", "{\"A\":{\"B\":\"\"}}"},
    {"named and numeric entities",
     "<A>&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#xe9;&#x1F600;&#4660;</A>",
     "{\"A\":\"<>&\\\"' AB\\u00e9\\ud83d\\ude00\\u1234\"}"},
    {"CDATA kept raw", "<A><![CDATA[a <b> &amp; ]]]]><![CDATA[>]]></A>",
     "{\"A\":\"a <b> &amp; ]]>\"}"},
    {"text spaces kept in a leaf", "<A>  two  words </A>", "{\"A\":\"  two  words \"}"},
    {"whitespace-only leaf is empty", "<A>\n   </A>", "{\"A\":\"\"}"},
    {"empty element forms", "<A><B/><C></C><D>\n</D></A>",
     "{\"A\":{\"B\":\"\",\"C\":\"\",\"D\":\"\"}}"},
    {"members become an array", "<L><member>a</member><member>b</member></L>",
     "{\"L\":[\"a\",\"b\"]}"},
    {"one member is still an array", "<L><member><X>1</X></member></L>", "{\"L\":[{\"X\":\"1\"}]}"},
    {"repeated name becomes an array", "<A><B>1</B><C>x</C><B>2</B><B>3</B></A>",
     "{\"A\":{\"B\":[\"1\",\"2\",\"3\"],\"C\":\"x\"}}"},
    {"repeated name holding a list", "<A><B><member>1</member></B><B><member>2</member></B></A>",
     "{\"A\":{\"B\":[[\"1\"],[\"2\"]]}}"},
    {"mixed member and other children is an object", "<A><member>1</member><Other>2</Other></A>",
     "{\"A\":{\"member\":\"1\",\"Other\":\"2\"}}"},
    {"namespace prefixes kept", "<s:A xmlns:s=\"u\"><s:B>1</s:B></s:A>",
     "{\"s:A\":{\"s:B\":\"1\"}}"},
    {"UTF-8 text", "<A>\xE1\x88\xB4 \xC3\xA9</A>", "{\"A\":\"\\u1234 \\u00e9\"}"},
    {"end tag with spaces", "<A>1</A  >", "{\"A\":\"1\"}"},
    /* refusals */
    {"empty input", "", NULL},
    {"only a prolog", "<?xml version=\"1.0\"?>", NULL},
    {"text before the root", "junk<A/>", NULL},
    {"unclosed root", "<A><B>1</B>", NULL},
    {"unclosed child", "<A><B>1</A>", NULL},
    {"mismatched tags", "<A><B>1</C></A>", NULL},
    {"mismatched case", "<A>1</a>", NULL},
    {"truncated start tag", "<A", NULL},
    {"truncated attribute", "<A b=\"1></A>", NULL},
    {"unquoted attribute", "<A b=1></A>", NULL},
    {"truncated end tag", "<A>1</A", NULL},
    {"truncated comment", "<A><!-- x</A>", NULL},
    {"truncated CDATA", "<A><![CDATA[x</A>", NULL},
    {"two roots", "<A/><B/>", NULL},
    {"text after the root", "<A/>x", NULL},
    {"DOCTYPE refused", "<!DOCTYPE A [<!ENTITY x \"y\">]><A>&x;</A>", NULL},
    {"DOCTYPE inside refused", "<A><!DOCTYPE A></A>", NULL},
    {"unknown entity", "<A>&nbsp;</A>", NULL},
    {"entity without ';'", "<A>a &amp b</A>", NULL},
    {"bare ampersand", "<A>a & b</A>", NULL},
    {"character reference 0", "<A>&#0;</A>", NULL},
    {"surrogate reference", "<A>&#xD800;</A>", NULL},
    {"reference out of range", "<A>&#x110000;</A>", NULL},
    {"bad decimal reference", "<A>&#x;&#12a;</A>", NULL},
    {"invalid UTF-8 text", "<A>\xC3\x28</A>", NULL},
    {"empty name", "<>x</>", NULL},
};

/* CloudWatch DescribeAlarms response (shape from the API reference). */
static const char describe_alarms[] =
    "<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">\n"
    "  <DescribeAlarmsResult>\n"
    "    <MetricAlarms>\n"
    "      <member>\n"
    "        <AlarmName>sdh-backlog-high</AlarmName>\n"
    "        "
    "<AlarmArn>arn:aws:cloudwatch:us-east-1:123456789012:alarm:sdh-backlog-high</AlarmArn>\n"
    "        <Dimensions>\n"
    "          <member><Name>EndpointName</Name><Value>ep-1</Value></member>\n"
    "        </Dimensions>\n"
    "        <AlarmActions>\n"
    "          <member>arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:a</member>\n"
    "          <member>arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:b</member>\n"
    "        </AlarmActions>\n"
    "        <OKActions/>\n"
    "        <Threshold>5.0</Threshold>\n"
    "        <AlarmDescription>backlog &gt; 5 &amp; rising</AlarmDescription>\n"
    "      </member>\n"
    "      <member>\n"
    "        <AlarmName>second</AlarmName>\n"
    "        <Dimensions>\n"
    "        </Dimensions>\n"
    "      </member>\n"
    "    </MetricAlarms>\n"
    "    <CompositeAlarms/>\n"
    "    <NextToken>tok==</NextToken>\n"
    "  </DescribeAlarmsResult>\n"
    "  <ResponseMetadata>\n"
    "    <RequestId>f2e8a7b4-0000-4c1b-9b1a-0123456789ab</RequestId>\n"
    "  </ResponseMetadata>\n"
    "</DescribeAlarmsResponse>\n";

static const char error_response[] =
    "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">\n"
    "  <Error>\n"
    "    <Type>Sender</Type>\n"
    "    <Code>ValidationError</Code>\n"
    "    <Message>1 validation error detected: Value &apos;x&apos; at &apos;alarmName&apos;"
    "</Message>\n"
    "  </Error>\n"
    "  <RequestId>5e5d0f3c-aaaa-bbbb-cccc-0123456789ab</RequestId>\n"
    "</ErrorResponse>\n";

static const char sts_web_identity[] =
    "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
    "  <AssumeRoleWithWebIdentityResult>\n"
    "    <SubjectFromWebIdentityToken>system:serviceaccount:ns:sa</SubjectFromWebIdentityToken>\n"
    "    <Audience>sts.amazonaws.com</Audience>\n"
    "    <AssumedRoleUser>\n"
    "      <Arn>arn:aws:sts::123456789012:assumed-role/role/session</Arn>\n"
    "      <AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId>\n"
    "    </AssumedRoleUser>\n"
    "    <Credentials>\n"
    "      <SessionToken>FwoGZXIvYXdzEXAMPLE//+/=</SessionToken>\n"
    "      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>\n"
    "      <Expiration>2026-11-29T17:00:00Z</Expiration>\n"
    "      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>\n"
    "    </Credentials>\n"
    "    <SourceIdentity></SourceIdentity>\n"
    "    <Provider>www.amazon.com</Provider>\n"
    "  </AssumeRoleWithWebIdentityResult>\n"
    "  <ResponseMetadata>\n"
    "    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>\n"
    "  </ResponseMetadata>\n"
    "</AssumeRoleWithWebIdentityResponse>\n";

static json_t *parse_str(const char *s, sdh_error *err)
{
    sdh_error_clear(err);
    return aws_xml_parse(s, strlen(s), err);
}

static void run_cases(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const xml_case *c = &cases[i];
        sdh_error err;
        json_t *got = parse_str(c->xml, &err);
        if (c->json) {
            json_error_t jerr;
            json_t *want = json_loads(c->json, 0, &jerr);
            int eq = got && want && json_equal(got, want);
            CHECK(eq, c->what);
            if (!eq) {
                char *g = got ? json_dumps(got, JSON_COMPACT) : NULL;
                printf("#   got  %s (%s)\n#   want %s\n", g ? g : "NULL", err.message, c->json);
                free(g);
            }
            json_decref(want);
        } else {
            int refused = got == NULL && err.status == SDH_STATUS_REMOTE_ERROR &&
                          strcmp(err.code, "MalformedResponse") == 0 && err.message[0];
            CHECK(refused, c->what);
        }
        json_decref(got);
    }
}

static const char *str_at(json_t *root, const char *path)
{
    json_t *v = root;
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *save = NULL, *tok = strtok_r(buf, "/", &save); v && tok;
         tok = strtok_r(NULL, "/", &save)) {
        char *end;
        long idx = strtol(tok, &end, 10);
        v = (*end == '\0' && json_is_array(v)) ? json_array_get(v, (size_t)idx)
                                               : json_object_get(v, tok);
    }
    return json_string_value(v);
}

static void run_documents(void)
{
    sdh_error err;
    json_t *doc = parse_str(describe_alarms, &err);
    CHECK(doc != NULL, "DescribeAlarms parses");
    const char *r = "DescribeAlarmsResponse/DescribeAlarmsResult/";
    char p[256];
    snprintf(p, sizeof(p), "%sMetricAlarms/0/AlarmName", r);
    CHECK_STR_EQ(str_at(doc, p), "sdh-backlog-high", "DescribeAlarms: first alarm name");
    snprintf(p, sizeof(p), "%sMetricAlarms/0/Dimensions/0/Value", r);
    CHECK_STR_EQ(str_at(doc, p), "ep-1", "DescribeAlarms: dimension value");
    snprintf(p, sizeof(p), "%sMetricAlarms/0/AlarmActions/1", r);
    CHECK_STR_EQ(str_at(doc, p), "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:b",
                 "DescribeAlarms: second action");
    snprintf(p, sizeof(p), "%sMetricAlarms/0/AlarmDescription", r);
    CHECK_STR_EQ(str_at(doc, p), "backlog > 5 & rising", "DescribeAlarms: entities decoded");
    snprintf(p, sizeof(p), "%sMetricAlarms/0/OKActions", r);
    CHECK_STR_EQ(str_at(doc, p), "", "DescribeAlarms: empty list element is \"\"");
    snprintf(p, sizeof(p), "%sMetricAlarms/1/Dimensions", r);
    CHECK_STR_EQ(str_at(doc, p), "", "DescribeAlarms: whitespace-only list element is \"\"");
    snprintf(p, sizeof(p), "%sNextToken", r);
    CHECK_STR_EQ(str_at(doc, p), "tok==", "DescribeAlarms: next token");
    CHECK_STR_EQ(str_at(doc, "DescribeAlarmsResponse/ResponseMetadata/RequestId"),
                 "f2e8a7b4-0000-4c1b-9b1a-0123456789ab", "DescribeAlarms: request id");
    json_t *alarms = json_object_get(
        json_object_get(json_object_get(doc, "DescribeAlarmsResponse"), "DescribeAlarmsResult"),
        "MetricAlarms");
    CHECK_INT_EQ(json_array_size(alarms), 2, "DescribeAlarms: two alarms");
    json_decref(doc);

    doc = parse_str(error_response, &err);
    CHECK_STR_EQ(str_at(doc, "ErrorResponse/Error/Code"), "ValidationError", "ErrorResponse code");
    CHECK_STR_EQ(str_at(doc, "ErrorResponse/Error/Type"), "Sender", "ErrorResponse type");
    CHECK_STR_EQ(str_at(doc, "ErrorResponse/Error/Message"),
                 "1 validation error detected: Value 'x' at 'alarmName'", "ErrorResponse message");
    CHECK_STR_EQ(str_at(doc, "ErrorResponse/RequestId"), "5e5d0f3c-aaaa-bbbb-cccc-0123456789ab",
                 "ErrorResponse request id");
    json_decref(doc);

    doc = parse_str(sts_web_identity, &err);
    const char *c = "AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult/";
    snprintf(p, sizeof(p), "%sCredentials/AccessKeyId", c);
    CHECK_STR_EQ(str_at(doc, p), "ASIAEXAMPLE", "STS: access key id");
    snprintf(p, sizeof(p), "%sCredentials/SessionToken", c);
    CHECK_STR_EQ(str_at(doc, p), "FwoGZXIvYXdzEXAMPLE//+/=", "STS: session token");
    snprintf(p, sizeof(p), "%sCredentials/Expiration", c);
    CHECK_STR_EQ(str_at(doc, p), "2026-11-29T17:00:00Z", "STS: expiration");
    snprintf(p, sizeof(p), "%sAssumedRoleUser/Arn", c);
    CHECK_STR_EQ(str_at(doc, p), "arn:aws:sts::123456789012:assumed-role/role/session",
                 "STS: assumed role arn");
    snprintf(p, sizeof(p), "%sSourceIdentity", c);
    CHECK_STR_EQ(str_at(doc, p), "", "STS: empty element");
    json_decref(doc);

    /* Every proper prefix of a valid document is refused (truncation). */
    size_t len = strlen(error_response), refused = 0;
    for (size_t n = 0; n < len; n++) {
        /* The trailing newline is optional: the document is complete before it. */
        json_t *v = aws_xml_parse(error_response, n, &err);
        refused += v == NULL || n == len - 1;
        json_decref(v);
    }
    CHECK_INT_EQ(refused, len, "every truncation of ErrorResponse is refused");
}

/* `n` nested elements: <a><a>...x...</a></a>. New string. */
static char *nested(size_t n)
{
    char *s = malloc(n * 7 + 2);
    if (!s)
        return NULL;
    char *p = s;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "<a>");
    *p++ = 'x';
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "</a>");
    *p = '\0';
    return s;
}

static void run_limits(void)
{
    sdh_error err;
    char *s = nested(64);
    json_t *v = s ? parse_str(s, &err) : NULL;
    CHECK(v != NULL, "depth 64 accepted");
    json_decref(v);
    free(s);
    s = nested(65);
    v = s ? parse_str(s, &err) : NULL;
    CHECK(v == NULL && strstr(err.message, "deeply"), "depth 65 refused");
    json_decref(v);
    free(s);
    s = nested(100000);
    v = s ? parse_str(s, &err) : NULL;
    CHECK(v == NULL && err.status == SDH_STATUS_REMOTE_ERROR, "very deep nesting refused");
    json_decref(v);
    free(s);

    /* 100000 elements pass, 100001 do not. */
    size_t cap = 100001 * 5 + 16;
    s = malloc(cap);
    if (s) {
        strcpy(s, "<L>");
        size_t len = 3;
        for (int i = 0; i < 99999; i++, len += 4)
            memcpy(s + len, "<m/>", 4);
        memcpy(s + len, "</L>", 5);
        v = aws_xml_parse(s, len + 4, &err);
        CHECK(v != NULL && json_array_size(json_object_get(json_object_get(v, "L"), "m")) == 99999,
              "100000 elements accepted");
        json_decref(v);
        memcpy(s + len, "<m/></L>", 9);
        v = aws_xml_parse(s, len + 8, &err);
        CHECK(v == NULL && strstr(err.message, "too many"), "100001 elements refused");
        json_decref(v);
        free(s);
    }

    /* Over 8 MiB is refused before parsing; 8 MiB of text is fine. */
    size_t big = 8u * 1024 * 1024;
    s = malloc(big + 2);
    if (s) {
        memset(s, 'x', big + 1);
        memcpy(s, "<A>", 3);
        memcpy(s + big - 4, "</A>", 4);
        v = aws_xml_parse(s, big, &err);
        CHECK(v != NULL, "8 MiB document accepted");
        json_decref(v);
        memcpy(s + big - 4, "xxxx", 4);
        memcpy(s + big - 3, "</A>", 4);
        v = aws_xml_parse(s, big + 1, &err);
        CHECK(v == NULL && strstr(err.message, "8 MiB"), "8 MiB + 1 byte refused");
        json_decref(v);
        free(s);
    }
    v = aws_xml_parse(NULL, 0, &err);
    CHECK(v == NULL, "NULL input refused");
}

int main(void)
{
    run_cases();
    run_documents();
    run_limits();
    return tap_done();
}

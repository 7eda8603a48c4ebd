/* aws_sigv4_sign contract checks the vector suites do not cover: input errors,
 * secrets kept out of every output, headers the signer owns, the key cache
 * across many scopes and rotated secrets, presign output shape. */
#include <stdlib.h>
#include <string.h>

#include "aws/sigv4.h"
#include "tap.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define TOKEN  "FwoGZXIvYXdzEXAMPLETOKEN"

static const aws_sigv4_header base_headers[] = {
    {"Host", "monitoring.us-east-1.amazonaws.com"},
    {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
};

static aws_sigv4_request base_request(void)
{
    static const char body[] = "Action=DescribeAlarms&Version=2010-08-01";
    aws_sigv4_request r = {
        "POST", "/", NULL, base_headers, 2, (const unsigned char *)body, strlen(body), 1, 1, 0};
    return r;
}

static int contains(const char *s, const char *needle)
{
    return s && strstr(s, needle) != NULL;
}

static void test_errors(void)
{
    aws_sigv4_credentials cr = {"AKIDEXAMPLE", SECRET, NULL};
    aws_sigv4_params params = {"us-east-1", "monitoring", 1440938160, &cr};
    aws_sigv4_request req = base_request();
    aws_sigv4_result res;
    sdh_error err;

    aws_sigv4_header no_host[] = {{"Content-Type", "text/plain"}};
    req.headers = no_host;
    req.n_headers = 1;
    sdh_status st = aws_sigv4_sign(NULL, &req, &params, &res, &err);
    CHECK(st == SDH_STATUS_INTERNAL && contains(err.message, "Host"), "no Host header: error");
    CHECK(res.authorization == NULL && res.canonical_request == NULL, "no Host: result empty");

    req = base_request();
    aws_sigv4_credentials no_secret = {"AKIDEXAMPLE", "", NULL};
    params.credentials = &no_secret;
    st = aws_sigv4_sign(NULL, &req, &params, &res, &err);
    CHECK(st == SDH_STATUS_CONFIG_ERROR && strcmp(err.code, "NoCredentials") == 0,
          "empty secret: NoCredentials");
    params.credentials = NULL;
    st = aws_sigv4_sign(NULL, &req, &params, &res, &err);
    CHECK_INT_EQ(st, SDH_STATUS_CONFIG_ERROR, "no credentials: config error");

    char long_secret[400];
    memset(long_secret, 'k', sizeof(long_secret) - 1);
    long_secret[sizeof(long_secret) - 1] = '\0';
    aws_sigv4_credentials lc = {"AKIDEXAMPLE", long_secret, NULL};
    params.credentials = &lc;
    st = aws_sigv4_sign(NULL, &req, &params, &res, &err);
    CHECK(st == SDH_STATUS_CONFIG_ERROR && !contains(err.message, "kkkk"),
          "overlong secret refused without echoing it");
}

static void test_outputs(void)
{
    aws_sigv4_credentials cr = {"AKIDEXAMPLE", SECRET, TOKEN};
    aws_sigv4_params params = {"us-east-1", "monitoring", 1440938160, &cr};
    aws_sigv4_request req = base_request();
    aws_sigv4_result res;
    sdh_error err;
    sdh_status st = aws_sigv4_sign(NULL, &req, &params, &res, &err);
    CHECK_INT_EQ(st, SDH_STATUS_OK, "plugin-shaped request signs");
    CHECK_STR_EQ(res.amz_date, "20150830T123600Z", "amz_date from the time");
    CHECK(!contains(res.canonical_request, SECRET) && !contains(res.string_to_sign, SECRET) &&
              !contains(res.authorization, SECRET),
          "the secret is in no output");
    CHECK(contains(res.canonical_request, "\nx-amz-security-token:" TOKEN "\n"),
          "the token is signed");
    CHECK(contains(res.authorization, "SignedHeaders=content-type;host;x-amz-content-sha256;"
                                      "x-amz-date;x-amz-security-token, "),
          "signed header list");
    CHECK(res.content_sha256 && strlen(res.content_sha256) == 64 &&
              contains(res.canonical_request, res.content_sha256),
          "content sha256 given and signed");
    char first_sig[65];
    memcpy(first_sig, res.signature, sizeof(first_sig));
    aws_sigv4_result_clear(&res);

    /* Caller copies of the headers the signer sets are ignored, not doubled. */
    aws_sigv4_header with_own[] = {
        {"Host", "monitoring.us-east-1.amazonaws.com"},
        {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
        {"X-Amz-Date", "19990101T000000Z"},
        {"Authorization", "stale"},
        {"X-Amz-Security-Token", "stale"},
        {"x-amz-content-sha256", "stale"},
    };
    req.headers = with_own;
    req.n_headers = 6;
    st = aws_sigv4_sign(NULL, &req, &params, &res, &err);
    CHECK(st == SDH_STATUS_OK && strcmp(res.signature, first_sig) == 0 &&
              !contains(res.canonical_request, "stale") && !contains(res.canonical_request, "1999"),
          "signer-owned headers from the caller are replaced");
    aws_sigv4_result_clear(&res);

    /* omit_session_token: same signature as without a token. */
    req = base_request();
    req.omit_session_token = 1;
    st = aws_sigv4_sign(NULL, &req, &params, &res, &err);
    char omitted[65];
    memcpy(omitted, res.signature, sizeof(omitted));
    CHECK(st == SDH_STATUS_OK && !contains(res.canonical_request, TOKEN),
          "omitted token is not signed");
    aws_sigv4_result_clear(&res);
    aws_sigv4_credentials no_token = {"AKIDEXAMPLE", SECRET, NULL};
    params.credentials = &no_token;
    st = aws_sigv4_sign(NULL, &req, &params, &res, &err);
    CHECK(st == SDH_STATUS_OK && strcmp(res.signature, omitted) == 0,
          "omitted token signs like no token");
    aws_sigv4_result_clear(&res);

    /* Presign: parameters, token appended after signing when omitted. */
    params.credentials = &cr;
    st = aws_sigv4_presign(NULL, &req, &params, 300, &res, &err);
    CHECK(st == SDH_STATUS_OK && contains(res.authorization, "X-Amz-Expires=300&") &&
              contains(res.authorization, "&X-Amz-Security-Token=" TOKEN "&X-Amz-Signature=") &&
              !contains(res.canonical_request, TOKEN) && res.content_sha256 == NULL,
          "presign with an omitted token");
    aws_sigv4_result_clear(&res);
    aws_sigv4_result_clear(NULL);
}

static void test_cache(void)
{
    static const char *const regions[] = {"us-east-1",  "us-west-2", "eu-west-1",
                                          "ap-south-1", "sa-east-1", "ca-central-1"};
    aws_sigv4_cache *cache = aws_sigv4_cache_new();
    CHECK(cache != NULL, "cache created");
    aws_sigv4_request req = base_request();
    aws_sigv4_result a, b;
    sdh_error err;
    int all_same = 1;
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < 6; i++) {
            /* Two secrets for one access key id: a rotated secret must not hit. */
            aws_sigv4_credentials cr = {"AKIDEXAMPLE", (i + round) % 2 ? SECRET : "other-secret",
                                        NULL};
            aws_sigv4_params params = {regions[i], "monitoring",
                                       (time_t)(1440938160 + 86400 * (round % 2)), &cr};
            if (aws_sigv4_sign(cache, &req, &params, &a, &err) != SDH_STATUS_OK ||
                aws_sigv4_sign(NULL, &req, &params, &b, &err) != SDH_STATUS_OK ||
                strcmp(a.signature, b.signature) != 0)
                all_same = 0;
            aws_sigv4_result_clear(&a);
            aws_sigv4_result_clear(&b);
        }
    }
    CHECK(all_same, "cached keys sign like fresh ones across scopes, dates and secrets");
    aws_sigv4_cache_free(cache);
    aws_sigv4_cache_free(NULL);
}

int main(void)
{
    test_errors();
    test_outputs();
    test_cache();
    return tap_done();
}

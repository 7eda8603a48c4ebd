/* Unit tests for aws/retry.h: the standard-mode decision table, backoff
 * bounds with a seeded PRNG, retry-quota accounting and the skew check. */
#include <stdio.h>
#include <string.h>

#include "aws/retry.h"
#include "tap.h"

static aws_retry_class classify(aws_service svc, long status, const char *code, const char *message)
{
    aws_retry_failure f = {svc, status, 0, 0, 0, code, message};
    return aws_retry_classify(&f);
}

static void test_decision_table(void)
{
    static const struct {
        aws_service svc;
        long status;
        const char *code;
        const char *message;
        aws_retry_class want;
    } cases[] = {
        {AWS_SERVICE_CLOUDWATCH, 500, "InternalFailure", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_CLOUDWATCH, 500, "500", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_CLOUDWATCH, 502, "502", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_CLOUDWATCH, 503, "ServiceUnavailable", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_SAGEMAKER, 504, "504", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_SAGEMAKER, 501, "501", NULL, AWS_RETRY_NONE},
        {AWS_SERVICE_SAGEMAKER, 400, "RequestTimeout", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_SAGEMAKER, 400, "RequestTimeoutException", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_SAGEMAKER, 400, "PriorRequestNotComplete", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_SAGEMAKER, 400, "InternalError", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_SAGEMAKER, 400, "ThrottlingException", NULL, AWS_RETRY_THROTTLING},
        {AWS_SERVICE_CLOUDWATCH, 400, "Throttling", NULL, AWS_RETRY_THROTTLING},
        {AWS_SERVICE_STS, 400, "RequestThrottled", NULL, AWS_RETRY_THROTTLING},
        {AWS_SERVICE_STS, 400, "SlowDown", NULL, AWS_RETRY_THROTTLING},
        {AWS_SERVICE_STS, 400, "EC2ThrottledException", NULL, AWS_RETRY_THROTTLING},
        {AWS_SERVICE_STS, 400, "TooManyRequestsException", NULL, AWS_RETRY_THROTTLING},
        {AWS_SERVICE_STS, 400, "ProvisionedThroughputExceededException", NULL,
         AWS_RETRY_THROTTLING},
        {AWS_SERVICE_STS, 400, "RequestLimitExceeded", NULL, AWS_RETRY_THROTTLING},
        {AWS_SERVICE_STS, 400, "BandwidthLimitExceeded", NULL, AWS_RETRY_THROTTLING},
        {AWS_SERVICE_STS, 400, "TransactionInProgressException", NULL, AWS_RETRY_THROTTLING},
        {AWS_SERVICE_SAGEMAKER, 400, "LimitExceededException", NULL, AWS_RETRY_THROTTLING},
        {AWS_SERVICE_SAGEMAKER, 429, "429", NULL, AWS_RETRY_THROTTLING},
        /* Application Auto Scaling's own rules */
        {AWS_SERVICE_AUTOSCALING, 400, "LimitExceededException", "Rate exceeded", AWS_RETRY_NONE},
        {AWS_SERVICE_AUTOSCALING, 400, "ConcurrentUpdateException", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_AUTOSCALING, 500, "InternalServiceException", NULL, AWS_RETRY_TRANSIENT},
        {AWS_SERVICE_AUTOSCALING, 400, "FailedResourceAccessException", "Rate exceeded",
         AWS_RETRY_THROTTLING},
        {AWS_SERVICE_AUTOSCALING, 400, "FailedResourceAccessException",
         "not authorized to perform cloudwatch:DescribeAlarms", AWS_RETRY_NONE},
        {AWS_SERVICE_AUTOSCALING, 400, "ThrottlingException", NULL, AWS_RETRY_THROTTLING},
        /* FailedResourceAccessException is only special for Application Auto Scaling */
        {AWS_SERVICE_SAGEMAKER, 400, "FailedResourceAccessException", "Rate exceeded",
         AWS_RETRY_NONE},
        /* never retried */
        {AWS_SERVICE_SAGEMAKER, 400, "ValidationException", NULL, AWS_RETRY_NONE},
        {AWS_SERVICE_AUTOSCALING, 400, "ObjectNotFoundException", NULL, AWS_RETRY_NONE},
        {AWS_SERVICE_CLOUDWATCH, 400, "ValidationError", NULL, AWS_RETRY_NONE},
        {AWS_SERVICE_CLOUDWATCH, 403, "AccessDenied", NULL, AWS_RETRY_NONE},
        {AWS_SERVICE_CLOUDWATCH, 404, "ResourceNotFound", NULL, AWS_RETRY_NONE},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char what[200];
        snprintf(what, sizeof(what), "%s %ld %s%s%s", aws_service_get(cases[i].svc)->name,
                 cases[i].status, cases[i].code, cases[i].message ? " / " : "",
                 cases[i].message ? cases[i].message : "");
        CHECK_INT_EQ(classify(cases[i].svc, cases[i].status, cases[i].code, cases[i].message),
                     cases[i].want, what);
    }

    aws_retry_failure conn = {AWS_SERVICE_CLOUDWATCH, 0, 7, 0, 0, NULL, NULL};
    CHECK_INT_EQ(aws_retry_classify(&conn), AWS_RETRY_TRANSIENT, "connection refused retried");
    aws_retry_failure timeout = {AWS_SERVICE_CLOUDWATCH, 0, 28, 1, 0, NULL, NULL};
    CHECK_INT_EQ(aws_retry_classify(&timeout), AWS_RETRY_TRANSIENT, "timeout retried");
    aws_retry_failure big = {AWS_SERVICE_CLOUDWATCH, 200, 23, 0, 1, NULL, NULL};
    CHECK_INT_EQ(aws_retry_classify(&big), AWS_RETRY_NONE, "too large response not retried");
}

static void test_backoff(void)
{
    aws_rng rng;
    aws_rng_seed(&rng, 42);
    long caps[] = {1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000};
    for (int attempt = 1; attempt <= 8; attempt++) {
        long lo = 1000000, hi = -1;
        double sum = 0;
        for (int i = 0; i < 2000; i++) {
            long ms = aws_retry_backoff_ms(&rng, attempt);
            lo = ms < lo ? ms : lo;
            hi = ms > hi ? ms : hi;
            sum += (double)ms;
        }
        long cap = caps[attempt - 1];
        char what[120];
        snprintf(what, sizeof(what), "attempt %d: backoff in [0, %ld)", attempt, cap);
        CHECK(lo >= 0 && hi < cap, what);
        snprintf(what, sizeof(what), "attempt %d: full jitter spans the range", attempt);
        CHECK(lo < cap / 10 && hi > cap * 9 / 10, what);
        snprintf(what, sizeof(what), "attempt %d: mean near cap/2", attempt);
        double mean = sum / 2000.0;
        CHECK(mean > (double)cap * 0.4 && mean < (double)cap * 0.6, what);
    }
    CHECK(aws_retry_backoff_ms(&rng, 1000) < AWS_RETRY_MAX_BACKOFF_MS, "huge attempt capped");

    aws_rng a, b;
    aws_rng_seed(&a, 7);
    aws_rng_seed(&b, 7);
    int same = 1;
    for (int i = 0; i < 100; i++)
        same &= aws_retry_backoff_ms(&a, 3) == aws_retry_backoff_ms(&b, 3);
    CHECK(same, "same seed, same sequence");
    aws_rng_seed(&b, 8);
    int differ = 0;
    for (int i = 0; i < 100; i++)
        differ |= aws_retry_backoff_ms(&a, 3) != aws_retry_backoff_ms(&b, 3);
    CHECK(differ, "different seeds, different sequences");
    aws_rng_seed(&a, 0);
    double u = aws_rng_unit(&a);
    CHECK(u >= 0.0 && u < 1.0, "seed 0 works");
}

static void test_quota(void)
{
    aws_retry_quota q;
    aws_retry_quota_init(&q);
    CHECK_INT_EQ(q.available, 500, "quota starts at 500");
    CHECK_INT_EQ(aws_retry_quota_acquire(&q, 0), 5, "a retry costs 5");
    CHECK_INT_EQ(aws_retry_quota_acquire(&q, 1), 10, "a retry after a timeout costs 10");
    CHECK_INT_EQ(q.available, 485, "485 left");
    aws_retry_quota_success(&q, 10);
    CHECK_INT_EQ(q.available, 495, "success after a retry refunds its cost");
    aws_retry_quota_success(&q, 0);
    CHECK_INT_EQ(q.available, 496, "success without retry refunds 1");
    for (int i = 0; i < 10; i++)
        aws_retry_quota_success(&q, 0);
    CHECK_INT_EQ(q.available, 500, "never above 500");

    int retries = 0;
    while (aws_retry_quota_acquire(&q, 0))
        retries++;
    CHECK_INT_EQ(retries, 100, "many failures drain the quota after 100 retries");
    CHECK_INT_EQ(q.available, 0, "drained");
    CHECK_INT_EQ(aws_retry_quota_acquire(&q, 1), 0, "no retry when the quota cannot pay");
    aws_retry_quota_success(&q, 0);
    aws_retry_quota_success(&q, 0);
    aws_retry_quota_success(&q, 0);
    aws_retry_quota_success(&q, 0);
    CHECK_INT_EQ(aws_retry_quota_acquire(&q, 0), 0, "4 tokens cannot pay 5");
    aws_retry_quota_success(&q, 0);
    CHECK_INT_EQ(aws_retry_quota_acquire(&q, 0), 5, "5 tokens pay a retry");
}

static void test_skew(void)
{
    time_t now = 1700000000;
    CHECK_INT_EQ(aws_retry_skew_correction(400, "InvalidSignatureException",
                                           "Signature expired: 20240101T000000Z is now earlier",
                                           now + 600, now),
                 600, "signature expired with server 10 min ahead");
    CHECK_INT_EQ(aws_retry_skew_correction(403, "SignatureDoesNotMatch", "x", now - 900, now), -900,
                 "server 15 min behind");
    CHECK_INT_EQ(aws_retry_skew_correction(400, "RequestTimeTooSkewed", NULL, now + 300, now), 300,
                 "RequestTimeTooSkewed");
    CHECK_INT_EQ(aws_retry_skew_correction(400, "AuthFailure", NULL, now + 241, now), 241,
                 "AuthFailure just past 4 minutes");
    CHECK_INT_EQ(aws_retry_skew_correction(400, "InvalidSignatureException", NULL, now + 60, now),
                 0, "small difference: no correction");
    CHECK_INT_EQ(aws_retry_skew_correction(400, "InvalidSignatureException", NULL, 0, now), 0,
                 "no Date header: no correction");
    CHECK_INT_EQ(aws_retry_skew_correction(400, "ValidationException", NULL, now + 600, now), 0,
                 "not an auth error: no correction");
    CHECK_INT_EQ(aws_retry_skew_correction(403, "AccessDenied", NULL, now + 600, now), 600,
                 "a 403 with a skewed Date");
    CHECK(aws_retry_is_skew_error(400, "X", "Signature expired: ..."), "message signals skew");
    CHECK(!aws_retry_is_skew_error(400, "ThrottlingException", "Rate exceeded"),
          "throttling is not skew");
}

int main(void)
{
    test_decision_table();
    test_backoff();
    test_quota();
    test_skew();
    return tap_done();
}

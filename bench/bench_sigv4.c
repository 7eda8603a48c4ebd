/* Benchmark: SigV4 signing of requests shaped like the plugin's (AWS JSON 1.1
 * PutScalingPolicy, CloudWatch query PutMetricAlarm), with and without the
 * signing-key cache. Prints figures; never passes or fails on timing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/sigv4.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double run(aws_sigv4_cache *cache, const aws_sigv4_request *req,
                  const aws_sigv4_params *params, int n)
{
    sdh_error err;
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        aws_sigv4_result res;
        memset(&res, 0, sizeof(res));
        if (aws_sigv4_sign(cache, req, params, &res, &err) != SDH_STATUS_OK) {
            fprintf(stderr, "sign failed: %s\n", err.message);
            return -1;
        }
        aws_sigv4_result_clear(&res);
    }
    return (now_s() - t0) / n;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    if (n <= 0)
        n = 20000;
    static const char json_body[] =
        "{\"PolicyName\":\"CPUUtil-ScalingPolicy\",\"ServiceNamespace\":\"sagemaker\","
        "\"ResourceId\":\"endpoint/infer-endpoint-c356f91/variant/prod\",\"ScalableDimension\":"
        "\"sagemaker:variant:DesiredInstanceCount\",\"PolicyType\":\"TargetTrackingScaling\","
        "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":50.0,"
        "\"ScaleInCooldown\":300,\"ScaleOutCooldown\":300}}";
    static const char query_body[] =
        "Action=PutMetricAlarm&Version=2010-08-01&AlarmName=infer-endpoint-c356f91-"
        "HasBacklogWithoutCapacity-Alarm&MetricName=HasBacklogWithoutCapacity&Namespace=AWS%2F"
        "SageMaker&Statistic=Average&Period=60&EvaluationPeriods=2&DatapointsToAlarm=2&"
        "Threshold=1&ComparisonOperator=GreaterThanOrEqualToThreshold";
    aws_sigv4_header json_headers[] = {
        {"Host", "application-autoscaling.us-east-1.amazonaws.com"},
        {"Content-Type", "application/x-amz-json-1.1"},
        {"X-Amz-Target", "AnyScaleFrontendService.PutScalingPolicy"},
    };
    aws_sigv4_header query_headers[] = {
        {"Host", "monitoring.us-east-1.amazonaws.com"},
        {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
    };
    aws_sigv4_request json_req = {
        "POST", "/", NULL, json_headers, 3, (const unsigned char *)json_body, strlen(json_body),
        1,      0,   0};
    aws_sigv4_request query_req = {
        "POST", "/", NULL, query_headers, 2, (const unsigned char *)query_body, strlen(query_body),
        1,      0,   0};
    aws_sigv4_credentials creds = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                   "session-token-example"};
    aws_sigv4_params json_params = {"us-east-1", "application-autoscaling", 1795968000, &creds};
    aws_sigv4_params query_params = {"us-east-1", "monitoring", 1795968000, &creds};

    aws_sigv4_cache *cache = aws_sigv4_cache_new();
    if (!cache)
        return 1;
    double json_cached = run(cache, &json_req, &json_params, n);
    double json_uncached = run(NULL, &json_req, &json_params, n);
    double query_cached = run(cache, &query_req, &query_params, n);
    double query_uncached = run(NULL, &query_req, &query_params, n);
    aws_sigv4_cache_free(cache);
    if (json_cached < 0 || json_uncached < 0 || query_cached < 0 || query_uncached < 0)
        return 1;

    printf("sigv4 signing, %d iterations each (target: < 20 us per signature with the cache)\n", n);
    printf("  json 1.1 PutScalingPolicy  cached   %8.2f us  (%9.0f /s)\n", json_cached * 1e6,
           1 / json_cached);
    printf("  json 1.1 PutScalingPolicy  uncached %8.2f us  (%9.0f /s)\n", json_uncached * 1e6,
           1 / json_uncached);
    printf("  query PutMetricAlarm       cached   %8.2f us  (%9.0f /s)\n", query_cached * 1e6,
           1 / query_cached);
    printf("  query PutMetricAlarm       uncached %8.2f us  (%9.0f /s)\n", query_uncached * 1e6,
           1 / query_uncached);
    printf("  key cache saves %.0f%% per signature\n",
           100.0 * (json_uncached - json_cached) / json_uncached);
    return 0;
}

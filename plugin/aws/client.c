/* The AWS client: settings, region, endpoints, credentials; per call the
 * attempt loop: sign each attempt (the request itself is built by
 * client_request.c), send a round of attempts concurrently, parse, and retry
 * in the "standard" mode. One debug log line per attempt; never headers,
 * never secrets. */
#include "aws/client.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws/aws_error.h"
#include "aws/client_request.h"
#include "aws/credentials.h"
#include "aws/endpoints.h"
#include "aws/http.h"
#include "aws/json_rpc.h"
#include "aws/query.h"
#include "aws/retry.h"
#include "aws/sigv4.h"
#include "util/host.h"

struct aws_client {
    const sdh_host_services *host; /* borrowed */
    aws_settings settings;
    aws_http *http;
    aws_credentials_chain *creds;
    aws_sigv4_cache *sigv4;
    aws_retry_quota quota;
    aws_rng rng;
    long skew_s; /* server time - local time, learnt from a skew error */
    long attempt_timeout_ms;
    char *region;          /* resolved lazily */
    const char *partition; /* static */
    int region_failed;
    sdh_error region_err;
    char *endpoint[AWS_SERVICE_COUNT]; /* resolved lazily */
};

/* One call in flight. */
typedef struct call_state {
    aws_call *call;
    client_request rq;
    int done;
    int skew_retried;
    int last_cost;
    long delay_ms;
    long start_ms;
} call_state;

/* A non-negative integer host config value, or `def`. -1 when invalid. */
static long config_ms(const sdh_host_services *host, const char *key, long def, sdh_error *err)
{
    const char *v = sdh_host_config(host, key);
    if (!v || !v[0])
        return def;
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || n <= 0) {
        sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfig", key,
                      "host configuration %s must be a positive integer", key);
        return -1;
    }
    return n;
}

aws_client *aws_client_new(const aws_settings_input *in, const sdh_host_services *host,
                           sdh_error *err)
{
    aws_client *c = calloc(1, sizeof(*c));
    if (!c) {
        sdh_error_oom(err);
        return NULL;
    }
    c->host = host;
    aws_settings_input none = {0};
    if (aws_settings_load(&c->settings, in ? in : &none, err) != SDH_STATUS_OK) {
        free(c);
        return NULL;
    }
    long connect_ms = config_ms(host, "connect_timeout_ms", 0, err);
    long attempt_ms = config_ms(host, "attempt_timeout_ms", 0, err);
    long max_bytes = config_ms(host, "max_response_bytes", 0, err);
    if (connect_ms < 0 || attempt_ms < 0 || max_bytes < 0)
        goto fail;
    c->attempt_timeout_ms = attempt_ms;
    aws_http_opts opts = {
        .ca_bundle = c->settings.ca_bundle,
        .user_agent = NULL,
        .max_response_bytes = (size_t)max_bytes,
        .connect_timeout_ms = connect_ms,
        .timeout_ms = attempt_ms,
    };
    c->http = aws_http_new(&opts, host, err);
    if (!c->http)
        goto fail;
    c->creds = aws_credentials_chain_new(&c->settings, c->http, host);
    c->sigv4 = aws_sigv4_cache_new();
    if (!c->creds || !c->sigv4) {
        sdh_error_oom(err);
        goto fail;
    }
    aws_retry_quota_init(&c->quota);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    aws_rng_seed(&c->rng, ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)ts.tv_nsec ^
                              ((uint64_t)getpid() << 16) ^ (uint64_t)(uintptr_t)c);
    sdh_log(host, SDH_LOG_DEBUG, "aws client: profile=%s max_attempts=%d user_agent=%s",
            c->settings.profile ? c->settings.profile : "default", c->settings.max_attempts,
            aws_http_user_agent(c->http));
    return c;
fail:
    aws_client_free(c);
    return NULL;
}

void aws_client_free(aws_client *c)
{
    if (!c)
        return;
    for (int i = 0; i < AWS_SERVICE_COUNT; i++)
        free(c->endpoint[i]);
    free(c->region);
    aws_sigv4_cache_free(c->sigv4);
    aws_credentials_chain_free(c->creds);
    aws_http_free(c->http);
    aws_settings_clear(&c->settings);
    free(c);
}

void aws_call_clear(aws_call *call)
{
    if (!call)
        return;
    json_decref(call->output);
    call->output = NULL;
    call->request_id[0] = '\0';
    call->attempts = 0;
    call->elapsed_ms = 0;
    sdh_error_clear(&call->error);
}

const char *aws_client_region(aws_client *c, sdh_error *err)
{
    if (c->region)
        return c->region;
    if (c->settings.region && c->settings.region[0]) {
        c->region = strdup(c->settings.region);
    } else if (!c->region_failed) {
        sdh_error imds;
        sdh_error_clear(&imds);
        c->region = aws_imds_region(&c->settings, c->http, c->host, &imds);
        if (!c->region) {
            c->region_failed = 1;
            sdh_error_set(&c->region_err, SDH_STATUS_CONFIG_ERROR, "NoRegion", "region",
                          "no AWS region is configured: set AWS_REGION (or AWS_DEFAULT_REGION), "
                          "`region` in the AWS config file's profile, or the request's or host's "
                          "region (instance metadata gave none: %s)",
                          imds.message[0] ? imds.message : "unavailable");
        } else {
            sdh_log(c->host, SDH_LOG_DEBUG, "aws client: region %s from instance metadata",
                    c->region);
        }
    }
    if (!c->region) {
        if (!c->region_failed)
            sdh_error_oom(&c->region_err);
        sdh_error_copy(err, &c->region_err);
        return NULL;
    }
    c->partition = aws_partition_of_region(c->region);
    return c->region;
}

const char *aws_client_partition(aws_client *c, sdh_error *err)
{
    if (!aws_client_region(c, err))
        return NULL;
    return c->partition;
}

/* The endpoint URL for `svc` (borrowed, cached), or NULL with `err` set. */
static const char *client_endpoint(aws_client *c, aws_service svc, sdh_error *err)
{
    if (c->endpoint[svc])
        return c->endpoint[svc];
    const char *region = aws_client_region(c, err);
    if (!region)
        return NULL;
    const char *override = aws_settings_endpoint_url(&c->settings, svc);
    aws_endpoint_params params = {
        .region = region,
        .use_fips = c->settings.use_fips,
        .use_dualstack = c->settings.use_dualstack,
        .override = override,
    };
    char *url = NULL;
    if (aws_endpoint_resolve(svc, &params, &url, err) != SDH_STATUS_OK)
        return NULL;
    c->endpoint[svc] = url;
    sdh_log(c->host, SDH_LOG_DEBUG, "aws endpoint: service=%s region=%s partition=%s url=%s (%s)",
            aws_service_get(svc)->name, region, c->partition, url,
            override ? "configured" : "resolved");
    return url;
}

static void transport_error(const call_state *st, const aws_http_response *r, sdh_error *err)
{
    const char *code = r->too_large   ? "ResponseTooLarge"
                       : r->timed_out ? "Timeout"
                                      : "ConnectionError";
    sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, code, NULL, "%s %s via %s: %s", st->rq.svc->name,
                  st->call->operation, st->rq.host_header, r->transport_message);
    err->http_status = (int)r->status;
    snprintf(err->request_id, sizeof(err->request_id), "%s", r->request_id);
}

/* Read one attempt's outcome; decide whether to retry. */
static void finish_attempt(aws_client *c, call_state *st, const aws_http_response *r)
{
    aws_call *call = st->call;
    sdh_error *err = &call->error;
    json_t *output = NULL;
    sdh_status status = SDH_STATUS_OK;
    call->attempts++;
    sdh_error_clear(err);
    snprintf(call->request_id, sizeof(call->request_id), "%s", r->request_id);
    if (r->transport_error) {
        transport_error(st, r, err);
        status = SDH_STATUS_REMOTE_ERROR;
    } else if (st->rq.svc->protocol == AWS_PROTOCOL_JSON_1_1) {
        status = aws_json_rpc_parse(r->status, r->body, r->body_len, r->error_type, r->request_id,
                                    &output, err);
    } else {
        status = aws_query_parse(r->status, r->body, r->body_len, call->operation, r->request_id,
                                 &output, call->request_id, sizeof(call->request_id), err);
    }
    if (status != SDH_STATUS_OK && err->request_id[0])
        snprintf(call->request_id, sizeof(call->request_id), "%s", err->request_id);
    sdh_log(c->host, SDH_LOG_DEBUG,
            "aws request: service=%s operation=%s attempt=%d status=%ld error=%s "
            "request_id=%s ms=%ld new_connections=%ld",
            st->rq.svc->name, call->operation, call->attempts, r->status,
            status == SDH_STATUS_OK ? "-" : err->code, call->request_id[0] ? call->request_id : "-",
            r->elapsed_ms, r->num_connects);
    if (status == SDH_STATUS_OK) {
        aws_retry_quota_success(&c->quota, st->last_cost);
        call->output = output;
        st->done = 1;
        return;
    }
    if (status != SDH_STATUS_REMOTE_ERROR) {
        st->done = 1;
        return;
    }
    long fix = r->transport_error ? 0
                                  : aws_retry_skew_correction(r->status, err->code, err->message,
                                                              r->date, time(NULL) + c->skew_s);
    if (fix && !st->skew_retried) {
        c->skew_s += fix;
        st->skew_retried = 1;
        st->delay_ms = 0;
        sdh_log(c->host, SDH_LOG_DEBUG,
                "aws retry: service=%s operation=%s clock skew %+lds corrected, retrying now",
                st->rq.svc->name, call->operation, fix);
        return;
    }
    aws_retry_failure f = {
        .service = call->service,
        .http_status = r->status,
        .transport_error = r->transport_error,
        .timed_out = r->timed_out,
        .too_large = r->too_large,
        .code = err->code,
        .message = err->message,
    };
    aws_retry_class cls = aws_retry_classify(&f);
    int max_attempts =
        (c->settings.max_attempts > 0 ? c->settings.max_attempts : 3) + st->skew_retried;
    if (cls == AWS_RETRY_NONE || call->attempts >= max_attempts) {
        st->done = 1;
        return;
    }
    int cost = aws_retry_quota_acquire(&c->quota, r->timed_out);
    if (!cost) {
        sdh_log(c->host, SDH_LOG_DEBUG,
                "aws retry: service=%s operation=%s not retried: retry quota exhausted",
                st->rq.svc->name, call->operation);
        st->done = 1;
        return;
    }
    st->last_cost = cost;
    st->delay_ms = aws_retry_backoff_ms(&c->rng, call->attempts - st->skew_retried);
    sdh_log(c->host, SDH_LOG_DEBUG,
            "aws retry: service=%s operation=%s error=%s %s, attempt %d in %ld ms (quota %d)",
            st->rq.svc->name, call->operation, err->code,
            cls == AWS_RETRY_THROTTLING ? "throttled" : "transient", call->attempts + 1,
            st->delay_ms, c->quota.available);
}

static void fail_pending(call_state *sts, size_t n, const sdh_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (sts[i].done)
            continue;
        sdh_error_copy(&sts[i].call->error, err);
        sts[i].done = 1;
    }
}

/* One round: sign and send every pending call, read the results. Returns
 * non-zero when nothing is left to do. */
static int run_round(aws_client *c, call_state *sts, size_t n, aws_http_request *reqs,
                     aws_http_response *resps, size_t *map)
{
    sdh_error err;
    sdh_error_clear(&err);
    const aws_credentials *cr = NULL;
    if (aws_credentials_chain_get(c->creds, time(NULL), &cr, &err) != SDH_STATUS_OK) {
        fail_pending(sts, n, &err);
        return 1;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (sts[i].done)
            continue;
        sdh_error_clear(&err);
        if (client_request_sign(&sts[i].rq, c->sigv4, c->region, time(NULL) + c->skew_s, cr,
                                c->attempt_timeout_ms, &reqs[m], &err) != SDH_STATUS_OK) {
            sdh_error_copy(&sts[i].call->error, &err);
            sts[i].done = 1;
            continue;
        }
        map[m++] = i;
    }
    if (m == 0)
        return 1;
    sdh_error_clear(&err);
    sdh_status status = aws_http_perform(c->http, reqs, resps, m, &err);
    if (status == SDH_STATUS_OK) {
        for (size_t k = 0; k < m; k++)
            finish_attempt(c, &sts[map[k]], &resps[k]);
    }
    for (size_t k = 0; k < m; k++) {
        client_request_release_lines(&sts[map[k]].rq);
        aws_http_response_clear(&resps[k]);
    }
    if (status != SDH_STATUS_OK) {
        fail_pending(sts, n, &err);
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        if (sts[i].done && !sts[i].call->elapsed_ms)
            sts[i].call->elapsed_ms = sdh_now_ms() - sts[i].start_ms;
    long delay = -1;
    for (size_t i = 0; i < n; i++)
        if (!sts[i].done && sts[i].delay_ms > delay)
            delay = sts[i].delay_ms;
    if (delay < 0)
        return 1;
    if (sdh_sleep_ms(c->host, delay)) {
        sdh_error_set(&err, SDH_STATUS_CANCELLED, "Cancelled", NULL, "cancelled");
        fail_pending(sts, n, &err);
        return 1;
    }
    return 0;
}

/* AWS refusing the credentials or the signature (after any clock-skew retry)
 * is the user's configuration to fix: CONFIG_ERROR, with a hint. */
static void credentials_refused(sdh_error *err)
{
    if (err->status != SDH_STATUS_REMOTE_ERROR || !aws_error_is_credentials(err->code))
        return;
    err->status = SDH_STATUS_CONFIG_ERROR;
    size_t len = strlen(err->message);
    snprintf(err->message + len, sizeof(err->message) - len, "%s",
             " (AWS refused the credentials: check the access key, secret key, session token "
             "and the system clock)");
}

sdh_status aws_client_call(aws_client *c, aws_call *calls, size_t n)
{
    long start = sdh_now_ms();
    sdh_status result = SDH_STATUS_OK;
    call_state *sts = calloc(n ? n : 1, sizeof(*sts));
    aws_http_request *reqs = calloc(n ? n : 1, sizeof(*reqs));
    aws_http_response *resps = calloc(n ? n : 1, sizeof(*resps));
    size_t *map = calloc(n ? n : 1, sizeof(*map));
    for (size_t i = 0; i < n; i++) {
        json_decref(calls[i].output);
        calls[i].output = NULL;
        calls[i].request_id[0] = '\0';
        calls[i].attempts = 0;
        calls[i].elapsed_ms = 0;
        sdh_error_clear(&calls[i].error);
    }
    if (!sts || !reqs || !resps || !map) {
        for (size_t i = 0; i < n; i++)
            sdh_error_oom(&calls[i].error);
        result = n ? SDH_STATUS_INTERNAL : SDH_STATUS_OK;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        sts[i].call = &calls[i];
        sts[i].start_ms = start;
        const char *endpoint = client_endpoint(c, calls[i].service, &calls[i].error);
        if (!endpoint || client_request_prepare(&sts[i].rq, aws_service_get(calls[i].service),
                                                calls[i].operation, calls[i].input, endpoint,
                                                &calls[i].error) != SDH_STATUS_OK)
            sts[i].done = 1;
    }
    while (!run_round(c, sts, n, reqs, resps, map))
        ;
    long elapsed = sdh_now_ms() - start;
    for (size_t i = 0; i < n; i++) {
        if (!calls[i].elapsed_ms)
            calls[i].elapsed_ms = elapsed;
        credentials_refused(&calls[i].error);
        if (result == SDH_STATUS_OK && calls[i].error.status != SDH_STATUS_OK)
            result = calls[i].error.status;
    }
out:
    if (sts)
        for (size_t i = 0; i < n; i++)
            client_request_clear(&sts[i].rq);
    free(sts);
    free(reqs);
    free(resps);
    free(map);
    return result;
}

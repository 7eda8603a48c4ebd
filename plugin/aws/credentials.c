/* The credentials chain: tries the providers in the AWS CLI's order, caches
 * what the first one that answered gave (refreshing it through that provider
 * 5 minutes before it expires), and aggregates why each source gave nothing.
 * Also the helpers the providers share (creds_provider.h). */
#include "aws/credentials.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/creds_provider.h"
#include "util/buf.h"
#include "util/host.h"
#include "util/secret.h"

#define REFRESH_MARGIN_S 300

struct aws_credentials_chain {
    const aws_settings *settings;   /* borrowed */
    aws_http *http;                 /* borrowed */
    const sdh_host_services *host;  /* borrowed */
    aws_credentials cached;         /* owned; access_key_id NULL when empty */
    const creds_provider *provider; /* the one that gave `cached` */
};

static const creds_provider *const chain_order[] = {
    &creds_env_provider,       &creds_web_identity_provider, &creds_profile_provider,
    &creds_container_provider, &creds_imds_provider,
};
#define CHAIN_LEN (sizeof(chain_order) / sizeof(chain_order[0]))

void aws_credentials_clear(aws_credentials *c)
{
    if (!c)
        return;
    free(c->access_key_id);
    sdh_secret_free(c->secret_access_key);
    sdh_secret_free(c->session_token);
    memset(c, 0, sizeof(*c));
}

int creds_set(aws_credentials *out, const char *key_id, const char *secret, const char *token,
              time_t expiration, const char *source)
{
    aws_credentials_clear(out);
    out->access_key_id = strdup(key_id);
    out->secret_access_key = sdh_secret_dup(secret);
    out->session_token = token && token[0] ? sdh_secret_dup(token) : NULL;
    out->expiration = expiration;
    snprintf(out->source, sizeof(out->source), "%s", source ? source : "");
    if (!out->access_key_id || !out->secret_access_key ||
        (token && token[0] && !out->session_token)) {
        aws_credentials_clear(out);
        return -1;
    }
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int creds_parse_iso8601(const char *s, time_t *out)
{
    int Y, M, D, h, m, sec;
    if (!s || strlen(s) < 19 || digits(s, 4, &Y) || s[4] != '-' || digits(s + 5, 2, &M) ||
        s[7] != '-' || digits(s + 8, 2, &D) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &m) || s[16] != ':' ||
        digits(s + 17, 2, &sec))
        return -1;
    if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
        return -1;
    const char *p = s + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    long offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 || om > 59)
            return -1;
        offset = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
        p += 6;
    } else {
        return -1;
    }
    if (*p)
        return -1;
    long long t = days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400LL + h * 3600LL + m * 60LL +
                  sec - offset;
    *out = (time_t)t;
    return 0;
}

sdh_status creds_from_json(const json_t *doc, const char *token_key, const char *source,
                           const char *what, aws_credentials *out, sdh_error *err)
{
    if (!json_is_object(doc))
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidCredentials", NULL,
                             "%s: the response is not a JSON object", what);
    const char *names[] = {"AccessKeyId", "SecretAccessKey"};
    const char *vals[2];
    for (int i = 0; i < 2; i++) {
        vals[i] = json_string_value(json_object_get(doc, names[i]));
        if (!vals[i] || !vals[i][0])
            return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidCredentials", names[i],
                                 "%s: %s is missing or not a string", what, names[i]);
    }
    const char *token = NULL;
    json_t *t = token_key ? json_object_get(doc, token_key) : NULL;
    if (t && !json_is_null(t)) {
        token = json_string_value(t);
        if (!token)
            return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidCredentials", token_key,
                                 "%s: %s is not a string", what, token_key);
    }
    time_t expiration = 0;
    json_t *e = json_object_get(doc, "Expiration");
    if (e && !json_is_null(e)) {
        const char *es = json_string_value(e);
        if (!es || creds_parse_iso8601(es, &expiration) != 0)
            return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidCredentials", "Expiration",
                                 "%s: Expiration %s%.40s%s is not an ISO 8601 time", what,
                                 es ? "'" : "", es ? es : "(not a string)", es ? "'" : "");
    }
    if (creds_set(out, vals[0], vals[1], token, expiration, source) != 0)
        return sdh_error_oom(err);
    return SDH_STATUS_OK;
}

/* Overwrite the string values of `v` and everything under it. Jansson hands
 * out its strings as const, but allocates them itself as plain char arrays,
 * so writing through them is defined. */
static void wipe_strings(json_t *v)
{
    if (json_is_string(v)) {
        OPENSSL_cleanse((char *)json_string_value(v), json_string_length(v));
    } else if (json_is_object(v)) {
        for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it))
            wipe_strings(json_object_iter_value(it));
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            wipe_strings(json_array_get(v, i));
    }
}

void creds_json_release(json_t *doc)
{
    if (doc && doc->refcount == 1)
        wipe_strings(doc);
    json_decref(doc);
}

int creds_read_file(const char *path, size_t max, char **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *data = malloc(max + 1);
    if (!data) {
        fclose(f);
        errno = ENOMEM;
        return -1;
    }
    size_t len = fread(data, 1, max + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || len > max) {
        free(data);
        errno = bad ? EIO : EFBIG;
        return -1;
    }
    data[len] = '\0';
    *out = data;
    return 0;
}

sdh_status creds_http(const creds_ctx *ctx, const aws_http_request *req, aws_http_response *resp,
                      sdh_error *err)
{
    memset(resp, 0, sizeof(*resp));
    if (!ctx->http)
        return sdh_error_set(err, SDH_STATUS_INTERNAL, "NoTransport", NULL,
                             "no HTTP transport for credential requests");
    return aws_http_perform(ctx->http, req, resp, 1, err);
}

sdh_status creds_http_retry(const creds_ctx *ctx, const aws_http_request *req,
                            aws_http_response *resp, int attempts, creds_retryable_fn also,
                            sdh_error *err)
{
    for (int attempt = 1;; attempt++) {
        sdh_status r = creds_http(ctx, req, resp, err);
        if (r != SDH_STATUS_OK || attempt >= attempts)
            return r;
        if (resp->status != 0 && resp->status < 500 && resp->status != 429 && !(also && also(resp)))
            return r;
        if (resp->status)
            sdh_log(ctx->host, SDH_LOG_DEBUG, "credentials: %s %s answered HTTP %ld, trying again",
                    req->method, req->url, resp->status);
        else
            sdh_log(ctx->host, SDH_LOG_DEBUG, "credentials: %s %s: %s, trying again", req->method,
                    req->url, resp->transport_message);
        aws_http_response_clear(resp);
        if (sdh_sleep_ms(ctx->host, CREDS_RETRY_PAUSE_MS * attempt))
            return sdh_error_set(err, SDH_STATUS_CANCELLED, "Cancelled", NULL,
                                 "cancelled while fetching credentials");
    }
}

aws_credentials_chain *aws_credentials_chain_new(const aws_settings *settings, aws_http *http,
                                                 const sdh_host_services *host)
{
    aws_credentials_chain *c = calloc(1, sizeof(*c));
    if (c) {
        c->settings = settings;
        c->http = http;
        c->host = host;
    }
    return c;
}

void aws_credentials_chain_free(aws_credentials_chain *chain)
{
    if (!chain)
        return;
    aws_credentials_clear(&chain->cached);
    free(chain);
}

static int fresh(const aws_credentials *c, time_t now)
{
    return c->access_key_id && (c->expiration == 0 || now < c->expiration - REFRESH_MARGIN_S);
}

static void remember(aws_credentials_chain *chain, const creds_provider *p, aws_credentials *got)
{
    aws_credentials_clear(&chain->cached);
    chain->cached = *got;
    memset(got, 0, sizeof(*got));
    chain->provider = p;
    sdh_log(chain->host, SDH_LOG_DEBUG, "credentials from %s (access key id %s)",
            chain->cached.source, chain->cached.access_key_id);
}

/* Refresh through the provider that gave the cached credentials. Returns OK
 * with *done set when it answered with credentials; OK with *done clear when
 * it has nothing now (the full chain runs); an error otherwise. */
static sdh_status refresh(aws_credentials_chain *chain, time_t now, int *done, sdh_error *err)
{
    creds_ctx ctx = {chain->settings, chain->http, chain->host, now};
    aws_credentials got = {0};
    char why[512] = "";
    *done = 0;
    sdh_status r = chain->provider->resolve(&ctx, &got, why, sizeof(why), err);
    if (r != SDH_STATUS_OK) {
        if (r != SDH_STATUS_CANCELLED && chain->cached.access_key_id &&
            (chain->cached.expiration == 0 || now < chain->cached.expiration)) {
            sdh_log(chain->host, SDH_LOG_WARN,
                    "refreshing credentials from %s failed (%s); using the current ones until "
                    "they expire",
                    chain->provider->name, err ? err->message : "");
            sdh_error_clear(err);
            *done = 1;
            return SDH_STATUS_OK;
        }
        return r;
    }
    if (got.access_key_id) {
        remember(chain, chain->provider, &got);
        *done = 1;
    }
    return SDH_STATUS_OK;
}

sdh_status aws_credentials_chain_get(aws_credentials_chain *chain, time_t now,
                                     const aws_credentials **out, sdh_error *err)
{
    *out = NULL;
    if (fresh(&chain->cached, now)) {
        *out = &chain->cached;
        return SDH_STATUS_OK;
    }
    if (chain->provider) {
        int done = 0;
        sdh_status r = refresh(chain, now, &done, err);
        if (r != SDH_STATUS_OK)
            return r;
        if (done) {
            *out = &chain->cached;
            return SDH_STATUS_OK;
        }
        aws_credentials_clear(&chain->cached);
        chain->provider = NULL;
    }
    creds_ctx ctx = {chain->settings, chain->http, chain->host, now};
    sdh_buf reasons;
    sdh_buf_init(&reasons, 4096);
    sdh_status r = SDH_STATUS_OK;
    for (size_t i = 0; i < CHAIN_LEN; i++) {
        const creds_provider *p = chain_order[i];
        aws_credentials got = {0};
        char why[512] = "";
        r = p->resolve(&ctx, &got, why, sizeof(why), err);
        if (r != SDH_STATUS_OK)
            break;
        if (got.access_key_id) {
            remember(chain, p, &got);
            *out = &chain->cached;
            break;
        }
        sdh_log(chain->host, SDH_LOG_DEBUG, "credentials: %s: %s", p->name, why);
        size_t nl = strlen(p->name);
        if (strncmp(why, p->name, nl) == 0 && why[nl] == ' ')
            sdh_buf_printf(&reasons, "%s%s", i ? "; " : "", why);
        else
            sdh_buf_printf(&reasons, "%s%s: %s", i ? "; " : "", p->name, why);
    }
    if (r == SDH_STATUS_OK && !*out)
        r = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "NoCredentials", NULL,
                          "Unable to locate credentials (%s)", sdh_buf_str(&reasons));
    sdh_buf_free(&reasons);
    return r;
}

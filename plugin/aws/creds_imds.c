/* Credentials provider and region lookup: EC2 instance metadata. IMDSv2 (a
 * session token from PUT /latest/api/token sent with every GET), falling back
 * to IMDSv1 when the token PUT is refused with 403/404/405, as botocore does.
 * Short timeouts: a machine without IMDS must not hang; a timeout means "no
 * IMDS" and is not retried beyond AWS_METADATA_SERVICE_NUM_ATTEMPTS. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/creds_provider.h"
#include "util/host.h"
#include "util/secret.h"

#define IMDS_DEFAULT_V4   "http://169.254.169.254"
#define IMDS_DEFAULT_V6   "http://[fd00:ec2::254]"
#define IMDS_TOKEN_PATH   "/latest/api/token"
#define IMDS_CREDS_PATH   "/latest/meta-data/iam/security-credentials/"
#define IMDS_REGION_PATH  "/latest/meta-data/placement/region"
#define IMDS_TOKEN_TTL    "X-aws-ec2-metadata-token-ttl-seconds: 21600"
#define IMDS_MAX_ATTEMPTS 5

/* One conversation with the metadata service. */
typedef struct imds_session {
    const creds_ctx *ctx;
    char base[512];
    char *token_header; /* owned secret "X-aws-ec2-metadata-token: ..." or NULL for v1 */
    int have_token;     /* a token was fetched (or v1 chosen) */
    long timeout_ms;
    int attempts;
} imds_session;

/* Non-zero when AWS_EC2_METADATA_DISABLED is "true". */
static int imds_disabled(void)
{
    const char *v = aws_env("AWS_EC2_METADATA_DISABLED");
    return v && strcasecmp(v, "true") == 0;
}

static sdh_status session_init(imds_session *s, const creds_ctx *ctx, sdh_error *err)
{
    memset(s, 0, sizeof(*s));
    s->ctx = ctx;
    s->timeout_ms = 1000;
    s->attempts = 1;
    const char *t = aws_env("AWS_METADATA_SERVICE_TIMEOUT");
    if (t) {
        char *end;
        double v = strtod(t, &end);
        if (end == t || *end || v <= 0 || v > 60)
            return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigValue", NULL,
                                 "AWS_METADATA_SERVICE_TIMEOUT '%.20s' must be seconds in (0, 60]",
                                 t);
        s->timeout_ms = (long)(v * 1000);
    }
    const char *a = aws_env("AWS_METADATA_SERVICE_NUM_ATTEMPTS");
    if (a) {
        char *end;
        long v = strtol(a, &end, 10);
        if (end == a || *end || v < 1 || v > IMDS_MAX_ATTEMPTS)
            return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigValue", NULL,
                                 "AWS_METADATA_SERVICE_NUM_ATTEMPTS '%.20s' must be 1..%d", a,
                                 IMDS_MAX_ATTEMPTS);
        s->attempts = (int)v;
    }
    const char *base = aws_settings_get(ctx->settings, "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                                        "ec2_metadata_service_endpoint");
    if (!base) {
        const char *mode = aws_settings_get(ctx->settings, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                                            "ec2_metadata_service_endpoint_mode");
        base = mode && strcasecmp(mode, "ipv6") == 0 ? IMDS_DEFAULT_V6 : IMDS_DEFAULT_V4;
    }
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    if (n >= sizeof(s->base))
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigValue", NULL,
                             "the EC2 metadata endpoint is too long");
    memcpy(s->base, base, n);
    s->base[n] = '\0';
    return SDH_STATUS_OK;
}

static void session_clear(imds_session *s)
{
    sdh_secret_free(s->token_header);
    s->token_header = NULL;
}

/* One request with retries on 5xx / transport errors other than timeouts.
 * `resp` is filled (caller clears). */
static sdh_status request(imds_session *s, const char *method, const char *path,
                          const char *extra_header, aws_http_response *resp, sdh_error *err)
{
    char url[1024];
    snprintf(url, sizeof(url), "%s%s", s->base, path);
    const char *headers[1] = {extra_header};
    aws_http_request req = {method, url, headers,       extra_header ? 1 : 0,
                            NULL,   0,   s->timeout_ms, s->timeout_ms};
    for (int attempt = 1;; attempt++) {
        sdh_status r = creds_http(s->ctx, &req, resp, err);
        if (r != SDH_STATUS_OK)
            return r;
        int transient = (resp->status == 0 && !resp->timed_out) || resp->status >= 500;
        if (!transient || attempt >= s->attempts)
            return SDH_STATUS_OK;
        aws_http_response_clear(resp);
    }
}

static void describe_failure(const imds_session *s, const aws_http_response *resp, char *why,
                             size_t why_len, const char *what)
{
    if (resp->timed_out)
        snprintf(why, why_len, "no response from %s within %ld ms (%s)", s->base, s->timeout_ms,
                 what);
    else if (resp->status == 0)
        snprintf(why, why_len, "cannot reach %s (%s): %s", s->base, what, resp->transport_message);
    else
        snprintf(why, why_len, "%s answered HTTP %ld to %s", s->base, resp->status, what);
}

/* Get a session token (or settle on IMDSv1). Returns OK with s->have_token
 * set, OK with `why` filled when IMDS is unavailable, or an error. */
static sdh_status get_token(imds_session *s, char *why, size_t why_len, sdh_error *err)
{
    aws_http_response resp;
    sdh_status r = request(s, "PUT", IMDS_TOKEN_PATH, IMDS_TOKEN_TTL, &resp, err);
    if (r == SDH_STATUS_OK) {
        if (resp.status == 200 && resp.body && resp.body_len > 0 && !strpbrk(resp.body, "\r\n")) {
            size_t n = resp.body_len + sizeof("X-aws-ec2-metadata-token: ");
            s->token_header = malloc(n);
            if (!s->token_header)
                r = sdh_error_oom(err);
            else
                snprintf(s->token_header, n, "X-aws-ec2-metadata-token: %s", resp.body);
            s->have_token = s->token_header != NULL;
        } else if (resp.status == 403 || resp.status == 404 || resp.status == 405) {
            s->have_token = 1; /* IMDSv1: no token header */
        } else {
            describe_failure(s, &resp, why, why_len, "the token request");
        }
    }
    aws_http_response_clear(&resp); /* wipes the body */
    return r;
}

/* GET `path` with the session token; a 401 (token expired) gets one new
 * token. On OK, either resp holds an answer or `why` says why not. */
static sdh_status get(imds_session *s, const char *path, aws_http_response *resp, char *why,
                      size_t why_len, sdh_error *err)
{
    for (int round = 0; round < 2; round++) {
        if (!s->have_token) {
            sdh_status r = get_token(s, why, why_len, err);
            if (r != SDH_STATUS_OK || !s->have_token)
                return r;
        }
        sdh_status r = request(s, "GET", path, s->token_header, resp, err);
        if (r != SDH_STATUS_OK)
            return r;
        if (resp->status != 401 || round == 1)
            break;
        aws_http_response_clear(resp);
        session_clear(s);
        s->have_token = 0;
    }
    if (resp->status != 200)
        describe_failure(s, resp, why, why_len, path);
    return SDH_STATUS_OK;
}

static sdh_status imds_resolve(const creds_ctx *ctx, aws_credentials *out, char *why,
                               size_t why_len, sdh_error *err)
{
    if (imds_disabled()) {
        snprintf(why, why_len, "disabled by AWS_EC2_METADATA_DISABLED");
        return SDH_STATUS_OK;
    }
    imds_session s;
    sdh_status r = session_init(&s, ctx, err);
    if (r != SDH_STATUS_OK)
        return r;
    aws_http_response resp = {0};
    r = get(&s, IMDS_CREDS_PATH, &resp, why, why_len, err);
    if (r != SDH_STATUS_OK || resp.status != 200) {
        if (r == SDH_STATUS_OK && resp.status == 404)
            snprintf(why, why_len, "no IAM role attached to the instance (%s)", s.base);
        goto out;
    }
    char role[256];
    size_t n = strcspn(resp.body ? resp.body : "", "\r\n");
    if (n == 0 || n >= sizeof(role)) {
        snprintf(why, why_len, "%s gave no IAM role name", s.base);
        goto out;
    }
    memcpy(role, resp.body, n);
    role[n] = '\0';
    aws_http_response_clear(&resp);
    char path[sizeof(IMDS_CREDS_PATH) + sizeof(role)];
    snprintf(path, sizeof(path), "%s%s", IMDS_CREDS_PATH, role);
    r = get(&s, path, &resp, why, why_len, err);
    if (r != SDH_STATUS_OK || resp.status != 200)
        goto out;
    json_t *doc = json_loadb(resp.body ? resp.body : "", resp.body_len, 0, NULL);
    const char *code = json_string_value(json_object_get(doc, "Code"));
    if (!doc || !code || strcmp(code, "Success") != 0) {
        snprintf(why, why_len, "%s: credentials of role %s not available (Code %s)", s.base, role,
                 code ? code : "missing");
    } else {
        r = creds_from_json(doc, "Token", "imds", "instance metadata credentials", out, err);
        sdh_log(ctx->host, SDH_LOG_DEBUG, "imds: role %s via IMDSv%d", role,
                s.token_header ? 2 : 1);
    }
    creds_json_release(doc);
out:
    aws_http_response_clear(&resp); /* wipes the body */
    session_clear(&s);
    return r;
}

const creds_provider creds_imds_provider = {"imds", imds_resolve};

char *aws_imds_region(const aws_settings *settings, aws_http *http, const sdh_host_services *host,
                      sdh_error *err)
{
    if (imds_disabled()) {
        sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "NoRegion", NULL,
                      "imds: disabled by AWS_EC2_METADATA_DISABLED");
        return NULL;
    }
    creds_ctx ctx = {settings, http, host, 0};
    imds_session s;
    if (session_init(&s, &ctx, err) != SDH_STATUS_OK)
        return NULL;
    aws_http_response resp = {0};
    char why[512] = "";
    char *region = NULL;
    sdh_status r = get(&s, IMDS_REGION_PATH, &resp, why, sizeof(why), err);
    if (r == SDH_STATUS_OK && resp.status == 200) {
        size_t n = strcspn(resp.body ? resp.body : "", "\r\n \t");
        if (n > 0 && n < 64)
            region = strndup(resp.body, n);
        if (!region)
            sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "NoRegion", NULL, "imds: %s gave no region",
                          s.base);
    } else if (r == SDH_STATUS_OK) {
        sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "NoRegion", NULL, "imds: %s", why);
    }
    aws_http_response_clear(&resp);
    session_clear(&s);
    return region;
}

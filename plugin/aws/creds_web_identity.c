/* Credentials provider: web identity (EKS IRSA and the like). Reads the token
 * file named by AWS_WEB_IDENTITY_TOKEN_FILE or the profile's
 * web_identity_token_file and exchanges it, unsigned, through STS
 * AssumeRoleWithWebIdentity for temporary credentials. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_error.h"
#include "aws/creds_provider.h"
#include "aws/endpoints.h"
#include "aws/sigv4_canon.h"
#include "aws/xml.h"
#include "util/buf.h"
#include "util/host.h"
#include "util/secret.h"

#define TOKEN_MAX_BYTES (64u * 1024u)
#define STS_ATTEMPTS    3
#define STS_GLOBAL_URL  "https://sts.amazonaws.com"
#define STS_TIMEOUT_MS  10000L
#define STS_CONNECT_MS  3000L

/* The STS endpoint URL (new). */
static sdh_status sts_url(const aws_settings *s, char **url, sdh_error *err)
{
    const char *override = aws_settings_endpoint_url(s, AWS_SERVICE_STS);
    if (override) {
        *url = strdup(override);
    } else if (s->region) {
        aws_endpoint_params p = {s->region, s->use_fips, s->use_dualstack, NULL};
        return aws_endpoint_resolve(AWS_SERVICE_STS, &p, url, err);
    } else {
        *url = strdup(STS_GLOBAL_URL);
    }
    if (!*url)
        return sdh_error_oom(err);
    return SDH_STATUS_OK;
}

/* STS's IDPCommunicationError (the identity provider did not answer STS) is
 * retried, as botocore's standard retry mode does for STS. */
static int idp_unreachable(const aws_http_response *resp)
{
    if (resp->status != 400)
        return 0;
    sdh_error e;
    aws_error_from_xml(resp->status, resp->body, resp->body_len, "", &e);
    return strcmp(e.code, "IDPCommunicationError") == 0;
}

/* POST the form and turn the answer into credentials. */
static sdh_status exchange(const creds_ctx *ctx, const char *url, const sdh_buf *form,
                           aws_credentials *out, sdh_error *err)
{
    static const char *const headers[] = {
        "Content-Type: application/x-www-form-urlencoded; charset=utf-8"};
    aws_http_request req = {"POST",     url,       headers,        1,
                            form->data, form->len, STS_CONNECT_MS, STS_TIMEOUT_MS};
    aws_http_response resp;
    sdh_status r = creds_http_retry(ctx, &req, &resp, STS_ATTEMPTS, idp_unreachable, err);
    if (r != SDH_STATUS_OK) {
        aws_http_response_clear(&resp);
        return r;
    }
    if (resp.status == 200) {
        json_t *doc = aws_xml_parse(resp.body ? resp.body : "", resp.body_len, err);
        aws_http_response_clear(&resp); /* wipes the body */
        if (!doc)
            return err ? err->status : SDH_STATUS_REMOTE_ERROR;
        json_t *creds = json_object_get(
            json_object_get(json_object_get(doc, "AssumeRoleWithWebIdentityResponse"),
                            "AssumeRoleWithWebIdentityResult"),
            "Credentials");
        r = creds_from_json(creds, "SessionToken", "web identity", "STS AssumeRoleWithWebIdentity",
                            out, err);
        creds_json_release(doc);
        return r;
    }
    if (resp.status == 0)
        r = sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "CredentialRetrievalError", NULL,
                          "%.200s could not be reached: %.200s", url, resp.transport_message);
    else
        r = aws_error_from_xml(resp.status, resp.body, resp.body_len, resp.request_id, err);
    aws_http_response_clear(&resp);
    if (err && r != SDH_STATUS_OK) {
        char msg[sizeof(err->message)];
        memcpy(msg, err->message, sizeof(msg));
        snprintf(err->message, sizeof(err->message),
                 "web identity: STS AssumeRoleWithWebIdentity failed: %.900s", msg);
        if (err->status == SDH_STATUS_REMOTE_ERROR && err->http_status >= 400 &&
            err->http_status < 500)
            err->status = SDH_STATUS_CONFIG_ERROR;
        r = err->status;
    }
    return r;
}

static sdh_status web_identity_resolve(const creds_ctx *ctx, aws_credentials *out, char *why,
                                       size_t why_len, sdh_error *err)
{
    const aws_settings *s = ctx->settings;
    const char *token_file =
        aws_settings_get(s, "AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
    const char *role_arn = aws_settings_get(s, "AWS_ROLE_ARN", "role_arn");
    const char *session = aws_settings_get(s, "AWS_ROLE_SESSION_NAME", "role_session_name");
    if (!token_file) {
        snprintf(why, why_len, "AWS_WEB_IDENTITY_TOKEN_FILE not set");
        return SDH_STATUS_OK;
    }
    if (!role_arn)
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfig", NULL,
                             "web identity: a token file is configured (%.200s) but no role ARN "
                             "(AWS_ROLE_ARN or role_arn)",
                             token_file);
    char *path = aws_settings_expand_home(token_file);
    char *token = NULL;
    char *url = NULL;
    sdh_buf form;
    sdh_buf_init(&form, TOKEN_MAX_BYTES * 3 + 4096);
    sdh_status r = SDH_STATUS_OK;
    if (!path) {
        r = sdh_error_oom(err);
        goto out;
    }
    if (creds_read_file(path, TOKEN_MAX_BYTES, &token) != 0) {
        r = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfig", NULL,
                          "web identity: cannot read the token file %.300s: %s", path,
                          errno == EFBIG ? "larger than 64 KiB" : strerror(errno));
        goto out;
    }
    size_t tn = strlen(token);
    while (tn > 0 && (token[tn - 1] == '\n' || token[tn - 1] == '\r' || token[tn - 1] == ' '))
        token[--tn] = '\0';
    if (tn == 0) {
        r = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfig", NULL,
                          "web identity: the token file %.300s is empty", path);
        goto out;
    }
    char session_buf[64];
    if (!session) {
        snprintf(session_buf, sizeof(session_buf), "sdhost-session-%lld", (long long)ctx->now);
        session = session_buf;
    }
    r = sts_url(s, &url, err);
    if (r != SDH_STATUS_OK)
        goto out;
    int bad = sdh_buf_addstr(&form, "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
                                    "&RoleArn=") != SDH_BUF_OK;
    bad |= aws_sigv4_uri_encode(&form, role_arn, strlen(role_arn), 0) != SDH_BUF_OK;
    bad |= sdh_buf_addstr(&form, "&RoleSessionName=") != SDH_BUF_OK;
    bad |= aws_sigv4_uri_encode(&form, session, strlen(session), 0) != SDH_BUF_OK;
    bad |= sdh_buf_addstr(&form, "&WebIdentityToken=") != SDH_BUF_OK;
    bad |= aws_sigv4_uri_encode(&form, token, strlen(token), 0) != SDH_BUF_OK;
    if (bad) {
        r = sdh_error_oom(err);
        goto out;
    }
    sdh_log(ctx->host, SDH_LOG_DEBUG, "web identity: AssumeRoleWithWebIdentity %s at %s", role_arn,
            url);
    r = exchange(ctx, url, &form, out, err);
out:
    sdh_buf_free(&form); /* wipes the token */
    sdh_secret_free(token);
    free(url);
    free(path);
    return r;
}

const creds_provider creds_web_identity_provider = {"web identity", web_identity_resolve};

/* Credentials provider: the container credentials endpoint (ECS task roles,
 * EKS Pod Identity). AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on
 * 169.254.170.2) or AWS_CONTAINER_CREDENTIALS_FULL_URI (https anywhere; http
 * only to loopback and the ECS/EKS link-local addresses), with the
 * Authorization header from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or
 * AWS_CONTAINER_AUTHORIZATION_TOKEN. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/creds_provider.h"
#include "util/secret.h"

#define ECS_BASE        "http://169.254.170.2"
#define CONTAINER_TRIES 3
#define CONNECT_MS      1000L
#define TIMEOUT_MS      2000L
#define TOKEN_FILE_MAX  (16u * 1024u)

/* Is `host` (as curl_url gives it: IPv6 in brackets) allowed for plain http? */
static int allowed_http_host(const char *host)
{
    if (strcasecmp(host, "localhost") == 0)
        return 1;
    unsigned char a4[4];
    if (inet_pton(AF_INET, host, a4) == 1)
        return a4[0] == 127 ||
               (a4[0] == 169 && a4[1] == 254 && a4[2] == 170 && (a4[3] == 2 || a4[3] == 23));
    size_t n = strlen(host);
    if (n < 3 || host[0] != '[' || host[n - 1] != ']' || n - 2 >= 64)
        return 0;
    char inner[64];
    memcpy(inner, host + 1, n - 2);
    inner[n - 2] = '\0';
    char *zone = strchr(inner, '%');
    if (zone)
        *zone = '\0';
    unsigned char a6[16], want[16];
    if (inet_pton(AF_INET6, inner, a6) != 1)
        return 0;
    inet_pton(AF_INET6, "::1", want);
    if (memcmp(a6, want, 16) == 0)
        return 1;
    inet_pton(AF_INET6, "fd00:ec2::23", want);
    return memcmp(a6, want, 16) == 0;
}

static sdh_status check_full_uri(const char *uri, sdh_error *err)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    sdh_status r = SDH_STATUS_OK;
    if (!u)
        return sdh_error_oom(err);
    if (curl_url_set(u, CURLUPART_URL, uri, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        r = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfig", NULL,
                          "container: AWS_CONTAINER_CREDENTIALS_FULL_URI '%.200s' is not a URL",
                          uri);
    } else if (strcasecmp(scheme, "https") == 0) {
        r = SDH_STATUS_OK;
    } else if (strcasecmp(scheme, "http") != 0 || !allowed_http_host(host)) {
        r = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfig", NULL,
                          "container: AWS_CONTAINER_CREDENTIALS_FULL_URI host %.100s is not "
                          "allowed: use https, or http to a loopback address, 169.254.170.2, "
                          "169.254.170.23 or fd00:ec2::23",
                          host);
    }
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return r;
}

/* The Authorization header line (new secret) or NULL when none is configured. */
static sdh_status auth_header(char **line, sdh_error *err)
{
    *line = NULL;
    const char *file = aws_env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    char *token = NULL;
    if (file) {
        if (creds_read_file(file, TOKEN_FILE_MAX, &token) != 0)
            return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfig", NULL,
                                 "container: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE "
                                 "%.300s: %s",
                                 file, errno == EFBIG ? "too large" : strerror(errno));
        size_t n = strlen(token);
        while (n > 0 && (token[n - 1] == '\n' || token[n - 1] == '\r'))
            token[--n] = '\0';
    } else if (aws_env("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
        token = sdh_secret_dup(aws_env("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
        if (!token)
            return sdh_error_oom(err);
    } else {
        return SDH_STATUS_OK;
    }
    if (strpbrk(token, "\r\n")) {
        sdh_secret_free(token);
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfig", NULL,
                             "container: the authorization token (%s) contains a line break",
                             file ? "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
                                  : "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    }
    size_t n = strlen(token) + sizeof("Authorization: ");
    *line = malloc(n);
    if (*line)
        snprintf(*line, n, "Authorization: %s", token);
    sdh_secret_free(token);
    return *line ? SDH_STATUS_OK : sdh_error_oom(err);
}

static sdh_status fetch(const creds_ctx *ctx, const char *url, const char *auth,
                        aws_credentials *out, sdh_error *err)
{
    const char *headers[2] = {"Accept: application/json", auth};
    aws_http_request req = {"GET", url, headers, auth ? 2 : 1, NULL, 0, CONNECT_MS, TIMEOUT_MS};
    aws_http_response resp;
    sdh_status r = creds_http_retry(ctx, &req, &resp, CONTAINER_TRIES, NULL, err);
    if (r != SDH_STATUS_OK) {
        /* cancelled or out of memory */
    } else if (resp.status == 200) {
        json_t *doc = json_loadb(resp.body ? resp.body : "", resp.body_len, 0, NULL);
        r = creds_from_json(doc, "Token", "container", "container credentials", out, err);
        creds_json_release(doc);
    } else if (resp.status == 0) {
        r = sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "CredentialRetrievalError", NULL,
                          "container: no answer from %.200s: %.200s", url, resp.transport_message);
    } else {
        json_t *doc = json_loadb(resp.body ? resp.body : "", resp.body_len, 0, NULL);
        const char *msg = json_string_value(json_object_get(doc, "message"));
        if (!msg)
            msg = json_string_value(json_object_get(doc, "Message"));
        r = sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "CredentialRetrievalError", NULL,
                          "container: %.200s answered HTTP %ld%s%.200s", url, resp.status,
                          msg ? ": " : "", msg ? msg : "");
        if (err)
            err->http_status = (int)resp.status;
        json_decref(doc);
    }
    aws_http_response_clear(&resp);
    return r;
}

static sdh_status container_resolve(const creds_ctx *ctx, aws_credentials *out, char *why,
                                    size_t why_len, sdh_error *err)
{
    const char *relative = aws_env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    const char *full = aws_env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    char *url = NULL;
    if (relative) {
        size_t n = sizeof(ECS_BASE) + strlen(relative) + 1;
        url = malloc(n);
        if (url)
            snprintf(url, n, "%s%s%s", ECS_BASE, relative[0] == '/' ? "" : "/", relative);
    } else if (full) {
        sdh_status r = check_full_uri(full, err);
        if (r != SDH_STATUS_OK)
            return r;
        url = strdup(full);
    } else {
        snprintf(why, why_len, "no AWS_CONTAINER_CREDENTIALS_* variable");
        return SDH_STATUS_OK;
    }
    if (!url)
        return sdh_error_oom(err);
    char *auth = NULL;
    sdh_status r = auth_header(&auth, err);
    if (r == SDH_STATUS_OK)
        r = fetch(ctx, url, auth, out, err);
    sdh_secret_free(auth);
    free(url);
    return r;
}

const creds_provider creds_container_provider = {"container", container_resolve};

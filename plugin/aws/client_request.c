/* Building one AWS call's HTTP request: the request URL, path and Host header
 * from the endpoint, the body in the service's protocol (AWS JSON 1.1 or
 * query), and per attempt the SigV4-signed header lines, wiped on release
 * (they carry the signature and the session token). */
#include "aws/client_request.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/json_rpc.h"
#include "aws/query.h"
#include "util/secret.h"

/* Split the endpoint URL into the request URL, the path to sign and the Host
 * header (with the port when it is not the scheme's default). */
static sdh_status parse_endpoint(client_request *rq, const char *endpoint, sdh_error *err)
{
    sdh_status status = SDH_STATUS_OK;
    char *host = NULL, *port = NULL, *path = NULL, *url = NULL;
    CURLU *u = curl_url();
    if (!u)
        return sdh_error_oom(err);
    if (curl_url_set(u, CURLUPART_URL, endpoint, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        status = sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidEndpoint", "endpoint_url",
                               "invalid endpoint URL: %s", endpoint);
        goto out;
    }
    curl_url_set(u, CURLUPART_QUERY, NULL, 0);
    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
    curl_url_set(u, CURLUPART_USER, NULL, 0);
    curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
    if (curl_url_get(u, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT) != CURLUE_OK)
        port = NULL;
    if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_URL, &url, 0) != CURLUE_OK) {
        status = sdh_error_oom(err);
        goto out;
    }
    snprintf(rq->host_header, sizeof(rq->host_header), "%s%s%s", host, port ? ":" : "",
             port ? port : "");
    rq->url = strdup(url);
    rq->path = strdup(path && path[0] ? path : "/");
    if (!rq->url || !rq->path)
        status = sdh_error_oom(err);
out:
    curl_free(host);
    curl_free(port);
    curl_free(path);
    curl_free(url);
    curl_url_cleanup(u);
    return status;
}

void client_request_release_lines(client_request *rq)
{
    for (size_t i = 0; i < rq->n_lines; i++)
        sdh_secret_free(rq->lines[i]);
    rq->n_lines = 0;
}

void client_request_clear(client_request *rq)
{
    client_request_release_lines(rq);
    free(rq->url);
    free(rq->path);
    free(rq->body);
    memset(rq, 0, sizeof(*rq));
}

static int add_line(client_request *rq, const char *name, const char *value)
{
    size_t n = strlen(name) + strlen(value) + 3;
    char *line = malloc(n);
    if (!line || rq->n_lines >= CLIENT_REQUEST_MAX_HEADERS) {
        free(line);
        return -1;
    }
    snprintf(line, n, "%s: %s", name, value);
    rq->lines[rq->n_lines++] = line;
    return 0;
}

sdh_status client_request_prepare(client_request *rq, const aws_service_info *svc,
                                  const char *operation, const json_t *input, const char *endpoint,
                                  sdh_error *err)
{
    rq->svc = svc;
    rq->operation = operation;
    sdh_status status = parse_endpoint(rq, endpoint, err);
    if (status != SDH_STATUS_OK)
        return status;
    if (svc->protocol == AWS_PROTOCOL_JSON_1_1)
        rq->body = aws_json_rpc_body(input, &rq->body_len, err);
    else
        rq->body = aws_query_body(operation, svc->api_version, input, &rq->body_len, err);
    return rq->body ? SDH_STATUS_OK : err->status;
}

sdh_status client_request_sign(client_request *rq, aws_sigv4_cache *cache, const char *region,
                               time_t when, const aws_credentials *cr, long timeout_ms,
                               aws_http_request *out, sdh_error *err)
{
    const char *content_type = rq->svc->protocol == AWS_PROTOCOL_JSON_1_1
                                   ? AWS_JSON_RPC_CONTENT_TYPE
                                   : AWS_QUERY_CONTENT_TYPE;
    char target[256] = "";
    aws_sigv4_header hs[3] = {{"Host", rq->host_header}, {"Content-Type", content_type}};
    size_t nh = 2;
    if (rq->svc->protocol == AWS_PROTOCOL_JSON_1_1) {
        if (aws_json_rpc_target(rq->svc, rq->operation, target, sizeof(target)) != 0)
            return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidInput", "operation",
                                 "the operation name is too long");
        hs[nh++] = (aws_sigv4_header){"X-Amz-Target", target};
    }
    aws_sigv4_request sreq = {
        .method = "POST",
        .path = rq->path,
        .query = NULL,
        .headers = hs,
        .n_headers = nh,
        .body = (const unsigned char *)rq->body,
        .body_len = rq->body_len,
        .normalize_path = 1,
    };
    aws_sigv4_credentials sc = {cr->access_key_id, cr->secret_access_key, cr->session_token};
    aws_sigv4_params params = {
        .region = region,
        .service = rq->svc->signing_name,
        .when = when,
        .credentials = &sc,
    };
    aws_sigv4_result sig = {0};
    sdh_status status = aws_sigv4_sign(cache, &sreq, &params, &sig, err);
    if (status != SDH_STATUS_OK)
        return status;
    client_request_release_lines(rq);
    int rc = 0;
    for (size_t i = 0; i < nh; i++)
        rc |= add_line(rq, hs[i].name, hs[i].value);
    rc |= add_line(rq, "X-Amz-Date", sig.amz_date);
    if (cr->session_token && cr->session_token[0])
        rc |= add_line(rq, "X-Amz-Security-Token", cr->session_token);
    rc |= add_line(rq, "Authorization", sig.authorization);
    aws_sigv4_result_clear(&sig);
    if (rc != 0)
        return sdh_error_oom(err);
    *out = (aws_http_request){
        .method = "POST",
        .url = rq->url,
        .headers = (const char *const *)rq->lines,
        .n_headers = rq->n_lines,
        .body = rq->body,
        .body_len = rq->body_len,
        .timeout_ms = timeout_ms,
    };
    return SDH_STATUS_OK;
}

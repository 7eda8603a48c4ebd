/* HTTP transport on libcurl: one multi handle per aws_http (its connection
 * cache keeps connections per host across requests), one easy handle per
 * request, all of a round performed concurrently, cancellable every 100 ms.
 * TLS verification is always on; redirects are never followed; bodies are
 * capped. Owns the process-wide curl_global_init (once). */
#include "aws/http.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/host.h"
#include "version.h"

#define DEFAULT_MAX_BODY        (8u * 1024u * 1024u)
#define DEFAULT_CONNECT_TIMEOUT 3000L
#define DEFAULT_TIMEOUT         60000L
#define POLL_SLICE_MS           100

struct aws_http {
    CURLM *multi;
    const sdh_host_services *host; /* borrowed */
    char *ca_bundle;               /* owned copy, may be NULL */
    char *user_agent;              /* owned copy */
    size_t max_body;
    long connect_timeout_ms;
    long timeout_ms;
};

/* One transfer in flight. */
typedef struct transfer {
    CURL *easy;
    struct curl_slist *headers;
    aws_http_response *resp; /* borrowed: the caller's slot */
    sdh_buf body;
    int nomem;
    int done;
    char errbuf[CURL_ERROR_SIZE];
} transfer;

/* curl_global_init is process-wide. libcurl >= 7.84 built with
 * CURL_VERSION_THREADSAFE (Debian 12's is) makes it safe against other threads
 * of the host calling it too; with an older libcurl the host must not call
 * curl_global_init concurrently with the plugin's first client (README).
 * pthread_once makes it run once for this plugin. curl_global_cleanup is never
 * called: the host or another library in the process may still use libcurl,
 * and a plugin must not tear down process-global state (see curl's
 * curl_global_cleanup documentation). The default User-Agent is built here
 * too, because curl_version_info is not safe to call from several threads at
 * once. This once-only init, immutable afterwards, is the plugin's one piece
 * of global state. */
static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_result = CURLE_FAILED_INIT;
static char global_user_agent[160];

static void global_init(void)
{
    global_result = curl_global_init(CURL_GLOBAL_DEFAULT);
    const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
    snprintf(global_user_agent, sizeof(global_user_agent),
             "sdhost-autoscaling/%s (plugin; ABI %u) libcurl/%s", SDH_PLUGIN_VERSION,
             (unsigned)SDH_ABI_VERSION, v && v->version ? v->version : "?");
}

aws_http *aws_http_new(const aws_http_opts *opts, const sdh_host_services *host, sdh_error *err)
{
    pthread_once(&global_once, global_init);
    if (global_result != CURLE_OK) {
        sdh_error_set(err, SDH_STATUS_INTERNAL, "HttpInitFailed", NULL,
                      "curl_global_init failed: %s", curl_easy_strerror(global_result));
        return NULL;
    }
    aws_http *http = calloc(1, sizeof(*http));
    if (!http)
        goto nomem;
    http->host = host;
    http->max_body = opts && opts->max_response_bytes ? opts->max_response_bytes : DEFAULT_MAX_BODY;
    http->connect_timeout_ms =
        opts && opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT;
    http->timeout_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms : DEFAULT_TIMEOUT;
    if (opts && opts->ca_bundle && opts->ca_bundle[0]) {
        http->ca_bundle = strdup(opts->ca_bundle);
        if (!http->ca_bundle)
            goto nomem;
    }
    if (opts && opts->user_agent && opts->user_agent[0])
        http->user_agent = strdup(opts->user_agent);
    else
        http->user_agent = strdup(global_user_agent);
    if (!http->user_agent)
        goto nomem;
    http->multi = curl_multi_init();
    if (!http->multi)
        goto nomem;
    return http;
nomem:
    aws_http_free(http);
    sdh_error_oom(err);
    return NULL;
}

void aws_http_free(aws_http *http)
{
    if (!http)
        return;
    if (http->multi)
        curl_multi_cleanup(http->multi);
    free(http->ca_bundle);
    free(http->user_agent);
    free(http);
}

void aws_http_response_clear(aws_http_response *resp)
{
    if (!resp)
        return;
    sdh_buf_wipe_free(resp->body, resp->body_len); /* may hold credentials */
    memset(resp, 0, sizeof(*resp));
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    transfer *t = userp;
    size_t len = size * nmemb;
    sdh_buf_result r = sdh_buf_add(&t->body, data, len);
    if (r == SDH_BUF_TOO_BIG) {
        t->resp->too_large = 1;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    if (r != SDH_BUF_OK) {
        t->nomem = 1;
        return 0;
    }
    return len;
}

/* Copy a header value, trimmed of surrounding whitespace, into dst. */
static void copy_value(char *dst, size_t cap, const char *v, size_t len)
{
    while (len && (*v == ' ' || *v == '\t')) {
        v++;
        len--;
    }
    while (len &&
           (v[len - 1] == '\r' || v[len - 1] == '\n' || v[len - 1] == ' ' || v[len - 1] == '\t'))
        len--;
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, v, len);
    dst[len] = '\0';
}

static int header_is(const char *line, size_t len, const char *name, size_t *value_at)
{
    size_t n = strlen(name);
    if (len <= n || line[n] != ':' || strncasecmp(line, name, n) != 0)
        return 0;
    *value_at = n + 1;
    return 1;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
    transfer *t = userp;
    size_t len = size * nmemb;
    aws_http_response *r = t->resp;
    size_t at = 0;
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        /* A new response (e.g. after 100 Continue): forget earlier headers. */
        r->request_id[0] = '\0';
        r->error_type[0] = '\0';
        r->date = 0;
    } else if (header_is(data, len, "x-amzn-RequestId", &at) ||
               header_is(data, len, "x-amz-request-id", &at)) {
        copy_value(r->request_id, sizeof(r->request_id), data + at, len - at);
    } else if (header_is(data, len, "X-Amzn-ErrorType", &at)) {
        copy_value(r->error_type, sizeof(r->error_type), data + at, len - at);
    } else if (header_is(data, len, "Date", &at)) {
        char value[128];
        copy_value(value, sizeof(value), data + at, len - at);
        time_t when = curl_getdate(value, NULL);
        r->date = when > 0 ? when : 0;
    }
    return len;
}

static CURLcode setup_method(CURL *easy, const aws_http_request *req)
{
    CURLcode rc = CURLE_OK;
    const char *method = req->method ? req->method : "GET";
    const char *body = req->body ? req->body : "";
    if (strcmp(method, "GET") == 0 && !req->body_len)
        return curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    rc = curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
    if (rc == CURLE_OK && strcmp(method, "POST") != 0)
        rc = curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
    return rc;
}

static int has_header(const aws_http_request *req, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < req->n_headers; i++)
        if (strncasecmp(req->headers[i], name, n) == 0 && req->headers[i][n] == ':')
            return 1;
    return 0;
}

/* Build the easy handle for one request. Returns 0 on success. */
static int transfer_setup(aws_http *http, transfer *t, const aws_http_request *req)
{
    CURLcode rc = CURLE_OK;
    sdh_buf_init(&t->body, http->max_body);
    t->easy = curl_easy_init();
    if (!t->easy)
        return -1;
    for (size_t i = 0; i < req->n_headers; i++) {
        struct curl_slist *next = curl_slist_append(t->headers, req->headers[i]);
        if (!next)
            return -1;
        t->headers = next;
    }
    /* Never let curl add headers the caller did not sign or ask for. */
    static const char *const suppress[] = {"Content-Type", "Expect"};
    for (size_t i = 0; i < sizeof(suppress) / sizeof(suppress[0]); i++) {
        if (has_header(req, suppress[i]))
            continue;
        char line[32];
        snprintf(line, sizeof(line), "%s:", suppress[i]);
        struct curl_slist *next = curl_slist_append(t->headers, line);
        if (!next)
            return -1;
        t->headers = next;
    }
    long connect_ms =
        req->connect_timeout_ms > 0 ? req->connect_timeout_ms : http->connect_timeout_ms;
    long timeout_ms = req->timeout_ms > 0 ? req->timeout_ms : http->timeout_ms;

    rc |= curl_easy_setopt(t->easy, CURLOPT_URL, req->url);
    rc |= curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
    rc |= curl_easy_setopt(t->easy, CURLOPT_USERAGENT, http->user_agent);
    rc |= curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
    rc |= curl_easy_setopt(t->easy, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    rc |= curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    rc |= curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    /* TLS verification is always on; only the trust store may change. */
    rc |= curl_easy_setopt(t->easy, CURLOPT_SSL_VERIFYPEER, 1L);
    rc |= curl_easy_setopt(t->easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (http->ca_bundle)
        rc |= curl_easy_setopt(t->easy, CURLOPT_CAINFO, http->ca_bundle);
    rc |= curl_easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    rc |= curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, timeout_ms);
    rc |= curl_easy_setopt(t->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)http->max_body);
    rc |= curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, on_body);
    rc |= curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t);
    rc |= curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, on_header);
    rc |= curl_easy_setopt(t->easy, CURLOPT_HEADERDATA, t);
    rc |= curl_easy_setopt(t->easy, CURLOPT_ERRORBUFFER, t->errbuf);
    rc |= curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
    if (rc == CURLE_OK)
        rc = setup_method(t->easy, req);
    return rc == CURLE_OK ? 0 : -1;
}

/* Record the outcome of a finished transfer into its response. */
static void transfer_finish(transfer *t, CURLcode result)
{
    aws_http_response *r = t->resp;
    long status = 0;
    curl_off_t total_us = 0;
    long connects = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &total_us);
    curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
    r->elapsed_ms = (long)(total_us / 1000);
    r->num_connects = connects;
    if (result == CURLE_FILESIZE_EXCEEDED)
        r->too_large = 1;
    if (t->nomem)
        result = CURLE_OUT_OF_MEMORY;
    if (result != CURLE_OK) {
        r->transport_error = (int)result;
        r->timed_out = result == CURLE_OPERATION_TIMEDOUT;
        if (r->too_large)
            snprintf(r->transport_message, sizeof(r->transport_message),
                     "response body larger than %zu bytes", t->body.max);
        else
            snprintf(r->transport_message, sizeof(r->transport_message), "%s",
                     t->errbuf[0] ? t->errbuf : curl_easy_strerror(result));
        /* Only a complete response counts as one. */
        r->status = status;
        sdh_buf_free(&t->body);
    } else {
        r->status = status;
        r->body_len = t->body.len;
        r->body = sdh_buf_take(&t->body);
    }
    t->done = 1;
}

static void transfer_release(aws_http *http, transfer *t)
{
    if (t->easy) {
        curl_multi_remove_handle(http->multi, t->easy);
        curl_easy_cleanup(t->easy);
    }
    curl_slist_free_all(t->headers);
    sdh_buf_free(&t->body);
    memset(t, 0, sizeof(*t));
}

static void drain_messages(aws_http *http)
{
    CURLMsg *msg = NULL;
    int left = 0;
    while ((msg = curl_multi_info_read(http->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        transfer *t = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        if (t && !t->done)
            transfer_finish(t, msg->data.result);
    }
}

sdh_status aws_http_perform(aws_http *http, const aws_http_request *reqs, aws_http_response *resps,
                            size_t n, sdh_error *err)
{
    sdh_status status = SDH_STATUS_OK;
    if (n == 0)
        return SDH_STATUS_OK;
    if (sdh_cancelled(http->host))
        return sdh_error_set(err, SDH_STATUS_CANCELLED, "Cancelled", NULL, "cancelled");
    transfer *ts = calloc(n, sizeof(*ts));
    if (!ts)
        return sdh_error_oom(err);

    for (size_t i = 0; i < n; i++) {
        memset(&resps[i], 0, sizeof(resps[i]));
        ts[i].resp = &resps[i];
        if (transfer_setup(http, &ts[i], &reqs[i]) != 0 ||
            curl_multi_add_handle(http->multi, ts[i].easy) != CURLM_OK) {
            status = sdh_error_set(err, SDH_STATUS_INTERNAL, "OutOfMemory", NULL,
                                   "could not set up the HTTP request");
            goto out;
        }
    }

    int running = 1;
    while (running) {
        CURLMcode mc = curl_multi_perform(http->multi, &running);
        if (mc != CURLM_OK) {
            status = sdh_error_set(err, SDH_STATUS_INTERNAL, "HttpFailed", NULL,
                                   "curl_multi_perform: %s", curl_multi_strerror(mc));
            goto out;
        }
        drain_messages(http);
        if (!running)
            break;
        if (sdh_cancelled(http->host)) {
            status = sdh_error_set(err, SDH_STATUS_CANCELLED, "Cancelled", NULL, "cancelled");
            goto out;
        }
        mc = curl_multi_poll(http->multi, NULL, 0, POLL_SLICE_MS, NULL);
        if (mc != CURLM_OK) {
            status = sdh_error_set(err, SDH_STATUS_INTERNAL, "HttpFailed", NULL,
                                   "curl_multi_poll: %s", curl_multi_strerror(mc));
            goto out;
        }
    }
    drain_messages(http);
    for (size_t i = 0; i < n; i++) {
        if (!ts[i].done && ts[i].easy) {
            /* Should not happen: curl reported no running transfer. */
            resps[i].transport_error = (int)CURLE_RECV_ERROR;
            snprintf(resps[i].transport_message, sizeof(resps[i].transport_message),
                     "transfer ended without a result");
        }
    }
out:
    for (size_t i = 0; i < n; i++) {
        if (status != SDH_STATUS_OK && !ts[i].done && ts[i].resp) {
            ts[i].resp->transport_error = (int)CURLE_ABORTED_BY_CALLBACK;
            snprintf(ts[i].resp->transport_message, sizeof(ts[i].resp->transport_message), "%s",
                     status == SDH_STATUS_CANCELLED ? "cancelled" : "not performed");
        }
        transfer_release(http, &ts[i]);
    }
    free(ts);
    return status;
}

const char *aws_http_user_agent(const aws_http *http)
{
    return http->user_agent;
}

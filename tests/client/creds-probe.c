/* creds-probe: resolve AWS settings and credentials the way the client does
 * and print what was found (never secrets), for the credentials network tests.
 *
 *   creds-probe [--profile P] [--region R] [--then SECONDS]... [--imds-region]
 *
 * Resolves once at the current time, then once more at now + SECONDS for each
 * --then (same chain: shows caching and refresh). --imds-region also asks
 * aws_imds_region. Prints one JSON object:
 *   {"ok":true,"region":..,"region_source":..,"results":[{"source","access_key_id",
 *    "has_session_token","expiration","secret_sha_prefix"?,"elapsed_ms"},...],
 *    "imds_region":..}
 * or {"ok":false,"error":{...},"results":[...]} and exits with the sdh_status. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/credentials.h"
#include "aws/http.h"
#include "aws/settings.h"

#define MAX_THEN 8

static void host_log(void *data, sdh_log_level level, const char *message)
{
    (void)data;
    if (level >= SDH_LOG_WARN || getenv("CREDS_PROBE_VERBOSE"))
        fprintf(stderr, "[%d] %s\n", (int)level, message);
}

static int host_cancelled(void *data)
{
    (void)data;
    return 0;
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)(t.tv_sec * 1000L + t.tv_nsec / 1000000L);
}

int main(int argc, char **argv)
{
    aws_settings_input in = {NULL, NULL, NULL};
    long then[MAX_THEN];
    int n_then = 0, want_region = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc)
            in.profile = argv[++i];
        else if (strcmp(argv[i], "--region") == 0 && i + 1 < argc)
            in.region = argv[++i];
        else if (strcmp(argv[i], "--then") == 0 && i + 1 < argc && n_then < MAX_THEN)
            then[n_then++] = atol(argv[++i]);
        else if (strcmp(argv[i], "--imds-region") == 0)
            want_region = 1;
        else {
            fprintf(stderr, "usage: creds-probe [--profile P] [--region R] [--then S]... "
                            "[--imds-region]\n");
            return 2;
        }
    }
    sdh_host_services host;
    memset(&host, 0, sizeof(host));
    host.abi_version = SDH_ABI_VERSION;
    host.struct_size = sizeof(host);
    host.log = host_log;
    host.is_cancelled = host_cancelled;

    json_t *out = json_object();
    json_t *results = json_array();
    json_object_set_new(out, "results", results);
    sdh_error err;
    sdh_error_clear(&err);
    aws_settings s;
    aws_http *http = NULL;
    aws_credentials_chain *chain = NULL;
    sdh_status st = aws_settings_load(&s, &in, &err);
    if (st != SDH_STATUS_OK)
        goto done;
    json_object_set_new(out, "profile", json_string(s.profile));
    json_object_set_new(out, "region", s.region ? json_string(s.region) : json_null());
    json_object_set_new(out, "region_source",
                        s.region_source ? json_string(s.region_source) : json_null());
    aws_http_opts opts = {s.ca_bundle, NULL, 0, 0, 0};
    http = aws_http_new(&opts, &host, &err);
    if (!http) {
        st = err.status;
        goto done;
    }
    chain = aws_credentials_chain_new(&s, http, &host);
    time_t base = time(NULL);
    for (int round = 0; round <= n_then; round++) {
        time_t at = base + (round == 0 ? 0 : then[round - 1]);
        const aws_credentials *c = NULL;
        long t0 = now_ms();
        st = aws_credentials_chain_get(chain, at, &c, &err);
        long elapsed = now_ms() - t0;
        if (st != SDH_STATUS_OK) {
            json_object_set_new(out, "elapsed_ms", json_integer(elapsed));
            goto done;
        }
        json_t *r = json_object();
        json_object_set_new(r, "source", json_string(c->source));
        json_object_set_new(r, "access_key_id", json_string(c->access_key_id));
        json_object_set_new(r, "has_session_token", json_boolean(c->session_token != NULL));
        json_object_set_new(r, "expiration", json_integer((json_int_t)c->expiration));
        json_object_set_new(r, "elapsed_ms", json_integer(elapsed));
        json_array_append_new(results, r);
    }
    if (want_region) {
        sdh_error rerr;
        sdh_error_clear(&rerr);
        long t0 = now_ms();
        char *region = aws_imds_region(&s, http, &host, &rerr);
        json_object_set_new(out, "imds_region", region ? json_string(region) : json_null());
        json_object_set_new(out, "imds_region_elapsed_ms", json_integer(now_ms() - t0));
        if (!region)
            json_object_set_new(out, "imds_region_error", sdh_error_to_json(&rerr));
        free(region);
    }
done:
    json_object_set_new(out, "ok", json_boolean(st == SDH_STATUS_OK));
    if (st != SDH_STATUS_OK)
        json_object_set_new(out, "error", sdh_error_to_json(&err));
    char *text = json_dumps(out, JSON_SORT_KEYS);
    if (text)
        puts(text);
    free(text);
    json_decref(out);
    aws_credentials_chain_free(chain);
    aws_http_free(http);
    aws_settings_clear(&s); /* also fine after a failed load (it left s cleared) */
    return (int)st;
}

/* aws-call: a test driver for the AWS client (plugin/aws/client.h).
 *
 *   aws-call [-v] [--region R] [--profile P] [--endpoint-url U]
 *            [--config KEY=VALUE]... SERVICE OPERATION [INPUT_JSON|@FILE]
 *   aws-call [options] --parallel FILE
 *
 * SERVICE: application-autoscaling | cloudwatch | sagemaker | sts.
 * --config sets a host configuration value the client reads, e.g.
 *   attempt_timeout_ms, connect_timeout_ms, max_response_bytes.
 * --parallel FILE: a JSON array of {"service","operation","input"} performed
 *   concurrently in one aws_client_call.
 * --repeat N: perform the call(s) N times with the same client (connection
 *   reuse); the output is the last run's.
 * Prints one JSON object on stdout:
 *   {"ok":true,"output":...,"request_id":"..","attempts":n,...} or
 *   {"ok":false,"error":{...},"attempts":n,...}
 * (with --parallel: {"ok":..,"results":[...],"elapsed_ms":n}) and exits with
 * the sdh_status number. Logs go to stderr ("[debug] ..." only with -v).
 * SIGINT sets the host's cancel flag. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/client.h"

#define MAX_CONFIG 16

static volatile sig_atomic_t cancelled;

typedef struct host_state {
    int verbose;
    const char *keys[MAX_CONFIG];
    const char *values[MAX_CONFIG];
    int n_config;
} host_state;

static void on_sigint(int sig)
{
    (void)sig;
    cancelled = 1;
}

static void host_log(void *data, sdh_log_level level, const char *message)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    host_state *hs = data;
    if (level == SDH_LOG_DEBUG && !hs->verbose)
        return;
    fprintf(stderr, "[%s] %s\n", (unsigned)level <= SDH_LOG_ERROR ? names[level] : "?", message);
}

static int host_cancelled(void *data)
{
    (void)data;
    return cancelled != 0;
}

static const char *host_config(void *data, const char *key)
{
    host_state *hs = data;
    for (int i = 0; i < hs->n_config; i++)
        if (strcmp(hs->keys[i], key) == 0)
            return hs->values[i];
    return NULL;
}

static int parse_service(const char *name, aws_service *out)
{
    for (int i = 0; i < AWS_SERVICE_COUNT; i++) {
        if (strcmp(aws_service_get((aws_service)i)->name, name) == 0) {
            *out = (aws_service)i;
            return 0;
        }
    }
    return -1;
}

static json_t *load_input(const char *arg)
{
    json_error_t jerr;
    json_t *v = arg[0] == '@' ? json_load_file(arg + 1, 0, &jerr) : json_loads(arg, 0, &jerr);
    if (!v)
        fprintf(stderr, "aws-call: bad JSON input: %s (line %d)\n", jerr.text, jerr.line);
    return v;
}

static json_t *call_result(const aws_call *call)
{
    json_t *r = json_object();
    int ok = call->error.status == SDH_STATUS_OK;
    json_object_set_new(r, "ok", json_boolean(ok));
    if (ok)
        json_object_set(r, "output", call->output ? call->output : json_null());
    else
        json_object_set_new(r, "error", sdh_error_to_json(&call->error));
    json_object_set_new(r, "status", json_string(sdh_status_name(call->error.status)));
    json_object_set_new(r, "request_id", json_string(call->request_id));
    json_object_set_new(r, "attempts", json_integer(call->attempts));
    json_object_set_new(r, "elapsed_ms", json_integer(call->elapsed_ms));
    return r;
}

static void usage(void)
{
    fprintf(stderr, "usage: aws-call [-v] [--region R] [--profile P] [--endpoint-url U]\n"
                    "                [--config KEY=VALUE]... SERVICE OPERATION [INPUT|@FILE]\n"
                    "       aws-call [options] --parallel FILE\n"
                    "options: --config KEY=VALUE, --repeat N\n");
}

int main(int argc, char **argv)
{
    host_state hs = {0};
    sdh_host_services host = {SDH_ABI_VERSION, sizeof(host), &hs, host_log, NULL,
                              host_cancelled,  host_config};
    aws_settings_input in = {0};
    const char *parallel = NULL;
    int repeat = 1;
    const char *pos[3] = {NULL, NULL, NULL};
    int n_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-v") == 0) {
            hs.verbose = 1;
        } else if (strcmp(a, "--region") == 0 && next) {
            in.region = argv[++i];
        } else if (strcmp(a, "--profile") == 0 && next) {
            in.profile = argv[++i];
        } else if (strcmp(a, "--endpoint-url") == 0 && next) {
            in.endpoint_url = argv[++i];
        } else if (strcmp(a, "--repeat") == 0 && next && atoi(next) > 0) {
            repeat = atoi(argv[++i]);
        } else if (strcmp(a, "--parallel") == 0 && next) {
            parallel = argv[++i];
        } else if (strcmp(a, "--config") == 0 && next && strchr(next, '=') &&
                   hs.n_config < MAX_CONFIG) {
            char *kv = argv[++i];
            char *eq = strchr(kv, '=');
            *eq = '\0';
            hs.keys[hs.n_config] = kv;
            hs.values[hs.n_config++] = eq + 1;
        } else if (a[0] == '-' && a[1]) {
            usage();
            return 2;
        } else if (n_pos < 3) {
            pos[n_pos++] = a;
        } else {
            usage();
            return 2;
        }
    }
    if ((parallel && n_pos) || (!parallel && n_pos < 2)) {
        usage();
        return 2;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    json_t *inputs = NULL; /* array of {service, operation, input} */
    if (parallel) {
        json_error_t jerr;
        inputs = json_load_file(parallel, 0, &jerr);
        if (!json_is_array(inputs)) {
            fprintf(stderr, "aws-call: %s: not a JSON array (%s)\n", parallel, jerr.text);
            return 2;
        }
    } else {
        json_t *input = pos[2] ? load_input(pos[2]) : json_object();
        if (!input)
            return 2;
        inputs =
            json_pack("[{s:s, s:s, s:o}]", "service", pos[0], "operation", pos[1], "input", input);
    }
    size_t n = json_array_size(inputs);
    aws_call *calls = calloc(n ? n : 1, sizeof(*calls));
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(inputs, i);
        const char *svc = json_string_value(json_object_get(item, "service"));
        calls[i].operation = json_string_value(json_object_get(item, "operation"));
        json_t *input = json_object_get(item, "input");
        calls[i].input = input; /* the client refuses a non-object */
        if (!svc || !calls[i].operation || parse_service(svc, &calls[i].service) != 0) {
            fprintf(stderr, "aws-call: unknown service or missing operation in item %zu\n", i);
            return 2;
        }
    }

    sdh_error err;
    sdh_error_clear(&err);
    aws_client *client = aws_client_new(&in, &host, &err);
    json_t *out = NULL;
    sdh_status status = SDH_STATUS_OK;
    if (!client) {
        status = err.status;
        out = json_pack("{s:b, s:o}", "ok", 0, "error", sdh_error_to_json(&err));
    } else {
        for (int r = 0; r < repeat; r++) {
            for (size_t i = 0; i < n; i++)
                aws_call_clear(&calls[i]);
            status = aws_client_call(client, calls, n);
        }
        if (parallel) {
            json_t *results = json_array();
            for (size_t i = 0; i < n; i++)
                json_array_append_new(results, call_result(&calls[i]));
            out = json_pack("{s:b, s:o, s:I}", "ok", status == SDH_STATUS_OK, "results", results,
                            "elapsed_ms", (json_int_t)(n ? calls[0].elapsed_ms : 0));
        } else {
            out = call_result(&calls[0]);
        }
        sdh_error rerr;
        sdh_error_clear(&rerr);
        const char *region = aws_client_region(client, &rerr);
        const char *partition = aws_client_partition(client, &rerr);
        if (region)
            json_object_set_new(out, "region", json_string(region));
        if (partition)
            json_object_set_new(out, "partition", json_string(partition));
    }
    char *text = json_dumps(out, JSON_COMPACT);
    printf("%s\n", text ? text : "{\"ok\":false}");
    free(text);
    json_decref(out);
    for (size_t i = 0; i < n; i++)
        aws_call_clear(&calls[i]);
    free(calls);
    aws_client_free(client);
    json_decref(inputs);
    return (int)status;
}

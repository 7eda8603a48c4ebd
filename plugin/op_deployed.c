/* The "deployed" operation: poll DescribeEndpoint with a growing delay (2 s to
 * 30 s) until InService, reporting progress and honouring cancellation in
 * 100 ms slices; then run enable. */
#include "op_deployed.h"

#include <stdio.h>
#include <string.h>

#include "live_shape.h"
#include "op_common.h"
#include "op_enable.h"
#include "request.h"
#include "util/host.h"

#define FIRST_DELAY_MS 2000
#define MAX_DELAY_MS   30000

/* Sleep up to ms; SDH_STATUS_CANCELLED as soon as the host asks. */
static sdh_status nap(const sdh_host_services *host, long ms, sdh_error *err)
{
    if (sdh_sleep_ms(host, ms))
        return sdh_error_set(err, SDH_STATUS_CANCELLED, "Cancelled", NULL,
                             "cancelled while waiting for the endpoint");
    return SDH_STATUS_OK;
}

static int is_final_failure(const char *s)
{
    return strcmp(s, "Failed") == 0 || strcmp(s, "Deleting") == 0 ||
           strcmp(s, "UpdateRollbackFailed") == 0;
}

/* Wait for InService; *waited_s is the time spent. */
static sdh_status wait_in_service(sdh_instance *inst, aws_client *client, const char *endpoint,
                                  long long timeout_s, double *waited_s, sdh_error *err)
{
    long long start = sdh_now_ms();
    long long delay = FIRST_DELAY_MS;
    json_t *in = json_pack("{s:s}", "EndpointName", endpoint);
    sdh_status st = SDH_STATUS_OK;
    for (;;) {
        if (sdh_cancelled(inst->host)) {
            st = sdh_error_set(err, SDH_STATUS_CANCELLED, "Cancelled", NULL,
                               "cancelled while waiting for the endpoint");
            break;
        }
        aws_call call = {
            .service = AWS_SERVICE_SAGEMAKER, .operation = "DescribeEndpoint", .input = in};
        st = aws_client_call(client, &call, 1);
        if (st != SDH_STATUS_OK) {
            if (strcmp(call.error.code, "ValidationException") == 0 &&
                strstr(call.error.message, "Could not find endpoint"))
                st = sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "EndpointNotFound", "endpoint",
                                   "endpoint \"%s\" does not exist", endpoint);
            else
                sdh_error_copy(err, &call.error);
            aws_call_clear(&call);
            break;
        }
        st = live_check_reply(call.operation, call.output, err);
        if (st != SDH_STATUS_OK) {
            aws_call_clear(&call);
            break;
        }
        const char *status = json_string_value(json_object_get(call.output, "EndpointStatus"));
        char status_copy[64];
        snprintf(status_copy, sizeof(status_copy), "%s", status ? status : "Unknown");
        const char *reason = json_string_value(json_object_get(call.output, "FailureReason"));
        char reason_copy[512];
        snprintf(reason_copy, sizeof(reason_copy), "%s", reason ? reason : "");
        aws_call_clear(&call);
        long long elapsed = sdh_now_ms() - start;
        *waited_s = (double)elapsed / 1000.0;
        json_t *event = json_pack("{s:s,s:s,s:s,s:I}", "phase", "wait", "endpoint", endpoint,
                                  "status", status_copy, "elapsed_s", (json_int_t)(elapsed / 1000));
        sdh_progress(inst->host, event);
        json_decref(event);
        if (strcmp(status_copy, "InService") == 0)
            break;
        if (is_final_failure(status_copy)) {
            st = sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "EndpointFailed", "endpoint",
                               "endpoint \"%s\" is %s%s%s", endpoint, status_copy,
                               reason_copy[0] ? ": " : "", reason_copy);
            break;
        }
        long long left = timeout_s * 1000 - elapsed;
        if (left <= 0) {
            st = sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "WaitTimeout", "wait_timeout_s",
                               "endpoint \"%s\" is still %s after %lld s", endpoint, status_copy,
                               timeout_s);
            break;
        }
        st = nap(inst->host, (long)(delay < left ? delay : left), err);
        if (st != SDH_STATUS_OK)
            break;
        delay = delay * 3 / 2;
        if (delay > MAX_DELAY_MS)
            delay = MAX_DELAY_MS;
    }
    json_decref(in);
    return st;
}

sdh_status op_deployed(sdh_instance *inst, const json_t *req, json_t **reply, sdh_error *err)
{
    static const req_field spec[] = {
        {"endpoint", REQ_STRING, 1},
        {"variant", REQ_STRING, 0},
        {"autoscaling", REQ_BOOLEAN, 0},
        {"min", REQ_INTEGER, 0},
        {"max", REQ_INTEGER, 0},
        {"policy", REQ_STRING, 0},
        {"wait_timeout_s", REQ_INTEGER, 0},
        {"region", REQ_STRING, 0},
        {"profile", REQ_STRING, 0},
        {NULL, REQ_ANY, 0},
    };
    enable_params p = {0};
    json_int_t timeout = 1800;
    sdh_status st = op_check_request(req, spec, err);
    if (st == SDH_STATUS_OK)
        st = enable_check_capacity(req, &p.min, &p.max, err);
    if (st == SDH_STATUS_OK)
        st = req_integer_in(req, "wait_timeout_s", 0, 604800, 1800, &timeout, err);
    if (st != SDH_STATUS_OK)
        return st;
    p.endpoint = req_string(req, "endpoint", NULL);
    p.variant = req_string(req, "variant", NULL);
    manifest m;
    if (!req_boolean(req, "autoscaling", 1)) {
        /* nothing to do, but a bad "policy" is still refused */
        st = op_load_manifest(inst, req, &m, err);
        if (st != SDH_STATUS_OK)
            return st;
        manifest_free(&m);
        *reply =
            json_pack("{s:s,s:b,s:[],s:s}", "endpoint", p.endpoint, "autoscaling", 0, "changes",
                      "message", "autoscaling is off for this deployment: nothing was done");
        return *reply ? SDH_STATUS_OK : sdh_error_oom(err);
    }
    aws_client *client;
    st = op_open(inst, req, &m, &client, err);
    if (st != SDH_STATUS_OK)
        return st;
    double waited = 0;
    st = wait_in_service(inst, client, p.endpoint, timeout, &waited, err);
    if (st == SDH_STATUS_OK)
        st = enable_run(client, &m, &p, reply, err);
    if (*reply) {
        json_object_set_new(*reply, "autoscaling", json_true());
        json_object_set_new(*reply, "waited_s", json_integer((json_int_t)waited));
    }
    manifest_free(&m);
    return st;
}

/* The "enable" operation: refusals first (no AWS call for bad input), then one
 * read of the live state, the plan, and the writes in the planner's order. */
#include "op_enable.h"

#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "live.h"
#include "op_common.h"
#include "plan.h"
#include "request.h"

sdh_status enable_check_capacity(const json_t *req, long long *min, long long *max, sdh_error *err)
{
    json_int_t lo = -1, hi = -1;
    sdh_status st = req_integer_in(req, "min", 0, OP_MAX_INSTANCES, -1, &lo, err);
    if (st == SDH_STATUS_OK)
        st = req_integer_in(req, "max", 1, OP_MAX_INSTANCES, -1, &hi, err);
    if (st == SDH_STATUS_OK && lo >= 0 && hi >= 0 && lo > hi)
        st = sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", "min",
                           "min (%lld) must not be greater than max (%lld)", (long long)lo,
                           (long long)hi);
    *min = lo;
    *max = hi;
    return st;
}

/* Refusals that need the live endpoint but come before any write. */
static sdh_status check_endpoint(const manifest *m, const sdh_live *l, const char *endpoint,
                                 int min, sdh_error *err)
{
    const char *status = json_string_value(json_object_get(l->endpoint, "EndpointStatus"));
    if (!status || strcmp(status, "InService") != 0)
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "EndpointNotInService", "endpoint",
                             "endpoint \"%s\" is %s; autoscaling can only be attached to an "
                             "InService endpoint (\"deployed\" waits for it)",
                             endpoint, status ? status : "in an unknown status");
    if (m->endpoint_type == MANIFEST_ENDPOINT_ASYNC && !l->async)
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "EndpointNotAsync", "policy",
                             "policy \"%s\" needs an asynchronous endpoint (it scales to 0 and "
                             "back on the request backlog); this endpoint is real-time: use "
                             "\"policy\":\"realtime\"",
                             m->name);
    if (m->endpoint_type == MANIFEST_ENDPOINT_REALTIME && l->async)
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "EndpointNotRealtime", "policy",
                             "policy \"%s\" is for real-time endpoints; this endpoint is "
                             "asynchronous: use \"policy\":\"documented\" or \"backlog\"",
                             m->name);
    if (min == 0 && !l->async)
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", "min",
                             "min 0 needs an asynchronous endpoint; real-time endpoints keep at "
                             "least 1 instance");
    return SDH_STATUS_OK;
}

static sdh_status plan_and_apply(aws_client *client, const manifest *m, const sdh_live *l,
                                 const manifest_vars *vars, int dry_run, json_t *changes,
                                 int *applied, sdh_error *err)
{
    const json_t *live[MANIFEST_PART_COUNT];
    op_live_parts(m, vars, l, live);
    manifest_vars v = *vars;
    v.step_policy_arn = json_string_value(json_object_get(live[MANIFEST_STEP_POLICY], "PolicyARN"));
    json_t *desired[MANIFEST_PART_COUNT];
    sdh_status st = op_render_all(m, &v, desired, err);
    if (st != SDH_STATUS_OK)
        return st;
    plan p;
    st = plan_enable((const json_t *const *)desired, live, &p, err);
    op_desired_free(desired);
    if (st != SDH_STATUS_OK)
        return st;
    st = apply_plan(client, &p, dry_run, changes, applied, err);
    plan_free(&p);
    return st;
}

sdh_status enable_run(aws_client *client, const manifest *m, const enable_params *p, json_t **reply,
                      sdh_error *err)
{
    int min = p->min >= 0 ? (int)p->min : m->min_capacity;
    if (min == 0 && !m->part[MANIFEST_ALARM])
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", "min",
                             "min 0 with policy \"%s\", which has no step policy and alarm to "
                             "bring the endpoint back from 0: refused",
                             m->name);
    manifest_vars vars = {p->endpoint, p->variant, min, 1, NULL};
    const manifest *read[] = {m, NULL};
    live_request rq = {p->endpoint, p->variant, read, 1};
    sdh_live l;
    sdh_status st = live_read(client, &rq, &l, err);
    if (st != SDH_STATUS_OK)
        return st;
    vars.variant = l.variant;
    st = check_endpoint(m, &l, p->endpoint, min, err);
    if (st != SDH_STATUS_OK)
        goto out;
    if (p->max >= 0) {
        vars.max_capacity = (int)p->max;
    } else {
        double have = json_number_value(json_object_get(live_variant(&l), "DesiredInstanceCount"));
        vars.max_capacity = have >= 1 ? (int)have : 1;
        if (vars.max_capacity < min) {
            st = sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", "max",
                               "min is %d but the variant's desired count (the default max) is "
                               "%d: pass \"max\"",
                               min, vars.max_capacity);
            goto out;
        }
    }
    json_t *changes = json_array();
    int applied = 0;
    st = plan_and_apply(client, m, &l, &vars, p->dry_run, changes, &applied, err);
    json_t *state = op_final_state(client, &rq, m, &l, &vars, applied);
    *reply = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:i,s:i,s:o,s:o}", "endpoint", p->endpoint,
                       "variant", l.variant, "resource_id", l.resource_id, "policy", m->name,
                       "policy_source", m->source, "dry_run", p->dry_run, "min", vars.min_capacity,
                       "max", vars.max_capacity, "changes", changes, "state", state);
    if (st != SDH_STATUS_OK) {
        st = apply_outcome(st, applied, err);
    } else if (!*reply) {
        st = sdh_error_oom(err);
    }
out:
    live_free(&l);
    return st;
}

sdh_status op_enable(sdh_instance *inst, const json_t *req, json_t **reply, sdh_error *err)
{
    static const req_field spec[] = {
        {"endpoint", REQ_STRING, 1}, {"variant", REQ_STRING, 0}, {"policy", REQ_STRING, 0},
        {"min", REQ_INTEGER, 0},     {"max", REQ_INTEGER, 0},    {"dry_run", REQ_BOOLEAN, 0},
        {"region", REQ_STRING, 0},   {"profile", REQ_STRING, 0}, {NULL, REQ_ANY, 0},
    };
    enable_params p = {0};
    sdh_status st = op_check_request(req, spec, err);
    if (st == SDH_STATUS_OK)
        st = enable_check_capacity(req, &p.min, &p.max, err);
    if (st != SDH_STATUS_OK)
        return st;
    manifest m;
    aws_client *client;
    st = op_open(inst, req, &m, &client, err);
    if (st != SDH_STATUS_OK)
        return st;
    p.endpoint = req_string(req, "endpoint", NULL);
    p.variant = req_string(req, "variant", NULL);
    p.dry_run = req_boolean(req, "dry_run", 0);
    st = enable_run(client, &m, &p, reply, err);
    manifest_free(&m);
    return st;
}

/* The "disable" operation: the policies and alarms of every built-in manifest
 * and of the request's manifest (named for the resolved variant) are managed;
 * anything else on the scalable target is foreign and keeps the target
 * registered. Removal order and the stop at the first failure: plan.c, apply.c. */
#include "op_disable.h"

#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "live.h"
#include "op_common.h"
#include "plan.h"
#include "request.h"

#define MAX_MANAGED 16

typedef struct managed_set {
    char names[MAX_MANAGED][320];
    const char *list[MAX_MANAGED + 1];
    size_t n;
} managed_set;

static void add_unique(managed_set *s, const char *name)
{
    if (!name || !name[0] || s->n >= MAX_MANAGED)
        return;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            return;
    snprintf(s->names[s->n], sizeof(s->names[s->n]), "%s", name);
    s->list[s->n] = s->names[s->n];
    s->n++;
    s->list[s->n] = NULL;
}

/* The policy names of m for vars into the set. */
static void add_policies(const manifest *m, const manifest_vars *vars, managed_set *policies)
{
    char buf[320];
    add_unique(policies, manifest_part_name(m, MANIFEST_STEP_POLICY, vars, buf, sizeof(buf)));
    add_unique(policies, manifest_part_name(m, MANIFEST_TT_POLICY, vars, buf, sizeof(buf)));
}

static sdh_status restore(aws_client *client, const sdh_live *l, json_int_t count, int dry_run,
                          json_t *changes, int *applied, sdh_error *err)
{
    double desired = json_number_value(json_object_get(live_variant(l), "DesiredInstanceCount"));
    json_t *e = json_pack("{s:s,s:s}", "step", "capacity", "name", l->variant);
    if ((json_int_t)desired == count) {
        json_object_set_new(e, "action", json_string("unchanged"));
        json_array_append_new(changes, e);
        return SDH_STATUS_OK;
    }
    if (dry_run) {
        json_object_set_new(e, "action", json_string("would_update"));
        json_array_append_new(changes, e);
        return SDH_STATUS_OK;
    }
    json_t *in = json_pack(
        "{s:O,s:[{s:s,s:I}]}", "EndpointName", json_object_get(l->endpoint, "EndpointName"),
        "DesiredWeightsAndCapacities", "VariantName", l->variant, "DesiredInstanceCount", count);
    aws_call call = {.service = AWS_SERVICE_SAGEMAKER,
                     .operation = "UpdateEndpointWeightsAndCapacities",
                     .input = in};
    sdh_status st = aws_client_call(client, &call, 1);
    if (st == SDH_STATUS_OK) {
        json_object_set_new(e, "action", json_string("updated"));
        (*applied)++;
    } else {
        json_object_set_new(e, "action", json_string("not_applied"));
        json_object_set_new(e, "error", sdh_error_to_json(&call.error));
        sdh_error_copy(err, &call.error);
    }
    if (call.request_id[0])
        json_object_set_new(e, "request_id", json_string(call.request_id));
    json_array_append_new(changes, e);
    aws_call_clear(&call);
    json_decref(in);
    return st;
}

/* What the message says about restore_capacity, from the capacity step's
 * action (NULL when that step did not run). */
static const char *restore_note(int requested, const char *action)
{
    if (!requested)
        return ": pass restore_capacity N to set its instance count";
    if (!action || strcmp(action, "not_applied") == 0)
        return "; restore_capacity was not applied (see changes)";
    if (strcmp(action, "would_update") == 0)
        return "; restore_capacity would set its desired count (dry run)";
    return "; its desired count was set from restore_capacity";
}

/* The reply's "message": the variant at 0 instances, or the kept target.
 * `restore_action` is the capacity step's action, NULL when it did not run. */
static void disable_message(const sdh_live *l, int restore_requested, const char *restore_action,
                            const json_t *foreign, char *message, size_t size)
{
    const json_t *variant = live_variant(l);
    double current = json_number_value(json_object_get(variant, "CurrentInstanceCount"));
    double desired = json_number_value(json_object_get(variant, "DesiredInstanceCount"));
    message[0] = '\0';
    if (current == 0 || desired == 0)
        snprintf(message, size,
                 "variant %s is at 0 instances and nothing will scale it up any more%s", l->variant,
                 restore_note(restore_requested, restore_action));
    else if (json_array_size(foreign) > 0)
        snprintf(message, size,
                 "the scalable target stays registered: policies this plugin does not manage "
                 "remain on it (foreign_policies)");
}

sdh_status op_disable(sdh_instance *inst, const json_t *req, json_t **reply, sdh_error *err)
{
    static const req_field spec[] = {
        {"endpoint", REQ_STRING, 1}, {"variant", REQ_STRING, 0},
        {"policy", REQ_STRING, 0},   {"restore_capacity", REQ_INTEGER, 0},
        {"dry_run", REQ_BOOLEAN, 0}, {"region", REQ_STRING, 0},
        {"profile", REQ_STRING, 0},  {NULL, REQ_ANY, 0},
    };
    json_int_t restore_count = -1;
    sdh_status st = op_check_request(req, spec, err);
    if (st == SDH_STATUS_OK)
        st = req_integer_in(req, "restore_capacity", 0, OP_MAX_INSTANCES, -1, &restore_count, err);
    if (st != SDH_STATUS_OK)
        return st;
    manifest m;
    aws_client *client;
    st = op_open(inst, req, &m, &client, err);
    if (st != SDH_STATUS_OK)
        return st;
    const char *endpoint = req_string(req, "endpoint", NULL);
    int dry_run = req_boolean(req, "dry_run", 0);
    manifest_vars vars = {endpoint, req_string(req, "variant", NULL), m.min_capacity, 1, NULL};

    /* managed: what the request's manifest and every built-in one name */
    manifest builtin[LIVE_MAX_MANIFESTS];
    const manifest *all[LIVE_MAX_MANIFESTS + 1] = {&m};
    size_t n_all = 1, n_builtin = 0;
    for (const char *const *b = manifest_builtin_names(); *b && n_all < LIVE_MAX_MANIFESTS; b++) {
        sdh_error ignore;
        if (manifest_load(*b, NULL, &builtin[n_builtin], &ignore) == SDH_STATUS_OK)
            all[n_all++] = &builtin[n_builtin++];
    }
    live_request rq = {endpoint, vars.variant, all, 0};
    sdh_live l;
    plan p = {0};
    json_t *foreign = NULL;
    st = live_read(client, &rq, &l, err);
    if (st != SDH_STATUS_OK)
        goto out_manifests;
    vars.variant = l.variant;
    managed_set policies = {0};
    for (size_t i = 0; i < n_all; i++)
        add_policies(all[i], &vars, &policies);
    char names[3][320];
    const char *reported[4] = {
        manifest_part_name(&m, MANIFEST_STEP_POLICY, &vars, names[0], sizeof(names[0])),
        manifest_part_name(&m, MANIFEST_ALARM, &vars, names[1], sizeof(names[1])),
        manifest_part_name(&m, MANIFEST_TT_POLICY, &vars, names[2], sizeof(names[2])), NULL};
    plan_disable_input in = {l.resource_id, l.target, l.policies,
                             policies.list, l.alarms, reported};
    st = plan_disable(&in, &p, &foreign, err);
    if (st != SDH_STATUS_OK)
        goto out;
    json_t *changes = json_array();
    int applied = 0;
    st = apply_plan(client, &p, dry_run, changes, &applied, err);
    const char *restore_action = NULL;
    if (st == SDH_STATUS_OK && restore_count >= 0) {
        st = restore(client, &l, restore_count, dry_run, changes, &applied, err);
        restore_action = json_string_value(
            json_object_get(json_array_get(changes, json_array_size(changes) - 1), "action"));
    }
    char message[512];
    disable_message(&l, restore_count >= 0, restore_action, foreign, message, sizeof(message));
    json_t *state = op_final_state(client, &rq, &m, &l, &vars, applied);
    *reply = json_pack("{s:s,s:s,s:s,s:s,s:b,s:o,s:O,s:o}", "endpoint", endpoint, "variant",
                       l.variant, "resource_id", l.resource_id, "policy", m.name, "dry_run",
                       dry_run, "changes", changes, "foreign_policies", foreign, "state", state);
    if (*reply && message[0])
        json_object_set_new(*reply, "message", json_string(message));
    if (st != SDH_STATUS_OK)
        st = apply_outcome(st, applied, err);
    else if (!*reply)
        st = sdh_error_oom(err);
out:
    json_decref(foreign);
    plan_free(&p);
    live_free(&l);
out_manifests:
    for (size_t i = 0; i < n_builtin; i++)
        manifest_free(&builtin[i]);
    manifest_free(&m);
    return st;
}

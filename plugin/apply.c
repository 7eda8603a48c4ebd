/* Applying a plan: one write per change, in order, stop at the first failure. */
#include "apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

typedef struct write_op {
    aws_service service;
    const char *operation;
    const char *absent_code; /* delete: the error code that means "already gone" */
} write_op;

static write_op op_for(const plan_change *c)
{
    int del = c->action == PLAN_DELETE;
    switch (c->part) {
    case MANIFEST_TARGET:
        return del ? (write_op){AWS_SERVICE_AUTOSCALING, "DeregisterScalableTarget",
                                "ObjectNotFoundException"}
                   : (write_op){AWS_SERVICE_AUTOSCALING, "RegisterScalableTarget", NULL};
    case MANIFEST_ALARM:
        return del ? (write_op){AWS_SERVICE_CLOUDWATCH, "DeleteAlarms", "ResourceNotFound"}
                   : (write_op){AWS_SERVICE_CLOUDWATCH, "PutMetricAlarm", NULL};
    case MANIFEST_STEP_POLICY:
    case MANIFEST_TT_POLICY:
    default:
        return del ? (write_op){AWS_SERVICE_AUTOSCALING, "DeleteScalingPolicy",
                                "ObjectNotFoundException"}
                   : (write_op){AWS_SERVICE_AUTOSCALING, "PutScalingPolicy", NULL};
    }
}

/* New copy of `v` with "${StepPolicyARN}" replaced by arn in every string. */
static json_t *bind_arn(const json_t *v, const char *arn)
{
    if (json_is_string(v) && strcmp(json_string_value(v), MANIFEST_STEP_ARN_PLACEHOLDER) == 0)
        return json_string(arn);
    if (json_is_array(v)) {
        json_t *out = json_array();
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x) json_array_append_new(out, bind_arn(x, arn));
        return out;
    }
    if (json_is_object(v)) {
        json_t *out = json_object();
        const char *k;
        const json_t *x;
        json_object_foreach((json_t *)v, k, x) json_object_set_new(out, k, bind_arn(x, arn));
        return out;
    }
    return json_deep_copy(v);
}

static int has_placeholder(const json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT);
    int found = text && strstr(text, MANIFEST_STEP_ARN_PLACEHOLDER) != NULL;
    free(text);
    return found;
}

static json_t *entry(const plan_change *c, const char *action)
{
    return json_pack("{s:s,s:s,s:s}", "step", manifest_part_step(c->part), "name", c->name,
                     "action", action);
}

sdh_status apply_plan(aws_client *client, const plan *p, int dry_run, json_t *changes, int *applied,
                      sdh_error *err)
{
    sdh_status st = SDH_STATUS_OK;
    char step_arn[1024] = "";
    *applied = 0;
    for (size_t i = 0; i < p->n; i++) {
        const plan_change *c = &p->change[i];
        int writes = c->body && (c->action == PLAN_CREATE || c->action == PLAN_UPDATE ||
                                 c->action == PLAN_DELETE);
        if (!writes || dry_run) {
            json_array_append_new(changes, entry(c, plan_action_done(c->action, dry_run)));
            continue;
        }
        if (st != SDH_STATUS_OK) {
            json_array_append_new(changes, entry(c, "not_applied"));
            continue;
        }
        write_op w = op_for(c);
        json_t *body = json_incref(c->body);
        if (c->part == MANIFEST_ALARM && c->action != PLAN_DELETE && has_placeholder(body)) {
            if (!step_arn[0]) {
                json_decref(body);
                st = sdh_error_set(err, SDH_STATUS_INTERNAL, "Bug", NULL,
                                   "the alarm needs the step policy's ARN, which is unknown");
                json_array_append_new(changes, entry(c, "not_applied"));
                continue;
            }
            json_t *bound = bind_arn(body, step_arn);
            json_decref(body);
            body = bound;
        }
        aws_call call = {.service = w.service, .operation = w.operation, .input = body};
        sdh_status cst = aws_client_call(client, &call, 1);
        json_t *e;
        if (cst == SDH_STATUS_OK) {
            e = entry(c, plan_action_done(c->action, 0));
            (*applied)++;
            if (c->part == MANIFEST_STEP_POLICY && c->action != PLAN_DELETE) {
                const char *arn = json_string_value(json_object_get(call.output, "PolicyARN"));
                snprintf(step_arn, sizeof(step_arn), "%s", arn ? arn : "");
            }
        } else if (w.absent_code && strcmp(call.error.code, w.absent_code) == 0) {
            e = entry(c, "absent");
        } else {
            e = entry(c, "not_applied");
            sdh_error_copy(err, &call.error);
            if (err->status == SDH_STATUS_OK)
                err->status = cst;
            st = cst;
            json_t *ej = sdh_error_to_json(&call.error);
            if (ej)
                json_object_set_new(e, "error", ej);
        }
        if (call.request_id[0])
            json_object_set_new(e, "request_id", json_string(call.request_id));
        json_array_append_new(changes, e);
        aws_call_clear(&call);
        json_decref(body);
    }
    return st;
}

sdh_status apply_outcome(sdh_status st, int applied, sdh_error *err)
{
    if (st == SDH_STATUS_OK || st == SDH_STATUS_CANCELLED || applied == 0)
        return st;
    char msg[sizeof(err->message) + sizeof(err->code) + 128];
    snprintf(msg, sizeof(msg), "%d change(s) applied, then %s failed: %s; re-run to converge",
             applied, err->code[0] ? err->code : "a write", err->message);
    memcpy(err->message, msg, sizeof(err->message) - 1);
    err->message[sizeof(err->message) - 1] = '\0';
    err->status = SDH_STATUS_PARTIAL;
    return SDH_STATUS_PARTIAL;
}

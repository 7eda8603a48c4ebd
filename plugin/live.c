/* Reading live state: the describe calls for one endpoint, batched into
 * concurrent rounds. */
#include "live.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live_shape.h"

enum { C_ENDPOINT, C_CONFIG, C_TARGETS, C_POLICIES, C_ALARMS, C_COUNT };

/* DescribeScalingPolicies pages read at most (50 policies each). */
#define MAX_PAGES 100

void live_free(sdh_live *l)
{
    if (!l)
        return;
    json_decref(l->endpoint);
    json_decref(l->endpoint_config);
    json_decref(l->target);
    json_decref(l->policies);
    json_decref(l->alarms);
    memset(l, 0, sizeof(*l));
}

/* A list member from either protocol: an array, or (query protocol, empty
 * list) a string or absent -> NULL. Borrowed. */
static json_t *as_list(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_array(v) ? v : NULL;
}

json_t *live_variant_names(const json_t *endpoint)
{
    json_t *names = json_array();
    size_t i;
    const json_t *v;
    json_array_foreach(as_list(endpoint, "ProductionVariants"), i, v)
        json_array_append(names, json_object_get(v, "VariantName"));
    return names;
}

/* The item of `list` whose string member `key` is `name` (borrowed), or NULL. */
static const json_t *find_named(const json_t *list, const char *key, const char *name)
{
    size_t i;
    const json_t *x;
    json_array_foreach(list, i, x)
    {
        const char *n = json_string_value(json_object_get(x, key));
        if (n && name && strcmp(n, name) == 0)
            return x;
    }
    return NULL;
}

/* Does the array of strings `list` hold `s`? */
static int has_string(const json_t *list, const char *s)
{
    size_t i;
    const json_t *x;
    json_array_foreach(list, i, x) if (strcmp(json_string_value(x), s) == 0) return 1;
    return 0;
}

const json_t *live_policy(const sdh_live *l, const char *name)
{
    return find_named(l->policies, "PolicyName", name);
}

const json_t *live_alarm(const sdh_live *l, const char *name)
{
    return find_named(l->alarms, "AlarmName", name);
}

const json_t *live_variant(const sdh_live *l)
{
    return find_named(as_list(l->endpoint, "ProductionVariants"), "VariantName", l->variant);
}

/* Call i of a round: its input (stolen into inputs[i]) and operation. */
static void set_call(aws_call *calls, json_t **inputs, int i, aws_service service,
                     const char *operation, json_t *input)
{
    inputs[i] = input;
    calls[i] = (aws_call){.service = service, .operation = operation, .input = input};
}

static void setup_resource_calls(aws_call *calls, const char *rid, json_t **inputs)
{
    set_call(calls, inputs, C_TARGETS, AWS_SERVICE_AUTOSCALING, "DescribeScalableTargets",
             json_pack("{s:s,s:[s],s:s}", "ServiceNamespace", "sagemaker", "ResourceIds", rid,
                       "ScalableDimension", "sagemaker:variant:DesiredInstanceCount"));
    set_call(calls, inputs, C_POLICIES, AWS_SERVICE_AUTOSCALING, "DescribeScalingPolicies",
             json_pack("{s:s,s:s,s:s}", "ServiceNamespace", "sagemaker", "ResourceId", rid,
                       "ScalableDimension", "sagemaker:variant:DesiredInstanceCount"));
}

/* Move the n calls in `idx` into one round and check each reply's shape (a
 * malformed one fails its call); *failed is the first failed call's index
 * (-1 when none). */
static void round_call(aws_client *client, aws_call *calls, const int *idx, size_t n, int *failed)
{
    aws_call batch[C_COUNT];
    for (size_t i = 0; i < n; i++)
        batch[i] = calls[idx[i]];
    sdh_status st = aws_client_call(client, batch, n);
    *failed = -1;
    for (size_t i = 0; i < n; i++) {
        aws_call *c = &calls[idx[i]];
        *c = batch[i];
        if (c->error.status == SDH_STATUS_OK)
            live_check_reply(c->operation, c->output, &c->error);
        if (*failed < 0 && c->error.status != SDH_STATUS_OK)
            *failed = idx[i];
    }
    if (st != SDH_STATUS_OK && *failed < 0)
        *failed = idx[0];
}

static sdh_status call_error(const aws_call *c, sdh_error *err)
{
    sdh_error_copy(err, &c->error);
    if (err->status == SDH_STATUS_OK)
        sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "Error", NULL, "%s failed", c->operation);
    return err->status;
}

static sdh_status endpoint_error(const aws_call *c, const char *endpoint, sdh_error *err)
{
    if (strcmp(c->error.code, "ValidationException") == 0 &&
        strstr(c->error.message, "Could not find endpoint")) {
        sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "EndpointNotFound", "endpoint",
                      "endpoint \"%s\" does not exist in this account and region", endpoint);
        snprintf(err->request_id, sizeof(err->request_id), "%s", c->request_id);
        return err->status;
    }
    return call_error(c, err);
}

static sdh_status resolve_variant(sdh_live *l, const char *asked, sdh_error *err)
{
    json_t *names = live_variant_names(l->endpoint);
    char *list = json_dumps(names, JSON_COMPACT);
    const char *status = json_string_value(json_object_get(l->endpoint, "EndpointStatus"));
    const char *endpoint = json_string_value(json_object_get(l->endpoint, "EndpointName"));
    sdh_status st = SDH_STATUS_OK;
    if (json_array_size(names) == 0 && strcmp(status, "InService") != 0) {
        st = sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "EndpointNotInService", "endpoint",
                           "endpoint \"%s\" is %s and has no variants yet; autoscaling needs "
                           "an InService endpoint (\"deployed\" waits for it)",
                           endpoint, status);
    } else if (json_array_size(names) == 0) {
        st = sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "MalformedResponse",
                           "DescribeEndpoint.ProductionVariants",
                           "the DescribeEndpoint reply for InService endpoint \"%s\" lists no "
                           "ProductionVariants",
                           endpoint);
    } else if (asked) {
        snprintf(l->variant, sizeof(l->variant), "%s", asked);
        if (!live_variant(l))
            st = sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", "variant",
                               "endpoint has no variant \"%s\"; its variants: %s", asked,
                               list ? list : "?");
    } else if (json_array_size(names) == 1) {
        snprintf(l->variant, sizeof(l->variant), "%s", json_string_value(json_array_get(names, 0)));
    } else {
        st = sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", "variant",
                           "the endpoint has %zu variants %s: name one with \"variant\"",
                           json_array_size(names), list ? list : "?");
    }
    free(list);
    json_decref(names);
    return st;
}

/* Fetch further pages of DescribeScalingPolicies (rare: > 50 policies), at
 * most MAX_PAGES in all so a server repeating its NextToken cannot loop us. */
static sdh_status more_policies(aws_client *client, const char *rid, json_t *policies,
                                const char *token, sdh_error *err, int *rounds)
{
    char next[2048];
    snprintf(next, sizeof(next), "%s", token);
    for (int page = 1; next[0]; page++) {
        if (page >= MAX_PAGES)
            return sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "MalformedResponse",
                                 "DescribeScalingPolicies.NextToken",
                                 "DescribeScalingPolicies still returns a NextToken after %d "
                                 "pages",
                                 MAX_PAGES);
        json_t *in = json_pack("{s:s,s:s,s:s,s:s}", "ServiceNamespace", "sagemaker", "ResourceId",
                               rid, "ScalableDimension", "sagemaker:variant:DesiredInstanceCount",
                               "NextToken", next);
        aws_call c = {.service = AWS_SERVICE_AUTOSCALING,
                      .operation = "DescribeScalingPolicies",
                      .input = in};
        sdh_status st = aws_client_call(client, &c, 1);
        (*rounds)++;
        json_decref(in);
        if (st == SDH_STATUS_OK)
            st = live_check_reply(c.operation, c.output, &c.error);
        if (st != SDH_STATUS_OK) {
            call_error(&c, err);
            aws_call_clear(&c);
            return st;
        }
        json_t *more = as_list(c.output, "ScalingPolicies");
        if (more)
            json_array_extend(policies, more);
        const char *t = json_string_value(json_object_get(c.output, "NextToken"));
        snprintf(next, sizeof(next), "%s", t ? t : "");
        aws_call_clear(&c);
    }
    return SDH_STATUS_OK;
}

/* The DescribeAlarms call for the alarms rq's manifests name for `variant`;
 * nothing when they name none. */
static void setup_alarm_call(aws_call *calls, const live_request *rq, const char *variant,
                             json_t **inputs, int *idx, size_t *n)
{
    json_t *names = json_array();
    char name[320];
    for (size_t i = 0; rq->manifests && rq->manifests[i] && i < LIVE_MAX_MANIFESTS; i++) {
        manifest_vars vars = {rq->endpoint, variant, 0, 1, NULL};
        manifest_part_name(rq->manifests[i], MANIFEST_ALARM, &vars, name, sizeof(name));
        if (name[0] && !has_string(names, name))
            json_array_append_new(names, json_string(name));
    }
    if (json_array_size(names) > 0) {
        set_call(calls, inputs, C_ALARMS, AWS_SERVICE_CLOUDWATCH, "DescribeAlarms",
                 json_pack("{s:O}", "AlarmNames", names));
        idx[(*n)++] = C_ALARMS;
    }
    json_decref(names);
}

sdh_status live_read(aws_client *client, const live_request *rq, sdh_live *out, sdh_error *err)
{
    memset(out, 0, sizeof(*out));
    aws_call calls[C_COUNT];
    json_t *inputs[C_COUNT] = {0};
    memset(calls, 0, sizeof(calls));
    int idx[C_COUNT], failed = -1;
    size_t n = 0;
    sdh_status st = SDH_STATUS_OK;

    /* round 1: the endpoint, and (variant named) the resource and the alarms */
    set_call(calls, inputs, C_ENDPOINT, AWS_SERVICE_SAGEMAKER, "DescribeEndpoint",
             json_pack("{s:s}", "EndpointName", rq->endpoint));
    idx[n++] = C_ENDPOINT;
    if (rq->variant) {
        manifest_resource_id(rq->endpoint, rq->variant, out->resource_id, sizeof(out->resource_id));
        setup_resource_calls(calls, out->resource_id, inputs);
        idx[n++] = C_TARGETS;
        idx[n++] = C_POLICIES;
        setup_alarm_call(calls, rq, rq->variant, inputs, idx, &n);
    }
    round_call(client, calls, idx, n, &failed);
    out->rounds = 1;
    if (calls[C_ENDPOINT].error.status != SDH_STATUS_OK || !calls[C_ENDPOINT].output) {
        st = endpoint_error(&calls[C_ENDPOINT], rq->endpoint, err);
        goto out;
    }
    if (failed >= 0) {
        st = call_error(&calls[failed], err);
        goto out;
    }
    out->endpoint = json_incref(calls[C_ENDPOINT].output);
    st = resolve_variant(out, rq->variant, err);
    if (st != SDH_STATUS_OK)
        goto out;
    manifest_resource_id(rq->endpoint, out->variant, out->resource_id, sizeof(out->resource_id));

    /* round 2: the config (needs its name), and what needed the variant */
    n = 0;
    const char *config_name =
        json_string_value(json_object_get(out->endpoint, "EndpointConfigName"));
    if (rq->want_config && config_name) {
        set_call(calls, inputs, C_CONFIG, AWS_SERVICE_SAGEMAKER, "DescribeEndpointConfig",
                 json_pack("{s:s}", "EndpointConfigName", config_name));
        idx[n++] = C_CONFIG;
    }
    if (!rq->variant) {
        setup_resource_calls(calls, out->resource_id, inputs);
        idx[n++] = C_TARGETS;
        idx[n++] = C_POLICIES;
        setup_alarm_call(calls, rq, out->variant, inputs, idx, &n);
    }
    if (n > 0) {
        round_call(client, calls, idx, n, &failed);
        out->rounds++;
        if (failed >= 0) {
            st = call_error(&calls[failed], err);
            goto out;
        }
    }
    if (calls[C_CONFIG].output)
        out->endpoint_config = json_incref(calls[C_CONFIG].output);
    out->async = json_is_object(json_object_get(out->endpoint, "AsyncInferenceConfig")) ||
                 json_is_object(json_object_get(out->endpoint_config, "AsyncInferenceConfig"));
    json_t *targets = as_list(calls[C_TARGETS].output, "ScalableTargets");
    out->target = json_array_size(targets) ? json_incref(json_array_get(targets, 0)) : NULL;
    json_t *pol = as_list(calls[C_POLICIES].output, "ScalingPolicies");
    out->policies = pol ? json_deep_copy(pol) : json_array();
    json_t *al = as_list(calls[C_ALARMS].output, "MetricAlarms");
    out->alarms = al ? json_incref(al) : json_array();
    const char *token = json_string_value(json_object_get(calls[C_POLICIES].output, "NextToken"));
    if (token && token[0])
        st = more_policies(client, out->resource_id, out->policies, token, err, &out->rounds);
out:
    for (int i = 0; i < C_COUNT; i++) {
        aws_call_clear(&calls[i]);
        json_decref(inputs[i]);
    }
    if (st != SDH_STATUS_OK)
        live_free(out);
    return st;
}

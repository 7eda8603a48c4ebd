/* Shape checks of the describe replies: one table of members per operation. */
#include "live_shape.h"

#include <stdio.h>
#include <string.h>

typedef enum shape_type { SH_STRING, SH_INT, SH_OBJECT, SH_LIST } shape_type;

typedef struct shape {
    const char *member;
    shape_type type;
    int required;
    const struct shape *items; /* SH_LIST: the members of each item (objects), or NULL */
} shape;

#define SHAPE_END                                                                                  \
    {                                                                                              \
        NULL, SH_STRING, 0, NULL                                                                   \
    }

static const shape variant[] = {
    {"VariantName", SH_STRING, 1, NULL},
    {"CurrentInstanceCount", SH_INT, 0, NULL},
    {"DesiredInstanceCount", SH_INT, 0, NULL},
    SHAPE_END,
};
static const shape endpoint[] = {
    {"EndpointName", SH_STRING, 1, NULL},
    {"EndpointStatus", SH_STRING, 1, NULL},
    {"EndpointConfigName", SH_STRING, 0, NULL},
    {"FailureReason", SH_STRING, 0, NULL},
    {"AsyncInferenceConfig", SH_OBJECT, 0, NULL},
    {"ProductionVariants", SH_LIST, 0, variant},
    SHAPE_END,
};
static const shape endpoint_config[] = {
    {"AsyncInferenceConfig", SH_OBJECT, 0, NULL},
    SHAPE_END,
};
static const shape target[] = {
    {"ResourceId", SH_STRING, 1, NULL},
    {"MinCapacity", SH_INT, 1, NULL},
    {"MaxCapacity", SH_INT, 1, NULL},
    SHAPE_END,
};
static const shape targets[] = {
    {"ScalableTargets", SH_LIST, 0, target},
    {"NextToken", SH_STRING, 0, NULL},
    SHAPE_END,
};
static const shape policy[] = {
    {"PolicyName", SH_STRING, 1, NULL},
    {"PolicyType", SH_STRING, 1, NULL},
    {"PolicyARN", SH_STRING, 1, NULL},
    {"Alarms", SH_LIST, 0, NULL},
    SHAPE_END,
};
static const shape policies[] = {
    {"ScalingPolicies", SH_LIST, 0, policy},
    {"NextToken", SH_STRING, 0, NULL},
    SHAPE_END,
};
static const shape alarm[] = {
    {"AlarmName", SH_STRING, 1, NULL},
    {"AlarmActions", SH_LIST, 0, NULL},
    SHAPE_END,
};
static const shape alarms[] = {
    {"MetricAlarms", SH_LIST, 0, alarm},
    SHAPE_END,
};

static const struct {
    const char *operation;
    const shape *members;
} replies[] = {
    {"DescribeEndpoint", endpoint},       {"DescribeEndpointConfig", endpoint_config},
    {"DescribeScalableTargets", targets}, {"DescribeScalingPolicies", policies},
    {"DescribeAlarms", alarms},
};

static const char *type_text(shape_type t)
{
    switch (t) {
    case SH_STRING:
        return "a string";
    case SH_INT:
        return "an integer";
    case SH_OBJECT:
        return "an object";
    case SH_LIST:
        return "a list";
    }
    return "a value";
}

static int type_ok(const json_t *v, shape_type t)
{
    switch (t) {
    case SH_STRING:
        return json_is_string(v);
    case SH_INT:
        return json_is_integer(v);
    case SH_OBJECT:
        return json_is_object(v);
    case SH_LIST:
        return json_is_array(v) || (json_is_string(v) && json_string_length(v) == 0);
    }
    return 0;
}

static sdh_status malformed(const char *operation, const char *path, const char *reason,
                            sdh_error *err)
{
    char field[200];
    snprintf(field, sizeof(field), "%s%s%s", operation, path[0] ? "." : "", path);
    return sdh_error_set(err, SDH_STATUS_REMOTE_ERROR, "MalformedResponse", field,
                         "the %s reply is not what the AWS API returns: %s %s", operation,
                         path[0] ? path : "the body", reason);
}

static sdh_status check_object(const char *operation, const char *path, const json_t *obj,
                               const shape *members, sdh_error *err)
{
    char sub[160];
    if (!json_is_object(obj))
        return malformed(operation, path, "must be an object", err);
    for (const shape *m = members; m->member; m++) {
        snprintf(sub, sizeof(sub), "%s%s%s", path, path[0] ? "." : "", m->member);
        const json_t *v = json_object_get(obj, m->member);
        if (!v) {
            if (m->required)
                return malformed(operation, sub, "is missing", err);
            continue;
        }
        if (!type_ok(v, m->type)) {
            char reason[64];
            snprintf(reason, sizeof(reason), "must be %s", type_text(m->type));
            return malformed(operation, sub, reason, err);
        }
        if (m->type != SH_LIST || !m->items || !json_is_array(v))
            continue;
        size_t i;
        const json_t *item;
        json_array_foreach(v, i, item)
        {
            char at[192];
            snprintf(at, sizeof(at), "%s[%zu]", sub, i);
            sdh_status st = check_object(operation, at, item, m->items, err);
            if (st != SDH_STATUS_OK)
                return st;
        }
    }
    return SDH_STATUS_OK;
}

sdh_status live_check_reply(const char *operation, const json_t *out, sdh_error *err)
{
    for (size_t i = 0; i < sizeof(replies) / sizeof(replies[0]); i++)
        if (strcmp(replies[i].operation, operation) == 0)
            return check_object(operation, "", out, replies[i].members, err);
    return SDH_STATUS_OK;
}

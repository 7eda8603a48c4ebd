/* The --output text summary: one line per change, variant, policy and drift,
 * and the error line. Tolerant: anything absent or mistyped is skipped. */
#include <stdio.h>
#include <string.h>

#include "output.h"

/* A member as text: strings as they are, other scalars as JSON; `dflt` when
 * absent or not a scalar. The result lives in buf or the reply. */
static const char *str(const json_t *obj, const char *key, const char *dflt, char *buf, size_t cap)
{
    const json_t *v = json_object_get(obj, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    }
    if (json_is_real(v)) {
        snprintf(buf, cap, "%g", json_real_value(v));
        return buf;
    }
    if (json_is_boolean(v))
        return json_is_true(v) ? "yes" : "no";
    return dflt;
}

static void print_error(const json_t *reply)
{
    char b1[64], b2[64], b3[64], b4[64];
    const json_t *e = json_object_get(reply, "error");
    const char *code = str(e, "code", "Error", b1, sizeof(b1));
    const char *status = str(reply, "status", "failed", b2, sizeof(b2));
    const char *message = str(e, "message", "", b3, sizeof(b3));
    const char *field = str(e, "field", NULL, b4, sizeof(b4));
    printf("error: %s (%s): %s", code, status, message);
    if (field)
        printf(" [field %s]", field);
    putchar('\n');
}

static void print_changes(const json_t *reply)
{
    const json_t *changes = json_object_get(reply, "changes");
    size_t i;
    const json_t *c;
    char b1[64], b2[64], b3[64], b4[64];
    json_array_foreach(changes, i, c)
    {
        const char *rid = str(c, "request_id", NULL, b4, sizeof(b4));
        printf("%-22s %-14s %s%s%s%s\n", str(c, "step", "?", b1, sizeof(b1)),
               str(c, "action", "?", b2, sizeof(b2)), str(c, "name", "", b3, sizeof(b3)),
               rid ? " (request " : "", rid ? rid : "", rid ? ")" : "");
    }
}

static void print_endpoint(const json_t *ep)
{
    char b1[64], b2[64], b3[64];
    const json_t *v;
    size_t i;
    printf("endpoint %s: %s%s\n", str(ep, "name", "?", b1, sizeof(b1)),
           str(ep, "status", "?", b2, sizeof(b2)),
           json_is_true(json_object_get(ep, "async")) ? " (asynchronous)" : "");
    json_array_foreach(json_object_get(ep, "variants"), i, v)
    {
        printf("variant %s: %s instances (desired %s)\n", str(v, "name", "?", b1, sizeof(b1)),
               str(v, "current_instance_count", "?", b2, sizeof(b2)),
               str(v, "desired_instance_count", "?", b3, sizeof(b3)));
    }
}

static void print_status(const json_t *reply)
{
    char b1[64], b2[64], b3[64], b4[64];
    const json_t *ep = json_object_get(reply, "endpoint");
    const json_t *v;
    size_t i;
    if (json_is_object(ep))
        print_endpoint(ep);
    const json_t *target = json_object_get(reply, "scalable_target");
    if (json_is_object(target))
        printf("scalable target: min %s, max %s\n",
               str(target, "MinCapacity", str(target, "min", "?", b3, sizeof(b3)), b1, sizeof(b1)),
               str(target, "MaxCapacity", str(target, "max", "?", b4, sizeof(b4)), b2, sizeof(b2)));
    else if (json_object_get(reply, "scalable_target"))
        printf("scalable target: none\n");
    json_array_foreach(json_object_get(reply, "ScalingPolicies"), i, v)
    {
        printf("policy %s (%s)\n", str(v, "PolicyName", "?", b1, sizeof(b1)),
               str(v, "PolicyType", "?", b2, sizeof(b2)));
    }
    const json_t *alarm = json_object_get(reply, "alarm");
    if (json_is_object(alarm))
        printf("alarm %s: %s\n", str(alarm, "AlarmName", "?", b1, sizeof(b1)),
               str(alarm, "StateValue", "?", b2, sizeof(b2)));
    else if (alarm)
        printf("alarm: none\n");
    if (json_object_get(reply, "enabled"))
        printf("enabled: %s\n", str(reply, "enabled", "?", b1, sizeof(b1)));
    if (json_object_get(reply, "in_sync"))
        printf("in sync: %s\n", str(reply, "in_sync", "?", b1, sizeof(b1)));
    json_array_foreach(json_object_get(reply, "drifts"), i, v)
    {
        printf("drift %s: wanted %s, found %s\n", str(v, "field", "?", b1, sizeof(b1)),
               str(v, "wanted", "?", b2, sizeof(b2)), str(v, "found", "?", b3, sizeof(b3)));
    }
}

static void print_info(const json_t *reply)
{
    char b1[64], b2[64], b3[64];
    const json_t *op;
    size_t i;
    printf("plugin %s %s (ABI %s)\n", str(reply, "name", "?", b1, sizeof(b1)),
           str(reply, "version", "?", b2, sizeof(b2)), str(reply, "abi", "?", b3, sizeof(b3)));
    json_array_foreach(json_object_get(reply, "ops"), i, op)
    {
        printf("  %-10s %s\n", str(op, "op", "?", b1, sizeof(b1)),
               str(op, "summary", "", b2, sizeof(b2)));
    }
}

int output_text(const json_t *reply)
{
    char b1[64], b2[64];
    int ok = json_is_true(json_object_get(reply, "ok"));
    if (json_is_array(json_object_get(reply, "ops")))
        print_info(reply);
    else if (json_is_object(json_object_get(reply, "endpoint")) ||
             json_object_get(reply, "ScalingPolicies") || json_object_get(reply, "drifts"))
        print_status(reply);
    else if (json_is_string(json_object_get(reply, "endpoint")))
        printf("endpoint %s, variant %s\n", str(reply, "endpoint", "?", b1, sizeof(b1)),
               str(reply, "variant", "?", b2, sizeof(b2)));
    print_changes(reply);
    if (json_object_get(reply, "message"))
        printf("%s\n", str(reply, "message", "", b1, sizeof(b1)));
    if (!ok)
        print_error(reply);
    else if (!json_object_get(reply, "changes") && !json_object_get(reply, "ops") &&
             !json_object_get(reply, "endpoint"))
        printf("ok\n");
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

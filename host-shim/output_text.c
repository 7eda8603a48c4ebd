/* The --output text summary: one line per change, variant, policy, drift,
 * warning and foreign policy, then the message and the error line. Tolerant:
 * anything absent or mistyped is skipped or shown as "?". Values from the
 * reply have control characters replaced, so each item stays one line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

/* Print `s` with control characters (tab included) shown as '?'. */
static void put_clean(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        putchar(*p < 0x20 || *p == 0x7f ? '?' : *p);
}

/* Print a value: strings as they are, numbers as numbers, booleans as
 * yes/no, null as "none", objects and arrays as compact JSON; `dflt` when
 * `v` is NULL (absent). */
static void put_value(const json_t *v, const char *dflt)
{
    if (!v) {
        fputs(dflt, stdout);
    } else if (json_is_string(v)) {
        put_clean(json_string_value(v));
    } else if (json_is_integer(v)) {
        printf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_real(v)) {
        printf("%g", json_real_value(v));
    } else if (json_is_boolean(v)) {
        fputs(json_is_true(v) ? "yes" : "no", stdout);
    } else if (json_is_null(v)) {
        fputs("none", stdout);
    } else {
        char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        put_clean(text ? text : "?");
        free(text);
    }
}

/* Print obj[key] (see put_value). */
static void put(const json_t *obj, const char *key, const char *dflt)
{
    put_value(json_object_get(obj, key), dflt);
}

/* When obj[key] is present: `before`, its value, `after`. */
static void put_if(const json_t *obj, const char *key, const char *before, const char *after)
{
    const json_t *v = json_object_get(obj, key);
    if (v) {
        fputs(before, stdout);
        put_value(v, "");
        fputs(after, stdout);
    }
}

/* Print `tmpl` with each "{key}" replaced by obj[key] (see put_value; "?"
 * when absent). */
static void put_template(const json_t *obj, const char *tmpl)
{
    char key[64];
    for (const char *p = tmpl; *p; p++) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (!close || (size_t)(close - p) > sizeof(key)) {
            putchar(*p);
            continue;
        }
        snprintf(key, sizeof(key), "%.*s", (int)(close - p - 1), p + 1);
        put(obj, key, "?");
        p = close;
    }
}

/* Print obj[key] left-aligned in `width` columns (strings only). */
static void put_padded(const json_t *obj, const char *key, int width)
{
    const char *s = json_string_value(json_object_get(obj, key));
    int n = s ? (int)strlen(s) : 1;
    put_value(s ? json_object_get(obj, key) : NULL, "?");
    printf("%*s", n < width ? width - n : 1, "");
}

static void print_error(const json_t *reply)
{
    const json_t *e = json_object_get(reply, "error");
    fputs("error: ", stdout);
    put(e, "code", "Error");
    fputs(" (", stdout);
    put(reply, "status", "failed");
    fputs("): ", stdout);
    put(e, "message", "");
    put_if(e, "field", " [field ", "]");
    putchar('\n');
}

static void print_changes(const json_t *reply)
{
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(reply, "changes"), i, c)
    {
        put_padded(c, "step", 23);
        put_padded(c, "action", 15);
        put(c, "name", "");
        put_if(c, "request_id", " (request ", ")");
        const json_t *e = json_object_get(c, "error");
        if (e) {
            fputs(": ", stdout);
            put_value(json_is_object(e) ? json_object_get(e, "code") : e, "error");
        }
        putchar('\n');
    }
}

static void print_endpoint(const json_t *ep)
{
    const json_t *v;
    size_t i;
    put_template(ep, "endpoint {name}: {status}");
    puts(json_is_true(json_object_get(ep, "async")) ? " (asynchronous)" : "");
    json_array_foreach(json_object_get(ep, "variants"), i, v)
    {
        put_template(v, "variant {name}: {current_instance_count} instances "
                        "(desired {desired_instance_count})\n");
    }
}

static void print_status(const json_t *reply)
{
    const json_t *v;
    size_t i;
    const json_t *ep = json_object_get(reply, "endpoint");
    if (json_is_object(ep))
        print_endpoint(ep);
    const json_t *target = json_object_get(reply, "scalable_target");
    if (json_is_object(target))
        put_template(target, "scalable target: min {MinCapacity}, max {MaxCapacity}\n");
    else if (target)
        puts("scalable target: none");
    json_array_foreach(json_object_get(reply, "ScalingPolicies"), i, v)
    {
        put_template(v, "policy {PolicyName} ({PolicyType})\n");
    }
    const json_t *alarm = json_object_get(reply, "alarm");
    if (json_is_object(alarm))
        put_template(alarm, "alarm {AlarmName}: {StateValue}\n");
    else if (alarm)
        puts("alarm: none");
    if (json_object_get(reply, "enabled"))
        put_template(reply, "enabled: {enabled}\n");
    if (json_object_get(reply, "in_sync"))
        put_template(reply, "in sync: {in_sync}\n");
    json_array_foreach(json_object_get(reply, "drifts"), i, v)
    {
        put_template(v, "drift {field}: wanted {wanted}, found {found}\n");
    }
}

/* One "<prefix><item>" line per member of the array reply[key]. */
static void print_list(const json_t *reply, const char *key, const char *prefix, const char *suffix)
{
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(reply, key), i, v)
    {
        fputs(prefix, stdout);
        put_value(v, "?");
        puts(suffix);
    }
}

static void print_info(const json_t *reply)
{
    const json_t *op;
    size_t i;
    put_template(reply, "plugin {name} {version} (ABI {abi})\n");
    json_array_foreach(json_object_get(reply, "ops"), i, op)
    {
        fputs("  ", stdout);
        put_padded(op, "op", 11);
        put(op, "summary", "");
        putchar('\n');
    }
}

int output_text(const json_t *reply)
{
    int ok = json_is_true(json_object_get(reply, "ok"));
    int described = 1;
    if (json_is_array(json_object_get(reply, "ops"))) {
        print_info(reply);
    } else if (json_is_object(json_object_get(reply, "endpoint")) ||
               json_object_get(reply, "ScalingPolicies") || json_object_get(reply, "drifts")) {
        print_status(reply);
    } else if (json_is_string(json_object_get(reply, "endpoint"))) {
        put_template(reply, "endpoint {endpoint}");
        put_if(reply, "variant", ", variant ", "");
        putchar('\n');
    } else {
        described = json_object_get(reply, "changes") != NULL;
    }
    print_changes(reply);
    print_list(reply, "foreign_policies", "foreign policy ", " (kept)");
    print_list(reply, "warnings", "warning: ", "");
    if (json_object_get(reply, "message")) {
        put(reply, "message", "");
        putchar('\n');
    }
    if (!ok)
        print_error(reply);
    else if (!described)
        puts("ok");
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : -1;
}

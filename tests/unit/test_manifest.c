/* Unit tests for policy manifests: the built-in ones load, rendering fills the
 * placeholders, and every validation error names the source and the field. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "manifest.h"
#include "manifest_builtin.h"
#include "tap.h"

static json_t *builtin_doc(const char *name)
{
    for (const manifest_builtin *b = sdh_manifest_builtins; b->name; b++)
        if (strcmp(b->name, name) == 0)
            return json_loadb(b->text, b->len, 0, NULL);
    return NULL;
}

/* Parse `doc` (stolen) as "test.json"; return the status and fill err. */
static sdh_status parse_doc(json_t *doc, sdh_error *err)
{
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    manifest m;
    sdh_error_clear(err);
    sdh_status st = manifest_parse(text, strlen(text), "test.json", &m, err);
    if (st == SDH_STATUS_OK)
        manifest_free(&m);
    free(text);
    return st;
}

/* Expect a validation error at `field` for the documented manifest changed by
 * setting `path` (dot path of objects) to `value` (stolen; NULL deletes). */
static void expect_error(const char *what, const char *path, json_t *value, const char *field)
{
    json_t *doc = builtin_doc("documented");
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    json_t *obj = doc;
    char *key = buf, *dot;
    while ((dot = strchr(key, '.')) != NULL) {
        *dot = '\0';
        obj = json_object_get(obj, key);
        key = dot + 1;
    }
    if (value)
        json_object_set_new(obj, key, value);
    else
        json_object_del(obj, key);
    sdh_error err;
    sdh_status st = parse_doc(doc, &err);
    char label[300];
    snprintf(label, sizeof(label), "%s: refused", what);
    CHECK_INT_EQ(st, SDH_STATUS_INVALID_INPUT, label);
    snprintf(label, sizeof(label), "%s: field", what);
    CHECK_STR_EQ(err.field, field, label);
    snprintf(label, sizeof(label), "%s: code", what);
    CHECK_STR_EQ(err.code, "InvalidManifest", label);
    snprintf(label, sizeof(label), "%s: message names the file and field", what);
    CHECK(strncmp(err.message, "test.json: ", 11) == 0 && strstr(err.message, field), label);
    if (strncmp(err.message, "test.json: ", 11) != 0 || !strstr(err.message, field))
        printf("#   message: %s\n", err.message);
}

static void test_builtins(void)
{
    const char *names[] = {"documented", "backlog", "realtime"};
    for (int i = 0; i < 3; i++) {
        manifest m;
        sdh_error err;
        sdh_error_clear(&err);
        sdh_status st = manifest_load(names[i], NULL, &m, &err);
        CHECK_INT_EQ(st, SDH_STATUS_OK, names[i]);
        if (st != SDH_STATUS_OK)
            printf("#   %s\n", err.message);
        CHECK_STR_EQ(m.name, names[i], "name matches");
        manifest_free(&m);
    }
    manifest m;
    sdh_error err;
    CHECK_INT_EQ(manifest_load(NULL, NULL, &m, &err), SDH_STATUS_OK, "default loads");
    CHECK_STR_EQ(m.name, "documented", "default is documented");
    CHECK_STR_EQ(m.source, "builtin:documented", "source of a built-in");
    CHECK_INT_EQ(m.min_capacity, 0, "documented min 0");
    CHECK_INT_EQ(m.endpoint_type, MANIFEST_ENDPOINT_ASYNC, "documented needs async");
    for (int p = 0; p < MANIFEST_PART_COUNT; p++)
        CHECK(m.part[p] != NULL, "documented has every part");
    manifest_free(&m);

    CHECK_INT_EQ(manifest_load("realtime", NULL, &m, &err), SDH_STATUS_OK, "realtime loads");
    CHECK_INT_EQ(m.min_capacity, 1, "realtime min 1");
    CHECK(m.part[MANIFEST_ALARM] == NULL && m.part[MANIFEST_STEP_POLICY] == NULL,
          "realtime has no step policy or alarm");
    manifest_free(&m);

    sdh_error_clear(&err);
    CHECK_INT_EQ(manifest_load("nosuch", NULL, &m, &err), SDH_STATUS_INVALID_INPUT,
                 "unknown name refused");
    CHECK_STR_EQ(err.field, "policy", "unknown name: field policy");
    sdh_error_clear(&err);
    CHECK_INT_EQ(manifest_load("/nonexistent/x.json", NULL, &m, &err), SDH_STATUS_INVALID_INPUT,
                 "missing file refused");
    CHECK(strstr(err.message, "/nonexistent/x.json") != NULL, "missing file: message names it");
}

static void test_file(void)
{
    char dir[] = "/tmp/sdh-manifest-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "temp dir");
    char path[300];
    snprintf(path, sizeof(path), "%s/m.json", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0, "temp file");
    if (fd < 0)
        return;
    const char *text =
        "{\"format\":1,\"name\":\"x\",\"endpoint_type\":\"async\",\"min_capacity\":0,"
        "\"scalable_target\":{}}";
    CHECK_INT_EQ(write(fd, text, strlen(text)), (long long)strlen(text), "write");
    close(fd);
    manifest m;
    sdh_error err;
    sdh_error_clear(&err);
    CHECK_INT_EQ(manifest_load(path, NULL, &m, &err), SDH_STATUS_INVALID_INPUT, "bad file refused");
    CHECK(strncmp(err.message, path, strlen(path)) == 0, "message starts with the file path");
    CHECK_STR_EQ(err.field, "scalable_target.ServiceNamespace", "field of the file error");

    /* a valid copy of documented loads from a path, and through policy_dir */
    json_t *doc = builtin_doc("documented");
    json_object_set_new(doc, "name", json_string("mine"));
    json_dump_file(doc, path, 0);
    json_decref(doc);
    sdh_error_clear(&err);
    CHECK_INT_EQ(manifest_load(path, NULL, &m, &err), SDH_STATUS_OK, "file loads");
    CHECK_STR_EQ(m.name, "mine", "file manifest name");
    CHECK_STR_EQ(m.source, path, "file manifest source");
    manifest_free(&m);
    manifest_free(&m);
    CHECK_INT_EQ(manifest_load("m", dir, &m, &err), SDH_STATUS_OK, "name found in policy_dir");
    CHECK_STR_EQ(m.source, path, "policy_dir source");
    manifest_free(&m);

    /* a file over the 256 KiB limit is refused without being parsed */
    FILE *f = fopen(path, "w");
    CHECK(f != NULL, "big temp file");
    if (f) {
        fputs("{\"description\":\"", f);
        for (int i = 0; i < 300 * 1024; i++)
            fputc('x', f);
        fputs("\"}", f);
        fclose(f);
    }
    sdh_error_clear(&err);
    CHECK_INT_EQ(manifest_load(path, NULL, &m, &err), SDH_STATUS_INVALID_INPUT,
                 "too large a file refused");
    CHECK(strstr(err.message, "larger than") != NULL && strstr(err.message, path) != NULL,
          "too large: message names the file and the limit");
    CHECK_STR_EQ(err.field, "policy", "too large: field policy");
    unlink(path);
    rmdir(dir);
}

static void test_render(void)
{
    manifest m;
    sdh_error err;
    manifest_load("documented", NULL, &m, &err);
    manifest_vars v = {"ep-1", "prod", 0, 3, NULL};
    json_t *t = NULL, *al = NULL, *tt = NULL;
    CHECK_INT_EQ(manifest_render(&m, MANIFEST_TARGET, &v, &t, &err), SDH_STATUS_OK,
                 "render target");
    CHECK(json_is_integer(json_object_get(t, "MinCapacity")), "MinCapacity is a number");
    CHECK_INT_EQ(json_integer_value(json_object_get(t, "MinCapacity")), 0, "MinCapacity 0");
    CHECK_INT_EQ(json_integer_value(json_object_get(t, "MaxCapacity")), 3, "MaxCapacity 3");
    CHECK_STR_EQ(json_string_value(json_object_get(t, "ResourceId")), "endpoint/ep-1/variant/prod",
                 "ResourceId");
    manifest_render(&m, MANIFEST_ALARM, &v, &al, &err);
    CHECK_STR_EQ(json_string_value(json_object_get(al, "AlarmName")),
                 "ep-1-HasBacklogWithoutCapacity-Alarm", "alarm named per endpoint");
    CHECK_STR_EQ(json_string_value(json_array_get(json_object_get(al, "AlarmActions"), 0)),
                 "${StepPolicyARN}", "unknown ARN stays a placeholder");
    CHECK_STR_EQ(json_string_value(json_object_get(
                     json_array_get(json_object_get(al, "Dimensions"), 0), "Value")),
                 "ep-1", "alarm dimension EndpointName");
    json_decref(al);
    v.step_policy_arn = "arn:aws:autoscaling:us-east-1:1:scalingPolicy:x";
    manifest_render(&m, MANIFEST_ALARM, &v, &al, &err);
    CHECK_STR_EQ(json_string_value(json_array_get(json_object_get(al, "AlarmActions"), 0)),
                 v.step_policy_arn, "ARN rendered");
    CHECK_INT_EQ(json_integer_value(json_object_get(al, "Period")), 60, "Period kept");
    manifest_render(&m, MANIFEST_TT_POLICY, &v, &tt, &err);
    json_t *dims = json_object_get(
        json_object_get(json_object_get(tt, "TargetTrackingScalingPolicyConfiguration"),
                        "CustomizedMetricSpecification"),
        "Dimensions");
    CHECK_STR_EQ(json_string_value(json_object_get(json_array_get(dims, 1), "Value")), "prod",
                 "tt dimension VariantName");
    char name[300];
    CHECK_STR_EQ(manifest_part_name(&m, MANIFEST_TT_POLICY, &v, name, sizeof(name)),
                 "CPUUtil-ScalingPolicy", "tt policy name");
    CHECK_STR_EQ(manifest_part_name(&m, MANIFEST_ALARM, &v, name, sizeof(name)),
                 "ep-1-HasBacklogWithoutCapacity-Alarm", "alarm name");

    /* a 63-character endpoint still fits; names are checked after rendering */
    char longname[300];
    memset(longname, 'a', 250);
    longname[250] = '\0';
    v.endpoint = longname;
    json_t *x = NULL;
    CHECK_INT_EQ(manifest_render(&m, MANIFEST_ALARM, &v, &x, &err), SDH_STATUS_INVALID_INPUT,
                 "rendered AlarmName too long refused");
    CHECK(x == NULL, "no output on error");
    json_decref(t);
    json_decref(al);
    json_decref(tt);
    manifest_free(&m);
}

static void test_errors(void)
{
    expect_error("unknown top-level key", "extra", json_true(), "extra");
    expect_error("missing scalable_target", "scalable_target", NULL, "scalable_target");
    expect_error("unknown placeholder", "alarm.AlarmName", json_string("${EndpointName}-${Foo}"),
                 "alarm.AlarmName");
    expect_error("unterminated placeholder", "alarm.AlarmName",
                 json_string("${EndpointName}-${VariantName"), "alarm.AlarmName");
    expect_error("wrong type", "alarm.Threshold", json_string("one"), "alarm.Threshold");
    expect_error("wrong type: object for a string", "step_policy.PolicyName",
                 json_pack("{s:s}", "a", "b"), "step_policy.PolicyName");
    expect_error("unknown nested key", "alarm.Foo", json_integer(1), "alarm.Foo");
    expect_error("wrong enum", "alarm.ComparisonOperator", json_string("Bigger"),
                 "alarm.ComparisonOperator");
    expect_error("fixed value", "step_policy.PolicyType", json_string("TargetTrackingScaling"),
                 "step_policy.PolicyType");
    expect_error("fixed namespace", "scalable_target.ServiceNamespace", json_string("ecs"),
                 "scalable_target.ServiceNamespace");
    char longname[300];
    memset(longname, 'p', 257);
    longname[257] = '\0';
    expect_error("name too long", "step_policy.PolicyName", json_string(longname),
                 "step_policy.PolicyName");
    expect_error("bad manifest name", "name", json_string("my policy"), "name");
    expect_error("format", "format", json_integer(2), "format");
    expect_error("step policy without alarm", "alarm", NULL, "alarm");
    expect_error("alarm without step policy", "step_policy", NULL, "step_policy");
    expect_error("shared alarm name", "alarm.AlarmName", json_string("stable-diffusion-alarm"),
                 "alarm.AlarmName");
    expect_error("alarm not firing the step policy", "alarm.AlarmActions",
                 json_pack("[s]", "arn:aws:sns:us-east-1:1:x"), "alarm.AlarmActions");
    expect_error("ARN placeholder outside the alarm", "target_tracking_policy.PolicyName",
                 json_string("${StepPolicyARN}"), "target_tracking_policy.PolicyName");
    expect_error("datapoints > periods", "alarm.DatapointsToAlarm", json_integer(3),
                 "alarm.DatapointsToAlarm");
    expect_error("bad period", "alarm.Period", json_integer(45), "alarm.Period");
    expect_error("realtime with min 0", "endpoint_type", json_string("realtime"), "min_capacity");
    expect_error("array item type", "alarm.AlarmActions", json_pack("[i]", 1),
                 "alarm.AlarmActions[0]");

    /* target tracking with min 0 and no alarm: never allowed */
    json_t *doc = builtin_doc("documented");
    json_object_del(doc, "alarm");
    json_object_del(doc, "step_policy");
    sdh_error err;
    CHECK_INT_EQ(parse_doc(doc, &err), SDH_STATUS_INVALID_INPUT,
                 "target tracking at min 0 without the alarm refused");
    CHECK_STR_EQ(err.field, "min_capacity", "field min_capacity");

    /* a nested array item's missing member */
    doc = builtin_doc("documented");
    json_t *dims = json_object_get(
        json_object_get(json_object_get(json_object_get(doc, "target_tracking_policy"),
                                        "TargetTrackingScalingPolicyConfiguration"),
                        "CustomizedMetricSpecification"),
        "Dimensions");
    json_object_del(json_array_get(dims, 1), "Name");
    CHECK_INT_EQ(parse_doc(doc, &err), SDH_STATUS_INVALID_INPUT, "dimension without Name");
    CHECK_STR_EQ(err.field,
                 "target_tracking_policy.TargetTrackingScalingPolicyConfiguration."
                 "CustomizedMetricSpecification.Dimensions[1].Name",
                 "nested field path");

    /* both metric specifications */
    doc = builtin_doc("documented");
    json_object_set_new(
        json_object_get(json_object_get(doc, "target_tracking_policy"),
                        "TargetTrackingScalingPolicyConfiguration"),
        "PredefinedMetricSpecification",
        json_pack("{s:s}", "PredefinedMetricType", "SageMakerVariantInvocationsPerInstance"));
    CHECK_INT_EQ(parse_doc(doc, &err), SDH_STATUS_INVALID_INPUT, "two metric specs refused");

    /* not JSON; not an object; duplicate keys */
    manifest m;
    sdh_error_clear(&err);
    CHECK_INT_EQ(manifest_parse("{", 1, "t.json", &m, &err), SDH_STATUS_INVALID_INPUT,
                 "invalid JSON refused");
    CHECK(strncmp(err.message, "t.json: ", 8) == 0, "invalid JSON names the file");
    CHECK_INT_EQ(manifest_parse("[]", 2, "t.json", &m, &err), SDH_STATUS_INVALID_INPUT,
                 "array refused");
    CHECK_INT_EQ(manifest_parse("{\"name\":\"a\",\"name\":\"b\"}", 23, "t.json", &m, &err),
                 SDH_STATUS_INVALID_INPUT, "duplicate keys refused");
}

int main(void)
{
    test_builtins();
    test_file();
    test_render();
    test_errors();
    return tap_done();
}

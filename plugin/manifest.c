/* Policy manifests: loading (built-in or file), validation through
 * manifest_schema, and rendering the placeholders for one endpoint/variant. */
#include "manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest_builtin.h"
#include "manifest_schema.h"
#include "util/buf.h"

#define MAX_MANIFEST_BYTES (256 * 1024)

static const char *const part_keys[MANIFEST_PART_COUNT] = {"scalable_target", "step_policy",
                                                           "alarm", "target_tracking_policy"};

const char *manifest_part_key(manifest_part p)
{
    return p < MANIFEST_PART_COUNT ? part_keys[p] : "?";
}

const char *manifest_part_step(manifest_part p)
{
    return manifest_part_key(p);
}

const char *const *manifest_builtin_names(void)
{
    static const char *const names[] = {"documented", "backlog", "realtime", NULL};
    return names;
}

void manifest_free(manifest *m)
{
    if (!m)
        return;
    for (int i = 0; i < MANIFEST_PART_COUNT; i++) {
        json_decref(m->part[i]);
        m->part[i] = NULL;
    }
}

sdh_status manifest_parse(const char *text, size_t len, const char *source, manifest *m,
                          sdh_error *err)
{
    memset(m, 0, sizeof(*m));
    json_error_t jerr;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidManifest", "",
                             "%s: not valid JSON: %s (line %d, column %d)", source, jerr.text,
                             jerr.line, jerr.column);
    sdh_status st = manifest_schema_check(doc, source, err);
    if (st != SDH_STATUS_OK) {
        json_decref(doc);
        return st;
    }
    snprintf(m->name, sizeof(m->name), "%s", json_string_value(json_object_get(doc, "name")));
    snprintf(m->source, sizeof(m->source), "%s", source);
    const char *type = json_string_value(json_object_get(doc, "endpoint_type"));
    m->endpoint_type = strcmp(type, "async") == 0      ? MANIFEST_ENDPOINT_ASYNC
                       : strcmp(type, "realtime") == 0 ? MANIFEST_ENDPOINT_REALTIME
                                                       : MANIFEST_ENDPOINT_ANY;
    m->min_capacity = (int)json_integer_value(json_object_get(doc, "min_capacity"));
    for (int i = 0; i < MANIFEST_PART_COUNT; i++) {
        json_t *p = json_object_get(doc, part_keys[i]);
        m->part[i] = p ? json_incref(p) : NULL;
    }
    json_decref(doc);
    return SDH_STATUS_OK;
}

static sdh_status load_file(const char *path, manifest *m, sdh_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidManifest", "policy",
                             "%s: cannot open: %s", path, strerror(errno));
    sdh_buf b;
    sdh_buf_init(&b, MAX_MANIFEST_BYTES);
    char chunk[4096];
    size_t n;
    sdh_status st = SDH_STATUS_OK;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        sdh_buf_result r = sdh_buf_add(&b, chunk, n);
        if (r != SDH_BUF_OK) {
            st = r == SDH_BUF_TOO_BIG
                     ? sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidManifest", "policy",
                                     "%s: larger than %d bytes", path, MAX_MANIFEST_BYTES)
                     : sdh_error_oom(err);
            break;
        }
    }
    if (st == SDH_STATUS_OK && ferror(f))
        st = sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidManifest", "policy",
                           "%s: read error", path);
    fclose(f);
    if (st == SDH_STATUS_OK)
        st = manifest_parse(sdh_buf_str(&b), b.len, path, m, err);
    sdh_buf_free(&b);
    return st;
}

static int is_path(const char *s)
{
    size_t len = strlen(s);
    return strchr(s, '/') || (len >= 5 && strcmp(s + len - 5, ".json") == 0);
}

sdh_status manifest_load(const char *policy, const char *policy_dir, manifest *m, sdh_error *err)
{
    memset(m, 0, sizeof(*m));
    if (!policy)
        policy = "documented";
    if (is_path(policy))
        return load_file(policy, m, err);
    for (const manifest_builtin *b = sdh_manifest_builtins; b->name; b++)
        if (strcmp(b->name, policy) == 0) {
            char source[96];
            snprintf(source, sizeof(source), "builtin:%s", b->name);
            return manifest_parse(b->text, b->len, source, m, err);
        }
    for (const char *c = policy; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_'))
            policy_dir = NULL; /* not a plain name: never look it up in a directory */
    if (policy_dir && policy_dir[0]) {
        char path[600];
        snprintf(path, sizeof(path), "%s/%s.json", policy_dir, policy);
        FILE *f = fopen(path, "rb");
        if (f) {
            fclose(f);
            return load_file(path, m, err);
        }
    }
    return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", "policy",
                         "unknown policy \"%s\": use a built-in name (documented, backlog, "
                         "realtime) or a file path (containing '/' or ending in .json)",
                         policy);
}

const char *manifest_resource_id(const char *endpoint, const char *variant, char *buf, size_t size)
{
    snprintf(buf, size, "endpoint/%s/variant/%s", endpoint ? endpoint : "", variant ? variant : "");
    return buf;
}

/* The value of placeholder `name` (len bytes) as text into out; 0 when it
 * stays unresolved (StepPolicyARN not known yet). */
static int placeholder_text(const char *name, size_t len, const manifest_vars *v, char *out,
                            size_t size)
{
#define IS(s) (len == strlen(s) && memcmp(name, s, len) == 0)
    if (IS("EndpointName"))
        snprintf(out, size, "%s", v->endpoint ? v->endpoint : "");
    else if (IS("VariantName"))
        snprintf(out, size, "%s", v->variant ? v->variant : "");
    else if (IS("ResourceId"))
        manifest_resource_id(v->endpoint, v->variant, out, size);
    else if (IS("MinCapacity"))
        snprintf(out, size, "%d", v->min_capacity);
    else if (IS("MaxCapacity"))
        snprintf(out, size, "%d", v->max_capacity);
    else if (IS("StepPolicyARN") && v->step_policy_arn)
        snprintf(out, size, "%s", v->step_policy_arn);
    else
        return 0;
    return 1;
#undef IS
}

/* New value: `s` with its placeholders replaced. */
static json_t *render_string(const char *s, const manifest_vars *v)
{
    if (strcmp(s, "${MinCapacity}") == 0)
        return json_integer(v->min_capacity);
    if (strcmp(s, "${MaxCapacity}") == 0)
        return json_integer(v->max_capacity);
    sdh_buf b;
    sdh_buf_init(&b, 8192);
    const char *p = s;
    int ok = 1;
    while (*p && ok) {
        const char *start = strstr(p, "${");
        const char *end = start ? strchr(start + 2, '}') : NULL;
        if (!start || !end) {
            ok = sdh_buf_addstr(&b, p) == SDH_BUF_OK;
            break;
        }
        char value[2048];
        ok = sdh_buf_add(&b, p, (size_t)(start - p)) == SDH_BUF_OK;
        if (ok && placeholder_text(start + 2, (size_t)(end - start - 2), v, value, sizeof(value)))
            ok = sdh_buf_addstr(&b, value) == SDH_BUF_OK;
        else if (ok)
            ok = sdh_buf_add(&b, start, (size_t)(end - start + 1)) == SDH_BUF_OK;
        p = end + 1;
    }
    json_t *out = ok ? json_string(sdh_buf_str(&b)) : NULL;
    sdh_buf_free(&b);
    return out;
}

/* New value: a deep copy of `t` with every string rendered. */
static json_t *render_value(const json_t *t, const manifest_vars *v)
{
    if (json_is_string(t))
        return render_string(json_string_value(t), v);
    if (json_is_object(t)) {
        json_t *out = json_object();
        const char *key;
        const json_t *x;
        json_object_foreach((json_t *)t, key, x)
        {
            json_t *r = render_value(x, v);
            if (!out || !r || json_object_set_new(out, key, r) != 0) {
                json_decref(out);
                return NULL;
            }
        }
        return out;
    }
    if (json_is_array(t)) {
        json_t *out = json_array();
        size_t i;
        const json_t *x;
        json_array_foreach(t, i, x)
        {
            json_t *r = render_value(x, v);
            if (!out || !r || json_array_append_new(out, r) != 0) {
                json_decref(out);
                return NULL;
            }
        }
        return out;
    }
    return json_deep_copy(t);
}

sdh_status manifest_render(const manifest *m, manifest_part p, const manifest_vars *vars,
                           json_t **out, sdh_error *err)
{
    *out = NULL;
    if (p >= MANIFEST_PART_COUNT || !m->part[p])
        return SDH_STATUS_OK;
    json_t *r = render_value(m->part[p], vars);
    if (!r)
        return sdh_error_oom(err);
    if (p == MANIFEST_ALARM) {
        const char *name = json_string_value(json_object_get(r, "AlarmName"));
        if (!name || strlen(name) > 255) {
            json_decref(r);
            return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", "endpoint",
                                 "%s: alarm.AlarmName would be longer than 255 characters for "
                                 "this endpoint",
                                 m->source);
        }
    }
    *out = r;
    return SDH_STATUS_OK;
}

const char *manifest_part_name(const manifest *m, manifest_part p, const manifest_vars *vars,
                               char *buf, size_t size)
{
    buf[0] = '\0';
    if (p >= MANIFEST_PART_COUNT || !m->part[p])
        return buf;
    if (p == MANIFEST_TARGET)
        return manifest_resource_id(vars->endpoint, vars->variant, buf, size);
    const char *key = p == MANIFEST_ALARM ? "AlarmName" : "PolicyName";
    json_t *r = render_string(json_string_value(json_object_get(m->part[p], key)), vars);
    snprintf(buf, size, "%s", r ? json_string_value(r) : "");
    json_decref(r);
    return buf;
}

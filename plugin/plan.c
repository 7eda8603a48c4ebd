/* The planner: compare desired and live state, and order the changes safely.
 * Pure: no I/O. */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void plan_free(plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        json_decref(p->change[i].body);
        json_decref(p->change[i].drifts);
    }
    memset(p, 0, sizeof(*p));
}

const char *plan_action_done(plan_action a, int dry_run)
{
    switch (a) {
    case PLAN_CREATE:
        return dry_run ? "would_create" : "created";
    case PLAN_UPDATE:
        return dry_run ? "would_update" : "updated";
    case PLAN_UNCHANGED:
        return "unchanged";
    case PLAN_DELETE:
        return dry_run ? "would_delete" : "deleted";
    case PLAN_ABSENT:
        return "absent";
    case PLAN_KEEP:
        return dry_run ? "would_keep" : "kept";
    }
    return "?";
}

/* A number from a JSON number or a string holding exactly one. */
static int as_number(const json_t *v, double *out)
{
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return 1;
    }
    if (!json_is_string(v) || json_string_length(v) == 0)
        return 0;
    const char *s = json_string_value(v);
    char *end = NULL;
    double d = strtod(s, &end);
    if (!end || *end != '\0' || end == s)
        return 0;
    *out = d;
    return 1;
}

static int as_bool(const json_t *v, int *out)
{
    if (json_is_boolean(v)) {
        *out = json_is_true(v);
        return 1;
    }
    if (json_is_string(v) && strcmp(json_string_value(v), "true") == 0) {
        *out = 1;
        return 1;
    }
    if (json_is_string(v) && strcmp(json_string_value(v), "false") == 0) {
        *out = 0;
        return 1;
    }
    return 0;
}

/* null, "", [], {}, false, 0: what AWS reports for an unset member. */
static int is_empty(const json_t *v)
{
    double d;
    int b;
    if (!v || json_is_null(v))
        return 1;
    if (json_is_string(v) && json_string_length(v) == 0)
        return 1;
    if (json_is_array(v))
        return json_array_size(v) == 0;
    if (json_is_object(v))
        return json_object_size(v) == 0;
    if (as_bool(v, &b))
        return !b;
    if (json_is_number(v) && as_number(v, &d))
        return d == 0;
    return 0;
}

static int arrays_equal(const json_t *w, const json_t *f)
{
    size_t n = json_array_size(w);
    if (n != json_array_size(f))
        return 0;
    if (n > 64)
        return json_equal((json_t *)w, (json_t *)f);
    char used[64] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t j;
        for (j = 0; j < n; j++)
            if (!used[j] && plan_values_equal(json_array_get(w, i), json_array_get(f, j)))
                break;
        if (j == n)
            return 0;
        used[j] = 1;
    }
    return 1;
}

int plan_values_equal(const json_t *wanted, const json_t *found)
{
    double a, b;
    int x, y;
    if (!wanted || !found)
        return wanted == found || is_empty(wanted ? wanted : found);
    if (json_is_number(wanted) || json_is_number(found)) {
        if (!as_number(wanted, &a) || !as_number(found, &b))
            return 0;
        double diff = a > b ? a - b : b - a;
        double scale = a < 0 ? -a : a;
        if ((b < 0 ? -b : b) > scale)
            scale = b < 0 ? -b : b;
        return diff <= 1e-9 * (scale > 1.0 ? scale : 1.0);
    }
    if (json_is_boolean(wanted) || json_is_boolean(found))
        return as_bool(wanted, &x) && as_bool(found, &y) && x == y;
    if (json_is_string(wanted) && json_is_string(found))
        return strcmp(json_string_value(wanted), json_string_value(found)) == 0;
    if (is_empty(wanted) && is_empty(found))
        return 1;
    if (json_is_array(wanted) && json_is_array(found))
        return arrays_equal(wanted, found);
    if (json_is_object(wanted) && json_is_object(found)) {
        const char *key;
        const json_t *v;
        json_object_foreach((json_t *)wanted, key, v)
        {
            if (!plan_values_equal(v, json_object_get(found, key)))
                return 0;
        }
        return 1;
    }
    if (json_is_null(wanted) && json_is_null(found))
        return 1;
    return 0;
}

static void add_drift(json_t *drifts, const char *field, const json_t *w, const json_t *f)
{
    json_array_append_new(drifts, json_pack("{s:s,s:O,s:O}", "field", field, "wanted",
                                            w ? w : json_null(), "found", f ? f : json_null()));
}

void plan_diff(const json_t *wanted, const json_t *found, const char *prefix, int depth,
               json_t *drifts)
{
    if (!json_is_object(wanted) || !json_is_object(found)) {
        if (!plan_values_equal(wanted, found))
            add_drift(drifts, prefix, wanted, found);
        return;
    }
    const char *key;
    const json_t *v;
    char path[512];
    json_object_foreach((json_t *)wanted, key, v)
    {
        snprintf(path, sizeof(path), "%s.%s", prefix, key);
        const json_t *f = json_object_get(found, key);
        if (json_is_object(v) && json_is_object(f))
            plan_diff(v, f, path, depth + 1, drifts);
        else if (!plan_values_equal(v, f))
            add_drift(drifts, path, v, f);
    }
    if (depth < 1)
        return;
    json_object_foreach((json_t *)found, key, v)
    {
        if (json_object_get(wanted, key) || is_empty(v))
            continue;
        snprintf(path, sizeof(path), "%s.%s", prefix, key);
        add_drift(drifts, path, NULL, v);
    }
}

static void part_name(manifest_part p, const json_t *body, char *buf, size_t size)
{
    const char *key = p == MANIFEST_TARGET  ? "ResourceId"
                      : p == MANIFEST_ALARM ? "AlarmName"
                                            : "PolicyName";
    const char *s = json_string_value(json_object_get(body, key));
    snprintf(buf, size, "%s", s ? s : "");
}

static sdh_status compare_part(manifest_part p, const json_t *desired, const json_t *live,
                               plan_change *c, sdh_error *err)
{
    memset(c, 0, sizeof(*c));
    c->part = p;
    part_name(p, desired, c->name, sizeof(c->name));
    c->drifts = json_array();
    if (!c->drifts)
        return sdh_error_oom(err);
    char prefix[400];
    snprintf(prefix, sizeof(prefix), "%s", p == MANIFEST_TARGET ? "scalable_target" : c->name);
    if (!live) {
        json_array_append_new(
            c->drifts, json_pack("{s:s,s:s,s:n}", "field", prefix, "wanted", "present", "found"));
        c->action = PLAN_CREATE;
    } else {
        plan_diff(desired, live, prefix, 0, c->drifts);
        c->action = json_array_size(c->drifts) ? PLAN_UPDATE : PLAN_UNCHANGED;
    }
    if (c->action != PLAN_UNCHANGED) {
        c->body = json_deep_copy(desired);
        if (!c->body)
            return sdh_error_oom(err);
    }
    return SDH_STATUS_OK;
}

/* Would this plan lower an existing target to MinCapacity 0 while the step
 * policy or its alarm still has to be written? */
static int target_drops_to_zero_first(const json_t *const desired[MANIFEST_PART_COUNT],
                                      const json_t *const live[MANIFEST_PART_COUNT],
                                      const plan_change *by_part[MANIFEST_PART_COUNT])
{
    double want = 1, have = 1;
    if (!live[MANIFEST_TARGET] || !desired[MANIFEST_STEP_POLICY])
        return 0;
    if (!as_number(json_object_get(desired[MANIFEST_TARGET], "MinCapacity"), &want) ||
        !as_number(json_object_get(live[MANIFEST_TARGET], "MinCapacity"), &have))
        return 0;
    if (!(want == 0 && have > 0))
        return 0;
    return by_part[MANIFEST_STEP_POLICY]->action != PLAN_UNCHANGED ||
           by_part[MANIFEST_ALARM]->action != PLAN_UNCHANGED;
}

sdh_status plan_enable(const json_t *const desired[MANIFEST_PART_COUNT],
                       const json_t *const live[MANIFEST_PART_COUNT], plan *out, sdh_error *err)
{
    memset(out, 0, sizeof(*out));
    plan_change tmp[MANIFEST_PART_COUNT];
    const plan_change *by_part[MANIFEST_PART_COUNT] = {0};
    size_t n = 0;
    sdh_status st = SDH_STATUS_OK;
    if (!desired[MANIFEST_TARGET])
        return sdh_error_set(err, SDH_STATUS_INTERNAL, "Bug", NULL, "plan without a target");
    for (int p = 0; p < MANIFEST_PART_COUNT; p++) {
        if (!desired[p])
            continue;
        st = compare_part((manifest_part)p, desired[p], live[p], &tmp[n], err);
        by_part[p] = &tmp[n];
        n++;
        if (st != SDH_STATUS_OK)
            break;
    }
    if (st != SDH_STATUS_OK) {
        for (size_t i = 0; i < n; i++) {
            json_decref(tmp[i].body);
            json_decref(tmp[i].drifts);
        }
        return st;
    }
    /* The safe order: target, step policy, alarm, target tracking; but an
     * existing target is lowered to 0 only once the step policy and the
     * alarm that bring it back are in place. */
    static const manifest_part normal[] = {MANIFEST_TARGET, MANIFEST_STEP_POLICY, MANIFEST_ALARM,
                                           MANIFEST_TT_POLICY};
    static const manifest_part late_target[] = {MANIFEST_STEP_POLICY, MANIFEST_ALARM,
                                                MANIFEST_TARGET, MANIFEST_TT_POLICY};
    const manifest_part *order =
        target_drops_to_zero_first(desired, live, by_part) ? late_target : normal;
    for (int i = 0; i < MANIFEST_PART_COUNT; i++)
        if (by_part[order[i]])
            out->change[out->n++] = *by_part[order[i]];
    return SDH_STATUS_OK;
}

static int in_list(const char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (s && strcmp(*list, s) == 0)
            return 1;
    return 0;
}

static plan_change *add(plan *out, manifest_part part, plan_action a, const char *name)
{
    if (out->n >= PLAN_MAX_CHANGES)
        return NULL;
    plan_change *c = &out->change[out->n++];
    memset(c, 0, sizeof(*c));
    c->part = part;
    c->action = a;
    snprintf(c->name, sizeof(c->name), "%s", name);
    c->drifts = json_array();
    return c;
}

static const json_t *find_policy(const json_t *policies, const char *name)
{
    size_t i;
    const json_t *p;
    json_array_foreach(policies, i, p)
    {
        const char *n = json_string_value(json_object_get(p, "PolicyName"));
        if (n && strcmp(n, name) == 0)
            return p;
    }
    return NULL;
}

static json_t *delete_policy_body(const json_t *policy)
{
    return json_pack("{s:O,s:O,s:O,s:O}", "ServiceNamespace",
                     json_object_get(policy, "ServiceNamespace"), "ResourceId",
                     json_object_get(policy, "ResourceId"), "ScalableDimension",
                     json_object_get(policy, "ScalableDimension"), "PolicyName",
                     json_object_get(policy, "PolicyName"));
}

/* Append the alarm name once to `names` (array of strings). */
static void add_name(json_t *names, const char *name)
{
    size_t i;
    const json_t *v;
    json_array_foreach(names, i, v) if (strcmp(json_string_value(v), name) == 0) return;
    json_array_append_new(names, json_string(name));
}

sdh_status plan_disable(const plan_disable_input *in, plan *out, json_t **foreign, sdh_error *err)
{
    memset(out, 0, sizeof(*out));
    *foreign = json_array();
    json_t *alarm_names = json_array();
    if (!*foreign || !alarm_names) {
        json_decref(alarm_names);
        return sdh_error_oom(err);
    }
    const char *rep_step = in->reported_names ? in->reported_names[0] : NULL;
    const char *rep_alarm = rep_step ? in->reported_names[1] : NULL;
    const char *rep_tt = rep_alarm ? in->reported_names[2] : NULL;
    size_t i;
    const json_t *p;
    int overflow = 0;

    /* 1. target-tracking policies, so nothing scales in meanwhile */
    json_array_foreach(in->policies, i, p)
    {
        const char *name = json_string_value(json_object_get(p, "PolicyName"));
        const char *type = json_string_value(json_object_get(p, "PolicyType"));
        if (!name)
            continue;
        if (!in_list(in->managed_names, name)) {
            json_array_append_new(*foreign, json_string(name));
            continue;
        }
        if (!type || strcmp(type, "StepScaling") != 0) {
            plan_change *c = add(out, MANIFEST_TT_POLICY, PLAN_DELETE, name);
            overflow |= !c;
            if (c)
                c->body = delete_policy_body(p);
        } else {
            const json_t *alarms = json_object_get(p, "Alarms");
            size_t j;
            const json_t *a;
            json_array_foreach(alarms, j, a)
            {
                const char *an = json_string_value(json_object_get(a, "AlarmName"));
                if (an)
                    add_name(alarm_names, an);
            }
        }
    }
    if (rep_tt && rep_tt[0] && !find_policy(in->policies, rep_tt))
        overflow |= !add(out, MANIFEST_TT_POLICY, PLAN_ABSENT, rep_tt);

    /* 2. alarms: the managed ones described, and any that fire a managed step policy */
    json_array_foreach(in->alarms, i, p)
    {
        const char *an = json_string_value(json_object_get(p, "AlarmName"));
        if (an)
            add_name(alarm_names, an);
    }
    json_array_foreach(alarm_names, i, p)
    {
        plan_change *c = add(out, MANIFEST_ALARM, PLAN_DELETE, json_string_value(p));
        overflow |= !c;
        if (c)
            c->body = json_pack("{s:[O]}", "AlarmNames", p);
    }
    if (rep_alarm && rep_alarm[0]) {
        int seen = 0;
        json_array_foreach(alarm_names, i, p) seen |= strcmp(json_string_value(p), rep_alarm) == 0;
        if (!seen)
            overflow |= !add(out, MANIFEST_ALARM, PLAN_ABSENT, rep_alarm);
    }

    /* 3. step policies */
    json_array_foreach(in->policies, i, p)
    {
        const char *name = json_string_value(json_object_get(p, "PolicyName"));
        const char *type = json_string_value(json_object_get(p, "PolicyType"));
        if (!name || !in_list(in->managed_names, name) || !type || strcmp(type, "StepScaling"))
            continue;
        plan_change *c = add(out, MANIFEST_STEP_POLICY, PLAN_DELETE, name);
        overflow |= !c;
        if (c)
            c->body = delete_policy_body(p);
    }
    if (rep_step && rep_step[0] && !find_policy(in->policies, rep_step))
        overflow |= !add(out, MANIFEST_STEP_POLICY, PLAN_ABSENT, rep_step);

    /* 4. the target, unless other policies remain on it */
    if (!in->target) {
        overflow |= !add(out, MANIFEST_TARGET, PLAN_ABSENT, in->resource_id);
    } else if (json_array_size(*foreign) > 0) {
        overflow |= !add(out, MANIFEST_TARGET, PLAN_KEEP, in->resource_id);
    } else {
        plan_change *c = add(out, MANIFEST_TARGET, PLAN_DELETE, in->resource_id);
        overflow |= !c;
        if (c)
            c->body = json_pack("{s:O,s:O,s:O}", "ServiceNamespace",
                                json_object_get(in->target, "ServiceNamespace"), "ResourceId",
                                json_object_get(in->target, "ResourceId"), "ScalableDimension",
                                json_object_get(in->target, "ScalableDimension"));
    }
    json_decref(alarm_names);
    if (overflow) {
        plan_free(out);
        json_decref(*foreign);
        *foreign = NULL;
        return sdh_error_set(err, SDH_STATUS_INTERNAL, "TooManyChanges", NULL,
                             "more than %d objects to remove", PLAN_MAX_CHANGES);
    }
    return SDH_STATUS_OK;
}

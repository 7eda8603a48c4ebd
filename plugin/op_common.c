/* Helpers shared by the autoscaling operations: request names, the manifest
 * and client of a request, rendering, the final state after writes. */
#include "op_common.h"

#include <stdio.h>
#include <string.h>

#include "op_status.h"
#include "util/host.h"

static int alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* SageMaker's name pattern (at most 63 characters). */
static int valid_name(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (len == 0 || len > 63 || !alnum(s[0]) || !alnum(s[len - 1]))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!alnum(s[i]) && s[i] != '-')
            return 0;
    return 1;
}

static sdh_status check_names(const json_t *req, sdh_error *err)
{
    static const char *const keys[] = {"endpoint", "variant"};
    for (int i = 0; i < 2; i++) {
        const char *v = req_string(req, keys[i], NULL);
        if (!v && i == 1)
            continue;
        if (!valid_name(v))
            return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", keys[i],
                                 "field \"%s\" must be a SageMaker name: 1 to 63 letters, digits "
                                 "and hyphens, starting and ending with a letter or digit "
                                 "(^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$)",
                                 keys[i]);
    }
    return SDH_STATUS_OK;
}

sdh_status op_check_request(const json_t *req, const req_field *spec, sdh_error *err)
{
    sdh_status st = req_check(req, spec, err);
    return st == SDH_STATUS_OK ? check_names(req, err) : st;
}

sdh_status op_load_manifest(sdh_instance *inst, const json_t *req, manifest *m, sdh_error *err)
{
    return manifest_load(req_string(req, "policy", NULL), sdh_host_config(inst->host, "policy_dir"),
                         m, err);
}

sdh_status op_open(sdh_instance *inst, const json_t *req, manifest *m, aws_client **client,
                   sdh_error *err)
{
    sdh_status st = op_load_manifest(inst, req, m, err);
    if (st != SDH_STATUS_OK)
        return st;
    *client = sdh_instance_client(inst, req_string(req, "region", NULL),
                                  req_string(req, "profile", NULL), err);
    if (*client)
        return SDH_STATUS_OK;
    manifest_free(m);
    return err->status;
}

void op_desired_free(json_t *desired[MANIFEST_PART_COUNT])
{
    for (int p = 0; p < MANIFEST_PART_COUNT; p++) {
        json_decref(desired[p]);
        desired[p] = NULL;
    }
}

sdh_status op_render_all(const manifest *m, const manifest_vars *vars,
                         json_t *desired[MANIFEST_PART_COUNT], sdh_error *err)
{
    for (int p = 0; p < MANIFEST_PART_COUNT; p++)
        desired[p] = NULL;
    for (int p = 0; p < MANIFEST_PART_COUNT; p++) {
        sdh_status st = manifest_render(m, (manifest_part)p, vars, &desired[p], err);
        if (st != SDH_STATUS_OK) {
            op_desired_free(desired);
            return st;
        }
    }
    return SDH_STATUS_OK;
}

void op_live_parts(const manifest *m, const manifest_vars *vars, const sdh_live *l,
                   const json_t *live[MANIFEST_PART_COUNT])
{
    char name[320];
    live[MANIFEST_TARGET] = l->target;
    live[MANIFEST_STEP_POLICY] =
        live_policy(l, manifest_part_name(m, MANIFEST_STEP_POLICY, vars, name, sizeof(name)));
    live[MANIFEST_ALARM] =
        live_alarm(l, manifest_part_name(m, MANIFEST_ALARM, vars, name, sizeof(name)));
    live[MANIFEST_TT_POLICY] =
        live_policy(l, manifest_part_name(m, MANIFEST_TT_POLICY, vars, name, sizeof(name)));
}

json_t *op_final_state(aws_client *client, const live_request *rq, const manifest *m,
                       const sdh_live *l, const manifest_vars *vars, int applied)
{
    if (applied == 0)
        return status_view(m, l, vars);
    live_request again = *rq;
    again.variant = l->variant;
    sdh_live after;
    sdh_error ignored;
    sdh_error_clear(&ignored);
    if (live_read(client, &again, &after, &ignored) != SDH_STATUS_OK)
        return json_null();
    json_t *state = status_view(m, &after, vars);
    live_free(&after);
    return state;
}

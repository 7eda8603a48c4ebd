/* Helpers shared by the autoscaling operations. */
#include "op_common.h"

#include <stdio.h>
#include <string.h>

#include "util/host.h"

static int alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int op_valid_name(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (len == 0 || len > 63 || !alnum(s[0]) || !alnum(s[len - 1]))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!alnum(s[i]) && s[i] != '-')
            return 0;
    return 1;
}

sdh_status op_check_names(const json_t *req, sdh_error *err)
{
    static const char *const keys[] = {"endpoint", "variant"};
    for (int i = 0; i < 2; i++) {
        const char *v = req_string(req, keys[i], NULL);
        if (!v && i == 1)
            continue;
        if (!op_valid_name(v))
            return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", keys[i],
                                 "field \"%s\" must be a SageMaker name: 1 to 63 letters, digits "
                                 "and hyphens, starting and ending with a letter or digit "
                                 "(^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$)",
                                 keys[i]);
    }
    return SDH_STATUS_OK;
}

aws_client *op_client(sdh_instance *inst, const json_t *req, sdh_error *err)
{
    return sdh_instance_client(inst, req_string(req, "region", NULL),
                               req_string(req, "profile", NULL), err);
}

sdh_status op_load_manifest(sdh_instance *inst, const json_t *req, manifest *m, sdh_error *err)
{
    return manifest_load(req_string(req, "policy", NULL), sdh_host_config(inst->host, "policy_dir"),
                         m, err);
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

const char *const *op_alarm_names(const manifest *m, const manifest_vars *vars, char *buf,
                                  size_t size, const char *names[2])
{
    names[0] = NULL;
    names[1] = NULL;
    if (m->part[MANIFEST_ALARM])
        names[0] = manifest_part_name(m, MANIFEST_ALARM, vars, buf, size);
    return names;
}

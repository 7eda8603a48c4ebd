/* The "info" operation: name, version, ABI and the supported operations. */
#include "op_info.h"

#include "request.h"
#include "version.h"

sdh_status op_info(sdh_instance *inst, const json_t *req, json_t **reply, sdh_error *err)
{
    (void)inst;
    static const req_field spec[] = {{NULL, REQ_ANY, 0}};
    sdh_status st = req_check(req, spec, err);
    if (st != SDH_STATUS_OK)
        return st;
    json_t *ops = json_array();
    for (const sdh_op *op = sdh_ops_table(); op->name; op++)
        json_array_append_new(ops, json_pack("{s:s,s:s}", "op", op->name, "summary", op->summary));
    *reply = json_pack("{s:s,s:s,s:i,s:o}", "name", SDH_PLUGIN_NAME, "version", SDH_PLUGIN_VERSION,
                       "abi", (int)SDH_ABI_VERSION, "ops", ops);
    if (!*reply)
        return sdh_error_oom(err);
    return SDH_STATUS_OK;
}

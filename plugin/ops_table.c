/* The table of operations the plugin answers. */
#include "op_deployed.h"
#include "op_disable.h"
#include "op_enable.h"
#include "op_info.h"
#include "op_status.h"
#include "ops.h"

static const sdh_op ops[] = {
    {"info", op_info, "name, version, ABI and the supported operations"},
    {"enable", op_enable, "attach autoscaling to an endpoint variant (idempotent)"},
    {"disable", op_disable, "remove the autoscaling this plugin manages"},
    {"status", op_status, "the endpoint's autoscaling state and drift from the policy"},
    {"deployed", op_deployed, "wait for a deployed endpoint to be InService, then enable"},
    {NULL, NULL, NULL},
};

const sdh_op *sdh_ops_table(void)
{
    return ops;
}

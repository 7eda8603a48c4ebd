/* The table of operations the plugin answers. */
#include "op_info.h"
#include "ops.h"

static const sdh_op ops[] = {
    {"info", op_info, "name, version, ABI and the supported operations"},
    {NULL, NULL, NULL},
};

const sdh_op *sdh_ops_table(void)
{
    return ops;
}

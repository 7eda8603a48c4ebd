/* The "info" operation. */
#ifndef SDH_OP_INFO_H
#define SDH_OP_INFO_H

#include "ops.h"

sdh_status op_info(sdh_instance *inst, const json_t *req, json_t **reply, sdh_error *err);

#endif

/* The "disable" operation: remove what this plugin manages, in the planner's
 * reverse order, keeping the scalable target when other policies remain. */
#ifndef SDH_OP_DISABLE_H
#define SDH_OP_DISABLE_H

#include <jansson.h>

#include "instance.h"
#include "util/error.h"

sdh_status op_disable(sdh_instance *inst, const json_t *req, json_t **reply, sdh_error *err);

#endif

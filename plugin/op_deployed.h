/* The "deployed" operation: after a (re)deployment, wait for the endpoint to be
 * InService (cancellable, with progress events), then enable autoscaling. */
#ifndef SDH_OP_DEPLOYED_H
#define SDH_OP_DEPLOYED_H

#include <jansson.h>

#include "instance.h"
#include "util/error.h"

sdh_status op_deployed(sdh_instance *inst, const json_t *req, json_t **reply, sdh_error *err);

#endif

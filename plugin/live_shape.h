/* Shape checks of the describe replies the operations read (DescribeEndpoint,
 * DescribeEndpointConfig, DescribeScalableTargets, DescribeScalingPolicies,
 * DescribeAlarms), run before anything reads them: a member of the wrong type
 * or a missing name becomes a clear error instead of a wrong plan. Pure. */
#ifndef SDH_LIVE_SHAPE_H
#define SDH_LIVE_SHAPE_H

#include <jansson.h>

#include "util/error.h"

/* Check `out` (borrowed), the output of `operation` (borrowed). Operations it
 * does not know pass. SDH_STATUS_REMOTE_ERROR with code "MalformedResponse",
 * field "<operation>.<member path>" and the reason otherwise. Lists may also
 * be "" (the query protocol's empty list). */
sdh_status live_check_reply(const char *operation, const json_t *out, sdh_error *err);

#endif

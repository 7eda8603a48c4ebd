/* The "enable" operation: read the live state, plan against the manifest,
 * apply only what differs in the planner's safe order. */
#ifndef SDH_OP_ENABLE_H
#define SDH_OP_ENABLE_H

#include <jansson.h>

#include "aws/client.h"
#include "instance.h"
#include "manifest.h"
#include "util/error.h"

sdh_status op_enable(sdh_instance *inst, const json_t *req, json_t **reply, sdh_error *err);

typedef struct enable_params {
    const char *endpoint; /* borrowed, validated */
    const char *variant;  /* borrowed, validated, or NULL */
    long long min;        /* -1: the manifest's */
    long long max;        /* -1: the variant's DesiredInstanceCount (at least 1) */
    int dry_run;
} enable_params;

/* Enable with manifest m (borrowed) through client; also used by "deployed".
 * Sets *reply (new) on success and on partial failure. */
sdh_status enable_run(aws_client *client, const manifest *m, const enable_params *p, json_t **reply,
                      sdh_error *err);

/* Request checks shared with "deployed": min/max ranges and order. */
sdh_status enable_check_capacity(const json_t *req, long long *min, long long *max, sdh_error *err);

#endif

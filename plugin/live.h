/* Reading the live state of one endpoint: DescribeEndpoint, DescribeEndpointConfig,
 * DescribeScalableTargets, DescribeScalingPolicies and DescribeAlarms, the
 * independent ones together in one concurrent aws_client_call round (two rounds
 * at most: the config name and, when no variant was named, the resource id and
 * the alarm names come from DescribeEndpoint). Every reply's shape is checked
 * (live_shape.h) before it is used. Read-only. */
#ifndef SDH_LIVE_H
#define SDH_LIVE_H

#include <jansson.h>

#include "aws/client.h"
#include "manifest.h"
#include "util/error.h"

/* At most this many manifests' alarms are read at once. */
#define LIVE_MAX_MANIFESTS 8

typedef struct live_request {
    const char *endpoint; /* borrowed, validated name */
    const char *variant;  /* borrowed; NULL = the endpoint's only variant */
    /* borrowed, NULL-terminated (at most LIVE_MAX_MANIFESTS): the alarms these
     * manifests name for the endpoint and the resolved variant are read; NULL = none */
    const manifest *const *manifests;
    int want_config; /* also DescribeEndpointConfig */
} live_request;

typedef struct sdh_live {
    json_t *endpoint;        /* owned: DescribeEndpoint output */
    json_t *endpoint_config; /* owned: DescribeEndpointConfig output, or NULL */
    json_t *target;          /* owned: the ScalableTargets item, or NULL */
    json_t *policies;        /* owned: ScalingPolicies for the resource (array) */
    json_t *alarms;          /* owned: MetricAlarms with the asked names (array) */
    char variant[64];        /* the variant read (resolved when not named) */
    char resource_id[160];   /* endpoint/<e>/variant/<v> */
    int async;               /* the endpoint has an AsyncInferenceConfig */
    int rounds;              /* aws_client_call rounds used */
} sdh_live;

/* Read everything for rq. Errors before any result: EndpointNotFound
 * (SDH_STATUS_INVALID_INPUT, field "endpoint"), InvalidRequest naming the
 * variants (field "variant"), EndpointNotInService when an endpoint that is not
 * InService has no variants yet, MalformedResponse (SDH_STATUS_REMOTE_ERROR) for
 * a reply of the wrong shape, or the AWS call's error. On success fills *out
 * (release with live_free). */
sdh_status live_read(aws_client *client, const live_request *rq, sdh_live *out, sdh_error *err);

void live_free(sdh_live *l);

/* Borrowed look-ups into l (NULL when absent). */
const json_t *live_policy(const sdh_live *l, const char *name);
const json_t *live_alarm(const sdh_live *l, const char *name);
const json_t *live_variant(const sdh_live *l);

/* A new array of the endpoint's variant names. */
json_t *live_variant_names(const json_t *endpoint);

#endif

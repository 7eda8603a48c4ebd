/* Partition-aware endpoint resolution for the services in aws/service.h,
 * following botocore's partitions and endpoint rule sets (FIPS, dual-stack),
 * with explicit overrides. Pure: no I/O. */
#ifndef SDH_AWS_ENDPOINTS_H
#define SDH_AWS_ENDPOINTS_H

#include "aws/service.h"
#include "util/error.h"

typedef struct aws_endpoint_params {
    const char *region; /* borrowed, required */
    int use_fips;
    int use_dualstack;
    const char *override; /* borrowed endpoint URL override, or NULL */
} aws_endpoint_params;

/* The partition of `region`: "aws", "aws-cn", "aws-us-gov", "aws-iso", ...
 * (static string; "aws" for unknown regions, as botocore does). */
const char *aws_partition_of_region(const char *region);

/* Resolve the endpoint URL (new string, e.g. "https://monitoring.cn-north-1.amazonaws.com.cn").
 * Errors (SDH_STATUS_CONFIG_ERROR) carry the rule set's message, e.g. for FIPS in
 * a partition without it or an invalid region. */
sdh_status aws_endpoint_resolve(aws_service svc, const aws_endpoint_params *params, char **url,
                                sdh_error *err);

/* 1 when `region` (borrowed) can be a DNS host label (1-63 letters, digits and
 * '-', not starting or ending with '-'), the check aws_endpoint_resolve makes;
 * else 0. (Appended by the endpoints owner.) */
int aws_region_is_valid(const char *region);

#endif

/* The AWS partitions (internal to endpoints.c and its tests): the facts of
 * botocore's partitions.json as a static table, and region -> partition. */
#ifndef SDH_AWS_PARTITIONS_H
#define SDH_AWS_PARTITIONS_H

typedef struct aws_partition {
    const char *id; /* "aws", "aws-cn", ... */
    const char *const
        *region_prefix;         /* regionRegex "^(<prefix>)\-\w+\-\d+$" alternatives, NULL-ended */
    const char *const *regions; /* the explicitly listed regions, NULL-ended */
    const char *dns_suffix;
    const char *dual_stack_dns_suffix;
    int supports_fips;
    int supports_dual_stack;
} aws_partition;

/* The partition of `region` (borrowed): an explicitly listed region first, then
 * the region patterns in file order, else the "aws" partition (as botocore's
 * aws.partition does). Never NULL; static. `region` may be NULL. */
const aws_partition *aws_partition_lookup(const char *region);

/* The table (static), `*n` entries. */
const aws_partition *aws_partition_table(unsigned *n);

#endif

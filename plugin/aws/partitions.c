/* The AWS partitions, encoded from botocore's botocore/data/partitions.json
 * (copy in /work/shared/aws-endpoints/partitions.json; boto/botocore commit
 * 0e6e2404b85dc336dd2889814e089bde7d1a4c55, botocore 1.43.67, Apache-2.0):
 * partition ids, region patterns, explicitly listed regions, dnsSuffix,
 * dualStackDnsSuffix, supportsFIPS, supportsDualStack. Order as in the file. */
#include "aws/partitions.h"

#include <stddef.h>
#include <string.h>

static const char *const aws_prefixes[] = {"us-", "eu-", "ap-", "sa-", "ca-",
                                           "me-", "af-", "il-", "mx-", NULL};
static const char *const aws_regions[] = {
    "af-south-1",     "ap-east-1",      "ap-east-2",      "ap-northeast-1",
    "ap-northeast-2", "ap-northeast-3", "ap-south-1",     "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "aws-global",
    "ca-central-1",   "ca-west-1",      "eu-central-1",   "eu-central-2",
    "eu-north-1",     "eu-south-1",     "eu-south-2",     "eu-west-1",
    "eu-west-2",      "eu-west-3",      "il-central-1",   "me-central-1",
    "me-south-1",     "mx-central-1",   "sa-east-1",      "us-east-1",
    "us-east-2",      "us-west-1",      "us-west-2",      NULL};
static const char *const cn_prefixes[] = {"cn-", NULL};
static const char *const cn_regions[] = {"aws-cn-global", "cn-north-1", "cn-northwest-1", NULL};
static const char *const eusc_prefixes[] = {"eusc-de-", NULL};
static const char *const eusc_regions[] = {"eusc-de-east-1", NULL};
static const char *const iso_prefixes[] = {"us-iso-", NULL};
static const char *const iso_regions[] = {"aws-iso-global", "us-iso-east-1", "us-iso-west-1", NULL};
static const char *const isob_prefixes[] = {"us-isob-", NULL};
static const char *const isob_regions[] = {"aws-iso-b-global", "us-isob-east-1", "us-isob-west-1",
                                           NULL};
static const char *const isoe_prefixes[] = {"eu-isoe-", NULL};
static const char *const isoe_regions[] = {"aws-iso-e-global", "eu-isoe-west-1", NULL};
static const char *const isof_prefixes[] = {"us-isof-", NULL};
static const char *const isof_regions[] = {"aws-iso-f-global", "us-isof-east-1", "us-isof-south-1",
                                           NULL};
static const char *const gov_prefixes[] = {"us-gov-", NULL};
static const char *const gov_regions[] = {"aws-us-gov-global", "us-gov-east-1", "us-gov-west-1",
                                          NULL};

static const aws_partition partitions[] = {
    {"aws", aws_prefixes, aws_regions, "amazonaws.com", "api.aws", 1, 1},
    {"aws-cn", cn_prefixes, cn_regions, "amazonaws.com.cn", "api.amazonwebservices.com.cn", 1, 1},
    {"aws-eusc", eusc_prefixes, eusc_regions, "amazonaws.eu", "api.amazonwebservices.eu", 1, 1},
    {"aws-iso", iso_prefixes, iso_regions, "c2s.ic.gov", "api.aws.ic.gov", 1, 1},
    {"aws-iso-b", isob_prefixes, isob_regions, "sc2s.sgov.gov", "api.aws.scloud", 1, 1},
    {"aws-iso-e", isoe_prefixes, isoe_regions, "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", 1, 1},
    {"aws-iso-f", isof_prefixes, isof_regions, "csp.hci.ic.gov", "api.aws.hci.ic.gov", 1, 1},
    {"aws-us-gov", gov_prefixes, gov_regions, "amazonaws.com", "api.aws", 1, 1},
};

#define N_PARTITIONS (sizeof(partitions) / sizeof(partitions[0]))

const aws_partition *aws_partition_table(unsigned *n)
{
    *n = (unsigned)N_PARTITIONS;
    return partitions;
}

static int is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* `s` matches "\w+\-\d+$". (\w cannot match '-', so the split is unique.) */
static int word_dash_digits(const char *s)
{
    const char *p = s;
    while (is_word(*p))
        p++;
    if (p == s || *p != '-')
        return 0;
    const char *d = ++p;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > d && *p == '\0';
}

static int matches_pattern(const aws_partition *part, const char *region)
{
    for (const char *const *pre = part->region_prefix; *pre; pre++) {
        size_t n = strlen(*pre);
        if (strncmp(region, *pre, n) == 0 && word_dash_digits(region + n))
            return 1;
    }
    return 0;
}

const aws_partition *aws_partition_lookup(const char *region)
{
    if (!region)
        return &partitions[0];
    for (size_t i = 0; i < N_PARTITIONS; i++)
        for (const char *const *r = partitions[i].regions; *r; r++)
            if (strcmp(*r, region) == 0)
                return &partitions[i];
    for (size_t i = 0; i < N_PARTITIONS; i++)
        if (matches_pattern(&partitions[i], region))
            return &partitions[i];
    return &partitions[0];
}

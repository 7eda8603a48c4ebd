/* aws_endpoint_resolve and aws_partition_of_region on our own table: all four
 * services in the aws, aws-cn, aws-us-gov and iso partitions, FIPS, dual-stack,
 * overrides, invalid regions. Expected hosts follow the services' botocore
 * endpoint rule sets. */
#include <stdlib.h>
#include <string.h>

#include "aws/endpoints.h"
#include "tap.h"

enum { PLAIN = 0, FIPS = 1, DS = 2 };

typedef struct ep_case {
    aws_service svc;
    const char *region;
    int flags;
    const char *override;
    const char *url; /* expected; NULL = error */
    const char *error_part;
} ep_case;

#define AS AWS_SERVICE_AUTOSCALING
#define CW AWS_SERVICE_CLOUDWATCH
#define SM AWS_SERVICE_SAGEMAKER
#define ST AWS_SERVICE_STS

static const ep_case cases[] = {
    /* aws */
    {AS, "us-east-1", PLAIN, NULL, "https://application-autoscaling.us-east-1.amazonaws.com", NULL},
    {CW, "eu-west-3", PLAIN, NULL, "https://monitoring.eu-west-3.amazonaws.com", NULL},
    {SM, "us-west-2", PLAIN, NULL, "https://api.sagemaker.us-west-2.amazonaws.com", NULL},
    {ST, "ap-south-1", PLAIN, NULL, "https://sts.ap-south-1.amazonaws.com", NULL},
    {ST, "aws-global", PLAIN, NULL, "https://sts.amazonaws.com", NULL},
    {AS, "us-east-1", FIPS, NULL, "https://application-autoscaling-fips.us-east-1.amazonaws.com",
     NULL},
    {CW, "us-east-2", FIPS, NULL, "https://monitoring-fips.us-east-2.amazonaws.com", NULL},
    {SM, "us-east-1", FIPS, NULL, "https://api-fips.sagemaker.us-east-1.amazonaws.com", NULL},
    {ST, "us-west-1", FIPS, NULL, "https://sts-fips.us-west-1.amazonaws.com", NULL},
    {AS, "us-east-1", DS, NULL, "https://application-autoscaling.us-east-1.api.aws", NULL},
    {SM, "eu-central-1", DS, NULL, "https://api.sagemaker.eu-central-1.api.aws", NULL},
    {ST, "us-east-1", DS, NULL, "https://sts.us-east-1.api.aws", NULL},
    {SM, "us-east-1", FIPS | DS, NULL, "https://api.sagemaker-fips.us-east-1.api.aws", NULL},
    {CW, "us-east-1", FIPS | DS, NULL, "https://monitoring-fips.us-east-1.api.aws", NULL},
    {CW, "ap-southeast-7", PLAIN, NULL, "https://monitoring.ap-southeast-7.amazonaws.com", NULL},
    /* a future region that only the pattern knows */
    {SM, "mx-north-9", PLAIN, NULL, "https://api.sagemaker.mx-north-9.amazonaws.com", NULL},
    /* aws-cn */
    {AS, "cn-north-1", PLAIN, NULL, "https://application-autoscaling.cn-north-1.amazonaws.com.cn",
     NULL},
    {CW, "cn-northwest-1", PLAIN, NULL, "https://monitoring.cn-northwest-1.amazonaws.com.cn", NULL},
    {SM, "cn-north-1", PLAIN, NULL, "https://api.sagemaker.cn-north-1.amazonaws.com.cn", NULL},
    {ST, "cn-north-1", PLAIN, NULL, "https://sts.cn-north-1.amazonaws.com.cn", NULL},
    {SM, "cn-north-1", FIPS, NULL, "https://api.sagemaker-fips.cn-north-1.amazonaws.com.cn", NULL},
    {ST, "cn-north-1", DS, NULL, "https://sts.cn-north-1.api.amazonwebservices.com.cn", NULL},
    /* aws-us-gov: FIPS hosts are the plain names (sagemaker: api-fips.sagemaker) */
    {AS, "us-gov-west-1", PLAIN, NULL,
     "https://application-autoscaling.us-gov-west-1.amazonaws.com", NULL},
    {AS, "us-gov-west-1", FIPS, NULL, "https://application-autoscaling.us-gov-west-1.amazonaws.com",
     NULL},
    {CW, "us-gov-east-1", FIPS, NULL, "https://monitoring.us-gov-east-1.amazonaws.com", NULL},
    {CW, "us-gov-east-1", FIPS | DS, NULL, "https://monitoring.us-gov-east-1.api.aws", NULL},
    {AS, "us-gov-east-1", FIPS | DS, NULL,
     "https://application-autoscaling-fips.us-gov-east-1.api.aws", NULL},
    {SM, "us-gov-west-1", FIPS, NULL, "https://api-fips.sagemaker.us-gov-west-1.amazonaws.com",
     NULL},
    {SM, "us-gov-west-1", PLAIN, NULL, "https://api.sagemaker.us-gov-west-1.amazonaws.com", NULL},
    {ST, "us-gov-west-1", FIPS, NULL, "https://sts.us-gov-west-1.amazonaws.com", NULL},
    {ST, "us-gov-east-1", PLAIN, NULL, "https://sts.us-gov-east-1.amazonaws.com", NULL},
    /* iso partitions */
    {AS, "us-iso-east-1", PLAIN, NULL, "https://application-autoscaling.us-iso-east-1.c2s.ic.gov",
     NULL},
    {CW, "us-isob-east-1", FIPS, NULL, "https://monitoring-fips.us-isob-east-1.sc2s.sgov.gov",
     NULL},
    {SM, "us-iso-west-1", PLAIN, NULL, "https://api.sagemaker.us-iso-west-1.c2s.ic.gov", NULL},
    {SM, "us-iso-east-1", FIPS, NULL, "https://api.sagemaker-fips.us-iso-east-1.c2s.ic.gov", NULL},
    {ST, "eu-isoe-west-1", PLAIN, NULL, "https://sts.eu-isoe-west-1.cloud.adc-e.uk", NULL},
    {ST, "us-isof-south-1", PLAIN, NULL, "https://sts.us-isof-south-1.csp.hci.ic.gov", NULL},
    {CW, "us-isof-east-1", DS, NULL, "https://monitoring.us-isof-east-1.api.aws.hci.ic.gov", NULL},
    {SM, "eusc-de-east-1", PLAIN, NULL, "https://api.sagemaker.eusc-de-east-1.amazonaws.eu", NULL},
    /* overrides */
    {AS, "us-east-1", PLAIN, "http://127.0.0.1:4566", "http://127.0.0.1:4566", NULL},
    {SM, NULL, PLAIN, "https://example.com/base/", "https://example.com/base/", NULL},
    {ST, "not a region", PLAIN, "HTTPS://[::1]:8443", "HTTPS://[::1]:8443", NULL},
    {CW, "us-east-1", FIPS, "https://example.com", NULL, "FIPS and custom endpoint"},
    {SM, "us-east-1", DS, "https://example.com", NULL, "Dualstack and custom endpoint"},
    {CW, "us-east-1", PLAIN, "ftp://example.com", NULL, "http:// or https://"},
    {CW, "us-east-1", PLAIN, "example.com", NULL, "http:// or https://"},
    {CW, "us-east-1", PLAIN, "https://", NULL, "http:// or https://"},
    {CW, "us-east-1", PLAIN, "", NULL, "http:// or https://"},
    /* invalid regions */
    {CW, NULL, PLAIN, NULL, NULL, "Missing Region"},
    {CW, "", PLAIN, NULL, NULL, "Missing Region"},
    {AS, "us-east-1.evil.com", PLAIN, NULL, NULL, "valid DNS host label"},
    {AS, "us east 1", PLAIN, NULL, NULL, "valid DNS host label"},
    {SM, "-us-east-1", PLAIN, NULL, NULL, "valid DNS host label"},
    {SM, "us-east-1-", PLAIN, NULL, NULL, "valid DNS host label"},
    {ST, "us-east-1/", PLAIN, NULL, NULL, "valid DNS host label"},
    {ST, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl", PLAIN, NULL, NULL,
     "valid DNS host label"},
};

static const struct {
    const char *region, *partition;
} partition_cases[] = {
    {"us-east-1", "aws"},
    {"aws-global", "aws"},
    {"il-central-1", "aws"},
    {"xx-moon-1", "aws"}, /* unknown: aws, as botocore */
    {"", "aws"},
    {NULL, "aws"},
    {"cn-north-1", "aws-cn"},
    {"cn-future-7", "aws-cn"},
    {"aws-cn-global", "aws-cn"},
    {"us-gov-west-1", "aws-us-gov"},
    {"us-gov-central-3", "aws-us-gov"},
    {"aws-us-gov-global", "aws-us-gov"},
    {"us-iso-east-1", "aws-iso"},
    {"us-isob-east-1", "aws-iso-b"},
    {"eu-isoe-west-1", "aws-iso-e"},
    {"us-isof-south-1", "aws-iso-f"},
    {"us-isof-north-4", "aws-iso-f"},
    {"eusc-de-east-1", "aws-eusc"},
    {"eusc-de-north-2", "aws-eusc"},
    {"eusc-fr-east-1", "aws"},
    {"us-gov-west", "aws"}, /* no number: matches no pattern */
};

int main(void)
{
    char what[256];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const ep_case *c = &cases[i];
        aws_endpoint_params p = {c->region, (c->flags & FIPS) != 0, (c->flags & DS) != 0,
                                 c->override};
        char *url = (char *)"unset";
        sdh_error err;
        sdh_error_clear(&err);
        sdh_status st = aws_endpoint_resolve(c->svc, &p, &url, &err);
        snprintf(what, sizeof(what), "svc %d region %s%s%s%s", (int)c->svc,
                 c->region ? c->region : "(null)", (c->flags & FIPS) ? " fips" : "",
                 (c->flags & DS) ? " dualstack" : "", c->override ? " override" : "");
        if (c->url) {
            CHECK_STR_EQ(st == SDH_STATUS_OK ? url : err.message, c->url, what);
        } else {
            int ok = st == SDH_STATUS_CONFIG_ERROR && url == NULL &&
                     strstr(err.message, c->error_part) != NULL;
            CHECK(ok, what);
            if (!ok)
                printf("#   got status %d \"%s\", want error with \"%s\"\n", (int)st, err.message,
                       c->error_part);
        }
        if (st == SDH_STATUS_OK)
            free(url);
    }
    for (size_t i = 0; i < sizeof(partition_cases) / sizeof(partition_cases[0]); i++) {
        snprintf(what, sizeof(what), "partition of %s",
                 partition_cases[i].region ? partition_cases[i].region : "(null)");
        CHECK_STR_EQ(aws_partition_of_region(partition_cases[i].region),
                     partition_cases[i].partition, what);
    }
    CHECK(aws_region_is_valid("us-east-1") && aws_region_is_valid("a") &&
              !aws_region_is_valid(NULL) && !aws_region_is_valid("") &&
              !aws_region_is_valid("us_east_1") && !aws_region_is_valid("-a"),
          "aws_region_is_valid");
    return tap_done();
}

/* Endpoint resolution for our four services. Encodes the botocore endpoint
 * rule sets (endpoint-rule-set-1.json of application-autoscaling 2016-02-06,
 * cloudwatch 2010-08-01, sagemaker 2017-07-24, sts 2011-06-15; botocore
 * 1.43): custom endpoint first (no FIPS/dual-stack with it), then the region's
 * partition and the FIPS / dual-stack host forms, with each service's special
 * cases (see `rules` below). Region names must be DNS host labels, as botocore
 * checks when a client is created. */
#include "aws/endpoints.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/partitions.h"

/* How one service forms hostnames "<host>.<region>.<suffix>". */
typedef struct service_rules {
    const char *host;      /* plain and dual-stack */
    const char *fips_host; /* FIPS, FIPS + dual-stack */
    /* FIPS without dual-stack in the partitions named here uses this host with
     * the partition's dnsSuffix (which is "amazonaws.com" for all of them). */
    const char *fips_special_host;
    const char *fips_special_partitions[3];
    /* FIPS + dual-stack in the partitions named here uses this host. */
    const char *fips_ds_special_host;
    const char *fips_ds_special_partitions[2];
} service_rules;

static const service_rules rules[AWS_SERVICE_COUNT] = {
    [AWS_SERVICE_AUTOSCALING] = {"application-autoscaling",
                                 "application-autoscaling-fips",
                                 "application-autoscaling",
                                 {"aws-us-gov", NULL},
                                 NULL,
                                 {NULL}},
    [AWS_SERVICE_CLOUDWATCH] = {"monitoring",
                                "monitoring-fips",
                                "monitoring",
                                {"aws-us-gov", NULL},
                                "monitoring",
                                {"aws-us-gov", NULL}},
    [AWS_SERVICE_SAGEMAKER] = {"api.sagemaker",
                               "api.sagemaker-fips",
                               "api-fips.sagemaker",
                               {"aws", "aws-us-gov", NULL},
                               NULL,
                               {NULL}},
    [AWS_SERVICE_STS] = {"sts", "sts-fips", "sts", {"aws-us-gov", NULL}, NULL, {NULL}},
};

const char *aws_partition_of_region(const char *region)
{
    return aws_partition_lookup(region)->id;
}

static int in_list(const char *const *list, size_t n, const char *id)
{
    for (size_t i = 0; i < n && list[i]; i++)
        if (strcmp(list[i], id) == 0)
            return 1;
    return 0;
}

int aws_region_is_valid(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-'))
            return 0;
    }
    return 1;
}

static sdh_status config_error(sdh_error *err, const char *field, const char *message)
{
    return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidEndpointConfiguration", field, "%s",
                         message);
}

/* An absolute http(s) URL with a host, by libcurl's URL parser. */
static int is_http_url(const char *url)
{
    int ok = 0;
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host[0])
        ok = strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0;
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    /* The URL must also say its scheme itself (curl would guess one). */
    return ok && (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0);
}

static sdh_status make_url(char **url, const char *host, const char *region, const char *suffix,
                           sdh_error *err)
{
    size_t n = strlen("https://") + strlen(host) + strlen(region) + strlen(suffix) + 3;
    *url = malloc(n);
    if (!*url)
        return sdh_error_set(err, SDH_STATUS_INTERNAL, "InternalError", NULL, "out of memory");
    if (region[0])
        snprintf(*url, n, "https://%s.%s.%s", host, region, suffix);
    else
        snprintf(*url, n, "https://%s.%s", host, suffix);
    return SDH_STATUS_OK;
}

sdh_status aws_endpoint_resolve(aws_service svc, const aws_endpoint_params *params, char **url,
                                sdh_error *err)
{
    *url = NULL;
    if ((unsigned)svc >= AWS_SERVICE_COUNT || !params)
        return sdh_error_set(err, SDH_STATUS_INTERNAL, "InternalError", NULL,
                             "endpoint resolution: bad arguments");
    const service_rules *r = &rules[svc];

    if (params->override) {
        if (params->use_fips)
            return config_error(
                err, "endpoint_url",
                "Invalid Configuration: FIPS and custom endpoint are not supported");
        if (params->use_dualstack)
            return config_error(
                err, "endpoint_url",
                "Invalid Configuration: Dualstack and custom endpoint are not supported");
        if (!is_http_url(params->override))
            return config_error(err, "endpoint_url",
                                "Invalid Configuration: the custom endpoint is not an absolute "
                                "http:// or https:// URL");
        *url = strdup(params->override);
        if (!*url)
            return sdh_error_set(err, SDH_STATUS_INTERNAL, "InternalError", NULL, "out of memory");
        return SDH_STATUS_OK;
    }

    const char *region = params->region;
    if (!region || !region[0])
        return config_error(err, "region", "Invalid Configuration: Missing Region");
    if (!aws_region_is_valid(region))
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidRegion", "region",
                             "Invalid region: '%.64s' is not a valid DNS host label", region);

    const aws_partition *part = aws_partition_lookup(region);
    if (params->use_fips && params->use_dualstack) {
        if (!part->supports_fips || !part->supports_dual_stack)
            return config_error(err, "region",
                                "FIPS and DualStack are enabled, but this partition does not "
                                "support one or both");
        const char *host =
            r->fips_ds_special_host && in_list(r->fips_ds_special_partitions, 2, part->id)
                ? r->fips_ds_special_host
                : r->fips_host;
        return make_url(url, host, region, part->dual_stack_dns_suffix, err);
    }
    if (params->use_fips) {
        if (!part->supports_fips)
            return config_error(err, "region",
                                "FIPS is enabled but this partition does not support FIPS");
        const char *host =
            in_list(r->fips_special_partitions, 3, part->id) ? r->fips_special_host : r->fips_host;
        return make_url(url, host, region, part->dns_suffix, err);
    }
    if (params->use_dualstack) {
        if (!part->supports_dual_stack)
            return config_error(
                err, "region",
                "DualStack is enabled but this partition does not support DualStack");
        return make_url(url, r->host, region, part->dual_stack_dns_suffix, err);
    }
    /* STS's global pseudo-region (botocore: sts.amazonaws.com, signed for us-east-1). */
    if (svc == AWS_SERVICE_STS && strcmp(region, "aws-global") == 0)
        return make_url(url, r->host, "", part->dns_suffix, err);
    return make_url(url, r->host, region, part->dns_suffix, err);
}

/* Runs botocore's endpoint rule tests (endpoint-tests-1.json of
 * application-autoscaling and cloudwatch, in $SDH_AWS_ENDPOINTS_DIR) against
 * aws_endpoint_resolve: every expected URL must match exactly and every expected
 * error must be an error with the same message. Also checks the partition table
 * against partitions.json. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/endpoints.h"
#include "aws/partitions.h"
#include "tap.h"

static void run_service(const char *dir, const char *name, aws_service svc)
{
    char path[4096], what[512];
    snprintf(path, sizeof(path), "%s/%s/endpoint-tests-1.json", dir, name);
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    json_t *cases = json_object_get(doc, "testCases");
    snprintf(what, sizeof(what), "%s: endpoint-tests-1.json has test cases", name);
    CHECK(json_array_size(cases) > 0, what);
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c)
    {
        json_t *params = json_object_get(c, "params");
        json_t *expect = json_object_get(c, "expect");
        aws_endpoint_params p = {
            json_string_value(json_object_get(params, "Region")),
            json_is_true(json_object_get(params, "UseFIPS")),
            json_is_true(json_object_get(params, "UseDualStack")),
            json_string_value(json_object_get(params, "Endpoint")),
        };
        const char *want_url =
            json_string_value(json_object_get(json_object_get(expect, "endpoint"), "url"));
        const char *want_error = json_string_value(json_object_get(expect, "error"));
        char *url = NULL;
        sdh_error err;
        sdh_error_clear(&err);
        sdh_status st = aws_endpoint_resolve(svc, &p, &url, &err);
        const char *doc_text = json_string_value(json_object_get(c, "documentation"));
        snprintf(what, sizeof(what), "%s #%zu: %s", name, i, doc_text ? doc_text : "");
        if (want_url) {
            CHECK_STR_EQ(st == SDH_STATUS_OK ? url : err.message, want_url, what);
        } else {
            int ok = st == SDH_STATUS_CONFIG_ERROR && url == NULL && want_error &&
                     strcmp(err.message, want_error) == 0;
            CHECK(ok, what);
            if (!ok)
                printf("#   got %s / \"%s\", want error \"%s\"\n", url ? url : "no url",
                       err.message, want_error ? want_error : "?");
        }
        free(url);
    }
    json_decref(doc);
}

/* Our C table carries the same facts as partitions.json. */
static void check_partitions(const char *dir)
{
    char path[4096], what[512];
    snprintf(path, sizeof(path), "%s/partitions.json", dir);
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    json_t *parts = json_object_get(doc, "partitions");
    unsigned n = 0;
    const aws_partition *table = aws_partition_table(&n);
    CHECK_INT_EQ(json_array_size(parts), n, "partitions.json: same number of partitions");
    size_t i;
    json_t *jp;
    json_array_foreach(parts, i, jp)
    {
        const char *id = json_string_value(json_object_get(jp, "id"));
        json_t *out = json_object_get(jp, "outputs");
        const aws_partition *t = NULL;
        for (unsigned k = 0; k < n; k++)
            if (id && strcmp(table[k].id, id) == 0)
                t = &table[k];
        snprintf(what, sizeof(what), "partition %s: in the table", id ? id : "?");
        CHECK(t != NULL, what);
        if (!t)
            continue;
        snprintf(what, sizeof(what), "partition %s: dnsSuffix", id);
        CHECK_STR_EQ(t->dns_suffix, json_string_value(json_object_get(out, "dnsSuffix")), what);
        snprintf(what, sizeof(what), "partition %s: dualStackDnsSuffix", id);
        CHECK_STR_EQ(t->dual_stack_dns_suffix,
                     json_string_value(json_object_get(out, "dualStackDnsSuffix")), what);
        snprintf(what, sizeof(what), "partition %s: supportsFIPS/DualStack", id);
        CHECK(t->supports_fips == json_is_true(json_object_get(out, "supportsFIPS")) &&
                  t->supports_dual_stack == json_is_true(json_object_get(out, "supportsDualStack")),
              what);
        /* Every listed region maps to this partition, and the lists agree. */
        json_t *regions = json_object_get(jp, "regions");
        size_t listed = 0;
        int all = 1;
        const char *region;
        json_t *unused;
        json_object_foreach(regions, region, unused)
        {
            all &= strcmp(aws_partition_of_region(region), id) == 0;
            listed++;
        }
        size_t ours = 0;
        while (t->regions[ours])
            ours++;
        snprintf(what, sizeof(what), "partition %s: %zu listed regions map to it", id, listed);
        CHECK(all && listed == ours, what);
    }
    json_decref(doc);
}

int main(void)
{
    const char *dir = getenv("SDH_AWS_ENDPOINTS_DIR");
    if (!dir || !dir[0])
        return tap_skip_all("SDH_AWS_ENDPOINTS_DIR is not set");
    run_service(dir, "application-autoscaling", AWS_SERVICE_AUTOSCALING);
    run_service(dir, "cloudwatch", AWS_SERVICE_CLOUDWATCH);
    check_partitions(dir);
    return tap_done();
}

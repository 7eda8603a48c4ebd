/* Fuzz target `manifest`: manifest_parse (plugin/manifest.h), the policy
 * manifest loader from text (the same path manifest_load takes after reading
 * a file), then manifest_render and manifest_part_name of every part for two
 * sets of values (short names without the step-policy ARN; 63-character names
 * with it). Checks: no crash, leak or UB; failure is INVALID_INPUT
 * "InvalidManifest" with the source in the message; a rendered part is an
 * object; a render error is INVALID_INPUT and gives no object. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_SIMPLE_INITIALIZE

static void render_all(const manifest *m, const manifest_vars *vars)
{
    for (int p = 0; p < MANIFEST_PART_COUNT; p++) {
        sdh_error err;
        sdh_error_clear(&err);
        json_t *out = NULL;
        sdh_status st = manifest_render(m, (manifest_part)p, vars, &out, &err);
        if (st == SDH_STATUS_OK) {
            FUZZ_CHECK(m->part[p] ? json_is_object(out) : out == NULL,
                       "a present part renders to an object, an absent one to nothing");
        } else {
            FUZZ_CHECK(st == SDH_STATUS_INVALID_INPUT, "render error is invalid input");
            FUZZ_CHECK(out == NULL, "no object on a render error");
            fuzz_error_ok(&err, st);
        }
        json_decref(out);
        char name[512];
        manifest_part_name(m, (manifest_part)p, vars, name, sizeof(name));
        FUZZ_CHECK(memchr(name, '\0', sizeof(name)) != NULL, "part name terminated");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char source[] = "/fuzz/policy.json";
    manifest m;
    sdh_error err;
    sdh_error_clear(&err);
    sdh_status st = manifest_parse((const char *)data, size, source, &m, &err);
    if (st != SDH_STATUS_OK) {
        FUZZ_CHECK(st == SDH_STATUS_INVALID_INPUT, "failure is invalid input");
        fuzz_error_ok(&err, st);
        FUZZ_CHECK(strcmp(err.code, "InvalidManifest") == 0, "code is InvalidManifest");
        FUZZ_CHECK(strstr(err.message, source) != NULL, "message names the source");
        manifest_free(&m);
        return 0;
    }
    FUZZ_CHECK(memchr(m.name, '\0', sizeof(m.name)) != NULL, "name terminated");
    FUZZ_CHECK(strcmp(m.source, source) == 0, "source kept");

    manifest_vars small = {"ep", "AllTraffic", 1, 4, NULL};
    render_all(&m, &small);
    manifest_vars big = {
        "e23456789-123456789-123456789-123456789-123456789-123456789-123",
        "v23456789-123456789-123456789-123456789-123456789-123456789-123", 0, 100000,
        "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1234abcd-12ab-34cd-56ef-"
        "1234567890ab:resource/sagemaker/endpoint/e/variant/v:policyName/p"};
    render_all(&m, &big);
    manifest_free(&m);
    return 0;
}

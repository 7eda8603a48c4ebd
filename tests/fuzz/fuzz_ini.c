/* Fuzz target `ini`: aws_ini_parse (plugin/aws/ini.h) on arbitrary bytes,
 * then look-ups of a few sections/keys (plain, profile, services
 * sub-properties). Checks: no crash, leak or UB; success gives a parsed file;
 * a found value has a line >= 1 and its section exists, an absent one line 0;
 * failure is SDH_STATUS_CONFIG_ERROR with a message starting "<name>:". */
#include <stddef.h>
#include <stdint.h>

#include "aws/ini.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_SIMPLE_INITIALIZE

static const char *const lookups[][2] = {
    {"default", "region"},
    {"default", "aws_access_key_id"},
    {"profile dev", "role_arn"},
    {"profile dev", "s3.endpoint_url"},
    {"services local", "sagemaker.endpoint_url"},
    {"services local", "application_autoscaling.endpoint_url"},
    {"a", "k"},
    {"", ""},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char name[] = "/fuzz/config";
    sdh_error err;
    sdh_error_clear(&err);
    aws_ini *ini = NULL;
    sdh_status st = aws_ini_parse(name, (const char *)data, size, &ini, &err);
    if (st != SDH_STATUS_OK) {
        FUZZ_CHECK(st == SDH_STATUS_CONFIG_ERROR, "failure is a config error");
        FUZZ_CHECK(ini == NULL, "no result on failure");
        fuzz_error_ok(&err, st);
        FUZZ_CHECK(strncmp(err.message, name, strlen(name)) == 0 &&
                       err.message[strlen(name)] == ':',
                   "message starts with the name and ':'");
        return 0;
    }
    FUZZ_CHECK(ini != NULL, "success gives a parsed file");
    FUZZ_CHECK(strcmp(aws_ini_name(ini), name) == 0, "name kept");
    for (size_t i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
        const char *v = aws_ini_get(ini, lookups[i][0], lookups[i][1]);
        int line = aws_ini_line(ini, lookups[i][0], lookups[i][1]);
        if (v) {
            FUZZ_CHECK(line >= 1, "a found key has a line");
            FUZZ_CHECK(aws_ini_has_section(ini, lookups[i][0]), "its section exists");
            (void)strlen(v);
        } else {
            FUZZ_CHECK(line == 0, "an absent key has line 0");
        }
    }
    aws_ini_free(ini);
    return 0;
}

/* Fuzz target `request`: the whole plugin call path without a network. The
 * vtable comes from sdh_plugin_entry (entry.c linked with the core); every
 * input is one request to `call` on a fresh instance whose host says
 * endpoint_url = http://127.0.0.1:9 (nothing listens) and policy_dir =
 * corpus/manifest, with
 * AWS_MAX_ATTEMPTS=1, fake keys, a fixed region and no config files, so an
 * operation that reaches AWS fails fast. Checks: no crash, leak or UB; the
 * response is always a JSON object with "ok" (true exactly when the status
 * is OK; else "status" and an "error" with "code" and "message"); the
 * request's "id" comes back unchanged; the fake secret key and session token
 * never appear in a response, log line or progress event (unless the input
 * itself contains them).
 * A "policy" that names a file is only let through when it is relative and
 * has no "..": the test runs in tests/fuzz, so the fuzzer cannot make the
 * plugin read /dev or /proc files (which could block).
 * SDH_FUZZ_PRINT=1 in the environment prints each status and response. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "sdhost/plugin.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAKE_SECRET "fuzzSecretKeyThatMustNeverLeak0123456789"
#define FAKE_TOKEN  "fuzzSessionTokenThatMustNeverLeakEither"

static const sdh_plugin *plugin;
static int input_has_secret; /* the current input contains a secret itself */

static void check_no_secret(const char *text, const char *where)
{
    if (input_has_secret || !text)
        return;
    FUZZ_CHECK(!strstr(text, FAKE_SECRET) && !strstr(text, FAKE_TOKEN), where);
}

static void host_log(void *data, sdh_log_level level, const char *message)
{
    (void)data;
    FUZZ_CHECK(level >= SDH_LOG_DEBUG && level <= SDH_LOG_ERROR, "log level in range");
    FUZZ_CHECK(message != NULL, "log message set");
    check_no_secret(message, "no secret in a log line");
}

static void host_progress(void *data, const char *event_json)
{
    (void)data;
    json_t *ev = json_loads(event_json, 0, NULL);
    FUZZ_CHECK(json_is_object(ev), "progress event is a JSON object");
    json_decref(ev);
    check_no_secret(event_json, "no secret in a progress event");
}

static int host_is_cancelled(void *data)
{
    (void)data;
    return 0;
}

static const char *host_config_get(void *data, const char *key)
{
    (void)data;
    if (strcmp(key, "endpoint_url") == 0)
        return "http://127.0.0.1:9";
    if (strcmp(key, "policy_dir") == 0)
        return "corpus/manifest"; /* relative to tests/fuzz, where the test runs */
    return NULL;
}

static const sdh_host_services host = {
    .abi_version = SDH_ABI_VERSION,
    .struct_size = sizeof(sdh_host_services),
    .host_data = NULL,
    .log = host_log,
    .progress = host_progress,
    .is_cancelled = host_is_cancelled,
    .config_get = host_config_get,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    static const char *const unset[] = {"AWS_PROFILE",
                                        "AWS_DEFAULT_PROFILE",
                                        "AWS_ENDPOINT_URL",
                                        "AWS_ENDPOINT_URL_SAGEMAKER",
                                        "AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING",
                                        "AWS_ENDPOINT_URL_CLOUDWATCH",
                                        "AWS_CA_BUNDLE",
                                        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                                        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                                        "AWS_WEB_IDENTITY_TOKEN_FILE",
                                        "AWS_ROLE_ARN",
                                        "AWS_DEFAULT_REGION",
                                        "AWS_USE_FIPS_ENDPOINT",
                                        "AWS_USE_DUALSTACK_ENDPOINT",
                                        "http_proxy",
                                        "HTTP_PROXY",
                                        "https_proxy",
                                        "HTTPS_PROXY",
                                        "all_proxy",
                                        "ALL_PROXY"};
    for (size_t i = 0; i < sizeof(unset) / sizeof(unset[0]); i++)
        unsetenv(unset[i]);
    setenv("no_proxy", "*", 1);
    setenv("AWS_CONFIG_FILE", "/nonexistent/sdh-fuzz/config", 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/sdh-fuzz/credentials", 1);
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    setenv("AWS_REGION", "us-east-1", 1);
    setenv("AWS_MAX_ATTEMPTS", "1", 1);
    setenv("AWS_RETRY_MODE", "standard", 1);
    setenv("AWS_ACCESS_KEY_ID", "AKIAFUZZFUZZFUZZFUZZ", 1);
    setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET, 1);
    setenv("AWS_SESSION_TOKEN", FAKE_TOKEN, 1);
    plugin = sdh_plugin_entry(SDH_ABI_VERSION);
    FUZZ_CHECK(plugin != NULL, "the plugin speaks ABI 1");
    return 0;
}

/* Non-zero when the input is a request whose "policy" names a file outside
 * the working directory (absolute, or with ".."): skipped. */
static int reads_outside(const json_t *req)
{
    const char *policy = json_string_value(json_object_get(req, "policy"));
    if (!policy)
        return 0;
    size_t n = strlen(policy);
    int is_path = strchr(policy, '/') || (n >= 5 && strcmp(policy + n - 5, ".json") == 0);
    return is_path && (policy[0] == '/' || strstr(policy, ".."));
}

static int has_text(const uint8_t *data, size_t size, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= size; i++)
        if (memcmp(data + i, s, n) == 0)
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    json_t *req = json_loadb(text, size, JSON_REJECT_DUPLICATES, NULL);
    if (json_is_object(req) && reads_outside(req)) {
        json_decref(req);
        return 0;
    }
    const json_t *id = json_is_object(req) ? json_object_get(req, "id") : NULL;
    input_has_secret = has_text(data, size, "fuzzSecret") || has_text(data, size, "fuzzSession");

    char *error_json = NULL;
    sdh_instance *inst = plugin->create(&host, &error_json);
    FUZZ_CHECK(inst != NULL && error_json == NULL, "create succeeds");

    char *response = NULL;
    sdh_status st = plugin->call(inst, text, size, &response);
    FUZZ_CHECK(response != NULL, "a response is always set (no OOM here)");
    check_no_secret(response, "no secret in the response");
    if (getenv("SDH_FUZZ_PRINT")) /* to see what a reproducer does */
        fprintf(stderr, "status %d: %s\n", (int)st, response);

    json_error_t jerr;
    json_t *resp = json_loads(response, JSON_REJECT_DUPLICATES, &jerr);
    FUZZ_CHECK(json_is_object(resp), "the response is a JSON object");
    json_t *ok = json_object_get(resp, "ok");
    FUZZ_CHECK(json_is_boolean(ok), "the response has a boolean \"ok\"");
    FUZZ_CHECK(json_is_true(ok) == (st == SDH_STATUS_OK), "\"ok\" is true exactly on OK");
    if (st != SDH_STATUS_OK) {
        FUZZ_CHECK(st == SDH_STATUS_REMOTE_ERROR || st == SDH_STATUS_INVALID_INPUT ||
                       st == SDH_STATUS_CONFIG_ERROR || st == SDH_STATUS_PARTIAL ||
                       st == SDH_STATUS_CANCELLED || st == SDH_STATUS_INTERNAL,
                   "status is one of the ABI's");
        FUZZ_CHECK(json_is_string(json_object_get(resp, "status")), "error has \"status\"");
        json_t *e = json_object_get(resp, "error");
        FUZZ_CHECK(json_is_object(e), "error body has \"error\"");
        FUZZ_CHECK(json_is_string(json_object_get(e, "code")), "error has a code");
        FUZZ_CHECK(json_is_string(json_object_get(e, "message")), "error has a message");
    }
    if (id)
        FUZZ_CHECK(json_equal(json_object_get(resp, "id"), (json_t *)id),
                   "the request id comes back unchanged");

    json_decref(resp);
    json_decref(req);
    plugin->free_string(response);
    plugin->destroy(inst);
    return 0;
}

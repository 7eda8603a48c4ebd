/* Unit tests for settings resolution (aws/settings.h) and the parts of the
 * credentials chain that need no network (aws/credentials.h): environment,
 * static profile keys, credentials file over config file, missing profiles,
 * credential_process with a temporary script, the NoCredentials message, and
 * the wiping of parsed credential documents.
 * Uses setenv/unsetenv in-process and files in a temporary directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/credentials.h"
#include "aws/creds_provider.h"
#include "aws/settings.h"
#include "tap.h"

static char dir[64];
static char config_path[128], creds_path[128];

static const char *const aws_vars[] = {
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_CA_BUNDLE",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SAGEMAKER",
    "AWS_ENDPOINT_URL_CLOUDWATCH",
    "AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING",
    "AWS_ENDPOINT_URL_STS",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
};

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

/* Fresh environment: files in the temp dir with the given contents (NULL =
 * absent), no AWS variables, IMDS disabled. */
static void reset(const char *config, const char *credentials)
{
    for (size_t i = 0; i < sizeof(aws_vars) / sizeof(aws_vars[0]); i++)
        unsetenv(aws_vars[i]);
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    setenv("AWS_CONFIG_FILE", config_path, 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", creds_path, 1);
    unlink(config_path);
    unlink(creds_path);
    if (config)
        write_file(config_path, config);
    if (credentials)
        write_file(creds_path, credentials);
}

/* Load with optional explicit input; returns the status, `err` filled. */
static sdh_status load(aws_settings *s, const aws_settings_input *in, sdh_error *err)
{
    sdh_error_clear(err);
    return aws_settings_load(s, in, err);
}

static int contains(const char *hay, const char *needle)
{
    int ok = hay && strstr(hay, needle) != NULL;
    if (!ok)
        printf("#   \"%s\" does not contain \"%s\"\n", hay ? hay : "(null)", needle);
    return ok;
}

static void expect_error(const char *what, const char *needle)
{
    aws_settings s;
    sdh_error err;
    sdh_status st = load(&s, NULL, &err);
    CHECK_INT_EQ(st, SDH_STATUS_CONFIG_ERROR, what);
    CHECK(contains(err.message, needle), what);
    if (st == SDH_STATUS_OK)
        aws_settings_clear(&s);
}

static void test_defaults(void)
{
    reset(NULL, NULL);
    aws_settings s;
    sdh_error err;
    CHECK_INT_EQ(load(&s, NULL, &err), SDH_STATUS_OK, "no files, no variables: loads");
    CHECK_STR_EQ(s.profile, "default", "default profile");
    CHECK(s.region == NULL, "no region");
    CHECK_INT_EQ(s.max_attempts, 3, "max_attempts default 3");
    CHECK_INT_EQ(s.retry_mode, AWS_RETRY_STANDARD, "retry mode default standard");
    CHECK(s.ca_bundle == NULL && s.endpoint_url == NULL, "no CA bundle, no endpoint");
    CHECK_STR_EQ(s.config_file, config_path, "AWS_CONFIG_FILE used");
    CHECK_STR_EQ(s.credentials_file, creds_path, "AWS_SHARED_CREDENTIALS_FILE used");
    aws_settings_clear(&s);

    unsetenv("AWS_CONFIG_FILE");
    unsetenv("AWS_SHARED_CREDENTIALS_FILE");
    const char *old_home = getenv("HOME");
    char *saved = old_home ? strdup(old_home) : NULL;
    setenv("HOME", dir, 1);
    CHECK_INT_EQ(load(&s, NULL, &err), SDH_STATUS_OK, "default paths load");
    char want[200];
    snprintf(want, sizeof(want), "%s/.aws/config", dir);
    CHECK_STR_EQ(s.config_file, want, "~/.aws/config expanded with $HOME");
    snprintf(want, sizeof(want), "%s/.aws/credentials", dir);
    CHECK_STR_EQ(s.credentials_file, want, "~/.aws/credentials expanded with $HOME");
    aws_settings_clear(&s);
    if (saved)
        setenv("HOME", saved, 1);
    free(saved);
}

static void test_region(void)
{
    reset("[default]\nregion = eu-central-1\n[profile dev]\nregion = ap-northeast-1\n", NULL);
    aws_settings s;
    sdh_error err;
    load(&s, NULL, &err);
    CHECK_STR_EQ(s.region, "eu-central-1", "region from the profile");
    CHECK_STR_EQ(s.region_source, "profile", "region source profile");
    aws_settings_clear(&s);

    setenv("AWS_DEFAULT_REGION", "us-west-1", 1);
    load(&s, NULL, &err);
    CHECK_STR_EQ(s.region, "us-west-1", "AWS_DEFAULT_REGION beats the profile");
    CHECK_STR_EQ(s.region_source, "AWS_DEFAULT_REGION", "source AWS_DEFAULT_REGION");
    aws_settings_clear(&s);

    setenv("AWS_REGION", "us-east-2", 1);
    load(&s, NULL, &err);
    CHECK_STR_EQ(s.region, "us-east-2", "AWS_REGION beats AWS_DEFAULT_REGION");
    aws_settings_clear(&s);

    aws_settings_input in = {"sa-east-1", NULL, NULL};
    load(&s, &in, &err);
    CHECK_STR_EQ(s.region, "sa-east-1", "explicit region beats AWS_REGION");
    CHECK_STR_EQ(s.region_source, "request", "source request");
    aws_settings_clear(&s);

    unsetenv("AWS_REGION");
    unsetenv("AWS_DEFAULT_REGION");
    setenv("AWS_PROFILE", "dev", 1);
    load(&s, NULL, &err);
    CHECK_STR_EQ(s.profile, "dev", "AWS_PROFILE selects the profile");
    CHECK_STR_EQ(s.region, "ap-northeast-1", "region of the selected profile");
    aws_settings_clear(&s);

    in = (aws_settings_input){NULL, "default", NULL};
    load(&s, &in, &err);
    CHECK_STR_EQ(s.region, "eu-central-1", "explicit profile beats AWS_PROFILE");
    aws_settings_clear(&s);

    setenv("AWS_REGION", "us east 1", 1);
    expect_error("invalid region from AWS_REGION", "'us east 1' from AWS_REGION");
    setenv("AWS_REGION", "-bad", 1);
    expect_error("region starting with '-'", "from AWS_REGION");
    reset("[default]\n\nregion = a/b\n", NULL);
    char want[200];
    snprintf(want, sizeof(want), "'a/b' from %s:3", config_path);
    expect_error("invalid region from the config file names file:line", want);
}

static void test_profiles(void)
{
    reset("[default]\nregion = us-east-1\n", NULL);
    setenv("AWS_PROFILE", "nosuch", 1);
    expect_error("missing profile", "The config profile (nosuch) could not be found");
    aws_settings s;
    sdh_error err;
    aws_settings_input in = {NULL, "other", NULL};
    CHECK_INT_EQ(load(&s, &in, &err), SDH_STATUS_CONFIG_ERROR, "missing explicit profile");
    CHECK_STR_EQ(err.code, "ProfileNotFound", "code ProfileNotFound");

    reset(NULL, "[dev]\naws_access_key_id = AKIDDEV\nregion = eu-west-3\n");
    setenv("AWS_PROFILE", "dev", 1);
    CHECK_INT_EQ(load(&s, NULL, &err), SDH_STATUS_OK,
                 "profile only in the credentials file exists");
    CHECK_STR_EQ(s.region, "eu-west-3", "settings also read from the credentials file");
    aws_settings_clear(&s);

    /* botocore (and so the AWS CLI) reads AWS_DEFAULT_PROFILE before AWS_PROFILE */
    reset("[profile a]\nregion = eu-west-1\n[profile b]\nregion = eu-west-2\n", NULL);
    setenv("AWS_PROFILE", "a", 1);
    setenv("AWS_DEFAULT_PROFILE", "b", 1);
    CHECK_INT_EQ(load(&s, NULL, &err), SDH_STATUS_OK, "both profile variables set");
    CHECK_STR_EQ(s.profile, "b", "AWS_DEFAULT_PROFILE beats AWS_PROFILE, as in botocore");
    aws_settings_clear(&s);
    aws_settings_input pin = {NULL, "a", NULL};
    CHECK_INT_EQ(load(&s, &pin, &err), SDH_STATUS_OK, "explicit profile with both variables");
    CHECK_STR_EQ(s.profile, "a", "an explicit profile beats both variables");
    aws_settings_clear(&s);

    reset("[profile default]\nregion = ca-central-1\n", NULL);
    load(&s, NULL, &err);
    CHECK_STR_EQ(s.region, "ca-central-1", "[profile default] accepted");
    aws_settings_clear(&s);

    reset("[default]\nregion = us-east-1\n[dev]\nregion = eu-west-1\n", NULL);
    setenv("AWS_PROFILE", "dev", 1);
    expect_error("[dev] in the config file is not [profile dev]", "(dev) could not be found");

    reset("[default]\nregion = us-east-1\nmax_attempts = 4\n", "[default]\nregion = eu-north-1\n");
    load(&s, NULL, &err);
    CHECK_STR_EQ(s.region, "eu-north-1", "credentials file wins over config for a key");
    CHECK_INT_EQ(s.max_attempts, 4, "other keys still from config");
    const char *file = NULL;
    int line = 0;
    aws_settings_profile_value_at(&s, "max_attempts", &file, &line);
    CHECK_STR_EQ(file, config_path, "value_at file");
    CHECK_INT_EQ(line, 3, "value_at line");
    aws_settings_clear(&s);

    reset("[default]\nregion = us-east-1\n[profile x\n", NULL);
    char want[200];
    snprintf(want, sizeof(want), "%s:3: section header", config_path);
    expect_error("broken config file names file:line", want);
    reset(NULL, "k = v\n");
    snprintf(want, sizeof(want), "%s:1: key outside", creds_path);
    expect_error("broken credentials file names file:line", want);
}

static void test_retry_and_flags(void)
{
    reset("[default]\nmax_attempts = 7\nretry_mode = legacy\nuse_fips_endpoint = true\n"
          "use_dualstack_endpoint = TRUE\n",
          NULL);
    aws_settings s;
    sdh_error err;
    load(&s, NULL, &err);
    CHECK_INT_EQ(s.max_attempts, 7, "max_attempts from profile");
    CHECK_INT_EQ(s.retry_mode, AWS_RETRY_LEGACY, "retry_mode from profile");
    CHECK_INT_EQ(s.use_fips, 1, "use_fips_endpoint from profile");
    CHECK_INT_EQ(s.use_dualstack, 1, "use_dualstack_endpoint from profile (case-insensitive)");
    aws_settings_clear(&s);

    setenv("AWS_MAX_ATTEMPTS", "2", 1);
    setenv("AWS_RETRY_MODE", "adaptive", 1);
    setenv("AWS_USE_FIPS_ENDPOINT", "false", 1);
    setenv("AWS_USE_DUALSTACK_ENDPOINT", "false", 1);
    load(&s, NULL, &err);
    CHECK_INT_EQ(s.max_attempts, 2, "AWS_MAX_ATTEMPTS beats the profile");
    CHECK_INT_EQ(s.retry_mode, AWS_RETRY_ADAPTIVE, "AWS_RETRY_MODE beats the profile");
    CHECK_INT_EQ(s.use_fips, 0, "AWS_USE_FIPS_ENDPOINT beats the profile");
    CHECK_INT_EQ(s.use_dualstack, 0, "AWS_USE_DUALSTACK_ENDPOINT beats the profile");
    aws_settings_clear(&s);

    static const char *const bad_attempts[] = {"abc", "0", "-1", "3x", "99999999999"};
    for (size_t i = 0; i < sizeof(bad_attempts) / sizeof(bad_attempts[0]); i++) {
        setenv("AWS_MAX_ATTEMPTS", bad_attempts[i], 1);
        expect_error("invalid AWS_MAX_ATTEMPTS", "from AWS_MAX_ATTEMPTS");
    }
    unsetenv("AWS_MAX_ATTEMPTS");
    setenv("AWS_RETRY_MODE", "fast", 1);
    expect_error("invalid AWS_RETRY_MODE", "invalid retry_mode 'fast' from AWS_RETRY_MODE");
    unsetenv("AWS_RETRY_MODE");
    setenv("AWS_USE_FIPS_ENDPOINT", "yes", 1);
    expect_error("invalid AWS_USE_FIPS_ENDPOINT", "'yes' from AWS_USE_FIPS_ENDPOINT");
    unsetenv("AWS_USE_FIPS_ENDPOINT");
    setenv("AWS_USE_DUALSTACK_ENDPOINT", "1", 1);
    expect_error("invalid AWS_USE_DUALSTACK_ENDPOINT", "from AWS_USE_DUALSTACK_ENDPOINT");

    reset("[default]\nregion = us-east-1\nmax_attempts = zero\n", NULL);
    char want[200];
    snprintf(want, sizeof(want), "'zero' from %s:3", config_path);
    expect_error("invalid max_attempts in the file names file:line", want);
    reset("[default]\nretry_mode = turbo\n", NULL);
    snprintf(want, sizeof(want), "from %s:2", config_path);
    expect_error("invalid retry_mode in the file names file:line", want);
    reset("[default]\nuse_fips_endpoint = maybe\n", NULL);
    expect_error("invalid use_fips_endpoint in the file", want);
}

static void test_ca_bundle(void)
{
    char bundle[160];
    snprintf(bundle, sizeof(bundle), "%s/ca.pem", dir);
    write_file(bundle, "not really a PEM\n");
    char cfg[300];
    snprintf(cfg, sizeof(cfg), "[default]\nca_bundle = %s\n", bundle);
    reset(cfg, NULL);
    aws_settings s;
    sdh_error err;
    load(&s, NULL, &err);
    CHECK_STR_EQ(s.ca_bundle, bundle, "ca_bundle from the profile");
    aws_settings_clear(&s);
    setenv("AWS_CA_BUNDLE", "/nonexistent/ca.pem", 1);
    expect_error("AWS_CA_BUNDLE must be readable", "'/nonexistent/ca.pem' from AWS_CA_BUNDLE");
    setenv("AWS_CA_BUNDLE", dir, 1);
    expect_error("AWS_CA_BUNDLE must be a file", "from AWS_CA_BUNDLE is not a readable file");
    setenv("AWS_CA_BUNDLE", bundle, 1);
    CHECK_INT_EQ(load(&s, NULL, &err), SDH_STATUS_OK, "AWS_CA_BUNDLE file");
    CHECK_STR_EQ(s.ca_bundle, bundle, "AWS_CA_BUNDLE used");
    aws_settings_clear(&s);
    reset("[default]\nca_bundle = /nope.pem\n", NULL);
    char want[200];
    snprintf(want, sizeof(want), "from %s:2", config_path);
    expect_error("profile ca_bundle must be readable", want);
    unlink(bundle);
}

static void test_endpoints(void)
{
    reset("[default]\nendpoint_url = http://profile-global:1\nservices = local\n"
          "[services local]\nsagemaker =\n  endpoint_url = http://services-sm:2\n"
          "sts =\n  endpoint_url = http://services-sts:3\n",
          NULL);
    aws_settings s;
    sdh_error err;
    load(&s, NULL, &err);
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_SAGEMAKER), "http://services-sm:2",
                 "[services] section sub-property");
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_CLOUDWATCH), "http://profile-global:1",
                 "profile endpoint_url for other services");
    aws_settings_clear(&s);

    setenv("AWS_ENDPOINT_URL", "http://env-global:4", 1);
    load(&s, NULL, &err);
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_CLOUDWATCH), "http://env-global:4",
                 "AWS_ENDPOINT_URL beats profile endpoint_url");
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_SAGEMAKER), "http://env-global:4",
                 "global (env) before service-specific (file), as botocore");
    aws_settings_clear(&s);

    setenv("AWS_ENDPOINT_URL_SAGEMAKER", "http://env-sm:5", 1);
    setenv("AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING", "https://env-aas:6", 1);
    load(&s, NULL, &err);
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_SAGEMAKER), "http://env-sm:5",
                 "AWS_ENDPOINT_URL_SAGEMAKER beats [services]");
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_AUTOSCALING), "https://env-aas:6",
                 "AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING");
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_STS), "http://env-global:4",
                 "AWS_ENDPOINT_URL still beats [services] for sts");
    aws_settings_clear(&s);
    unsetenv("AWS_ENDPOINT_URL");
    load(&s, NULL, &err);
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_STS), "http://services-sts:3",
                 "sts from [services] without AWS_ENDPOINT_URL");
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_SAGEMAKER), "http://env-sm:5",
                 "AWS_ENDPOINT_URL_SAGEMAKER beats [services] without AWS_ENDPOINT_URL");
    aws_settings_clear(&s);

    aws_settings_input in = {NULL, NULL, "http://explicit:7"};
    load(&s, &in, &err);
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_SAGEMAKER), "http://explicit:7",
                 "explicit endpoint beats everything");
    aws_settings_clear(&s);

    setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
    load(&s, NULL, &err);
    CHECK(aws_settings_endpoint_url(&s, AWS_SERVICE_SAGEMAKER) == NULL &&
              aws_settings_endpoint_url(&s, AWS_SERVICE_CLOUDWATCH) == NULL,
          "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS disables env and file endpoints");
    CHECK_INT_EQ(s.ignore_configured_endpoint_urls, 1, "flag set");
    aws_settings_clear(&s);
    load(&s, &in, &err);
    CHECK_STR_EQ(aws_settings_endpoint_url(&s, AWS_SERVICE_CLOUDWATCH), "http://explicit:7",
                 "explicit endpoint still applies when configured ones are ignored");
    aws_settings_clear(&s);

    reset("[default]\nignore_configured_endpoint_urls = true\nendpoint_url = http://x:1\n", NULL);
    setenv("AWS_ENDPOINT_URL", "http://env:1", 1);
    load(&s, NULL, &err);
    CHECK(aws_settings_endpoint_url(&s, AWS_SERVICE_STS) == NULL,
          "ignore_configured_endpoint_urls in the profile");
    aws_settings_clear(&s);

    reset(NULL, NULL);
    setenv("AWS_ENDPOINT_URL_STS", "ftp://x", 1);
    expect_error("invalid endpoint URL", "'ftp://x' from AWS_ENDPOINT_URL_STS");
}

/* --- the credentials chain without network --- */

static sdh_status resolve(aws_credentials_chain **chain, aws_settings *s, const aws_credentials **c,
                          sdh_error *err)
{
    sdh_error_clear(err);
    *c = NULL;
    *chain = NULL;
    sdh_status st = aws_settings_load(s, NULL, err);
    if (st != SDH_STATUS_OK)
        return st;
    *chain = aws_credentials_chain_new(s, NULL, NULL);
    return aws_credentials_chain_get(*chain, time(NULL), c, err);
}

static void done(aws_credentials_chain *chain, aws_settings *s)
{
    aws_credentials_chain_free(chain);
    aws_settings_clear(s);
}

static void test_chain_env_and_profile(void)
{
    aws_settings s;
    aws_credentials_chain *chain;
    const aws_credentials *c;
    sdh_error err;

    reset("[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = secret-config\n",
          "[default]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = secret-creds\n"
          "aws_session_token = token-creds\n");
    setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "secret-env", 1);
    setenv("AWS_SECURITY_TOKEN", "legacy-token", 1);
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_OK, "env credentials");
    CHECK_STR_EQ(c ? c->access_key_id : NULL, "AKIDENV", "env beats the profile");
    CHECK_STR_EQ(c ? c->secret_access_key : NULL, "secret-env", "env secret");
    CHECK_STR_EQ(c ? c->session_token : NULL, "legacy-token", "AWS_SECURITY_TOKEN fallback");
    CHECK_STR_EQ(c ? c->source : NULL, "environment", "source environment");
    CHECK_INT_EQ(c ? c->expiration : -1, 0, "env credentials do not expire");
    done(chain, &s);

    setenv("AWS_SESSION_TOKEN", "session-token", 1);
    resolve(&chain, &s, &c, &err);
    CHECK_STR_EQ(c ? c->session_token : NULL, "session-token",
                 "AWS_SESSION_TOKEN beats AWS_SECURITY_TOKEN");
    done(chain, &s);

    unsetenv("AWS_SECRET_ACCESS_KEY");
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR, "half env pair");
    CHECK(contains(err.message, "AWS_SECRET_ACCESS_KEY is not"), "names the missing variable");
    done(chain, &s);
    unsetenv("AWS_ACCESS_KEY_ID");
    setenv("AWS_SECRET_ACCESS_KEY", "secret-env", 1);
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR, "other half");
    CHECK(contains(err.message, "AWS_ACCESS_KEY_ID is not"), "names AWS_ACCESS_KEY_ID");
    CHECK(strstr(err.message, "secret-env") == NULL, "no secret in the message");
    done(chain, &s);
    unsetenv("AWS_SECRET_ACCESS_KEY");
    unsetenv("AWS_SESSION_TOKEN");
    unsetenv("AWS_SECURITY_TOKEN");

    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_OK, "profile credentials");
    CHECK_STR_EQ(c ? c->access_key_id : NULL, "AKIDCREDS", "credentials file wins over config");
    CHECK_STR_EQ(c ? c->session_token : NULL, "token-creds", "session token from the file");
    CHECK_STR_EQ(c ? c->source : NULL, "profile default", "source names the profile");
    const aws_credentials *again = NULL;
    aws_credentials_chain_get(chain, time(NULL), &again, &err);
    CHECK(again == c, "second get uses the cache");
    done(chain, &s);

    reset("[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = secret-config\n",
          NULL);
    resolve(&chain, &s, &c, &err);
    CHECK_STR_EQ(c ? c->access_key_id : NULL, "AKIDCONFIG", "static keys in the config file");
    CHECK(c && c->session_token == NULL, "no session token");
    done(chain, &s);

    reset(NULL, "[default]\naws_access_key_id = AKIDHALF\n");
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR, "half profile pair");
    CHECK(contains(err.message, "aws_secret_access_key is not"), "names the missing key");
    CHECK(contains(err.message, creds_path), "names the file");
    done(chain, &s);

    reset("[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = "
          "default\n[default]\naws_access_key_id = A\naws_secret_access_key = B\n",
          NULL);
    setenv("AWS_PROFILE", "dev", 1);
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR,
                 "assume-role profile is reported");
    CHECK(contains(err.message, "profile dev assumes role") &&
              contains(err.message, "source_profile") && contains(err.message, "not supported"),
          "assume-role: not supported, named");
    done(chain, &s);

    reset("[profile sso]\nsso_session = corp\nsso_account_id = 1\n", NULL);
    setenv("AWS_PROFILE", "sso", 1);
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR, "SSO profile reported");
    CHECK(contains(err.message, "sso_session") && contains(err.message, "not supported"),
          "SSO: not supported, named");
    done(chain, &s);

    reset("[default]\n", NULL);
    setenv("AWS_PROFILE", "ghost", 1);
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR, "missing profile");
    CHECK(contains(err.message, "The config profile (ghost) could not be found"),
          "missing profile message");
    done(chain, &s);
}

static void test_chain_process(void)
{
    aws_settings s;
    aws_credentials_chain *chain;
    const aws_credentials *c;
    sdh_error err;
    char script[160], cfg[600];
    snprintf(script, sizeof(script), "%s/creds.sh", dir);
    write_file(script, "#!/bin/sh\n"
                       "case \"$1\" in\n"
                       "ok) echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
                       "\"SecretAccessKey\": \"proc-secret\", \"SessionToken\": \"proc-token\", "
                       "\"Expiration\": \"2999-01-02T03:04:05Z\"}' ;;\n"
                       "static) echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDP2\", "
                       "\"SecretAccessKey\": \"s\"}' ;;\n"
                       "fail) echo 'token service unavailable' >&2; exit 3 ;;\n"
                       "notjson) echo 'hello' ;;\n"
                       "v2) echo '{\"Version\": 2, \"AccessKeyId\": \"A\", "
                       "\"SecretAccessKey\": \"s\"}' ;;\n"
                       "nokey) echo '{\"Version\": 1, \"SecretAccessKey\": \"s\"}' ;;\n"
                       "badexp) echo '{\"Version\": 1, \"AccessKeyId\": \"A\", "
                       "\"SecretAccessKey\": \"s\", \"Expiration\": \"tomorrow\"}' ;;\n"
                       "leak) echo '{\"Version\": 1, \"AccessKeyId\": \"A\", "
                       "\"SecretAccessKey\": LeakedSecretValue}' ;;\n"
                       "esac\n");
    chmod(script, 0700);

    snprintf(cfg, sizeof(cfg), "[profile p]\ncredential_process = %s ok\n", script);
    reset(cfg, NULL);
    setenv("AWS_PROFILE", "p", 1);
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_OK, "credential_process");
    CHECK_STR_EQ(c ? c->access_key_id : NULL, "AKIDPROC", "process key id");
    CHECK_STR_EQ(c ? c->secret_access_key : NULL, "proc-secret", "process secret");
    CHECK_STR_EQ(c ? c->session_token : NULL, "proc-token", "process token");
    CHECK_INT_EQ(c ? c->expiration : 0, 32472241445LL, "process expiration parsed");
    CHECK_STR_EQ(c ? c->source : NULL, "process p", "source process p");
    done(chain, &s);

    snprintf(cfg, sizeof(cfg),
             "[profile p]\ncredential_process = %s ok\naws_access_key_id = AKIDCFG\n"
             "aws_secret_access_key = x\n",
             script);
    char creds[200];
    snprintf(creds, sizeof(creds), "[p]\ncredential_process = %s static\n", script);
    reset(cfg, creds);
    setenv("AWS_PROFILE", "p", 1);
    resolve(&chain, &s, &c, &err);
    CHECK_STR_EQ(c ? c->access_key_id : NULL, "AKIDP2",
                 "credential_process (credentials file) before config-file static keys");
    CHECK_INT_EQ(c ? c->expiration : -1, 0, "no Expiration: does not expire");
    done(chain, &s);

    static const struct {
        const char *arg;
        const char *want;
    } bad[] = {
        {"fail", "exited with status 3: token service unavailable"},
        {"notjson", "output is not JSON"},
        {"v2", "Version must be 1"},
        {"nokey", "AccessKeyId is missing"},
        {"badexp", "Expiration 'tomorrow' is not an ISO 8601 time"},
        {"leak", "output is not JSON"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(cfg, sizeof(cfg), "[profile p]\ncredential_process = %s %s\n", script, bad[i].arg);
        reset(cfg, NULL);
        setenv("AWS_PROFILE", "p", 1);
        CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR, bad[i].arg);
        CHECK(contains(err.message, "credential_process of profile p") &&
                  contains(err.message, bad[i].want),
              bad[i].want);
        /* Jansson's error text quotes the token near the error: never shown */
        CHECK(strstr(err.message, "LeakedSecret") == NULL, "no process output in the message");
        done(chain, &s);
    }
    unlink(script);
}

static void test_no_credentials(void)
{
    aws_settings s;
    aws_credentials_chain *chain;
    const aws_credentials *c;
    sdh_error err;
    reset(NULL, NULL);
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR, "nothing configured");
    CHECK_STR_EQ(err.code, "NoCredentials", "code NoCredentials");
    char want[600];
    snprintf(want, sizeof(want),
             "environment: AWS_ACCESS_KEY_ID not set; web identity: AWS_WEB_IDENTITY_TOKEN_FILE "
             "not set; profile default: not found in %s or %s; container: no "
             "AWS_CONTAINER_CREDENTIALS_* variable; imds: disabled by AWS_EC2_METADATA_DISABLED",
             config_path, creds_path);
    CHECK(contains(err.message, want), "message lists every source and why");
    done(chain, &s);

    reset("[default]\nregion = us-east-1\n", NULL);
    resolve(&chain, &s, &c, &err);
    CHECK(contains(err.message, "profile default: no aws_access_key_id or credential_process"),
          "existing profile without keys");
    done(chain, &s);

    reset(NULL, NULL);
    setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token", 1);
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR,
                 "web identity without role");
    CHECK(contains(err.message, "no role ARN"), "web identity: role ARN missing");
    done(chain, &s);
    setenv("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/r", 1);
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR, "unreadable token file");
    CHECK(contains(err.message, "cannot read the token file /nonexistent/token"),
          "web identity: token file named");
    done(chain, &s);

    reset(NULL, NULL);
    setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds", 1);
    CHECK_INT_EQ(resolve(&chain, &s, &c, &err), SDH_STATUS_CONFIG_ERROR, "container http host");
    CHECK(contains(err.message, "host example.com is not allowed"), "container host refused");
    done(chain, &s);
}

/* creds_json_release overwrites the secret strings Jansson copied; a value kept
 * alive by an extra reference shows what the freed ones would have held. */
static void test_json_release(void)
{
    const char *text = "{\"AccessKeyId\":\"AKID\",\"SecretAccessKey\":\"wipe-me-secret\","
                       "\"Nested\":{\"Token\":[\"wipe-me-token\"]}}";
    json_t *doc = json_loads(text, 0, NULL);
    json_t *secret = json_incref(json_object_get(doc, "SecretAccessKey"));
    json_t *token =
        json_incref(json_array_get(json_object_get(json_object_get(doc, "Nested"), "Token"), 0));
    size_t len = json_string_length(secret);
    creds_json_release(doc);
    const char *s = json_string_value(secret);
    size_t zeros = 0;
    for (size_t i = 0; i < len; i++)
        zeros += s[i] == '\0';
    CHECK_INT_EQ(zeros, len, "the secret string is overwritten");
    CHECK(json_string_value(token)[0] == '\0', "nested strings too");
    json_decref(secret);
    json_decref(token);

    doc = json_loads(text, 0, NULL);
    json_t *shared = json_incref(doc);
    creds_json_release(doc);
    CHECK_STR_EQ(json_string_value(json_object_get(shared, "SecretAccessKey")), "wipe-me-secret",
                 "a shared document is left alone");
    json_decref(shared);
    creds_json_release(NULL);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "/tmp/test_settings_XXXXXX");
    if (!mkdtemp(dir))
        return tap_skip_all("mkdtemp failed");
    snprintf(config_path, sizeof(config_path), "%s/config", dir);
    snprintf(creds_path, sizeof(creds_path), "%s/credentials", dir);
    test_defaults();
    test_region();
    test_profiles();
    test_retry_and_flags();
    test_ca_bundle();
    test_endpoints();
    test_chain_env_and_profile();
    test_chain_process();
    test_no_credentials();
    test_json_release();
    unlink(config_path);
    unlink(creds_path);
    rmdir(dir);
    return tap_done();
}

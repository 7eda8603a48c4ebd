/* Resolving one client's AWS settings (profile, region, CA bundle, retries,
 * FIPS/dual-stack, endpoint overrides) from explicit input, environment
 * variables and the shared config/credentials files, as the AWS CLI does.
 * Owns the aws_settings members. */
#include "aws/settings.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/endpoints.h"

const char *aws_env(const char *name)
{
    const char *v = getenv(name);
    return v && v[0] ? v : NULL;
}

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static sdh_status oom(sdh_error *err)
{
    return sdh_error_set(err, SDH_STATUS_INTERNAL, "OutOfMemory", NULL,
                         "out of memory loading AWS settings");
}

char *aws_settings_expand_home(const char *path)
{
    if (!path)
        return NULL;
    const char *home = getenv("HOME");
    if ((path[0] == '~' && (path[1] == '/' || path[1] == '\0')) && home && home[0]) {
        size_t hn = strlen(home), pn = strlen(path + 1);
        char *out = malloc(hn + pn + 1);
        if (out) {
            memcpy(out, home, hn);
            memcpy(out + hn, path + 1, pn + 1);
        }
        return out;
    }
    return strdup(path);
}

const char *aws_settings_config_section(const aws_settings *s, char *buf, size_t n)
{
    if (strcmp(s->profile, "default") == 0) {
        if (aws_ini_has_section(s->config, "default") ||
            !aws_ini_has_section(s->config, "profile default"))
            return "default";
        return "profile default";
    }
    snprintf(buf, n, "profile %s", s->profile);
    return buf;
}

const char *aws_settings_profile_value_at(const aws_settings *s, const char *key, const char **file,
                                          int *line)
{
    if (!s || !s->profile || !key)
        return NULL;
    const char *v = aws_ini_get(s->credentials, s->profile, key);
    const aws_ini *from = s->credentials;
    const char *section = s->profile;
    char buf[300];
    if (!v) {
        section = aws_settings_config_section(s, buf, sizeof(buf));
        v = aws_ini_get(s->config, section, key);
        from = s->config;
    }
    if (v) {
        if (file)
            *file = aws_ini_name(from);
        if (line)
            *line = aws_ini_line(from, section, key);
    }
    return v;
}

const char *aws_settings_profile_value(const aws_settings *s, const char *key)
{
    return aws_settings_profile_value_at(s, key, NULL, NULL);
}

const char *aws_settings_get(const aws_settings *s, const char *var, const char *key)
{
    const char *v = var ? aws_env(var) : NULL;
    if (!v && key)
        v = aws_settings_profile_value(s, key);
    return v && v[0] ? v : NULL;
}

int aws_settings_profile_exists(const aws_settings *s)
{
    char buf[300];
    return aws_ini_has_section(s->credentials, s->profile) ||
           aws_ini_has_section(s->config, aws_settings_config_section(s, buf, sizeof(buf)));
}

const char *aws_settings_endpoint_url(const aws_settings *s, aws_service svc)
{
    if (!s)
        return NULL;
    if ((unsigned)svc < AWS_SERVICE_COUNT && s->service_endpoint_url[svc])
        return s->service_endpoint_url[svc];
    return s->endpoint_url;
}

/* A setting value with a description of where it came from. */
typedef struct setting {
    const char *value; /* borrowed or NULL */
    char where[300];   /* "AWS_REGION" or "/x/config:3" */
} setting;

/* Environment variable `var`, else profile key `key` (either may be NULL). */
static setting lookup(const aws_settings *s, const char *var, const char *key)
{
    setting r = {NULL, ""};
    if (var && aws_env(var)) {
        r.value = aws_env(var);
        snprintf(r.where, sizeof(r.where), "%s", var);
        return r;
    }
    const char *file = NULL;
    int line = 0;
    if (key)
        r.value = aws_settings_profile_value_at(s, key, &file, &line);
    if (r.value)
        snprintf(r.where, sizeof(r.where), "%s:%d (%s)", file ? file : "?", line, key);
    return r;
}

static sdh_status load_region(aws_settings *s, const aws_settings_input *in, sdh_error *err)
{
    setting st = {NULL, ""};
    const char *source = NULL;
    if (in && in->region && in->region[0]) {
        st.value = in->region;
        snprintf(st.where, sizeof(st.where), "the request");
        source = "request";
    } else if (aws_env("AWS_REGION")) {
        st = lookup(s, "AWS_REGION", NULL);
        source = "AWS_REGION";
    } else if (aws_env("AWS_DEFAULT_REGION")) {
        st = lookup(s, "AWS_DEFAULT_REGION", NULL);
        source = "AWS_DEFAULT_REGION";
    } else {
        st = lookup(s, NULL, "region");
        source = "profile";
    }
    if (!st.value)
        return SDH_STATUS_OK;
    if (!aws_region_is_valid(st.value))
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidRegion", "region",
                             "invalid region '%.64s' from %s: use letters, digits and '-' "
                             "(e.g. us-east-1)",
                             st.value, st.where);
    s->region = strdup(st.value);
    s->region_source = strdup(source);
    if (!s->region || !s->region_source)
        return oom(err);
    return SDH_STATUS_OK;
}

static sdh_status parse_bool(const char *var, const char *key, const aws_settings *s, int *out,
                             sdh_error *err)
{
    setting st = lookup(s, var, key);
    if (!st.value)
        return SDH_STATUS_OK;
    if (strcasecmp(st.value, "true") == 0)
        *out = 1;
    else if (strcasecmp(st.value, "false") == 0)
        *out = 0;
    else
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigValue", NULL,
                             "invalid value '%.40s' from %s: expected true or false", st.value,
                             st.where);
    return SDH_STATUS_OK;
}

static sdh_status load_retry(aws_settings *s, sdh_error *err)
{
    s->max_attempts = 3;
    s->retry_mode = AWS_RETRY_STANDARD;
    setting st = lookup(s, "AWS_MAX_ATTEMPTS", "max_attempts");
    if (st.value) {
        char *end = NULL;
        errno = 0;
        long v = strtol(st.value, &end, 10);
        while (end && (*end == ' ' || *end == '\t'))
            end++;
        if (errno || end == st.value || !end || *end || v < 1 || v > INT_MAX)
            return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigValue", NULL,
                                 "invalid max_attempts '%.40s' from %s: expected an integer >= 1",
                                 st.value, st.where);
        s->max_attempts = (int)v;
    }
    st = lookup(s, "AWS_RETRY_MODE", "retry_mode");
    if (st.value) {
        if (strcmp(st.value, "standard") == 0)
            s->retry_mode = AWS_RETRY_STANDARD;
        else if (strcmp(st.value, "legacy") == 0)
            s->retry_mode = AWS_RETRY_LEGACY;
        else if (strcmp(st.value, "adaptive") == 0)
            s->retry_mode = AWS_RETRY_ADAPTIVE;
        else
            return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigValue", NULL,
                                 "invalid retry_mode '%.40s' from %s: expected standard, legacy "
                                 "or adaptive",
                                 st.value, st.where);
    }
    return SDH_STATUS_OK;
}

static sdh_status load_ca_bundle(aws_settings *s, sdh_error *err)
{
    setting st = lookup(s, "AWS_CA_BUNDLE", "ca_bundle");
    if (!st.value)
        return SDH_STATUS_OK;
    char *path = aws_settings_expand_home(st.value);
    if (!path)
        return oom(err);
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || access(path, R_OK) != 0) {
        sdh_status r =
            sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigValue", NULL,
                          "CA bundle '%.200s' from %s is not a readable file", path, st.where);
        free(path);
        return r;
    }
    s->ca_bundle = path;
    return SDH_STATUS_OK;
}

static int valid_url(const char *u)
{
    const char *rest = NULL;
    if (strncasecmp(u, "https://", 8) == 0)
        rest = u + 8;
    else if (strncasecmp(u, "http://", 7) == 0)
        rest = u + 7;
    if (!rest || !rest[0] || rest[0] == '/')
        return 0;
    for (const char *p = u; *p; p++) {
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return 0;
    }
    return 1;
}

static sdh_status set_url(char **dst, const setting *st, sdh_error *err)
{
    if (!valid_url(st->value))
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidEndpointUrl", NULL,
                             "invalid endpoint URL '%.200s' from %s: expected http:// or "
                             "https:// and a host",
                             st->value, st->where);
    *dst = strdup(st->value);
    return *dst ? SDH_STATUS_OK : oom(err);
}

static sdh_status load_endpoints(aws_settings *s, const aws_settings_input *in, sdh_error *err)
{
    sdh_status r =
        parse_bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls", s,
                   &s->ignore_configured_endpoint_urls, err);
    if (r != SDH_STATUS_OK)
        return r;
    if (in && in->endpoint_url && in->endpoint_url[0]) {
        setting st = {in->endpoint_url, "the request"};
        return set_url(&s->endpoint_url, &st, err);
    }
    if (s->ignore_configured_endpoint_urls)
        return SDH_STATUS_OK;
    /* The profile's `services = name` section of the config file. As in
     * botocore, every environment variable (service-specific, then
     * AWS_ENDPOINT_URL) comes before every config-file setting (the services
     * section, then the profile's endpoint_url). */
    const char *services =
        aws_env("AWS_ENDPOINT_URL") ? NULL : aws_settings_profile_value(s, "services");
    char section[300] = "";
    if (services)
        snprintf(section, sizeof(section), "services %s", services);
    for (int i = 0; i < AWS_SERVICE_COUNT; i++) {
        const aws_service_info *info = aws_service_get((aws_service)i);
        char var[128];
        snprintf(var, sizeof(var), "AWS_ENDPOINT_URL_%s", info->env_suffix);
        setting st = lookup(s, var, NULL);
        if (!st.value && services) {
            char key[128];
            snprintf(key, sizeof(key), "%s.endpoint_url", info->config_key);
            st.value = aws_ini_get(s->config, section, key);
            if (st.value)
                snprintf(st.where, sizeof(st.where), "%.200s:%d ([%.50s] %.40s)", s->config_file,
                         aws_ini_line(s->config, section, key), section, key);
        }
        if (st.value) {
            r = set_url(&s->service_endpoint_url[i], &st, err);
            if (r != SDH_STATUS_OK)
                return r;
        }
    }
    setting st = lookup(s, "AWS_ENDPOINT_URL", "endpoint_url");
    if (st.value)
        return set_url(&s->endpoint_url, &st, err);
    return SDH_STATUS_OK;
}

static sdh_status load_files(aws_settings *s, const aws_settings_input *in, sdh_error *err)
{
    s->config_file = aws_settings_expand_home(
        aws_env("AWS_CONFIG_FILE") ? aws_env("AWS_CONFIG_FILE") : "~/.aws/config");
    s->credentials_file = aws_settings_expand_home(aws_env("AWS_SHARED_CREDENTIALS_FILE")
                                                       ? aws_env("AWS_SHARED_CREDENTIALS_FILE")
                                                       : "~/.aws/credentials");
    /* botocore reads AWS_DEFAULT_PROFILE before AWS_PROFILE (kept for
     * compatibility, boto/botocore#1725); so does the AWS CLI. */
    const char *explicit_profile = NULL;
    if (in && in->profile && in->profile[0])
        explicit_profile = in->profile;
    else if (aws_env("AWS_DEFAULT_PROFILE"))
        explicit_profile = aws_env("AWS_DEFAULT_PROFILE");
    else if (aws_env("AWS_PROFILE"))
        explicit_profile = aws_env("AWS_PROFILE");
    s->profile = xstrdup(explicit_profile ? explicit_profile : "default");
    if (!s->config_file || !s->credentials_file || !s->profile)
        return oom(err);
    sdh_status r = aws_ini_parse_file(s->config_file, &s->config, err);
    if (r == SDH_STATUS_OK)
        r = aws_ini_parse_file(s->credentials_file, &s->credentials, err);
    if (r != SDH_STATUS_OK)
        return r;
    if (explicit_profile && !aws_settings_profile_exists(s))
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "ProfileNotFound", "profile",
                             "The config profile (%.100s) could not be found (looked in %.300s "
                             "and %.300s)",
                             s->profile, s->config_file, s->credentials_file);
    return SDH_STATUS_OK;
}

sdh_status aws_settings_load(aws_settings *out, const aws_settings_input *in, sdh_error *err)
{
    memset(out, 0, sizeof(*out));
    out->max_attempts = 3;
    sdh_status r = load_files(out, in, err);
    if (r == SDH_STATUS_OK)
        r = load_region(out, in, err);
    if (r == SDH_STATUS_OK)
        r = load_ca_bundle(out, err);
    if (r == SDH_STATUS_OK)
        r = load_retry(out, err);
    if (r == SDH_STATUS_OK)
        r = parse_bool("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", out, &out->use_fips, err);
    if (r == SDH_STATUS_OK)
        r = parse_bool("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", out,
                       &out->use_dualstack, err);
    if (r == SDH_STATUS_OK)
        r = load_endpoints(out, in, err);
    if (r != SDH_STATUS_OK)
        aws_settings_clear(out);
    return r;
}

void aws_settings_clear(aws_settings *s)
{
    if (!s)
        return;
    free(s->profile);
    free(s->region);
    free(s->region_source);
    free(s->ca_bundle);
    free(s->endpoint_url);
    for (int i = 0; i < AWS_SERVICE_COUNT; i++)
        free(s->service_endpoint_url[i]);
    free(s->config_file);
    free(s->credentials_file);
    aws_ini_free(s->config);
    aws_ini_free(s->credentials);
    memset(s, 0, sizeof(*s));
}

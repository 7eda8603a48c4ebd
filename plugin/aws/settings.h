/* Resolved AWS settings for one client, the way the AWS CLI resolves them:
 * explicit values (request / host config) first, then environment variables,
 * then the selected profile of the shared config and credentials files.
 * Loading reads files but never the network (region from IMDS is resolved
 * later by the client when everything else gave nothing). */
#ifndef SDH_AWS_SETTINGS_H
#define SDH_AWS_SETTINGS_H

#include "aws/ini.h"
#include "aws/service.h"
#include "util/error.h"

typedef enum aws_retry_mode {
    AWS_RETRY_STANDARD = 0,
    AWS_RETRY_LEGACY,  /* accepted; behaves like standard with its own attempt default (5 for the
                          CLI's legacy: we use max_attempts) */
    AWS_RETRY_ADAPTIVE /* accepted; behaves like standard (no client-side rate limiter) */
} aws_retry_mode;

/* Explicit inputs, all borrowed and optional (NULL = not given). */
typedef struct aws_settings_input {
    const char *region;       /* from the request or the host config */
    const char *profile;      /* from the request or the host config */
    const char *endpoint_url; /* explicit global endpoint override */
} aws_settings_input;

typedef struct aws_settings {
    char *profile;       /* selected profile name (AWS_PROFILE or "default") */
    char *region;        /* NULL when no source gave one (the client then asks IMDS) */
    char *region_source; /* "request", "AWS_REGION", "AWS_DEFAULT_REGION", "profile", ... */
    char *ca_bundle;     /* AWS_CA_BUNDLE or profile ca_bundle, NULL for the system store */
    int max_attempts;    /* >= 1; default 3 */
    aws_retry_mode retry_mode;
    int use_fips;                        /* AWS_USE_FIPS_ENDPOINT / use_fips_endpoint */
    int use_dualstack;                   /* AWS_USE_DUALSTACK_ENDPOINT / use_dualstack_endpoint */
    int ignore_configured_endpoint_urls; /* AWS_IGNORE_CONFIGURED_ENDPOINT_URLS */
    char *endpoint_url; /* global override (AWS_ENDPOINT_URL / profile endpoint_url) */
    char *service_endpoint_url[AWS_SERVICE_COUNT]; /* AWS_ENDPOINT_URL_<X> / [services] section */
    char *config_file;      /* path used (AWS_CONFIG_FILE or ~/.aws/config) */
    char *credentials_file; /* path used (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials) */
    aws_ini *config;        /* parsed config file, NULL when absent */
    aws_ini *credentials;   /* parsed credentials file, NULL when absent */
} aws_settings;

/* Load settings. On failure (unparsable file, invalid value such as
 * AWS_MAX_ATTEMPTS=abc, a named profile that does not exist) returns
 * SDH_STATUS_CONFIG_ERROR with the file and line or variable in the message. */
sdh_status aws_settings_load(aws_settings *out, const aws_settings_input *in, sdh_error *err);
void aws_settings_clear(aws_settings *s);

/* A key of the selected profile: the credentials file's [profile] wins over the
 * config file's [profile name] (or [default]). Borrowed, or NULL. */
const char *aws_settings_profile_value(const aws_settings *s, const char *key);

/* The effective endpoint override for `svc` (service-specific first, then the
 * global one), or NULL. Borrowed. */
const char *aws_settings_endpoint_url(const aws_settings *s, aws_service svc);

/* Like aws_settings_profile_value, and also says where the value was set:
 * *file (borrowed path) and *line (1-based); either pointer may be NULL. */
const char *aws_settings_profile_value_at(const aws_settings *s, const char *key, const char **file,
                                          int *line);

/* Non-zero when the selected profile has a section in either file. */
int aws_settings_profile_exists(const aws_settings *s);

/* An environment variable (borrowed), NULL when unset or empty. */
const char *aws_env(const char *name);

/* Environment variable `var` when set and non-empty, else the selected
 * profile's `key` when non-empty (aws_settings_profile_value); either name and
 * `s` may be NULL. Borrowed, or NULL. */
const char *aws_settings_get(const aws_settings *s, const char *var, const char *key);

/* The selected profile's section name in the config file: "profile <name>",
 * and for "default" `[default]`, or `[profile default]` when only that one
 * exists. Written to `buf` or static; borrowed. */
const char *aws_settings_config_section(const aws_settings *s, char *buf, size_t n);

/* `path` with a leading "~/" replaced by $HOME (new string; NULL on no memory). */
char *aws_settings_expand_home(const char *path);

#endif

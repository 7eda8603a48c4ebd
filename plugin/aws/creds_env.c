/* Credentials provider: the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN or the legacy AWS_SECURITY_TOKEN,
 * AWS_CREDENTIAL_EXPIRATION). */
#include <stdio.h>

#include "aws/creds_provider.h"

static sdh_status env_resolve(const creds_ctx *ctx, aws_credentials *out, char *why, size_t why_len,
                              sdh_error *err)
{
    (void)ctx;
    const char *key = aws_env("AWS_ACCESS_KEY_ID");
    const char *secret = aws_env("AWS_SECRET_ACCESS_KEY");
    if (!key && !secret) {
        snprintf(why, why_len, "AWS_ACCESS_KEY_ID not set");
        return SDH_STATUS_OK;
    }
    if (!key || !secret)
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "PartialCredentials", NULL,
                             "Partial credentials found in the environment: %s is set but %s is "
                             "not",
                             key ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                             key ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
    const char *token = aws_env("AWS_SESSION_TOKEN");
    if (!token)
        token = aws_env("AWS_SECURITY_TOKEN");
    time_t expiration = 0;
    const char *exp = aws_env("AWS_CREDENTIAL_EXPIRATION");
    if (exp && creds_parse_iso8601(exp, &expiration) != 0)
        return sdh_error_set(err, SDH_STATUS_CONFIG_ERROR, "InvalidConfigValue", NULL,
                             "AWS_CREDENTIAL_EXPIRATION '%.40s' is not an ISO 8601 time", exp);
    if (creds_set(out, key, secret, token, expiration, "environment") != 0)
        return sdh_error_oom(err);
    return SDH_STATUS_OK;
}

const creds_provider creds_env_provider = {"environment", env_resolve};

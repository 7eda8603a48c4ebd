/* AWS credentials and the provider chain, in the AWS CLI's order:
 * environment, web identity (STS AssumeRoleWithWebIdentity), shared files
 * (static keys, credential_process), container credentials, EC2 IMDSv2.
 * Credentials with an expiry are cached and refreshed 5 minutes before it.
 * Secrets are wiped when released and never formatted into any text. */
#ifndef SDH_AWS_CREDENTIALS_H
#define SDH_AWS_CREDENTIALS_H

#include <time.h>

#include "aws/http.h"
#include "aws/settings.h"
#include "util/error.h"

typedef struct aws_credentials {
    char *access_key_id;     /* owned */
    char *secret_access_key; /* owned secret (util/secret.h) */
    char *session_token;     /* owned secret, may be NULL */
    time_t expiration;       /* 0 = does not expire */
    char source[48];         /* which provider, e.g. "environment", "profile dev", "imds" */
} aws_credentials;

void aws_credentials_clear(aws_credentials *c); /* wipes and frees the members */

typedef struct aws_credentials_chain aws_credentials_chain;

/* New chain. `settings`, `http` and `host` are borrowed and must outlive it.
 * `http` is used for STS, container and IMDS requests. */
aws_credentials_chain *aws_credentials_chain_new(const aws_settings *settings, aws_http *http,
                                                 const sdh_host_services *host);
void aws_credentials_chain_free(aws_credentials_chain *chain);

/* Current credentials (borrowed; valid until the next call or free). Uses the
 * cache unless it expires within 5 minutes of `now`. When no provider gives
 * credentials: SDH_STATUS_CONFIG_ERROR, code "NoCredentials", and a message
 * naming every source tried and why each gave nothing. */
sdh_status aws_credentials_chain_get(aws_credentials_chain *chain, time_t now,
                                     const aws_credentials **out, sdh_error *err);

/* Region from EC2 instance metadata (IMDSv2), for when no other source set
 * one. `settings` (borrowed, may be NULL) gives the profile's
 * ec2_metadata_service_endpoint[_mode], as for credentials. New string or
 * NULL with `err` saying why. */
char *aws_imds_region(const aws_settings *settings, aws_http *http, const sdh_host_services *host,
                      sdh_error *err);

#endif

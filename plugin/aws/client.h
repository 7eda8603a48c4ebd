/* The AWS client: the one path every AWS call takes. It resolves settings,
 * credentials and endpoints, serialises the input for the service's protocol
 * (AWS JSON 1.1 or query), signs every attempt with SigV4, sends through
 * aws_http (independent calls concurrently), retries in the "standard" mode,
 * and normalises errors. It knows nothing about autoscaling.
 * Not thread-safe: one client per plugin instance, one call at a time.
 *
 * Host configuration keys read by aws_client_new (sdh_host_config; all
 * optional positive integers, anything else is SDH_STATUS_CONFIG_ERROR
 * "InvalidConfig"):
 *   attempt_timeout_ms  - time limit of one HTTP attempt (default 60000); a
 *                         timed-out attempt is retried like a connection error
 *   connect_timeout_ms  - TCP/TLS connect limit (default 3000)
 *   max_response_bytes  - response body cap (default 8 MiB); a larger body
 *                         fails the call with code "ResponseTooLarge"
 * Retries follow the AWS "standard" mode (aws/retry.h) with max_attempts from
 * AWS_MAX_ATTEMPTS / the profile (default 3); a clock-skew error is corrected
 * from the response Date and retried once at once, outside that count.
 * Debug log (SDH_LOG_DEBUG), one line per attempt:
 *   aws request: service=.. operation=.. attempt=N status=HTTP error=CODE|-
 *   request_id=..|- ms=N new_connections=N
 * plus "aws endpoint: ..." per resolved service and "aws retry: ..." per
 * retry decision. Headers, bodies and secrets are never logged. */
#ifndef SDH_AWS_CLIENT_H
#define SDH_AWS_CLIENT_H

#include <jansson.h>
#include <stddef.h>

#include "aws/service.h"
#include "aws/settings.h"
#include "sdhost/plugin.h"
#include "util/error.h"

typedef struct aws_client aws_client;

/* New client. `in` is borrowed for the call; `host` is borrowed and must
 * outlive the client. Reads configuration files (no network). NULL with `err`
 * set (SDH_STATUS_CONFIG_ERROR) when the configuration is invalid. */
aws_client *aws_client_new(const aws_settings_input *in, const sdh_host_services *host,
                           sdh_error *err);
void aws_client_free(aws_client *client);

/* One operation call: fill the inputs, zero the outputs, pass to aws_client_call. */
typedef struct aws_call {
    /* inputs (borrowed) */
    aws_service service;
    const char *operation; /* e.g. "DescribeScalableTargets" */
    json_t *input;         /* the operation's input in botocore's shape; NULL = {} */

    /* outputs (owned by the call; release with aws_call_clear) */
    json_t *output; /* on success, new reference: JSON 1.1 -> the response body
                     * object; query -> the <OperationResult> element converted by
                     * aws/xml.h ({} when absent) */
    char request_id[96];
    int attempts;
    long elapsed_ms;
    sdh_error error; /* on failure: REMOTE_ERROR with code = AWS error code (e.g.
                      * "ValidationException", "ObjectNotFoundException"), CONFIG_ERROR for
                      * credentials/region/endpoint problems, CANCELLED */
} aws_call;

/* Perform `n` independent calls concurrently, each with its own retries.
 * Returns SDH_STATUS_OK when all succeeded, else the status of the first
 * failed call (each call's own outcome is in calls[i].error). */
sdh_status aws_client_call(aws_client *client, aws_call *calls, size_t n);

/* Release a call's outputs (the inputs stay the caller's). */
void aws_call_clear(aws_call *call);

/* The resolved region and partition ("aws", "aws-cn", ...), borrowed; resolves
 * the region (possibly through IMDS) on first use. NULL with `err` set when no
 * region can be found. */
const char *aws_client_region(aws_client *client, sdh_error *err);
const char *aws_client_partition(aws_client *client, sdh_error *err);

#endif

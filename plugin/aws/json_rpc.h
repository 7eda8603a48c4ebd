/* The AWS JSON 1.1 protocol: request bodies and headers, response parsing. */
#ifndef SDH_AWS_JSON_RPC_H
#define SDH_AWS_JSON_RPC_H

#include <jansson.h>
#include <stddef.h>

#include "aws/service.h"
#include "util/error.h"

#define AWS_JSON_RPC_CONTENT_TYPE "application/x-amz-json-1.1"

/* The request body for `input` (borrowed; NULL = {}): new compact JSON text
 * with its length in *len, or NULL (SDH_STATUS_INVALID_INPUT when `input` is
 * not an object, SDH_STATUS_INTERNAL when out of memory) with `err` set. */
char *aws_json_rpc_body(const json_t *input, size_t *len, sdh_error *err);

/* Write the X-Amz-Target value "<target_prefix>.<operation>" into `out`.
 * Returns 0, or -1 when it does not fit. */
int aws_json_rpc_target(const aws_service_info *svc, const char *operation, char *out, size_t cap);

/* Parse a response. On 2xx: *output = new reference to the body object ({}
 * for an empty body), SDH_STATUS_OK. A 2xx body that is not a JSON object ->
 * SDH_STATUS_REMOTE_ERROR "MalformedResponse". Otherwise the normalised AWS
 * error (aws_error_from_json). Borrowed: body, error_type, request_id. */
sdh_status aws_json_rpc_parse(long http_status, const char *body, size_t len,
                              const char *error_type, const char *request_id, json_t **output,
                              sdh_error *err);

#endif

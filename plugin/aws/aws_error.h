/* Normalising AWS error responses into sdh_error, the way the AWS SDKs read
 * them: JSON `__type` / `code` or the X-Amzn-ErrorType header, query
 * <Error><Code>; the code keeps only what follows the last '#' and precedes the
 * first ':'; the message comes from `message` / `Message`. */
#ifndef SDH_AWS_ERROR_H
#define SDH_AWS_ERROR_H

#include <jansson.h>
#include <stddef.h>

#include "util/error.h"

/* Copy the normalised form of `raw` (borrowed, may be NULL) into `out`
 * ("" for NULL): "aws.foo#BarException:http://x" -> "BarException". */
void aws_error_normalize_code(const char *raw, char *out, size_t cap);

/* Fill `err` (SDH_STATUS_REMOTE_ERROR) from a JSON 1.1 error response.
 * `body` (may be NULL or not JSON), `error_type_header` and `request_id` are
 * borrowed. Always returns SDH_STATUS_REMOTE_ERROR. */
sdh_status aws_error_from_json(long http_status, const char *body, size_t len,
                               const char *error_type_header, const char *request_id,
                               sdh_error *err);

/* Fill `err` (SDH_STATUS_REMOTE_ERROR) from a query-protocol error response:
 * <ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>
 * (also <Response><Errors><Error>). `request_id` (borrowed, may be "") is used
 * when the body has none. Always returns SDH_STATUS_REMOTE_ERROR. */
sdh_status aws_error_from_xml(long http_status, const char *body, size_t len,
                              const char *request_id, sdh_error *err);

/* Non-zero when `code` (normalised) means AWS refused the credentials or the
 * signature: unknown or expired keys and tokens, a wrong secret, a skewed
 * clock. Such errors are configuration errors for the user, not remote ones. */
int aws_error_is_credentials(const char *code);

/* Fill `err` for a response whose body says nothing usable: code = the
 * HTTP status as text (as botocore does), message = its reason phrase. */
sdh_status aws_error_from_status(long http_status, const char *request_id, sdh_error *err);

#endif

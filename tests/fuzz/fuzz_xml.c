/* Fuzz target `xml`: aws_xml_parse (plugin/aws/xml.h) on arbitrary bytes.
 * Checks: no crash, leak or UB; success gives an object with exactly one
 * member (the root element); failure is SDH_STATUS_REMOTE_ERROR with code
 * "MalformedResponse" and a well-formed sdh_error. */
#include <stddef.h>
#include <stdint.h>

#include "aws/xml.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_SIMPLE_INITIALIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sdh_error err;
    sdh_error_clear(&err);
    json_t *doc = aws_xml_parse((const char *)data, size, &err);
    if (doc) {
        FUZZ_CHECK(json_is_object(doc), "result is an object");
        FUZZ_CHECK(json_object_size(doc) == 1, "result has one member, the root");
        FUZZ_CHECK(err.status == SDH_STATUS_OK, "no error set on success");
        json_decref(doc);
    } else {
        fuzz_error_ok(&err, SDH_STATUS_REMOTE_ERROR);
        FUZZ_CHECK(strcmp(err.code, "MalformedResponse") == 0, "code is MalformedResponse");
    }
    return 0;
}

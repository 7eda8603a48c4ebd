/* Unit tests for request checking (plugin/request.c). */
#include "request.h"
#include "tap.h"

static sdh_status check_text(const char *text, const req_field *spec, sdh_error *err)
{
    json_t *req = json_loads(text, 0, NULL);
    sdh_status st = req_check(req, spec, err);
    json_decref(req);
    return st;
}

int main(void)
{
    static const req_field spec[] = {
        {"endpoint", REQ_STRING, 1},
        {"max", REQ_INTEGER, 0},
        {"dry_run", REQ_BOOLEAN, 0},
        {NULL, REQ_ANY, 0},
    };
    sdh_error err;

    sdh_error_clear(&err);
    CHECK_INT_EQ(check_text("{\"op\":\"x\",\"endpoint\":\"e\",\"max\":2}", spec, &err),
                 SDH_STATUS_OK, "valid request passes");

    CHECK_INT_EQ(check_text("{\"op\":\"x\"}", spec, &err), SDH_STATUS_INVALID_INPUT,
                 "missing required field is refused");
    CHECK_STR_EQ(err.field, "endpoint", "missing field is named");

    CHECK_INT_EQ(check_text("{\"endpoint\":\"e\",\"maxx\":1}", spec, &err),
                 SDH_STATUS_INVALID_INPUT, "unknown field is refused");
    CHECK_STR_EQ(err.field, "maxx", "unknown field is named");

    CHECK_INT_EQ(check_text("{\"endpoint\":\"e\",\"max\":\"2\"}", spec, &err),
                 SDH_STATUS_INVALID_INPUT, "mistyped field is refused");
    CHECK_STR_EQ(err.field, "max", "mistyped field is named");

    CHECK_INT_EQ(check_text("{\"endpoint\":\"\"}", spec, &err), SDH_STATUS_INVALID_INPUT,
                 "empty string is refused");

    CHECK_INT_EQ(check_text("{\"endpoint\":\"e\",\"dry_run\":1}", spec, &err),
                 SDH_STATUS_INVALID_INPUT, "integer for a boolean is refused");

    json_t *req = json_loads("{\"max\":7}", 0, NULL);
    json_int_t v = 0;
    CHECK_INT_EQ(req_integer_in(req, "max", 1, 5, 1, &v, &err), SDH_STATUS_INVALID_INPUT,
                 "out-of-range integer is refused");
    CHECK_INT_EQ(req_integer_in(req, "max", 1, 10, 1, &v, &err), SDH_STATUS_OK,
                 "in-range integer passes");
    CHECK_INT_EQ(v, 7, "in-range integer value");
    CHECK_INT_EQ(req_integer_in(req, "min", 0, 10, 3, &v, &err), SDH_STATUS_OK,
                 "absent -> default");
    CHECK_INT_EQ(v, 3, "default value");
    json_decref(req);
    return tap_done();
}

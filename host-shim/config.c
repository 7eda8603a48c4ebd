/* --config: parse, check every value is a scalar, store them as strings. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "io.h"

#define MAX_CONFIG_BYTES (1024 * 1024)

static int bad(const char *what, const char *detail)
{
    fprintf(stderr, "sdhost-shim: --config: %s%s\n", what, detail);
    return SHIM_EXIT_USAGE;
}

/* New string value for a scalar, or NULL when `v` is not a scalar. */
static json_t *as_string(const json_t *v)
{
    char buf[64];
    if (json_is_string(v))
        return json_string(json_string_value(v));
    if (json_is_integer(v)) {
        snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return json_string(buf);
    }
    if (json_is_real(v)) {
        snprintf(buf, sizeof(buf), "%.17g", json_real_value(v));
        return json_string(buf);
    }
    if (json_is_boolean(v))
        return json_string(json_is_true(v) ? "true" : "false");
    return NULL;
}

static int parse(const char *arg, json_t **out)
{
    char *text = NULL;
    size_t len = strlen(arg);
    const char *src = arg;
    if (arg[0] == '@') {
        io_result r = io_read_path(arg + 1, MAX_CONFIG_BYTES, &text, &len);
        if (r == IO_TOO_LARGE)
            return bad(arg + 1, " is larger than 1 MiB");
        if (r != IO_OK) {
            fprintf(stderr, "sdhost-shim: --config: cannot read %s: %s\n", arg + 1,
                    strerror(errno));
            return SHIM_EXIT_USAGE;
        }
        src = text;
    }
    json_error_t jerr;
    json_t *root = json_loadb(src, len, JSON_REJECT_DUPLICATES, &jerr);
    free(text);
    if (!root) {
        fprintf(stderr, "sdhost-shim: --config: not valid JSON: %s (line %d, column %d)\n",
                jerr.text, jerr.line, jerr.column);
        return SHIM_EXIT_USAGE;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        return bad("not a JSON object", "");
    }
    json_t *config = json_object();
    const char *key;
    json_t *value;
    json_object_foreach(root, key, value)
    {
        json_t *s = as_string(value);
        if (!s) {
            fprintf(stderr, "sdhost-shim: --config: \"%s\" must be a string, number or boolean\n",
                    key);
            json_decref(config);
            json_decref(root);
            return SHIM_EXIT_USAGE;
        }
        json_object_set_new(config, key, s);
    }
    json_decref(root);
    *out = config;
    return 0;
}

int config_load(const char *arg, const char *region, const char *profile, json_t **out)
{
    json_t *config = NULL;
    *out = NULL;
    if (arg) {
        int rc = parse(arg, &config);
        if (rc != 0)
            return rc;
    } else {
        config = json_object();
    }
    if ((region && json_object_set_new(config, "region", json_string(region)) != 0) ||
        (profile && json_object_set_new(config, "profile", json_string(profile)) != 0)) {
        json_decref(config);
        return bad("--region/--profile are not valid UTF-8", "");
    }
    *out = config;
    return 0;
}

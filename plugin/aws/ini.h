/* Parser for the AWS shared config and credentials files (INI dialect of the
 * AWS CLI): `[section]` / `[profile name]` / `[services name]`, `key = value`,
 * comments with '#' or ';' (full-line, or after whitespace in a value),
 * sub-properties (an indented `key = value` block under `key =`, stored as
 * "key.sub"), keys case-sensitive, last one wins. Errors give file and line. */
#ifndef SDH_AWS_INI_H
#define SDH_AWS_INI_H

#include <stddef.h>

#include "util/error.h"

typedef struct aws_ini aws_ini;

/* Parse the file at `path`. Returns SDH_STATUS_OK and sets *out (new; NULL when
 * the file does not exist), or SDH_STATUS_CONFIG_ERROR with "<path>:<line>: <why>". */
sdh_status aws_ini_parse_file(const char *path, aws_ini **out, sdh_error *err);

/* Same for text in memory; `name` labels errors. */
sdh_status aws_ini_parse(const char *name, const char *text, size_t len, aws_ini **out,
                         sdh_error *err);

void aws_ini_free(aws_ini *ini);

/* Section names are as written between the brackets, trimmed, e.g. "default",
 * "profile dev", "services local", "dev". Returns the value (borrowed) or NULL.
 * Sub-properties are looked up as "parent.child". */
const char *aws_ini_get(const aws_ini *ini, const char *section, const char *key);

/* Non-zero when the section exists. */
int aws_ini_has_section(const aws_ini *ini, const char *section);

/* The 1-based line where `key` of `section` was (last) set, 0 when absent. */
int aws_ini_line(const aws_ini *ini, const char *section, const char *key);

/* The name given at parse time (the file path). Borrowed; NULL for NULL. */
const char *aws_ini_name(const aws_ini *ini);

#endif

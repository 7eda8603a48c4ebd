/* The host configuration from --config JSON|@FILE, --region and --profile. */
#ifndef SHIM_CONFIG_H
#define SHIM_CONFIG_H

#include <jansson.h>

/* Build the config object: `arg` (borrowed; NULL for none) is JSON text or
 * "@FILE"; it must be an object whose values are strings, numbers or
 * booleans (stored as strings). `region`/`profile` (may be NULL) override the
 * keys of the same name. Returns 0 and sets *out (new reference), or 2 (the
 * usage exit code) after printing a one-line reason. */
int config_load(const char *arg, const char *region, const char *profile, json_t **out);

#endif

/* Printing replies on stdout: one compact JSON line, or a short human
 * summary (--output text). */
#ifndef SHIM_OUTPUT_H
#define SHIM_OUTPUT_H

#include <jansson.h>

/* Print `reply` (borrowed) as one JSON line and flush. Returns 0, or -1 when
 * stdout failed. */
int output_json(const json_t *reply);

/* Print `reply` (borrowed) as text: errors, changes, status, drifts, info.
 * Absent members are skipped. Returns 0 or -1 when stdout failed. */
int output_text(const json_t *reply);

#endif

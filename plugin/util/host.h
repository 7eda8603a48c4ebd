/* Safe access to the host services lent to a plugin instance: every member is
 * checked against struct_size and NULL before use, so any ABI-1 host works. */
#ifndef SDH_UTIL_HOST_H
#define SDH_UTIL_HOST_H

#include <jansson.h>

#include "sdhost/plugin.h"

/* printf-style log line through the host (dropped when the host has no log).
 * `host` is borrowed and may be NULL. Never pass secrets. */
void sdh_log(const sdh_host_services *host, sdh_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Non-zero when the host asked to cancel. */
int sdh_cancelled(const sdh_host_services *host);

/* Send a progress event; `event` is borrowed. */
void sdh_progress(const sdh_host_services *host, const json_t *event);

/* Host configuration value (borrowed, host-owned) or NULL. */
const char *sdh_host_config(const sdh_host_services *host, const char *key);

#endif

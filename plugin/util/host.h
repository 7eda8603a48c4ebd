/* Safe access to the host services lent to a plugin instance: every member is
 * checked against struct_size and NULL before use, so any ABI-1 host works.
 * Also the plugin's waiting primitives: a monotonic clock and a sleep that
 * ends early when the host cancels. */
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

/* Milliseconds of a monotonic clock (for durations only). */
long sdh_now_ms(void);

/* Sleep `ms`, polling the host's cancel flag every 100 ms. Returns non-zero
 * when the host cancelled (before or during the sleep), else 0. */
int sdh_sleep_ms(const sdh_host_services *host, long ms);

#endif

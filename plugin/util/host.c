/* Host services wrappers: struct_size-checked, NULL-safe calls into the host;
 * the monotonic clock and the cancellable sleep. */
#include "util/host.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define SLEEP_SLICE_MS 100

#define HOST_HAS(h, member)                                                                        \
    ((h) && (h)->struct_size >= offsetof(sdh_host_services, member) + sizeof((h)->member) &&       \
     (h)->member)

void sdh_log(const sdh_host_services *host, sdh_log_level level, const char *fmt, ...)
{
    if (!HOST_HAS(host, log))
        return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    host->log(host->host_data, level, line);
}

int sdh_cancelled(const sdh_host_services *host)
{
    if (!HOST_HAS(host, is_cancelled))
        return 0;
    return host->is_cancelled(host->host_data) != 0;
}

void sdh_progress(const sdh_host_services *host, const json_t *event)
{
    if (!HOST_HAS(host, progress))
        return;
    char *text = json_dumps(event, JSON_COMPACT);
    if (!text)
        return;
    host->progress(host->host_data, text);
    free(text);
}

const char *sdh_host_config(const sdh_host_services *host, const char *key)
{
    if (!HOST_HAS(host, config_get))
        return NULL;
    return host->config_get(host->host_data, key);
}

long sdh_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int sdh_sleep_ms(const sdh_host_services *host, long ms)
{
    long end = sdh_now_ms() + ms;
    for (;;) {
        if (sdh_cancelled(host))
            return 1;
        long left = end - sdh_now_ms();
        if (left <= 0)
            return 0;
        long slice = left < SLEEP_SLICE_MS ? left : SLEEP_SLICE_MS;
        struct timespec ts = {slice / 1000, (slice % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
}

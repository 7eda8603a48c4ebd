/* The host services: stderr logging with level prefixes, progress events,
 * the SIGINT cancel flag, and config look-ups. */
#include "host.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t cancel_flag;

static void on_sigint(int sig)
{
    (void)sig;
    if (cancel_flag)
        _exit(130);
    cancel_flag = 1;
    static const char msg[] = "\nsdhost-shim: cancelling; press Ctrl-C again to quit at once\n";
    ssize_t n = write(STDERR_FILENO, msg, sizeof(msg) - 1);
    (void)n;
}

int host_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns EINTR */
    if (sigaction(SIGINT, &sa, NULL) != 0)
        return -1;
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &sa, NULL) != 0)
        return -1;
    return 0;
}

int host_cancel_requested(void)
{
    return cancel_flag != 0;
}

static const char *level_name(sdh_log_level level)
{
    switch (level) {
    case SDH_LOG_DEBUG:
        return "debug";
    case SDH_LOG_INFO:
        return "info";
    case SDH_LOG_WARN:
        return "warning";
    default:
        return "error";
    }
}

static int level_shown(const shim_host *h, sdh_log_level level)
{
    shim_verbosity v = h ? h->verbosity : SHIM_NORMAL;
    if (v == SHIM_QUIET)
        return level >= SDH_LOG_ERROR;
    if (v == SHIM_VERBOSE)
        return 1;
    return level >= SDH_LOG_INFO;
}

static void end_progress_line(shim_host *h)
{
    if (h && h->progress_open) {
        fputc('\n', stderr);
        h->progress_open = 0;
    }
}

/* Write `text` to stderr with control characters (other than tab) shown as
 * '?', so a plugin cannot move the cursor or forge extra lines. */
static void put_sanitised(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        fputc((*p < 0x20 && *p != '\t') || *p == 0x7f ? '?' : *p, stderr);
}

static void log_line(shim_host *h, sdh_log_level level, const char *origin, const char *text)
{
    if (!level_shown(h, level))
        return;
    end_progress_line(h);
    fprintf(stderr, "sdhost-shim: %s: %s", level_name(level), origin);
    put_sanitised(text);
    fputc('\n', stderr);
    fflush(stderr);
}

void host_log(shim_host *h, sdh_log_level level, const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    log_line(h, level, "", text);
}

static void svc_log(void *host_data, sdh_log_level level, const char *message)
{
    log_line(host_data, level, "plugin: ", message ? message : "(null)");
}

/* One progress event: on a terminal a single updating "progress: k=v ..."
 * line; otherwise the line {"progress":EVENT} so readers can tell it apart. */
static void svc_progress(void *host_data, const char *event_json)
{
    shim_host *h = host_data;
    if (h->verbosity == SHIM_QUIET || !event_json)
        return;
    json_t *event = json_loads(event_json, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(event)) {
        json_decref(event);
        host_log(h, SDH_LOG_DEBUG, "plugin sent a progress event that is not a JSON object");
        return;
    }
    if (h->progress_tty) {
        const char *key;
        json_t *value;
        fputs("\r\033[Kprogress:", stderr);
        json_object_foreach(event, key, value)
        {
            char *v = json_is_string(value) ? NULL : json_dumps(value, JSON_ENCODE_ANY);
            fputc(' ', stderr);
            put_sanitised(key);
            fputc('=', stderr);
            put_sanitised(v ? v : json_is_string(value) ? json_string_value(value) : "?");
            free(v);
        }
        h->progress_open = 1;
    } else {
        json_t *wrap = json_pack("{s:O}", "progress", event);
        char *line = wrap ? json_dumps(wrap, JSON_COMPACT) : NULL;
        if (line)
            fprintf(stderr, "%s\n", line);
        free(line);
        json_decref(wrap);
    }
    fflush(stderr);
    json_decref(event);
}

static int svc_is_cancelled(void *host_data)
{
    (void)host_data;
    return cancel_flag != 0;
}

static const char *svc_config_get(void *host_data, const char *key)
{
    shim_host *h = host_data;
    if (!key)
        return NULL;
    return json_string_value(json_object_get(h->config, key));
}

void host_init(shim_host *h, shim_verbosity verbosity, json_t *config)
{
    memset(h, 0, sizeof(*h));
    h->verbosity = verbosity;
    h->progress_tty = isatty(STDERR_FILENO);
    h->config = config ? config : json_object();
    h->services.abi_version = SDH_ABI_VERSION;
    h->services.struct_size = sizeof(h->services);
    h->services.host_data = h;
    h->services.log = svc_log;
    h->services.progress = svc_progress;
    h->services.is_cancelled = svc_is_cancelled;
    h->services.config_get = svc_config_get;
}

void host_free(shim_host *h)
{
    end_progress_line(h);
    json_decref(h->config);
    h->config = NULL;
}

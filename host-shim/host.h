/* The host services sdhost-shim lends to a plugin: log lines and progress
 * events on stderr, the SIGINT cancel flag, and config look-ups from --config.
 * Also the shim's own log function, so both share one format. */
#ifndef SHIM_HOST_H
#define SHIM_HOST_H

#include <jansson.h>

#include "sdhost/plugin.h"

typedef enum shim_verbosity {
    SHIM_QUIET = -1, /* errors only, no progress */
    SHIM_NORMAL = 0, /* info and above, progress */
    SHIM_VERBOSE = 1 /* debug and above, progress */
} shim_verbosity;

typedef struct shim_host {
    sdh_host_services services; /* lent to the plugin; host_data points here */
    shim_verbosity verbosity;
    int progress_tty;  /* stderr is a terminal: progress is one updating line */
    int progress_open; /* an unterminated progress line is on the terminal */
    json_t *config;    /* owned: object of string values, never NULL after init */
} shim_host;

/* Fill `h`. `config` (steals; may be NULL for none) must be an object whose
 * values are all strings. */
void host_init(shim_host *h, shim_verbosity verbosity, json_t *config);

/* Release what `h` owns and end an open progress line. */
void host_free(shim_host *h);

/* One log line on stderr, "sdhost-shim: <level>: <text>", filtered by the
 * verbosity. `h` is borrowed and may be NULL (then the default verbosity). */
void host_log(shim_host *h, sdh_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Install the SIGINT handler: the first SIGINT sets the cancel flag, the
 * second exits at once with 130. SIGPIPE is ignored (write errors are
 * reported instead). Returns 0 or -1. */
int host_install_signals(void);

/* Non-zero once SIGINT arrived. */
int host_cancel_requested(void);

#endif

/* One loaded plugin instance and the request/reply exchange with it: framing
 * checks, the call, turning the reply (or a shim-made error) into JSON, and
 * the exit code that goes with it. */
#ifndef SHIM_SESSION_H
#define SHIM_SESSION_H

#include <jansson.h>
#include <stddef.h>

#include "host.h"
#include "loader.h"

typedef struct shim_session {
    shim_plugin plugin; /* loaded, resident */
    sdh_instance *inst; /* owned: destroyed by session_close */
    shim_host *host;    /* borrowed */
} shim_session;

/* Create the plugin instance. Returns 0, or an exit code after printing the
 * plugin's reason on stderr. */
int session_open(shim_session *s, const shim_plugin *plugin, shim_host *host);

/* Destroy the instance. */
void session_close(shim_session *s);

/* New reference: a shim-made error reply {"ok":false,"status":..,"error":{..}}.
 * `field` may be NULL. */
json_t *session_error(const char *status, const char *code, const char *field, const char *message);

/* Send `text` (borrowed, `len` bytes) after the framing checks. Returns the
 * reply (new reference, never NULL except out of memory) and sets *exit_code. */
json_t *session_request(shim_session *s, const char *text, size_t len, int *exit_code);

#endif

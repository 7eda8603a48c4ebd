/* sdhost plugin ABI, version 1: the only public header of sdhost-autoscaling.
 *
 * A host (the WebUI extension's native helper, or sdhost-shim) loads a plugin
 * with dlopen(RTLD_NOW | RTLD_LOCAL), looks up the one exported symbol
 * `sdh_plugin_entry`, and calls it with the ABI version it speaks. The plugin
 * answers with a pointer to its static, immutable vtable, or NULL when it cannot
 * speak that ABI.
 *
 * Versioning. Both vtables begin with `abi_version` and `struct_size`. Within
 * one major ABI, structs only grow by appending members. Before using a member
 * that is not in ABI 1's first release, check that
 *     offsetof(type, member) + sizeof(member) <= struct_size.
 * A host refuses a plugin whose struct_size is smaller than the ABI 1 size.
 *
 * Data crosses the boundary as UTF-8 JSON text:
 *   - inputs (requests, config) are borrowed for the duration of the call;
 *   - outputs are allocated by the plugin and released by the host with the
 *     plugin's own `free_string` (never with the host's free()).
 * Every `call` returns a status and always sets *response to a JSON object:
 *   {"ok":true, ...}  or
 *   {"ok":false,"error":{"code":"...","message":"...","field":"..."}}
 * ("field" names the offending request member and is present when one does).
 *
 * Thread rules.
 *   - sdh_plugin_entry may be called from any thread, any number of times; it
 *     returns the same pointer every time.
 *   - Different instances (from separate `create` calls) are independent and may
 *     be used concurrently from different threads.
 *   - One instance is not reentrant: the host serialises `call` on it. A call may
 *     block for a long time (network I/O, waiting for an endpoint); it returns
 *     early when the host's `is_cancelled` says so.
 *   - The plugin calls the host services only from the thread that is inside
 *     `create` or `call` on that instance, and never after `call` returns.
 *   - `free_string` may be called from any thread.
 *   - Unloading: hosts should keep plugins resident (never dlclose while any
 *     call runs; libcurl resolver threads make unloading unsafe in general).
 */
#ifndef SDHOST_PLUGIN_H
#define SDHOST_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI this header describes. */
#define SDH_ABI_VERSION 1u

/* Outcome of a call. The numeric values are stable. Values 0-5 are also
 * sdhost-shim's exit codes (3 is reserved for the host's own load/ABI errors);
 * the shim exits 130 for CANCELLED and 70 for INTERNAL, as shells expect. */
typedef enum sdh_status {
    SDH_STATUS_OK = 0,            /* done */
    SDH_STATUS_REMOTE_ERROR = 1,  /* AWS answered with an error, or could not be reached */
    SDH_STATUS_INVALID_INPUT = 2, /* bad request JSON, names, manifests or values */
    SDH_STATUS_CONFIG_ERROR = 4,  /* credentials or configuration missing, invalid or refused */
    SDH_STATUS_PARTIAL = 5,       /* some changes applied, later ones not; re-run to converge */
    SDH_STATUS_CANCELLED = 6,     /* the host's cancel flag ended the call */
    SDH_STATUS_INTERNAL = 7       /* out of memory or a bug; the message says which */
} sdh_status;

typedef enum sdh_log_level {
    SDH_LOG_DEBUG = 0,
    SDH_LOG_INFO = 1,
    SDH_LOG_WARN = 2,
    SDH_LOG_ERROR = 3
} sdh_log_level;

/* Services the host lends to a plugin instance. Owned by the host; it must stay
 * valid and unchanged until the instance is destroyed. Every function pointer
 * may be NULL, in which case the plugin does without it. */
typedef struct sdh_host_services {
    uint32_t abi_version; /* SDH_ABI_VERSION the host speaks */
    uint32_t struct_size; /* sizeof(sdh_host_services) as the host was built */
    void *host_data;      /* passed back unchanged as the first argument below */

    /* One log line, without a trailing newline. `message` is borrowed for the
     * call. The plugin never puts secrets in it. */
    void (*log)(void *host_data, sdh_log_level level, const char *message);

    /* A progress event: a borrowed JSON object text such as
     * {"phase":"wait","endpoint":"e","status":"Creating","elapsed_s":12}. */
    void (*progress)(void *host_data, const char *event_json);

    /* Non-zero once the user asked to cancel. Cheap; polled during waits. */
    int (*is_cancelled)(void *host_data);

    /* Host configuration look-up, e.g. "region", "profile", "policy_dir".
     * Returns a string owned by the host that stays valid for the instance's
     * lifetime, or NULL when the key is not set. */
    const char *(*config_get)(void *host_data, const char *key);
} sdh_host_services;

/* An opaque plugin instance. */
typedef struct sdh_instance sdh_instance;

/* The plugin's vtable, returned by sdh_plugin_entry. Static and immutable. */
typedef struct sdh_plugin {
    uint32_t abi_version; /* SDH_ABI_VERSION the plugin speaks */
    uint32_t struct_size; /* sizeof(sdh_plugin) as the plugin was built */
    const char *name;     /* static, e.g. "autoscaling" */
    const char *version;  /* static, e.g. "0.1.0" */

    /* Create an instance. `host` is borrowed and must outlive the instance.
     * On success returns a new instance and sets *error_json to NULL. On
     * failure returns NULL and sets *error_json to an error body (new; release
     * with free_string). */
    sdh_instance *(*create)(const sdh_host_services *host, char **error_json);

    /* Destroy an instance made by `create`. NULL is accepted. */
    void (*destroy)(sdh_instance *instance);

    /* Handle one request. `request` is borrowed UTF-8 JSON text of `len` bytes
     * (need not be NUL-terminated). Always sets *response to a new JSON text
     * (release with free_string), except when out of memory, where it may be
     * NULL and the status is SDH_STATUS_INTERNAL. */
    sdh_status (*call)(sdh_instance *instance, const char *request, size_t len, char **response);

    /* Release a string this plugin returned. NULL is accepted. */
    void (*free_string)(char *s);
} sdh_plugin;

/* The one exported symbol. Returns the plugin's vtable when it can speak
 * `host_abi_version`, else NULL. The result is static: never free it. */
const sdh_plugin *sdh_plugin_entry(uint32_t host_abi_version);

/* The type of sdh_plugin_entry, for dlsym. */
typedef const sdh_plugin *(*sdh_plugin_entry_fn)(uint32_t host_abi_version);

#define SDH_PLUGIN_ENTRY_SYMBOL "sdh_plugin_entry"

#ifdef __cplusplus
}
#endif

#endif /* SDHOST_PLUGIN_H */

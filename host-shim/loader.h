/* Loading a plugin: trust checks on the file and its directory, the optional
 * manifest digest, dlopen(RTLD_NOW | RTLD_LOCAL), the entry symbol and the
 * vtable's ABI checks. Plugins are never unloaded. */
#ifndef SHIM_LOADER_H
#define SHIM_LOADER_H

#include <stddef.h>

#include "sdhost/plugin.h"

typedef struct shim_plugin {
    const sdh_plugin *vt; /* borrowed: the module's static vtable */
    void *handle;         /* the dlopen handle; deliberately never closed */
} shim_plugin;

/* Load the library at `path` (borrowed). Returns 0 and fills `out`, or -1
 * with a one-line reason in why[cap]. */
int loader_load_library(const char *path, shim_plugin *out, char *why, size_t cap);

/* Load through a manifest (borrowed path): validate it, check its file and
 * directory like a library, verify the library's SHA-256 and that the plugin
 * calls itself by the manifest's name. Returns 0 or -1 with why[cap]. */
int loader_load_manifest(const char *manifest_path, shim_plugin *out, char *why, size_t cap);

#endif

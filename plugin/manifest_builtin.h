/* The policy manifests built into the plugin (generated at build time from
 * the JSON files in manifests/policies by embed_manifests.py). Static, immutable. */
#ifndef SDH_MANIFEST_BUILTIN_H
#define SDH_MANIFEST_BUILTIN_H

#include <stddef.h>

typedef struct manifest_builtin {
    const char *name; /* "documented", "backlog", "realtime" */
    const char *text; /* the manifest JSON */
    size_t len;
} manifest_builtin;

/* Terminated by {NULL}. */
extern const manifest_builtin sdh_manifest_builtins[];

#endif

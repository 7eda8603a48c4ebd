/* Plugin manifests: {"name","abi","library","description"?,"sha256"}. Parsing
 * and validation only; loader.c applies them. */
#ifndef SHIM_MANIFEST_H
#define SHIM_MANIFEST_H

#include <stddef.h>

typedef struct shim_manifest {
    char *name;      /* owned */
    char *library;   /* owned: the library path, resolved against the manifest's directory */
    char sha256[65]; /* lowercase hex */
} shim_manifest;

/* Parse the manifest text (borrowed, `len` bytes) read from `manifest_path`
 * (borrowed; a real path, used to resolve a relative "library"). Returns 0
 * and fills `out` (release with manifest_free), or -1 with a one-line reason
 * naming the field in why[cap]. */
int manifest_parse(const char *text, size_t len, const char *manifest_path, shim_manifest *out,
                   char *why, size_t cap);

/* Release what `m` owns. */
void manifest_free(shim_manifest *m);

#endif

/* sdhost-shim's command line: global options (accepted before and after the
 * command word), the command, its flags, and for the friendly commands the
 * request JSON they stand for. Parsing only; no plugin is involved. */
#ifndef SHIM_ARGS_H
#define SHIM_ARGS_H

#include <jansson.h>

#include "host.h"

typedef struct shim_opts {
    const char *plugin;   /* borrowed from argv: --plugin PATH */
    const char *manifest; /* --manifest PATH */
    const char *config;   /* --config JSON|@FILE */
    const char *region;   /* --region R */
    const char *profile;  /* --profile P */
    shim_verbosity verbosity;
    int text_output;     /* --output text */
    const char *command; /* "info", "call", "serve", "enable", ... */
    const char *input;   /* call's FILE or "-", NULL for stdin */
    json_t *request;     /* owned: the request a friendly command built, else NULL */
} shim_opts;

/* Sentinel: parsing succeeded and the command should run. */
#define ARGS_RUN (-1)

/* Parse argv into `o` (zeroed first). Returns ARGS_RUN, or an exit code after
 * printing: 0 for --help/--version, 2 with a one-line reason on stderr for a
 * usage error. Release `o` with args_free in every case. */
int args_parse(int argc, char **argv, shim_opts *o);

/* Release what `o` owns. */
void args_free(shim_opts *o);

#endif

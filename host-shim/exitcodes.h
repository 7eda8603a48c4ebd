/* sdhost-shim's exit codes and the one mapping from the plugin's sdh_status. */
#ifndef SHIM_EXITCODES_H
#define SHIM_EXITCODES_H

enum {
    SHIM_EXIT_OK = 0,         /* done */
    SHIM_EXIT_REMOTE = 1,     /* AWS answered with an error or could not be reached */
    SHIM_EXIT_USAGE = 2,      /* invalid input: flags, request JSON, config JSON */
    SHIM_EXIT_LOAD = 3,       /* the plugin could not be loaded or speaks another ABI */
    SHIM_EXIT_CONFIG = 4,     /* credentials or configuration missing or invalid */
    SHIM_EXIT_PARTIAL = 5,    /* some changes applied, later ones not */
    SHIM_EXIT_INTERNAL = 70,  /* out of memory, a bug, an unusable plugin reply */
    SHIM_EXIT_CANCELLED = 130 /* SIGINT */
};

/* The exit code for a status a plugin returned (any int: unknown values are
 * internal errors). */
int shim_exit_from_status(int status);

/* The exit code for a reply's "status" name (e.g. "config_error"), or -1 when
 * the name is unknown. `name` is borrowed and may be NULL. */
int shim_exit_from_status_name(const char *name);

#endif

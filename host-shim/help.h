/* sdhost-shim's --help texts (global and per command) and --version. */
#ifndef SHIM_HELP_H
#define SHIM_HELP_H

/* Print the help for `command` (borrowed; NULL for the global help) on
 * stdout. Returns 0, the exit code. */
int help_print(const char *command);

/* Print the version on stdout. Returns 0. */
int help_version(void);

#endif

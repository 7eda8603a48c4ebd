/* sdhost-shim: a command-line host for sdhost plugins. Parses the command
 * line, loads the plugin, creates one instance and dispatches the command
 * (info, call, serve, or a friendly command that builds the request). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "config.h"
#include "exitcodes.h"
#include "host.h"
#include "io.h"
#include "loader.h"
#include "output.h"
#include "serve.h"
#include "session.h"

/* Send `text` and print the reply; the exit code. */
static int run_text(shim_session *s, const char *text, size_t len, int text_output)
{
    int exit_code = SHIM_EXIT_INTERNAL;
    json_t *reply = session_request(s, text, len, &exit_code);
    if (!reply) {
        host_log(s->host, SDH_LOG_ERROR, "out of memory");
        return SHIM_EXIT_INTERNAL;
    }
    int rc = text_output ? output_text(reply) : output_json(reply);
    json_decref(reply);
    if (rc != 0) {
        host_log(s->host, SDH_LOG_ERROR, "cannot write stdout: %s", strerror(errno));
        return SHIM_EXIT_INTERNAL;
    }
    return exit_code;
}

static int run_json(shim_session *s, const json_t *request, int text_output)
{
    char *text = json_dumps(request, JSON_COMPACT);
    if (!text) {
        host_log(s->host, SDH_LOG_ERROR, "out of memory");
        return SHIM_EXIT_INTERNAL;
    }
    int rc = run_text(s, text, strlen(text), text_output);
    free(text);
    return rc;
}

/* call [FILE|-]: read one bounded request and send it. */
static int run_call(shim_session *s, const char *input, int text_output)
{
    char *text = NULL;
    size_t len = 0;
    const char *path = input ? input : "-";
    io_result r = io_read_path(path, SHIM_MAX_REQUEST, &text, &len);
    if (r == IO_CANCELLED)
        return SHIM_EXIT_CANCELLED;
    if (r == IO_ERROR) {
        host_log(s->host, SDH_LOG_ERROR, "cannot read %s: %s",
                 strcmp(path, "-") == 0 ? "stdin" : path, strerror(errno));
        return SHIM_EXIT_USAGE;
    }
    if (r == IO_TOO_LARGE) {
        json_t *reply = session_error("invalid_input", "RequestTooLarge", NULL,
                                      "the request is larger than 1 MiB");
        int rc = reply && (text_output ? output_text(reply) : output_json(reply)) == 0;
        json_decref(reply);
        return rc ? SHIM_EXIT_USAGE : SHIM_EXIT_INTERNAL;
    }
    int rc = run_text(s, text, len, text_output);
    free(text);
    return rc;
}

static int dispatch(shim_session *s, const shim_opts *o)
{
    if (strcmp(o->command, "serve") == 0)
        return serve_run(s);
    if (strcmp(o->command, "call") == 0)
        return run_call(s, o->input, o->text_output);
    if (strcmp(o->command, "info") == 0) {
        static const char info[] = "{\"op\":\"info\"}";
        return run_text(s, info, sizeof(info) - 1, o->text_output);
    }
    return run_json(s, o->request, o->text_output);
}

int main(int argc, char **argv)
{
    shim_opts o;
    shim_host host;
    shim_plugin plugin = {0};
    shim_session session;
    json_t *config = NULL;
    char why[1024];
    int rc = args_parse(argc, argv, &o);
    if (rc != ARGS_RUN)
        goto out_args;
    rc = config_load(o.config, o.region, o.profile, &config);
    if (rc != 0)
        goto out_args;
    host_init(&host, o.verbosity, config);
    if (host_install_signals() != 0) {
        host_log(&host, SDH_LOG_ERROR, "cannot install signal handlers: %s", strerror(errno));
        rc = SHIM_EXIT_INTERNAL;
        goto out_host;
    }
    const char *source = o.manifest ? o.manifest : o.plugin;
    int loaded = o.manifest ? loader_load_manifest(o.manifest, &plugin, why, sizeof(why))
                            : loader_load_library(o.plugin, &plugin, why, sizeof(why));
    if (loaded != 0) {
        host_log(&host, SDH_LOG_ERROR, "cannot load plugin %s: %s", source, why);
        rc = SHIM_EXIT_LOAD;
        goto out_host;
    }
    host_log(&host, SDH_LOG_DEBUG, "loaded plugin %s %s from %s",
             plugin.vt->name ? plugin.vt->name : "?", plugin.vt->version ? plugin.vt->version : "?",
             source);
    rc = session_open(&session, &plugin, &host);
    if (rc != SHIM_EXIT_OK)
        goto out_host;
    rc = dispatch(&session, &o);
    session_close(&session);
    /* The plugin stays loaded until exit: never dlclose (see loader.h). */
out_host:
    host_free(&host);
out_args:
    args_free(&o);
    return rc;
}

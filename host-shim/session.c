/* The exchange with a plugin instance: create/destroy, framing checks, the
 * call itself, reply validation, and status -> exit code. */
#include "session.h"

#include <stdio.h>
#include <string.h>

#include "exitcodes.h"
#include "io.h"

json_t *session_error(const char *status, const char *code, const char *field, const char *message)
{
    json_t *error = json_pack("{s:s,s:s}", "code", code, "message", message);
    if (error && field)
        json_object_set_new(error, "field", json_string(field));
    return json_pack("{s:b,s:s,s:o}", "ok", 0, "status", status, "error", error);
}

/* New reference: `text` parsed when it is a JSON object, else NULL. */
static json_t *parse_reply(const char *text)
{
    if (!text)
        return NULL;
    json_t *reply = json_loads(text, 0, NULL);
    if (!json_is_object(reply)) {
        json_decref(reply);
        return NULL;
    }
    return reply;
}

int session_open(shim_session *s, const shim_plugin *plugin, shim_host *host)
{
    char *error_json = NULL;
    memset(s, 0, sizeof(*s));
    s->plugin = *plugin;
    s->host = host;
    s->inst = plugin->vt->create(&host->services, &error_json);
    if (s->inst) {
        plugin->vt->free_string(error_json);
        return SHIM_EXIT_OK;
    }
    json_t *reply = parse_reply(error_json);
    plugin->vt->free_string(error_json);
    json_t *error = json_object_get(reply, "error");
    const char *message = json_string_value(json_object_get(error, "message"));
    int code = shim_exit_from_status_name(json_string_value(json_object_get(reply, "status")));
    host_log(host, SDH_LOG_ERROR, "the plugin could not create an instance: %s",
             message ? message : "no reason given");
    json_decref(reply);
    /* An instance that cannot exist is a load failure unless the plugin says
     * it is about configuration or memory. */
    return code == SHIM_EXIT_CONFIG || code == SHIM_EXIT_INTERNAL ? code : SHIM_EXIT_LOAD;
}

void session_close(shim_session *s)
{
    if (s->inst)
        s->plugin.vt->destroy(s->inst);
    s->inst = NULL;
}

json_t *session_request(shim_session *s, const char *text, size_t len, int *exit_code)
{
    const char *why = NULL;
    const char *code =
        len > SHIM_MAX_REQUEST ? "RequestTooLarge" : io_check_request(text, len, &why);
    if (code) {
        *exit_code = SHIM_EXIT_USAGE;
        return session_error("invalid_input", code, NULL,
                             why ? why : "the request is larger than 1 MiB");
    }
    char *response = NULL;
    int status = (int)s->plugin.vt->call(s->inst, text, len, &response);
    json_t *reply = parse_reply(response);
    s->plugin.vt->free_string(response);
    *exit_code = shim_exit_from_status(status);
    if (!reply) {
        host_log(s->host, SDH_LOG_ERROR, "the plugin's reply is not a JSON object (status %d)",
                 status);
        *exit_code = SHIM_EXIT_INTERNAL;
        return session_error("internal", "BadPluginReply", NULL,
                             "the plugin's reply is not a JSON object");
    }
    return reply;
}

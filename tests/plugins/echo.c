/* A correct ABI-1 test plugin: it echoes each request back as
 * {"ok":true,"echo":REQUEST}, plus a few ops that exercise the host:
 *   {"op":"wait","seconds":N}   polls is_cancelled every 10 ms; CANCELLED when set
 *                               ("ignore_cancel":true: sleeps without polling)
 *   {"op":"return_status","status":N} returns status N with an error body
 *   {"op":"config","keys":[..]} returns the host's config_get values
 *   {"op":"raw","text":"..."}   returns "text" verbatim as the response
 *   {"op":"log"}                one log line per level and a progress event */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sdhost/plugin.h"

struct sdh_instance {
    const sdh_host_services *host;
};

static char *dump(json_t *obj)
{
    char *s = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    return s;
}

static char *error_reply(const char *status, const char *code, const char *message)
{
    return dump(json_pack("{s:b,s:s,s:{s:s,s:s}}", "ok", 0, "status", status, "error", "code", code,
                          "message", message));
}

static sdh_instance *echo_create(const sdh_host_services *host, char **error_json)
{
    *error_json = NULL;
    sdh_instance *inst = calloc(1, sizeof(*inst));
    if (inst)
        inst->host = host;
    return inst;
}

static void echo_destroy(sdh_instance *inst)
{
    free(inst);
}

static sdh_status op_wait(sdh_instance *inst, json_t *req, char **response)
{
    const sdh_host_services *h = inst->host;
    json_int_t seconds = json_integer_value(json_object_get(req, "seconds"));
    int ignore = json_is_true(json_object_get(req, "ignore_cancel"));
    if (seconds <= 0)
        seconds = 30;
    if (h->progress)
        h->progress(h->host_data, "{\"phase\":\"wait\",\"endpoint\":\"test\",\"elapsed_s\":0}");
    if (h->log)
        h->log(h->host_data, SDH_LOG_INFO, "waiting for cancel");
    for (json_int_t i = 0; i < seconds * 100; i++) {
        if (!ignore && h->is_cancelled && h->is_cancelled(h->host_data)) {
            *response = error_reply("cancelled", "Cancelled", "cancelled by the host");
            return SDH_STATUS_CANCELLED;
        }
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    *response = dump(json_pack("{s:b,s:s}", "ok", 1, "waited", "all"));
    return SDH_STATUS_OK;
}

static sdh_status op_config(sdh_instance *inst, json_t *req, char **response)
{
    const sdh_host_services *h = inst->host;
    json_t *out = json_object();
    size_t i;
    json_t *key;
    json_array_foreach(json_object_get(req, "keys"), i, key)
    {
        const char *k = json_string_value(key);
        const char *v = k && h->config_get ? h->config_get(h->host_data, k) : NULL;
        json_object_set_new(out, k ? k : "?", v ? json_string(v) : json_null());
    }
    *response = dump(json_pack("{s:b,s:o}", "ok", 1, "config", out));
    return SDH_STATUS_OK;
}

static sdh_status op_log(sdh_instance *inst, char **response)
{
    const sdh_host_services *h = inst->host;
    static const char *const names[] = {"debug line", "info line", "warn line", "error line"};
    for (int level = SDH_LOG_DEBUG; level <= SDH_LOG_ERROR; level++)
        h->log(h->host_data, (sdh_log_level)level, names[level]);
    h->log(h->host_data, SDH_LOG_INFO, "control\033[2Jchars\nhere");
    h->progress(h->host_data, "{\"phase\":\"test\",\"n\":1}");
    *response = dump(json_pack("{s:b}", "ok", 1));
    return SDH_STATUS_OK;
}

static sdh_status echo_call(sdh_instance *inst, const char *request, size_t len, char **response)
{
    json_error_t jerr;
    sdh_status st = SDH_STATUS_OK;
    json_t *req = json_loadb(request, len, JSON_REJECT_DUPLICATES, &jerr);
    *response = NULL;
    if (!json_is_object(req)) {
        json_decref(req);
        *response = error_reply("invalid_input", "InvalidJson", "not a JSON object");
        return SDH_STATUS_INVALID_INPUT;
    }
    const char *op = json_string_value(json_object_get(req, "op"));
    if (op && strcmp(op, "wait") == 0) {
        st = op_wait(inst, req, response);
    } else if (op && strcmp(op, "config") == 0) {
        st = op_config(inst, req, response);
    } else if (op && strcmp(op, "log") == 0) {
        st = op_log(inst, response);
    } else if (op && strcmp(op, "raw") == 0) {
        const char *text = json_string_value(json_object_get(req, "text"));
        *response = text ? strdup(text) : NULL;
    } else if (op && strcmp(op, "return_status") == 0) {
        st = (sdh_status)json_integer_value(json_object_get(req, "status"));
        *response = error_reply("test", "TestStatus", "the status the request asked for");
    } else {
        *response = dump(json_pack("{s:b,s:O}", "ok", 1, "echo", req));
    }
    json_decref(req);
    return st;
}

static void echo_free_string(char *s)
{
    free(s);
}

static const sdh_plugin vtable = {
    .abi_version = SDH_ABI_VERSION,
    .struct_size = sizeof(sdh_plugin),
    .name = "echo",
    .version = "1.0",
    .create = echo_create,
    .destroy = echo_destroy,
    .call = echo_call,
    .free_string = echo_free_string,
};

__attribute__((visibility("default"))) const sdh_plugin *sdh_plugin_entry(uint32_t host_abi_version)
{
    return host_abi_version == SDH_ABI_VERSION ? &vtable : NULL;
}

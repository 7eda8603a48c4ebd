/* The exported entry point and the ABI vtable: instance create/destroy, request
 * parsing, dispatch by "op", and the reply/error envelope. */
#include <stdlib.h>
#include <string.h>

#include "instance.h"
#include "ops.h"
#include "sdhost/plugin.h"
#include "util/host.h"
#include "version.h"

/* Largest request accepted, as for the shim's JSON Lines. */
#define MAX_REQUEST_BYTES (1024 * 1024)

static char *dump_or_null(json_t *obj)
{
    char *text = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(obj);
    return text;
}

/* New text: {"ok":false,"error":{...}} plus any members of `details`
 * (borrowed). NULL only when out of memory. */
static char *error_body(const sdh_error *e, const json_t *details, const json_t *id)
{
    json_t *obj = json_object();
    json_t *eobj = sdh_error_to_json(e);
    if (!obj || !eobj) {
        json_decref(obj);
        json_decref(eobj);
        return NULL;
    }
    if (json_is_object(details))
        json_object_update(obj, (json_t *)details);
    json_object_set_new(obj, "ok", json_false());
    json_object_set_new(obj, "status", json_string(sdh_status_name(e->status)));
    json_object_set_new(obj, "error", eobj);
    if (id)
        json_object_set(obj, "id", (json_t *)id);
    return dump_or_null(obj);
}

static sdh_instance *instance_create(const sdh_host_services *host, char **error_json)
{
    sdh_error err;
    sdh_error_clear(&err);
    *error_json = NULL;
    if (host &&
        (host->abi_version != SDH_ABI_VERSION ||
         host->struct_size < offsetof(sdh_host_services, config_get) + sizeof(host->config_get))) {
        sdh_error_set(&err, SDH_STATUS_INVALID_INPUT, "HostAbiMismatch", NULL,
                      "host services speak ABI %u with struct_size %u; this plugin needs ABI %u",
                      host->abi_version, host->struct_size, SDH_ABI_VERSION);
        *error_json = error_body(&err, NULL, NULL);
        return NULL;
    }
    sdh_instance *inst = calloc(1, sizeof(*inst));
    if (!inst) {
        sdh_error_oom(&err);
        *error_json = error_body(&err, NULL, NULL);
        return NULL;
    }
    inst->host = host;
    return inst;
}

static void instance_destroy(sdh_instance *inst)
{
    if (!inst)
        return;
    aws_client_free(inst->client);
    free(inst->client_region);
    free(inst->client_profile);
    free(inst);
}

static const sdh_op *find_op(const char *name)
{
    for (const sdh_op *op = sdh_ops_table(); op->name; op++)
        if (strcmp(op->name, name) == 0)
            return op;
    return NULL;
}

static sdh_status parse_request(const char *text, size_t len, json_t **out, sdh_error *err)
{
    if (!text)
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidJson", NULL, "request is NULL");
    if (len > MAX_REQUEST_BYTES)
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "RequestTooLarge", NULL,
                             "request is %zu bytes; the limit is %d", len, MAX_REQUEST_BYTES);
    json_error_t jerr;
    json_t *req = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!req)
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidJson", NULL,
                             "request is not valid JSON: %s (line %d, column %d)", jerr.text,
                             jerr.line, jerr.column);
    if (!json_is_object(req)) {
        json_decref(req);
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", NULL,
                             "request must be a JSON object");
    }
    *out = req;
    return SDH_STATUS_OK;
}

static sdh_status instance_call(sdh_instance *inst, const char *request, size_t len,
                                char **response)
{
    sdh_error err;
    sdh_error_clear(&err);
    json_t *req = NULL;
    json_t *reply = NULL;
    const json_t *id = NULL;
    sdh_status st = SDH_STATUS_OK;

    *response = NULL;
    if (!inst) {
        st = sdh_error_set(&err, SDH_STATUS_INVALID_INPUT, "InvalidInstance", NULL,
                           "instance is NULL");
        goto out;
    }
    st = parse_request(request, len, &req, &err);
    if (st != SDH_STATUS_OK)
        goto out;
    id = json_object_get(req, "id");
    const json_t *opv = json_object_get(req, "op");
    if (!opv) {
        st = sdh_error_set(&err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", "op",
                           "missing required field \"op\"");
        goto out;
    }
    if (!json_is_string(opv)) {
        st = sdh_error_set(&err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", "op",
                           "field \"op\" must be a string");
        goto out;
    }
    const sdh_op *op = find_op(json_string_value(opv));
    if (!op) {
        st = sdh_error_set(&err, SDH_STATUS_INVALID_INPUT, "UnknownOperation", "op",
                           "unknown op \"%s\"; see {\"op\":\"info\"} for the supported ones",
                           json_string_value(opv));
        goto out;
    }
    sdh_log(inst->host, SDH_LOG_DEBUG, "op %s", op->name);
    st = op->fn(inst, req, &reply, &err);
    if (st == SDH_STATUS_OK) {
        if (!reply)
            reply = json_object();
        if (!reply) {
            st = sdh_error_oom(&err);
            goto out;
        }
        json_object_set_new(reply, "ok", json_true());
        if (id)
            json_object_set(reply, "id", (json_t *)id);
        *response = dump_or_null(reply);
        reply = NULL;
        if (!*response)
            st = SDH_STATUS_INTERNAL;
        goto out;
    }
    if (err.status == SDH_STATUS_OK)
        sdh_error_set(&err, st, "Error", NULL, "operation failed without a message");
out:
    if (st != SDH_STATUS_OK && !*response) {
        err.status = st;
        *response = error_body(&err, reply, id);
    }
    json_decref(reply);
    json_decref(req);
    return st;
}

static void plugin_free_string(char *s)
{
    free(s);
}

static const sdh_plugin plugin_vtable = {
    .abi_version = SDH_ABI_VERSION,
    .struct_size = sizeof(sdh_plugin),
    .name = SDH_PLUGIN_NAME,
    .version = SDH_PLUGIN_VERSION,
    .create = instance_create,
    .destroy = instance_destroy,
    .call = instance_call,
    .free_string = plugin_free_string,
};

__attribute__((visibility("default"))) const sdh_plugin *sdh_plugin_entry(uint32_t host_abi_version)
{
    if (host_abi_version != SDH_ABI_VERSION)
        return NULL;
    return &plugin_vtable;
}

/* Test plugins built to be refused (or to fail at create), one per BAD_*
 * define: each breaks exactly one rule of the ABI. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sdhost/plugin.h"

struct sdh_instance {
    int unused;
};

static sdh_instance *bad_create(const sdh_host_services *host, char **error_json)
{
    (void)host;
#ifdef BAD_CREATE_FAILS
    static const char body[] = "{\"ok\":false,\"status\":\"config_error\",\"error\":{\"code\":"
                               "\"NoRegion\",\"message\":\"no region configured (test)\"}}";
    *error_json = strdup(body);
    return NULL;
#else
    *error_json = NULL;
    return calloc(1, sizeof(sdh_instance));
#endif
}

static void bad_destroy(sdh_instance *inst)
{
    free(inst);
}

#ifndef BAD_NULL_FN
static sdh_status bad_call(sdh_instance *inst, const char *request, size_t len, char **response)
{
    (void)inst;
    (void)request;
    (void)len;
    *response = strdup("{\"ok\":true}");
    return SDH_STATUS_OK;
}
#endif

static void bad_free_string(char *s)
{
    free(s);
}

static const sdh_plugin vtable = {
#ifdef BAD_WRONG_ABI
    .abi_version = SDH_ABI_VERSION + 1,
#else
    .abi_version = SDH_ABI_VERSION,
#endif
#ifdef BAD_SMALL_STRUCT
    .struct_size = offsetof(sdh_plugin, call),
#else
    .struct_size = sizeof(sdh_plugin),
#endif
    .name = "bad",
    .version = "0",
    .create = bad_create,
    .destroy = bad_destroy,
#ifdef BAD_NULL_FN
    .call = NULL,
#else
    .call = bad_call,
#endif
    .free_string = bad_free_string,
};

#ifdef BAD_NO_ENTRY
/* Exported under another name: a plain shared object without the entry. */
__attribute__((visibility("default"))) const sdh_plugin *sdh_plugin_entry_v0(uint32_t abi)
{
    (void)abi;
    return &vtable;
}
#else
__attribute__((visibility("default"))) const sdh_plugin *sdh_plugin_entry(uint32_t host_abi_version)
{
    (void)host_abi_version;
#ifdef BAD_NULL_ENTRY
    /* Refuses every ABI; the vtable stays referenced for the compiler. */
    return host_abi_version == 0xffffffffu ? &vtable : NULL;
#else
    return &vtable;
#endif
}
#endif

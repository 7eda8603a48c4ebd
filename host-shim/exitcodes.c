/* The mapping from sdh_status (and its stable names) to the shim's exit codes. */
#include "exitcodes.h"

#include <string.h>

#include "sdhost/plugin.h"

int shim_exit_from_status(int status)
{
    switch (status) {
    case SDH_STATUS_OK:
        return SHIM_EXIT_OK;
    case SDH_STATUS_REMOTE_ERROR:
        return SHIM_EXIT_REMOTE;
    case SDH_STATUS_INVALID_INPUT:
        return SHIM_EXIT_USAGE;
    case SDH_STATUS_CONFIG_ERROR:
        return SHIM_EXIT_CONFIG;
    case SDH_STATUS_PARTIAL:
        return SHIM_EXIT_PARTIAL;
    case SDH_STATUS_CANCELLED:
        return SHIM_EXIT_CANCELLED;
    default:
        return SHIM_EXIT_INTERNAL;
    }
}

int shim_exit_from_status_name(const char *name)
{
    static const struct {
        const char *name;
        int status;
    } names[] = {
        {"ok", SDH_STATUS_OK},
        {"remote_error", SDH_STATUS_REMOTE_ERROR},
        {"invalid_input", SDH_STATUS_INVALID_INPUT},
        {"config_error", SDH_STATUS_CONFIG_ERROR},
        {"partial", SDH_STATUS_PARTIAL},
        {"cancelled", SDH_STATUS_CANCELLED},
        {"internal", SDH_STATUS_INTERNAL},
    };
    if (!name)
        return -1;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i].name, name) == 0)
            return shim_exit_from_status(names[i].status);
    return -1;
}

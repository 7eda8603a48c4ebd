/* The plugin's name and version, used by the vtable, "info" and the User-Agent. */
#ifndef SDH_VERSION_H
#define SDH_VERSION_H

#define SDH_PLUGIN_NAME    "autoscaling"
#define SDH_PLUGIN_VERSION "0.1.0"

#endif

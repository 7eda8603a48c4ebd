/* The plugin instance: everything one `create` owns (host services, the AWS
 * client made on first use). No global mutable state exists beyond it. */
#ifndef SDH_INSTANCE_H
#define SDH_INSTANCE_H

#include "aws/client.h"
#include "sdhost/plugin.h"
#include "util/error.h"

struct sdh_instance {
    const sdh_host_services *host; /* borrowed from the host */
    aws_client *client;            /* owned, NULL until first needed */
    char *client_region;           /* the explicit region the client was made with, or NULL */
    char *client_profile;          /* the explicit profile the client was made with, or NULL */
};

/* The instance's AWS client for this explicit region/profile (borrowed; either
 * may be NULL to use the host config and the usual AWS settings). Made on first
 * use and kept while the request's region/profile stay the same, so
 * connections and credentials are reused across calls. */
aws_client *sdh_instance_client(sdh_instance *inst, const char *region, const char *profile,
                                sdh_error *err);

#endif

/* The instance's AWS client, made on first use and kept while the explicit
 * region and profile stay the same. */
#include "instance.h"

#include <stdlib.h>
#include <string.h>

#include "util/host.h"

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

aws_client *sdh_instance_client(sdh_instance *inst, const char *region, const char *profile,
                                sdh_error *err)
{
    if (!region)
        region = sdh_host_config(inst->host, "region");
    if (!profile)
        profile = sdh_host_config(inst->host, "profile");
    if (inst->client && same(region, inst->client_region) && same(profile, inst->client_profile))
        return inst->client;

    aws_settings_input in = {
        .region = region,
        .profile = profile,
        .endpoint_url = sdh_host_config(inst->host, "endpoint_url"),
    };
    aws_client *client = aws_client_new(&in, inst->host, err);
    if (!client)
        return NULL;
    char *r = dup_or_null(region);
    char *p = dup_or_null(profile);
    if ((region && !r) || (profile && !p)) {
        free(r);
        free(p);
        aws_client_free(client);
        sdh_error_oom(err);
        return NULL;
    }
    aws_client_free(inst->client);
    free(inst->client_region);
    free(inst->client_profile);
    inst->client = client;
    inst->client_region = r;
    inst->client_profile = p;
    return client;
}

/* TEMPORARY placeholder so the plugin links while the real client is written
 * (owner: the AWS client work). Replace this whole file. */
#include "aws/client.h"

aws_client *aws_client_new(const aws_settings_input *in, const sdh_host_services *host,
                           sdh_error *err)
{
    (void)in;
    (void)host;
    sdh_error_set(err, SDH_STATUS_INTERNAL, "NotImplemented", NULL, "AWS client not built yet");
    return NULL;
}

void aws_client_free(aws_client *client)
{
    (void)client;
}

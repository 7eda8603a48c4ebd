/* The AWS services the plugin talks to, and the static facts about each one:
 * signing name, endpoint prefix, wire protocol, API version, configuration
 * keys. Knows nothing about autoscaling. */
#ifndef SDH_AWS_SERVICE_H
#define SDH_AWS_SERVICE_H

typedef enum aws_service {
    AWS_SERVICE_AUTOSCALING = 0, /* Application Auto Scaling */
    AWS_SERVICE_CLOUDWATCH,
    AWS_SERVICE_SAGEMAKER,
    AWS_SERVICE_STS,
    AWS_SERVICE_COUNT
} aws_service;

typedef enum aws_protocol {
    AWS_PROTOCOL_JSON_1_1, /* POST /, X-Amz-Target: <target_prefix>.<Operation> */
    AWS_PROTOCOL_QUERY     /* POST / form: Action=<Operation>&Version=<api_version> */
} aws_protocol;

typedef struct aws_service_info {
    aws_service id;
    const char *name;            /* our name, e.g. "application-autoscaling" */
    const char *signing_name;    /* SigV4 credential-scope service */
    const char *endpoint_prefix; /* host prefix: "application-autoscaling", "monitoring",
                                    "api.sagemaker", "sts" */
    aws_protocol protocol;
    const char *target_prefix; /* JSON 1.1 only: "AnyScaleFrontendService", "SageMaker" */
    const char *api_version;   /* query only: "2010-08-01", "2011-06-15" */
    const char *xml_namespace; /* query only */
    const char *env_suffix;    /* AWS_ENDPOINT_URL_<suffix>: "APPLICATION_AUTO_SCALING", ... */
    const char *config_key; /* key in a config `[services x]` section: "application_autoscaling" */
} aws_service_info;

/* Static facts for `svc` (never NULL for a valid enum value). */
const aws_service_info *aws_service_get(aws_service svc);

#endif

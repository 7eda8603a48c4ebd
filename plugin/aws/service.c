/* Static table of the AWS services the plugin uses. */
#include "aws/service.h"

#include <stddef.h>

static const aws_service_info services[AWS_SERVICE_COUNT] = {
    [AWS_SERVICE_AUTOSCALING] = {AWS_SERVICE_AUTOSCALING, "application-autoscaling",
                                 "application-autoscaling", "application-autoscaling",
                                 AWS_PROTOCOL_JSON_1_1, "AnyScaleFrontendService", "2016-02-06",
                                 NULL, "APPLICATION_AUTO_SCALING", "application_auto_scaling"},
    [AWS_SERVICE_CLOUDWATCH] = {AWS_SERVICE_CLOUDWATCH, "cloudwatch", "monitoring", "monitoring",
                                AWS_PROTOCOL_QUERY, NULL, "2010-08-01",
                                "http://monitoring.amazonaws.com/doc/2010-08-01/", "CLOUDWATCH",
                                "cloudwatch"},
    [AWS_SERVICE_SAGEMAKER] = {AWS_SERVICE_SAGEMAKER, "sagemaker", "sagemaker", "api.sagemaker",
                               AWS_PROTOCOL_JSON_1_1, "SageMaker", "2017-07-24", NULL, "SAGEMAKER",
                               "sagemaker"},
    [AWS_SERVICE_STS] = {AWS_SERVICE_STS, "sts", "sts", "sts", AWS_PROTOCOL_QUERY, NULL,
                         "2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/", "STS", "sts"},
};

const aws_service_info *aws_service_get(aws_service svc)
{
    if ((unsigned)svc >= AWS_SERVICE_COUNT)
        return &services[0];
    return &services[svc];
}

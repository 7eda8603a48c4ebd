#!/usr/bin/env python3
# CloudWatch over the query protocol through botocore: PutMetricAlarm upsert,
# DescribeAlarms filters and paging, DeleteAlarms, alarm state, validation,
# and the raw XML shape of responses and errors.
import sys

from common import check, client, eq, error_code, query_request, run

XMLNS = 'xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"'


def _alarm(cw, name, **kw):
    params = dict(AlarmName=name, Namespace="AWS/SageMaker", MetricName="ApproximateBacklogSize",
                  Statistic="Average", Period=60, EvaluationPeriods=3, DatapointsToAlarm=2,
                  Threshold=1.5, ComparisonOperator="GreaterThanThreshold",
                  TreatMissingData="notBreaching",
                  Dimensions=[{"Name": "EndpointName", "Value": "ep1"}],
                  AlarmActions=["arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x"])
    params.update(kw)
    return cw.put_metric_alarm(**params)


def test_put_describe_upsert(aws):
    cw = client(aws, "cloudwatch")
    _alarm(cw, "a1")
    got = cw.describe_alarms(AlarmNames=["a1"])["MetricAlarms"]
    eq(len(got), 1)
    a = got[0]
    eq(a["AlarmArn"], "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a1")
    eq(a["StateValue"], "INSUFFICIENT_DATA")
    eq((a["Period"], a["EvaluationPeriods"], a["DatapointsToAlarm"], a["Threshold"]), (60, 3, 2, 1.5))
    eq(a["Dimensions"], [{"Name": "EndpointName", "Value": "ep1"}])
    eq(a["TreatMissingData"], "notBreaching")
    eq(len(a["AlarmActions"]), 1)
    aws.set_alarm_state("a1", "ALARM", "test")
    _alarm(cw, "a1", Threshold=3.0, AlarmActions=[])
    a = cw.describe_alarms(AlarmNames=["a1"])["MetricAlarms"][0]
    eq((a["Threshold"], a["AlarmActions"], a["StateValue"]), (3.0, [], "ALARM"), "upsert keeps state")
    cw.set_alarm_state(AlarmName="a1", StateValue="OK", StateReason="client")
    eq(cw.describe_alarms(StateValue="OK")["MetricAlarms"][0]["AlarmName"], "a1")


def test_filters_and_paging(aws):
    cw = client(aws, "cloudwatch")
    for i in range(5):
        _alarm(cw, "p-%d" % i)
    _alarm(cw, "other")
    eq(len(cw.describe_alarms(AlarmNamePrefix="p-")["MetricAlarms"]), 5)
    names, token = [], None
    while True:
        kw = {"NextToken": token} if token else {}
        resp = cw.describe_alarms(AlarmNamePrefix="p-", MaxRecords=2, **kw)
        names += [a["AlarmName"] for a in resp["MetricAlarms"]]
        token = resp.get("NextToken")
        if not token:
            break
    eq(names, ["p-%d" % i for i in range(5)], "paged")
    eq(error_code(cw.describe_alarms, NextToken="bogus")[0], "InvalidNextToken")
    eq(error_code(cw.describe_alarms, AlarmNames=["x"], AlarmNamePrefix="p")[0],
       "InvalidParameterCombination")


def test_delete(aws):
    cw = client(aws, "cloudwatch")
    _alarm(cw, "d1")
    _alarm(cw, "d2")
    code, _, status = error_code(cw.delete_alarms, AlarmNames=["d1", "nope"])
    eq((code, status), ("ResourceNotFound", 404))
    eq(len(cw.describe_alarms()["MetricAlarms"]), 2, "nothing deleted")
    cw.delete_alarms(AlarmNames=["d1", "d2"])
    eq(cw.describe_alarms()["MetricAlarms"], [])


def test_validation(aws):
    cw = client(aws, "cloudwatch", validate=False)
    eq(error_code(_alarm, cw, "v1", ComparisonOperator="Bigger")[0], "ValidationError")
    eq(error_code(_alarm, cw, "v1", Period=45)[0], "ValidationError")
    eq(error_code(_alarm, cw, "v1", DatapointsToAlarm=9)[0], "ValidationError")
    eq(error_code(_alarm, cw, "v1", TreatMissingData="sometimes")[0], "ValidationError")
    eq(error_code(_alarm, cw, "v1", AlarmName="x" * 300)[0], "ValidationError")
    eq(error_code(cw.delete_alarms)[0], "MissingParameter")
    eq(cw.describe_alarms()["MetricAlarms"], [])


def _raw(aws, form):
    return query_request(aws, form)


def test_raw_xml(aws):
    status, headers, body = _raw(aws, {
        "Action": "PutMetricAlarm", "AlarmName": "raw", "Namespace": "N", "MetricName": "M",
        "Statistic": "Sum", "Period": "60", "EvaluationPeriods": "1", "Threshold": "2",
        "ComparisonOperator": "LessThanThreshold", "AlarmActions.member.1": "arn:x",
        "Dimensions.member.1.Name": "EndpointName", "Dimensions.member.1.Value": "ep"})
    eq(status, 200, body)
    check(body.startswith("<PutMetricAlarmResponse " + XMLNS), body)
    check(headers.get("x-amzn-RequestId"), "request id header")
    status, headers, body = _raw(aws, {"Action": "DescribeAlarms", "AlarmNames.member.1": "raw"})
    check("<DescribeAlarmsResult><MetricAlarms><member><AlarmName>raw</AlarmName>" in body, body)
    check("<AlarmActions><member>arn:x</member></AlarmActions>" in body, body)
    check("<Dimensions><member><Name>EndpointName</Name><Value>ep</Value></member>" in body, body)
    eq(headers.get("Content-Type"), "text/xml")
    status, headers, body = _raw(aws, {"Action": "FlyToMoon"})
    eq(status, 400)
    check(body.startswith("<ErrorResponse " + XMLNS + "><Error><Type>Sender</Type>"
                          "<Code>InvalidAction</Code>"), body)
    status, _, body = _raw(aws, {"Action": "PutMetricAlarm", "AlarmName": "r2", "Period": "abc"})
    check(status == 400 and "<Code>InvalidParameterValue</Code>" in body, body)


if __name__ == "__main__":
    sys.exit(run([test_put_describe_upsert, test_filters_and_paging, test_delete,
                  test_validation, test_raw_xml]))

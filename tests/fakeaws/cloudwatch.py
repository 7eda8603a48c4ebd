# CloudWatch (query protocol, Version 2010-08-01): PutMetricAlarm,
# DescribeAlarms, DeleteAlarms, SetAlarmState; alarm helpers shared with
# Application Auto Scaling (target tracking alarms) and the admin API.
from paging import page
from protocols import AwsError

SERVICE = "monitoring"
MODEL = "cloudwatch"
PROTOCOL = "query"
XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/"

STATE_VALUES = ("OK", "ALARM", "INSUFFICIENT_DATA")
TREAT_MISSING = ("missing", "ignore", "breaching", "notBreaching")
# Alarm configuration members stored as given (everything in MetricAlarm that
# PutMetricAlarm also takes).
_CONFIG_MEMBERS = ("AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions",
                   "InsufficientDataActions", "MetricName", "Namespace", "Statistic",
                   "ExtendedStatistic", "Dimensions", "Period", "Unit", "EvaluationPeriods",
                   "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData",
                   "EvaluateLowSampleCountPercentile", "Metrics", "ThresholdMetricId")


def _invalid(message, code="ValidationError"):
    return AwsError(code, message)


def _check_alarm(params):
    if params.get("Metrics"):
        if params.get("MetricName") or params.get("Namespace") or params.get("Statistic"):
            raise _invalid("Metrics list cannot be combined with MetricName, Namespace or "
                           "Statistic.", "InvalidParameterCombination")
    else:
        for name in ("MetricName", "Namespace", "Period", "EvaluationPeriods", "ComparisonOperator"):
            if params.get(name) is None:
                raise AwsError("MissingParameter", "The parameter %s is required." % name)
        if (params.get("Statistic") is None) == (params.get("ExtendedStatistic") is None):
            raise _invalid("Exactly one of Statistic or ExtendedStatistic must be specified.",
                           "InvalidParameterCombination")
        period = params["Period"]
        if period not in (10, 20, 30) and period % 60 != 0:
            raise _invalid("Period must be 10, 20, 30 or a multiple of 60.")
    if params.get("Threshold") is None and params.get("ThresholdMetricId") is None:
        raise AwsError("MissingParameter", "The parameter Threshold is required.")
    if params.get("DatapointsToAlarm") is not None and params.get("EvaluationPeriods") is not None \
            and params["DatapointsToAlarm"] > params["EvaluationPeriods"]:
        raise _invalid("DatapointsToAlarm must be less than or equal to EvaluationPeriods.")
    if params.get("TreatMissingData") is not None and params["TreatMissingData"] not in TREAT_MISSING:
        raise _invalid("Value '%s' for TreatMissingData is invalid; valid values: %s."
                       % (params["TreatMissingData"], ", ".join(TREAT_MISSING)))


def store_alarm(ctx, params):
    """Create or overwrite an alarm's configuration (state is kept on update)."""
    name = params["AlarmName"]
    alarms = ctx.data["cloudwatch"]["alarms"]
    with ctx.state.lock:
        old = alarms.get(name)
        alarm = {
            "AlarmName": name,
            "AlarmArn": ctx.arn("cloudwatch", "alarm:" + name),
            "AlarmConfigurationUpdatedTimestamp": ctx.now,
            "ActionsEnabled": True,
            "OKActions": [], "AlarmActions": [], "InsufficientDataActions": [],
            "Dimensions": [],
            "StateValue": "INSUFFICIENT_DATA",
            "StateReason": "Unchecked: Initial alarm creation",
            "StateUpdatedTimestamp": ctx.now,
            "StateTransitionedTimestamp": ctx.now,
        }
        if old:
            for key in ("StateValue", "StateReason", "StateReasonData", "StateUpdatedTimestamp",
                        "StateTransitionedTimestamp"):
                if key in old:
                    alarm[key] = old[key]
        for key in _CONFIG_MEMBERS:
            if params.get(key) is not None:
                alarm[key] = params[key]
        alarms[name] = alarm
        return alarm


def delete_alarm_names(data, names):
    for name in names:
        data["cloudwatch"]["alarms"].pop(name, None)


def set_state(ctx, name, value, reason, reason_data=None):
    if value not in STATE_VALUES:
        raise _invalid("StateValue must be one of " + ", ".join(STATE_VALUES))
    with ctx.state.lock:
        alarm = ctx.data["cloudwatch"]["alarms"].get(name)
        if alarm is None:
            raise AwsError("ResourceNotFound", "Alarm %s not found" % name, 404)
        if alarm["StateValue"] != value:
            alarm["StateTransitionedTimestamp"] = ctx.now
        alarm["StateValue"] = value
        alarm["StateReason"] = reason
        if reason_data is not None:
            alarm["StateReasonData"] = reason_data
        alarm["StateUpdatedTimestamp"] = ctx.now
        return alarm


def alarms_with_action(data, arn):
    """Alarms whose AlarmActions include arn, sorted by name (as AWS reports them)."""
    found = [a for a in data["cloudwatch"]["alarms"].values() if arn in a.get("AlarmActions", [])]
    return sorted(found, key=lambda a: a["AlarmName"])


def put_metric_alarm(ctx, params):
    _check_alarm(params)
    store_alarm(ctx, params)
    return {}


def describe_alarms(ctx, params):
    if params.get("AlarmNames") and params.get("AlarmNamePrefix"):
        raise _invalid("AlarmNames and AlarmNamePrefix cannot be used together.",
                       "InvalidParameterCombination")
    with ctx.state.lock:
        alarms = sorted(ctx.data["cloudwatch"]["alarms"].values(), key=lambda a: a["AlarmName"])
        if params.get("AlarmNames"):
            wanted = set(params["AlarmNames"])
            alarms = [a for a in alarms if a["AlarmName"] in wanted]
        if params.get("AlarmNamePrefix"):
            alarms = [a for a in alarms if a["AlarmName"].startswith(params["AlarmNamePrefix"])]
        if params.get("StateValue"):
            alarms = [a for a in alarms if a["StateValue"] == params["StateValue"]]
        if params.get("ActionPrefix"):
            prefix = params["ActionPrefix"]
            alarms = [a for a in alarms if any(x.startswith(prefix) for x in
                                               a["AlarmActions"] + a["OKActions"]
                                               + a["InsufficientDataActions"])]
        if params.get("AlarmTypes") and "MetricAlarm" not in params["AlarmTypes"]:
            alarms = []
        items, token = page(alarms, params.get("MaxRecords") or 50, params.get("NextToken"))
        out = {"MetricAlarms": [dict(a) for a in items]}
        if token:
            out["NextToken"] = token
        return out


def delete_alarms(ctx, params):
    names = params["AlarmNames"]
    with ctx.state.lock:
        missing = [n for n in names if n not in ctx.data["cloudwatch"]["alarms"]]
        if missing:
            raise AwsError("ResourceNotFound", "%d of the alarms did not exist: %s; no alarms "
                           "were deleted." % (len(missing), ", ".join(missing)), 404)
        delete_alarm_names(ctx.data, names)
    return {}


def set_alarm_state(ctx, params):
    set_state(ctx, params["AlarmName"], params["StateValue"], params["StateReason"],
              params.get("StateReasonData"))
    return {}


OPERATIONS = {
    "PutMetricAlarm": put_metric_alarm,
    "DescribeAlarms": describe_alarms,
    "DeleteAlarms": delete_alarms,
    "SetAlarmState": set_alarm_state,
}

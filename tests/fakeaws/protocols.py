# Wire formats: the AwsError exception, botocore service models, JSON 1.1
# bodies, and the query protocol (flattened form in, model-driven XML out).
import datetime
import functools
import json
from xml.sax.saxutils import escape

import botocore.session

JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
XML_CONTENT_TYPE = "text/xml"


class AwsError(Exception):
    """An error answered to the client in the protocol of the service."""

    def __init__(self, code, message="", status=400, sender=True):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.sender = sender


@functools.lru_cache(maxsize=None)
def service_model(name):
    return botocore.session.get_session().get_service_model(name)


def operation_model(service_name, op):
    model = service_model(service_name)
    if op not in model.operation_names:
        return None
    return model.operation_model(op)


def iso8601(epoch):
    dt = datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)


def iso8601_seconds(epoch):
    dt = datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


# -- JSON 1.1 -------------------------------------------------------------------

def json_body(data):
    return json.dumps(data, separators=(",", ":")).encode()


def json_error_body(err):
    return json_body({"__type": err.code, "message": err.message})


# -- query protocol: form -> structure --------------------------------------------

def _convert_scalar(shape, raw, path):
    t = shape.type_name
    try:
        if t in ("integer", "long"):
            return int(raw)
        if t in ("float", "double"):
            return float(raw)
        if t == "boolean":
            if raw.lower() not in ("true", "false"):
                raise ValueError(raw)
            return raw.lower() == "true"
        if t == "timestamp":
            return _parse_timestamp(raw)
    except ValueError:
        raise AwsError("InvalidParameterValue",
                       "Value (%s) for parameter %s is invalid." % (raw, path))
    return raw


def _parse_timestamp(raw):
    try:
        return float(raw)
    except ValueError:
        pass
    text = raw.replace("Z", "+00:00")
    dt = datetime.datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


def _has_prefix(form, prefix):
    dotted = prefix + "."
    return any(k == prefix or k.startswith(dotted) for k in form)


def _indices(form, prefix):
    dotted = prefix + "."
    found = set()
    for key in form:
        if key.startswith(dotted):
            head = key[len(dotted):].split(".", 1)[0]
            if head.isdigit():
                found.add(int(head))
    return sorted(found)


def parse_query(shape, form, prefix=""):
    """Rebuild the structure botocore's QuerySerializer flattened into `form`."""
    t = shape.type_name
    if t == "structure":
        out = {}
        for name, member in shape.members.items():
            key = member.serialization.get("name", name)
            key = prefix + "." + key if prefix else key
            if _has_prefix(form, key):
                out[name] = parse_query(member, form, key)
        return out
    if t == "list":
        if form.get(prefix) == "":
            return []
        if shape.serialization.get("flattened"):
            base = prefix
        else:
            base = prefix + "." + shape.member.serialization.get("name", "member")
        return [parse_query(shape.member, form, "%s.%d" % (base, i))
                for i in _indices(form, base)]
    if t == "map":
        base = prefix if shape.serialization.get("flattened") else prefix + ".entry"
        kname = shape.key.serialization.get("name", "key")
        vname = shape.value.serialization.get("name", "value")
        out = {}
        for i in _indices(form, base):
            k = form.get("%s.%d.%s" % (base, i, kname))
            if k is not None:
                out[k] = parse_query(shape.value, form, "%s.%d.%s" % (base, i, vname))
        return out
    if prefix not in form:
        raise AwsError("InvalidParameterValue", "Malformed parameter %s." % prefix)
    return _convert_scalar(shape, form[prefix], prefix)


# -- query protocol: structure -> XML ---------------------------------------------

def _xml_value(shape, value):
    t = shape.type_name
    if t == "structure":
        parts = []
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                tag = member.serialization.get("name", name)
                parts.append(_xml_element(member, tag, value[name]))
        return "".join(parts)
    if t == "list":
        mtag = shape.member.serialization.get("name", "member")
        return "".join(_xml_element(shape.member, mtag, v) for v in value)
    if t == "map":
        return "".join("<entry><key>%s</key>%s</entry>" % (
            escape(str(k)), _xml_element(shape.value, "value", v)) for k, v in value.items())
    if t == "timestamp":
        return iso8601(value)
    if t == "boolean":
        return "true" if value else "false"
    if t in ("float", "double"):
        return repr(float(value))
    return escape(str(value))


def _xml_element(shape, tag, value):
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        return "".join(_xml_element(shape.member, tag, v) for v in value)
    return "<%s>%s</%s>" % (tag, _xml_value(shape, value), tag)


def query_response_body(op_model, result, xmlns, request_id):
    op = op_model.name
    inner = ""
    shape = op_model.output_shape
    if shape is not None and shape.members:
        wrapper = shape.serialization.get("resultWrapper", op + "Result")
        inner = "<%s>%s</%s>" % (wrapper, _xml_value(shape, result or {}), wrapper)
    return ('<%sResponse xmlns="%s">%s<ResponseMetadata><RequestId>%s</RequestId>'
            "</ResponseMetadata></%sResponse>" % (op, xmlns, inner, request_id, op)).encode()


def query_error_body(err, xmlns, request_id):
    kind = "Sender" if err.sender else "Receiver"
    return ('<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code>'
            "<Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>"
            % (xmlns, kind, escape(err.code), escape(err.message), request_id)).encode()

# HTTP front end: one threaded server on 127.0.0.1 that routes each request to
# the admin API, IMDS / container credentials (by path) or an AWS service (by
# the SigV4 credential scope, then X-Amz-Target or the form Action), applying
# latency, faults, throttling, signature checks and validation on the way.
import json
import socket
import sys
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import admin
import autoscaling
import cloudwatch
import faults
import imds
import sagemaker
import sigcheck
import sts
from protocols import (JSON_CONTENT_TYPE, XML_CONTENT_TYPE, AwsError, iso8601, json_body,
                       json_error_body, operation_model, parse_query, query_error_body,
                       query_response_body)
from state import RequestContext
from validation import validate

SERVICES = {m.SERVICE: m for m in (autoscaling, cloudwatch, sagemaker, sts)}
_BY_TARGET = {m.TARGET_PREFIX: m for m in SERVICES.values() if m.PROTOCOL == "json"}


class _Dropped(Exception):
    """The connection was closed (or held) on purpose; nothing to send."""


class _BadFraming(Exception):
    """The HTTP framing (Content-Length, chunk sizes) is unreadable."""


class _Call:
    """What the router found out about an AWS request."""

    def __init__(self):
        self.module = None
        self.protocol = "json"
        self.operation = None
        self.params_raw = None     # dict (JSON body) or form dict (query)
        self.bad_json = False      # the JSON body did not parse
        self.scope = None
        self.request_id = str(uuid.uuid4())


class FakeAWSServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, state, port=0, verbose=False):
        self.state = state
        self.verbose = verbose
        self.stopping = False
        super().__init__(("127.0.0.1", port), Handler)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakeaws"
    sys_version = ""

    # -- plumbing ------------------------------------------------------------
    def date_time_string(self, timestamp=None):
        return super().date_time_string(self.server.state.now() if timestamp is None else timestamp)

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("fakeaws: %s\n" % (fmt % args))

    def do_GET(self):
        self._dispatch()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_GET

    def _read_body(self):
        try:
            return self._read_framed_body()
        except ValueError as e:
            raise _BadFraming(str(e)) from None

    def _read_framed_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size < 0:
                    raise ValueError("negative chunk size")
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        return self.rfile.read(length) if length else b""

    def _send(self, status, body, content_type, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _drop(self):
        """Close the connection without answering."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        raise _Dropped()

    def _hold(self, seconds):
        """Keep the connection open (reading nothing) for seconds, or until the
        client goes away / the server stops; then close it."""
        deadline = time.monotonic() + seconds
        self.connection.settimeout(0.2)
        while not self.server.stopping and time.monotonic() < deadline:
            try:
                if self.connection.recv(4096) == b"":
                    break
            except socket.timeout:
                continue
            except OSError:
                break
        self._drop()

    def _dispatch(self):
        try:
            body = self._read_body()
            path = urlsplit(self.path).path
            if path == "/_admin" or path.startswith("/_admin/"):
                status, data = admin.handle(self.server.state, self.command, self.path, body)
                self._send(status, json.dumps(data, indent=1).encode() + b"\n", "application/json")
            elif imds.is_imds_path(path) or imds.is_container_path(path):
                self._serve_metadata(path)
            else:
                self._serve_aws(body)
        except _Dropped:
            pass
        except _BadFraming as e:
            # What AWS's HTTP front end does: 400, and the connection is closed
            # (the rest of the stream cannot be framed).
            self.close_connection = True
            self._send(400, ("Bad Request: %s\n" % e).encode(), "text/plain")
        except (ConnectionError, socket.timeout):
            self.close_connection = True
        except Exception:  # a fakeaws bug: traceback on stderr, AWS's 500 to the client
            traceback.print_exc(file=sys.stderr)
            self.close_connection = True
            self._send_internal_failure()

    def _send_internal_failure(self):
        err = AwsError("InternalFailure", "fakeaws failed on this request (see its stderr).",
                       500, sender=False)
        call = _Call()
        call.protocol = "json" if self.headers.get("X-Amz-Target") else "query"
        try:
            self._send_error(call, err)
        except OSError:
            pass

    # -- logging -------------------------------------------------------------
    def _record(self, service, operation, region, key_id, status, error=None, fault=None):
        self.server.state.record({
            "time": iso8601(self.server.state.now()), "service": service,
            "operation": operation, "region": region, "key_id": key_id,
            "status": status, "error": error, "fault": fault,
        })

    def _apply_latency_and_faults(self, operation):
        """Sleep global latency, then take a matching fault rule (a "slow" one
        is slept here). Returns the rule, so the log names it, or None."""
        state = self.server.state
        with state.lock:
            latency = state.latency_seconds
        if latency:
            time.sleep(latency)
        rule = faults.take_fault(state, operation)
        if rule is None:
            return None
        if rule["kind"] == "slow":
            time.sleep(rule["seconds"])
        return rule

    def _misbehave(self, rule):
        if rule["kind"] == "close":
            self._drop()
        self._hold(rule["seconds"])   # stall

    # -- IMDS / container credentials -------------------------------------------
    def _serve_metadata(self, path):
        service = "container" if imds.is_container_path(path) else "imds"
        operation = imds.operation_for(self.command, path)
        region = self.server.state.region_default
        rule = self._apply_latency_and_faults(operation)
        if rule is not None and rule["kind"] in ("close", "stall"):
            self._record(service, operation, region, None, None, fault=rule["kind"])
            self._misbehave(rule)
        if rule is not None and rule["kind"] == "error":
            answer = imds.Response(rule["status"], rule["message"])
        elif service == "container":
            answer = imds.handle_container(self.server.state, self.command, self.headers)
        else:
            answer = imds.handle_imds(self.server.state, self.command, path, self.headers)
        if answer is imds.HANG:
            self._record(service, operation, region, None, None, fault="hang")
            self._hold(float("inf"))
        self._record(service, operation, region, None, answer.status,
                     fault=rule and rule["kind"])
        self._send(answer.status, answer.body, answer.content_type, answer.headers)

    # -- AWS services ------------------------------------------------------------
    def _route(self, body):
        call = _Call()
        call.scope = sigcheck.parse_authorization(self.headers.get("Authorization"))
        target = self.headers.get("X-Amz-Target")
        if target:
            prefix, _, call.operation = target.partition(".")
            module = _BY_TARGET.get(prefix)
            try:
                call.params_raw = json.loads(body.decode() or "{}")
            except ValueError:
                call.bad_json = True
        else:
            call.protocol = "query"
            form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
            form.update(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
            call.operation = form.pop("Action", None)
            form.pop("Version", None)
            call.params_raw = form
            module = (sts if call.operation in sts.OPERATIONS
                      else cloudwatch if operation_model("cloudwatch", call.operation or "") else None)
        if isinstance(call.scope, sigcheck.Scope):
            module = SERVICES.get(call.scope.service, module)
            if call.scope.service not in SERVICES:
                raise AwsError("InvalidSignatureException" if target else "SignatureDoesNotMatch",
                               "Credential should be scoped to correct service.", 403)
        call.module = module
        if module is not None:
            call.protocol = module.PROTOCOL
        return call

    def _serve_aws(self, body):
        state = self.server.state
        call = rule = None
        region = state.region_default
        key_id = None
        try:
            call = self._route(body)
            if isinstance(call.scope, sigcheck.Scope):
                region, key_id = call.scope.region, call.scope.access_key
            module = call.module
            rule = self._apply_latency_and_faults(call.operation or "")
            if rule is not None and rule["kind"] in ("close", "stall"):
                self._record(module and module.SERVICE, call.operation, region, key_id, None,
                             fault=rule["kind"])
                self._misbehave(rule)
            if rule is not None and rule["kind"] == "error":
                raise AwsError(rule["code"], rule["message"], rule["status"],
                               sender=rule["status"] < 500)
            if rule is not None and rule["kind"] == "garbage":
                self._record(module and module.SERVICE, call.operation, region, key_id,
                             rule["status"], fault="garbage")
                ctype = rule["content_type"] or (
                    JSON_CONTENT_TYPE if call.protocol == "json" else XML_CONTENT_TYPE)
                self._send(rule["status"], rule["body"].encode(), ctype,
                           {"x-amzn-RequestId": call.request_id})
                return
            if module is None:
                raise self._unknown_operation(call)
            if faults.throttled(state, call.operation):
                raise AwsError("ThrottlingException" if call.protocol == "json" else "Throttling",
                               "Rate exceeded", 400)
            unsigned = (call.scope is None
                        and call.operation in getattr(module, "UNSIGNED_OPERATIONS", ()))
            if not unsigned:
                sigcheck.verify(state, call.scope, call.protocol, self.command, self.path,
                                self.headers, body)
            op_model = operation_model(module.MODEL, call.operation or "")
            handler = module.OPERATIONS.get(call.operation)
            if op_model is None or handler is None:
                raise self._unknown_operation(call)
            params = self._decode_params(call, op_model)
            validate(op_model.input_shape, params, call.protocol)
            result = handler(RequestContext(state, region, key_id), params)
        except AwsError as err:
            if call is None:
                call = _Call()
                call.protocol = "json" if self.headers.get("X-Amz-Target") else "query"
            self._record(call.module and call.module.SERVICE, call.operation, region, key_id,
                         err.status, err.code, fault=rule and rule["kind"])
            self._send_error(call, err)
            return
        self._record(module.SERVICE, call.operation, region, key_id, 200,
                     fault=rule and rule["kind"])
        headers = {"x-amzn-RequestId": call.request_id}
        if call.protocol == "json":
            self._send(200, json_body(result), JSON_CONTENT_TYPE, headers)
        else:
            self._send(200, query_response_body(op_model, result, module.XMLNS, call.request_id),
                       XML_CONTENT_TYPE, headers)

    def _unknown_operation(self, call):
        if call.protocol == "query" and not call.operation:
            return AwsError("MissingAction", "The request must contain the parameter Action.")
        if call.protocol == "json":
            return AwsError("UnknownOperationException",
                            "Operation %s is not supported by fakeaws." % call.operation)
        return AwsError("InvalidAction", "The action %s is not valid for this web service."
                        % call.operation)

    def _decode_params(self, call, op_model):
        if call.protocol == "json":
            if call.bad_json or not isinstance(call.params_raw, dict):
                raise AwsError("SerializationException", "Request body must be a JSON object.")
            return call.params_raw
        if op_model.input_shape is None:
            return {}
        return parse_query(op_model.input_shape, call.params_raw)

    def _send_error(self, call, err):
        headers = {"x-amzn-RequestId": call.request_id}
        if call.protocol == "json":
            self._send(err.status, json_error_body(err), JSON_CONTENT_TYPE, headers)
        else:
            xmlns = call.module.XMLNS if call.module else cloudwatch.XMLNS
            self._send(err.status, query_error_body(err, xmlns, call.request_id),
                       XML_CONTENT_TYPE, headers)

#!/usr/bin/env python3
# Malformed requests get an answer, never a dropped connection or a traceback:
# unreadable HTTP framing (Content-Length) is a 400 from the front end, a
# query request without Action is MissingAction, a JSON body that is not an
# object is SerializationException; the server keeps serving afterwards.
import socket
import sys
from urllib.parse import urlsplit

from common import check, eq, query_request, raw_request, run, signed_request


def _raw_http(aws, head):
    """Send raw request bytes; return (status, full answer text)."""
    url = urlsplit(aws.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(head)
        chunks = []
        while True:
            data = sock.recv(65536)
            if not data:
                break
            chunks.append(data)
    text = b"".join(chunks).decode("utf-8", "replace")
    status = int(text.split(" ", 2)[1]) if text.startswith("HTTP/1.1 ") else None
    return status, text


def test_bad_content_length(aws):
    for value in (b"abc", b"-5"):
        status, text = _raw_http(aws, b"POST / HTTP/1.1\r\nHost: x\r\n"
                                 b"X-Amz-Target: SageMaker.DescribeEndpoint\r\n"
                                 b"Content-Length: " + value + b"\r\n\r\n{}")
        eq(status, 400, "Content-Length %r: HTTP status (answer %r)" % (value, text))
    eq(raw_request(aws, "GET", "/_admin/state")[0], 200, "still serving")


def test_missing_action(aws):
    for signed in (True, False):
        if signed:
            status, _, body = query_request(aws, {})
        else:
            status, _, body = raw_request(aws, "POST", "/", b"Version=2010-08-01", {
                "Content-Type": "application/x-www-form-urlencoded"})
        eq(status, 400, "signed=%s" % signed)
        check("<Code>MissingAction</Code>" in body and "None" not in body, body)


def test_json_body_not_an_object(aws):
    for body in ("[1]", "{", "\"x\""):
        status, _, text = signed_request(aws, "application-autoscaling", body, {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AnyScaleFrontendService.DescribeScalableTargets"})
        eq(status, 400, "body %r" % body)
        check('"__type":"SerializationException"' in text.replace(" ", ""), text)


if __name__ == "__main__":
    sys.exit(run([test_bad_content_length, test_missing_action, test_json_body_not_an_object]))

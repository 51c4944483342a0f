"""Shared by the scenario scripts: fresh SOAP requests from a template, one timed POST each."""
import http.client
import math
import re
import time
import uuid
from datetime import datetime, timezone

MESSAGE_ID = re.compile(rb"(<hdr:MessageId>)[^<]*(</hdr:MessageId>)")
TIMESTAMP = re.compile(rb"(<hdr:Timestamp>)[^<]*(</hdr:Timestamp>)")
FAULT_CODE = re.compile(rb"(?:Client|Server)\.[A-Za-z]+")


def fresh_body(template: bytes) -> bytes:
    """The template with a new MessageId (UUID v4) and the current time, as wrk's post.lua does."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    body = MESSAGE_ID.sub(lambda m: m.group(1) + str(uuid.uuid4()).encode() + m.group(2), template)
    return TIMESTAMP.sub(lambda m: m.group(1) + now + m.group(2), body)


HEADERS = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}


class Outcome:
    """One exchange as the caller saw it: ok only for HTTP 200 without a SOAP Fault."""

    def __init__(self, ms: float, status: int = 0, body: bytes = b"", error: str = ""):
        self.ms, self.status, self.body, self.error = ms, status, body, error
        fault = FAULT_CODE.search(body) if b"Fault" in body else None
        self.fault = fault.group(0).decode() if fault else ""
        self.ok = status == 200 and not self.fault and not error

    def describe(self) -> str:
        if self.error:
            return self.error
        return f"HTTP {self.status}" + (f" {self.fault}" if self.fault else "")


def post(conn: http.client.HTTPConnection, path: str, body: bytes) -> Outcome:
    """POSTs on an open (or lazily opened) connection; the connection stays usable on success."""
    start = time.monotonic()
    try:
        conn.request("POST", path, body=body, headers=HEADERS)
        reply = conn.getresponse()
        data = reply.read()
        return Outcome((time.monotonic() - start) * 1000, reply.status, data)
    except (OSError, http.client.HTTPException) as e:
        kind = "timeout" if isinstance(e, TimeoutError) else type(e).__name__
        return Outcome((time.monotonic() - start) * 1000, error=f"{kind}: {e}")


def post_once(port: int, path: str, template: bytes, timeout: float) -> Outcome:
    """A fresh caller: a new connection, one request, closed afterwards."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        return post(conn, path, fresh_body(template))
    finally:
        conn.close()


def percentile(values, fraction: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]

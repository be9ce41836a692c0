"""A loopback HTTP proxy that injects faults in front of a real server (moto's S3).

Tests point a client at ``proxy.url`` instead of the server and plan faults:
each ``Fault`` matches requests by method, path and header, and applies to
the next ``times`` matches (``None``: every match). Requests no fault claims
are forwarded unchanged and the server's answer relayed. Faults:

- ``status``: answer ``status`` with an S3 XML error ``code`` (``SlowDown``, ``InternalError``...), not forwarded;
- ``stall``: read the request, answer nothing for ``seconds``, then close (not forwarded);
- ``stall-after``: forward (the server acts on it), then answer nothing for ``seconds`` and close;
- ``reset``: read the request, then reset the connection (TCP RST; not forwarded);
- ``reset-after``: forward, then reset instead of answering (the write happened, the answer is lost);
- ``cut-body``: forward, send the headers (with the full Content-Length) and only ``keep`` body bytes, close;
- ``cut-headers``: forward, send only the first ``keep`` bytes of the head, close;
- ``hook``: call ``hook(request)`` before forwarding (another writer sneaking in).

``serialize=True`` forwards one request at a time. moto evaluates ``If-Match``
and then stores the object in two steps without a lock, so two conditional
writes racing inside moto can both pass; S3 evaluates a conditional write
atomically. Serializing in front of moto gives the race test the store
semantics it is about.
"""

from __future__ import annotations

import http.client
import socket
import socketserver
import struct
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any, Literal
from urllib.parse import urlsplit

__all__ = ["Fault", "FaultKind", "FaultProxy", "Request"]

FaultKind = Literal["status", "stall", "stall-after", "reset", "reset-after", "cut-body", "cut-headers", "hook"]


@dataclass(frozen=True)
class Request:
    """A request as the proxy saw it."""

    method: str
    path: str
    """Path without the query string."""
    query: str
    headers: Mapping[str, str]
    body: bytes


@dataclass
class Fault:
    """One planned fault; see the module docstring for the kinds."""

    kind: FaultKind
    method: str | None = None
    path: str | None = None
    """Match the path without its query string (``/bucket/status.json``)."""
    header: str | None = None
    """Match only requests carrying this header (``If-Match``)."""
    times: int | None = 1
    status: int = 503
    code: str = "SlowDown"
    seconds: float = 30.0
    keep: int = 0
    hook: Callable[[Request], None] | None = None
    applied: int = 0

    def matches(self, request: Request) -> bool:
        if self.times is not None and self.applied >= self.times:
            return False
        if self.method is not None and request.method != self.method:
            return False
        if self.path is not None and request.path != self.path:
            return False
        return self.header is None or self.header.lower() in request.headers


@dataclass
class _Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    seen: list[tuple[str, str, str]] = field(default_factory=lambda: list[tuple[str, str, str]]())
    """(method, path, what happened: the fault kind or ``forwarded``)."""
    answers: list[tuple[str, str, int]] = field(default_factory=lambda: list[tuple[str, str, int]]())
    """(method, path, HTTP status) of every forwarded request, as the server answered."""
    requests: list[Request] = field(default_factory=lambda: list[Request]())
    """Every request, headers and body included, in the order they came."""


def _s3_error(code: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
        f"<Message>injected by the fault proxy</Message><RequestId>FAULTPROXY</RequestId></Error>"
    ).encode()


class FaultProxy:
    """A threaded loopback proxy in front of ``upstream`` (``http://127.0.0.1:PORT``)."""

    def __init__(self, upstream: str, *, serialize: bool = False) -> None:
        parts = urlsplit(upstream)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._faults: list[Fault] = []
        self._plan_lock = threading.Lock()
        self._serial = threading.Lock() if serialize else None
        self._release = threading.Event()
        self.log = _Log()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the name BaseHTTPRequestHandler gives it)
                return

            def _read_body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    raw = bytearray()
                    while True:
                        line = self.rfile.readline()
                        raw += line
                        size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                        if size == 0:
                            while True:  # trailers, up to the blank line
                                trailer = self.rfile.readline()
                                raw += trailer
                                if trailer in (b"\r\n", b"\n", b""):
                                    return bytes(raw)
                        raw += self.rfile.read(size + 2)
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _handle(self) -> None:
                body = self._read_body()
                path, _, query = self.path.partition("?")
                request = Request(self.command, path, query, {k.lower(): v for k, v in self.headers.items()}, body)
                fault = proxy._claim(request)
                proxy._record(request, fault.kind if fault else "forwarded")
                if fault is None or fault.kind == "hook":
                    if fault is not None and fault.hook is not None:
                        fault.hook(request)
                    self._forward_and_relay(request, None)
                elif fault.kind == "status":
                    payload = b"" if self.command == "HEAD" else _s3_error(fault.code)
                    self.send_response(fault.status)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                elif fault.kind == "stall":
                    proxy._release.wait(fault.seconds)
                    self.close_connection = True
                elif fault.kind == "reset":
                    self._reset()
                else:
                    self._forward_and_relay(request, fault)

            def _reset(self) -> None:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                self.connection.close()

            def _forward_and_relay(self, request: Request, fault: Fault | None) -> None:
                status, reason, headers, payload = proxy._forward(request, self.path)
                with proxy.log.lock:
                    proxy.log.answers.append((request.method, request.path, status))
                if fault is not None and fault.kind == "reset-after":
                    self._reset()
                    return
                if fault is not None and fault.kind == "stall-after":
                    proxy._release.wait(fault.seconds)
                    self.close_connection = True
                    return
                head = [f"HTTP/1.1 {status} {reason}\r\n"]
                for key, value in headers:
                    if key.lower() in ("transfer-encoding", "connection") or (
                        key.lower() == "content-length" and self.command != "HEAD"
                    ):
                        continue
                    head.append(f"{key}: {value}\r\n")
                if self.command != "HEAD":
                    head.append(f"Content-Length: {len(payload)}\r\n")
                head.append("\r\n")
                raw_head = "".join(head).encode("latin-1")
                if fault is not None and fault.kind == "cut-headers":
                    self.wfile.write(raw_head[: fault.keep])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if fault is not None and fault.kind == "cut-body":
                    self.wfile.write(raw_head + payload[: fault.keep])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(raw_head + (b"" if self.command == "HEAD" else payload))

            def handle_one_request(self) -> None:
                try:
                    super().handle_one_request()
                except (ConnectionError, OSError):
                    self.close_connection = True

            do_GET = do_PUT = do_HEAD = do_POST = do_DELETE = _handle  # noqa: N815 (the method names BaseHTTPRequestHandler calls)

        class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def inject(self, *faults: Fault) -> None:
        """Add faults to the plan (checked in order; the first that matches applies)."""
        with self._plan_lock:
            self._faults.extend(faults)

    def clear(self) -> None:
        """Drop every planned fault; from now on everything is forwarded."""
        with self._plan_lock:
            self._faults.clear()

    @property
    def requests(self) -> list[Request]:
        """Every request so far (since the last ``forget``), headers and body included."""
        with self.log.lock:
            return list(self.log.requests)

    def forget(self) -> None:
        """Empty the log of requests and answers (the plan of faults stays)."""
        with self.log.lock:
            self.log.seen.clear()
            self.log.answers.clear()
            self.log.requests.clear()

    def seen(self, method: str | None = None, what: str | None = None) -> list[tuple[str, str, str]]:
        """Requests so far, optionally only one method and one outcome (``forwarded``, a fault kind)."""
        with self.log.lock:
            return [s for s in self.log.seen if (method is None or s[0] == method) and (what is None or s[2] == what)]

    def answers(self, method: str | None = None, status: int | None = None) -> list[tuple[str, str, int]]:
        """Server answers to forwarded requests, optionally one method and one status."""
        with self.log.lock:
            return [
                a for a in self.log.answers if (method is None or a[0] == method) and (status is None or a[2] == status)
            ]

    def _claim(self, request: Request) -> Fault | None:
        with self._plan_lock:
            for fault in self._faults:
                if fault.matches(request):
                    fault.applied += 1
                    return fault
        return None

    def _record(self, request: Request, what: str) -> None:
        with self.log.lock:
            self.log.seen.append((request.method, request.path, what))
            self.log.requests.append(request)

    def _forward(self, request: Request, target: str) -> tuple[int, str, list[tuple[str, str]], bytes]:
        if self._serial is not None:
            with self._serial:
                return self._forward_once(request, target)
        return self._forward_once(request, target)

    def _forward_once(self, request: Request, target: str) -> tuple[int, str, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self._upstream, timeout=30)
        try:
            headers = {k: v for k, v in request.headers.items() if k not in ("connection", "expect")}
            connection.request(request.method, target, body=request.body or None, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            return response.status, response.reason, response.getheaders(), payload
        finally:
            connection.close()

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

"""Loopback servers for tests: an HTTP replay server and moto's S3 server."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

__all__ = ["Recorded", "ReplayServer", "Reply", "Route"]


@dataclass(frozen=True)
class Reply:
    """One canned HTTP answer. ``delay`` stalls before the headers are sent."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay: float = 0.0
    truncate_to: int | None = None
    """Send only this many body bytes, then close (Content-Length still says the full size)."""


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes
    client_port: int = 0
    """The client's source port: requests on one kept-alive connection share it."""


Route = Reply | Callable[[Recorded], Reply] | list[Reply]
"""A fixed reply, a function of the request, or a queue of replies (the last one repeats)."""


class ReplayServer:
    """A threaded HTTP server on 127.0.0.1 that answers from a route table.

    Paths are matched exactly (query string included) first, then without the
    query string. Unknown paths answer 404 with a JSON error body.
    """

    def __init__(self, routes: Mapping[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the name BaseHTTPRequestHandler gives it)
                return

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorded = Recorded(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                    int(self.client_address[1]),
                )
                reply = server.reply_for(recorded)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    if reply.truncate_to is not None:
                        self.send_header("Connection", "close")
                    self.end_headers()
                    if self.command != "HEAD":
                        payload = reply.body if reply.truncate_to is None else reply.body[: reply.truncate_to]
                        self.wfile.write(payload)
                    if reply.truncate_to is not None:
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            do_GET = do_POST = do_HEAD = do_PUT = _handle  # noqa: N815 (the method names BaseHTTPRequestHandler calls)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                # A client that hangs up early (timeouts, size caps) is part of the tests.
                if not isinstance(sys.exc_info()[1], ConnectionError):
                    super().handle_error(request, client_address)

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def reply_for(self, request: Recorded) -> Reply:
        with self._lock:
            self.requests.append(request)
            route = self.routes.get(request.path) or self.routes.get(request.path.split("?", 1)[0])
            if route is None:
                return Reply(404, b'{"status": "fail", "msg": "Not Found"}')
            if isinstance(route, list):
                queue = cast(list[Reply], route)
                return queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(route, Reply):
            return route
        return route(request)

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def paths(self) -> Iterator[str]:
        return (r.path for r in self.requests)

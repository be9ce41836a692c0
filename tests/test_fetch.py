"""The shared fetcher against loopback servers: limits, retries, 429, caps, timeouts."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from elytra_status_core import SourceError
from elytra_status_core._config import CollectSettings
from elytra_status_core._errors import SourceHTTPError
from elytra_status_core._sources.fetch import Fetcher, gather_all, modified_time
from tests.servers import Recorded, ReplayServer, Reply
from tests.settings import collect_settings

T = TypeVar("T")

FAST = collect_settings(backoff_base=0.01, backoff_max=0.02, retries=2, rate_limit_retries=3)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


async def get_once(url: str, settings: CollectSettings = FAST, **kwargs: Any) -> tuple[bytes, Fetcher]:
    async with Fetcher(settings) as fetcher:
        return await fetcher.get(url, source="test-source", **kwargs), fetcher


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as replay:
        yield replay


def test_a_complete_200_is_returned(server: ReplayServer) -> None:
    server.routes["/ok"] = Reply(body=b'{"ok": true}')
    body, fetcher = run(get_once(f"{server.url}/ok"))
    assert body == b'{"ok": true}'
    assert fetcher.requests == 1


def test_one_client_serves_every_request_of_a_run(server: ReplayServer) -> None:
    server.routes["/a"] = Reply(body=b"a")

    async def scenario() -> int:
        async with Fetcher(FAST) as fetcher:
            for _ in range(5):
                await fetcher.get(f"{server.url}/a", source="s")
            return fetcher.requests

    assert run(scenario()) == 5
    # one shared client keeps one connection alive: every request came over it
    assert len(server.requests) == 5
    assert len({r.client_port for r in server.requests}) == 1


def test_concurrency_is_bounded(server: ReplayServer) -> None:
    lock = threading.Lock()
    current = peak = 0

    def slow(_: Recorded) -> Reply:
        nonlocal current, peak
        with lock:
            current += 1
            peak = max(peak, current)
        time.sleep(0.05)
        with lock:
            current -= 1
        return Reply(body=b"{}")

    server.routes["/slow"] = slow

    async def scenario() -> Fetcher:
        async with Fetcher(collect_settings(concurrency=3)) as fetcher:
            await gather_all(fetcher.get(f"{server.url}/slow", source="s") for _ in range(20))
            return fetcher

    fetcher = run(scenario())
    assert fetcher.requests == 20
    assert fetcher.in_flight_peak == 3
    assert peak <= 3


def test_5xx_is_retried_then_succeeds(server: ReplayServer) -> None:
    server.routes["/flaky"] = [Reply(503, b"busy"), Reply(502, b"bad gateway"), Reply(body=b"[]")]
    body, fetcher = run(get_once(f"{server.url}/flaky"))
    assert body == b"[]"
    assert fetcher.requests == 3


def test_5xx_beyond_the_retry_budget_is_a_source_error(server: ReplayServer) -> None:
    server.routes["/down"] = Reply(500, b"oops")
    with pytest.raises(SourceHTTPError) as caught:
        run(get_once(f"{server.url}/down"))
    assert caught.value.status == 500
    assert caught.value.source == "test-source"
    assert "HTTP 500 after 3 attempts" in str(caught.value)
    assert len(server.requests) == 3


def test_4xx_is_not_retried_and_carries_the_api_message(server: ReplayServer) -> None:
    server.routes["/auth"] = Reply(401, b'{"errors": "Invalid Team API token"}')
    with pytest.raises(SourceHTTPError) as caught:
        run(get_once(f"{server.url}/auth"))
    assert caught.value.status == 401
    assert "Invalid Team API token" in str(caught.value)
    assert len(server.requests) == 1


def test_accepted_error_statuses_are_returned(server: ReplayServer) -> None:
    server.routes["/bad"] = Reply(400, b'{"status": "error"}')

    async def scenario() -> int:
        async with Fetcher(FAST) as fetcher:
            return (await fetcher.fetch(f"{server.url}/bad", source="s", accept=(200, 400))).status

    assert run(scenario()) == 400


def test_429_honours_retry_after_seconds(server: ReplayServer) -> None:
    server.routes["/limited"] = [Reply(429, b"slow down", {"Retry-After": "1"}), Reply(body=b"ok")]
    body, fetcher = run(get_once(f"{server.url}/limited"))
    assert body == b"ok"
    assert fetcher.rate_limited == 1
    assert fetcher.paused_for == 1.0
    assert len(server.requests) == 2


def test_429_honours_retry_after_as_an_http_date(server: ReplayServer) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=1), usegmt=True)
    server.routes["/limited"] = [Reply(429, b"", {"Retry-After": when}), Reply(body=b"ok")]
    body, fetcher = run(get_once(f"{server.url}/limited"))
    assert body == b"ok"
    assert 0.0 <= fetcher.paused_for <= 1.0


def test_429_pauses_every_request_to_that_host(server: ReplayServer) -> None:
    arrivals: list[float] = []
    lock = threading.Lock()
    limited = {"done": False}

    def route(_: Recorded) -> Reply:
        with lock:
            arrivals.append(time.monotonic())
            if not limited["done"]:
                limited["done"] = True
                return Reply(429, b"", {"Retry-After": "1"})
        return Reply(body=b"ok")

    server.routes["/r"] = route

    async def scenario() -> Fetcher:
        async with Fetcher(collect_settings(concurrency=1, backoff_base=0.01)) as fetcher:
            await gather_all(fetcher.get(f"{server.url}/r", source="s") for _ in range(4))
            return fetcher

    fetcher = run(scenario())
    assert fetcher.rate_limited == 1
    # one pause of the announced length covered the host, not one per waiting request
    assert fetcher.paused_for == 1.0
    assert len(arrivals) == 5


def test_a_retry_after_beyond_the_limit_fails_at_once(server: ReplayServer) -> None:
    server.routes["/limited"] = Reply(429, b"", {"Retry-After": "3600"})
    with pytest.raises(SourceHTTPError, match="rate-limited for 3600s"):
        run(get_once(f"{server.url}/limited"))
    assert len(server.requests) == 1


def test_429_without_retry_after_backs_off_within_its_own_budget(server: ReplayServer) -> None:
    server.routes["/limited"] = Reply(429, b"")
    with pytest.raises(SourceHTTPError, match=r"still rate-limited \(HTTP 429\) after 4 attempts"):
        run(get_once(f"{server.url}/limited"))
    assert len(server.requests) == 4


def test_connection_refused_is_retried_then_a_source_error() -> None:
    url = f"http://127.0.0.1:{closed_port()}/x"
    with pytest.raises(SourceError, match="connection failed after 3 attempts"):
        run(get_once(url))


def test_a_truncated_body_is_retried_then_says_how_much_arrived(server: ReplayServer) -> None:
    server.routes["/cut"] = Reply(body=b'{"heartbeatList": {"1": []}}', truncate_to=10)
    with pytest.raises(SourceError, match="body cut short at 10 of 28 bytes after 3 attempts"):
        run(get_once(f"{server.url}/cut"))


def test_read_timeout(server: ReplayServer) -> None:
    server.routes["/stall"] = Reply(body=b"late", delay=1.0)
    settings = collect_settings(read_timeout=0.2, retries=0)
    with pytest.raises(SourceError, match="timed out after 1 attempts"):
        run(get_once(f"{server.url}/stall", settings))


def test_total_request_timeout(server: ReplayServer) -> None:
    server.routes["/stall"] = Reply(body=b"late", delay=1.0)
    settings = collect_settings(read_timeout=10, request_timeout=0.2, retries=0)
    with pytest.raises(SourceError, match="timed out after 1 attempts"):
        run(get_once(f"{server.url}/stall", settings))


def test_a_declared_oversized_body_is_refused(server: ReplayServer) -> None:
    server.routes["/huge"] = Reply(body=b" " * (10 * 1024 * 1024))
    with pytest.raises(SourceError, match="exceeds the 5242880-byte cap"):
        run(get_once(f"{server.url}/huge"))


@pytest.fixture
def chunked_server() -> Iterator[str]:
    """Answers every request with a 2 MB chunked body and no Content-Length."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                chunk = b"x" * 65536
                try:
                    for _ in range(32):
                        conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    conn.sendall(b"0\r\n\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/stream"
    stop.set()
    thread.join()
    listener.close()


def test_an_undeclared_oversized_body_is_cut_off(chunked_server: str) -> None:
    with pytest.raises(SourceError, match="exceeds the 1048576-byte cap"):
        run(get_once(chunked_server, max_bytes=1024 * 1024))


def test_errors_mask_credentials_in_the_url(server: ReplayServer) -> None:
    server.routes["/down"] = Reply(503, b"")
    url = server.url.replace("http://", "http://admin:hunter2@") + "/down?token=s3cr3t"
    with pytest.raises(SourceError) as caught:
        run(get_once(url))
    message = str(caught.value)
    assert "hunter2" not in message and "s3cr3t" not in message
    assert "127.0.0.1" in message


def test_local_files_are_read_with_their_modification_time(tmp_path: Path) -> None:
    path = tmp_path / "snapshots.json"
    path.write_bytes(b"[]")

    async def scenario() -> tuple[bytes, datetime | None]:
        async with Fetcher() as fetcher:
            answer = await fetcher.fetch(str(path), source="s", modified=True)
            return answer.body, answer.modified

    body, modified = run(scenario())
    assert body == b"[]"
    assert modified is not None
    assert abs((modified - datetime.fromtimestamp(path.stat().st_mtime, UTC)).total_seconds()) < 1


def test_a_missing_file_is_a_404_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceHTTPError, match="does not exist") as caught:
        run(get_once(str(tmp_path / "missing.json")))
    assert caught.value.status == 404


def test_a_large_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"0" * 5000)
    with pytest.raises(SourceError, match="larger than the 4096-byte cap"):
        run(get_once(str(path), max_bytes=4096))


def test_gather_all_cancels_the_rest_on_the_first_source_error() -> None:
    finished: list[str] = []

    async def slow() -> str:
        await asyncio.sleep(5)
        finished.append("slow")
        return "slow"

    async def failing() -> str:
        await asyncio.sleep(0.01)
        raise SourceError("s", "broken")

    with pytest.raises(SourceError, match="broken"):
        run(gather_all([slow(), failing()]))
    assert finished == []


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ({"LastModified": datetime(2025, 6, 1, 2, 0, tzinfo=UTC)}, datetime(2025, 6, 1, 2, 0, tzinfo=UTC)),
        ({"mtime": 1748743200.0}, datetime(2025, 6, 1, 2, 0, tzinfo=UTC)),
        ({"updated": "2025-06-01T02:00:00Z"}, datetime(2025, 6, 1, 2, 0, tzinfo=UTC)),
        ({"last_modified": "Sun, 01 Jun 2025 02:00:00 GMT"}, datetime(2025, 6, 1, 2, 0, tzinfo=UTC)),
        ({"mtime": "garbage"}, None),
        ({}, None),
    ],
)
def test_modified_time_of_fsspec_listings(info: dict[str, Any], expected: datetime | None) -> None:
    assert modified_time(info) == expected


def test_reading_files_does_not_import_httpx(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[]")
    code = (
        "import asyncio, sys\n"
        "from elytra_status_core._sources.fetch import Fetcher\n"
        "async def main():\n"
        "    async with Fetcher() as f:\n"
        f"        assert await f.get({str(path)!r}, source='s') == b'[]'\n"
        "asyncio.run(main())\n"
        "assert 'httpx' not in sys.modules, 'httpx was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("url", ["http://[::1/x", "http://127.0.0.1:99999/x", "http:///nohost"])
def test_invalid_urls_are_source_errors(url: str) -> None:
    with pytest.raises(SourceError):
        run(get_once(url, collect_settings(retries=0)))

"""Benchmark: collecting a fleet of Better Stack monitors through the shared fetcher.

Serves a Better Stack-format API on loopback (in its own process, so the
server does not compete with the collector for the GIL) with ``--monitors``
monitors and ``--latency`` seconds of latency on every request, then runs
the real ``betterstack`` source against it: every page of ``/monitors``
plus two SLA requests (24h, 7d) per monitor.

It prints the wall time at the default concurrency, the ideal for that
concurrency (requests / concurrency x latency), their ratio, and the
speed-up over concurrency 1. Targets: within 1.3x of the ideal, and at
least 10x faster than sequential.

    uv run python bench/collect.py                  # 1,000 monitors, 50 ms
    uv run python bench/collect.py --monitors 200   # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from elytra_status_core._config import CollectSettings
from elytra_status_core._sources.betterstack import BetterStack
from elytra_status_core._sources.fetch import Fetcher

TOKEN_ENV = "ELYTRA_BENCH_BETTERSTACK_TOKEN"
PER_PAGE_MAX = 250


# --- the API server (runs in a child process) --------------------------------------------


def _page(base: str, monitors: int, page: int, per_page: int) -> bytes:
    last = max(1, -(-monitors // per_page))
    first_id = (page - 1) * per_page + 1
    ids = range(first_id, min(monitors, page * per_page) + 1)
    link = f"{base}/api/v2/monitors?page=%d&per_page={per_page}"
    body = {
        "data": [
            {
                "id": str(i),
                "type": "monitor",
                "attributes": {
                    "url": f"https://client{i}.example.com",
                    "pronounceable_name": f"Client {i}",
                    "monitor_type": "status",
                    "status": "down" if i % 97 == 0 else "up",
                    "last_checked_at": "2025-06-01T12:00:00.000Z",
                    "paused_at": None,
                },
            }
            for i in ids
        ],
        "pagination": {
            "first": link % 1,
            "last": link % last,
            "prev": link % (page - 1) if page > 1 else None,
            "next": link % (page + 1) if page < last else None,
        },
    }
    return json.dumps(body).encode()


def _sla(monitor: str) -> bytes:
    attributes = {
        "availability": 99.95,
        "total_downtime": 43,
        "number_of_incidents": 1,
        "longest_incident": 43,
        "average_incident": 43,
    }
    return json.dumps({"data": {"id": monitor, "type": "monitor_sla", "attributes": attributes}}).encode()


async def _serve(monitors: int, latency: float) -> None:
    base = ""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode()
                parts = urlsplit(target)
                query = parse_qs(parts.query)
                await asyncio.sleep(latency)
                status, body = "200 OK", b""
                if parts.path == "/api/v2/monitors":
                    per_page = min(PER_PAGE_MAX, int(query.get("per_page", ["50"])[0]))
                    body = _page(base, monitors, int(query.get("page", ["1"])[0]), per_page)
                elif parts.path.startswith("/api/v2/monitors/") and parts.path.endswith("/sla"):
                    body = _sla(parts.path.split("/")[-2])
                else:
                    status, body = "404 Not Found", b'{"errors": "Resource not found"}'
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    print(port, flush=True)
    async with server:
        await server.serve_forever()


# --- the collector -------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    concurrency: int
    wall: float
    requests: int
    monitors: int

    def ideal(self, latency: float) -> float:
        return self.requests / self.concurrency * latency


async def _collect(base: str, concurrency: int) -> Measurement:
    source = BetterStack(TOKEN_ENV, f"{base}/api/v2", env=os.environ)
    async with Fetcher(CollectSettings(concurrency=concurrency)) as fetcher:
        started = time.perf_counter()
        observations = await source.collect(fetcher, datetime.now(UTC))
        wall = time.perf_counter() - started
        return Measurement(concurrency, wall, fetcher.requests, len(observations.monitors))


def _machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--monitors", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request (default 0.05)")
    parser.add_argument(
        "--concurrency", type=int, default=CollectSettings().concurrency, help="default: the fetcher's default"
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.monitors, args.latency))
        return 0

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--monitors", str(args.monitors), "--latency", str(args.latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{int(server.stdout.readline())}"
        os.environ[TOKEN_ENV] = "bench-token"
        asyncio.run(_collect(base, args.concurrency))  # warm-up: imports, first connections
        fast = asyncio.run(_collect(base, args.concurrency))
        slow = asyncio.run(_collect(base, 1))
    finally:
        server.terminate()
        server.wait(timeout=10)

    ideal = fast.ideal(args.latency)
    print(f"machine            {_machine()}")
    print(f"monitors           {fast.monitors} ({fast.requests} requests: listing pages + 2 SLA each)")
    print(f"latency            {args.latency * 1000:.0f} ms per request")
    print(f"concurrency        {fast.concurrency} (default)")
    print(f"wall time          {fast.wall:.2f} s")
    print(f"ideal              {ideal:.2f} s (requests / concurrency x latency)")
    print(f"ratio              {fast.wall / ideal:.2f}x of ideal (target <= 1.3x)")
    print(f"sequential         {slow.wall:.2f} s at concurrency 1")
    print(f"speed-up           {slow.wall / fast.wall:.1f}x over concurrency 1 (target >= 10x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

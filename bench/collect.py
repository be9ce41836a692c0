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

With ``--fleet`` it measures collecting at fleet scale instead: a replay of
Prometheus's HTTP API (``/api/v1/query``, gzip when asked, as Prometheus
does) for ``--probes`` probes (100,000) in ``--components`` components
(1,000), and the real ``prometheus`` source against it twice: the
per-series query (``probe_success{job="blackbox"}``: one series per probe in
each of the three answers) and the aggregate query
(``avg by (component) (probe_success{job="blackbox"})`` with
``monitor_label = "component"``: one series per component). It prints the
median wall time of a collection and the bytes received (on the wire and
decoded) for each path, and the aggregate path against the per-series path
as ratios. The per-series answers are larger than the default
``max_bytes``; that path runs with a raised cap, and the output says whether
the default would have refused it.

    uv run python bench/collect.py --fleet                    # 100,000 probes
    uv run python bench/collect.py --fleet --probes 20000     # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import msgspec

from elytra_status_core._config import CollectSettings
from elytra_status_core._sources.betterstack import BetterStack
from elytra_status_core._sources.fetch import Fetcher
from elytra_status_core._sources.prometheus import Prometheus

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


# --- at fleet scale: a replay of Prometheus's HTTP API (runs in a child process) ----------------

PER_SERIES = 'probe_success{job="blackbox"}'
AGGREGATE = 'avg by (component) (probe_success{job="blackbox"})'
SAMPLE_TIME = 1764590400.123


def _vector(result: list[dict[str, object]]) -> bytes:
    return msgspec.json.encode({"status": "success", "data": {"resultType": "vector", "result": result}})


def _probe_value(probe: int, window: str) -> str:
    """Deterministic samples: every 97th probe is down now; windows hold a little downtime."""
    if window == "now":
        return "0" if probe % 97 == 0 else "1"
    return "0.9986111111111111" if probe % 97 == 0 else ("0.9999" if window == "7d" else "1")


def _fleet_bodies(probes: int, components: int) -> dict[tuple[bool, str], bytes]:
    """(aggregate?, window) -> the answer body, built once."""
    bodies: dict[tuple[bool, str], bytes] = {}
    for window in ("now", "24h", "7d"):
        series: list[dict[str, object]] = []
        sums = [0.0] * components
        counts = [0] * components
        for probe in range(probes):
            component = probe % components
            value = _probe_value(probe, window)
            sums[component] += float(value)
            counts[component] += 1
            metric = {
                "component": f"c{component:04d}",
                "instance": f"https://client{probe:06d}.example.com",
                "job": "blackbox",
            }
            if window == "now":
                metric["__name__"] = "probe_success"
            series.append({"metric": metric, "value": [SAMPLE_TIME, value]})
        bodies[(False, window)] = _vector(series)
        bodies[(True, window)] = _vector(
            [
                {"metric": {"component": f"c{c:04d}"}, "value": [SAMPLE_TIME, repr(sums[c] / counts[c])]}
                for c in range(components)
                if counts[c]
            ]
        )
    return bodies


def _fleet_answer(query: str, bodies: dict[tuple[bool, str], bytes]) -> bytes | None:
    aggregate = query.startswith("avg by (component)")
    if query in (PER_SERIES, AGGREGATE):
        return bodies[(aggregate, "now")]
    if "[1d]" in query:
        return bodies[(aggregate, "24h")]
    if "[7d]" in query:
        return bodies[(aggregate, "7d")]
    return None


async def _serve_fleet(probes: int, components: int) -> None:
    bodies = _fleet_bodies(probes, components)
    zipped = {key: gzip.compress(body, compresslevel=6) for key, body in bodies.items()}
    by_body = {id(bodies[key]): zipped[key] for key in bodies}
    sent = {"wire": 0, "decoded": 0}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode()
                parts = urlsplit(target)
                status, body, encoding = "200 OK", b"", ""
                if parts.path == "/bytes":  # how much the last collection received; resets the count
                    body = json.dumps(sent).encode()
                    sent.update(wire=0, decoded=0)
                elif parts.path == "/api/v1/query":
                    answer = _fleet_answer(parse_qs(parts.query).get("query", [""])[0], bodies)
                    if answer is None:
                        status = "400 Bad Request"
                        body = b'{"status": "error", "errorType": "bad_data", "error": "unknown query"}'
                    else:
                        sent["decoded"] += len(answer)
                        if b"gzip" in head.lower():
                            body, encoding = by_body[id(answer)], "Content-Encoding: gzip\r\n"
                        else:
                            body = answer
                        sent["wire"] += len(body)
                else:
                    status, body = "404 Not Found", b"404 page not found"
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{encoding}"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=64)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


@dataclass(frozen=True)
class FleetRun:
    wall: float
    monitors: int
    wire: int
    decoded: int


def _received(base: str) -> dict[str, int]:
    import urllib.request

    with urllib.request.urlopen(f"{base}/bytes", timeout=30) as answer:
        counts: dict[str, int] = json.loads(answer.read())
    return counts


async def _collect_fleet(base: str, aggregate: bool, max_bytes: int) -> FleetRun:
    source = Prometheus(base, AGGREGATE, monitor_label="component") if aggregate else Prometheus(base, PER_SERIES)
    async with Fetcher(CollectSettings(max_bytes=max_bytes)) as fetcher:
        started = time.perf_counter()
        observations = await source.collect(fetcher, datetime.now(UTC))
        wall = time.perf_counter() - started
    counts = _received(base)
    return FleetRun(wall, len(observations.monitors), counts["wire"], counts["decoded"])


def _median_run(base: str, aggregate: bool, max_bytes: int, rounds: int) -> FleetRun:
    asyncio.run(_collect_fleet(base, aggregate, max_bytes))  # warm-up: imports, first connections, decoders
    runs = [asyncio.run(_collect_fleet(base, aggregate, max_bytes)) for _ in range(rounds)]
    wall = statistics.median(run.wall for run in runs)
    return FleetRun(wall, runs[0].monitors, runs[0].wire, runs[0].decoded)


def _fleet(args: argparse.Namespace) -> int:
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve-fleet",
            "--probes",
            str(args.probes),
            "--components",
            str(args.components),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    default_cap = CollectSettings().max_bytes
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{int(server.stdout.readline())}"
        per_series = _median_run(base, False, 1024 * 1024 * 1024, args.rounds)
        aggregate = _median_run(base, True, default_cap, args.rounds)
    finally:
        server.terminate()
        server.wait(timeout=10)

    def mb(count: int) -> str:
        return f"{count:,} bytes ({count / 1_000_000:.2f} MB)"

    largest = per_series.decoded / 3
    print(f"machine            {_machine()}")
    print(f"probes             {args.probes:,} in {args.components:,} components; 3 instant queries per collection")
    print(f"rounds             {args.rounds} (median), after one warm-up")
    print(
        f"per-series         {per_series.wall:.3f} s, {per_series.monitors:,} monitors, "
        f"{mb(per_series.wire)} on the wire (gzip), {mb(per_series.decoded)} decoded"
    )
    print(
        f"aggregate          {aggregate.wall:.3f} s, {aggregate.monitors:,} monitors, "
        f"{mb(aggregate.wire)} on the wire (gzip), {mb(aggregate.decoded)} decoded"
    )
    print(f"time               aggregate / per-series = {aggregate.wall / per_series.wall:.4f}")
    print(f"bytes on the wire  aggregate / per-series = {aggregate.wire / per_series.wire:.4f}")
    print(f"bytes decoded      aggregate / per-series = {aggregate.decoded / per_series.decoded:.4f}")
    refused = "refused" if largest > default_cap else "accepted"
    print(f"default max_bytes  {mb(default_cap)}: a per-series answer of about {mb(int(largest))} would be {refused}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--monitors", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request (default 0.05)")
    parser.add_argument(
        "--concurrency", type=int, default=CollectSettings().concurrency, help="default: the fetcher's default"
    )
    parser.add_argument("--fleet", action="store_true", help="the 100,000-probe Prometheus case instead")
    parser.add_argument("--probes", type=int, default=100_000, help="--fleet: probes (default 100,000)")
    parser.add_argument("--components", type=int, default=1000, help="--fleet: components (default 1,000)")
    parser.add_argument("--rounds", type=int, default=5, help="--fleet: measured collections per path (default 5)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-fleet", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.monitors, args.latency))
        return 0
    if args.serve_fleet:
        asyncio.run(_serve_fleet(args.probes, args.components))
        return 0
    if args.fleet:
        return _fleet(args)

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

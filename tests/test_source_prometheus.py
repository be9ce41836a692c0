"""Prometheus: a real Prometheus and blackbox exporter on loopback, probing an endpoint the test turns up and down."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from elytra_status_core import Observations, SourceError
from elytra_status_core._sources.fetch import Fetcher
from elytra_status_core._sources.prometheus import Prometheus, parse_vector, window_query
from tests._integration import require_program, unavailable
from tests.conftest import free_port
from tests.servers import Recorded, ReplayServer, Reply
from tests.settings import collect_settings

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@dataclass
class Endpoint:
    """The probed site: answers 200 while up, 503 while down."""

    server: ReplayServer
    up: bool = True

    def route(self, _: Recorded) -> Reply:
        return Reply(200, b"ok") if self.up else Reply(503, b"down for the test")

    @property
    def url(self) -> str:
        return f"{self.server.url}/health"


@dataclass
class Stack:
    prometheus: str
    endpoint: Endpoint


def start_process(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)


def wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            unavailable(f"{url} exited at start: {log.read_text(errors='replace')[-500:]}")
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    unavailable(f"{url} did not become ready")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    prometheus = require_program("prometheus")
    blackbox = require_program("prometheus-blackbox-exporter")
    folder = tmp_path_factory.mktemp("prometheus")
    bb_port, prom_port = free_port(), free_port()
    (folder / "blackbox.yml").write_text(
        "modules:\n  http_2xx:\n    prober: http\n    timeout: 1s\n    http:\n      preferred_ip_protocol: ip4\n"
    )
    with ReplayServer() as server:
        endpoint = Endpoint(server)
        server.routes["/health"] = endpoint.route
        (folder / "prometheus.yml").write_text(
            f"""
global:
  scrape_interval: 1s
  scrape_timeout: 900ms
  evaluation_interval: 1s
scrape_configs:
  - job_name: blackbox
    metrics_path: /probe
    params:
      module: [http_2xx]
    static_configs:
      - targets: ["{endpoint.url}"]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: "127.0.0.1:{bb_port}"
"""
        )
        bb_log, prom_log = folder / "blackbox.log", folder / "prometheus.log"
        bb = start_process(
            [blackbox, f"--config.file={folder / 'blackbox.yml'}", f"--web.listen-address=127.0.0.1:{bb_port}"], bb_log
        )
        try:
            prom = start_process(
                [
                    prometheus,
                    f"--config.file={folder / 'prometheus.yml'}",
                    f"--storage.tsdb.path={folder / 'data'}",
                    f"--web.listen-address=127.0.0.1:{prom_port}",
                ],
                prom_log,
            )
            try:
                wait_ready(f"http://127.0.0.1:{bb_port}/metrics", bb, bb_log)
                wait_ready(f"http://127.0.0.1:{prom_port}/-/ready", prom, prom_log)
                yield Stack(f"http://127.0.0.1:{prom_port}", endpoint)
            finally:
                stop_process(prom)
        finally:
            stop_process(bb)


def source(stack: Stack, query: str = 'probe_success{job="blackbox"}') -> Prometheus:
    # short windows so that a fresh Prometheus has data in both of them
    return Prometheus(stack.prometheus, query, range_24h=timedelta(minutes=1), range_7d=timedelta(minutes=2))


def observe(prometheus: Prometheus) -> Observations:
    async def scenario() -> Observations:
        async with Fetcher(collect_settings(retries=1, backoff_base=0.05)) as fetcher:
            return await prometheus.collect(fetcher, NOW)

    return asyncio.run(scenario())


def wait_for(prometheus: Prometheus, check: Callable[[Observations], bool], what: str) -> Observations:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            observations = observe(prometheus)
        except SourceError as exc:  # nothing scraped yet: the query has no series so far
            if "returned no series" not in str(exc):
                raise
        else:
            if check(observations):
                return observations
        time.sleep(0.5)
    pytest.fail(f"Prometheus never reported {what}")


def test_the_probed_endpoint_going_down_and_up(stack: Stack) -> None:
    prometheus = source(stack)
    stack.endpoint.up = True
    seen = wait_for(prometheus, lambda o: [m.state for m in o.monitors] == ["up"], "the endpoint up")
    (monitor,) = seen.monitors
    assert f'instance="{stack.endpoint.url}"' in monitor.monitor
    assert 'job="blackbox"' in monitor.monitor
    assert monitor.availability_24h == 1.0

    stack.endpoint.up = False
    down = wait_for(prometheus, lambda o: [m.state for m in o.monitors] == ["down"], "the endpoint down")
    (monitor,) = down.monitors
    # the window holds the up samples from before and the down samples since
    assert monitor.availability_24h is not None and 0.0 < monitor.availability_24h < 1.0
    assert monitor.availability_7d is not None and 0.0 < monitor.availability_7d < 1.0

    stack.endpoint.up = True
    wait_for(prometheus, lambda o: [m.state for m in o.monitors] == ["up"], "the endpoint up again")


def test_an_expression_becomes_a_subquery(stack: Stack) -> None:
    prometheus = source(stack, 'min by (instance) (probe_success{job="blackbox"})')
    assert prometheus.query_24h == 'avg_over_time((min by (instance) (probe_success{job="blackbox"}))[1m:])'
    observations = wait_for(prometheus, lambda o: len(o.monitors) == 1 and o.monitors[0].state is not None, "a state")
    assert observations.monitors[0].monitor == f'{{instance="{stack.endpoint.url}"}}'


def test_a_query_without_series_is_a_source_error_naming_the_likely_cause(stack: Stack) -> None:
    with pytest.raises(
        SourceError, match=r"'probe_success\{job=\"nothing-here\"\}' returned no series: a wrong job or label"
    ):
        observe(source(stack, 'probe_success{job="nothing-here"}'))


def test_bad_promql_is_a_source_error_with_prometheus_message(stack: Stack) -> None:
    with pytest.raises(
        SourceError,
        match=r"prometheus \(http://127\.0\.0\.1:\d+\): (current|24h|7d) query: Prometheus answered bad_data: .*parse error",
    ):
        observe(source(stack, "probe_success{"))


def test_values_outside_0_1_are_refused(stack: Stack) -> None:
    stack.endpoint.up = True
    prometheus = source(stack, 'probe_http_status_code{job="blackbox"}')
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            observe(prometheus)  # 0 (no answer yet) still reads as a fraction
        except SourceError as exc:
            if "returned no series" in str(exc):  # nothing scraped yet
                time.sleep(0.5)
                continue
            assert re.search(r"sample [0-9.]+ for \{instance=.* is not within 0\.\.1", str(exc))
            return
        time.sleep(0.5)
    pytest.fail("probe_http_status_code was never refused")


def test_a_scalar_is_not_a_monitor_list(stack: Stack) -> None:
    prometheus = Prometheus(stack.prometheus, "scalar(vector(1))", query_24h="vector(1)", query_7d="vector(1)")
    with pytest.raises(SourceError, match="expected an instant vector, got 'scalar'"):
        observe(prometheus)


# --- wire-format quirks replayed on loopback -------------------------------------


def vector(*samples: tuple[dict[str, str], str]) -> bytes:
    result = [{"metric": metric, "value": [1717243200.123, value]} for metric, value in samples]
    return json.dumps(
        {"status": "success", "data": {"resultType": "vector", "result": result}, "warnings": ["x"], "infos": ["y"]}
    ).encode()


def test_string_values_nan_and_label_matching_on_loopback() -> None:
    site = {"instance": "https://example.com", "job": "blackbox"}
    other = {"instance": "https://other.example.com", "job": "blackbox"}
    with ReplayServer() as server:
        q = "/api/v1/query?query="
        base = 'probe_success{job="blackbox"}'
        server.routes[q + quote(base, safe="")] = Reply(
            body=vector(({"__name__": "probe_success", **site}, "1"), ({"__name__": "probe_success", **other}, "0.5"))
        )
        server.routes[q + quote(window_query(base, timedelta(hours=24)), safe="")] = Reply(
            body=vector((site, "0.99861"), (other, "NaN"))
        )
        server.routes[q + quote(window_query(base, timedelta(days=7)), safe="")] = Reply(body=vector((site, "0.9")))
        got = observe(Prometheus(server.url, base))
    states = {m.monitor: (m.state, m.availability_24h, m.availability_7d) for m in got.monitors}
    assert states == {
        '{instance="https://example.com",job="blackbox"}': ("up", 0.99861, 0.9),
        '{instance="https://other.example.com",job="blackbox"}': ("degraded", None, None),
    }


def test_an_error_envelope_with_503_is_retried_then_reported() -> None:
    body = b'{"status": "error", "errorType": "unavailable", "error": "TSDB not ready"}'
    with ReplayServer({"/api/v1/query": Reply(503, body)}) as server, pytest.raises(SourceError, match="HTTP 503"):
        observe(Prometheus(server.url, "up"))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"status": "error", "errorType": "bad_data", "error": "parse error"}', "bad_data: parse error"),
        (b'{"status": "error"}', "error: no message"),
        (b'{"status": "success"}', "success without data"),
        (b'{"status": "success", "data": {"resultType": "matrix", "result": []}}', "got 'matrix'"),
        (
            b'{"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [1, 1]}]}}',
            "Expected `str`",
        ),
        (
            b'{"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [1, "up"]}]}}',
            "not a number",
        ),
        (
            b'{"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [1, "+Inf"]}]}}',
            "not within 0..1",
        ),
        (
            b'{"status": "success", "data": {"resultType": "vector", "result": [{"metric": {"a": "1"}, "value": [1, "1"]}, {"metric": {"a": "1", "__name__": "x"}, "value": [1, "1"]}]}}',
            "share the labels",
        ),
        (b"<html>502</html>", "HTML"),
        (b'{"status": "succ', "truncated"),
    ],
)
def test_malformed_query_answers(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_vector(body, "p", "q")


# --- fleet scale: aggregate queries, monitor keys from a label, fixed ranges ---------------

AGGREGATE = 'avg by (component) (probe_success{job="blackbox"})'


def query_path(query: str, **params: str) -> str:
    return "/api/v1/query?" + urlencode({"query": query, **params})


def test_an_aggregate_query_keys_monitors_by_the_configured_label() -> None:
    panel, api = {"component": "panel"}, {"component": "api"}
    with ReplayServer() as server:
        server.routes[query_path(AGGREGATE)] = Reply(body=vector((panel, "1"), (api, "0.999")))
        day = 'avg by (component) (avg_over_time(probe_success{job="blackbox"}[1d]))'
        week = 'avg by (component) (avg_over_time(probe_success{job="blackbox"}[7d]))'
        server.routes[query_path(day)] = Reply(body=vector((panel, "0.9995"), (api, "0.98")))
        server.routes[query_path(week)] = Reply(body=vector((panel, "0.9999"), (api, "NaN")))
        prometheus = Prometheus(server.url, AGGREGATE, monitor_label="component")
        assert (prometheus.query_24h, prometheus.query_7d) == (day, week)
        got = observe(prometheus)
        asked = sorted(server.paths())
    assert {m.monitor: (m.state, m.availability_24h, m.availability_7d) for m in got.monitors} == {
        "panel": ("up", 0.9995, 0.9999),
        "api": ("degraded", 0.98, None),  # one probe of many down: the component is degraded
    }
    assert asked == sorted(query_path(q) for q in (AGGREGATE, day, week))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (AGGREGATE, 'avg by (component) (avg_over_time(probe_success{job="blackbox"}[1d]))'),
        ("avg without(instance)(probe_success)", "avg without(instance) (avg_over_time(probe_success[1d]))"),
        ("avg by (component) (probe_success > 0)", "avg_over_time((avg by (component) (probe_success > 0))[1d:])"),
        ("min by (component) (probe_success)", "avg_over_time((min by (component) (probe_success))[1d:])"),
        ("sum by (c) (rate(x[5m]))", "avg_over_time((sum by (c) (rate(x[5m])))[1d:])"),
    ],
)
def test_only_an_average_of_a_selector_is_pushed_down(query: str, expected: str) -> None:
    assert window_query(query, timedelta(days=1)) == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (vector(({"component": "a"}, "1"), ({"instance": "x"}, "1")), "has no label 'component' \\(monitor_label\\)"),
        (vector(({"component": "a", "x": "1"}, "1"), ({"component": "a", "x": "2"}, "1")), "share the component 'a'"),
        (vector(({"component": ""}, "1")), "has no label 'component'"),
    ],
)
def test_series_must_carry_distinct_values_of_the_label(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_vector(body, "p", "q", "component")


def test_a_tenant_is_sent_as_x_scope_orgid() -> None:
    with ReplayServer({"/api/v1/query": Reply(body=vector(({"component": "a"}, "1")))}) as server:
        observe(Prometheus(server.url, AGGREGATE, monitor_label="component", tenant="platform"))
        headers = [r.headers.get("x-scope-orgid") for r in server.requests]
    assert headers == ["platform"] * 3


def test_range_availability_evaluates_the_window_just_before_the_end_of_the_range() -> None:
    start, end = datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    query = 'avg by (component) (avg_over_time(probe_success{job="blackbox"}[1d]))'
    body = vector(({"component": "panel"}, "0.99931"), ({"component": "api"}, "NaN"))
    # 1 ms before midnight: Prometheus 2 ranges include both ends, and the midnight sample opens the next day.
    just_before = f"{end.timestamp() - 0.001:.3f}"
    with ReplayServer({query_path(query, time=just_before): Reply(body=body)}) as server:
        prometheus = Prometheus(server.url, AGGREGATE, monitor_label="component")

        async def scenario() -> dict[str, float]:
            async with Fetcher(collect_settings(retries=0)) as fetcher:
                return dict(await prometheus.range_availability(fetcher, start, end))

        found = asyncio.run(scenario())
    assert found == {"panel": 0.99931}  # NaN: no data in the range, left out


def _server_time(stack: Stack) -> datetime:
    with urllib.request.urlopen(f"{stack.prometheus}/api/v1/query?query=time()", timeout=5) as answer:
        payload = json.loads(answer.read())
    return datetime.fromtimestamp(float(payload["data"]["result"][0]), UTC)


def test_an_aggregate_and_a_range_on_a_real_prometheus(stack: Stack) -> None:
    stack.endpoint.up = True
    query = 'avg by (instance) (probe_success{job="blackbox"})'
    prometheus = Prometheus(
        stack.prometheus, query, range_24h=timedelta(minutes=1), range_7d=timedelta(minutes=2), monitor_label="instance"
    )
    seen = wait_for(prometheus, lambda o: len(o.monitors) == 1 and o.monitors[0].state is not None, "a state")
    assert seen.monitors[0].monitor == stack.endpoint.url
    assert seen.monitors[0].availability_24h is not None

    async def ranged(start: datetime, end: datetime) -> dict[str, float]:
        async with Fetcher(collect_settings(retries=0)) as fetcher:
            return dict(await prometheus.range_availability(fetcher, start, end))

    now = _server_time(stack)  # Prometheus's own clock: the samples are there
    found = asyncio.run(ranged(now - timedelta(seconds=30), now))
    assert list(found) == [stack.endpoint.url] and 0.0 <= found[stack.endpoint.url] <= 1.0
    # a range that ended before the first scrape: no data, so the time= parameter is honoured
    assert asyncio.run(ranged(now - timedelta(days=2), now - timedelta(days=1))) == {}

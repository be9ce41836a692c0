"""UptimeRobot through a loopback server replaying API v2 ``getMonitors``: pagination, percent strings, 200-with-fail."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from elytra_status_core import Observations, SourceError
from elytra_status_core._cli import main
from elytra_status_core._config import CollectSettings
from elytra_status_core._core.freshness import fresh
from elytra_status_core._sources.fetch import Fetcher
from elytra_status_core._sources.pace import Pace
from elytra_status_core._sources.uptimerobot import UptimeRobot, parse_monitors_page, parse_percents
from tests.servers import Recorded, ReplayServer, Reply
from tests.settings import collect_settings

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
KEY = "ur2875345-3c5d1b8e6f0a4b7e9d2c1a0f"
ENV = "ELYTRA_TEST_UPTIMEROBOT_KEY"
PATH = "/v2/getMonitors"

# id -> (status, "24h-7d" percents, range percent)
FLEET: dict[int, tuple[int, str, str]] = {
    777749809: (2, "99.981-100.000", "99.990"),
    777749810: (9, "50.000-92.857", "12.500"),
    777749811: (8, "99.000-99.900", "100.000"),
    777749812: (0, "100.000-100.000", "100.000"),  # paused
    777749813: (1, "0.000-0.000", "0.000"),  # not checked yet
}


def monitor_json(monitor_id: int, status: int, ratios: str, ranges: str, asked: dict[str, list[str]]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": monitor_id,
        "friendly_name": f"Site {monitor_id}",
        "url": f"https://site{monitor_id}.example.com",
        "type": 1,
        "sub_type": "",
        "keyword_type": None,
        "port": "",
        "interval": 300,
        "status": status,
        "create_datetime": 1717243200,
    }
    if "custom_uptime_ratios" in asked:
        item["custom_uptime_ratio"] = ratios
    if "custom_uptime_ranges" in asked:
        item["custom_uptime_ranges"] = ranges
    return item


class UptimeRobotApi:
    """``getMonitors`` as UptimeRobot answers it: form body in, ``offset``/``limit`` pages out (limit at most 50)."""

    def __init__(self, server: ReplayServer, fleet: dict[int, tuple[int, str, str]]) -> None:
        self.server = server
        self.fleet = fleet
        server.routes[PATH] = self.route

    @property
    def base(self) -> str:
        return f"{self.server.url}/v2"

    def forms(self) -> list[dict[str, list[str]]]:
        return [parse_qs(r.body.decode()) for r in self.server.requests if r.path == PATH]

    def route(self, request: Recorded) -> Reply:
        form = parse_qs(request.body.decode())
        if request.method != "POST" or form.get("api_key") != [KEY]:
            body = {
                "stat": "fail",
                "error": {
                    "type": "invalid_parameter",
                    "parameter_name": "api_key",
                    "passed_value": form.get("api_key", [""])[0],
                },
            }
            return Reply(body=json.dumps(body).encode())
        offset = int(form.get("offset", ["0"])[0])
        limit = min(50, int(form.get("limit", ["50"])[0]))
        ids = sorted(self.fleet)
        chunk = ids[offset : offset + limit]
        body = {
            "stat": "ok",
            "pagination": {"offset": offset, "limit": limit, "total": len(ids)},
            "monitors": [monitor_json(i, *self.fleet[i], form) for i in chunk],
        }
        return Reply(body=json.dumps(body).encode())


@pytest.fixture
def api() -> Iterator[UptimeRobotApi]:
    with ReplayServer() as server:
        yield UptimeRobotApi(server, dict(FLEET))


def source(base: str, env: dict[str, str] | None = None) -> UptimeRobot:
    return UptimeRobot(ENV, base, env={ENV: KEY} if env is None else env, requests_per_minute=1000)


def observe(robot: UptimeRobot, settings: CollectSettings | None = None) -> Observations:
    async def scenario() -> Observations:
        async with Fetcher(settings or collect_settings(backoff_base=0.01, retries=1)) as fetcher:
            return await robot.collect(fetcher, NOW)

    return asyncio.run(scenario())


def by_id(observations: Observations) -> dict[str, tuple[str | None, float | None, float | None]]:
    return {
        m.monitor: (
            m.state,
            None if m.availability_24h is None else round(m.availability_24h, 9),
            None if m.availability_7d is None else round(m.availability_7d, 9),
        )
        for m in observations.monitors
    }


def test_states_and_percent_strings(api: UptimeRobotApi) -> None:
    assert by_id(observe(source(api.base))) == {
        "777749809": ("up", 0.99981, 1.0),
        "777749810": ("down", 0.5, 0.92857),
        "777749811": ("degraded", 0.99, 0.999),  # "seems down": not confirmed yet
        "777749812": ("maintenance", None, None),  # paused: its ratios are not measurements
        "777749813": ("pending", None, None),  # not checked yet
    }


def test_the_key_travels_in_the_post_body_only(api: UptimeRobotApi) -> None:
    observe(source(api.base))
    (request,) = api.server.requests
    assert request.method == "POST"
    assert request.path == PATH and KEY not in request.path
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.body.decode()) == {
        "api_key": [KEY],
        "format": ["json"],
        "custom_uptime_ratios": ["1-7"],
        "offset": ["0"],
        "limit": ["50"],
    }


def test_pages_are_asked_for_until_offset_plus_limit_reaches_total(api: UptimeRobotApi) -> None:
    api.fleet.update({1000 + i: (2, "100.000-99.500", "100.000") for i in range(118)})
    observations = observe(source(api.base))
    assert len(observations.monitors) == 123
    assert [form["offset"] for form in api.forms()] == [["0"], ["50"], ["100"]]


def test_states_are_observed_at_the_time_of_the_run(api: UptimeRobotApi) -> None:
    observations = observe(source(api.base))
    assert {m.observed_at for m in observations.monitors} == {NOW}
    kept, dropped = fresh(observations, NOW, timedelta(minutes=30))
    assert dropped == ()
    assert len(kept.monitors) == 5


def test_a_200_with_stat_fail_names_the_error_and_never_the_key(api: UptimeRobotApi) -> None:
    body = {
        "stat": "fail",
        "error": {"type": "invalid_parameter", "parameter_name": "api_key", "passed_value": KEY},
    }
    api.server.routes[PATH] = Reply(body=json.dumps(body).encode())
    with pytest.raises(SourceError, match="stat 'fail': invalid_parameter, parameter api_key") as caught:
        observe(source(api.base))
    assert KEY not in str(caught.value)


def test_an_error_message_echoing_the_key_is_masked(api: UptimeRobotApi) -> None:
    body = {"stat": "fail", "error": {"type": "not_authorized", "message": f"api_key {KEY} is wrong"}}
    api.server.routes[PATH] = Reply(body=json.dumps(body).encode())
    with pytest.raises(SourceError, match=r"api_key \[redacted known-secret \(\d+ chars\)\] is wrong") as caught:
        observe(source(api.base))
    assert KEY not in str(caught.value)


def test_an_error_body_of_an_unexpected_shape_is_masked_too(api: UptimeRobotApi) -> None:
    api.server.routes[PATH] = Reply(body=json.dumps({"stat": 5, "error": {"passed_value": KEY}}).encode())
    with pytest.raises(SourceError) as caught:
        observe(source(api.base))
    assert KEY not in str(caught.value)
    assert "getMonitors" in str(caught.value)


def test_a_401_is_a_source_error_without_the_key(api: UptimeRobotApi) -> None:
    api.server.routes[PATH] = Reply(401, json.dumps({"error": f"Unauthorized: {KEY}"}).encode())
    with pytest.raises(SourceError) as caught:
        observe(source(api.base))
    assert KEY not in str(caught.value)


def test_a_429_waits_for_retry_after(api: UptimeRobotApi) -> None:
    limited = Reply(429, b'{"stat": "fail"}', {"Retry-After": "1", "Content-Type": "application/json"})
    api.server.routes[PATH] = [limited, Reply(body=api.route(_form_request()).body)]
    robot = source(api.base)

    async def scenario() -> tuple[Observations, Fetcher]:
        async with Fetcher(collect_settings(backoff_base=0.01)) as fetcher:
            return await robot.collect(fetcher, NOW), fetcher

    observations, fetcher = asyncio.run(scenario())
    assert len(observations.monitors) == 5
    assert (fetcher.rate_limited, fetcher.paused_for) == (1, 1.0)


def _form_request() -> Recorded:
    body = f"api_key={KEY}&format=json&custom_uptime_ratios=1-7&offset=0&limit=50".encode()
    return Recorded("POST", PATH, {}, body)


def test_a_500_is_retried_then_reported(api: UptimeRobotApi) -> None:
    api.server.routes[PATH] = Reply(500, b"Internal Server Error", {"Content-Type": "text/plain"})
    with pytest.raises(SourceError, match=r"POST http://127\.0\.0\.1:\d+/v2/getMonitors answered HTTP 500 after 2"):
        observe(source(api.base))
    assert len(api.server.requests) == 2


def test_a_truncated_body_is_a_source_error(api: UptimeRobotApi) -> None:
    full = api.route(_form_request()).body
    api.server.routes[PATH] = Reply(body=full, truncate_to=len(full) // 2)
    with pytest.raises(SourceError, match="body cut short"):
        observe(source(api.base), collect_settings(retries=0))


def test_an_oversized_body_is_refused(api: UptimeRobotApi) -> None:
    api.fleet.update({1000 + i: (2, "100.000-99.500", "100.000") for i in range(45)})
    with pytest.raises(SourceError, match="exceeds the 2048-byte cap"):
        observe(source(api.base), collect_settings(retries=0, max_bytes=2048))


def test_an_account_without_monitors_is_a_source_error(api: UptimeRobotApi) -> None:
    api.fleet.clear()
    with pytest.raises(SourceError, match="the account has no monitors: wrong API key"):
        observe(source(api.base))


def test_a_missing_key_fails_before_any_request(api: UptimeRobotApi) -> None:
    with pytest.raises(SourceError, match=f"environment variable {ENV} .* is not set"):
        observe(source(api.base, env={}))
    assert api.server.requests == []


def test_the_api_is_read_over_http_only(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not an HTTP"):
        observe(source(str(tmp_path)))


def test_range_availability_asks_for_the_range_in_unix_seconds(api: UptimeRobotApi) -> None:
    start, end = datetime(2026, 11, 30, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)

    async def scenario() -> dict[str, float]:
        async with Fetcher(collect_settings(retries=0)) as fetcher:
            return dict(await source(api.base).range_availability(fetcher, start, end))

    found = asyncio.run(scenario())
    assert {k: round(v, 9) for k, v in found.items()} == {"777749809": 0.9999, "777749810": 0.125, "777749811": 1.0}
    (form,) = api.forms()
    assert form["custom_uptime_ranges"] == [f"{int(start.timestamp())}_{int(end.timestamp())}"]
    assert "custom_uptime_ratios" not in form


def test_requests_keep_to_the_pace(api: UptimeRobotApi) -> None:
    """Three pages at two requests a minute: the third waits a minute (on a fake clock)."""
    api.fleet.update({1000 + i: (2, "100.000-99.500", "100.000") for i in range(118)})
    clock = [0.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    robot = source(api.base)
    robot.pace = Pace(2, 60, clock=lambda: clock[0], sleep=sleep)
    assert len(observe(robot).monitors) == 123
    assert waits == [60.0]


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [("99.981-100.000", 2, (0.99981, 1.0)), ("100", 1, (1.0,)), ("0.000-0.000-12.5", 3, (0.0, 0.0, 0.125))],
)
def test_percent_strings(text: str, count: int, expected: tuple[float, ...]) -> None:
    assert parse_percents(text, count, "u", "ratio") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "count", "message"),
    [
        ("99.981", 2, "holds 1 figure"),
        ("99.9-100-100", 2, "holds 3 figure"),
        ("100.5-99", 2, "not a percentage 0..100"),
        ("abc-99", 2, "not a percentage"),
        ("nan-99", 2, "not a percentage 0..100"),
        ("-5-99", 2, "holds 3 figure"),
    ],
)
def test_bad_percent_strings(text: str, count: int, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_percents(text, count, "u", "ratio")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>maintenance</html>", "HTML"),
        (b'{"stat": "ok", "monitors": [{"id": 1, "sta', "truncated"),
        (b'{"stat": "ok", "monitors": [{"id": 1, "status": "up"}]}', "Expected `int`"),
        (b'{"stat": "ok", "monitors": [{"id": 1, "status": 2, "custom_uptime_ratio": "x-y"}]}', "not a percentage"),
        (b'{"stat": "fail"}', "stat 'fail': no message"),
        (b'{"stat": "ok", "monitors": [], "pagination": {"offset": 0, "limit": 50, "total": -1}}', "negative"),
    ],
)
def test_malformed_pages(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_monitors_page(body, "u")


def test_the_cli_never_shows_the_key_a_server_echoes(
    api: UptimeRobotApi, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``config check --online`` probes the source; the echoed key is masked in stdout and the log."""
    body = {"stat": "fail", "error": {"type": "invalid_parameter", "message": f"bad {KEY}", "passed_value": KEY}}
    config = tmp_path / "elytra-status.toml"
    config.write_text(
        f'[collect]\nretries = 0\n\n[[sources]]\nkind = "uptimerobot"\nurl = "{api.base}"\ntoken_env = "{ENV}"\n'
        f'requests_per_minute = 600\n\n[[publish]]\nurl = "out/status.json"\n',
        encoding="utf-8",
    )
    ok = main(["config", "check", "--online", "--config", str(config)], environ={ENV: KEY}, clock=lambda: NOW)
    out = capsys.readouterr()
    assert ok == 0, out
    assert "OK    source uptimerobot (http://127.0.0.1:" in out.out and "5 monitor(s)" in out.out
    api.server.routes[PATH] = Reply(body=json.dumps(body).encode())
    for argv in (["config", "check", "--online"], ["status", "publish", "--dry-run", "-v"]):
        code = main([*argv, "--config", str(config)], environ={ENV: KEY}, clock=lambda: NOW)
        captured = capsys.readouterr()
        assert code == 1
        assert "invalid_parameter" in captured.out + captured.err
        assert KEY not in captured.out + captured.err


def test_a_monitor_seen_on_two_pages_is_counted_once(api: UptimeRobotApi) -> None:
    api.fleet.update({1000 + i: (2, "100.000-99.500", "100.000") for i in range(60)})
    real = api.route

    def shifting(request: Recorded) -> Reply:
        answer = json.loads(real(request).body)
        if parse_qs(request.body.decode())["offset"] == ["50"]:  # a monitor added before the first page
            answer["monitors"].insert(0, monitor_json(1049, 2, "100.000-99.500", "100.000", {}))
            answer["monitors"].pop()
        return Reply(body=json.dumps(answer).encode())

    api.server.routes[PATH] = shifting
    monitors = [m.monitor for m in observe(source(api.base)).monitors]
    assert len(monitors) == len(set(monitors)) == 64

"""Gatus through a loopback server replaying its API: endpoint statuses, plain-text uptimes, Basic auth."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from elytra_status_core import Observations, SourceError, parse_config
from elytra_status_core._cli import main
from elytra_status_core._config import CollectSettings
from elytra_status_core._core.freshness import fresh
from elytra_status_core._errors import ConfigError
from elytra_status_core._sources.fetch import Fetcher
from elytra_status_core._sources.gatus import Gatus, endpoint_key, parse_statuses, parse_uptime
from tests.servers import Recorded, ReplayServer, Reply
from tests.settings import collect_settings

NOW = datetime(2026, 12, 1, 14, 50, tzinfo=UTC)
PASSWORD = "gatus-basic-Xk29fLq"
ENV = "ELYTRA_TEST_GATUS_PASSWORD"
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
STATUSES = "/api/v1/endpoints/statuses"


def nanostamp(when: datetime, nanos: int = 123456789) -> str:
    """A time as Gatus writes it: UTC with nine fractional digits."""
    return when.strftime("%Y-%m-%dT%H:%M:%S") + f".{nanos:09d}Z"


def result(when: datetime, success: bool, nanos: int = 123456789) -> dict[str, Any]:
    return {
        "status": 200 if success else 503,
        "hostname": "example.org",
        "duration": 41297000,  # nanoseconds
        "conditionResults": [{"condition": "[STATUS] == 200", "success": success}],
        "success": success,
        "timestamp": nanostamp(when, nanos),
    }


ENDPOINTS: list[dict[str, Any]] = [
    {
        "name": "front",
        "group": "core",
        "key": "core_front",
        # oldest first
        "results": [result(NOW - timedelta(minutes=2), False), result(NOW - timedelta(minutes=1), True)],
        "events": [{"type": "HEALTHY", "timestamp": "2026-11-20T10:00:00Z"}],
    },
    {
        "name": "api",
        "group": "core",
        "key": "core_api",
        "results": [result(NOW - timedelta(minutes=1, seconds=30), True), result(NOW - timedelta(seconds=30), False)],
        "events": [],
    },
    # no key in the listing: made the way Gatus makes it
    {"name": "Status Page #2", "results": [result(NOW - timedelta(minutes=1), True, 5)]},
    # never checked: no data, not 0% up
    {"name": "new", "group": "edge", "key": "edge_new", "results": []},
    # stopped two days ago: its newest result is old news
    {"name": "old", "group": "edge", "key": "edge_old", "results": [result(NOW - timedelta(days=2), True)]},
]
UPTIMES = {
    ("core_front", "24h"): b"0.998611",
    ("core_front", "7d"): b"0.999802",
    ("core_api", "24h"): b"0.500000\n",
    ("core_api", "7d"): b"0.928571",
    ("_status-page--2", "24h"): b"1.000000",
    ("_status-page--2", "7d"): b"1.000000",
    ("edge_old", "7d"): b"0.800000",
    ("edge_old", "24h"): b"0.000000",  # Gatus: no data in the window
    ("edge_new", "24h"): b"0.000000",
    ("edge_new", "7d"): b"0.000000",
}


class GatusApi:
    def __init__(self, server: ReplayServer, password: str | None = None) -> None:
        self.server = server
        self.password = password
        self.endpoints = list(ENDPOINTS)
        server.routes[STATUSES] = self.statuses
        for (key, window), body in UPTIMES.items():
            server.routes[f"/api/v1/endpoints/{key}/uptimes/{window}"] = self.guarded(Reply(body=body, headers=TEXT))

    def authorised(self, request: Recorded) -> bool:
        if self.password is None:
            return True
        expected = base64.b64encode(f"ops:{self.password}".encode()).decode()
        return request.headers.get("authorization") == f"Basic {expected}"

    def guarded(self, reply: Reply) -> Any:
        def route(request: Recorded) -> Reply:
            return reply if self.authorised(request) else Reply(401, b"Unauthorized", TEXT)

        return route

    def statuses(self, request: Recorded) -> Reply:
        if not self.authorised(request):
            return Reply(401, b"Unauthorized", TEXT)
        return Reply(body=json.dumps(self.endpoints).encode())


@pytest.fixture
def api() -> Iterator[GatusApi]:
    with ReplayServer() as server:
        yield GatusApi(server)


def observe(gatus: Gatus, settings: CollectSettings | None = None) -> Observations:
    async def scenario() -> Observations:
        async with Fetcher(settings or collect_settings(backoff_base=0.01, retries=1)) as fetcher:
            return await gatus.collect(fetcher, NOW)

    return asyncio.run(scenario())


def by_key(observations: Observations) -> dict[str, tuple[str | None, datetime | None, float | None, float | None]]:
    return {m.monitor: (m.state, m.observed_at, m.availability_24h, m.availability_7d) for m in observations.monitors}


def test_states_times_and_plain_text_uptimes(api: GatusApi) -> None:
    nanos = timedelta(microseconds=123456)  # nine digits are read to the microsecond
    assert by_key(observe(Gatus(api.server.url))) == {
        "core_front": ("up", NOW - timedelta(minutes=1) + nanos, 0.998611, 0.999802),
        "core_api": ("down", NOW - timedelta(seconds=30) + nanos, 0.5, 0.928571),
        "_status-page--2": ("up", NOW - timedelta(minutes=1), 1.0, 1.0),
        "edge_new": (None, None, None, None),
        # the 24h figure is Gatus's 0 for a window without data: not asked
        "edge_old": ("up", NOW - timedelta(days=2) + nanos, None, 0.8),
    }
    asked = sorted(p for p in api.server.paths() if "/uptimes/" in p)
    assert asked == sorted(
        f"/api/v1/endpoints/{key}/uptimes/{window}"
        for key, window in [
            ("core_front", "24h"),
            ("core_front", "7d"),
            ("core_api", "24h"),
            ("core_api", "7d"),
            ("_status-page--2", "24h"),
            ("_status-page--2", "7d"),
            ("edge_old", "7d"),
        ]
    )
    assert f"{STATUSES}?page=1&pageSize=10" in list(api.server.paths())


def test_an_endpoint_gatus_stopped_checking_is_dropped_as_old(api: GatusApi) -> None:
    kept, dropped = fresh(observe(Gatus(api.server.url)), NOW, timedelta(minutes=30))
    assert [(d.item, d.reason) for d in dropped] == [("edge_old", "stale")]
    assert {m.monitor: m.state for m in kept.monitors}["edge_old"] is None


def test_the_newest_result_wins_whatever_the_order() -> None:
    endpoint = {
        "name": "x",
        "key": "_x",
        "results": [
            result(NOW - timedelta(minutes=1), False),
            result(NOW - timedelta(minutes=5), True),
            {"success": True, "timestamp": "not a time"},
            result(NOW + timedelta(days=300), True),  # a clock gone wrong: not a candidate
        ],
    }
    [parsed] = parse_statuses(json.dumps([endpoint]).encode(), "g", NOW)
    assert parsed.state == "down"


def test_basic_auth_with_the_password_from_the_environment(api: GatusApi) -> None:
    api.password = PASSWORD
    gatus = Gatus(api.server.url, username="ops", password_env=ENV, env={ENV: PASSWORD})
    assert len(observe(gatus).monitors) == 5
    with pytest.raises(SourceError, match="HTTP 401"):
        observe(Gatus(api.server.url))


def test_an_echoed_password_is_masked(api: GatusApi) -> None:
    api.server.routes[STATUSES] = Reply(400, json.dumps({"error": f"bad credentials ops:{PASSWORD}"}).encode())
    gatus = Gatus(api.server.url, username="ops", password_env=ENV, env={ENV: PASSWORD})
    with pytest.raises(SourceError, match=r"HTTP 400: bad credentials ops:\[redacted known-secret") as caught:
        observe(gatus)
    assert PASSWORD not in str(caught.value)


def test_username_and_password_env_go_together() -> None:
    with pytest.raises(ConfigError, match="set both username and password_env"):
        parse_config('[[sources]]\nkind = "gatus"\nurl = "https://gatus.example.com"\nusername = "ops"\n')


def test_a_429_waits_for_retry_after(api: GatusApi) -> None:
    api.server.routes[STATUSES] = [
        Reply(429, b"Too Many Requests", {"Retry-After": "1", **TEXT}),
        Reply(body=json.dumps(ENDPOINTS[:1]).encode()),
    ]

    async def scenario() -> tuple[Observations, Fetcher]:
        async with Fetcher(collect_settings(backoff_base=0.01)) as fetcher:
            return await Gatus(api.server.url).collect(fetcher, NOW), fetcher

    observations, fetcher = asyncio.run(scenario())
    assert [m.monitor for m in observations.monitors] == ["core_front"]
    assert (fetcher.rate_limited, fetcher.paused_for) == (1, 1.0)


def test_a_500_is_retried_then_reported(api: GatusApi) -> None:
    api.server.routes[STATUSES] = Reply(500, b"failed to retrieve endpoint statuses", TEXT)
    with pytest.raises(SourceError, match="HTTP 500 after 2 attempts"):
        observe(Gatus(api.server.url))


def test_a_truncated_listing_is_a_source_error(api: GatusApi) -> None:
    api.server.routes[STATUSES] = Reply(body=json.dumps(ENDPOINTS).encode(), truncate_to=300)
    with pytest.raises(SourceError, match="body cut short at 300"):
        observe(Gatus(api.server.url), collect_settings(retries=0))


def test_an_oversized_listing_is_refused(api: GatusApi) -> None:
    with pytest.raises(SourceError, match="exceeds the 1024-byte cap"):
        observe(Gatus(api.server.url), collect_settings(retries=0, max_bytes=1024))


def test_an_uptime_that_is_not_a_fraction_fails_the_source(api: GatusApi) -> None:
    api.server.routes["/api/v1/endpoints/core_front/uptimes/7d"] = Reply(body=b"99.98", headers=TEXT)
    with pytest.raises(SourceError, match=r"7d uptime of core_front: 99\.98 is not a fraction 0\.\.1"):
        observe(Gatus(api.server.url))


def test_an_uptime_404_leaves_that_figure_unknown(api: GatusApi) -> None:
    del api.server.routes["/api/v1/endpoints/core_api/uptimes/24h"]
    assert by_key(observe(Gatus(api.server.url)))["core_api"][2:] == (None, 0.928571)


def test_gatus_without_endpoints_is_a_source_error(api: GatusApi) -> None:
    api.endpoints = []
    with pytest.raises(SourceError, match="Gatus lists no endpoints"):
        observe(Gatus(api.server.url))


@pytest.mark.parametrize(
    ("group", "name", "key"),
    [
        ("core", "front", "core_front"),
        ("", "front", "_front"),
        ("Core Services", "Front/Page #1", "core-services_front-page--1"),
        ("a.b,c", "d_e+f&g", "a-b-c_d-e-f-g"),
    ],
)
def test_endpoint_keys(group: str, name: str, key: str) -> None:
    assert endpoint_key(group, name) == key


@pytest.mark.parametrize(
    ("body", "expected"),
    [(b"0.998611", 0.998611), (b"1.000000\n", 1.0), (b"0", 0.0), (b" 0.5 ", 0.5), (b"1e-3", 0.001)],
)
def test_plain_text_fractions(body: bytes, expected: float) -> None:
    assert parse_uptime(body, "g", "24h") == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"99.98", "not a fraction 0..1"),
        (b"-0.1", "is not a fraction"),
        (b"NaN", "is not a fraction"),
        (b"<html>login</html>", "is not a fraction"),
        (b"", "is not a fraction"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_uptimes(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_uptime(body, "g", "24h")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<!DOCTYPE html><html></html>", "HTML"),
        (b'[{"name": "front", "results": [{"success": true, "timest', "truncated"),
        (b'{"name": "front"}', "Expected `array`"),
        (b'[{"name": "front", "results": [{"success": "yes", "timestamp": "x"}]}]', "Expected `bool`"),
        (b'[{"name": "a", "key": "k"}, {"name": "b", "key": "k"}]', "the key 'k' appears twice"),
    ],
)
def test_malformed_statuses(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_statuses(body, "g")


def test_config_check_online_probes_gatus(api: GatusApi, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    api.password = PASSWORD
    config = tmp_path / "elytra-status.toml"
    config.write_text(
        f'[[sources]]\nkind = "gatus"\nurl = "{api.server.url}"\nusername = "ops"\npassword_env = "{ENV}"\n\n'
        '[[publish]]\nurl = "out/status.json"\n',
        encoding="utf-8",
    )
    argv = ["config", "check", "--online", "--config", str(config)]
    assert main(argv, environ={ENV: PASSWORD}, clock=lambda: NOW) == 0
    out = capsys.readouterr().out
    assert "OK    source gatus (http://127.0.0.1:" in out and "5 monitor(s)" in out
    assert PASSWORD not in out
    assert main(argv, environ={ENV: "wrong-password"}, clock=lambda: NOW) == 1
    assert "FAIL  source gatus" in capsys.readouterr().out

"""Uptime Kuma through a loopback server replaying its status-page API and badges (1.23 and 2.x)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from elytra_status_core import Observations, SourceError
from elytra_status_core._sources.fetch import Fetcher
from elytra_status_core._sources.uptime_kuma import UptimeKuma, parse_badge, parse_heartbeats
from tests.servers import ReplayServer, Reply
from tests.settings import collect_settings
from tests.strategies import kuma_badge_svg

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 6, 1, 12, 5, tzinfo=UTC)
SVG = {"Content-Type": "image/svg+xml; charset=utf-8"}

# 1.23.x: at most 50 beats, milliseconds sometimes missing, status as integers
HEARTBEATS_1_23 = {
    "heartbeatList": {
        "1": [
            {"status": 0, "time": "2025-06-01 11:59:05", "msg": "timeout", "ping": None},
            {"status": 1, "time": "2025-06-01 12:00:05.123", "msg": "", "ping": 42},
        ],
        "2": [{"status": 1, "time": "2025-06-01 12:00:06", "msg": "", "ping": 40}],
        "3": [
            {"status": 1, "time": "2025-06-01 11:58:00.000", "msg": "", "ping": 41},
            {"status": 3, "time": "2025-06-01 12:00:07.000", "msg": "", "ping": None},
        ],
    },
    "uptimeList": {"1_24": 0.9986, "2_24": 1, "3_24": 0.99},
}

# 2.x: extra beat fields, uptime 0 for a monitor without data
HEARTBEATS_2 = {
    "heartbeatList": {
        "11": [
            {
                "status": 1,
                "time": "2025-06-01 12:00:05.123",
                "msg": "",
                "ping": 42,
                "duration": 60,
                "retries": 0,
                "end_time": "2025-06-01 12:01:05.123",
            },
            {
                "status": 0,
                "time": "2025-06-01 12:01:05.456",
                "msg": "500",
                "ping": None,
                "duration": 60,
                "retries": 1,
                "end_time": None,
            },
        ],
        "12": [{"status": 2, "time": "2025-06-01 12:01:06.000", "msg": "", "ping": None}],
        "13": [],
    },
    "uptimeList": {"11_24": 0.9912, "12_24": 1, "13_24": 0},
}


def observe(url: str, slug: str = "platform", *, uptime_7d: bool = True, now: datetime = NOW) -> Observations:
    async def scenario() -> Observations:
        async with Fetcher(collect_settings(backoff_base=0.01, retries=2)) as fetcher:
            return await UptimeKuma(url, slug, uptime_7d=uptime_7d).collect(fetcher, now)

    return asyncio.run(scenario())


@pytest.fixture
def kuma() -> Iterator[ReplayServer]:
    with ReplayServer(
        {
            "/api/status-page/heartbeat/platform": Reply(body=json.dumps(HEARTBEATS_1_23).encode()),
            "/api/status-page/heartbeat/v2": Reply(body=json.dumps(HEARTBEATS_2).encode()),
            "/api/status-page/heartbeat/nobody": Reply(body=b'{"heartbeatList": {}, "uptimeList": {}}'),
            "/api/badge/1/uptime/168": Reply(body=kuma_badge_svg("Uptime (168h)", "99.95%"), headers=SVG),
            "/api/badge/2/uptime/168": Reply(body=kuma_badge_svg("Uptime (168h)", "100.0%"), headers=SVG),
            "/api/badge/3/uptime/168": Reply(body=kuma_badge_svg("Uptime (168h)", "98.50%"), headers=SVG),
            # 2.x labels a 168-hour badge "7h": only the value counts
            "/api/badge/11/uptime/168": Reply(body=kuma_badge_svg("Uptime (7h)", "99.12%"), headers=SVG),
            # not public: N/A
            "/api/badge/12/uptime/168": Reply(body=kuma_badge_svg("", "N/A"), headers=SVG),
        }
    ) as server:
        yield server


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 9)


def by_id(observations: Observations) -> dict[str, tuple[str | None, float | None, float | None]]:
    """Monitor id -> (state, 24h, 7d); fractions rounded to 9 places (percent / 100 is not exact)."""
    return {m.monitor: (m.state, _round(m.availability_24h), _round(m.availability_7d)) for m in observations.monitors}


def test_1_23_payload_with_7d_badges(kuma: ReplayServer) -> None:
    assert by_id(observe(kuma.url)) == {
        "1": ("up", 0.9986, 0.9995),
        "2": ("up", 1.0, 1.0),
        "3": ("maintenance", 0.99, 0.985),
    }
    badges = sorted(p for p in kuma.paths() if p.startswith("/api/badge/"))
    assert badges == ["/api/badge/1/uptime/168", "/api/badge/2/uptime/168", "/api/badge/3/uptime/168"]


def test_2_x_payload_labels_and_no_data(kuma: ReplayServer) -> None:
    assert by_id(observe(kuma.url, "v2")) == {
        "11": ("down", 0.9912, 0.9912),
        "12": ("pending", 1.0, None),
        # no beats: state unknown, and 2.x's uptime 0 is "no data", not 0 %
        "13": (None, None, None),
    }
    assert "/api/badge/13/uptime/168" not in list(kuma.paths())


def test_an_unknown_slug_is_a_source_error_not_no_monitors(kuma: ReplayServer) -> None:
    """Kuma answers 200 with empty lists for a slug it does not know."""
    with pytest.raises(SourceError, match="status page 'nobody' has no monitors: wrong slug"):
        observe(kuma.url, "nobody")


def test_beat_times_are_parsed_so_a_bogus_up_never_outranks_a_newer_down() -> None:
    payload = {
        "heartbeatList": {
            "1": [
                {"status": 0, "time": "2025-06-01 12:03:00.250", "msg": "", "ping": None},
                {"status": 1, "time": "garbage", "msg": "", "ping": 1},
                {"status": 1, "time": "9999-12-31 23:59:59", "msg": "", "ping": 1},
                {"status": 1, "time": "2025-06-01 11:00:00", "msg": "", "ping": 1},
            ]
        }
    }
    [monitor] = parse_heartbeats(json.dumps(payload).encode(), "k", NOW)
    assert monitor.state == "down"
    assert monitor.observed_at == datetime(2025, 6, 1, 12, 3, 0, 250000, tzinfo=UTC)


def test_a_monitor_whose_beats_are_all_unreadable_has_no_state() -> None:
    payload = {"heartbeatList": {"1": [{"status": 1, "time": "yesterday", "msg": "", "ping": 1}]}}
    [monitor] = parse_heartbeats(json.dumps(payload).encode(), "k", NOW)
    assert monitor.state is None and monitor.observed_at is None


def test_the_7d_badges_can_be_switched_off(kuma: ReplayServer) -> None:
    assert {m.availability_7d for m in observe(kuma.url, uptime_7d=False).monitors} == {None}
    assert list(kuma.paths()) == ["/api/status-page/heartbeat/platform"]


def test_a_missing_badge_leaves_7d_unknown(kuma: ReplayServer) -> None:
    del kuma.routes["/api/badge/2/uptime/168"]
    assert by_id(observe(kuma.url))["2"] == ("up", 1.0, None)


def test_a_broken_badge_leaves_the_whole_page_7d_unknown(kuma: ReplayServer, caplog: pytest.LogCaptureFixture) -> None:
    """States and 24h figures stay; no 7-day mean over only the badges that answered."""
    kuma.routes["/api/badge/2/uptime/168"] = Reply(500, b"Internal Server Error")
    seen = by_id(observe(kuma.url))
    assert seen["2"] == ("up", 1.0, None)
    assert all(figures[2] is None for figures in seen.values())
    assert {figures[0] for figures in seen.values()} >= {"up"}
    assert re.search(
        r"uptime-kuma/platform \(http://127\.0\.0\.1:\d+\).*HTTP 500.*7-day uptime of this page is unknown", caplog.text
    )


def test_a_busy_kuma_is_retried(kuma: ReplayServer) -> None:
    kuma.routes["/api/status-page/heartbeat/platform"] = [
        Reply(503, b"SQLITE_BUSY"),
        Reply(body=json.dumps(HEARTBEATS_1_23).encode()),
    ]
    assert by_id(observe(kuma.url, uptime_7d=False))["1"][0] == "up"


def test_a_404_status_page_names_the_source(kuma: ReplayServer) -> None:
    with pytest.raises(SourceError) as caught:
        observe(kuma.url, "gone")
    assert "uptime-kuma/gone" in str(caught.value)
    assert "HTTP 404" in str(caught.value)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Uptime (168h): 99.95%", 0.9995),
        ("Uptime (7h): 100.0%", 1.0),
        ("Uptime: 0.000%", 0.0),
        ("my: label: 12.50%", 0.125),
        ("Uptime (168h): N/A", None),
        ("N/A", None),
        ("Uptime (168h): 1.000e-7%", 1e-9),
    ],
)
def test_badge_values(title: str, expected: float | None) -> None:
    label, _, message = title.rpartition(": ")
    assert parse_badge(
        kuma_badge_svg(label, message) if label else f"<svg><title>{title}</title></svg>".encode(), "k"
    ) == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Bad Gateway</body></html>",
        b'{"ok": false}',
        b"<svg><title>Uptime: 101%</title></svg>",
        b"<svg><title>Uptime: high</title></svg>",
        b"<svg><title>Uptime: -5%</title></svg>",
    ],
)
def test_bad_badges_are_source_errors(body: bytes) -> None:
    with pytest.raises(SourceError):
        parse_badge(body, "k")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"<!DOCTYPE html><html></html>", "HTML"),
        (b'{"heartbeatList": {"1": [{"status": 1, "ti', "truncated"),
        (b'{"heartbeatList": {"1": [{"status": "up", "time": "x"}]}}', "Expected `int`"),
        (b'{"heartbeatList": {"1": [{"status": 7, "time": "2025-06-01 12:00:00"}]}}', "unknown heartbeat status 7"),
        (b'{"heartbeatList": {}, "uptimeList": {"1_24": 99.9}}', None),
        (b'{"heartbeatList": {"1": [{"status": 1, "time": "x"}]}, "uptimeList": {"1_24": 99.9}}', "not a fraction"),
        (b'{"status": "fail", "msg": "Status Page Not Found"}', "Status Page Not Found"),
    ],
)
def test_malformed_heartbeats(payload: bytes, message: str | None) -> None:
    if message is None:  # an uptime for a monitor not in the list is ignored: no beats, no figure
        assert parse_heartbeats(payload, "k") == []
        return
    with pytest.raises(SourceError, match=message):
        parse_heartbeats(payload, "k")


def test_the_demo_copy_of_the_api_parses() -> None:
    recorded = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)  # the saved copy ends a few minutes before
    observations = observe(str(ROOT / "examples" / "data" / "uptime-kuma"), now=recorded)
    states = {m.monitor: m.state for m in observations.monitors}
    assert states["9"] == "maintenance"
    assert all(m.availability_7d is not None for m in observations.monitors)

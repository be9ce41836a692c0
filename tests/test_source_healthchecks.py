"""Healthchecks.io through a loopback server replaying Management API v3: checks, flips, backups, the rate limit."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from elytra_status_core import Observations, SourceError, parse_config
from elytra_status_core._cli import main
from elytra_status_core._config import CollectSettings
from elytra_status_core._core.freshness import fresh
from elytra_status_core._errors import ConfigError
from elytra_status_core._sources.fetch import Fetcher
from elytra_status_core._sources.healthchecks import Flip, Healthchecks, flip_availability, parse_checks, parse_flips
from elytra_status_core._sources.pace import Pace
from tests.servers import Recorded, ReplayServer, Reply
from tests.settings import collect_settings

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
KEY = "hcro-7Qm2xV9pL4sT8wZ1nB6c"
ENV = "ELYTRA_TEST_HEALTHCHECKS_KEY"


def stamp(when: datetime, offset_hours: int = 0) -> str:
    """A time as Healthchecks writes it: whole seconds and an offset."""
    return when.astimezone(timezone(timedelta(hours=offset_hours))).replace(microsecond=0).isoformat()


def unique(name: str) -> str:
    return (name.encode().hex() * 40)[:40]


def check_json(
    name: str, status: str, *, last_ping: datetime | None, tags: str = "prod", slug: str | None = None
) -> dict[str, Any]:
    """A check as a read-only key lists it: ``unique_key``, no ping or management URLs."""
    return {
        "name": name.title(),
        "slug": name if slug is None else slug,
        "tags": tags,
        "desc": "",
        "grace": 3600,
        "n_pings": 0 if last_ping is None else 412,
        "status": status,
        "started": False,
        "last_ping": None if last_ping is None else stamp(last_ping),
        "next_ping": None if last_ping is None else stamp(last_ping + timedelta(days=1)),
        "manual_resume": False,
        "methods": "",
        "subject": "",
        "subject_fail": "",
        "start_kw": "",
        "success_kw": "",
        "failure_kw": "",
        "filter_subject": False,
        "filter_body": False,
        "timeout": 86400,
        "unique_key": unique(name),
    }


CHECKS: list[dict[str, Any]] = [
    check_json("web", "up", last_ping=NOW - timedelta(minutes=3)),
    check_json("queue", "grace", last_ping=NOW - timedelta(hours=25)),
    check_json("mail", "down", last_ping=NOW - timedelta(days=2)),
    check_json("legacy", "paused", last_ping=NOW - timedelta(days=9)),
    check_json("fresh", "new", last_ping=None),
    check_json("steady", "up", last_ping=NOW - timedelta(minutes=1), slug=""),  # no slug: the unique key
]

# newest first, as Healthchecks answers; one flip written with a +02:00 offset
FLIPS: dict[str, list[dict[str, Any]]] = {
    "web": [
        {"timestamp": stamp(NOW - timedelta(hours=2), 2), "up": 1},
        {"timestamp": stamp(NOW - timedelta(hours=3)), "up": 0},
        {"timestamp": stamp(NOW - timedelta(days=10)), "up": 1},
    ],
    "queue": [{"timestamp": stamp(NOW - timedelta(days=40)), "up": 1}],
    "mail": [
        {"timestamp": stamp(NOW - timedelta(hours=6)), "up": 0},
        {"timestamp": stamp(NOW - timedelta(days=30)), "up": 1},
    ],
    "legacy": [
        {"timestamp": stamp(NOW - timedelta(days=1)), "up": 0},  # the pause
        {"timestamp": stamp(NOW - timedelta(days=5)), "up": 1},
    ],
    "steady": [],
}


class HealthchecksApi:
    """``/api/v3/checks/`` (filtered by ``tag``) and ``/api/v3/checks/<unique_key>/flips/``."""

    def __init__(self, server: ReplayServer, checks: list[dict[str, Any]]) -> None:
        self.server = server
        self.checks = checks
        server.routes["/api/v3/checks/"] = self.listing
        for name, flips in FLIPS.items():
            server.routes[f"/api/v3/checks/{unique(name)}/flips/"] = Reply(body=json.dumps({"flips": flips}).encode())

    def listing(self, request: Recorded) -> Reply:
        if request.headers.get("x-api-key") != KEY:
            return Reply(401, b'{"error": "missing api key"}')
        tags = parse_qs(urlsplit(request.path).query).get("tag", [])
        chosen = [c for c in self.checks if set(tags) <= set(c["tags"].split())]
        return Reply(body=json.dumps({"checks": chosen}).encode())


@pytest.fixture
def api() -> Iterator[HealthchecksApi]:
    with ReplayServer() as server:
        yield HealthchecksApi(server, list(CHECKS))


def source(url: str, **options: Any) -> Healthchecks:
    options.setdefault("env", {ENV: KEY})
    return Healthchecks(ENV, url, **options)


def observe(checks: Healthchecks, settings: CollectSettings | None = None) -> Observations:
    async def scenario() -> Observations:
        async with Fetcher(settings or collect_settings(backoff_base=0.01, retries=1)) as fetcher:
            return await checks.collect(fetcher, NOW)

    return asyncio.run(scenario())


def by_key(observations: Observations) -> dict[str, tuple[str | None, float | None, float | None]]:
    return {
        m.monitor: (
            m.state,
            None if m.availability_24h is None else round(m.availability_24h, 9),
            None if m.availability_7d is None else round(m.availability_7d, 9),
        )
        for m in observations.monitors
    }


def test_states_and_availability_from_flips(api: HealthchecksApi) -> None:
    assert by_key(observe(source(api.server.url))) == {
        # down from 3h to 2h ago
        "web": ("up", round(23 / 24, 9), round(167 / 168, 9)),
        # late, not down: degraded, and up all along by its flips
        "queue": ("degraded", 1.0, 1.0),
        # down for the last 6 hours
        "mail": ("down", 0.75, round(162 / 168, 9)),
        # paused a day ago: not measured since; up for the 4 days before; unknown before its oldest flip
        "legacy": ("maintenance", None, 1.0),
        # never pinged: no data, and no flips asked for
        "fresh": ("pending", None, None),
        # no flips retained: in its current status all along
        unique("steady"): ("up", 1.0, 1.0),
    }
    flips = sorted(p for p in api.server.paths() if p.endswith("/flips/"))
    assert flips == sorted(f"/api/v3/checks/{unique(n)}/flips/" for n in ("web", "queue", "mail", "legacy", "steady"))


def test_the_read_only_key_goes_in_the_x_api_key_header(api: HealthchecksApi) -> None:
    observe(source(api.server.url))
    assert {r.headers.get("x-api-key") for r in api.server.requests} == {KEY}
    assert all(KEY not in r.path for r in api.server.requests)


def test_states_are_observed_at_the_time_of_the_run(api: HealthchecksApi) -> None:
    observations = observe(source(api.server.url))
    assert {m.observed_at for m in observations.monitors} == {NOW}
    assert fresh(observations, NOW, timedelta(minutes=30))[1] == ()


def test_an_old_saved_answer_counts_as_no_data(api: HealthchecksApi) -> None:
    """A listing with ``Last-Modified`` (a saved copy behind a web server) is observed at that time."""
    saved = json.dumps({"checks": CHECKS}).encode()
    api.server.routes["/api/v3/checks/"] = Reply(
        body=saved, headers={"Content-Type": "application/json", "Last-Modified": "Sun, 01 Nov 2026 12:00:00 GMT"}
    )
    observations = observe(source(api.server.url, availability=False))
    assert {m.observed_at for m in observations.monitors} == {datetime(2026, 11, 1, 12, tzinfo=UTC)}
    kept, dropped = fresh(observations, NOW, timedelta(minutes=30))
    assert {d.reason for d in dropped} == {"stale"}
    assert {m.state for m in kept.monitors} == {None}


def test_tags_select_the_checks(api: HealthchecksApi) -> None:
    api.checks.append(check_json("db-backup", "up", last_ping=NOW - timedelta(hours=10), tags="backup prod"))
    observations = observe(source(api.server.url, tags=("backup", "prod"), availability=False))
    assert [m.monitor for m in observations.monitors] == ["db-backup"]
    assert "/api/v3/checks/?tag=backup&tag=prod" in list(api.server.paths())


def test_availability_can_be_switched_off(api: HealthchecksApi) -> None:
    observations = observe(source(api.server.url, availability=False))
    assert {(m.availability_24h, m.availability_7d) for m in observations.monitors} == {(None, None)}
    assert list(api.server.paths()) == ["/api/v3/checks/"]


def test_a_read_write_key_is_refused(api: HealthchecksApi) -> None:
    """A read-write key lists ping and management URLs instead of the unique key."""
    full = check_json("web", "up", last_ping=NOW)
    del full["unique_key"]
    full |= {
        "ping_url": "https://hc-ping.com/0b2f5f4c-7a1b-4a9e-9d53-0c2f1d0e6a11",
        "update_url": "https://healthchecks.io/api/v3/checks/0b2f5f4c-7a1b-4a9e-9d53-0c2f1d0e6a11",
    }
    api.checks[:] = [full]
    with pytest.raises(SourceError, match="read-write key; create a read-only API key"):
        observe(source(api.server.url))


def test_two_checks_with_one_slug_are_an_error(api: HealthchecksApi) -> None:
    api.checks.append(check_json("web2", "up", last_ping=NOW, slug="web"))
    with pytest.raises(SourceError, match="two checks have the key 'web'"):
        observe(source(api.server.url, availability=False))


def test_a_project_without_checks_is_a_source_error(api: HealthchecksApi) -> None:
    with pytest.raises(SourceError, match="no checks with the tags nothing: wrong API key, or wrong tags"):
        observe(source(api.server.url, tags=("nothing",)))


# --- as a backup heartbeat -----------------------------------------------------------------


def test_backup_checks_give_runs(api: HealthchecksApi) -> None:
    last_night = datetime(2026, 12, 1, 2, 4, 11, tzinfo=UTC)
    api.checks[:] = [
        check_json("db", "up", last_ping=last_night, tags="backup"),
        check_json("files", "grace", last_ping=last_night - timedelta(days=1), tags="backup"),
        check_json("mail", "down", last_ping=last_night - timedelta(days=3), tags="backup"),
        check_json("new", "new", last_ping=None, tags="backup"),
        check_json("old", "paused", last_ping=last_night - timedelta(days=30), tags="backup"),
        check_json("web", "up", last_ping=NOW, tags="prod"),
    ]
    observations = observe(source(api.server.url, role="backups", tags=("backup",)))
    assert observations.monitors == ()
    assert sorted((r.at, r.outcome) for r in observations.backups) == [
        (last_night - timedelta(days=1), "success"),
        (last_night, "success"),
        (NOW, "failed"),
        (NOW, "warning"),
    ]
    assert list(api.server.paths()) == ["/api/v3/checks/?tag=backup"]  # no flips for backups


def test_a_backups_source_must_select_checks_by_tag() -> None:
    with pytest.raises(ConfigError, match="selects its checks by tag"):
        parse_config(f'[[sources]]\nkind = "healthchecks"\ntoken_env = "{ENV}"\nrole = "backups"\n')
    loaded = parse_config(
        f'[[sources]]\nkind = "healthchecks"\ntoken_env = "{ENV}"\nrole = "backups"\ntags = ["backup"]\n'
    )
    assert loaded.sources[0].kind == "healthchecks"


# --- failures ------------------------------------------------------------------------------


def test_a_401_is_a_source_error_without_the_key(api: HealthchecksApi) -> None:
    api.server.routes["/api/v3/checks/"] = Reply(401, json.dumps({"error": f"wrong api key {KEY}"}).encode())
    with pytest.raises(SourceError, match="HTTP 401: wrong api key") as caught:
        observe(source(api.server.url))
    assert KEY not in str(caught.value)


def test_a_429_waits_for_retry_after(api: HealthchecksApi) -> None:
    body = json.dumps({"checks": CHECKS[:1]}).encode()
    api.server.routes["/api/v3/checks/"] = [
        Reply(429, b'{"error": "rate limited"}', {"Retry-After": "1", "Content-Type": "application/json"}),
        Reply(body=body),
    ]

    async def scenario() -> tuple[Observations, Fetcher]:
        async with Fetcher(collect_settings(backoff_base=0.01)) as fetcher:
            return await source(api.server.url).collect(fetcher, NOW), fetcher

    observations, fetcher = asyncio.run(scenario())
    assert [m.monitor for m in observations.monitors] == ["web"]
    assert (fetcher.rate_limited, fetcher.paused_for) == (1, 1.0)


def test_a_500_on_flips_fails_the_source(api: HealthchecksApi) -> None:
    api.server.routes[f"/api/v3/checks/{unique('web')}/flips/"] = Reply(500, b"Server Error")
    with pytest.raises(SourceError, match="answered HTTP 500 after 2 attempts"):
        observe(source(api.server.url))


def test_a_flips_404_leaves_that_check_unknown(api: HealthchecksApi) -> None:
    del api.server.routes[f"/api/v3/checks/{unique('web')}/flips/"]
    got = by_key(observe(source(api.server.url)))
    assert got["web"] == ("up", None, None)
    assert got["mail"][1] == 0.75


def test_a_truncated_listing_is_a_source_error(api: HealthchecksApi) -> None:
    body = json.dumps({"checks": CHECKS}).encode()
    api.server.routes["/api/v3/checks/"] = Reply(body=body, truncate_to=100)
    with pytest.raises(SourceError, match="body cut short at 100"):
        observe(source(api.server.url), collect_settings(retries=0))


def test_an_oversized_listing_is_refused(api: HealthchecksApi) -> None:
    with pytest.raises(SourceError, match="exceeds the 1024-byte cap"):
        observe(source(api.server.url), collect_settings(retries=0, max_bytes=1024))


# --- the rate limit ------------------------------------------------------------------------


def test_the_pace_allows_limit_starts_in_any_period() -> None:
    clock = [0.0]
    pace = Pace(100, 60, clock=lambda: clock[0])
    delays = [pace.reserve() for _ in range(250)]
    assert delays[:100] == [0.0] * 100
    assert delays[100:200] == [60.0] * 100
    assert delays[200:] == [120.0] * 50
    clock[0] = 200.0  # everything before is out of the window
    assert pace.reserve() == 0.0


def test_the_pace_counts_a_sliding_window() -> None:
    clock = [0.0]
    pace = Pace(2, 60, clock=lambda: clock[0])
    assert pace.reserve() == 0.0
    clock[0] = 30.0
    assert pace.reserve() == 0.0
    clock[0] = 40.0
    assert pace.reserve() == 20.0  # the first start leaves the window at 60
    assert pace.reserve() == 50.0  # the second at 90


def test_a_run_keeps_to_the_pace(api: HealthchecksApi) -> None:
    """Six requests (the listing and five flips) at four a minute: two wait a minute, on a fake clock."""
    clock = [0.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    checks = source(api.server.url)
    checks.pace = Pace(4, 60, clock=lambda: clock[0], sleep=sleep)
    observe(checks)
    assert sorted(waits) == [60.0, 60.0]
    assert checks.pace.waited == 120.0


def test_the_default_pace_is_100_a_minute() -> None:
    loaded = parse_config(f'[[sources]]\nkind = "healthchecks"\ntoken_env = "{ENV}"\n')
    from elytra_status_core._sources.base import SourceContext
    from elytra_status_core._sources.registry import make_source

    built = make_source(loaded.sources[0], SourceContext(base=Path()))
    assert isinstance(built, Healthchecks)
    assert (built.pace.limit, built.pace.period) == (100, 60.0)


# --- availability over fixed ranges (history) -----------------------------------------------


def test_range_availability_from_flips(api: HealthchecksApi) -> None:
    async def scenario(start: datetime, end: datetime) -> dict[str, float]:
        async with Fetcher(collect_settings(retries=0)) as fetcher:
            found = await source(api.server.url).range_availability(fetcher, start, end)
        return {k: round(v, 9) for k, v in found.items()}

    day = datetime(2026, 11, 30, tzinfo=UTC)  # the closed day before NOW
    # legacy was paused at 12:00 on that day: the half day before counts, up
    assert asyncio.run(scenario(day, day + timedelta(days=1))) == {
        "web": 1.0,
        "queue": 1.0,
        "mail": 1.0,
        "legacy": 1.0,
        unique("steady"): 1.0,
    }
    # the morning of NOW's day: web was down from 09:00 to 10:00, mail since 06:00; legacy is paused all of it
    morning = datetime(2026, 12, 1, tzinfo=UTC)
    assert asyncio.run(scenario(morning, NOW)) == {
        "web": round(11 / 12, 9),
        "queue": 1.0,
        "mail": 0.5,
        unique("steady"): 1.0,
    }


def test_flip_availability_over_a_window() -> None:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    flips = [
        Flip(start - timedelta(days=1), True),
        Flip(start + timedelta(hours=6), False),
        Flip(start + timedelta(hours=12), True),
    ]
    end = start + timedelta(days=1)
    assert flip_availability(flips, "up", NOW, start, end) == 0.75
    # the window is cut at now
    assert flip_availability(flips, "up", start + timedelta(hours=12), start, end) == 0.5
    # nothing known before the oldest flip
    assert flip_availability(flips[1:], "up", NOW, start, end) == pytest.approx(12 / 18)
    # no flips: the current status all along; paused or new: unknown
    assert flip_availability([], "down", NOW, start, end) == 0.0
    assert flip_availability([], "paused", NOW, start, end) is None
    assert flip_availability([], "new", NOW, start, end) is None
    # an empty window
    assert flip_availability(flips, "up", NOW, end, start) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"flips": []}', []),
        (
            b'[{"timestamp": "2026-11-28T10:10:03+01:00", "up": 0}, {"timestamp": "2026-11-28T09:40:03+00:00", "up": 1}]',
            [
                (datetime(2026, 11, 28, 9, 10, 3, tzinfo=UTC), False),
                (datetime(2026, 11, 28, 9, 40, 3, tzinfo=UTC), True),
            ],
        ),
    ],
)
def test_flips_wrapped_or_bare_with_offsets(body: bytes, expected: list[tuple[datetime, bool]]) -> None:
    assert [(f.at, f.up) for f in parse_flips(body, "h")] == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"flips": [{"timestamp": "2026-11-28T09:10:03", "up": 0}]}', "has no UTC offset"),
        (b'{"flips": [{"timestamp": "2026-11-28T09:10:03+00:00", "up": 2}]}', "not 0 or 1"),
        (b'{"flips": [{"timestamp": "yesterday", "up": 1}]}', "is not a timestamp"),
        (b"<html>login</html>", "HTML"),
    ],
)
def test_malformed_flips(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_flips(body, "h")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"checks": [{"status": "up", "last_ping": "2026-11-30T02:04:11", "unique_key": "ab"}]}', "no UTC offset"),
        (b'{"checks": [{"status": 1, "unique_key": "ab"}]}', "Expected `str`"),
        (b'{"checks": {"status": "up"}}', "Expected `array`"),
        (b'{"error": "wrong api key"}', "answered an error: wrong api key"),
        (b'{"checks": [{"status": "up", "unique', "truncated"),
    ],
)
def test_malformed_listings(body: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_checks(body, "h")


def test_a_null_last_ping_and_unknown_statuses() -> None:
    body = json.dumps(
        {"checks": [check_json("fresh", "new", last_ping=None), check_json("odd", "started", last_ping=NOW)]}
    ).encode()
    fresh_check, odd = parse_checks(body, "h")
    assert (fresh_check.state, fresh_check.last_ping) == ("pending", None)
    assert (odd.state, odd.last_ping) == (None, NOW)


def test_config_check_online_probes_both_roles(
    api: HealthchecksApi, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    api.checks.append(check_json("db", "up", last_ping=NOW - timedelta(hours=9), tags="backup"))
    config = tmp_path / "elytra-status.toml"
    config.write_text(
        f'[[sources]]\nkind = "healthchecks"\nurl = "{api.server.url}"\ntoken_env = "{ENV}"\n\n'
        f'[[sources]]\nkind = "healthchecks"\nname = "backups"\nurl = "{api.server.url}"\ntoken_env = "{ENV}"\n'
        f'role = "backups"\ntags = ["backup"]\n\n[[publish]]\nurl = "out/status.json"\n',
        encoding="utf-8",
    )
    assert main(["config", "check", "--online", "--config", str(config)], environ={ENV: KEY}, clock=lambda: NOW) == 0
    out = capsys.readouterr().out
    assert "OK    source healthchecks (http://127.0.0.1:" in out and "7 monitor(s), 0 backup run(s)" in out
    assert "OK    source backups (http://127.0.0.1:" in out and "0 monitor(s), 1 backup run(s)" in out
    assert KEY not in out

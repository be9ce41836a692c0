"""Hypothesis fuzzing of every source parser: the only exception that escapes is SourceError.

Each parser gets three kinds of input: payloads shaped like the real wire
format with wrong values mixed in, valid payloads broken (truncated, spliced,
bytes flipped, HTML), and arbitrary JSON or bytes. Whatever a parser returns
must be sane: fractions within 0..1, aware UTC times, known states.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elytra_status_core import BackupRun, MonitorObservation, SourceError
from elytra_status_core._sources.betterstack import parse_monitors_page, parse_sla
from elytra_status_core._sources.borg import parse_borg_list
from elytra_status_core._sources.fetch import ListedObject, modified_time
from elytra_status_core._sources.gatus import parse_statuses, parse_uptime
from elytra_status_core._sources.healthchecks import (
    Flip,
    backup_runs,
    flip_availability,
    parse_checks,
    parse_flips,
)
from elytra_status_core._sources.object_listing import newest_object
from elytra_status_core._sources.prometheus import parse_vector
from elytra_status_core._sources.restic import parse_restic
from elytra_status_core._sources.uptime_kuma import parse_badge, parse_heartbeats
from elytra_status_core._sources.uptimerobot import parse_monitors_page as parse_uptimerobot_page
from tests.strategies import (
    aware_instants,
    betterstack_page_payloads,
    betterstack_sla_payloads,
    borg_list_payloads,
    gatus_status_payloads,
    gatus_uptime_texts,
    healthchecks_check_payloads,
    healthchecks_flip_payloads,
    json_values,
    kuma_badge_svg,
    kuma_heartbeat_payloads,
    mutated_payloads,
    prometheus_vector_payloads,
    restic_backup_logs,
    restic_snapshot_payloads,
    uptimerobot_page_payloads,
)

fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

STATES = {"up", "down", "degraded", "maintenance", "pending", None}
MODIFIED = datetime(2025, 6, 1, tzinfo=UTC)


def encoded(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[bytes]:
    return strategy.map(lambda value: json.dumps(value).encode())


def inputs(shaped: st.SearchStrategy[bytes], valid: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(shaped, mutated_payloads(valid), encoded(json_values), st.binary(max_size=300))


def only_source_errors(parse: Callable[[], Any]) -> Any:
    try:
        return parse()
    except SourceError:
        return None


def check_fraction(value: float | None) -> None:
    assert value is None or (math.isfinite(value) and 0.0 <= value <= 1.0)


def check_monitors(monitors: Iterable[MonitorObservation]) -> None:
    for m in monitors:
        assert m.state in STATES
        check_fraction(m.availability_24h)
        check_fraction(m.availability_7d)


def check_runs(runs: Iterable[BackupRun]) -> None:
    for run in runs:
        assert run.at.utcoffset() == timedelta(0)
        assert run.outcome in ("success", "warning", "failed")


VALID_HEARTBEATS = b'{"heartbeatList": {"1": [{"status": 1, "time": "2025-06-01 12:00:05.123", "msg": "", "ping": 42}]}, "uptimeList": {"1_24": 0.9986}}'
VALID_PAGE = b'{"data": [{"id": "2", "type": "monitor", "attributes": {"status": "up", "paused_at": null}}], "pagination": {"next": null}}'
VALID_SLA = b'{"data": {"id": "2", "type": "monitor_sla", "attributes": {"availability": 99.98}}}'
VALID_VECTOR = b'{"status": "success", "data": {"resultType": "vector", "result": [{"metric": {"instance": "a"}, "value": [1717243200.1, "0.99"]}]}}'
VALID_SNAPSHOTS = (
    b'[{"time": "2025-06-01T02:00:01.123456789+02:00", "tree": "a3", "paths": ["/srv"], "id": "4d", "short_id": "4d"}]'
)
VALID_LOG = b'{"message_type":"status","percent_done":0}\n{"message_type":"summary","snapshot_id":"ce7c4e7f"}\n'
VALID_BORG = (
    b'{"archives": [{"name": "web1", "start": "2025-06-01T02:00:01.000000", "time": "2025-06-01T02:00:01.000000"}]}'
)
VALID_UPTIMEROBOT = b'{"stat": "ok", "pagination": {"offset": 0, "limit": 50, "total": 1}, "monitors": [{"id": 777749809, "friendly_name": "Panel", "type": 1, "status": 2, "custom_uptime_ratio": "99.981-100.000"}]}'
VALID_CHECKS = b'{"checks": [{"name": "Nightly", "slug": "nightly", "tags": "backup", "grace": 3600, "n_pings": 4, "status": "up", "started": false, "last_ping": "2026-11-30T02:04:11+00:00", "next_ping": "2026-12-01T02:04:11+00:00", "timeout": 86400, "unique_key": "a6c7b0a8a66bed0df66abfdab3c77736861703ee"}]}'
VALID_FLIPS = b'{"flips": [{"timestamp": "2026-11-28T09:40:03+00:00", "up": 1}, {"timestamp": "2026-11-28T09:10:03+00:00", "up": 0}]}'
VALID_GATUS = b'[{"name": "front", "group": "core", "key": "core_front", "results": [{"status": 200, "hostname": "example.org", "duration": 41297000, "conditionResults": [{"condition": "[STATUS] == 200", "success": true}], "success": true, "timestamp": "2026-12-01T14:49:58.123456789Z"}], "events": [{"type": "HEALTHY", "timestamp": "2026-11-20T10:00:00Z"}]}]'


@fuzz
@given(inputs(encoded(kuma_heartbeat_payloads()), VALID_HEARTBEATS))
def test_uptime_kuma_heartbeats(body: bytes) -> None:
    monitors = only_source_errors(lambda: parse_heartbeats(body, "fuzz"))
    if monitors is not None:
        check_monitors(monitors)


badge_titles = st.one_of(
    st.builds(kuma_badge_svg, st.text(max_size=15), st.text(max_size=10)),
    st.builds(
        kuma_badge_svg, st.sampled_from(["Uptime (168h)", "Uptime (7h)", ""]), st.floats().map(lambda f: f"{f}%")
    ),
    mutated_payloads(kuma_badge_svg("Uptime (168h)", "99.95%")),
    st.binary(max_size=200),
)


@fuzz
@given(badge_titles)
def test_uptime_kuma_badges(body: bytes) -> None:
    value = only_source_errors(lambda: parse_badge(body, "fuzz"))
    check_fraction(value)


@fuzz
@given(inputs(encoded(betterstack_page_payloads()), VALID_PAGE))
def test_betterstack_monitor_pages(body: bytes) -> None:
    page = only_source_errors(lambda: parse_monitors_page(body, "fuzz"))
    if page is not None:
        monitors, following = page
        assert following is None or isinstance(following, str)
        assert all(m.state in STATES and m.id for m in monitors)


@fuzz
@given(inputs(encoded(betterstack_sla_payloads()), VALID_SLA))
def test_betterstack_sla(body: bytes) -> None:
    check_fraction(only_source_errors(lambda: parse_sla(body, "fuzz", "1")))


@fuzz
@given(inputs(encoded(prometheus_vector_payloads()), VALID_VECTOR))
def test_prometheus_vectors(body: bytes) -> None:
    values = only_source_errors(lambda: parse_vector(body, "fuzz", "query"))
    if values is not None:
        for value in values.values():
            check_fraction(value)


@fuzz
@given(inputs(encoded(restic_snapshot_payloads()), VALID_SNAPSHOTS), st.none() | st.just(MODIFIED))
def test_restic_snapshots(body: bytes, modified: datetime | None) -> None:
    runs = only_source_errors(lambda: parse_restic(body, "fuzz", modified))
    if runs is not None:
        check_runs(runs)


@fuzz
@given(inputs(restic_backup_logs(), VALID_LOG), st.none() | st.just(MODIFIED))
def test_restic_backup_logs(body: bytes, modified: datetime | None) -> None:
    runs = only_source_errors(lambda: parse_restic(body, "fuzz", modified))
    if runs is not None:
        check_runs(runs)


@fuzz
@given(
    inputs(encoded(borg_list_payloads()), VALID_BORG),
    st.sampled_from(["UTC", "America/New_York", "Pacific/Kiritimati", "Pacific/Niue"]),
)
def test_borg_lists(body: bytes, zone: str) -> None:
    runs = only_source_errors(lambda: parse_borg_list(body, "fuzz", ZoneInfo(zone)))
    if runs is not None:
        check_runs(runs)


@fuzz
@given(inputs(encoded(prometheus_vector_payloads()), VALID_VECTOR), st.sampled_from(["instance", "job", "__name__"]))
def test_prometheus_vectors_keyed_by_a_label(body: bytes, label: str) -> None:
    values = only_source_errors(lambda: parse_vector(body, "fuzz", "query", label))
    if values is not None:
        for key, value in values.items():
            assert key
            check_fraction(value)


@fuzz
@given(inputs(encoded(uptimerobot_page_payloads()), VALID_UPTIMEROBOT), st.sampled_from([1, 2]))
def test_uptimerobot_pages(body: bytes, count: int) -> None:
    field = "custom_uptime_ratio" if count == 2 else "custom_uptime_ranges"
    page = only_source_errors(lambda: parse_uptimerobot_page(body, "fuzz", count, field))
    if page is not None:
        assert page.total >= 0
        for monitor in page.monitors:
            assert monitor.id and monitor.state in STATES
            assert monitor.figures is None or len(monitor.figures) == count
            for figure in monitor.figures or ():
                check_fraction(figure)


@fuzz
@given(inputs(encoded(healthchecks_check_payloads()), VALID_CHECKS))
def test_healthchecks_checks(body: bytes) -> None:
    checks = only_source_errors(lambda: parse_checks(body, "fuzz"))
    if checks is not None:
        assert len({c.key for c in checks}) == len(checks)
        for check in checks:
            assert check.key and check.unique_key and check.state in STATES
            assert check.last_ping is None or check.last_ping.utcoffset() == timedelta(0)
        check_runs(backup_runs(checks, "fuzz", MODIFIED))


@fuzz
@given(inputs(encoded(healthchecks_flip_payloads()), VALID_FLIPS))
def test_healthchecks_flips(body: bytes) -> None:
    flips = only_source_errors(lambda: parse_flips(body, "fuzz"))
    if flips is not None:
        assert [f.at for f in flips] == sorted(f.at for f in flips)
        assert all(f.at.utcoffset() == timedelta(0) for f in flips)


flip_lists = st.lists(st.builds(Flip, at=aware_instants, up=st.booleans()), max_size=8).map(
    lambda flips: sorted(flips, key=lambda f: f.at)
)


@fuzz
@given(
    flip_lists,
    st.sampled_from(["new", "up", "grace", "down", "paused", "started"]),
    aware_instants,
    aware_instants,
    st.timedeltas(min_value=timedelta(seconds=-10), max_value=timedelta(days=30)),
)
def test_healthchecks_availability_is_a_fraction_or_unknown(
    flips: list[Flip], status: str, now: datetime, start: datetime, span: timedelta
) -> None:
    check_fraction(flip_availability(flips, status, now, start, start + span))


@fuzz
@given(inputs(encoded(gatus_status_payloads()), VALID_GATUS), st.none() | st.just(MODIFIED))
def test_gatus_statuses(body: bytes, now: datetime | None) -> None:
    endpoints = only_source_errors(lambda: parse_statuses(body, "fuzz", now))
    if endpoints is not None:
        assert len({e.key for e in endpoints}) == len(endpoints)
        for endpoint in endpoints:
            assert endpoint.state in STATES
            assert (endpoint.state is None) == (endpoint.checked_at is None)
            assert endpoint.checked_at is None or endpoint.checked_at.utcoffset() == timedelta(0)


@fuzz
@given(st.one_of(gatus_uptime_texts, mutated_payloads(b"0.998611")))
def test_gatus_uptimes(body: bytes) -> None:
    check_fraction(only_source_errors(lambda: parse_uptime(body, "fuzz", "24h uptime")))


listed_objects = st.builds(
    ListedObject,
    path=st.text(max_size=10),
    size=st.none() | st.integers(min_value=0, max_value=10**12),
    modified=st.none() | st.datetimes(timezones=st.just(UTC)),
)


@fuzz
@given(st.lists(listed_objects, max_size=6))
def test_object_listings(objects: list[ListedObject]) -> None:
    run = only_source_errors(lambda: newest_object(objects, "fuzz"))
    if run is not None:
        check_runs([run])
        assert run.at == max(o.modified for o in objects if o.size != 0 and o.modified is not None)


fsspec_infos = st.dictionaries(
    st.sampled_from(
        ["LastModified", "last_modified", "mtime", "modified", "updated", "created", "time", "size", "name"]
    ),
    st.one_of(json_values, st.datetimes(), st.datetimes(timezones=st.just(UTC)), st.floats()),
    max_size=4,
)


@fuzz
@given(fsspec_infos)
def test_modified_time_never_raises(info: dict[str, Any]) -> None:
    found = modified_time(info)
    assert found is None or found.utcoffset() == timedelta(0)


SEEDS: list[tuple[Callable[[bytes], object], bytes]] = [
    (lambda b: parse_heartbeats(b, "f"), VALID_HEARTBEATS),
    (lambda b: parse_monitors_page(b, "f"), VALID_PAGE),
    (lambda b: parse_sla(b, "f"), VALID_SLA),
    (lambda b: parse_vector(b, "f", "q"), VALID_VECTOR),
    (lambda b: parse_restic(b, "f"), VALID_SNAPSHOTS),
    (lambda b: parse_restic(b, "f", MODIFIED), VALID_LOG),
    (lambda b: parse_borg_list(b, "f", ZoneInfo("UTC")), VALID_BORG),
    (lambda b: parse_uptimerobot_page(b, "f").monitors, VALID_UPTIMEROBOT),
    (lambda b: parse_checks(b, "f"), VALID_CHECKS),
    (lambda b: parse_flips(b, "f"), VALID_FLIPS),
    (lambda b: parse_statuses(b, "f"), VALID_GATUS),
    (lambda b: parse_uptime(b, "f", "24h") == 0.998611, b"0.998611"),
]


@pytest.mark.parametrize(("parse", "valid"), SEEDS)
def test_the_valid_seeds_parse(parse: Callable[[bytes], object], valid: bytes) -> None:
    """The fuzzers start from payloads that parse, so their mutations are near misses."""
    assert parse(valid)

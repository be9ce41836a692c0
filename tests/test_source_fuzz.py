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
from elytra_status_core._sources.object_listing import newest_object
from elytra_status_core._sources.prometheus import parse_vector
from elytra_status_core._sources.restic import parse_restic
from elytra_status_core._sources.uptime_kuma import parse_badge, parse_heartbeats
from tests.strategies import (
    betterstack_page_payloads,
    betterstack_sla_payloads,
    borg_list_payloads,
    json_values,
    kuma_badge_svg,
    kuma_heartbeat_payloads,
    mutated_payloads,
    prometheus_vector_payloads,
    restic_backup_logs,
    restic_snapshot_payloads,
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
]


@pytest.mark.parametrize(("parse", "valid"), SEEDS)
def test_the_valid_seeds_parse(parse: Callable[[bytes], object], valid: bytes) -> None:
    """The fuzzers start from payloads that parse, so their mutations are near misses."""
    assert parse(valid)

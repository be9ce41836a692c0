"""build_document: the whole document from observations, settings and now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from msgspec import UNSET

from elytra_status_core import (
    BackupRun,
    BackupSettings,
    InfrastructureSettings,
    MonitorObservation,
    Observations,
    StatusSettings,
    build_document,
    decode,
    encode,
    is_stale,
    render_document,
)
from elytra_status_core._core.durations import Duration
from tests.strategies import aware_instants, monitor_lists

NOW = datetime(2025, 11, 10, 12, 0, 7, 654321, tzinfo=UTC)
CHECKED = NOW - timedelta(minutes=1)


def test_no_data_gives_an_honest_minimal_document() -> None:
    doc = build_document(Observations(), now=NOW)
    assert doc.platform_status == "unknown"
    assert doc.uptime is UNSET and doc.backups is UNSET and doc.infrastructure is UNSET
    assert encode(doc) == (
        b'{"schema_version":"1.1","updated_at":"2025-11-10T12:00:07Z",'
        b'"stale_after":"2025-11-10T12:30:07Z","platform_status":"unknown"}'
    )


def test_full_document() -> None:
    observations = Observations(
        monitors=(
            MonitorObservation(
                source="k",
                monitor="1",
                state="up",
                observed_at=CHECKED,
                availability_24h=0.99996,
                availability_7d=0.9997,
            ),
            MonitorObservation(source="k", monitor="2", state="up", observed_at=CHECKED, availability_24h=1.0),
        ),
        backups=(BackupRun(source="r", at=NOW - timedelta(hours=10), outcome="success"),),
    )
    doc = build_document(
        observations,
        now=NOW,
        status=StatusSettings(stale_after=Duration(minutes=15)),
        infrastructure=InfrastructureSettings(model="Droplets.", regions=["nyc3", "ams3"]),
        backups=BackupSettings(policy="Nightly."),
    )
    assert decode(render_document(doc)) == doc
    out = decode(encode(doc))
    assert out.platform_status == "operational"
    assert out.stale_after == datetime(2025, 11, 10, 12, 15, 7, tzinfo=UTC)
    assert out.uptime is not UNSET and out.uptime.last_24h == 99.99 and out.uptime.last_7d == 99.97
    assert out.backups is not UNSET and out.backups.last_backup_status == "success"
    assert out.infrastructure is not UNSET and out.infrastructure.notes is UNSET


@given(monitor_lists, aware_instants)
def test_every_built_document_encodes_validly_and_is_fresh_when_built(
    monitors: list[MonitorObservation], now: datetime
) -> None:
    doc = build_document(Observations(monitors=tuple(monitors)), now=now)
    data = encode(doc)
    assert b"null" not in data
    assert decode(data) == doc
    assert not is_stale(doc, now)
    assert is_stale(doc, now + timedelta(minutes=31))


@given(st.lists(st.sampled_from(["up", "down"]), min_size=1, max_size=10))
def test_status_follows_the_share_of_down_monitors(states: list[str]) -> None:
    monitors = tuple(
        MonitorObservation(
            source="t", monitor=str(i), state="up" if s == "up" else "down", observed_at=CHECKED, availability_24h=1.0
        )
        for i, s in enumerate(states)
    )
    doc = build_document(Observations(monitors=monitors), now=NOW)
    share = states.count("down") / len(states)
    expected = "operational" if share == 0 else "outage" if share >= 0.5 else "degraded"
    assert doc.platform_status == expected
    assert doc.uptime is not UNSET and doc.uptime.last_24h == 100.0

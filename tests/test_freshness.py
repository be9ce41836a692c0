"""Old news is no news: the freshness rule of the pure core, and what the run does with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from elytra_status_core import BackupRun, MonitorObservation, Observations, build_document
from elytra_status_core._core.durations import Duration
from elytra_status_core._core.freshness import fresh
from elytra_status_core._core.observations import MonitorState
from elytra_status_core._core.settings import StatusSettings

NOW = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
MAX = timedelta(minutes=30)


def monitor(state: MonitorState = "up", at: datetime | None = NOW, source: str = "kuma") -> MonitorObservation:
    return MonitorObservation(source=source, monitor="1", state=state, observed_at=at, availability_24h=0.999)


def test_a_recent_state_counts() -> None:
    kept, dropped = fresh(Observations(monitors=(monitor(at=NOW - timedelta(minutes=29)),)), NOW, MAX)
    assert kept.monitors[0].state == "up"
    assert dropped == ()


def test_a_state_older_than_the_age_is_no_data_but_its_uptime_stays() -> None:
    kept, dropped = fresh(Observations(monitors=(monitor(at=NOW - timedelta(minutes=31)),)), NOW, MAX)
    assert kept.monitors[0].state is None
    assert kept.monitors[0].availability_24h == 0.999
    assert [(d.reason, d.max_age) for d in dropped] == [("stale", MAX)]


def test_undated_and_future_states_are_no_data() -> None:
    kept, dropped = fresh(Observations(monitors=(monitor(at=None), monitor(at=NOW + timedelta(minutes=6)))), NOW, MAX)
    assert [m.state for m in kept.monitors] == [None, None]
    assert sorted(d.reason for d in dropped) == ["future", "undated"]
    kept, _ = fresh(Observations(monitors=(monitor(at=NOW + timedelta(minutes=4)),)), NOW, MAX)
    assert kept.monitors[0].state == "up"  # within the clock-skew tolerance


def test_a_source_can_have_its_own_age() -> None:
    hourly = monitor(at=NOW - timedelta(minutes=50), source="hourly")
    kept, dropped = fresh(Observations(monitors=(hourly,)), NOW, MAX, {"hourly": timedelta(hours=2)})
    assert kept.monitors[0].state == "up" and dropped == ()


def test_a_backup_run_in_the_future_is_ignored() -> None:
    runs = (
        BackupRun(source="restic", at=NOW - timedelta(hours=3), outcome="success"),
        BackupRun(source="restic", at=datetime(9999, 1, 1, tzinfo=UTC), outcome="failed"),
    )
    kept, dropped = fresh(Observations(backups=runs), NOW, MAX)
    assert kept.backups == runs[:1]
    assert [(d.item, d.reason) for d in dropped] == [("backup run", "future")]


def test_year_old_data_never_reads_as_operational() -> None:
    old = tuple(monitor(at=NOW - timedelta(days=365)) for _ in range(3))
    doc = build_document(Observations(monitors=old), now=NOW)
    assert doc.platform_status == "unknown"


def test_the_document_honours_the_configured_age() -> None:
    old = (monitor(at=NOW - timedelta(minutes=45)),)
    assert build_document(Observations(monitors=old), now=NOW).platform_status == "unknown"
    relaxed = StatusSettings(max_observation_age=Duration(hours=1))
    assert build_document(Observations(monitors=old), now=NOW, status=relaxed).platform_status == "operational"


@given(st.integers(min_value=-10 * 86400, max_value=10 * 86400), st.sampled_from(["up", "down", "degraded"]))
def test_a_state_counts_exactly_when_it_is_within_the_window(offset: int, state: MonitorState) -> None:
    at = NOW - timedelta(seconds=offset)
    kept, dropped = fresh(Observations(monitors=(monitor(state, at),)), NOW, MAX)
    counts = -300 <= offset <= MAX.total_seconds()
    assert (kept.monitors[0].state == state) is counts
    assert (len(dropped) == 0) is counts


@given(st.lists(st.integers(min_value=-3600, max_value=7200), max_size=8))
def test_judging_twice_changes_nothing(offsets: list[int]) -> None:
    observations = Observations(monitors=tuple(monitor(at=NOW - timedelta(seconds=o)) for o in offsets))
    once, _ = fresh(observations, NOW, MAX)
    twice, dropped_again = fresh(once, NOW, MAX)
    assert twice == once and dropped_again == ()

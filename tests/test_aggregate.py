"""The aggregation rules of docs/semantics.md, as examples and as properties."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elytra_status_core import (
    BackupRun,
    MonitorObservation,
    StatusSettings,
    floor_percent,
    platform_status,
    platform_uptime,
    summarize_backups,
)
from elytra_status_core._core.aggregate import Window
from elytra_status_core._core.observations import BackupOutcome, MonitorState
from tests.strategies import backup_runs, monitor_lists, monitor_observations, status_settings

SEVERITY = {"operational": 0, "degraded": 1, "outage": 2}
NOW = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)


def monitor(state: MonitorState | None, a24: float | None = None, a7: float | None = None) -> MonitorObservation:
    return MonitorObservation(source="t", monitor="m", state=state, availability_24h=a24, availability_7d=a7)


def status_of(*states: MonitorState | None, uptime_24h: float | None = None) -> str:
    return platform_status([monitor(s) for s in states], StatusSettings(), uptime_24h)


# --- platform_status ----------------------------------------------------------


def test_no_monitor_data_is_unknown_never_operational() -> None:
    assert status_of() == "unknown"
    assert status_of(None, None) == "unknown"


def test_maintenance_and_pending_monitors_do_not_count() -> None:
    assert status_of("maintenance", "pending") == "unknown"
    assert status_of("maintenance", "maintenance", "up") == "operational"
    assert status_of("pending", "down", "up", "up") == "degraded"


def test_outage_when_the_down_share_reaches_the_threshold() -> None:
    assert status_of("down", "up") == "outage"
    assert status_of("down", "up", "up") == "degraded"
    assert (
        platform_status([monitor("down"), monitor("up"), monitor("up")], StatusSettings(outage_share=0.3), None)
        == "outage"
    )


def test_any_down_or_degraded_monitor_degrades() -> None:
    assert status_of("up", "up", "degraded") == "degraded"
    assert status_of("up", "up", "up", "down") == "degraded"


def test_low_24h_uptime_degrades_an_all_up_platform() -> None:
    assert status_of("up", "up", uptime_24h=99.89) == "degraded"
    assert status_of("up", "up", uptime_24h=99.9) == "operational"
    assert status_of("up", "up", uptime_24h=None) == "operational"


@given(monitor_lists, status_settings)
def test_only_pending_maintenance_or_stateless_monitors_give_unknown(
    monitors: list[MonitorObservation], settings: StatusSettings
) -> None:
    result = platform_status(monitors, settings, None)
    counted = [m for m in monitors if m.state in ("up", "down", "degraded")]
    assert (result == "unknown") == (not counted)


@given(monitor_lists, status_settings, st.none() | st.floats(min_value=0, max_value=100), monitor_observations("down"))
def test_adding_a_down_monitor_never_improves_the_status(
    monitors: list[MonitorObservation],
    settings: StatusSettings,
    uptime: float | None,
    down: MonitorObservation,
) -> None:
    before = platform_status(monitors, settings, uptime)
    after = platform_status([*monitors, down], settings, uptime)
    assert after in ("degraded", "outage")
    if before != "unknown":
        assert SEVERITY[after] >= SEVERITY[before]


@given(monitor_lists, status_settings)
def test_all_up_with_good_uptime_is_operational(monitors: list[MonitorObservation], settings: StatusSettings) -> None:
    ups = [monitor("up") for _ in range(len(monitors) + 1)]
    assert platform_status(ups, settings, 100.0) == "operational"


# --- uptime -------------------------------------------------------------------


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_floor_never_overstates_and_stays_within_a_hundredth(value: float) -> None:
    floored = floor_percent(value)
    assert floored <= value + 1e-9
    assert value - floored < 0.01
    assert round(floored, 2) == floored


@given(st.integers(min_value=0, max_value=10_000))
def test_two_decimal_percents_survive_the_round_trip_through_a_fraction(hundredths: int) -> None:
    percent = hundredths / 100
    assert floor_percent(percent / 100 * 100) == percent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (99.996, 99.99),
        (99.99, 99.99),
        (100.0, 100.0),
        (0.0, 0.0),
        (99.90000000000001, 99.9),
        (12.345, 12.34),
        (99.96999999999999, 99.97),
        (99.9699, 99.96),
    ],
)
def test_floor_examples(value: float, expected: float) -> None:
    assert floor_percent(value) == expected


def test_window_without_data_is_omitted_not_zero_or_hundred() -> None:
    monitors = [monitor("up", a24=0.999), monitor("up")]
    assert platform_uptime(monitors, "24h") == 99.9
    assert platform_uptime(monitors, "7d") is None
    assert platform_uptime([], "24h") is None


def test_mean_and_min_aggregation() -> None:
    monitors = [monitor("up", a24=1.0), monitor("up", a24=0.99)]
    assert platform_uptime(monitors, "24h", "mean") == 99.5
    assert platform_uptime(monitors, "24h", "min") == 99.0


AGGREGATIONS: tuple[Literal["mean", "min"], ...] = ("mean", "min")
WINDOWS: tuple[Window, ...] = ("24h", "7d")


@given(monitor_lists, st.sampled_from(AGGREGATIONS))
def test_uptime_is_bounded_and_absent_exactly_without_data(
    monitors: list[MonitorObservation], how: Literal["mean", "min"]
) -> None:
    for window in WINDOWS:
        figures = [m.availability_24h if window == "24h" else m.availability_7d for m in monitors]
        values = [v for v in figures if v is not None]
        result = platform_uptime(monitors, window, how)
        if not values:
            assert result is None
            continue
        assert result is not None
        true = (min(values) if how == "min" else math.fsum(values) / len(values)) * 100
        assert 0 <= result <= 100
        assert result <= true + 1e-6
        assert true - result < 0.01 + 1e-6


# --- backups ------------------------------------------------------------------


def run(hours_ago: float, outcome: BackupOutcome) -> BackupRun:
    return BackupRun(source="t", at=NOW - timedelta(hours=hours_ago), outcome=outcome)


def test_no_backup_runs_means_nothing_is_said() -> None:
    summary = summarize_backups([], timedelta(hours=36), NOW)
    assert summary.last_backup_status is None
    assert summary.last_successful_backup is None


def test_newest_run_decides_the_status_and_newest_success_the_time() -> None:
    summary = summarize_backups([run(30, "success"), run(6, "failed")], timedelta(hours=36), NOW)
    assert summary.last_backup_status == "failed"
    assert summary.last_successful_backup == NOW - timedelta(hours=30)


def test_an_overdue_success_becomes_a_warning_but_a_failure_stays_failed() -> None:
    assert summarize_backups([run(37, "success")], timedelta(hours=36), NOW).last_backup_status == "warning"
    assert summarize_backups([run(37, "failed")], timedelta(hours=36), NOW).last_backup_status == "failed"
    assert summarize_backups([run(35, "success")], timedelta(hours=36), NOW).last_backup_status == "success"


@given(st.lists(backup_runs(NOW), min_size=1, max_size=20))
def test_backup_summary_matches_its_definition(runs: list[BackupRun]) -> None:
    summary = summarize_backups(runs, timedelta(hours=36), NOW)
    newest = max(runs, key=lambda r: r.at)
    successes = [r.at for r in runs if r.outcome == "success"]
    assert summary.last_successful_backup == (max(successes) if successes else None)
    expected = newest.outcome
    if expected == "success" and NOW - newest.at > timedelta(hours=36):
        expected = "warning"
    assert summary.last_backup_status == expected

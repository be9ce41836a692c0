"""Hypothesis strategies, kept in one place and reused across tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from elytra_status_core import BackupRun, MonitorObservation, StatusSettings
from elytra_status_core._observations import MonitorState

# --- observations (pure core) -------------------------------------------------

MONITOR_STATES: tuple[MonitorState, ...] = ("up", "down", "degraded", "maintenance", "pending")

fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
aware_instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@st.composite
def monitor_observations(draw: st.DrawFn, state: MonitorState | None = None) -> MonitorObservation:
    """One monitor; ``state`` fixes its current state."""
    return MonitorObservation(
        source="test",
        monitor=draw(st.text(alphabet="abcdef0123456789", min_size=1, max_size=6)),
        state=state if state is not None else draw(st.none() | st.sampled_from(MONITOR_STATES)),
        availability_24h=draw(st.none() | fractions),
        availability_7d=draw(st.none() | fractions),
    )


monitor_lists = st.lists(monitor_observations(), max_size=30)

status_settings = st.builds(
    StatusSettings,
    operational_min_24h=st.floats(min_value=0, max_value=100),
    outage_share=st.floats(min_value=0.01, max_value=1.0),
    uptime_aggregation=st.sampled_from(["mean", "min"]),
)


@st.composite
def backup_runs(draw: st.DrawFn, around: datetime) -> BackupRun:
    """A backup run within 10 days before ``around``."""
    ago = draw(st.integers(min_value=0, max_value=10 * 86400))
    return BackupRun(
        source="test",
        at=around - timedelta(seconds=ago),
        outcome=draw(st.sampled_from(["success", "warning", "failed"])),
    )

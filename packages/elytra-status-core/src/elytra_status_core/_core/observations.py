"""What sources report: monitor states and availabilities, backup runs.

These are the inputs of the pure core. Availabilities are fractions 0..1
whatever the source's own unit; sources convert.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

__all__ = ["BackupOutcome", "BackupRun", "MonitorObservation", "MonitorState", "Observations"]

MonitorState = Literal["up", "down", "degraded", "maintenance", "pending"]
BackupOutcome = Literal["success", "warning", "failed"]


class MonitorObservation(msgspec.Struct, frozen=True, kw_only=True):
    """One monitor as one source sees it."""

    source: str
    monitor: str
    state: MonitorState | None = None
    """Current state; ``None`` when the source has no current beat."""
    observed_at: datetime | None = None
    """When the source last checked the monitor (aware); a state without it counts as no data."""
    availability_24h: float | None = None
    """Fraction 0..1 over the last 24 hours; ``None`` when unknown."""
    availability_7d: float | None = None
    """Fraction 0..1 over the last 7 days; ``None`` when unknown."""


class BackupRun(msgspec.Struct, frozen=True, kw_only=True):
    """One backup run: when it happened (aware) and how it ended."""

    source: str
    at: datetime
    outcome: BackupOutcome


class Observations(msgspec.Struct, frozen=True, kw_only=True):
    """Everything collected in one run."""

    monitors: tuple[MonitorObservation, ...] = ()
    backups: tuple[BackupRun, ...] = ()

    def __add__(self, other: Observations) -> Observations:
        return Observations(
            monitors=self.monitors + other.monitors,
            backups=self.backups + other.backups,
        )

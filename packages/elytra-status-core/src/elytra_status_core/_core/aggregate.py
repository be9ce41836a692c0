"""Monitor observations -> platform status and uptime; backup runs -> outcome.

Pure: no I/O, no clock. The rules are written up in docs/semantics.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Literal

import msgspec

from elytra_status_contract import BackupStatus, Status

from .observations import BackupRun, MonitorObservation
from .settings import StatusSettings

__all__ = [
    "BackupSummary",
    "Window",
    "floor_percent",
    "platform_status",
    "platform_uptime",
    "summarize_backups",
]

Window = Literal["24h", "7d"]
_HUNDREDTH = Decimal("0.01")
_FLOAT_NOISE = Decimal("1e-9")


def floor_percent(value: float) -> float:
    """Floor a percentage to 2 decimals, never overstating it.

    Works on the shortest decimal form of the float, so 99.99 stays 99.99
    (plain ``math.floor(x * 100) / 100`` turns it into 99.98), while 99.996
    becomes 99.99. A value within 1e-9 below a hundredth counts as that
    hundredth: converting a source's percent to a fraction and back leaves
    such float noise (99.97 / 100 * 100 == 99.96999999999999), and it must
    not cost a whole 0.01. The result is never more than 1e-9 above
    ``value`` and always less than 0.01 below it.
    """
    floored = (Decimal(repr(value)) + _FLOAT_NOISE).quantize(_HUNDREDTH, rounding=ROUND_FLOOR)
    return float(floored)


def _availability(monitor: MonitorObservation, window: Window) -> float | None:
    return monitor.availability_24h if window == "24h" else monitor.availability_7d


def platform_uptime(
    monitors: Iterable[MonitorObservation],
    window: Window,
    aggregation: Literal["mean", "min"] = "mean",
) -> float | None:
    """Platform availability for ``window`` in percent, floored to 2 decimals.

    Only monitors with a figure for the window count. ``None`` when none has
    one: a window without data is unknown, neither 0 nor 100.
    """
    values = [v for m in monitors if (v := _availability(m, window)) is not None]
    if not values:
        return None
    combined = min(values) if aggregation == "min" else sum(values) / len(values)
    return floor_percent(min(max(combined, 0.0), 1.0) * 100)


def platform_status(
    monitors: Sequence[MonitorObservation],
    settings: StatusSettings,
    uptime_24h: float | None,
) -> Status:
    """The platform status from current monitor states (see docs/semantics.md).

    ``uptime_24h`` is the platform's 24h uptime in percent, or ``None``.
    Monitors in maintenance or pending, and monitors without a current state,
    do not count; with nothing left the status is ``unknown``.
    """
    counted = [m.state for m in monitors if m.state in ("up", "down", "degraded")]
    if not counted:
        return "unknown"
    down = counted.count("down")
    if down / len(counted) >= settings.outage_share:
        return "outage"
    if down or "degraded" in counted:
        return "degraded"
    if uptime_24h is not None and uptime_24h < settings.operational_min_24h:
        return "degraded"
    return "operational"


class BackupSummary(msgspec.Struct, frozen=True, kw_only=True):
    """What the document says about backups; ``None`` = unknown, omitted."""

    last_successful_backup: datetime | None = None
    last_backup_status: BackupStatus | None = None


def summarize_backups(runs: Iterable[BackupRun], max_age: timedelta, now: datetime) -> BackupSummary:
    """Newest successful run, and the outcome of the newest run.

    A successful newest run older than ``max_age`` becomes ``warning``: the
    next backup is overdue. A failed one stays ``failed``.
    """
    runs = list(runs)
    if not runs:
        return BackupSummary()
    newest = max(runs, key=lambda run: run.at)
    successes = [run.at for run in runs if run.outcome == "success"]
    status: BackupStatus = newest.outcome
    if status == "success" and now - newest.at > max_age:
        status = "warning"
    return BackupSummary(
        last_successful_backup=max(successes) if successes else None,
        last_backup_status=status,
    )

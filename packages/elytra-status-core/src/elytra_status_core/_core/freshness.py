"""Old news is no news: which observations are current enough to count. Pure.

A monitor state counts only when the source says when it was checked, and
that instant is neither older than the allowed age (``status.max_observation_age``,
or the source's own ``max_observation_age``) nor more than 5 minutes ahead of
``now`` (a clock that is wrong, or a garbage timestamp such as year 9999).
Otherwise the state is dropped (``state`` becomes ``None``: no data), while
the source's availability figures, which are aggregates over their window,
stay. A backup run dated more than 5 minutes ahead is dropped too: a run that
has not happened yet cannot be the newest.

``fresh`` returns what is kept and what was dropped, with the reason, so the
shell can say so (``elytra status explain``, warnings in the run's log).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Literal

import msgspec

from .observations import BackupRun, MonitorObservation, Observations
from .staleness import FUTURE_TOLERANCE

__all__ = ["DropReason", "Dropped", "fresh"]

DropReason = Literal["stale", "undated", "future"]


class Dropped(msgspec.Struct, frozen=True, kw_only=True):
    """An observation that does not count, and why."""

    source: str
    item: str
    """The monitor id, or ``backup run`` for a backup."""
    reason: DropReason
    at: datetime | None = None
    """The instant it carried, when it had one."""
    max_age: timedelta | None = None
    """The age it was held to (for ``stale``)."""


def _judge(monitor: MonitorObservation, now: datetime, max_age: timedelta) -> Dropped | None:
    if monitor.state is None:
        return None
    at = monitor.observed_at
    if at is None:
        return Dropped(source=monitor.source, item=monitor.monitor, reason="undated")
    if at - now > FUTURE_TOLERANCE:
        return Dropped(source=monitor.source, item=monitor.monitor, reason="future", at=at)
    if now - at > max_age:
        return Dropped(source=monitor.source, item=monitor.monitor, reason="stale", at=at, max_age=max_age)
    return None


def fresh(
    observations: Observations,
    now: datetime,
    max_age: timedelta,
    per_source: Mapping[str, timedelta] | None = None,
) -> tuple[Observations, tuple[Dropped, ...]]:
    """The observations that count at ``now``, and the ones dropped."""
    ages = per_source or {}
    monitors: list[MonitorObservation] = []
    backups: list[BackupRun] = []
    dropped: list[Dropped] = []
    for monitor in observations.monitors:
        verdict = _judge(monitor, now, ages.get(monitor.source, max_age))
        if verdict is None:
            monitors.append(monitor)
        else:
            dropped.append(verdict)
            monitors.append(msgspec.structs.replace(monitor, state=None))
    for run in observations.backups:
        if run.at - now > FUTURE_TOLERANCE:
            dropped.append(Dropped(source=run.source, item="backup run", reason="future", at=run.at))
        else:
            backups.append(run)
    return Observations(monitors=tuple(monitors), backups=tuple(backups)), tuple(dropped)

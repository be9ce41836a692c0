"""Why the status is what it is: per source and per monitor, in words. Pure.

For ``elytra status explain``: monitor names are shown here, on the
operator's terminal, and never published. Given what collection observed
(after the freshness judgement), what was dropped, the sources that failed
and the built document, it says what each monitor contributed and which
rule decided ``platform_status``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from msgspec import UNSET

from elytra_status_contract import PlatformStatus

from .aggregate import platform_status
from .durations import format_span
from .freshness import Dropped
from .instants import format_instant
from .observations import MonitorObservation, Observations
from .settings import StatusSettings

__all__ = ["explain"]

_COUNTED = ("up", "down", "degraded")


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}%"


def _monitor_line(monitor: MonitorObservation, dropped: Dropped | None, now: datetime) -> str:
    at = monitor.observed_at
    if at is None:
        checked = "checked ?"
    elif at <= now:
        checked = f"checked {format_span(now - at)} ago"
    else:
        checked = f"checked {format_span(at - now)} ahead"
    if dropped is not None:
        verdict = {
            "stale": "dropped: too old",
            "undated": "dropped: no check time",
            "future": "dropped: in the future",
        }[dropped.reason]
    elif monitor.state in _COUNTED:
        verdict = f"counts as {monitor.state}"
    elif monitor.state is None:
        verdict = "no current state"
    else:
        verdict = f"left out ({monitor.state})"
    shown = monitor.state or "-"
    return (
        f"  monitor {monitor.monitor:<24} {shown:<11} {checked:<22} "
        f"24h {_percent(monitor.availability_24h):>7}  7d {_percent(monitor.availability_7d):>7}  {verdict}"
    )


def _raised(doc: PlatformStatus, from_monitors: str) -> str:
    """Why the published status is worse than the monitors' (an open incident), or ``""``."""
    if doc.platform_status == from_monitors or doc.notices is UNSET:
        return ""
    open_incidents = [
        n.id for n in doc.notices if n.kind == "incident" and n.status != "resolved" and n.impact != "none"
    ]
    return f"; raised to {doc.platform_status} by open incident(s): {', '.join(open_incidents)}"


def _rule(monitors: Sequence[MonitorObservation], settings: StatusSettings, doc: PlatformStatus) -> str:
    uptime_24h = doc.uptime.last_24h if doc.uptime is not UNSET and doc.uptime.last_24h is not UNSET else None
    from_monitors = platform_status(monitors, settings, uptime_24h)
    raised = _raised(doc, from_monitors)
    if raised:
        return _rule_for(monitors, settings, doc, from_monitors) + raised
    return _rule_for(monitors, settings, doc, from_monitors)


def _rule_for(
    monitors: Sequence[MonitorObservation], settings: StatusSettings, doc: PlatformStatus, status: str
) -> str:
    counted = [m.state for m in monitors if m.state in _COUNTED]
    if not counted:
        return f"platform_status {status}: no monitor has a current state, so nothing is claimed"
    down = counted.count("down")
    share = down / len(counted)
    head = f"platform_status {status}: {down} of {len(counted)} counted monitor(s) down ({share:.0%})"
    if status == "outage":
        return f"{head}, at or above outage_share {settings.outage_share:.0%}"
    if down or "degraded" in counted:
        return f"{head}, {counted.count('degraded')} degraded: some monitor is not up"
    uptime = doc.uptime.last_24h if doc.uptime is not UNSET else UNSET
    if status == "degraded" and uptime is not UNSET:
        return f"{head}, but the 24h uptime {uptime:.2f}% is below operational_min_24h {settings.operational_min_24h}"
    return f"{head}; every counted monitor is up"


def explain(
    observations: Observations,
    dropped: Sequence[Dropped],
    failed: Sequence[tuple[str, str]],
    doc: PlatformStatus,
    settings: StatusSettings,
    now: datetime,
) -> list[str]:
    """The explanation, one line each. ``failed`` is (source, why) per source that failed."""
    lines: list[str] = []
    by_source: dict[str, list[MonitorObservation]] = {}
    for monitor in observations.monitors:
        by_source.setdefault(monitor.source, []).append(monitor)
    why = {(d.source, d.item): d for d in dropped}
    for source, monitors in by_source.items():
        lines.append(f"source {source}: {len(monitors)} monitor(s)")
        lines += [_monitor_line(m, why.get((source, m.monitor)), now) for m in monitors]
    runs: dict[str, int] = {}
    for run in observations.backups:
        runs[run.source] = runs.get(run.source, 0) + 1
    for source, count in runs.items():
        lines.append(f"source {source}: {count} backup run(s)")
    lines += [
        f"  backup run of {d.source} dated {format_instant(d.at)}: dropped, in the future"
        for d in dropped
        if d.item == "backup run" and d.at
    ]
    lines += [f"source {source}: FAILED, left out: {reason}" for source, reason in failed]
    lines.append(_rule(observations.monitors, settings, doc))
    if doc.uptime is not UNSET:
        lines.append(
            f"uptime: 24h {doc.uptime.last_24h if doc.uptime.last_24h is not UNSET else 'unknown'}, "
            f"7d {doc.uptime.last_7d if doc.uptime.last_7d is not UNSET else 'unknown'} "
            f"({settings.uptime_aggregation} of the monitors with a figure, floored)"
        )
    else:
        lines.append("uptime: unknown (no monitor has a figure)")
    for component in doc.components if doc.components is not UNSET else []:
        uptime = component.uptime
        shown = (
            f"24h {_percent(uptime.last_24h / 100 if uptime.last_24h is not UNSET else None)}"
            if uptime is not UNSET
            else "no uptime figure"
        )
        lines.append(f"component {component.id}: {component.status} ({shown})")
    for notice in doc.notices if doc.notices is not UNSET else []:
        lines.append(f"notice {notice.id}: {notice.kind} {notice.status}, impact {notice.impact}")
    return lines

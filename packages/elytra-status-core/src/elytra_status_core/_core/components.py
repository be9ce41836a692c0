"""Components: which monitors make up "Control panel", and what state it is in. Pure.

A component is config (``[[components]]``: id, name, group, monitor
selectors). A selector is ``"<source name>:<monitor key glob>"``: the
source's ``name`` (its kind by default) and a glob over the monitor keys that
source reports (``*`` any run of characters, ``?`` one character, nothing
else is special). A monitor may belong to several components.

A component's status comes from its monitors by the platform's rules (its
own ``outage_share`` and ``operational_min_24h`` may be set), then the open
notices that list it: a maintenance in progress makes it ``maintenance``
unless an unresolved incident also lists it; an unresolved incident raises
it to at least the incident's impact. With no answering monitor and no
notice it is ``unknown``. The platform's status is raised the same way by
unresolved incidents (``raise_by_incidents``): the operator's word counts as
data.

Monitor names and keys are never published: only the component's id, name,
group, status and uptime are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import msgspec
from msgspec import UNSET

from elytra_status_contract import Component, ComponentStatus, Notice, Status, Uptime

from .aggregate import platform_status, platform_uptime
from .observations import MonitorObservation
from .settings import ComponentSettings, StatusSettings

__all__ = [
    "Selector",
    "build_components",
    "matches",
    "parse_selector",
    "raise_by_incidents",
    "unmatched_selectors",
]

_RANK: Final[dict[str, int]] = {"operational": 0, "degraded": 1, "outage": 2}


class Selector(msgspec.Struct, frozen=True):
    """A parsed selector: the source name and the key glob as a regular expression."""

    text: str
    source: str
    pattern: re.Pattern[str]


def parse_selector(text: str) -> Selector:
    """``"kuma:web-*"`` as a ``Selector``; ``ValueError`` saying what is wrong."""
    source, colon, glob = text.partition(":")
    if not colon or not source or not glob:
        raise ValueError(f"selector {text!r} must be '<source name>:<monitor key glob>', e.g. 'kuma:*'")
    parts = [".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in glob]
    return Selector(text, source, re.compile("".join(parts), re.DOTALL))


def matches(selector: Selector, monitor: MonitorObservation, source_names: Mapping[str, str]) -> bool:
    """Whether ``monitor`` is one ``selector`` picks.

    ``source_names`` maps a source's display name (``MonitorObservation.source``)
    to the name selectors use; a source missing from it is known by its display name.
    """
    name = source_names.get(monitor.source, monitor.source)
    return name == selector.source and selector.pattern.fullmatch(monitor.monitor) is not None


def _members(
    settings: ComponentSettings, monitors: Sequence[MonitorObservation], source_names: Mapping[str, str]
) -> list[MonitorObservation]:
    selectors = [parse_selector(text) for text in settings.monitors]
    return [m for m in monitors if any(matches(s, m, source_names) for s in selectors)]


def unmatched_selectors(
    components: Iterable[ComponentSettings],
    monitors: Sequence[MonitorObservation],
    source_names: Mapping[str, str],
) -> list[tuple[str, str]]:
    """``(component id, selector)`` for every selector that picks no monitor of this run."""
    missing: list[tuple[str, str]] = []
    for component in components:
        for text in component.monitors:
            selector = parse_selector(text)
            if not any(matches(selector, m, source_names) for m in monitors):
                missing.append((component.id, text))
    return missing


def _at_least(status: ComponentStatus, floor: str) -> ComponentStatus:
    if floor == "none":
        return status
    if status in ("unknown", "maintenance") or _RANK[status] < _RANK[floor]:
        return "outage" if floor == "outage" else "degraded"
    return status


def _status(
    settings: ComponentSettings,
    members: Sequence[MonitorObservation],
    status: StatusSettings,
    uptime_24h: float | None,
    notices: Sequence[Notice],
) -> ComponentStatus:
    own = msgspec.structs.replace(
        status,
        outage_share=settings.outage_share if settings.outage_share is not None else status.outage_share,
        operational_min_24h=(
            settings.operational_min_24h if settings.operational_min_24h is not None else status.operational_min_24h
        ),
    )
    result: ComponentStatus = platform_status(members, own, uptime_24h)
    listing = [n for n in notices if not isinstance(n.components, msgspec.UnsetType) and settings.id in n.components]
    incidents = [n for n in listing if n.kind == "incident" and n.status != "resolved"]
    if not incidents and any(n.kind == "maintenance" and n.status == "in_progress" for n in listing):
        return "maintenance"
    for incident in incidents:
        result = _at_least(result, incident.impact)
    return result


def build_components(
    components: Sequence[ComponentSettings],
    monitors: Sequence[MonitorObservation],
    *,
    status: StatusSettings,
    notices: Sequence[Notice] = (),
    source_names: Mapping[str, str] | None = None,
) -> list[Component]:
    """The published components, in config order, from the run's current monitors and derived notices."""
    names = source_names or {}
    out: list[Component] = []
    for settings in components:
        members = _members(settings, monitors, names)
        last_24h = platform_uptime(members, "24h", status.uptime_aggregation)
        last_7d = platform_uptime(members, "7d", status.uptime_aggregation)
        uptime = Uptime(
            last_24h=last_24h if last_24h is not None else UNSET,
            last_7d=last_7d if last_7d is not None else UNSET,
        )
        out.append(
            Component(
                id=settings.id,
                name=settings.name,
                status=_status(settings, members, status, last_24h, notices),
                group=settings.group if settings.group is not None else UNSET,
                uptime=uptime if uptime != Uptime() else UNSET,
            )
        )
    return out


def raise_by_incidents(status: Status, notices: Iterable[Notice]) -> Status:
    """``status`` raised to at least the impact of every unresolved incident (``unknown`` included)."""
    for notice in notices:
        if notice.kind != "incident" or notice.status == "resolved" or notice.impact == "none":
            continue
        if status == "unknown" or _RANK[status] < _RANK[notice.impact]:
            status = "outage" if notice.impact == "outage" else "degraded"
    return status

"""The Statuspage v2 public API as static files: ``api/v2/*.json``. Pure.

Suppliers' dashboards, Prometheus exporters, Nagios plugins, chat bots and
Atlassian's own widget read Statuspage's public API. This projection is
written so that the strictest of them read it unchanged:

- exactly Statuspage's fields, no more (a decoder that forbids unknown
  fields accepts every file), and every enum value one of Statuspage's;
- ids are 12 characters of ``[a-z0-9]``, derived from the page URL, the
  kind of thing and our id (``stable_id``), so the same component or notice
  keeps its id on every run and every publisher;
- times are RFC 3339 (``instants.format_instant``), and ``page.updated_at``
  is the document's ``updated_at``, so a consumer can alarm on staleness.

How our states map (design/outputs.md):

============================  ==========================================
platform ``operational``      ``none`` "All Systems Operational"; while a
                              maintenance is in progress ``maintenance``
                              "Service Under Maintenance"
platform ``degraded``         ``minor`` "Partially Degraded Service"
platform ``outage``           ``major`` "Partial System Outage";
                              ``critical`` "Major System Outage" when
                              every monitor is down
platform ``unknown``          ``minor`` "Status Unknown" (Statuspage has no
                              honest value for unknown; never ``none``)
component status              ``operational`` / ``degraded_performance`` /
                              ``major_outage`` / ``under_maintenance``, and
                              ``unknown`` is ``degraded_performance``
incident impact               ``none`` / ``minor`` / ``major``
maintenance impact            ``maintenance``
============================  ==========================================

Components with a ``group`` are listed after a group component of that
name (``group: true``, its children's ids in ``components``, the worst of
their statuses). Our uptime, backups and staleness are not part of
Statuspage's API and stay in ``status.json``.

What we do not know is said plainly: a component's ``created_at`` and
``updated_at`` are the document's time (we keep no record of when a
component was configured), ``description`` and ``start_date`` are null and
updates carry no ``affected_components``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Final, Literal

import msgspec
from msgspec import UNSET, UnsetType

from elytra_status_contract import Component, ComponentStatus, Impact, Notice, NoticeUpdate, PlatformStatus

from ..instants import format_instant

__all__ = [
    "ID_LENGTH",
    "LIST_LIMIT",
    "Indicator",
    "first_posted",
    "render_statuspage",
    "shortlink",
    "stable_id",
]

ID_LENGTH: Final = 12
"""Statuspage ids seen in the wild are 12 characters of ``[a-z0-9]``."""
LIST_LIMIT: Final = 50
"""``incidents.json`` and ``scheduled-maintenances.json`` hold the 50 newest, as Statuspage's do."""
TIME_ZONE: Final = "Etc/UTC"
"""Every time we publish is UTC."""

Indicator = Literal["none", "minor", "major", "critical", "maintenance"]
SpComponentStatus = Literal[
    "operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"
]
SpImpact = Literal["none", "minor", "major", "critical", "maintenance"]
SpStatus = Literal[
    "investigating",
    "identified",
    "monitoring",
    "resolved",
    "postmortem",
    "scheduled",
    "in_progress",
    "verifying",
    "completed",
]

_ALPHABET: Final = "0123456789abcdefghijklmnopqrstuvwxyz"

_COMPONENT_STATUS: Final[dict[ComponentStatus, SpComponentStatus]] = {
    "operational": "operational",
    "degraded": "degraded_performance",
    "outage": "major_outage",
    "maintenance": "under_maintenance",
    "unknown": "degraded_performance",
}
_COMPONENT_RANK: Final[dict[SpComponentStatus, int]] = {
    "operational": 0,
    "under_maintenance": 1,
    "degraded_performance": 2,
    "partial_outage": 3,
    "major_outage": 4,
}
_IMPACT: Final[dict[Impact, SpImpact]] = {"none": "none", "degraded": "minor", "outage": "major"}
_UNRESOLVED: Final = frozenset({"investigating", "identified", "monitoring"})
_ACTIVE: Final = frozenset({"in_progress", "verifying"})


def stable_id(page_url: str, kind: str, key: str) -> str:
    """A 12-character ``[a-z0-9]`` id for ``key`` of ``kind`` on the page at ``page_url``; the same on every run."""
    digest = hashlib.sha256(f"{page_url}\n{kind}\n{key}".encode()).digest()
    number = int.from_bytes(digest[:10], "big") % len(_ALPHABET) ** ID_LENGTH
    chars: list[str] = []
    for _ in range(ID_LENGTH):
        number, digit = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def shortlink(page_url: str, notice_id: str) -> str:
    """Where a notice is shown: ``<page url>/status#<notice id>``."""
    return f"{page_url.rstrip('/')}/status#{notice_id}"


# --- Statuspage's documents, field for field ------------------------------------------------


class _Struct(msgspec.Struct, frozen=True, kw_only=True):
    """Statuspage's objects: every field is always written (nulls included), in Statuspage's order."""


class _Page(_Struct, frozen=True, kw_only=True):
    id: str
    name: str
    url: str
    time_zone: str
    updated_at: str


class _Status(_Struct, frozen=True, kw_only=True):
    indicator: Indicator
    description: str


class _Component(_Struct, frozen=True, kw_only=True):
    id: str
    name: str
    status: SpComponentStatus
    created_at: str
    updated_at: str
    position: int
    description: str | None
    showcase: bool
    start_date: str | None
    group_id: str | None
    page_id: str
    group: bool
    only_show_if_degraded: bool
    components: list[str] | UnsetType = UNSET
    """A group's children (ids); only groups have it."""


class _Update(_Struct, frozen=True, kw_only=True):
    id: str
    status: SpStatus
    body: str
    incident_id: str
    created_at: str
    updated_at: str
    display_at: str
    affected_components: None


class _Incident(_Struct, frozen=True, kw_only=True):
    id: str
    name: str
    status: SpStatus
    impact: SpImpact
    created_at: str
    updated_at: str
    monitoring_at: str | None
    resolved_at: str | None
    shortlink: str
    started_at: str
    page_id: str
    incident_updates: list[_Update]
    components: list[_Component]


class _Maintenance(_Incident, frozen=True, kw_only=True):
    scheduled_for: str
    scheduled_until: str


class _StatusFile(_Struct, frozen=True, kw_only=True):
    page: _Page
    status: _Status


class _ComponentsFile(_Struct, frozen=True, kw_only=True):
    page: _Page
    components: list[_Component]


class _IncidentsFile(_Struct, frozen=True, kw_only=True):
    page: _Page
    incidents: list[_Incident]


class _MaintenancesFile(_Struct, frozen=True, kw_only=True):
    page: _Page
    scheduled_maintenances: list[_Maintenance]


class _SummaryFile(_Struct, frozen=True, kw_only=True):
    page: _Page
    components: list[_Component]
    incidents: list[_Incident]
    scheduled_maintenances: list[_Maintenance]
    status: _Status


# --- the projection -------------------------------------------------------------------------


def _indicator(doc: PlatformStatus, notices: Sequence[Notice], every_monitor_down: bool) -> _Status:
    status = doc.platform_status
    if status == "operational":
        if any(n.kind == "maintenance" and n.status == "in_progress" for n in notices):
            return _Status(indicator="maintenance", description="Service Under Maintenance")
        return _Status(indicator="none", description="All Systems Operational")
    if status == "degraded":
        return _Status(indicator="minor", description="Partially Degraded Service")
    if status == "outage":
        if every_monitor_down:
            return _Status(indicator="critical", description="Major System Outage")
        return _Status(indicator="major", description="Partial System Outage")
    return _Status(indicator="minor", description="Status Unknown")


class _Projection:
    """What every object of one page refers to: its URL, its id, the time of the document, its components."""

    def __init__(self, doc: PlatformStatus, page_name: str, page_url: str) -> None:
        self.url = page_url
        self.updated_at = format_instant(doc.updated_at)
        self.page = _Page(
            id=stable_id(page_url, "page", ""),
            name=page_name,
            url=page_url,
            time_zone=TIME_ZONE,
            updated_at=self.updated_at,
        )
        ours = doc.components if not isinstance(doc.components, UnsetType) else []
        self.components, self.by_our_id = self._components(ours)

    def _component(
        self, sp_id: str, name: str, status: SpComponentStatus, position: int, group_id: str | None
    ) -> _Component:
        return _Component(
            id=sp_id,
            name=name,
            status=status,
            created_at=self.updated_at,
            updated_at=self.updated_at,
            position=position,
            description=None,
            showcase=True,
            start_date=None,
            group_id=group_id,
            page_id=self.page.id,
            group=False,
            only_show_if_degraded=False,
        )

    def _group(self, group_id: str, name: str, members: Sequence[Component], position: int) -> _Component:
        statuses: list[SpComponentStatus] = [_COMPONENT_STATUS[m.status] for m in members]
        worst = max(statuses, key=lambda status: _COMPONENT_RANK[status])
        return msgspec.structs.replace(
            self._component(group_id, name, worst, position, None),
            showcase=False,
            group=True,
            components=[stable_id(self.url, "component", m.id) for m in members],
        )

    def _components(self, ours: Sequence[Component]) -> tuple[list[_Component], dict[str, _Component]]:
        """Our components in config order, each group announced by a group component before its first member.

        Also returns the projected component of each of our ids (what an incident lists).
        """
        groups: dict[str, list[Component]] = {}
        for component in ours:
            if not isinstance(component.group, UnsetType):
                groups.setdefault(component.group, []).append(component)
        out: list[_Component] = []
        by_id: dict[str, _Component] = {}
        for component in ours:
            group_id: str | None = None
            if not isinstance(component.group, UnsetType):
                group_id = stable_id(self.url, "group", component.group)
                if groups[component.group][0] is component:
                    out.append(self._group(group_id, component.group, groups[component.group], len(out) + 1))
            projected = self._component(
                stable_id(self.url, "component", component.id),
                component.name,
                _COMPONENT_STATUS[component.status],
                len(out) + 1,
                group_id,
            )
            out.append(projected)
            by_id[component.id] = projected
        return out, by_id

    def _update(self, notice: Notice, incident_id: str, update: NoticeUpdate, number: int) -> _Update:
        at = format_instant(update.at)
        return _Update(
            id=stable_id(self.url, "update", f"{notice.id}/{number}"),
            status=update.status,
            body=update.body,
            incident_id=incident_id,
            created_at=at,
            updated_at=at,
            display_at=at,
            affected_components=None,
        )

    def incident(self, notice: Notice) -> _Incident:
        """An incident in Statuspage's terms (a maintenance's common fields, too)."""
        incident_id = stable_id(self.url, notice.kind, notice.id)
        count = len(notice.updates)
        # Updates are only ever appended, so counting from the oldest keeps each one's id.
        updates = [self._update(notice, incident_id, u, count - 1 - i) for i, u in enumerate(notice.updates)]
        created = format_instant(first_posted(notice))
        monitoring = [u.at for u in notice.updates if u.status == "monitoring"]
        listed = notice.components if not isinstance(notice.components, UnsetType) else []
        return _Incident(
            id=incident_id,
            name=notice.title,
            status=notice.status,
            impact=_IMPACT[notice.impact] if notice.kind == "incident" else "maintenance",
            created_at=created,
            updated_at=format_instant(notice.updated_at),
            monitoring_at=format_instant(min(monitoring)) if monitoring else None,
            resolved_at=format_instant(notice.resolved_at) if not isinstance(notice.resolved_at, UnsetType) else None,
            shortlink=shortlink(self.url, notice.id),
            started_at=format_instant(notice.started_at) if not isinstance(notice.started_at, UnsetType) else created,
            page_id=self.page.id,
            incident_updates=updates,
            components=[self.by_our_id[c] for c in listed if c in self.by_our_id],
        )

    def maintenance(self, notice: Notice) -> _Maintenance:
        """A scheduled maintenance: an incident's fields and the announced window."""
        window_start = _window_start(notice)
        window_end = notice.scheduled_until if not isinstance(notice.scheduled_until, UnsetType) else window_start
        return _Maintenance(
            **msgspec.structs.asdict(self.incident(notice)),
            scheduled_for=format_instant(window_start),
            scheduled_until=format_instant(window_end),
        )


def first_posted(notice: Notice) -> datetime:
    """When the notice was first posted: its oldest update (else when it started, else its newest time)."""
    if notice.updates:
        return notice.updates[-1].at
    return notice.started_at if not isinstance(notice.started_at, UnsetType) else notice.updated_at


def _window_start(notice: Notice) -> datetime:
    return notice.scheduled_for if not isinstance(notice.scheduled_for, UnsetType) else first_posted(notice)


def _newest_first(notices: Iterable[Notice], start: Callable[[Notice], datetime]) -> list[Notice]:
    """Newest ``start`` first; ties by id, so the order is the same on every run."""
    return sorted(sorted(notices, key=lambda n: n.id), key=start, reverse=True)


_ENCODER: Final = msgspec.json.Encoder()


def render_statuspage(
    doc: PlatformStatus,
    notices: Sequence[Notice],
    *,
    page_name: str,
    page_url: str,
    every_monitor_down: bool = False,
) -> dict[str, bytes]:
    """Every ``api/v2/`` file (``summary.json``, ``incidents/unresolved.json``, ...) for ``doc`` and its notices.

    ``notices`` holds past notices too: ``incidents.json`` and
    ``scheduled-maintenances.json`` list the 50 newest of each kind, the
    other files only what is unresolved, scheduled or in progress.
    """
    projection = _Projection(doc, page_name, page_url.rstrip("/"))
    page = projection.page
    incidents = [
        projection.incident(n) for n in _newest_first((n for n in notices if n.kind == "incident"), first_posted)
    ]
    maintenances = [
        projection.maintenance(n) for n in _newest_first((n for n in notices if n.kind == "maintenance"), _window_start)
    ]
    unresolved = [i for i in incidents if i.status in _UNRESOLVED]
    upcoming = sorted((m for m in maintenances if m.status == "scheduled"), key=lambda m: (m.scheduled_for, m.id))
    active = sorted((m for m in maintenances if m.status in _ACTIVE), key=lambda m: (m.scheduled_for, m.id))
    status = _indicator(doc, notices, every_monitor_down)
    files: dict[str, msgspec.Struct] = {
        "summary.json": _SummaryFile(
            page=page,
            components=projection.components,
            incidents=unresolved,
            scheduled_maintenances=active + upcoming,
            status=status,
        ),
        "status.json": _StatusFile(page=page, status=status),
        "components.json": _ComponentsFile(page=page, components=projection.components),
        "incidents.json": _IncidentsFile(page=page, incidents=incidents[:LIST_LIMIT]),
        "incidents/unresolved.json": _IncidentsFile(page=page, incidents=unresolved),
        "scheduled-maintenances.json": _MaintenancesFile(page=page, scheduled_maintenances=maintenances[:LIST_LIMIT]),
        "scheduled-maintenances/upcoming.json": _MaintenancesFile(page=page, scheduled_maintenances=upcoming),
        "scheduled-maintenances/active.json": _MaintenancesFile(page=page, scheduled_maintenances=active),
    }
    return {name: _ENCODER.encode(value) for name, value in files.items()}

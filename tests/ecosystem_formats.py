"""The ecosystem's formats as their strictest readers apply them (written from reference/ecosystem-formats.md).

- Statuspage v2: msgspec Structs with ``forbid_unknown_fields=True`` and
  ``Literal`` enums, so an unknown field or a value outside Statuspage's
  lists fails the whole document, as it does for the Go Nagios plugin and the
  Rust exporter. Nullable fields must be present (as ``null``).
- shields.io endpoint JSON: ``check_shields_endpoint`` rejects unknown keys
  and wrong types, as shields does.

Independent of the projection's own Structs on purpose: these say what the
readers accept, not what we write.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar, cast

import msgspec
from msgspec import UNSET, Meta, UnsetType

__all__ = [
    "STATUSPAGE_FILES",
    "ComponentsFile",
    "IncidentsFile",
    "MaintenancesFile",
    "StatusFile",
    "Summary",
    "check_shields_endpoint",
    "decode_statuspage",
]

Id = Annotated[str, Meta(pattern=r"^[a-z0-9]{12}$")]
"""Ids seen in the wild: 12 characters of ``[a-z0-9]``."""
Time = Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$")]
"""RFC 3339 with an offset."""
Day = Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")]

Indicator = Literal["none", "minor", "major", "critical", "maintenance"]
ComponentStatus = Literal["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"]
IncidentStatus = Literal["investigating", "identified", "monitoring", "resolved", "postmortem"]
IncidentImpact = Literal["none", "minor", "major", "critical"]
MaintenanceStatus = Literal["scheduled", "in_progress", "verifying", "completed"]
MaintenanceImpact = Literal["maintenance", "none"]


class Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Unknown fields are errors; every field without a default is required (``null`` included)."""


class Page(Strict, frozen=True, kw_only=True):
    id: Id
    name: str
    url: str
    time_zone: str
    updated_at: Time


class Status(Strict, frozen=True, kw_only=True):
    indicator: Indicator
    description: str


class Component(Strict, frozen=True, kw_only=True):
    id: Id
    name: str
    status: ComponentStatus
    created_at: Time
    updated_at: Time
    position: int
    description: str | None
    showcase: bool
    start_date: Day | None
    group_id: Id | None
    page_id: Id
    group: bool
    only_show_if_degraded: bool
    components: list[Id] | UnsetType = UNSET
    """A group's child ids (groups only)."""


class AffectedComponent(Strict, frozen=True, kw_only=True):
    code: Id
    name: str
    old_status: ComponentStatus
    new_status: ComponentStatus


class IncidentUpdate(Strict, frozen=True, kw_only=True):
    id: Id
    status: IncidentStatus
    body: str
    incident_id: Id
    created_at: Time
    updated_at: Time
    display_at: Time
    affected_components: list[AffectedComponent] | None


class MaintenanceUpdate(Strict, frozen=True, kw_only=True):
    id: Id
    status: MaintenanceStatus
    body: str
    incident_id: Id
    created_at: Time
    updated_at: Time
    display_at: Time
    affected_components: list[AffectedComponent] | None


class Incident(Strict, frozen=True, kw_only=True):
    id: Id
    name: str
    status: IncidentStatus
    impact: IncidentImpact
    created_at: Time
    updated_at: Time
    monitoring_at: Time | None
    resolved_at: Time | None
    shortlink: str
    started_at: Time
    page_id: Id
    incident_updates: list[IncidentUpdate]
    components: list[Component]


class ScheduledMaintenance(Strict, frozen=True, kw_only=True):
    id: Id
    name: str
    status: MaintenanceStatus
    impact: MaintenanceImpact
    created_at: Time
    updated_at: Time
    monitoring_at: Time | None
    resolved_at: Time | None
    shortlink: str
    started_at: Time
    page_id: Id
    incident_updates: list[MaintenanceUpdate]
    components: list[Component]
    scheduled_for: Time
    scheduled_until: Time


class Summary(Strict, frozen=True, kw_only=True):
    page: Page
    components: list[Component]
    incidents: list[Incident]
    scheduled_maintenances: list[ScheduledMaintenance]
    status: Status


class StatusFile(Strict, frozen=True, kw_only=True):
    page: Page
    status: Status


class ComponentsFile(Strict, frozen=True, kw_only=True):
    page: Page
    components: list[Component]


class IncidentsFile(Strict, frozen=True, kw_only=True):
    page: Page
    incidents: list[Incident]


class MaintenancesFile(Strict, frozen=True, kw_only=True):
    page: Page
    scheduled_maintenances: list[ScheduledMaintenance]


STATUSPAGE_FILES: dict[str, type[Strict]] = {
    "api/v2/summary.json": Summary,
    "api/v2/status.json": StatusFile,
    "api/v2/components.json": ComponentsFile,
    "api/v2/incidents.json": IncidentsFile,
    "api/v2/incidents/unresolved.json": IncidentsFile,
    "api/v2/scheduled-maintenances.json": MaintenancesFile,
    "api/v2/scheduled-maintenances/upcoming.json": MaintenancesFile,
    "api/v2/scheduled-maintenances/active.json": MaintenancesFile,
}
"""Every unauthenticated GET of Statuspage's public API v2 and the document it answers."""

T = TypeVar("T", bound=Strict)


def decode_statuspage(data: bytes, kind: type[T]) -> T:
    """``data`` decoded strictly as ``kind``; every time in it must also parse as an aware instant."""
    decoded = msgspec.json.decode(data, type=kind)
    for value in _times(msgspec.to_builtins(decoded)):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            raise ValueError(f"{value}: no offset")
    return decoded


_TIME_KEYS = frozenset(
    {
        "updated_at",
        "created_at",
        "monitoring_at",
        "resolved_at",
        "started_at",
        "display_at",
        "scheduled_for",
        "scheduled_until",
    }
)


def _times(value: object) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in cast(dict[str, object], value).items():
            if key in _TIME_KEYS and isinstance(item, str):
                found.append(item)
            else:
                found += _times(item)
    elif isinstance(value, list):
        for item in cast(list[object], value):
            found += _times(item)
    return found


_SHIELDS_KEYS = {
    "schemaVersion": int,
    "label": str,
    "message": str,
    "color": str,
    "labelColor": str,
    "isError": bool,
    "namedLogo": str,
    "logoSvg": str,
    "logoColor": str,
    "logoWidth": int,
    "style": str,
    "cacheSeconds": int,
}


def check_shields_endpoint(data: bytes) -> dict[str, Any]:
    """The badge as shields.io's endpoint badge reads it; ``ValueError`` for anything shields rejects."""
    badge: object = msgspec.json.decode(data)
    if not isinstance(badge, dict):
        raise ValueError("not a JSON object")
    fields = cast(dict[str, Any], badge)
    unknown = set(fields) - set(_SHIELDS_KEYS)
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    for key, kind in _SHIELDS_KEYS.items():
        if key in fields and (type(fields[key]) is not kind):
            raise ValueError(f"{key} must be {kind.__name__}")
    if fields.get("schemaVersion") != 1:
        raise ValueError("schemaVersion must be 1")
    if "label" not in fields:
        raise ValueError("label is required (it may be empty)")
    if not fields.get("message"):
        raise ValueError("message is required and not empty")
    if "namedLogo" in fields and "logoSvg" in fields:
        raise ValueError("namedLogo and logoSvg cannot both be set")
    if fields.get("cacheSeconds", 0) < 0:
        raise ValueError("cacheSeconds must be >= 0")
    return fields

"""Version 1 of the public ``status.json`` document (minor versions included).

1.1 added ``components`` and ``notices``; every 1.x change is an optional
field, so a reader of 1.0 keeps working.

The Structs below are the single source of truth for the contract: the JSON
Schema and the TypeScript package in ``contract/`` are generated from them,
docstrings included, so a docstring here is documentation for the frontend.
"""

# No ``from __future__ import annotations`` here: msgspec reads the annotations of these Structs as
# objects made with the classes, instead of evaluating their text at the first decode (about a
# millisecond per document type, at every start).

from datetime import datetime
from typing import Annotated, Final, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

__all__ = [
    "DATE_PATTERN",
    "SCHEMA_MAJOR",
    "SCHEMA_MINOR",
    "SCHEMA_VERSION",
    "SCHEMA_VERSION_PATTERN",
    "TIMESTAMP_PATTERN",
    "BackupStatus",
    "Backups",
    "Component",
    "ComponentStatus",
    "Impact",
    "Infrastructure",
    "Notice",
    "NoticeKind",
    "NoticeStatus",
    "NoticeUpdate",
    "PlatformStatus",
    "Status",
    "Uptime",
]

SCHEMA_MAJOR: Final = 1
SCHEMA_MINOR: Final = 1
SCHEMA_VERSION: Final = f"{SCHEMA_MAJOR}.{SCHEMA_MINOR}"

Status = Literal["operational", "degraded", "outage", "unknown"]
"""Overall platform state; ``unknown`` means there was no monitor data (never a guessed ``operational``)."""

BackupStatus = Literal["success", "warning", "failed", "unknown"]
"""Outcome of a backup run; ``warning`` also marks a run older than the publisher's ``backups.max_age``."""

# The instant grammar every reader of the contract applies, written once so the
# Python decoder, the JSON Schema and the TypeScript parser agree on it: RFC
# 3339 ``date-time`` with an upper-case ``T``, an offset (``Z`` or ``+hh:mm``),
# a real calendar date (leap years included), no leap second and at most six
# fraction digits (microseconds, so no reader has to round). The pattern is
# valid in both ECMA-262 and Python ``re`` and means the same in both: only
# ASCII digits, and ``(?!\n)$`` because Python's ``$`` would also match before
# a trailing newline.
_YEAR_MONTH_DAY = (
    "(?!0000)[0-9]{4}-(?:"
    "(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_DAY = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29"
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
_OFFSET = "(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
TIMESTAMP_PATTERN: Final = f"^(?:{_YEAR_MONTH_DAY}|{_LEAP_DAY})T{_TIME}{_OFFSET}(?!\\n)$"
"""Regular expression (ECMA-262 and Python) every timestamp of the document matches."""
DATE_PATTERN: Final = f"^(?:{_YEAR_MONTH_DAY}|{_LEAP_DAY})(?!\\n)$"
"""Regular expression (ECMA-262 and Python) of a calendar date, ``YYYY-MM-DD`` (the date part of a timestamp)."""

ComponentStatus = Literal["operational", "degraded", "outage", "maintenance", "unknown"]
"""State of one component; ``unknown`` means none of its monitors answered and no notice lists it."""

NoticeKind = Literal["incident", "maintenance"]
"""An incident (something went wrong) or a maintenance window (announced work)."""

NoticeStatus = Literal["investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress", "completed"]
"""Where a notice stands. Incidents: ``investigating``, ``identified``, ``monitoring``, ``resolved``.
Maintenance: ``scheduled``, ``in_progress``, ``completed``."""

Impact = Literal["none", "degraded", "outage"]
"""What a notice does to the components it lists (and to the platform, while it is open)."""

COMPONENT_ID_PATTERN: Final = r"^[a-z0-9][a-z0-9-]{0,39}(?!\n)$"
"""A component id: lower-case letters, digits and ``-``, at most 40 characters."""

NOTICE_ID_PATTERN: Final = r"^[a-z0-9][a-z0-9-]{0,63}(?!\n)$"
"""A notice id (its file's stem): lower-case letters, digits and ``-``, at most 64 characters."""

SCHEMA_VERSION_PATTERN: Final = r"^1\.(?:0|[1-9][0-9]*)(?!\n)$"
"""``1.<minor>``: a reader of major 1 accepts every minor version."""

Percent = Annotated[
    float,
    Meta(
        ge=0,
        le=100,
        description="Percent, 0..100, floored to 2 decimals: never overstated (99.996 is written as 99.99).",
    ),
]
Timestamp = Annotated[
    datetime,
    Meta(
        tz=True,
        description="RFC 3339 instant with an offset; written as UTC with whole seconds (2025-11-10T12:00:00Z).",
        extra_json_schema={"pattern": TIMESTAMP_PATTERN},
    ),
]
SchemaVersion = Annotated[str, Meta(pattern=SCHEMA_VERSION_PATTERN)]
ComponentId = Annotated[str, Meta(pattern=COMPONENT_ID_PATTERN)]
NoticeId = Annotated[str, Meta(pattern=NOTICE_ID_PATTERN)]


class Base(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    forbid_unknown_fields=False,
):
    """Options shared by every Struct of the contract.

    - ``frozen``: documents are values; nothing mutates one after it is built.
    - ``kw_only``: fields are named at every call site, so adding an optional
      field in a minor version never shifts positional arguments.
    - ``forbid_unknown_fields=False``: readers are tolerant. A newer producer
      may add optional fields in 1.x; an older reader must keep working.
    - optional fields default to ``UNSET``, which msgspec always leaves out of
      the output, and no field admits ``None``: the encoder never writes
      ``null``, absent means unknown.
    - ``omit_defaults`` stays off: ``schema_version`` has a default (``"1.0"``,
      what a reader assumes for documents of the old pipeline) and must still
      be written on every document.
    """


class Uptime(Base, frozen=True, kw_only=True):
    """Platform availability over rolling windows. A window without data is omitted."""

    last_24h: Percent | UnsetType = UNSET
    """Availability over the last 24 hours."""
    last_7d: Percent | UnsetType = UNSET
    """Availability over the last 7 days."""


class Backups(Base, frozen=True, kw_only=True):
    """Backup policy and the outcome of the newest backup run."""

    policy: str | UnsetType = UNSET
    """Human-readable backup policy, static text from the publisher's config."""
    last_successful_backup: Timestamp | UnsetType = UNSET
    """When the newest successful backup run happened."""
    last_backup_status: BackupStatus | UnsetType = UNSET
    """How the newest backup run went."""


class Infrastructure(Base, frozen=True, kw_only=True):
    """Static description of the hosting model, from the publisher's config."""

    model: str | UnsetType = UNSET
    """One sentence describing the hosting model."""
    regions: list[str] | UnsetType = UNSET
    """Public region names, for example ``nyc3``."""
    notes: str | UnsetType = UNSET
    """Free text shown under the status card."""


class Component(Base, frozen=True, kw_only=True):
    """One part of the platform as customers know it ("Control panel"), with its own state."""

    id: ComponentId
    """Stable id from the publisher's config; notices refer to components by it."""
    name: str
    """Display name."""
    status: ComponentStatus
    """Current state, from the component's monitors and the open notices that list it."""
    group: str | UnsetType = UNSET
    """Optional heading the component is shown under ("Hosting")."""
    uptime: Uptime | UnsetType = UNSET
    """Availability of the component's monitors; omitted when no window has data."""


class NoticeUpdate(Base, frozen=True, kw_only=True):
    """One entry of a notice's timeline."""

    at: Timestamp
    """When the update was posted."""
    status: NoticeStatus
    """The notice's status as of this update."""
    body: str
    """Plain text that may hold light Markdown (links, emphasis, lists). Render it as text or
    through a sanitising Markdown renderer, never as raw HTML."""


class Notice(Base, frozen=True, kw_only=True):
    """An incident or a maintenance window the publisher announces."""

    id: NoticeId
    """Stable id (the notice file's name)."""
    kind: NoticeKind
    title: str
    """One line saying what is going on."""
    status: NoticeStatus
    """The current status, derived from the updates and, for maintenance, the window."""
    impact: Impact
    components: list[ComponentId] | UnsetType = UNSET
    """Ids of the components the notice concerns."""
    started_at: Timestamp | UnsetType = UNSET
    """Incident: its first update. Maintenance: when it went in progress."""
    resolved_at: Timestamp | UnsetType = UNSET
    """When it was resolved or completed; omitted while open."""
    scheduled_for: Timestamp | UnsetType = UNSET
    """Maintenance only: the announced start of the window."""
    scheduled_until: Timestamp | UnsetType = UNSET
    """Maintenance only: the announced end of the window."""
    updated_at: Timestamp
    """Time of the newest update."""
    updates: list[NoticeUpdate]
    """The timeline, newest first."""


class PlatformStatus(Base, frozen=True, kw_only=True):
    """The public platform status document, ``status.json``."""

    schema_version: SchemaVersion = "1.0"
    """Contract version ``1.<minor>``. Documents without it are read as ``1.0``."""
    updated_at: Timestamp
    """When the document was built."""
    stale_after: Timestamp | UnsetType = UNSET
    """The producer's promise: after this instant the document is stale.
    When absent, readers use ``updated_at`` + 30 minutes."""
    platform_status: Status
    """The state the status card shows."""
    uptime: Uptime | UnsetType = UNSET
    """Omitted when no window has data."""
    backups: Backups | UnsetType = UNSET
    """Omitted when nothing is known about backups."""
    infrastructure: Infrastructure | UnsetType = UNSET
    """Omitted when the publisher describes no infrastructure."""
    components: list[Component] | UnsetType = UNSET
    """Since 1.1. The platform's components in the publisher's order; omitted when none are configured."""
    notices: list[Notice] | UnsetType = UNSET
    """Since 1.1. Incidents and maintenance worth showing now: open incidents (worst impact first,
    then newest), maintenance in progress, upcoming maintenance (soonest first), then those ended
    recently. Omitted when there are none."""

"""Version 1 of the public ``history.json`` document, and its codec.

A second public document beside ``status.json``: one record per UTC day,
newest first, for the 90-day bars of a status page. It has its own JSON
Schema (its own ``$id``), its own ``schema_version`` and its own released
versions, under the same evolution rules as ``status.json``: 1.x only adds
optional fields.

A day is present only when something was measured for it. A day without
data is absent, never a day of 0 % or of outage: readers show it as "no
data". Within a day, an absent ``status`` or ``uptime`` means the same.

The building blocks (percent, timestamp, component and notice ids, impact,
notice kind) are those of ``status.json``; the Structs share its ``Base``
options (tolerant reader, no ``null``, absent means unknown).
"""

# No ``from __future__ import annotations`` here: msgspec reads the annotations of these Structs as
# objects made with the classes, instead of evaluating their text at the first decode (about a
# millisecond per document type, at every start).

from datetime import date
from typing import Annotated, Final, Literal

from msgspec import UNSET, Meta, UnsetType

from ._codec import Codec
from ._v1 import (
    DATE_PATTERN,
    Base,
    ComponentId,
    Impact,
    NoticeId,
    NoticeKind,
    Percent,
    SchemaVersion,
    Timestamp,
)

__all__ = [
    "HISTORY_SCHEMA_MAJOR",
    "HISTORY_SCHEMA_MINOR",
    "HISTORY_SCHEMA_VERSION",
    "MAX_HISTORY_DAYS",
    "ComponentDay",
    "ComponentDayStatus",
    "DayNotice",
    "DayStatus",
    "HistoryDay",
    "HistoryDocument",
    "decode_history",
    "encode_history",
]

HISTORY_SCHEMA_MAJOR: Final = 1
HISTORY_SCHEMA_MINOR: Final = 0
HISTORY_SCHEMA_VERSION: Final = f"{HISTORY_SCHEMA_MAJOR}.{HISTORY_SCHEMA_MINOR}"

MAX_HISTORY_DAYS: Final = 366
"""The most days a history holds: a year, leap years included."""

DayStatus = Literal["operational", "degraded", "outage"]
"""The worst platform status published during a day; a day whose samples were all ``unknown`` has none."""

ComponentDayStatus = Literal["operational", "maintenance", "degraded", "outage"]
"""The worst state of a component during a day (``maintenance`` ranks below ``degraded``)."""

Date = Annotated[
    date,
    Meta(
        description="UTC calendar date, YYYY-MM-DD (2025-11-10).",
        extra_json_schema={"pattern": DATE_PATTERN},
    ),
]


class ComponentDay(Base, frozen=True, kw_only=True):
    """One component on one day. A component with neither a status nor an uptime that day is left out."""

    status: ComponentDayStatus | UnsetType = UNSET
    """The worst state published for the component that day; omitted when it was never known."""
    uptime: Percent | UnsetType = UNSET
    """Availability of the component's monitors over the whole day; only on closed days, omitted when
    no source could tell."""


class DayNotice(Base, frozen=True, kw_only=True):
    """An incident or maintenance that was active during the day (its full text is in ``status.json`` while recent)."""

    id: NoticeId
    """The notice's id, as in ``status.json``."""
    kind: NoticeKind
    title: str
    """One line saying what was going on."""
    impact: Impact


class HistoryDay(Base, frozen=True, kw_only=True):
    """What is known about one UTC day."""

    date: Date
    partial: Literal[True] | UnsetType = UNSET
    """Present (``true``) on the day that is not over yet: its status may still get worse, and it has no uptime."""
    status: DayStatus | UnsetType = UNSET
    """The worst platform status published that day; omitted when no sample of that day knew it."""
    uptime: Percent | UnsetType = UNSET
    """Platform availability over the whole day, aggregated like `uptime.last_24h` of `status.json`;
    only on closed days, omitted when no source could tell."""
    components: dict[ComponentId, ComponentDay] | UnsetType = UNSET
    """The day of each component, by component id; omitted when nothing is known of them."""
    notices: list[DayNotice] | UnsetType = UNSET
    """Incidents from their start to their resolution, maintenance while in progress; omitted when none."""


class HistoryDocument(Base, frozen=True, kw_only=True):
    """The public day-by-day history, ``history.json``: one record per UTC day, newest first."""

    schema_version: SchemaVersion = "1.0"
    """Version ``1.<minor>`` of the history document (independent of the version of `status.json`)."""
    updated_at: Timestamp
    """When the history was last merged."""
    days: Annotated[list[HistoryDay], Meta(max_length=MAX_HISTORY_DAYS)]
    """Newest first, at most one record per date. A date that is not listed has no data: show it as
    such, never as an outage or as 100 %."""


_history = Codec(HistoryDocument)


def decode_history(data: bytes | str) -> HistoryDocument:
    """Parse and validate a ``history.json`` document.

    Raises ``ContractError`` naming the JSON path of the first bad value.
    """
    return _history.decode(data)


def encode_history(doc: HistoryDocument) -> bytes:
    """Serialise a history exactly as the contract says (instants in UTC, whole seconds).

    A value the reader would reject raises ``ContractError`` instead of being written.
    """
    return _history.encode(doc)

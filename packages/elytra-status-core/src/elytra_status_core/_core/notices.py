"""Incidents and maintenance windows: the notice file, its rules, and what it says at ``now``. Pure.

An operator writes one TOML file per notice (``NoticeFile``; the shell in
``_notices`` reads and decodes them). Everything published about a notice is
a function of that file and ``now``:

- ``check_notice`` holds a decoded file to the rules of
  design/components-and-notices.md (statuses that fit the kind, updates in
  time order, a maintenance window that ends after it starts, known
  component ids) and raises ``ConfigError`` naming the key path;
- ``derive`` is the contract ``Notice`` at ``now``: the current status (an
  incident's newest update; a maintenance window follows its schedule by
  itself unless an update says otherwise), ``started_at``, ``resolved_at``,
  ``updated_at`` and the updates posted so far, newest first;
- ``select`` picks and orders what ``status.json`` carries.

An update dated after ``now`` is not posted yet: it does not count until its
time comes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Annotated, Final, Literal

import msgspec
from msgspec import UNSET, Meta

from elytra_status_contract import Impact, Notice, NoticeKind, NoticeStatus, NoticeUpdate

from .._errors import ConfigError
from .instants import utc_seconds
from .settings import MAX_TEXT, NoticeSettings

__all__ = [
    "INCIDENT_STATUSES",
    "MAINTENANCE_STATUSES",
    "MAX_BODY",
    "NoticeFile",
    "UpdateEntry",
    "check_notice",
    "derive",
    "is_open",
    "select",
]

INCIDENT_STATUSES: Final[tuple[NoticeStatus, ...]] = ("investigating", "identified", "monitoring", "resolved")
MAINTENANCE_STATUSES: Final[tuple[NoticeStatus, ...]] = ("scheduled", "in_progress", "completed")
_ENDED: Final = frozenset({"resolved", "completed"})
MAX_BODY: Final = 10_000
"""Longest update body, in characters: a few paragraphs."""

Title = Annotated[str, Meta(min_length=1, max_length=MAX_TEXT)]
Body = Annotated[str, Meta(min_length=1, max_length=MAX_BODY)]


class UpdateEntry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One ``[[updates]]`` table of a notice file."""

    at: Annotated[datetime, Meta(tz=True)]
    status: NoticeStatus
    body: Body


class NoticeFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A notice file as the operator writes it (the file's stem is the notice's id)."""

    kind: NoticeKind
    title: Title
    impact: Impact | None = None
    """Required for incidents; maintenance defaults to ``none``."""
    components: list[str] = []
    scheduled_for: Annotated[datetime, Meta(tz=True)] | None = None
    """Maintenance only: when the window starts."""
    scheduled_until: Annotated[datetime, Meta(tz=True)] | None = None
    """Maintenance only: when the window ends."""
    updates: Annotated[list[UpdateEntry], Meta(min_length=1)]


def check_notice(notice: NoticeFile, *, file: str, components: Collection[str] | None = None) -> None:
    """Raise ``ConfigError`` (naming ``file`` and the key) when ``notice`` breaks a rule.

    ``components`` is the set of configured component ids; ``None`` skips that check.
    """
    allowed = INCIDENT_STATUSES if notice.kind == "incident" else MAINTENANCE_STATUSES
    if notice.kind == "incident":
        if notice.impact is None:
            raise ConfigError("an incident needs an impact: none, degraded or outage", key="impact", file=file)
        for key in ("scheduled_for", "scheduled_until"):
            if getattr(notice, key) is not None:
                raise ConfigError("only maintenance has a window", key=key, file=file)
    else:
        if notice.scheduled_for is None or notice.scheduled_until is None:
            missing = "scheduled_for" if notice.scheduled_for is None else "scheduled_until"
            raise ConfigError("maintenance needs scheduled_for and scheduled_until", key=missing, file=file)
        if notice.scheduled_until <= notice.scheduled_for:
            raise ConfigError("the maintenance window ends before it starts", key="scheduled_until", file=file)
        if notice.updates[0].status != "scheduled":
            raise ConfigError("a maintenance's first update has status scheduled", key="updates[0].status", file=file)
    previous: UpdateEntry | None = None
    for index, update in enumerate(notice.updates):
        key = f"updates[{index}]"
        if update.status not in allowed:
            raise ConfigError(
                f"status {update.status!r} is not one of a {notice.kind}'s: {', '.join(allowed)}",
                key=f"{key}.status",
                file=file,
            )
        if not update.body.strip():
            raise ConfigError("empty body", key=f"{key}.body", file=file)
        if previous is not None:
            if update.at < previous.at:
                raise ConfigError("updates are out of time order (oldest first)", key=f"{key}.at", file=file)
            if notice.kind == "maintenance":
                if previous.status == "completed":
                    raise ConfigError("no update may follow completed", key=f"{key}.status", file=file)
                if previous.status == "in_progress" and update.status == "scheduled":
                    raise ConfigError(
                        "an in-progress maintenance cannot go back to scheduled", key=f"{key}.status", file=file
                    )
        previous = update
    seen: set[str] = set()
    for index, component in enumerate(notice.components):
        if components is not None and component not in components:
            known = ", ".join(sorted(components)) or "none are configured"
            raise ConfigError(
                f"unknown component id {component!r} (known: {known})", key=f"components[{index}]", file=file
            )
        if component in seen:
            raise ConfigError(f"component {component!r} is listed twice", key=f"components[{index}]", file=file)
        seen.add(component)


def _status_at(
    notice: NoticeFile, posted: Sequence[UpdateEntry], now: datetime
) -> tuple[NoticeStatus, datetime | None]:
    """The status at ``now`` and, when it has ended, the instant it ended."""
    last = posted[-1]
    if notice.kind == "incident" or last.status != "scheduled":
        return last.status, last.at if last.status in _ENDED else None
    assert notice.scheduled_for is not None and notice.scheduled_until is not None  # check_notice's rule
    if now < notice.scheduled_for:
        return "scheduled", None
    if now < notice.scheduled_until:
        return "in_progress", None
    return "completed", notice.scheduled_until


def _started_at(
    notice: NoticeFile, posted: Sequence[UpdateEntry], status: NoticeStatus, now: datetime
) -> datetime | None:
    """An incident's first update; a maintenance's first ``in_progress`` (posted, or its window opening)."""
    if notice.kind == "incident":
        return posted[0].at
    if status == "scheduled":
        return None
    starts = [u.at for u in posted if u.status == "in_progress"]
    window = notice.scheduled_for
    assert window is not None  # check_notice's rule
    completed_before = any(u.status == "completed" and u.at <= window for u in posted)
    if now >= window and not completed_before:
        starts.append(window)
    return min(starts) if starts else None


def derive(notice_id: str, notice: NoticeFile, now: datetime) -> Notice | None:
    """The notice as published at ``now``; ``None`` before its first update is posted."""
    posted = [u for u in notice.updates if u.at <= now]
    if not posted:
        return None
    status, ended = _status_at(notice, posted, now)
    started = _started_at(notice, posted, status, now)
    impact: Impact = notice.impact if notice.impact is not None else "none"
    return Notice(
        id=notice_id,
        kind=notice.kind,
        title=notice.title,
        status=status,
        impact=impact,
        components=list(notice.components) if notice.components else UNSET,
        started_at=utc_seconds(started) if started is not None else UNSET,
        resolved_at=utc_seconds(ended) if ended is not None else UNSET,
        scheduled_for=utc_seconds(notice.scheduled_for) if notice.scheduled_for is not None else UNSET,
        scheduled_until=utc_seconds(notice.scheduled_until) if notice.scheduled_until is not None else UNSET,
        updated_at=utc_seconds(posted[-1].at),
        updates=[NoticeUpdate(at=utc_seconds(u.at), status=u.status, body=u.body) for u in reversed(posted)],
    )


def is_open(notice: Notice) -> bool:
    """An unresolved incident or a maintenance in progress: it acts on statuses now."""
    return (notice.kind == "incident" and notice.status != "resolved") or notice.status == "in_progress"


_IMPACT_RANK: Final[dict[Impact, int]] = {"none": 0, "degraded": 1, "outage": 2}


def _instant(value: datetime | msgspec.UnsetType, default: datetime) -> datetime:
    return default if isinstance(value, msgspec.UnsetType) else value


Group = Literal[0, 1, 2, 3]


def _group(notice: Notice, now: datetime, upcoming: timedelta, recent: timedelta) -> Group | None:
    """Where ``notice`` goes in ``status.json`` (0 open incident ... 3 recently ended), or nowhere."""
    if notice.kind == "incident" and notice.status != "resolved":
        return 0
    if notice.status == "in_progress":
        return 1
    if notice.status == "scheduled":
        start = _instant(notice.scheduled_for, now)
        return 2 if start - now <= upcoming else None
    ended = _instant(notice.resolved_at, notice.updated_at)
    return 3 if now - ended <= recent else None


def select(notices: Iterable[Notice], now: datetime, settings: NoticeSettings | None = None) -> list[Notice]:
    """What ``status.json`` carries, in its order.

    Unresolved incidents (worst impact first, then newest), maintenance in
    progress, maintenance starting within ``upcoming`` (soonest first), then
    notices that ended within ``recent`` (latest first). Ties go by id, so
    the order is the same on every run.
    """
    settings = settings or NoticeSettings()
    upcoming, recent = settings.upcoming, settings.recent
    keyed: list[tuple[tuple[int, float, float, str], Notice]] = []
    for notice in notices:
        group = _group(notice, now, upcoming, recent)
        if group is None:
            continue
        started = _instant(notice.started_at, notice.updated_at).timestamp()
        if group == 0:
            key = (0, -_IMPACT_RANK[notice.impact], -started, notice.id)
        elif group == 1:
            key = (1, -started, 0.0, notice.id)
        elif group == 2:
            key = (2, _instant(notice.scheduled_for, now).timestamp(), 0.0, notice.id)
        else:
            key = (3, -_instant(notice.resolved_at, notice.updated_at).timestamp(), 0.0, notice.id)
        keyed.append((key, notice))
    keyed.sort(key=lambda pair: pair[0])
    return [notice for _, notice in keyed]

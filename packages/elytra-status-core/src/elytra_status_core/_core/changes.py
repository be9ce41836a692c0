"""What changed between two documents, as a reader of the status page would put it. Pure.

``changes(previous, current)`` compares the document a publish replaced with
the one it wrote, in this order:

- ``platform_status``;
- each component's status, matched by id (a component that appears or
  disappears is a change of config, not of status, and is not announced);
- each notice, matched by id: ``opened`` (a new incident, or a newly
  announced maintenance window), ``updated`` (a new update, a new status, a
  new title or impact), ``resolved``, ``maintenance_started`` and
  ``maintenance_ended``. A notice that leaves the document (its "recent"
  window ran out) is not announced again.

A previous document older than contract 1.1 carries no components and
notices to compare with, so only ``platform_status`` is compared then:
upgrading a publisher does not announce every open notice a second time.

Change notifications (``_notify``) are made of these values, and only the run
whose conditional write replaced ``previous`` computes them, so each change
is announced once. ``headline`` and ``render_text`` say them in plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final, Literal, TypeVar

import msgspec
from msgspec import UNSET, UnsetType

from elytra_status_contract import Component, Impact, Notice, NoticeKind, PlatformStatus

from .instants import format_instant

__all__ = ["Change", "ChangeType", "NoticeEvent", "changes", "headline", "render_text", "summary"]

ChangeType = Literal["platform_status", "component", "notice"]
NoticeEvent = Literal["opened", "updated", "resolved", "maintenance_started", "maintenance_ended"]

_ENDED: Final = frozenset({"resolved", "completed"})
T = TypeVar("T")


class Change(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One change worth telling people about. Encoded as it is in the webhook body (docs/operations.md)."""

    type: ChangeType
    before: str | None = msgspec.field(default=None, name="from")
    """The status before (platform, component or notice status); absent for a notice seen for the first time."""
    after: str | None = msgspec.field(default=None, name="to")
    """The status now."""
    id: str | None = None
    """The component's or notice's id."""
    name: str | None = None
    """The component's name or the notice's title."""
    event: NoticeEvent | None = None
    """What happened to the notice."""
    kind: NoticeKind | None = None
    impact: Impact | None = None
    body: str | None = None
    """The notice's newest update, as published."""
    at: datetime | None = None
    """When the notice's newest update was posted."""
    scheduled_for: datetime | None = None
    scheduled_until: datetime | None = None


def _minor(version: str) -> int:
    """The minor version of a ``1.<minor>`` schema version (0 when unreadable)."""
    _major, _, minor = version.partition(".")
    return int(minor) if minor.isdigit() else 0


def _listed(value: list[T] | UnsetType) -> list[T]:
    return [] if value is UNSET else value


def _optional(value: datetime | UnsetType) -> datetime | None:
    return None if value is UNSET else value


def _event(prior: Notice | None, notice: Notice) -> NoticeEvent | None:
    ended = notice.status in _ENDED
    if prior is None:
        if notice.kind == "maintenance":
            if notice.status == "in_progress":
                return "maintenance_started"
            return "maintenance_ended" if ended else "opened"
        return "resolved" if ended else "opened"
    if prior.status != notice.status:
        if notice.status == "resolved":
            return "resolved"
        if notice.status == "completed":
            return "maintenance_ended"
        if notice.status == "in_progress":
            return "maintenance_started"
        return "opened" if prior.status in _ENDED else "updated"
    newest = notice.updates[0] if notice.updates else None
    prior_newest = prior.updates[0] if prior.updates else None
    same = (
        prior.updated_at == notice.updated_at
        and len(prior.updates) == len(notice.updates)
        and prior.title == notice.title
        and prior.impact == notice.impact
        and prior_newest == newest
    )
    return None if same else "updated"


def _notice_change(event: NoticeEvent, prior: Notice | None, notice: Notice) -> Change:
    newest = notice.updates[0] if notice.updates else None
    return Change(
        type="notice",
        before=prior.status if prior is not None else None,
        after=notice.status,
        id=notice.id,
        name=notice.title,
        event=event,
        kind=notice.kind,
        impact=notice.impact,
        body=newest.body if newest is not None else None,
        at=newest.at if newest is not None else notice.updated_at,
        scheduled_for=_optional(notice.scheduled_for),
        scheduled_until=_optional(notice.scheduled_until),
    )


def changes(previous: PlatformStatus, current: PlatformStatus) -> list[Change]:
    """Every change from ``previous`` (the document replaced) to ``current`` (the one written), in page order."""
    found: list[Change] = []
    if previous.platform_status != current.platform_status:
        found.append(Change(type="platform_status", before=previous.platform_status, after=current.platform_status))
    if _minor(previous.schema_version) < 1:
        return found
    # The builder never repeats an id, but a document from elsewhere may: the first one counts.
    before: dict[str, Component] = {}
    for component in _listed(previous.components):
        before.setdefault(component.id, component)
    seen: set[str] = set()
    for component in _listed(current.components):
        if component.id in seen:
            continue
        seen.add(component.id)
        prior = before.get(component.id)
        if prior is not None and prior.status != component.status:
            found.append(
                Change(
                    type="component", before=prior.status, after=component.status, id=component.id, name=component.name
                )
            )
    notices: dict[str, Notice] = {}
    for notice in _listed(previous.notices):
        notices.setdefault(notice.id, notice)
    seen.clear()
    for notice in _listed(current.notices):
        if notice.id in seen:
            continue
        seen.add(notice.id)
        prior = notices.get(notice.id)
        event = _event(prior, notice)
        if event is not None:
            found.append(_notice_change(event, prior, notice))
    return found


_LABELS: Final[dict[NoticeEvent, str]] = {
    "opened": "opened",
    "updated": "update",
    "resolved": "resolved",
    "maintenance_started": "started",
    "maintenance_ended": "completed",
}


def _label(status: str | None) -> str:
    return (status or "unknown").replace("_", " ")


def summary(change: Change) -> str:
    """One line: ``Platform status: operational → degraded``, ``Incident opened: <title> (investigating)``."""
    if change.type == "platform_status":
        return f"Platform status: {_label(change.before)} → {_label(change.after)}"
    if change.type == "component":
        return f"{change.name}: {_label(change.before)} → {_label(change.after)}"
    kind = "Maintenance" if change.kind == "maintenance" else "Incident"
    event = change.event or "updated"
    if kind == "Maintenance" and event == "opened":
        line = f"Maintenance scheduled: {change.name}"
        if change.scheduled_for is not None:
            until = f" to {format_instant(change.scheduled_until)}" if change.scheduled_until is not None else ""
            line += f" ({format_instant(change.scheduled_for)}{until})"
        return line
    line = f"{kind} {_LABELS[event]}: {change.name}"
    if event in ("opened", "updated"):
        impact = f", impact {change.impact}" if change.impact and change.impact != "none" else ""
        line += f" ({_label(change.after)}{impact})"
    return line


def headline(found: Sequence[Change]) -> str:
    """A subject line for all of ``found``: the first change, and how many more there are."""
    if not found:
        return "No changes"
    first = summary(found[0])
    return first if len(found) == 1 else f"{first} (+{len(found) - 1} more)"


def render_text(
    found: Sequence[Change], *, updated_at: datetime, page_name: str | None = None, page_url: str | None = None
) -> str:
    """The plain-text message: one line per change, each notice's newest update under it, the page last."""
    lines: list[str] = []
    for change in found:
        lines.append(f"- {summary(change)}")
        if change.body:
            lines += [f"  {line}" if line else "" for line in change.body.strip().splitlines()]
    lines.append("")
    where = " ".join(part for part in (page_name, f"<{page_url}>" if page_url else None) if part)
    lines.append(f"As of {format_instant(updated_at)}" + (f", {where}" if where else "") + ".")
    return "\n".join(lines)

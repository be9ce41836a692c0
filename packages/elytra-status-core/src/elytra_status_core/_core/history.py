"""``history.json``: merging what a run saw into the day records. Pure.

The published history is the state: each run reads it at its target, merges
what it observed, and writes it back with a conditional write (on a lost
race it reads again and merges again). Everything here is a function of the
previous history, the run's sample, closed-day uptimes, settings and ``now``;
the shell does the reading and writing. The rules are written up in
docs/semantics.md ("History").

The functions the shell calls::

    merge_history(previous: HistoryDocument | None, sample: RunSample | None,
                  uptimes: Sequence[DayUptime] = (), *, now: datetime,
                  settings: HistorySettings | None = None) -> HistoryDocument
        The new history. ``previous`` is the target's current history (``None``
        when it has none, or when it was unreadable and set aside), ``sample``
        what this run published (``sample_from_document``), ``uptimes`` the
        availability of closed days this run could tell.

    backfill(previous: HistoryDocument | None, uptimes: Sequence[DayUptime], *,
             now: datetime, settings: HistorySettings | None = None) -> HistoryDocument
        Fill absent uptime values of closed days; statuses are never touched.

    sample_from_document(doc: PlatformStatus, notices: Sequence[Notice] | None = None) -> RunSample
        A run's sample from the document it published; ``notices`` are every
        notice derived at the run's ``now`` (past ones included), by default
        those the document carries.

    closing_day(now: datetime, close_window: timedelta) -> date | None
        The UTC day that closes at ``now``: yesterday, when ``now`` is within
        ``close_window`` after midnight UTC; else ``None``.

    closing_uptime(day: date, doc: PlatformStatus) -> DayUptime | None
        ``day``'s uptime from a document's rolling 24 h figures (for sources
        that only know a rolling 24 h, read by a run inside the close window).

    missing_uptime_days(history: HistoryDocument | None, *, now: datetime,
                        settings: HistorySettings | None = None) -> list[date]
        Closed days within the kept range without a platform uptime, newest
        first: what a backfill asks range-capable sources for.

The rules, in short: a day's ``status`` is the worst one published that day
(``unknown`` ignored); the same per component, ``maintenance`` ranking below
``degraded``; notices are a union by id on every UTC day they were active; a
closed day's uptime, once written, is never replaced (later values only fill
what is absent); the day of ``updated_at`` is ``partial`` and has no uptime;
days are newest first, at most ``settings.days`` of them; a day appears only
when something was measured for it. Worst-of, union and fill-if-absent make
merging idempotent and commutative across two publishers' samples (for
notices, the version of the newest sample wins: see ``merge_history``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Final, TypeVar

import msgspec
from msgspec import UNSET

from elytra_status_contract import (
    HISTORY_SCHEMA_VERSION,
    ComponentDay,
    ComponentDayStatus,
    ComponentStatus,
    DayNotice,
    DayStatus,
    HistoryDay,
    HistoryDocument,
    Impact,
    Notice,
    NoticeKind,
    NoticeStatus,
    PlatformStatus,
    Status,
)

from .aggregate import floor_percent
from .instants import utc_seconds
from .notices import NoticeFile, UpdateEntry, derive
from .settings import HistorySettings

__all__ = [
    "DayUptime",
    "RunSample",
    "backfill",
    "closing_day",
    "closing_uptime",
    "day_of",
    "history_fixtures",
    "merge_history",
    "missing_uptime_days",
    "sample_from_document",
]

_DAY_RANK: Final[dict[DayStatus, int]] = {"operational": 0, "degraded": 1, "outage": 2}
_COMPONENT_RANK: Final[dict[ComponentDayStatus, int]] = {"operational": 0, "maintenance": 1, "degraded": 2, "outage": 3}
_IMPACT_RANK: Final[dict[Impact, int]] = {"none": 0, "degraded": 1, "outage": 2}

T = TypeVar("T")


class RunSample(msgspec.Struct, frozen=True, kw_only=True):
    """What one run published, as the history records it."""

    at: datetime
    """The run's ``now`` (aware): the sample belongs to this instant's UTC day."""
    status: Status
    """The platform status the run published."""
    components: dict[str, ComponentStatus] = msgspec.field(default_factory=dict[str, ComponentStatus])
    """Each component's published status, by id."""
    notices: tuple[Notice, ...] = ()
    """Every notice as derived at ``at``, past ones included: each goes on every day it was active."""


class DayUptime(msgspec.Struct, frozen=True, kw_only=True):
    """The availability over one closed UTC day, in percent, as a source could tell it."""

    day: date
    platform: float | None = None
    """The platform's, aggregated like ``uptime.last_24h``; ``None`` when unknown."""
    components: dict[str, float] = msgspec.field(default_factory=dict[str, float])
    """Per component id; a component that is not listed is unknown."""


def day_of(instant: datetime) -> date:
    """The UTC calendar date of an aware instant."""
    return instant.astimezone(UTC).date()


class _Component(msgspec.Struct):
    status: ComponentDayStatus | None = None
    uptime: float | None = None


class _Day(msgspec.Struct):
    status: DayStatus | None = None
    uptime: float | None = None
    components: dict[str, _Component] = msgspec.field(default_factory=dict[str, _Component])
    notices: dict[str, DayNotice] = msgspec.field(default_factory=dict[str, DayNotice])

    def measured(self) -> bool:
        return self.status is not None or self.uptime is not None or bool(self.components) or bool(self.notices)


def _worse_day(current: DayStatus | None, new: DayStatus | None) -> DayStatus | None:
    if current is None:
        return new
    if new is None:
        return current
    return new if _DAY_RANK[new] > _DAY_RANK[current] else current


def _worse_component(current: ComponentDayStatus | None, new: ComponentDayStatus | None) -> ComponentDayStatus | None:
    if current is None:
        return new
    if new is None:
        return current
    return new if _COMPONENT_RANK[new] > _COMPONENT_RANK[current] else current


def _day_status(status: Status) -> DayStatus | None:
    return None if status == "unknown" else status


def _component_status(status: ComponentStatus) -> ComponentDayStatus | None:
    return None if status == "unknown" else status


def _percent(value: float | None) -> float | None:
    """A contract percent (0..100, floored to 2 decimals), or ``None`` for no figure (NaN included)."""
    if value is None or not math.isfinite(value):
        return None
    return floor_percent(min(max(value, 0.0), 100.0))


def _known(value: T | msgspec.UnsetType) -> T | None:
    return None if isinstance(value, msgspec.UnsetType) else value


def _read(previous: HistoryDocument) -> dict[date, _Day]:
    """The previous history as working records; two records of one date are joined."""
    days: dict[date, _Day] = {}
    for record in previous.days:
        day = days.setdefault(record.date, _Day())
        day.status = _worse_day(day.status, _known(record.status))
        if day.uptime is None:
            day.uptime = _known(record.uptime)
        for component_id, stored in (_known(record.components) or {}).items():
            component = day.components.setdefault(component_id, _Component())
            component.status = _worse_component(component.status, _known(stored.status))
            if component.uptime is None:
                component.uptime = _known(stored.uptime)
        for notice in _known(record.notices) or ():
            day.notices.setdefault(notice.id, notice)
    return days


def _active(notice: Notice, at: datetime) -> tuple[datetime, datetime] | None:
    """When ``notice`` was active as seen at ``at``: an incident from start to resolution, maintenance in progress."""
    start = _known(notice.started_at)
    if start is None or (notice.kind == "maintenance" and notice.status == "scheduled"):
        return None
    resolved = _known(notice.resolved_at)
    end = at if resolved is None else min(resolved, at)
    return (start, end) if start <= end else None


def _version(notice: DayNotice) -> tuple[int, str, NoticeKind]:
    return _IMPACT_RANK[notice.impact], notice.title, notice.kind


class _Merge(msgspec.Struct):
    """One merge in progress: the working records and the range of days kept."""

    days: dict[date, _Day]
    first: date
    """The oldest day kept."""
    last: date
    """The day of ``updated_at``: the newest one, not over yet."""

    def keeps(self, day: date) -> bool:
        return self.first <= day <= self.last

    def add_sample(self, sample: RunSample, newer: bool | None) -> None:
        """``newer``: the sample is newer than the previous history (``None``: as new)."""
        today = day_of(sample.at)
        if self.keeps(today):
            status = _day_status(sample.status)
            known: dict[str, ComponentDayStatus] = {
                cid: s for cid, raw in sample.components.items() if (s := _component_status(raw)) is not None
            }
            if status is not None or known:
                day = self.days.setdefault(today, _Day())
                day.status = _worse_day(day.status, status)
                for component_id, component_status in known.items():
                    component = day.components.setdefault(component_id, _Component())
                    component.status = _worse_component(component.status, component_status)
        for notice in sample.notices:
            active = _active(notice, sample.at)
            if active is None:
                continue
            entry = DayNotice(id=notice.id, kind=notice.kind, title=notice.title, impact=notice.impact)
            day = max(day_of(active[0]), self.first)
            end = min(day_of(active[1]), self.last)
            while day <= end:
                self._add_notice(day, entry, newer)
                day += timedelta(days=1)

    def _add_notice(self, on: date, entry: DayNotice, newer: bool | None) -> None:
        notices = self.days.setdefault(on, _Day()).notices
        stored = notices.get(entry.id)
        if stored is None or newer is True or (newer is None and _version(entry) > _version(stored)):
            notices[entry.id] = entry

    def add_uptimes(self, uptimes: Iterable[DayUptime], closed_before: date) -> None:
        for uptime in uptimes:
            if not (self.first <= uptime.day < closed_before):
                continue
            platform = _percent(uptime.platform)
            components: dict[str, float] = {
                cid: p for cid, value in uptime.components.items() if (p := _percent(value)) is not None
            }
            if platform is None and not components:
                continue
            day = self.days.setdefault(uptime.day, _Day())
            if day.uptime is None:
                day.uptime = platform
            for component_id, value in components.items():
                component = day.components.setdefault(component_id, _Component())
                if component.uptime is None:
                    component.uptime = value

    def document(self, updated_at: datetime) -> HistoryDocument:
        records: list[HistoryDay] = []
        for on in sorted(self.days, reverse=True):
            day = self.days[on]
            if not self.keeps(on) or not day.measured():
                continue
            components = {
                cid: ComponentDay(
                    status=UNSET if c.status is None else c.status,
                    uptime=UNSET if c.uptime is None else c.uptime,
                )
                for cid, c in sorted(day.components.items())
                if c.status is not None or c.uptime is not None
            }
            records.append(
                HistoryDay(
                    date=on,
                    partial=True if on == self.last else UNSET,
                    status=UNSET if day.status is None else day.status,
                    uptime=UNSET if day.uptime is None else day.uptime,
                    components=components or UNSET,
                    notices=[day.notices[nid] for nid in sorted(day.notices)] or UNSET,
                )
            )
        return HistoryDocument(schema_version=HISTORY_SCHEMA_VERSION, updated_at=updated_at, days=records)


def _start(previous: HistoryDocument | None, now: datetime, settings: HistorySettings) -> tuple[_Merge, datetime]:
    updated_at = utc_seconds(now)
    if previous is not None:
        updated_at = max(updated_at, utc_seconds(previous.updated_at))
    last = day_of(updated_at)
    first = last - timedelta(days=settings.days - 1)
    days = _read(previous) if previous is not None else {}
    return _Merge(days, first, last), updated_at


def merge_history(
    previous: HistoryDocument | None,
    sample: RunSample | None,
    uptimes: Sequence[DayUptime] = (),
    *,
    now: datetime,
    settings: HistorySettings | None = None,
) -> HistoryDocument:
    """The history after this run: ``previous`` with ``sample`` and ``uptimes`` merged in.

    - ``updated_at`` is the later of ``now`` and the previous ``updated_at``;
      its UTC day is the newest kept, ``partial``, and the
      ``settings.days - 1`` days before it are kept too (older ones drop out).
    - The sample's status and component statuses raise those of its UTC day
      (worst wins, ``unknown`` is no data). A sample dated after ``now`` is
      ignored: it cannot have been measured yet.
    - Each notice of the sample goes on every kept day it was active. Where
      the day already lists that id, the sample's title, kind and impact
      replace the stored ones when the sample is newer than the previous
      history's ``updated_at``, never when it is older, and at the same
      instant the greater (worst impact, then title) wins: so the result does
      not depend on which of two publishers merged first.
    - ``uptimes`` of closed days (before ``now``'s UTC day) fill the platform's
      and the components' uptime where it is absent; a value once written is
      never replaced. Values are floored to 2 decimals and bounded to 0..100.
    - A day with nothing measured (no status, uptime, component or notice)
      is never written.
    """
    settings = settings or HistorySettings()
    merge, updated_at = _start(previous, now, settings)
    if sample is not None and sample.at <= now:
        at = utc_seconds(sample.at)
        newer: bool | None = None
        if previous is not None and at != utc_seconds(previous.updated_at):
            newer = at > utc_seconds(previous.updated_at)
        merge.add_sample(sample, newer)
    merge.add_uptimes(uptimes, closed_before=day_of(now))
    return merge.document(updated_at)


def backfill(
    previous: HistoryDocument | None,
    uptimes: Sequence[DayUptime],
    *,
    now: datetime,
    settings: HistorySettings | None = None,
) -> HistoryDocument:
    """``previous`` with the absent uptime values of closed days filled from ``uptimes``.

    Statuses and notices are never touched; a day that had no record gets
    one with its uptime only. Present values are kept, as in ``merge_history``.
    """
    return merge_history(previous, None, uptimes, now=now, settings=settings)


def sample_from_document(doc: PlatformStatus, notices: Sequence[Notice] | None = None) -> RunSample:
    """What the history records of a published document: its instant, statuses and notices.

    ``notices`` should be every notice as derived at the run's ``now``, past
    ones included (the document carries only those worth showing now); by
    default the document's own.
    """
    components: dict[str, ComponentStatus] = {c.id: c.status for c in _known(doc.components) or ()}
    chosen = (_known(doc.notices) or ()) if notices is None else notices
    return RunSample(at=doc.updated_at, status=doc.platform_status, components=components, notices=tuple(chosen))


def closing_day(now: datetime, close_window: timedelta) -> date | None:
    """Yesterday (UTC) when ``now`` is less than ``close_window`` after midnight UTC, else ``None``.

    A run inside that window reads sources that only know a rolling 24 h
    (Uptime Kuma, Gatus) for the day that just ended. The first such figure
    written is kept: later runs in the window only fill what is absent.
    """
    utc = now.astimezone(UTC)
    midnight = datetime.combine(utc.date(), time(), tzinfo=UTC)
    if utc - midnight < close_window:
        return utc.date() - timedelta(days=1)
    return None


def closing_uptime(day: date, doc: PlatformStatus) -> DayUptime | None:
    """``day``'s uptime from ``doc``'s rolling 24 h figures (platform and components); ``None`` when it has none."""
    uptime = _known(doc.uptime)
    platform = None if uptime is None else _known(uptime.last_24h)
    components: dict[str, float] = {}
    for component in _known(doc.components) or ():
        figures = _known(component.uptime)
        last_24h = None if figures is None else _known(figures.last_24h)
        if last_24h is not None:
            components[component.id] = last_24h
    if platform is None and not components:
        return None
    return DayUptime(day=day, platform=platform, components=components)


def missing_uptime_days(
    history: HistoryDocument | None, *, now: datetime, settings: HistorySettings | None = None
) -> list[date]:
    """Closed days of the kept range (before ``now``'s UTC day) without a platform uptime, newest first."""
    settings = settings or HistorySettings()
    today = day_of(now)
    known = {d.date for d in history.days if _known(d.uptime) is not None} if history is not None else set[date]()
    days = (today - timedelta(days=n) for n in range(1, settings.days))
    return [d for d in days if d not in known]


# --- fixtures ----------------------------------------------------------------------
# Example histories for the frontend (contract/fixtures/history/), built by the real
# merge from synthetic runs, so each is exactly what a publisher would have written.

_FIXTURE_COMPONENTS: Final = ("websites", "panel", "dns")
_GREEN_UPTIMES: Final = (100.0, 99.98, 100.0, 99.99, 100.0, 100.0, 99.97)


def _green(back: int) -> DayUptime:
    """A good day's figures, varying a little from day to day."""
    figure = _GREEN_UPTIMES[back % len(_GREEN_UPTIMES)]
    return DayUptime(
        day=date.min,
        platform=figure,
        components={cid: _GREEN_UPTIMES[(back + i) % len(_GREEN_UPTIMES)] for i, cid in enumerate(_FIXTURE_COMPONENTS)},
    )


def _sample(at: datetime, status: Status, notices: Sequence[Notice] = (), **components: ComponentStatus) -> RunSample:
    statuses: dict[str, ComponentStatus] = dict.fromkeys(_FIXTURE_COMPONENTS, "operational")
    statuses.update(components)
    return RunSample(at=at, status=status, components=statuses, notices=tuple(notices))


_DaySamples = Callable[[int, datetime], Sequence[RunSample]]
_DayUptimes = Callable[[int], DayUptime | None]


def _simulate(now: datetime, days: int, samples: _DaySamples, uptimes: _DayUptimes) -> HistoryDocument:
    """``days`` days of runs up to ``now``: each day's samples, then the figures of the day before.

    ``samples(back, noon)`` and ``uptimes(back)`` take the number of days
    before ``now``'s day; the figures of a day are merged by the run that
    follows it, as a run in the close window would.
    """
    history: HistoryDocument | None = None
    for back in range(days - 1, -1, -1):
        noon = now - timedelta(days=back)
        figures = uptimes(back + 1)
        closed = [] if figures is None else [msgspec.structs.replace(figures, day=day_of(noon) - timedelta(days=1))]
        runs = sorted(samples(back, noon), key=lambda run: run.at)
        for index, run in enumerate(runs):
            history = merge_history(history, run, closed if index == 0 else (), now=run.at)
        if not runs:
            history = merge_history(history, None, closed, now=noon)
    assert history is not None
    return history


def _notices(files: Mapping[str, NoticeFile], at: datetime) -> list[Notice]:
    return [n for notice_id, notice in files.items() if (n := derive(notice_id, notice, at)) is not None]


def _update(at: datetime, status: NoticeStatus, body: str) -> UpdateEntry:
    return UpdateEntry(at=at, status=status, body=body)


def _bad_week(now: datetime) -> HistoryDocument:
    """Ninety days, the last week but one bad: a failover outage over midnight, maintenance, slow DNS."""
    midnight = datetime.combine(day_of(now), time(), tzinfo=UTC)

    def at(back: int, hours: float) -> datetime:
        return midnight - timedelta(days=back) + timedelta(hours=hours)

    failover = f"{at(7, 0):%Y-%m-%d}-database-failover"
    upgrade = f"{at(4, 0):%Y-%m-%d}-panel-upgrade"
    dns = f"{at(3, 0):%Y-%m-%d}-slow-dns"
    files: dict[str, NoticeFile] = {
        failover: NoticeFile(
            kind="incident",
            title="Control panel unavailable after a database failover",
            impact="outage",
            components=["panel", "websites"],
            updates=[
                _update(at(7, 9.7), "investigating", "The control panel does not load. We are investigating."),
                _update(at(7, 10.5), "identified", "A database failover went wrong; we are restoring the primary."),
                _update(at(7, 21), "monitoring", "The primary is back. We are watching it closely."),
                _update(at(6, 3.2), "resolved", "Everything works again. A full report follows."),
            ],
        ),
        upgrade: NoticeFile(
            kind="maintenance",
            title="Control panel upgrade",
            impact="none",
            components=["panel"],
            scheduled_for=at(4, 2),
            scheduled_until=at(4, 3),
            updates=[_update(at(6, 12), "scheduled", "We will upgrade the control panel; sites are not affected.")],
        ),
        dns: NoticeFile(
            kind="incident",
            title="Slow DNS resolution",
            impact="degraded",
            components=["dns"],
            updates=[
                _update(at(3, 13), "investigating", "Some DNS lookups are slow. We are looking into it."),
                _update(at(3, 15.3), "resolved", "A faulty resolver was taken out of rotation."),
            ],
        ),
    }
    bad: dict[int, tuple[tuple[float, Status, dict[str, ComponentStatus]], ...]] = {
        8: ((12, "degraded", {"panel": "degraded"}),),
        7: ((12, "outage", {"panel": "outage", "websites": "degraded"}),),
        6: ((2, "degraded", {"panel": "degraded"}), (12, "operational", {})),
        4: ((2.5, "operational", {"panel": "maintenance"}), (12, "operational", {})),
        3: ((14, "degraded", {"dns": "degraded"}),),
    }
    figures: dict[int, DayUptime] = {
        8: DayUptime(day=date.min, platform=99.71, components={"websites": 100.0, "panel": 98.9, "dns": 100.0}),
        7: DayUptime(day=date.min, platform=97.42, components={"websites": 98.8, "panel": 91.3, "dns": 100.0}),
        6: DayUptime(day=date.min, platform=99.52, components={"websites": 100.0, "panel": 98.61, "dns": 100.0}),
        4: DayUptime(day=date.min, platform=99.93, components={"websites": 100.0, "panel": 99.79, "dns": 100.0}),
        3: DayUptime(day=date.min, platform=99.68, components={"websites": 100.0, "panel": 100.0, "dns": 99.03}),
    }

    def samples(back: int, noon: datetime) -> list[RunSample]:
        runs = bad.get(back, ((12, "operational", {}),))
        return [
            _sample(at(back, hours), status, _notices(files, at(back, hours)), **components)
            for hours, status, components in runs
            if at(back, hours) <= now
        ] or [_sample(noon, "operational", _notices(files, noon))]

    return _simulate(now, 90, samples, lambda back: figures.get(back, _green(back)))


def history_fixtures(now: datetime) -> dict[str, HistoryDocument]:
    """Example histories as of ``now``, one per situation the day bars must show.

    - ``green-90-days``: ninety operational days, each closed day with its uptime;
    - ``bad-week``: the same with a bad week (a degraded day, an outage over
      midnight, maintenance, a slow-DNS incident) and its notices;
    - ``days-missing``: a publisher that started 80 days ago, stopped for ten
      days, lost two more, and has days without uptime (no source could tell)
      and a day whose samples were all ``unknown`` (only its uptime is known);
    - ``partial-today``: a first run: only today, partial, with an open incident.
    """
    green = _simulate(now, 90, lambda back, noon: [_sample(noon, "operational")], _green)

    def patchy(back: int, noon: datetime) -> list[RunSample]:
        if back >= 80 or 40 <= back < 50 or back in (23, 24):
            return []
        if back == 12:
            return [_sample(noon, "unknown", websites="unknown", panel="unknown", dns="unknown")]
        return [_sample(noon, "operational")]

    def patchy_uptimes(back: int) -> DayUptime | None:
        if back >= 80 or 40 <= back < 50 or back in (23, 24) or 15 <= back <= 17:
            return None
        return _green(back)

    opened = now - timedelta(minutes=35)
    incident = f"{opened:%Y-%m-%d}-panel-errors"
    first = _notices(
        {
            incident: NoticeFile(
                kind="incident",
                title="Elevated errors in the control panel",
                impact="degraded",
                components=["panel"],
                updates=[_update(opened, "investigating", "We are investigating elevated error rates in the panel.")],
            )
        },
        now,
    )
    return {
        "green-90-days": green,
        "bad-week": _bad_week(now),
        "days-missing": _simulate(now, 90, patchy, patchy_uptimes),
        "partial-today": merge_history(None, _sample(now, "degraded", first, panel="degraded"), now=now),
    }

"""Merging runs into ``history.json`` (``_core/history.py``): the rules and their properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elytra_status_contract import (
    ComponentDay,
    ComponentStatus,
    DayNotice,
    HistoryDay,
    HistoryDocument,
    Notice,
    Status,
    decode_history,
    encode_history,
)
from elytra_status_core._core.fixtures import notice_documents
from elytra_status_core._core.history import (
    DayUptime,
    RunSample,
    backfill,
    closing_day,
    closing_uptime,
    day_of,
    history_fixtures,
    merge_history,
    missing_uptime_days,
    sample_from_document,
)
from elytra_status_core._core.settings import HistorySettings
from tests.strategies import (
    HISTORY_COMPONENTS,
    day_uptimes,
    histories,
    history_instants,
    history_settings,
    notice_worlds,
    percent_figures,
    run_samples,
    uptime_truth,
)

NOW = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
TODAY = date(2025, 11, 10)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def incident(
    notice_id: str,
    start: datetime,
    end: datetime | None = None,
    *,
    title: str = "Slow panel",
    impact: str = "degraded",
    kind: str = "incident",
) -> Notice:
    ended = end is not None
    if kind == "incident":
        status = "resolved" if ended else "investigating"
    else:
        status = "completed" if ended else "in_progress"
    return msgspec.convert(
        {
            "id": notice_id,
            "kind": kind,
            "title": title,
            "status": status,
            "impact": impact,
            "started_at": start.isoformat(),
            **({"resolved_at": end.isoformat()} if end is not None else {}),
            "updated_at": (end or start).isoformat(),
            "updates": [{"at": start.isoformat(), "status": status, "body": "Details."}],
        },
        Notice,
    )


def by_date(history: HistoryDocument) -> dict[date, HistoryDay]:
    return {day.date: day for day in history.days}


# --- the rules, one example each -------------------------------------------------------


def test_worst_status_of_the_day_wins_and_unknown_is_no_data() -> None:
    history = None
    runs: list[tuple[int, Status]] = [(1, "operational"), (3, "outage"), (5, "unknown"), (9, "degraded")]
    for hour, status in runs:
        history = merge_history(history, RunSample(at=at(TODAY, hour), status=status), now=at(TODAY, hour))
    assert history is not None
    (today,) = history.days
    assert today.status == "outage"
    only_unknown = merge_history(None, RunSample(at=NOW, status="unknown"), now=NOW)
    assert only_unknown.days == []  # nothing was measured: no day at all


def test_component_worst_status_with_maintenance_below_degraded() -> None:
    history = None
    runs: list[tuple[int, ComponentStatus]] = [(1, "degraded"), (2, "maintenance"), (3, "unknown"), (4, "operational")]
    for hour, panel in runs:
        sample = RunSample(at=at(TODAY, hour), status="operational", components={"panel": panel, "dns": "unknown"})
        history = merge_history(history, sample, now=at(TODAY, hour))
    assert history is not None
    components = history.days[0].components
    assert components == {"panel": ComponentDay(status="degraded")}  # dns only ever unknown: left out
    maintenance = merge_history(
        None, RunSample(at=NOW, status="operational", components={"panel": "maintenance"}), now=NOW
    )
    worse = merge_history(
        maintenance, RunSample(at=NOW, status="operational", components={"panel": "operational"}), now=NOW
    )
    assert worse.days[0].components == {"panel": ComponentDay(status="maintenance")}


def test_today_is_partial_without_uptime_and_yesterday_closes() -> None:
    yesterday = TODAY - timedelta(days=1)
    first = merge_history(None, RunSample(at=at(yesterday), status="operational"), now=at(yesterday))
    assert first.days[0].partial is True
    closing = DayUptime(day=yesterday, platform=99.996, components={"panel": 100.0})
    second = merge_history(first, RunSample(at=at(TODAY, 0, 10), status="operational"), [closing], now=at(TODAY, 0, 10))
    today, closed = second.days
    assert (today.date, today.partial, today.uptime) == (TODAY, True, msgspec.UNSET)
    assert (closed.date, closed.partial, closed.uptime) == (yesterday, msgspec.UNSET, 99.99)  # floored
    assert closed.components == {"panel": ComponentDay(uptime=100.0)}
    # Today cannot be closed yet: its figures are refused.
    early = merge_history(second, None, [DayUptime(day=TODAY, platform=50.0)], now=at(TODAY, 13))
    assert by_date(early)[TODAY].uptime is msgspec.UNSET


def test_a_closed_days_uptime_is_never_replaced_only_filled() -> None:
    day = TODAY - timedelta(days=3)
    first = merge_history(None, None, [DayUptime(day=day, platform=99.5, components={"panel": 98.0})], now=NOW)
    again = merge_history(
        first, None, [DayUptime(day=day, platform=10.0, components={"panel": 10.0, "dns": 99.0})], now=NOW
    )
    (record,) = again.days
    assert record.uptime == 99.5
    assert record.components == {"panel": ComponentDay(uptime=98.0), "dns": ComponentDay(uptime=99.0)}
    assert record.status is msgspec.UNSET  # a figure says nothing about the status


def test_uptime_values_are_bounded_and_unknown_figures_ignored() -> None:
    day = TODAY - timedelta(days=1)
    history = merge_history(
        None, None, [DayUptime(day=day, platform=float("nan"), components={"panel": 100.7, "dns": -3.0})], now=NOW
    )
    (record,) = history.days
    assert record.uptime is msgspec.UNSET
    assert record.components == {"panel": ComponentDay(uptime=100.0), "dns": ComponentDay(uptime=0.0)}
    assert merge_history(None, None, [DayUptime(day=day)], now=NOW).days == []


def test_notices_go_on_every_day_they_were_active() -> None:
    start = at(TODAY - timedelta(days=2), 22)
    resolved = incident("2025-11-08-db", start, at(TODAY - timedelta(days=1), 3), impact="outage")
    still_open = incident("2025-11-10-panel", at(TODAY, 9))
    five_days_ago = TODAY - timedelta(days=5)
    window = incident(
        "2025-11-05-upgrade", at(five_days_ago, 2), at(five_days_ago, 3), kind="maintenance", impact="none"
    )
    running = incident("2025-11-09-move", at(TODAY - timedelta(days=1), 23), kind="maintenance", impact="none")
    history = merge_history(
        None, RunSample(at=NOW, status="degraded", notices=(resolved, still_open, window, running)), now=NOW
    )
    days = by_date(history)

    def ids(day: date) -> list[str]:
        notices = days[day].notices if day in days else msgspec.UNSET
        return [] if isinstance(notices, msgspec.UnsetType) else [n.id for n in notices]

    assert ids(TODAY - timedelta(days=2)) == ["2025-11-08-db"]
    assert ids(TODAY - timedelta(days=1)) == ["2025-11-08-db", "2025-11-09-move"]
    # The maintenance still in progress and the open incident are on today.
    assert ids(TODAY) == ["2025-11-09-move", "2025-11-10-panel"]
    assert ids(five_days_ago) == ["2025-11-05-upgrade"]
    assert ids(TODAY - timedelta(days=4)) == []
    assert days[TODAY - timedelta(days=2)].status is msgspec.UNSET  # the notice alone, no invented status
    assert days[TODAY - timedelta(days=2)].notices == [
        DayNotice(id="2025-11-08-db", kind="incident", title="Slow panel", impact="outage")
    ]


def test_scheduled_maintenance_is_not_active_and_a_notice_is_cut_at_the_sample() -> None:
    scheduled = msgspec.structs.replace(
        incident("later", at(TODAY + timedelta(days=1), 2), kind="maintenance", impact="none"),
        status="scheduled",
        started_at=msgspec.UNSET,
    )
    history = merge_history(None, RunSample(at=NOW, status="operational", notices=(scheduled,)), now=NOW)
    assert history.days[0].notices is msgspec.UNSET


def test_newest_notice_title_wins_and_older_samples_do_not_overwrite() -> None:
    start = at(TODAY, 8)
    first = merge_history(
        None, RunSample(at=at(TODAY, 9), status="degraded", notices=(incident("x", start),)), now=at(TODAY, 9)
    )
    renamed = incident("x", start, title="Control panel errors", impact="outage")
    newer = merge_history(first, RunSample(at=at(TODAY, 10), status="degraded", notices=(renamed,)), now=at(TODAY, 10))
    assert newer.days[0].notices == [DayNotice(id="x", kind="incident", title="Control panel errors", impact="outage")]
    stale = merge_history(
        newer, RunSample(at=at(TODAY, 9, 30), status="degraded", notices=(incident("x", start),)), now=at(TODAY, 11)
    )
    assert stale.days[0].notices == newer.days[0].notices
    # Two versions at the same instant: the worse impact wins, whichever came first.
    tie_a = merge_history(first, RunSample(at=at(TODAY, 10), status="degraded", notices=(renamed,)), now=at(TODAY, 10))
    tie_b = merge_history(
        tie_a, RunSample(at=at(TODAY, 10), status="degraded", notices=(incident("x", start),)), now=at(TODAY, 10)
    )
    assert tie_b.days[0].notices == [DayNotice(id="x", kind="incident", title="Control panel errors", impact="outage")]


def test_days_are_newest_first_and_old_ones_drop_out() -> None:
    history = None
    for back in range(10, -1, -1):
        when = at(TODAY - timedelta(days=back))
        history = merge_history(
            history, RunSample(at=when, status="operational"), now=when, settings=HistorySettings(days=4)
        )
    assert history is not None
    assert [d.date for d in history.days] == [TODAY - timedelta(days=n) for n in range(4)]


def test_a_sample_from_the_future_is_ignored() -> None:
    history = merge_history(None, RunSample(at=NOW + timedelta(hours=1), status="outage"), now=NOW)
    assert history.days == []
    assert history.updated_at == NOW


def test_backfill_fills_uptime_and_never_touches_status_or_notices() -> None:
    day = TODAY - timedelta(days=2)
    seen = merge_history(
        None, RunSample(at=at(day), status="degraded", notices=(incident("x", at(day, 8)),)), now=at(day)
    )
    filled = backfill(
        seen, [DayUptime(day=day, platform=99.1), DayUptime(day=day - timedelta(days=1), platform=100.0)], now=NOW
    )
    days = by_date(filled)
    assert days[day].status == "degraded" and days[day].uptime == 99.1
    assert days[day].notices == by_date(seen)[day].notices
    assert days[day - timedelta(days=1)] == HistoryDay(date=day - timedelta(days=1), uptime=100.0)
    assert filled.updated_at == NOW


def test_missing_uptime_days() -> None:
    history = backfill(None, [DayUptime(day=TODAY - timedelta(days=2), platform=100.0)], now=NOW)
    missing = missing_uptime_days(history, now=NOW, settings=HistorySettings(days=5))
    assert missing == [TODAY - timedelta(days=n) for n in (1, 3, 4)]
    assert missing_uptime_days(None, now=NOW, settings=HistorySettings(days=1)) == []


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2025, 11, 10, 0, 0, tzinfo=UTC), date(2025, 11, 9)),
        (datetime(2025, 11, 10, 0, 29, 59, tzinfo=UTC), date(2025, 11, 9)),
        (datetime(2025, 11, 10, 0, 30, tzinfo=UTC), None),
        (datetime(2025, 11, 10, 23, 59, tzinfo=UTC), None),
        (datetime.fromisoformat("2025-11-10T01:10:00+01:00"), date(2025, 11, 9)),  # 00:10 UTC
        (datetime.fromisoformat("2025-11-09T23:10:00-01:00"), date(2025, 11, 9)),  # 00:10 UTC, the 9th locally
        (datetime.fromisoformat("2025-11-10T00:10:00+01:00"), None),  # 23:10 UTC on the 9th
    ],
)
def test_closing_day_is_yesterday_inside_the_close_window(now: datetime, expected: date | None) -> None:
    assert closing_day(now, timedelta(minutes=30)) == expected


def test_closing_uptime_and_sample_from_a_published_document() -> None:
    doc = notice_documents(NOW)["component-outage"]
    uptime = closing_uptime(TODAY - timedelta(days=1), doc)
    assert uptime is not None and not isinstance(doc.uptime, msgspec.UnsetType)
    assert uptime.platform == doc.uptime.last_24h
    assert uptime.components["dns"] == 94.42
    sample = sample_from_document(doc)
    assert sample.at == doc.updated_at and sample.status == doc.platform_status
    assert sample.components["dns"] == "outage"
    bare = msgspec.structs.replace(doc, uptime=msgspec.UNSET, components=msgspec.UNSET)
    assert closing_uptime(TODAY, bare) is None


def test_history_fixtures_are_what_they_say() -> None:
    fixtures = history_fixtures(NOW)
    assert set(fixtures) == {"green-90-days", "bad-week", "days-missing", "partial-today"}
    green = fixtures["green-90-days"]
    assert len(green.days) == 90 and all(d.status == "operational" for d in green.days)
    assert all(d.uptime is not msgspec.UNSET for d in green.days[1:]) and green.days[0].partial is True
    bad = fixtures["bad-week"]
    assert {d.status for d in bad.days[1:10]} >= {"degraded", "outage"}
    assert sum(1 for d in bad.days if d.notices is not msgspec.UNSET) >= 4
    missing = fixtures["days-missing"]
    assert len(missing.days) < 80
    assert any(d.status is msgspec.UNSET and d.uptime is not msgspec.UNSET for d in missing.days)
    assert [d.partial for d in fixtures["partial-today"].days] == [True]
    for history in fixtures.values():
        assert decode_history(encode_history(history)) == history


# --- properties ----------------------------------------------------------------------------


def dates(history: HistoryDocument) -> list[date]:
    return [d.date for d in history.days]


def uptimes(history: HistoryDocument) -> dict[tuple[date, str], float]:
    """Every written uptime: ``(day, "")`` for the platform, ``(day, component id)`` for a component."""
    out: dict[tuple[date, str], float] = {}
    for day in history.days:
        if not isinstance(day.uptime, msgspec.UnsetType):
            out[(day.date, "")] = day.uptime
        components = {} if isinstance(day.components, msgspec.UnsetType) else day.components
        for cid, component in components.items():
            if not isinstance(component.uptime, msgspec.UnsetType):
                out[(day.date, cid)] = component.uptime
    return out


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_merging_the_same_run_twice_changes_nothing(data: st.DataObject) -> None:
    world = data.draw(notice_worlds())
    sample = data.draw(run_samples(world))
    previous = data.draw(st.none() | histories(at=sample.at - timedelta(seconds=data.draw(st.integers(0, 5 * 86400)))))
    figures = data.draw(day_uptimes(sample.at))
    options = data.draw(history_settings)
    once = merge_history(previous, sample, figures, now=sample.at, settings=options)
    assert merge_history(once, sample, figures, now=sample.at, settings=options) == once


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_two_publishers_samples_merge_in_either_order(data: st.DataObject) -> None:
    """merge(merge(h, a), b) == merge(merge(h, b), a): the HA pair never loses the other's samples.

    Both publishers read the same sources and notice files: their closed-day
    figures agree, and each derives every notice at its own instant. Both
    merge into a history they read, so neither sample is older than it.
    """
    world = data.draw(notice_worlds())
    seed = data.draw(st.integers(0, 1000))
    a = data.draw(run_samples(world))
    b = data.draw(run_samples(world, at=st.one_of(st.just(a.at), history_instants())))
    start = min(a.at, b.at) - timedelta(seconds=data.draw(st.integers(0, 3 * 86400)))
    previous = data.draw(st.none() | histories(at=start))
    options = data.draw(history_settings)

    def figures(sample: RunSample) -> list[DayUptime]:
        backs = data.draw(st.lists(st.integers(1, 30), max_size=4, unique=True))
        return [uptime_truth(seed, day_of(sample.at) - timedelta(days=back)) for back in backs]

    fa, fb = figures(a), figures(b)

    def merged(first: RunSample, ff: list[DayUptime], second: RunSample, fs: list[DayUptime]) -> HistoryDocument:
        once = merge_history(previous, first, ff, now=first.at, settings=options)
        return merge_history(once, second, fs, now=second.at, settings=options)

    assert merged(a, fa, b, fb) == merged(b, fb, a, fa)


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_a_merge_never_invents_a_day(data: st.DataObject) -> None:
    world = data.draw(notice_worlds())
    sample = data.draw(st.none() | run_samples(world))
    now = sample.at if sample is not None else data.draw(history_instants())
    previous = data.draw(st.none() | histories(at=now - timedelta(hours=data.draw(st.integers(0, 72)))))
    figures = data.draw(day_uptimes(now))
    result = merge_history(previous, sample, figures, now=now, settings=data.draw(history_settings))
    allowed = set(dates(previous)) if previous is not None else set[date]()
    if sample is not None:
        known = sample.status != "unknown" or any(s != "unknown" for s in sample.components.values())
        if known:
            allowed.add(day_of(sample.at))
        for notice in sample.notices:
            start = notice.started_at
            assert isinstance(start, datetime)
            end = notice.resolved_at if isinstance(notice.resolved_at, datetime) else sample.at
            day = day_of(start)
            while day <= day_of(min(end, sample.at)):
                allowed.add(day)
                day += timedelta(days=1)
    allowed |= {f.day for f in figures if f.platform is not None or f.components}
    assert set(dates(result)) <= allowed
    # Nor a status: each comes from the previous record of its day or from the sample.
    before = {d.date: d for d in previous.days} if previous is not None else {}
    for day in result.days:
        old = before.get(day.date)
        sampled = sample is not None and day.date == day_of(sample.at)
        if day.status is not msgspec.UNSET:
            assert (old is not None and old.status is not msgspec.UNSET) or (
                sampled and sample is not None and sample.status != "unknown"
            ), day
        components = {} if isinstance(day.components, msgspec.UnsetType) else day.components
        old_components = {} if old is None or isinstance(old.components, msgspec.UnsetType) else old.components
        for cid, component in components.items():
            if component.status is not msgspec.UNSET:
                was = old_components.get(cid)
                assert (was is not None and was.status is not msgspec.UNSET) or (
                    sampled and sample is not None and sample.components.get(cid, "unknown") != "unknown"
                ), (day.date, cid)
    for day in result.days:
        assert (
            day.status is not msgspec.UNSET
            or day.uptime is not msgspec.UNSET
            or day.components is not msgspec.UNSET
            or day.notices is not msgspec.UNSET
        ), day


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_a_closed_days_uptime_is_never_dropped_nor_changed(data: st.DataObject) -> None:
    sample = data.draw(run_samples())
    previous = data.draw(histories(at=sample.at - timedelta(hours=data.draw(st.integers(0, 72)))))
    options = data.draw(history_settings)
    figures = data.draw(day_uptimes(sample.at))
    if previous.days:  # figures for days the history already has, which must not replace its values
        for day in data.draw(st.lists(st.sampled_from(previous.days), max_size=3)):
            component = data.draw(st.sampled_from(HISTORY_COMPONENTS))
            figures.append(
                DayUptime(
                    day=day.date,
                    platform=data.draw(percent_figures),
                    components={component: data.draw(percent_figures)},
                )
            )
    result = merge_history(previous, sample, figures, now=sample.at, settings=options)
    first_kept = day_of(result.updated_at) - timedelta(days=options.days - 1)
    after = uptimes(result)
    for (day, cid), value in uptimes(previous).items():
        if day >= first_kept:
            assert after.get((day, cid)) == value, (day, cid)


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_at_most_the_configured_days_newest_first_and_a_valid_document(data: st.DataObject) -> None:
    sample = data.draw(run_samples(data.draw(notice_worlds())))
    previous = data.draw(st.none() | histories(at=sample.at - timedelta(hours=data.draw(st.integers(0, 500)))))
    options = data.draw(history_settings)
    result = merge_history(previous, sample, data.draw(day_uptimes(sample.at)), now=sample.at, settings=options)
    assert len(result.days) <= options.days
    assert dates(result) == sorted(set(dates(result)), reverse=True)
    assert [d.date for d in result.days if d.partial is True] == [
        d for d in dates(result) if d == day_of(result.updated_at)
    ]
    assert all(d.uptime is msgspec.UNSET for d in result.days if d.partial is True)
    assert decode_history(encode_history(result)) == result


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_backfill_never_changes_a_status_or_a_notice(data: st.DataObject) -> None:
    now = data.draw(history_instants())
    previous = data.draw(histories(at=now))
    result = backfill(previous, data.draw(day_uptimes(now)), now=now, settings=HistorySettings(days=366))

    def observed(history: HistoryDocument) -> dict[date, tuple[object, object, dict[str, object]]]:
        out: dict[date, tuple[object, object, dict[str, object]]] = {}
        for d in history.days:
            components = {} if isinstance(d.components, msgspec.UnsetType) else d.components
            statuses: dict[str, object] = {c: v.status for c, v in components.items() if v.status is not msgspec.UNSET}
            if d.status is not msgspec.UNSET or d.notices is not msgspec.UNSET or statuses:
                out[d.date] = (d.status, d.notices, statuses)
        return out

    assert observed(result) == {day: seen for day, seen in observed(previous).items() if day <= day_of(now)}

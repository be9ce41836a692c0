"""The files published beside status.json (docs/outputs.md), read the way their readers read them.

The Statuspage projection goes through a strict decoder written from the
format (tests/ecosystem_formats.py), the feeds through feedparser, the
badges through a check of shields.io's endpoint rules. The real readers
(Atlassian's widget, the statuspage.io client, a Prometheus exporter, and
Chromium for the SVGs) are in test_outputs_readers.py.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import msgspec
import pytest
from hypothesis import assume, given, settings
from msgspec import UnsetType

from elytra_status_contract import Component, ComponentStatus, Notice, PlatformStatus
from elytra_status_core._core.fixtures import fixture_documents
from elytra_status_core._core.instants import format_instant
from elytra_status_core._core.notices import NoticeFile, UpdateEntry, derive
from elytra_status_core._core.outputs import Output, render_outputs
from elytra_status_core._core.outputs.statuspage import stable_id
from elytra_status_core._core.settings import OutputsSettings, PageSettings
from elytra_status_core._errors import ConfigError
from elytra_status_core._run import guard_output
from tests.ecosystem_formats import (
    STATUSPAGE_FILES,
    ComponentsFile,
    IncidentsFile,
    MaintenancesFile,
    StatusFile,
    Summary,
    check_shields_endpoint,
    decode_statuspage,
)
from tests.strategies import contract_documents

NOW = datetime(2026, 12, 1, 14, 50, tzinfo=UTC)
PAGE = PageSettings(name="Elytracloud", url="https://status.elytracloud.com")
ALL = OutputsSettings()
DOCS = fixture_documents(NOW)
STATES = sorted(DOCS)
INCIDENT_ID = "2026-12-01-panel-errors"
MAINTENANCE_ID = "2026-12-01-database-upgrade"

STATUSPAGE_FILE_NAMES = {
    "api/v2/summary.json",
    "api/v2/status.json",
    "api/v2/components.json",
    "api/v2/incidents.json",
    "api/v2/incidents/unresolved.json",
    "api/v2/scheduled-maintenances.json",
    "api/v2/scheduled-maintenances/upcoming.json",
    "api/v2/scheduled-maintenances/active.json",
}
BADGE_NAMES = ("status", "uptime-24h", "uptime-7d", "uptime-90d")


def notices_of(doc: PlatformStatus) -> list[Notice]:
    return list(doc.notices) if not isinstance(doc.notices, UnsetType) else []


def components_of(doc: PlatformStatus) -> list[Component]:
    return list(doc.components) if not isinstance(doc.components, UnsetType) else []


def render(
    doc: PlatformStatus,
    notices: Sequence[Notice] | None = None,
    *,
    page: PageSettings = PAGE,
    outputs: OutputsSettings = ALL,
    uptime_90d: float | None = None,
    every_monitor_down: bool = False,
) -> dict[str, Output]:
    return render_outputs(
        doc,
        notices_of(doc) if notices is None else notices,
        page=page,
        outputs=outputs,
        uptime_90d=uptime_90d,
        every_monitor_down=every_monitor_down,
    )


def summary(files: dict[str, Output]) -> Summary:
    return decode_statuspage(files["api/v2/summary.json"].data, Summary)


def incident_file(
    *updates: tuple[timedelta, str, str], impact: str = "degraded", title: str = "Elevated errors in the control panel"
) -> NoticeFile:
    """An incident whose updates are ``(offset from NOW, status, body)``."""
    return msgspec.convert(
        {
            "kind": "incident",
            "title": title,
            "impact": impact,
            "components": ["panel"],
            "updates": [{"at": NOW + offset, "status": status, "body": body} for offset, status, body in updates],
        },
        NoticeFile,
    )


def derived(notice_id: str, notice: NoticeFile) -> Notice:
    result = derive(notice_id, notice, NOW)
    assert result is not None
    return result


def completed_maintenance() -> Notice:
    """A database upgrade that ran yesterday and completed by its window."""
    start = NOW - timedelta(days=1)
    notice = NoticeFile(
        kind="maintenance",
        title="Database cluster upgrade",
        components=["panel"],
        scheduled_for=start,
        scheduled_until=start + timedelta(hours=1),
        updates=[UpdateEntry(at=start - timedelta(days=2), status="scheduled", body="We will upgrade the cluster.")],
    )
    return derived("2026-11-30-database-upgrade", notice)


# --- the file set ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", STATES)
def test_the_file_set_is_the_one_in_outputs_md(state: str) -> None:
    doc = DOCS[state]
    badges = [*BADGE_NAMES, *(f"{c.id}/status" for c in components_of(doc))]
    expected = (
        STATUSPAGE_FILE_NAMES
        | {"history.atom", "history.rss"}
        | {f"badges/{name}.{suffix}" for name in badges for suffix in ("json", "svg")}
    )
    files = render(doc)
    assert set(files) == expected
    assert list(files) == sorted(files)


def test_each_file_has_its_content_type() -> None:
    files = render(DOCS["incident-resolved"])
    types = {name: output.content_type for name, output in files.items()}
    assert {types[n] for n in files if n.endswith(".json")} == {"application/json"}
    assert {types[n] for n in files if n.endswith(".svg")} == {"image/svg+xml"}
    assert types["history.atom"] == "application/atom+xml"
    assert types["history.rss"] == "application/rss+xml"


def test_each_output_can_be_switched_off() -> None:
    doc = DOCS["incident-resolved"]
    assert not any(n.startswith("api/") for n in render(doc, outputs=OutputsSettings(statuspage=False)))
    assert not any(n.startswith("history.") for n in render(doc, outputs=OutputsSettings(feeds=False)))
    assert not any(n.startswith("badges/") for n in render(doc, outputs=OutputsSettings(badges=False)))
    assert render(doc, outputs=OutputsSettings(statuspage=False, feeds=False, badges=False)) == {}


def test_the_statuspage_api_and_the_feeds_need_the_page_url() -> None:
    doc = DOCS["operational"]
    nameless = PageSettings(name="Elytracloud")
    for outputs in (OutputsSettings(feeds=False, badges=False), OutputsSettings(statuspage=False, badges=False)):
        with pytest.raises(ConfigError) as caught:
            render(doc, page=nameless, outputs=outputs)
        assert caught.value.key == "page.url"
    badges_only = render(doc, page=nameless, outputs=OutputsSettings(statuspage=False, feeds=False))
    assert set(badges_only) == {f"badges/{n}.{s}" for n in BADGE_NAMES for s in ("json", "svg")}


@pytest.mark.parametrize("state", STATES)
def test_every_file_passes_the_leak_guard(state: str) -> None:
    for name, output in render(DOCS[state], uptime_90d=99.95).items():
        assert guard_output(output.data, name) == output.data


def test_same_inputs_same_bytes_whatever_the_order_of_the_notices() -> None:
    doc = DOCS["incident-investigating"]
    notices = [
        *notices_of(doc),
        completed_maintenance(),
        derived(
            "2026-11-20-dns",
            incident_file((-timedelta(days=11), "investigating", "DNS answers slowly."), impact="outage"),
        ),
    ]
    first = render(doc, notices, uptime_90d=99.5)
    assert render(doc, notices, uptime_90d=99.5) == first
    assert render(doc, list(reversed(notices)), uptime_90d=99.5) == first


# --- Statuspage v2 --------------------------------------------------------------------------


@pytest.mark.parametrize("every_monitor_down", [False, True])
@pytest.mark.parametrize("state", STATES)
def test_every_statuspage_file_passes_the_strict_decoder(state: str, every_monitor_down: bool) -> None:
    files = render(DOCS[state], every_monitor_down=every_monitor_down)
    for name, kind in STATUSPAGE_FILES.items():
        decode_statuspage(files[name].data, kind)


def test_the_strict_decoder_rejects_what_strict_readers_reject() -> None:
    data = msgspec.json.decode(render(DOCS["incident-investigating"])["api/v2/summary.json"].data)
    assert isinstance(data, dict)
    good = cast(dict[str, Any], data)
    decode_statuspage(msgspec.json.encode(good), Summary)
    broken: list[dict[str, Any]] = [
        {**good, "uptime": 99.9},
        {**good, "status": {"indicator": "unknown", "description": "Status Unknown"}},
        {**good, "page": {**good["page"], "id": "Not-An-Id"}},
        {**good, "page": {**good["page"], "updated_at": "2026-12-01 14:50"}},
        {**good, "components": [{**good["components"][1], "status": "unknown"}]},
        {**good, "components": [{k: v for k, v in good["components"][1].items() if k != "description"}]},
        {**good, "incidents": [{**good["incidents"][0], "impact": "degraded"}]},
    ]
    for document in broken:
        with pytest.raises(msgspec.ValidationError):
            decode_statuspage(msgspec.json.encode(document), Summary)


@pytest.mark.parametrize(
    ("state", "every_monitor_down", "indicator", "description"),
    [
        ("operational", False, "none", "All Systems Operational"),
        ("stale", False, "none", "All Systems Operational"),
        ("maintenance-scheduled", False, "none", "All Systems Operational"),
        ("maintenance-in-progress", False, "maintenance", "Service Under Maintenance"),
        ("degraded", False, "minor", "Partially Degraded Service"),
        ("incident-investigating", False, "minor", "Partially Degraded Service"),
        ("outage", False, "major", "Partial System Outage"),
        ("outage", True, "critical", "Major System Outage"),
        ("unknown", False, "minor", "Status Unknown"),
        ("unknown", True, "minor", "Status Unknown"),
    ],
)
def test_the_platform_maps_as_the_table_says(
    state: str, every_monitor_down: bool, indicator: str, description: str
) -> None:
    files = render(DOCS[state], every_monitor_down=every_monitor_down)
    for name in ("api/v2/summary.json", "api/v2/status.json"):
        status = decode_statuspage(files[name].data, StatusFile if name.endswith("status.json") else Summary).status
        assert (status.indicator, status.description) == (indicator, description)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("operational", "operational"),
        ("degraded", "degraded_performance"),
        ("outage", "major_outage"),
        ("maintenance", "under_maintenance"),
        ("unknown", "degraded_performance"),
    ],
)
def test_components_map_as_the_table_says(ours: ComponentStatus, theirs: str) -> None:
    doc = msgspec.structs.replace(
        DOCS["operational"], components=[Component(id="panel", name="Control panel", status=ours)]
    )
    components = decode_statuspage(render(doc)["api/v2/components.json"].data, ComponentsFile).components
    assert [(c.name, c.status, c.group, c.group_id) for c in components] == [("Control panel", theirs, False, None)]


def test_groups_come_before_their_members_with_the_worst_status() -> None:
    components = decode_statuspage(render(DOCS["component-outage"])["api/v2/components.json"].data, ComponentsFile)
    listed = [(c.name, c.status, c.group) for c in components.components]
    assert listed == [
        ("Hosting", "operational", True),
        ("Customer websites", "operational", False),
        ("Control panel", "operational", False),
        ("Network", "major_outage", True),
        ("DNS", "major_outage", False),
    ]
    by_name = {c.name: c for c in components.components}
    assert by_name["Hosting"].components == [by_name["Customer websites"].id, by_name["Control panel"].id]
    assert by_name["DNS"].group_id == by_name["Network"].id
    assert [c.position for c in components.components] == [1, 2, 3, 4, 5]


def test_page_carries_our_name_url_and_updated_at() -> None:
    for state in ("operational", "stale"):
        doc = DOCS[state]
        page = decode_statuspage(render(doc)["api/v2/status.json"].data, StatusFile).page
        assert page.updated_at == format_instant(doc.updated_at)
        assert (page.name, page.url, page.time_zone) == ("Elytracloud", "https://status.elytracloud.com", "Etc/UTC")
    stale = decode_statuspage(render(DOCS["stale"])["api/v2/status.json"].data, StatusFile).page
    assert stale.updated_at == format_instant(NOW - timedelta(hours=2))


def _all_ids(value: object) -> list[str]:
    ids: list[str] = []
    if isinstance(value, dict):
        for key, item in cast(dict[str, object], value).items():
            if key == "id" and isinstance(item, str):
                ids.append(item)
            else:
                ids += _all_ids(item)
    elif isinstance(value, list):
        for item in cast(list[object], value):
            ids += _all_ids(item)
    return ids


def test_ids_are_stable_distinct_and_belong_to_the_page() -> None:
    later = fixture_documents(NOW + timedelta(hours=3))["component-outage"]
    first = decode_statuspage(render(DOCS["component-outage"])["api/v2/components.json"].data, ComponentsFile)
    again = decode_statuspage(render(later)["api/v2/components.json"].data, ComponentsFile)
    assert [c.id for c in first.components] == [c.id for c in again.components]
    assert first.page.id == again.page.id
    ids = [first.page.id, *(c.id for c in first.components)]
    assert len(set(ids)) == len(ids)
    other = PageSettings(name="Elytracloud", url="https://status.example.org")
    elsewhere = decode_statuspage(
        render(DOCS["component-outage"], page=other)["api/v2/components.json"].data, ComponentsFile
    )
    assert not {c.id for c in elsewhere.components} & set(ids)
    assert stable_id("https://status.elytracloud.com", "component", "panel") != stable_id(
        "https://status.elytracloud.com", "incident", "panel"
    )


@pytest.mark.parametrize("state", STATES)
def test_no_id_repeats_within_a_file(state: str) -> None:
    files = render(DOCS[state], [*notices_of(DOCS[state]), completed_maintenance()])
    for name in STATUSPAGE_FILE_NAMES:
        data = cast(dict[str, Any], msgspec.json.decode(files[name].data))
        ids = _all_ids(data)
        assert all(re.fullmatch(r"[a-z0-9]{12}", i) for i in ids)
        # Each incident lists the components it concerns, so only these must be unique:
        for key in ("incidents", "scheduled_maintenances", "components"):
            listed = data.get(key, [])
            own = [i["id"] for i in listed] + [u["id"] for i in listed for u in i.get("incident_updates", [])]
            assert len(own) == len(set(own)), (name, key)


def test_an_incident_in_statuspage_terms() -> None:
    doc = DOCS["incident-resolved"]
    files = render(doc)
    incidents = decode_statuspage(files["api/v2/incidents.json"].data, IncidentsFile).incidents
    assert len(incidents) == 1
    incident = incidents[0]
    assert (incident.name, incident.status, incident.impact) == (
        "Elevated errors in the control panel",
        "resolved",
        "minor",
    )
    assert incident.shortlink == f"https://status.elytracloud.com/status#{INCIDENT_ID}"
    assert [u.status for u in incident.incident_updates] == ["resolved", "identified", "investigating"]
    assert {u.incident_id for u in incident.incident_updates} == {incident.id}
    assert incident.created_at == incident.started_at == format_instant(NOW - timedelta(minutes=50))
    assert incident.updated_at == incident.resolved_at == format_instant(NOW - timedelta(minutes=10))
    assert incident.monitoring_at is None
    assert [c.name for c in incident.components] == ["Control panel"]
    assert incident.incident_updates[0].body == "The rollback is complete and logins work again."
    # resolved: listed in incidents.json, not in the unresolved list or the summary
    assert decode_statuspage(files["api/v2/incidents/unresolved.json"].data, IncidentsFile).incidents == []
    assert summary(files).incidents == []
    open_files = render(DOCS["incident-investigating"])
    unresolved = decode_statuspage(open_files["api/v2/incidents/unresolved.json"].data, IncidentsFile).incidents
    assert [i.status for i in unresolved] == ["investigating"]
    assert [i.id for i in summary(open_files).incidents] == [i.id for i in unresolved]
    assert summary(open_files).incidents[0].resolved_at is None


def test_monitoring_at_is_when_monitoring_began() -> None:
    notice = derived(
        "2026-12-01-dns",
        incident_file(
            (-timedelta(hours=2), "investigating", "DNS answers slowly."),
            (-timedelta(hours=1), "monitoring", "A fix is out; we are watching."),
            (-timedelta(minutes=30), "monitoring", "Still watching."),
        ),
    )
    incident = summary(render(DOCS["operational"], [notice])).incidents[0]
    assert incident.monitoring_at == format_instant(NOW - timedelta(hours=1))
    assert incident.status == "monitoring"


@pytest.mark.parametrize(
    ("state", "upcoming", "active", "status"),
    [
        ("maintenance-scheduled", 1, 0, "scheduled"),
        ("maintenance-in-progress", 0, 1, "in_progress"),
    ],
)
def test_maintenance_in_statuspage_terms(state: str, upcoming: int, active: int, status: str) -> None:
    files = render(DOCS[state])
    listed = {
        name: decode_statuspage(files[name].data, MaintenancesFile).scheduled_maintenances
        for name in STATUSPAGE_FILE_NAMES
        if "scheduled-maintenances" in name
    }
    assert len(listed["api/v2/scheduled-maintenances/upcoming.json"]) == upcoming
    assert len(listed["api/v2/scheduled-maintenances/active.json"]) == active
    (maintenance,) = listed["api/v2/scheduled-maintenances.json"]
    assert (maintenance.status, maintenance.impact, maintenance.name) == (
        status,
        "maintenance",
        "Database cluster upgrade",
    )
    assert maintenance.shortlink == f"https://status.elytracloud.com/status#{MAINTENANCE_ID}"
    doc_notice = notices_of(DOCS[state])[0]
    assert maintenance.scheduled_for == format_instant(cast(datetime, doc_notice.scheduled_for))
    assert maintenance.scheduled_until == format_instant(cast(datetime, doc_notice.scheduled_until))
    assert [m.id for m in summary(files).scheduled_maintenances] == [maintenance.id]


def test_completed_maintenance_is_history_only() -> None:
    files = render(DOCS["operational"], [completed_maintenance()])
    (listed,) = decode_statuspage(
        files["api/v2/scheduled-maintenances.json"].data, MaintenancesFile
    ).scheduled_maintenances
    assert (listed.status, listed.resolved_at) == ("completed", format_instant(NOW - timedelta(hours=23)))
    assert summary(files).scheduled_maintenances == []
    for name in ("upcoming", "active"):
        path = f"api/v2/scheduled-maintenances/{name}.json"
        assert decode_statuspage(files[path].data, MaintenancesFile).scheduled_maintenances == []


def sixty_incidents() -> list[Notice]:
    """One resolved incident a day for 60 days, the newest yesterday."""
    notices: list[Notice] = []
    for day in range(1, 61):
        start = -timedelta(days=day)
        notice = incident_file(
            (start, "investigating", f"Day {day}: elevated errors."),
            (start + timedelta(hours=1), "resolved", "Fixed."),
            title=f"Elevated errors, day {day}",
        )
        notices.append(derived(f"incident-{day:02d}", notice))
    return notices


def test_lists_hold_the_50_newest() -> None:
    files = render(DOCS["operational"], sixty_incidents())
    incidents = decode_statuspage(files["api/v2/incidents.json"].data, IncidentsFile).incidents
    assert [i.name for i in incidents] == [f"Elevated errors, day {day}" for day in range(1, 51)]
    for name in ("history.atom", "history.rss"):
        parsed = parse_feed(files[name].data)
        assert [e["title"] for e in parsed.entries] == [f"Elevated errors, day {day}" for day in range(1, 51)]


# --- feeds ------------------------------------------------------------------------------------


class Parsed(msgspec.Struct):
    bozo: bool
    feed: dict[str, Any]
    entries: list[dict[str, Any]]


def parse_feed(data: bytes) -> Parsed:
    """What feedparser (partly typed) reads from ``data``."""
    feedparser: Any = importlib.import_module("feedparser")
    result: Any = feedparser.parse(data)
    entries: list[Any] = list(result.entries)
    return Parsed(bool(result.bozo), dict(result.feed), [dict(e) for e in entries])


STRONG = re.compile(r"<strong>([^<]*)</strong> - ")

LABELS = {
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
    "scheduled": "Scheduled",
    "in_progress": "In progress",
    "completed": "Completed",
}


def _feed_notices(state: str) -> list[Notice]:
    return [*notices_of(DOCS[state]), completed_maintenance()]


@pytest.mark.parametrize("state", [s for s in STATES if notices_of(DOCS[s])])
def test_the_atom_feed_as_feedparser_reads_it(state: str) -> None:
    notices = _feed_notices(state)
    files = render(DOCS[state], notices)
    parsed = parse_feed(files["history.atom"].data)
    assert not parsed.bozo
    assert parsed.feed["id"] == "tag:status.elytracloud.com,2005:/history"
    assert parsed.feed["title"] == "Elytracloud Status - Incident History"
    assert parsed.feed["link"] == "https://status.elytracloud.com"
    assert {(link["rel"], link["href"]) for link in parsed.feed["links"]} == {
        ("alternate", "https://status.elytracloud.com"),
        ("self", "https://status.elytracloud.com/history.atom"),
    }
    newest = max(n.updated_at for n in notices)
    assert parsed.feed["updated"] == newest.isoformat()
    ordered = sorted(notices, key=lambda n: n.updates[-1].at, reverse=True)
    assert [e["id"] for e in parsed.entries] == [f"tag:status.elytracloud.com,2005:Incident/{n.id}" for n in ordered]
    for entry, notice in zip(parsed.entries, ordered, strict=True):
        assert entry["title"] == notice.title
        assert entry["link"] == f"https://status.elytracloud.com/status#{notice.id}"
        assert datetime(*entry["published_parsed"][:6], tzinfo=UTC) == notice.updates[-1].at
        assert datetime(*entry["updated_parsed"][:6], tzinfo=UTC) == notice.updated_at
        (content,) = entry["content"]
        assert content["type"] == "text/html"
        assert STRONG.findall(content["value"]) == [LABELS[u.status] for u in notice.updates]


@pytest.mark.parametrize("state", [s for s in STATES if notices_of(DOCS[s])])
def test_the_rss_feed_as_feedparser_reads_it(state: str) -> None:
    notices = _feed_notices(state)
    parsed = parse_feed(render(DOCS[state], notices)["history.rss"].data)
    assert not parsed.bozo
    assert parsed.feed["title"] == "Elytracloud Status - Incident History"
    assert parsed.feed["link"] == "https://status.elytracloud.com"
    ordered = sorted(notices, key=lambda n: n.updates[-1].at, reverse=True)
    assert [e["id"] for e in parsed.entries] == [f"tag:status.elytracloud.com,2005:Incident/{n.id}" for n in ordered]
    for entry, notice in zip(parsed.entries, ordered, strict=True):
        assert entry["guidislink"] is False
        assert entry["link"] == f"https://status.elytracloud.com/status#{notice.id}"
        assert datetime(*entry["published_parsed"][:6], tzinfo=UTC) == notice.updates[-1].at
        assert STRONG.findall(entry["summary"]) == [LABELS[u.status] for u in notice.updates]


def test_maintenance_entries_use_statuspage_words() -> None:
    notices = [*notices_of(DOCS["maintenance-in-progress"]), completed_maintenance()]
    parsed = parse_feed(render(DOCS["maintenance-in-progress"], notices)["history.atom"].data)
    first_strong = [STRONG.findall(e["content"][0]["value"])[0] for e in parsed.entries]
    assert set(first_strong) == {"Scheduled"}  # both were announced, and nothing was posted since
    during = derived(
        MAINTENANCE_ID,
        NoticeFile(
            kind="maintenance",
            title="Database cluster upgrade",
            scheduled_for=NOW - timedelta(hours=1),
            scheduled_until=NOW + timedelta(hours=1),
            updates=[
                UpdateEntry(at=NOW - timedelta(days=1), status="scheduled", body="Announced."),
                UpdateEntry(at=NOW - timedelta(hours=1), status="in_progress", body="Started."),
                UpdateEntry(at=NOW - timedelta(minutes=5), status="completed", body="Done early."),
            ],
        ),
    )
    parsed = parse_feed(render(DOCS["operational"], [during])["history.atom"].data)
    assert STRONG.findall(parsed.entries[0]["content"][0]["value"]) == ["Completed", "In progress", "Scheduled"]


def test_update_bodies_are_text_not_markup() -> None:
    notice = derived(
        "2026-12-01-panel-errors",
        incident_file(
            (-timedelta(minutes=5), "investigating", 'Logins fail with <b>"500"</b> & retries\nsecond line'),
            title="Errors <script>alert(1)</script>",
        ),
    )
    files = render(DOCS["operational"], [notice])
    for name, key in (("history.atom", "content"), ("history.rss", "summary")):
        parsed = parse_feed(files[name].data)
        assert not parsed.bozo
        entry = parsed.entries[0]
        value = entry["content"][0]["value"] if key == "content" else entry["summary"]
        assert re.search(r"&lt;b&gt;&quot;500&quot;&lt;/b&gt; &amp; retries<br ?/?>second line", value)
        assert "<b>" not in value
        assert entry["title"] == "Errors <script>alert(1)</script>"


def test_a_feed_without_notices_is_valid_and_dated_by_the_document() -> None:
    files = render(DOCS["operational"], [])
    for name in ("history.atom", "history.rss"):
        parsed = parse_feed(files[name].data)
        assert not parsed.bozo
        assert parsed.entries == []
    atom = parse_feed(files["history.atom"].data)
    assert atom.feed["updated"] == NOW.isoformat()


def test_text_xml_cannot_carry_is_dropped_not_fatal() -> None:
    notice = derived(
        "2026-12-01-panel-errors",
        incident_file((-timedelta(minutes=5), "investigating", "bell \x07 here"), title="tab\there \x1b[0m"),
    )
    doc = msgspec.structs.replace(
        DOCS["operational"], components=[Component(id="panel", name="Control\x00 panel", status="operational")]
    )
    files = render(doc, [notice])
    parsed = parse_feed(files["history.atom"].data)
    assert not parsed.bozo
    assert parsed.entries[0]["title"] == "tab\there [0m"
    assert "bell  here" in parsed.entries[0]["content"][0]["value"]
    ET.fromstring(files["badges/panel/status.svg"].data)


# --- badges -----------------------------------------------------------------------------------


@pytest.mark.parametrize("state", STATES)
def test_every_badge_is_a_shields_endpoint(state: str) -> None:
    for name, output in render(DOCS[state], uptime_90d=99.95).items():
        if name.startswith("badges/") and name.endswith(".json"):
            badge = check_shields_endpoint(output.data)
            assert set(badge) == {"schemaVersion", "label", "message", "color", "cacheSeconds"}
            assert badge["cacheSeconds"] >= 300


def test_the_shields_check_rejects_what_shields_rejects() -> None:
    good = {"schemaVersion": 1, "label": "uptime 7d", "message": "99.95%", "color": "brightgreen"}
    check_shields_endpoint(msgspec.json.encode(good))
    for bad in (
        {**good, "uptime": 99.95},
        {**good, "schemaVersion": 2},
        {**good, "message": ""},
        {**good, "cacheSeconds": "300"},
        {k: v for k, v in good.items() if k != "label"},
        {**good, "namedLogo": "github", "logoSvg": "<svg/>"},
    ):
        with pytest.raises(ValueError, match=r"."):
            check_shields_endpoint(msgspec.json.encode(bad))


def badge(files: dict[str, Output], name: str) -> dict[str, Any]:
    return check_shields_endpoint(files[f"badges/{name}.json"].data)


@pytest.mark.parametrize(
    ("percent", "message", "color"),
    [
        (100.0, "100%", "brightgreen"),
        (99.996, "99.99%", "brightgreen"),
        (99.9, "99.90%", "brightgreen"),
        (99.89, "99.89%", "green"),
        (99.5, "99.50%", "green"),
        (99.49, "99.49%", "yellowgreen"),
        (99.0, "99.00%", "yellowgreen"),
        (98.99, "98.99%", "yellow"),
        (98.0, "98.00%", "yellow"),
        (97.99, "97.99%", "orange"),
        (95.0, "95.00%", "orange"),
        (94.99, "94.99%", "red"),
        (0.0, "0.00%", "red"),
        (None, "unknown", "lightgrey"),
    ],
)
def test_uptime_is_coloured_by_fixed_steps(percent: float | None, message: str, color: str) -> None:
    files = render(DOCS["operational"], uptime_90d=percent)
    assert badge(files, "uptime-90d") == {
        "schemaVersion": 1,
        "label": "uptime 90d",
        "message": message,
        "color": color,
        "cacheSeconds": 300,
    }


def test_unknown_uptime_is_never_a_number() -> None:
    files = render(DOCS["no-uptime"])
    for window in ("24h", "7d", "90d"):
        assert (badge(files, f"uptime-{window}")["message"], badge(files, f"uptime-{window}")["color"]) == (
            "unknown",
            "lightgrey",
        )
    known = render(DOCS["operational"])
    assert badge(known, "uptime-24h")["message"] == "99.99%"
    assert badge(known, "uptime-7d")["message"] == "99.97%"


@pytest.mark.parametrize(
    ("state", "message", "color"),
    [
        ("operational", "operational", "brightgreen"),
        ("maintenance-scheduled", "operational", "brightgreen"),
        ("maintenance-in-progress", "maintenance", "blue"),
        ("degraded", "degraded", "yellow"),
        ("outage", "outage", "red"),
        ("unknown", "unknown", "lightgrey"),
    ],
)
def test_the_status_badge(state: str, message: str, color: str) -> None:
    assert badge(render(DOCS[state]), "status") == {
        "schemaVersion": 1,
        "label": "status",
        "message": message,
        "color": color,
        "cacheSeconds": 300,
    }


def test_component_badges_are_labelled_with_their_names() -> None:
    files = render(DOCS["component-outage"])
    assert [
        (badge(files, f"{c}/status")["label"], badge(files, f"{c}/status")["message"]) for c in ("websites", "dns")
    ] == [
        ("Customer websites", "operational"),
        ("DNS", "outage"),
    ]
    assert badge(files, "dns/status")["color"] == "red"


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("state", STATES)
def test_each_svg_says_what_its_json_says(state: str) -> None:
    files = render(DOCS[state], uptime_90d=98.5)
    for name, output in files.items():
        if not (name.startswith("badges/") and name.endswith(".svg")):
            continue
        endpoint = check_shields_endpoint(files[name.removesuffix(".svg") + ".json"].data)
        root = ET.fromstring(output.data)
        assert root.tag == f"{SVG}svg"
        assert float(root.attrib["width"]) > 0 and root.attrib["height"] == "20"
        assert root.findtext(f"{SVG}title") == f"{endpoint['label']}: {endpoint['message']}"
        texts = {t.text for t in root.iter(f"{SVG}text")}
        assert texts == {endpoint["label"], endpoint["message"]}


def test_badges_inlined_in_one_page_keep_their_own_ids() -> None:
    files = render(DOCS["component-outage"])
    ids = [
        element.attrib["id"]
        for name, output in files.items()
        if name.endswith(".svg")
        for element in ET.fromstring(output.data).iter()
        if "id" in element.attrib
    ]
    assert len(ids) == 2 * len([n for n in files if n.endswith(".svg")])
    assert len(set(ids)) == len(ids)


# --- any document -----------------------------------------------------------------------------


def _well_formed(notice: Notice) -> bool:
    """What ``notices.derive`` can produce: statuses that fit the kind, at least one update, a window for maintenance."""
    fits = ("investigating", "identified", "monitoring", "resolved")
    if notice.kind == "maintenance":
        fits = ("scheduled", "in_progress", "completed")
        if isinstance(notice.scheduled_for, UnsetType) or isinstance(notice.scheduled_until, UnsetType):
            return False
    return bool(notice.updates) and notice.status in fits and all(u.status in fits for u in notice.updates)


def _four_digit_years(doc: PlatformStatus, notices: Sequence[Notice]) -> bool:
    """Whether every instant is in years 1000..9999 (``format_instant`` writes year 999 as ``999``)."""
    instants = [doc.updated_at]
    for notice in notices:
        instants += [notice.updated_at, *(u.at for u in notice.updates)]
        instants += [
            t
            for t in (notice.started_at, notice.resolved_at, notice.scheduled_for, notice.scheduled_until)
            if not isinstance(t, UnsetType)
        ]
    return all(t.astimezone(UTC).year >= 1000 for t in instants)


@settings(max_examples=40, deadline=None)
@given(contract_documents(unknown_fields=False))
def test_any_document_projects_to_files_strict_readers_accept(raw: dict[str, object]) -> None:
    doc = msgspec.convert(raw, PlatformStatus, strict=False)
    notices = [n for n in notices_of(doc) if _well_formed(n)]
    assume(_four_digit_years(doc, notices))
    unique = list({n.id: n for n in notices}.values())
    files = render(doc, unique, uptime_90d=None)
    for name, kind in STATUSPAGE_FILES.items():
        decode_statuspage(files[name].data, kind)
    status = decode_statuspage(files["api/v2/status.json"].data, StatusFile).status
    if doc.platform_status != "operational":
        assert status.indicator != "none"
    components = decode_statuspage(files["api/v2/components.json"].data, ComponentsFile).components
    members = [c for c in components if not c.group]
    for ours, theirs in zip(components_of(doc), members, strict=True):
        if ours.status != "operational":
            assert theirs.status != "operational"
    for name in ("history.atom", "history.rss"):
        assert not parse_feed(files[name].data).bozo
    for name, output in files.items():
        if name.startswith("badges/"):
            if name.endswith(".json"):
                check_shields_endpoint(output.data)
            else:
                ET.fromstring(output.data)


# --- what loads -------------------------------------------------------------------------------

_PROBE = """
import json, sys
from datetime import UTC, datetime
import elytra_status_core._core.outputs as outputs
from elytra_status_core._core.fixtures import fixture_documents
from elytra_status_core._core.settings import OutputsSettings, PageSettings
def heavy():
    return sorted({m.split(".")[0] for m in sys.modules} & {"lxml", "feedgen", "badgepy", "jinja2", "requests"})
loaded = {"import": heavy()}
doc = fixture_documents(datetime(2026, 12, 1, tzinfo=UTC))["operational"]
page = PageSettings(url="https://status.elytracloud.com")
outputs.render_outputs(doc, [], page=page, outputs=OutputsSettings(feeds=False, badges=False))
loaded["statuspage"] = heavy()
outputs.render_outputs(doc, [], page=page, outputs=OutputsSettings(statuspage=False, badges=False))
loaded["feeds"] = heavy()
outputs.render_outputs(doc, [], page=page, outputs=OutputsSettings())
loaded["all"] = heavy()
print(json.dumps(loaded))
"""


def test_the_feed_and_badge_libraries_load_only_when_their_files_are_rendered() -> None:
    result = subprocess.run([sys.executable, "-W", "error", "-c", _PROBE], capture_output=True, text=True, check=True)
    loaded = msgspec.json.decode(result.stdout.splitlines()[-1], type=dict[str, list[str]])
    assert loaded["import"] == loaded["statuspage"] == []
    assert loaded["feeds"] == ["feedgen", "lxml"]
    assert {"badgepy", "feedgen", "lxml"} <= set(loaded["all"])


def test_the_notices_fixture_has_what_these_tests_rely_on() -> None:
    assert [n.id for n in notices_of(DOCS["incident-resolved"])] == [INCIDENT_ID]
    assert [n.id for n in notices_of(DOCS["maintenance-in-progress"])] == [MAINTENANCE_ID]
    assert DOCS["outage"].platform_status == "outage"
    assert DOCS["component-outage"].platform_status != "outage"

"""What a notification announces: the pure diff between the replaced document and the written one."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from hypothesis import given

from elytra_status_contract import Component, Notice, PlatformStatus
from elytra_status_core import decode
from elytra_status_core._core.changes import Change, changes, headline, render_text, summary
from tests.strategies import contract_documents

T0 = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def doc(**fields: Any) -> PlatformStatus:
    base: dict[str, Any] = {"schema_version": "1.1", "updated_at": T0, "platform_status": "operational"}
    return PlatformStatus(**{**base, **fields})


def component(status: str, *, id: str = "panel", name: str = "Control panel") -> Component:  # noqa: A002
    return msgspec.convert({"id": id, "name": name, "status": status}, Component)


def incident(status: str, *updates: tuple[int, str, str], title: str = "Elevated errors") -> Notice:
    posted = [{"at": T0 + timedelta(minutes=m), "status": s, "body": b} for m, s, b in updates]
    return msgspec.convert(
        {
            "id": "2026-12-01-panel-errors",
            "kind": "incident",
            "title": title,
            "status": status,
            "impact": "degraded",
            "components": ["panel"],
            "started_at": posted[0]["at"],
            "updated_at": posted[-1]["at"],
            "updates": posted[::-1],
        },
        Notice,
    )


def maintenance(status: str, *, updates: int = 1) -> Notice:
    return msgspec.convert(
        {
            "id": "2026-12-05-db-upgrade",
            "kind": "maintenance",
            "title": "Database upgrade",
            "status": status,
            "impact": "none",
            "scheduled_for": "2026-12-05T02:00:00Z",
            "scheduled_until": "2026-12-05T03:00:00Z",
            "updated_at": "2026-12-01T14:00:00Z",
            "updates": [
                {"at": "2026-12-01T14:00:00Z", "status": "scheduled", "body": f"Expect short interruptions ({n})."}
                for n in range(updates)
            ],
        },
        Notice,
        strict=False,
    )


def test_platform_status_change() -> None:
    found = changes(doc(), doc(platform_status="degraded"))
    assert found == [Change(type="platform_status", before="operational", after="degraded")]
    assert summary(found[0]) == "Platform status: operational → degraded"
    assert msgspec.json.encode(found[0]) == b'{"type":"platform_status","from":"operational","to":"degraded"}'


def test_nothing_changed_is_no_change() -> None:
    same = doc(components=[component("outage")], notices=[incident("investigating", (0, "investigating", "Looking."))])
    later = msgspec.structs.replace(same, updated_at=T0 + timedelta(minutes=10))
    assert changes(same, later) == []


def test_component_status_change_and_config_changes() -> None:
    before = doc(components=[component("operational"), component("operational", id="web", name="Websites")])
    after = doc(components=[component("outage"), component("degraded", id="mail", name="Mail")])
    found = changes(before, after)
    assert found == [Change(type="component", before="operational", after="outage", id="panel", name="Control panel")]
    assert summary(found[0]) == "Control panel: operational → outage"


def test_incident_lifecycle() -> None:
    opened = incident("investigating", (0, "investigating", "We are investigating."))
    identified = incident("identified", (0, "investigating", "We are investigating."), (20, "identified", "A deploy."))
    note = incident(
        "identified",
        (0, "investigating", "We are investigating."),
        (20, "identified", "A deploy."),
        (30, "identified", "Rolling back."),
    )
    resolved = incident(
        "resolved",
        (0, "investigating", "We are investigating."),
        (20, "identified", "A deploy."),
        (30, "identified", "Rolling back."),
        (40, "resolved", "Fixed."),
    )
    steps = [doc(), doc(notices=[opened]), doc(notices=[identified]), doc(notices=[note]), doc(notices=[resolved])]
    events = [[c.event for c in changes(a, b)] for a, b in itertools.pairwise(steps)]
    assert events == [["opened"], ["updated"], ["updated"], ["resolved"]]
    first = changes(steps[0], steps[1])[0]
    assert (first.before, first.after, first.body, first.impact) == (
        None,
        "investigating",
        "We are investigating.",
        "degraded",
    )
    assert summary(first) == "Incident opened: Elevated errors (investigating, impact degraded)"
    last = changes(steps[3], steps[4])[0]
    assert (last.before, last.after, last.body, last.at) == (
        "identified",
        "resolved",
        "Fixed.",
        T0 + timedelta(minutes=40),
    )
    assert summary(last) == "Incident resolved: Elevated errors"
    reopened = changes(steps[4], steps[3])
    assert [c.event for c in reopened] == ["opened"]
    assert changes(steps[4], doc()) == []  # it left the document: its recent window ran out


def test_a_retitled_notice_is_an_update() -> None:
    one = incident("investigating", (0, "investigating", "Looking."))
    two = incident("investigating", (0, "investigating", "Looking."), title="Login errors")
    assert [c.event for c in changes(doc(notices=[one]), doc(notices=[two]))] == ["updated"]


def test_maintenance_lifecycle() -> None:
    steps = [doc(), doc(notices=[maintenance("scheduled")]), doc(notices=[maintenance("in_progress")])]
    steps.append(doc(notices=[maintenance("completed")]))
    events = [[c.event for c in changes(a, b)] for a, b in itertools.pairwise(steps)]
    assert events == [["opened"], ["maintenance_started"], ["maintenance_ended"]]
    scheduled = changes(steps[0], steps[1])[0]
    assert (
        summary(scheduled) == "Maintenance scheduled: Database upgrade (2026-12-05T02:00:00Z to 2026-12-05T03:00:00Z)"
    )
    assert summary(changes(steps[1], steps[2])[0]) == "Maintenance started: Database upgrade"
    assert summary(changes(steps[2], steps[3])[0]) == "Maintenance completed: Database upgrade"
    first_seen_running = changes(doc(), doc(notices=[maintenance("in_progress")]))
    assert [c.event for c in first_seen_running] == ["maintenance_started"]


def test_a_1_0_document_is_compared_on_platform_status_only() -> None:
    old = PlatformStatus(updated_at=T0, platform_status="operational")
    new = doc(
        platform_status="degraded",
        components=[component("outage")],
        notices=[incident("investigating", (0, "investigating", "Looking."))],
    )
    assert [c.type for c in changes(old, new)] == ["platform_status"]
    empty = doc()  # a 1.1 document without components and notices compares them as empty lists
    assert [(c.type, c.event) for c in changes(empty, new)] == [("platform_status", None), ("notice", "opened")]


def test_headline_and_text() -> None:
    found = changes(
        doc(components=[component("operational")]),
        doc(
            platform_status="degraded",
            components=[component("outage")],
            notices=[incident("investigating", (0, "investigating", "We are investigating.\n\nMore soon."))],
        ),
    )
    assert headline(found) == "Platform status: operational → degraded (+2 more)"
    assert headline(found[:1]) == "Platform status: operational → degraded"
    text = render_text(found, updated_at=T0, page_name="Example status", page_url="https://status.example.com")
    assert text.splitlines() == [
        "- Platform status: operational → degraded",
        "- Control panel: operational → outage",
        "- Incident opened: Elevated errors (investigating, impact degraded)",
        "  We are investigating.",
        "",
        "  More soon.",
        "",
        "As of 2026-12-01T14:00:00Z, Example status <https://status.example.com>.",
    ]


@given(contract_documents(unknown_fields=False))
def test_a_document_compared_with_itself_has_no_changes(raw: dict[str, object]) -> None:
    document = decode(msgspec.json.encode(raw))
    assert changes(document, document) == []


@given(contract_documents(unknown_fields=False), contract_documents(unknown_fields=False))
def test_platform_status_is_announced_exactly_when_it_differs(a: dict[str, object], b: dict[str, object]) -> None:
    before, after = decode(msgspec.json.encode(a)), decode(msgspec.json.encode(b))
    found = changes(before, after)
    announced = [c for c in found if c.type == "platform_status"]
    assert len(announced) == (before.platform_status != after.platform_status)
    ids = [c.id for c in found if c.type == "component"]
    assert len(ids) == len(set(ids))
    for change in found:
        assert change.before != change.after or change.type == "notice"

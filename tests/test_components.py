"""Components: selectors, status from monitors and notices, and the platform raised by incidents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec import UNSET

from elytra_status_contract import Impact, Notice, NoticeKind, NoticeStatus, NoticeUpdate, Status
from elytra_status_core import MonitorObservation, Observations, StatusSettings
from elytra_status_core._core.build import build_document
from elytra_status_core._core.components import (
    build_components,
    parse_selector,
    raise_by_incidents,
    unmatched_selectors,
)
from elytra_status_core._core.observations import MonitorState
from elytra_status_core._core.settings import ComponentSettings
from tests.strategies import monitor_lists

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
RANK = {"operational": 0, "degraded": 1, "outage": 2}


def monitor(key: str, state: MonitorState = "up", source: str = "kuma", a24: float | None = 1.0) -> MonitorObservation:
    return MonitorObservation(
        source=source,
        monitor=key,
        state=state,
        observed_at=NOW - timedelta(minutes=1),
        availability_24h=a24,
    )


def notice(
    kind: NoticeKind, status: NoticeStatus, impact: Impact = "degraded", components: list[str] | None = None
) -> Notice:
    return Notice(
        id=f"{kind}-{status}",
        kind=kind,
        title="T",
        status=status,
        impact=impact,
        components=components if components is not None else UNSET,
        updated_at=NOW,
        updates=[NoticeUpdate(at=NOW, status=status, body="b")],
    )


PANEL = ComponentSettings(id="panel", name="Control panel", monitors=["kuma:panel-*"])


def status_of(
    component: ComponentSettings, monitors: list[MonitorObservation], notices: tuple[Notice, ...] = ()
) -> str:
    (built,) = build_components([component], monitors, status=StatusSettings(), notices=notices)
    return built.status


@pytest.mark.parametrize(
    ("selector", "key", "source", "picked"),
    [
        ("kuma:panel-*", "panel-eu", "kuma", True),
        ("kuma:panel-*", "panel", "kuma", False),
        ("kuma:panel-?", "panel-1", "kuma", True),
        ("kuma:panel-?", "panel-12", "kuma", False),
        ("kuma:a.b", "aXb", "kuma", False),  # nothing but * and ? is special
        ("kuma:[12]", "[12]", "kuma", True),
        ("kuma:*", "anything", "prometheus", False),
    ],
)
def test_selectors_pick_by_source_name_and_key_glob(selector: str, key: str, source: str, picked: bool) -> None:
    component = ComponentSettings(id="c", name="C", monitors=[selector])
    monitors = [monitor(key, source=source)]
    assert (unmatched_selectors([component], monitors, {}) == []) is picked


def test_a_selector_needs_a_source_and_a_glob() -> None:
    for bad in ("kuma", ":x", "kuma:"):
        with pytest.raises(ValueError, match="<source name>:<monitor key glob>"):
            parse_selector(bad)


def test_component_status_from_its_monitors_then_its_notices() -> None:
    up, down = monitor("panel-1"), monitor("panel-2", "down")
    assert status_of(PANEL, [up, monitor("other", "down")]) == "operational"  # other monitors do not count
    assert status_of(PANEL, [up, down]) == "outage"
    assert status_of(PANEL, []) == "unknown"
    running = notice("maintenance", "in_progress", "none", ["panel"])
    assert status_of(PANEL, [up], (running,)) == "maintenance"
    assert status_of(PANEL, [], (running,)) == "maintenance"
    incident = notice("incident", "identified", "degraded", ["panel"])
    assert status_of(PANEL, [up], (running, incident)) == "degraded"  # an incident wins over maintenance
    assert status_of(PANEL, [], (incident,)) == "degraded"
    assert status_of(PANEL, [up], (notice("incident", "resolved", "outage", ["panel"]),)) == "operational"
    assert status_of(PANEL, [up], (notice("incident", "identified", "outage", ["dns"]),)) == "operational"
    assert status_of(PANEL, [up], (notice("maintenance", "scheduled", "none", ["panel"]),)) == "operational"


def test_a_component_may_have_its_own_thresholds() -> None:
    strict = ComponentSettings(id="panel", name="P", monitors=["kuma:panel-*"], operational_min_24h=99.99)
    monitors = [monitor("panel-1", a24=0.9995)]
    assert status_of(PANEL, monitors) == "operational"
    assert status_of(strict, monitors) == "degraded"
    lenient = ComponentSettings(id="panel", name="P", monitors=["kuma:panel-*"], outage_share=1.0)
    assert status_of(lenient, [monitor("panel-1"), monitor("panel-2", "down")]) == "degraded"


def test_component_uptime_is_its_monitors_and_never_invented() -> None:
    (built,) = build_components(
        [PANEL], [monitor("panel-1", a24=0.99996), monitor("panel-2", a24=0.9)], status=StatusSettings()
    )
    assert built.uptime is not UNSET and built.uptime.last_24h == 94.99
    (empty,) = build_components([PANEL], [monitor("panel-1", a24=None)], status=StatusSettings())
    assert empty.uptime is UNSET


IMPACTS: tuple[Impact, ...] = ("none", "degraded", "outage")
INCIDENT_STATUSES: tuple[NoticeStatus, ...] = ("investigating", "identified", "monitoring", "resolved")


@given(monitor_lists, st.sampled_from(IMPACTS), st.sampled_from(INCIDENT_STATUSES))
def test_an_open_incident_never_worsens_nothing_and_never_improves_a_status(
    monitors: list[MonitorObservation], impact: Impact, status: NoticeStatus
) -> None:
    monitors = [
        MonitorObservation(
            source="kuma", monitor=m.monitor, state=m.state, observed_at=NOW, availability_24h=m.availability_24h
        )
        for m in monitors
    ]
    component = ComponentSettings(id="c", name="C", monitors=["kuma:*"])
    plain = build_document(Observations(monitors=tuple(monitors)), now=NOW, components=[component])
    raised = build_document(
        Observations(monitors=tuple(monitors)),
        now=NOW,
        components=[component],
        notices=[notice("incident", status, impact, ["c"])],
    )
    assert plain.components is not UNSET and raised.components is not UNSET
    before, after = plain.platform_status, raised.platform_status
    if status == "resolved" or impact == "none":
        assert after == before and raised.components[0].status == plain.components[0].status
    else:
        assert after != "unknown" and RANK[after] >= RANK[impact]
        assert before == "unknown" or RANK[after] >= RANK[before]
        assert raised.components[0].status not in ("unknown", "operational", "maintenance")


@pytest.mark.parametrize(
    ("status", "impact", "expected"),
    [
        ("operational", "outage", "outage"),
        ("unknown", "outage", "outage"),
        ("unknown", "degraded", "degraded"),
        ("outage", "degraded", "outage"),
        ("degraded", "none", "degraded"),
        ("unknown", "none", "unknown"),
    ],
)
def test_the_platform_follows_unresolved_incidents(status: Status, impact: Impact, expected: Status) -> None:
    assert raise_by_incidents(status, [notice("incident", "investigating", impact)]) == expected
    assert raise_by_incidents(status, [notice("incident", "resolved", impact)]) == status
    assert raise_by_incidents(status, [notice("maintenance", "in_progress", impact)]) == status


def test_page_url_must_be_a_web_url_and_published_config_text_is_scanned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from elytra_status_core._cli import main

    base = '[infrastructure]\nmodel = "Droplets."\n'
    cases = [
        ('[page]\nurl = "status.example.com"\n', "page.url"),
        ('[page]\nname = "Ops at 10.1.2.3"\nurl = "https://status.example.com"\n', "$.page.name: ipv4"),
        ('[[components]]\nid = "db"\nname = "db-primary.internal"\n', "$.components[0].name"),
    ]
    for index, (extra, expected) in enumerate(cases):
        config = tmp_path / f"c{index}.toml"
        config.write_text(base + extra)
        assert main(["config", "check", "--config", str(config)], environ={}) == 2, extra
        assert expected in capsys.readouterr().err

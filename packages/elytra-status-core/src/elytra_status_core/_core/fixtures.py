"""Example documents for each state the status card shows. Pure.

They are built by the real builder from synthetic observations, so a mock is
exactly what a publisher would write in that situation.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal, get_args

from elytra_status_contract import PlatformStatus

from .build import build_document
from .notices import NoticeFile, UpdateEntry, derive
from .observations import BackupRun, MonitorObservation, MonitorState, Observations
from .settings import BackupSettings, ComponentSettings, InfrastructureSettings

__all__ = ["MOCK_STATES", "MockState", "fixture_documents", "mock_document", "notice_documents"]

MockState = Literal["operational", "degraded", "outage", "unknown", "stale"]
MOCK_STATES: tuple[MockState, ...] = get_args(MockState)

_INFRASTRUCTURE = InfrastructureSettings(
    model="Dedicated droplet per client + managed database cluster.",
    regions=["nyc3"],
    notes="All sites behind managed HTTPS and monitored 24/7.",
)
_BACKUPS = BackupSettings(policy="Nightly backups, 7-day retention, off-site object storage.")


def _monitors(
    states: list[MonitorState], a24: float | None, a7: float | None, checked: datetime
) -> tuple[MonitorObservation, ...]:
    """Monitors last checked a minute before ``checked``."""
    return tuple(
        MonitorObservation(
            source="mock",
            monitor=f"site-{i}",
            state=s,
            observed_at=checked - timedelta(minutes=1),
            availability_24h=a24,
            availability_7d=a7,
        )
        for i, s in enumerate(states)
    )


def _last_night(now: datetime) -> BackupRun:
    """A successful backup at 02:01:30 UTC, the last one before ``now``."""
    at = now.replace(hour=2, minute=1, second=30, microsecond=0)
    if at > now:
        at -= timedelta(days=1)
    return BackupRun(source="mock", at=at, outcome="success")


def mock_document(state: MockState, now: datetime) -> PlatformStatus:
    """A document in ``state`` as seen at ``now``; ``stale`` is operational but 2 hours old."""
    built_at = now - timedelta(hours=2) if state == "stale" else now
    monitors: tuple[MonitorObservation, ...] = ()
    if state in ("operational", "stale"):
        monitors = _monitors(["up"] * 4, 0.99996, 0.99971, built_at)
    elif state == "degraded":
        monitors = _monitors(["up", "up", "up", "degraded"], 0.9982, 0.9991, built_at)
    elif state == "outage":
        monitors = _monitors(["down", "down", "down", "up"], 0.8125, 0.9702, built_at)
    backups = () if state == "unknown" else (_last_night(built_at),)
    return build_document(
        Observations(monitors=monitors, backups=backups),
        now=built_at,
        infrastructure=_INFRASTRUCTURE,
        backups=_BACKUPS,
    )


_COMPONENTS = (
    ComponentSettings(
        id="websites", name="Customer websites", group="Hosting", monitors=["mock:site-0", "mock:site-1"]
    ),
    ComponentSettings(id="panel", name="Control panel", group="Hosting", monitors=["mock:site-2"]),
    ComponentSettings(id="dns", name="DNS", group="Network", monitors=["mock:site-3"]),
)


def _incident(now: datetime, *, resolved: bool) -> NoticeFile:
    """Elevated control-panel errors, found 50 minutes before ``now``.

    Under investigation (one update), or identified and then resolved 10
    minutes before ``now``.
    """
    start = now - timedelta(minutes=50)
    updates = [
        UpdateEntry(
            at=start,
            status="investigating",
            body="We are investigating elevated error rates when logging in to the control panel.",
        )
    ]
    if resolved:
        updates += [
            UpdateEntry(
                at=start + timedelta(minutes=15),
                status="identified",
                body="A faulty deploy of the login service. We are rolling it back.",
            ),
            UpdateEntry(
                at=now - timedelta(minutes=10),
                status="resolved",
                body="The rollback is complete and logins work again.",
            ),
        ]
    return NoticeFile(
        kind="incident",
        title="Elevated errors in the control panel",
        impact="degraded",
        components=["panel"],
        updates=updates,
    )


def _maintenance(now: datetime, *, starts_in: timedelta) -> NoticeFile:
    """A one-hour database upgrade starting ``starts_in`` after ``now``, announced two days before it."""
    start = now + starts_in
    return NoticeFile(
        kind="maintenance",
        title="Database cluster upgrade",
        impact="none",
        components=["panel"],
        scheduled_for=start,
        scheduled_until=start + timedelta(hours=1),
        updates=[
            UpdateEntry(
                at=start - timedelta(days=2),
                status="scheduled",
                body="We will upgrade the managed database cluster. The control panel may be slow for a few minutes; customer websites are not affected.",
            )
        ],
    )


def _with_notices(
    monitors: tuple[MonitorObservation, ...], notices: dict[str, NoticeFile], now: datetime
) -> PlatformStatus:
    """A document with the fixture components and ``notices`` (id -> file) as derived at ``now``."""
    derived = [n for notice_id, notice in notices.items() if (n := derive(notice_id, notice, now)) is not None]
    return build_document(
        Observations(monitors=monitors, backups=(_last_night(now),)),
        now=now,
        infrastructure=_INFRASTRUCTURE,
        backups=_BACKUPS,
        components=_COMPONENTS,
        notices=derived,
    )


def notice_documents(now: datetime) -> dict[str, PlatformStatus]:
    """Documents with components and notices, one per situation the page must show (contract 1.1)."""
    green = _monitors(["up"] * 4, 0.99996, 0.99971, now)
    incident_id = f"{now:%Y-%m-%d}-panel-errors"
    maintenance_id = f"{now:%Y-%m-%d}-database-upgrade"
    return {
        "incident-investigating": _with_notices(
            _monitors(["up", "up", "degraded", "up"], 0.9991, 0.9993, now),
            {incident_id: _incident(now, resolved=False)},
            now,
        ),
        "incident-resolved": _with_notices(green, {incident_id: _incident(now, resolved=True)}, now),
        "maintenance-scheduled": _with_notices(
            green, {maintenance_id: _maintenance(now, starts_in=timedelta(days=2))}, now
        ),
        "maintenance-in-progress": _with_notices(
            _monitors(["up", "up", "maintenance", "up"], 0.99996, 0.99971, now),
            {maintenance_id: _maintenance(now, starts_in=-timedelta(minutes=20))},
            now,
        ),
        "component-outage": _with_notices(
            (
                *_monitors(["up"] * 3, 0.99996, 0.99971, now),
                MonitorObservation(
                    source="mock",
                    monitor="site-3",
                    state="down",
                    observed_at=now - timedelta(minutes=1),
                    availability_24h=0.9442,
                    availability_7d=0.9913,
                ),
            ),
            {},
            now,
        ),
    }


def fixture_documents(now: datetime) -> dict[str, PlatformStatus]:
    """Every ``mock_document`` state, partial documents, and the ``notice_documents``.

    The partial ones come from the same builder, from observations that lack
    availability figures (uptime omitted) or backup runs and a policy
    (backups omitted).
    """
    docs: dict[str, PlatformStatus] = {state: mock_document(state, now) for state in MOCK_STATES}
    docs["no-uptime"] = build_document(
        Observations(monitors=_monitors(["up"] * 4, None, None, now), backups=(_last_night(now),)),
        now=now,
        infrastructure=_INFRASTRUCTURE,
        backups=_BACKUPS,
    )
    docs["no-backups"] = build_document(
        Observations(monitors=_monitors(["up"] * 4, 0.99996, 0.99971, now)),
        now=now,
        infrastructure=_INFRASTRUCTURE,
    )
    docs.update(notice_documents(now))
    return docs

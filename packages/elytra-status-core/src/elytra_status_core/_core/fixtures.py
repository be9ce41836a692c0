"""Example documents for each state the status card shows. Pure.

They are built by the real builder from synthetic observations, so a mock is
exactly what a publisher would write in that situation.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal, get_args

from elytra_status_contract import PlatformStatus

from .build import build_document
from .observations import BackupRun, MonitorObservation, MonitorState, Observations
from .settings import BackupSettings, InfrastructureSettings

__all__ = ["MOCK_STATES", "MockState", "fixture_documents", "mock_document"]

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


def fixture_documents(now: datetime) -> dict[str, PlatformStatus]:
    """Every ``mock_document`` state, plus partial documents: ``no-uptime`` and ``no-backups``.

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
    return docs
